//! Where a session comes from and goes: a share link in the URL fragment when the page was
//! opened with one, else the browser's local storage, so a reload keeps the streams, the log and
//! the clock. A record that cannot be used (damaged, or from another version) is set aside with a
//! message, and the playground starts fresh; nothing here can leave a blank page.

use crate::playground::options::{self, PageOptions};
use crate::playground::{Playground, SavedSession, share};

const KEY: &str = "kinesis-playground.session";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Which sessions embeds keep, most recently opened last; only the last few are kept, so a
/// documentation site with many embeds cannot fill the browser's storage.
const EMBED_INDEX: &str = "kinesis-playground.embeds";
const MAX_EMBED_SESSIONS: usize = 20;

thread_local! {
    /// The full playground keeps one session. Each embed keeps its own, under the address it was
    /// opened with, so several embeds on a documentation page do not overwrite each other. Read
    /// once at start: the page later takes `scenario` out of its address, and neither it nor the
    /// look of the frame (`ctl`, `theme`) makes another session.
    static SESSION_KEY: Option<String> =
        page_options().embed.then(|| format!("{KEY}.embed?{}", query_without(&["scenario", "ctl", "theme"]).unwrap_or_default()));
}

/// The local storage key of this page's session (the full playground's, or this embed's).
pub fn session_key() -> String {
    SESSION_KEY.with(|key| key.clone().unwrap_or_else(|| KEY.to_owned()))
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
/// options stay.
pub fn forget_scenario() {
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

/// This session in the full playground: the page without embed options, with a share link.
pub fn full_playground_link(playground: &Playground) -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!("{}{}#{}", location.origin().ok()?, location.pathname().ok()?, share::encode(&playground.save())))
}

/// Fetches `<folder>/<id>.json` next to the page (`kind` names it in messages).
pub async fn fetch_file(folder: &str, kind: &str, id: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = || format!("The {kind} \"{id:.64}\" could not be loaded.");
    let window = web_sys::window().ok_or_else(failed)?;
    let response = JsFuture::from(window.fetch_with_str(&format!("{folder}/{id}.json"))).await.map_err(|_| failed())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed())?;
    if !response.ok() {
        return Err(format!("There is no {kind} \"{id:.64}\"."));
    }
    let text = JsFuture::from(response.text().map_err(|_| failed())?).await.map_err(|_| failed())?;
    text.as_string().ok_or_else(failed)
}

/// The page's address without its fragment.
fn page_address() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!("{}{}{}", location.origin().ok()?, location.pathname().ok()?, location.search().ok()?))
}

/// A share link to this session.
pub fn share_link(playground: &Playground) -> Option<String> {
    Some(format!("{}#{}", page_address()?, share::encode(&playground.save())))
}

/// The share link in the address, if the page was opened with one: its session, or why it was
/// refused. Reads only; `forget_link` takes it out of the address.
pub fn link_in_address() -> Option<Result<SavedSession, String>> {
    share::decode(&web_sys::window()?.location().hash().ok()?)
}

/// Takes the share link out of the address, so a reload continues from local storage.
pub fn forget_link() {
    let (Some(window), Some(address)) = (web_sys::window(), page_address()) else { return };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// The playground a share link opens, and, when the link was refused, the reason.
pub fn open_link(link: Result<SavedSession, String>, wall_ms: f64) -> (Playground, Option<String>) {
    match link {
        Ok(saved) => (Playground::restore(&saved, wall_ms), None),
        Err(reason) => (Playground::new(wall_ms), Some(format!("{reason} Starting with an empty playground."))),
    }
}

/// Where the first session came from, which decides what `settle` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    New,
    Stored,
    Link,
    RefusedLink,
    /// A stored record that could not be used.
    DamagedRecord,
}

/// The session to start with, where it came from, and, when a record was refused, the reason.
/// Reads only: the writes that follow are `settle`'s.
pub fn load(wall_ms: f64) -> (Playground, Option<String>, Source) {
    if let Some(link) = link_in_address() {
        let source = if link.is_ok() { Source::Link } else { Source::RefusedLink };
        let (playground, notice) = open_link(link, wall_ms);
        return (playground, notice, source);
    }
    let Some(text) = storage().and_then(|s| s.get_item(&session_key()).ok().flatten()) else {
        return (Playground::new(wall_ms), None, Source::New);
    };
    match share::from_stored(&text) {
        Ok(saved) => (Playground::restore(&saved, wall_ms), None, Source::Stored),
        Err(reason) => {
            (Playground::new(wall_ms), Some(format!("{reason} Starting a fresh session.")), Source::DamagedRecord)
        }
    }
}

/// The writes that follow the start, once a page: this embed is the most recently used (the
/// oldest beyond the last few go), a link leaves the address and its session is kept, a damaged
/// record goes.
pub fn settle(source: Source, playground: &Playground) {
    if let (Some(storage), Some(key)) = (storage(), SESSION_KEY.with(Clone::clone)) {
        remember_embed(&storage, &key);
    }
    match source {
        Source::Link => {
            forget_link();
            save(playground);
        }
        Source::RefusedLink => forget_link(),
        Source::DamagedRecord => clear(),
        Source::New | Source::Stored => {}
    }
}

/// Saves the session, compressed; a full or disabled storage only means it will not survive a
/// reload.
pub fn save(playground: &Playground) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&session_key(), &share::to_stored(&playground.save()));
    }
}

fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&session_key());
    }
}
