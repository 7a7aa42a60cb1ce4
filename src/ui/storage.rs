//! The session in the browser's local storage, so a reload keeps the streams, the log and the
//! clock. A record that cannot be used (damaged, or from another version) is set aside with a
//! message, and the playground starts fresh; nothing here can leave a blank page.

use crate::playground::{Playground, SavedSession};

const KEY: &str = "kinesis-playground.session";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved session, or a fresh playground and, when a record was refused, the reason.
pub fn load(wall_ms: f64) -> (Playground, Option<String>) {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else {
        return (Playground::new(wall_ms), None);
    };
    match SavedSession::from_json(&text) {
        Ok(saved) => (Playground::restore(&saved, wall_ms), None),
        Err(reason) => {
            clear();
            (Playground::new(wall_ms), Some(format!("{reason} Starting a fresh session.")))
        }
    }
}

/// Saves the session; a full or disabled storage only means it will not survive a reload.
pub fn save(playground: &Playground) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, &playground.save().to_json());
    }
}

pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}
