//! Which scenario a stored session comes from, and how far it was played, so that a reload of
//! `?scenario=ID` (the link stays in the address) continues the session instead of replaying the
//! scenario over what the learner did since. Kept beside the session it describes, under that
//! session's key plus `.scenario`, so each embed and each slot has its own.

use super::storage::{self, Slot};

fn marker_key(slot: Slot) -> String {
    format!("{}.scenario", storage::key(slot))
}

/// How many steps of scenario `id` the session in `slot` holds, if it comes from that scenario.
pub fn stored_steps(id: &str, slot: Slot) -> Option<usize> {
    let stored = storage::storage()?.get_item(&marker_key(slot)).ok().flatten()?;
    let (stored_id, played) = stored.split_once('\n')?;
    (stored_id == id).then(|| played.parse().ok()).flatten()
}

pub fn remember(id: &str, played: usize, slot: Slot) {
    if let Some(local) = storage::storage() {
        let _ = local.set_item(&marker_key(slot), &format!("{id}\n{played}"));
    }
}

/// The session in `slot` no longer comes from a scenario (a reset, a link, back to the own
/// session): its marker goes, and the address forgets the scenario.
pub fn forget(slot: Slot) {
    if let Some(local) = storage::storage() {
        let _ = local.remove_item(&marker_key(slot));
    }
    storage::forget_scenario();
}
