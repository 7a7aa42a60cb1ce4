//! Where a session comes from and goes: a share link in the URL fragment when the page was
//! opened with one, else the browser's local storage, so a reload keeps the streams, the log and
//! the clock. A record that cannot be used (damaged, or from another version) is set aside with a
//! message, and the playground starts fresh; nothing here can leave a blank page.

use super::compress;
use crate::playground::options::{self, PageOptions};
use crate::playground::{Playground, SavedSession, share};

const KEY: &str = "kinesis-playground.session";
/// A shared session the reader opened in the full playground, kept apart from their own until
/// they go back to theirs or make it theirs.
const SHARED_KEY: &str = "kinesis-playground.session.shared";

/// The browser's local storage, if the page may use it.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Which sessions embeds keep, most recently opened last; only the last few are kept, so a
/// documentation site with many embeds cannot fill the browser's storage.
const EMBED_INDEX: &str = "kinesis-playground.embeds";
const MAX_EMBED_SESSIONS: usize = 20;

thread_local! {
    /// The full playground keeps one session. Each embed keeps its own, under `id=` when the
    /// author names it, else under its whole address (every option and the share link it starts
    /// from), so embeds that differ in anything never overwrite each other.
    static SESSION_KEY: Option<String> = page_options().embed.then(embed_key);
}

fn embed_key() -> String {
    if let Some(id) = query_parameter("id").filter(|id| !id.is_empty()) {
        return format!("{KEY}.embed#id={}", String::from(js_sys::encode_uri_component(&id)));
    }
    let query = query_without(&[]).unwrap_or_default();
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    if hash.len() > 1 { format!("{KEY}.embed?{query}#{:016x}", fnv1a(&hash)) } else { format!("{KEY}.embed?{query}") }
}

/// A short, stable digest of a share link, to key the embed that starts from it.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3))
}

fn embedded() -> bool {
    SESSION_KEY.with(Option::is_some)
}

/// Which saved session the page shows: the reader's own, or a shared one opened from a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Own,
    Shared,
}

/// The local storage key of a slot's session (the full playground's or this embed's own, or
/// the shared one).
pub fn key(slot: Slot) -> String {
    match slot {
        Slot::Own => SESSION_KEY.with(|key| key.clone().unwrap_or_else(|| KEY.to_owned())),
        Slot::Shared => SHARED_KEY.to_owned(),
    }
}

/// Where a share link opens: beside the reader's own session in the full playground; in an
/// embed, as the frame's session (only its host page can change the frame's address).
pub fn link_slot() -> Slot {
    if embedded() { Slot::Own } else { Slot::Shared }
}

/// Notes that this embed was just opened, and forgets the sessions of the oldest beyond the last few.
fn remember_embed(storage: &web_sys::Storage, key: &str) {
    // One key a line: keys hold a percent-encoded query, never a line break.
    let index = storage.get_item(EMBED_INDEX).ok().flatten().unwrap_or_default();
    let mut keys: Vec<&str> = index.lines().filter(|k| *k != key).collect();
    keys.push(key);
    while keys.len() > MAX_EMBED_SESSIONS {
        let _ = storage.remove_item(keys.remove(0));
    }
    let _ = storage.set_item(EMBED_INDEX, &keys.join("\n"));
}

/// A query parameter of the page's address.
pub fn query_parameter(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// The page's query string without the parameters `names` (and without `?`).
fn query_without(names: &[&str]) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    for name in names {
        params.delete(name);
    }
    Some(params.to_string().into())
}

/// The page's address without the query parameter `name` (and without a fragment).
pub fn address_without(name: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let (origin, path, query) = (location.origin().ok()?, location.pathname().ok()?, query_without(&[name])?);
    Some(if query.is_empty() { format!("{origin}{path}") } else { format!("{origin}{path}?{query}") })
}

/// Takes `scenario` out of the address, so a reload continues from local storage; the embed
/// options stay. An embed's address stays whole: it keys the embed's session, which a reload
/// continues.
pub fn forget_scenario() {
    if embedded() {
        return;
    }
    let (Some(window), Some(address)) = (web_sys::window(), address_without("scenario")) else { return };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// The embed options in the address.
pub fn page_options() -> PageOptions {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return PageOptions::default();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return PageOptions::default() };
    let values: Vec<(&str, String)> =
        options::PARAMETERS.iter().filter_map(|&key| params.get(key).map(|value| (key, value))).collect();
    PageOptions::from_pairs(values.iter().map(|(key, value)| (*key, value.as_str())))
}

/// A session's share link fragment (without `#`), compressed by the browser.
async fn fragment(session: &SavedSession) -> Option<String> {
    Some(share::fragment(&compress::deflate_raw(session.to_json().as_bytes()).await?))
}

/// This session in the full playground: the page without embed options, with a share link.
pub async fn full_playground_link(session: SavedSession) -> Option<String> {
    let location = web_sys::window()?.location();
    let (origin, path) = (location.origin().ok()?, location.pathname().ok()?);
    Some(format!("{origin}{path}#{}", fragment(&session).await?))
}

/// Fetches `<folder>/<id>.json` next to the page (`kind` names it in messages).
pub async fn fetch_file(folder: &str, kind: &str, id: &str) -> Result<String, String> {
    match fetch_text(&format!("{folder}/{id}.json")).await {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(format!("There is no {kind} \"{id:.64}\".")),
        Err(()) => Err(format!("The {kind} \"{id:.64}\" could not be loaded.")),
    }
}

/// The text of a file next to the page: None when the server has no such file, Err when it
/// could not be fetched.
pub async fn fetch_text(path: &str) -> Result<Option<String>, ()> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or(())?;
    let response = JsFuture::from(window.fetch_with_str(path)).await.map_err(|_| ())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| ())?;
    if !response.ok() {
        return Ok(None);
    }
    let text = JsFuture::from(response.text().map_err(|_| ())?).await.map_err(|_| ())?;
    text.as_string().map(Some).ok_or(())
}

/// The page's address without its fragment.
fn page_address() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!("{}{}{}", location.origin().ok()?, location.pathname().ok()?, location.search().ok()?))
}

/// A share link to a session.
pub async fn share_link(session: SavedSession) -> Option<String> {
    let address = page_address()?;
    Some(format!("{address}#{}", fragment(&session).await?))
}

/// The share link in the address, if the page was opened with one: its session, or why it was
/// refused. Reads only; `forget_link` takes it out of the address.
pub fn link_in_address() -> Option<Result<SavedSession, String>> {
    share::decode_with(&address_fragment()?, &compress::inflated)
}

fn address_fragment() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// Inflates the sessions the page may read next, its link and its stored records
/// (`compress::prepare`): before `load`, `link_in_address` and `own_session`.
pub async fn prepare_reads() {
    let stored = |slot| storage()?.get_item(&key(slot)).ok().flatten();
    compress::prepare([address_fragment(), stored(Slot::Own), stored(Slot::Shared)].into_iter().flatten()).await;
}

/// Takes the share link out of the address, so a reload continues from local storage (an
/// embed's address stays whole, as with `forget_scenario`).
pub fn forget_link() {
    if embedded() {
        return;
    }
    let (Some(window), Some(address)) = (web_sys::window(), page_address()) else { return };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// The playground a share link opens, or why the link was refused.
pub fn open_link(link: Result<SavedSession, String>, wall_ms: f64) -> Result<Playground, String> {
    link.map(|saved| Playground::restore(&saved, wall_ms))
        .map_err(|reason| format!("{reason} Your session is unchanged."))
}

/// Where the first session came from, which decides what `settle` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    New,
    Stored,
    Link,
    /// A stored record that could not be used.
    DamagedRecord(Slot),
}

/// The session a page starts with.
pub struct Start {
    pub playground: Playground,
    /// Why a link or a record was refused, or why nothing will be kept.
    pub notice: Option<String>,
    pub source: Source,
    pub slot: Slot,
}

fn read(slot: Slot) -> Option<Result<SavedSession, String>> {
    storage()?.get_item(&key(slot)).ok().flatten().map(|text| share::from_stored_with(&text, &compress::inflated))
}

/// The reader's own session as stored, or a fresh one (and why, when the record was damaged).
pub fn own_session(wall_ms: f64) -> (Playground, Option<String>) {
    match read(Slot::Own) {
        Some(Ok(saved)) => (Playground::restore(&saved, wall_ms), None),
        Some(Err(reason)) => (Playground::new(wall_ms), Some(format!("{reason} Starting a fresh session."))),
        None => (Playground::new(wall_ms), None),
    }
}

/// The session to start with. Reads only: the writes that follow are `settle`'s.
///
/// In the full playground a link opens beside the reader's own session, which is never
/// overwritten, and the shared session stays open across reloads until the reader leaves it. An
/// embed starts from the link or scenario in its address only while it has no session of its
/// own: after that, a reload continues the reader's session.
pub fn load(wall_ms: f64) -> Start {
    let mut notice = None;
    match link_in_address() {
        Some(Ok(saved)) if !embedded() || !matches!(read(Slot::Own), Some(Ok(_))) => {
            let playground = Playground::restore(&saved, wall_ms);
            return Start { playground, notice, source: Source::Link, slot: link_slot() };
        }
        Some(Err(reason)) => notice = Some(format!("{reason} Your session is unchanged.")),
        _ => {}
    }
    if storage().is_none() {
        let why = "This page cannot keep your session: the browser gives it no local storage, so a reload starts \
                   afresh.";
        return Start {
            playground: Playground::new(wall_ms),
            notice: notice.or(Some(why.to_owned())),
            source: Source::New,
            slot: Slot::Own,
        };
    }
    let mut source = Source::New;
    if !embedded() {
        match read(Slot::Shared) {
            Some(Ok(saved)) => {
                let playground = Playground::restore(&saved, wall_ms);
                return Start { playground, notice, source: Source::Stored, slot: Slot::Shared };
            }
            Some(Err(reason)) => {
                notice = notice.or(Some(format!("{reason} Back to your own session.")));
                source = Source::DamagedRecord(Slot::Shared);
            }
            None => {}
        }
    }
    let playground = match read(Slot::Own) {
        Some(Ok(saved)) => {
            if source == Source::New {
                source = Source::Stored;
            }
            Playground::restore(&saved, wall_ms)
        }
        Some(Err(reason)) => {
            notice = notice.or(Some(format!("{reason} Starting a fresh session.")));
            source = Source::DamagedRecord(Slot::Own);
            Playground::new(wall_ms)
        }
        None => Playground::new(wall_ms),
    };
    Start { playground, notice, source, slot: Slot::Own }
}

/// The writes that follow the start, once a page: this embed is the most recently used (the
/// oldest beyond the last few go), a link leaves the address (and its session is kept), a damaged
/// record goes.
pub fn settle(source: Source, slot: Slot, playground: &Playground) {
    if let (Some(storage), Some(key)) = (storage(), SESSION_KEY.with(Clone::clone)) {
        remember_embed(&storage, &key);
    }
    if link_in_address().is_some() {
        forget_link();
    }
    match source {
        Source::Link => save(playground, slot),
        Source::DamagedRecord(damaged) => remove(damaged),
        Source::New | Source::Stored => {}
    }
}

thread_local! {
    /// Saves begun, so that a compression that ends after a later save's writes nothing.
    static SAVES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Saves the session: at once as plain JSON, so that a reload right after loses nothing, then
/// compressed by the browser, so that long sessions fit the quota (`share::from_stored` reads
/// both). A full or disabled storage only means it will not survive a reload.
pub fn save(playground: &Playground, slot: Slot) {
    let Some(storage) = storage() else { return };
    let session = playground.save();
    let json = session.to_json();
    let _ = storage.set_item(&key(slot), &json);
    let save = SAVES.with(|saves| {
        saves.set(saves.get() + 1);
        saves.get()
    });
    wasm_bindgen_futures::spawn_local(async move {
        let Some(compressed) = compress::deflate_raw(json.as_bytes()).await else { return };
        if SAVES.with(std::cell::Cell::get) == save {
            let _ = storage.set_item(&key(slot), &share::fragment(&compressed));
        }
    });
}

/// Forgets the shared session once the reader has left it, so a reload shows their own.
pub fn forget_shared() {
    if !embedded() {
        remove(Slot::Shared);
    }
}

fn remove(slot: Slot) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&key(slot));
    }
}
