//! Fetches the API model's documentation (`model_docs::DOCS_FILE`, next to the page) once the
//! page has started, and has the bodies that show it drawn again when it arrives. Until then, and
//! for good if the file cannot be had, members show without their documentation.

use std::cell::RefCell;

use yew::prelude::*;

use super::storage;
use crate::playground::model_docs;

thread_local! {
    /// Redraws of the bodies waiting for the documentation.
    static WAITING: RefCell<Vec<Callback<()>>> = const { RefCell::new(Vec::new()) };
}

/// Starts fetching the documentation, when the build has any.
pub fn start() {
    if model_docs::DOCS_FILE.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        if let Ok(Some(text)) = storage::fetch_text(model_docs::DOCS_FILE).await {
            model_docs::load(&text);
            for redraw in WAITING.take() {
                redraw.emit(());
            }
        }
    });
}

/// Draws the calling component again once the documentation arrives, if it has not yet.
#[hook]
pub fn use_model_docs() {
    let update = use_force_update();
    super::use_mount(Box::new(move || {
        if !model_docs::loaded() {
            WAITING.with(|waiting| waiting.borrow_mut().push(Callback::from(move |()| update.force_update())));
        }
        Box::new(|| {})
    }));
}
