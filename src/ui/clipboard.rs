//! Copying text, and saying what really happened. The browser may refuse: a frame embedded
//! without `allow="clipboard-write"`, a page not served over HTTPS (no `navigator.clipboard` at
//! all), a denied permission. Then the text is shown in a read-only field, selected, for the
//! reader to copy with the keyboard.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What became of a copy.
#[derive(Clone, Debug, PartialEq)]
pub enum Copied {
    /// Copied; the sentence that says what was.
    Done(AttrValue),
    /// Refused; the text, for the reader to copy.
    Refused(AttrValue),
}

/// Writes `text` to the clipboard; whether the browser took it. Never throws: every JS call is
/// made through `Reflect`, which turns an exception into an `Err`.
async fn write(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    if !policy_allows_clipboard(&window) {
        return false;
    }
    let navigator = window.navigator();
    let Some(clipboard) = Reflect::get(&navigator, &"clipboard".into()).ok().filter(JsValue::is_object) else {
        return false;
    };
    let write_text = Reflect::get(&clipboard, &"writeText".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let Some(promise) = write_text
        .and_then(|f| f.call1(&clipboard, &JsValue::from_str(text)).ok())
        .and_then(|p| p.dyn_into::<Promise>().ok())
    else {
        return false;
    };
    // Awaited, so a refusal is handled here instead of logged as an uncaught rejection.
    JsFuture::from(promise).await.is_ok()
}

/// Whether the frame's permissions policy lets it write to the clipboard, where the browser says
/// (Chromium's `document.featurePolicy`); asking first keeps a policy violation out of the
/// console. Elsewhere the write itself finds out.
fn policy_allows_clipboard(window: &web_sys::Window) -> bool {
    let policy =
        window.document().and_then(|d| Reflect::get(&d, &"featurePolicy".into()).ok()).filter(JsValue::is_object);
    let Some(policy) = policy else { return true };
    let allows = Reflect::get(&policy, &"allowsFeature".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    allows
        .and_then(|f| f.call1(&policy, &"clipboard-write".into()).ok())
        .is_none_or(|allowed| allowed.as_bool() != Some(false))
}

/// Copies `text`, then tells `done` what happened: `copied` (such as "Link copied.") or the
/// text refused.
pub fn copy(text: String, copied: &'static str, done: Callback<Copied>) {
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = if write(&text).await { Copied::Done(copied.into()) } else { Copied::Refused(text.into()) };
        done.emit(outcome);
    });
}

#[derive(Properties, PartialEq)]
pub struct CopyStatusProps {
    pub outcome: Option<Copied>,
    /// What was being copied, for the field's name: "share link", "AWS CLI command".
    pub what: &'static str,
}

/// Where a copy's outcome is said. The polite live region is always there, so a screen reader
/// hears it and its arrival moves nothing; a refusal adds the text to copy by hand.
#[component]
pub fn CopyStatus(props: &CopyStatusProps) -> Html {
    let field = use_node_ref();
    {
        let field = field.clone();
        use_effect_with(props.outcome.clone(), move |outcome| {
            if let (Some(Copied::Refused(_)), Some(field)) = (outcome, field.cast::<HtmlTextAreaElement>()) {
                let _ = field.focus();
                field.select();
            }
        });
    }
    let message = match &props.outcome {
        None => AttrValue::default(),
        Some(Copied::Done(message)) => message.clone(),
        Some(Copied::Refused(_)) => AttrValue::from(
            "The browser did not let the page copy. The text is selected below: press Ctrl+C (⌘C on a Mac).",
        ),
    };
    let refused = matches!(props.outcome, Some(Copied::Refused(_)));
    html! {
        <>
            <span class={classes!("copied", refused.then_some("refused"))} aria-live="polite">{ message }</span>
            if let Some(Copied::Refused(text)) = &props.outcome {
                <textarea class="copy-by-hand" readonly=true ref={field} rows="3"
                          aria-label={format!("The {} to copy", props.what)} value={text.clone()} />
            }
        </>
    }
}
