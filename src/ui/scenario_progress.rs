//! Which scenario the stored session comes from, and how far it was played, so that a reload of
//! `?scenario=ID` (the link stays in the address) continues the session instead of replaying the
//! scenario over what the learner did since. Kept beside the session it describes: a marker
//! written for another session (an embed's, say) does not count.

use super::storage;

const KEY: &str = "kinesis-playground.scenario";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// How many steps of scenario `id` the stored session holds, if it comes from that scenario.
pub fn stored_steps(id: &str) -> Option<usize> {
    let stored = local_storage()?.get_item(KEY).ok().flatten()?;
    let mut lines = stored.lines();
    let (session, stored_id, played) = (lines.next()?, lines.next()?, lines.next()?);
    (session == storage::session_key() && stored_id == id).then(|| played.parse().ok()).flatten()
}

pub fn remember(id: &str, played: usize) {
    if let Some(local) = local_storage() {
        let _ = local.set_item(KEY, &format!("{}\n{id}\n{played}", storage::session_key()));
    }
}

/// The session no longer comes from a scenario (a reset, a link): the address forgets it too.
pub fn forget() {
    // Only this session's marker: another page's (an embed's) stays.
    if stored_for_this_session()
        && let Some(local) = local_storage()
    {
        let _ = local.remove_item(KEY);
    }
    storage::forget_scenario();
}

fn stored_for_this_session() -> bool {
    let Some(stored) = local_storage().and_then(|l| l.get_item(KEY).ok().flatten()) else { return false };
    stored.lines().next() == Some(storage::session_key().as_str())
}
