//! Where the learner is in a tutorial, kept in the address (`?tutorial=ID&step=N`, so a reload or
//! a copied link returns to the step) and in local storage (so opening the tutorial again from
//! the start panel resumes where they left it). Both are written by an effect in `App`.

use super::storage::storage;

const KEY: &str = "kinesis-playground.tutorial";

fn set_query(change: impl FnOnce(&web_sys::UrlSearchParams)) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let (Ok(search), Ok(path)) = (location.search(), location.pathname()) else { return };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return };
    change(&params);
    let query = String::from(params.to_string());
    // The fragment (a share link being opened) is left alone.
    let hash = location.hash().unwrap_or_default();
    let address = if query.is_empty() { format!("{path}{hash}") } else { format!("{path}?{query}{hash}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// The step (from 1) the learner last had open in tutorial `id`, if any.
pub fn stored_step(id: &str) -> Option<usize> {
    let stored = storage()?.get_item(KEY).ok().flatten()?;
    let (stored_id, step) = stored.split_once('\n')?;
    (stored_id == id).then(|| step.parse().ok()).flatten()
}

/// Tutorial `id` is open at `step` (from 1).
pub fn remember(id: &str, step: usize) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, &format!("{id}\n{step}"));
    }
    set_query(|params| {
        params.set("tutorial", id);
        params.set("step", &step.to_string());
    });
}

/// The tutorial was closed: nothing to resume.
pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
    set_query(|params| {
        params.delete("tutorial");
        params.delete("step");
    });
}
