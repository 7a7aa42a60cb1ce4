//! A request or response body, pretty-printed without changing a byte of any value, with the API
//! model's documentation on each member (on hover, and below the body on focus) and the human
//! date of every timestamp on hover.
//!
//! The documented members are one tab stop for the whole body (a roving tabindex): Tab reaches
//! the body once, and the arrow keys, Home and End move between its members. A long body (a
//! DescribeStream page of a hundred shards) shows the first few items of each long list until
//! "Show all" is pressed.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::model_docs_fetch::use_model_docs;
use crate::playground::json_tree::{self, Node};
use crate::playground::{decoded, format, model_docs};

#[derive(Properties, PartialEq)]
pub struct JsonViewProps {
    pub text: String,
    /// The model shape of the document (an operation's input or output), or "".
    pub shape: &'static str,
    /// "request" or "response", for the controls' names.
    #[prop_or("body")]
    pub part: &'static str,
}

const INDENT: &str = "  ";
/// A body longer than this (bytes) shows its long lists cut short until "Show all".
pub const LONG_BODY: usize = 2048;
/// Items of a list shown while it is cut short.
const PREVIEW_ITEMS: usize = 3;

fn scalar_title(shape: &str, lexeme: &str) -> Option<String> {
    if shape != "Timestamp" {
        return None;
    }
    Some(format::utc(format::epoch_seconds_to_millis(lexeme)?))
}

/// What a render walks with: the member that holds the tab stop, how many documented members
/// came before, whether lists are cut short, and how many items were left out.
struct Walk {
    active: usize,
    documented: usize,
    preview: bool,
    elided: usize,
}

fn render(node: &Node, shape: &str, depth: usize, walk: &mut Walk, out: &mut Vec<Html>) {
    let pad = INDENT.repeat(depth + 1);
    let close_pad = INDENT.repeat(depth);
    match node {
        Node::Scalar(lexeme) => {
            let title = scalar_title(shape, lexeme);
            let class = if lexeme.starts_with('"') { "string" } else { "literal" };
            let timestamp = title.is_some().then_some("timestamp");
            out.push(html! { <span class={classes!(class, timestamp)} {title}>{ lexeme }</span> });
            // A record's Data, decoded on a line of its own under the base64 (not part of the body).
            if shape == "Data"
                && let Some(text) = decoded::decoded(lexeme)
            {
                out.push(html! { <span class="decoded">{ format!("{pad}// {text}") }</span> });
            }
        }
        Node::Array(items) if items.is_empty() => out.push(html! { "[]" }),
        Node::Object(members) if members.is_empty() => out.push(html! { "{}" }),
        Node::Array(items) => {
            let item_shape = model_docs::member(shape, "member").map_or("", |(target, _)| target);
            let shown = if walk.preview { items.len().min(PREVIEW_ITEMS) } else { items.len() };
            out.push(html! { "[\n" });
            for (i, item) in items[..shown].iter().enumerate() {
                out.push(html! { { pad.clone() } });
                render(item, item_shape, depth + 1, walk, out);
                out.push(html! { { if i + 1 < items.len() { ",\n" } else { "\n" } } });
            }
            if shown < items.len() {
                let more = items.len() - shown;
                walk.elided += more;
                out.push(html! { <span class="elided">{ format!("{pad}… {more} more\n") }</span> });
            }
            out.push(html! { { format!("{close_pad}]") } });
        }
        Node::Object(members) => {
            out.push(html! { "{\n" });
            for (i, member) in members.iter().enumerate() {
                let (target, doc) = model_docs::member(shape, &member.key)
                    .or_else(|| model_docs::member(shape, "value").map(|(t, _)| (t, None)))
                    .unwrap_or(("", None));
                out.push(html! { { pad.clone() } });
                if let Some(doc) = doc {
                    let index = walk.documented;
                    walk.documented += 1;
                    let tabindex = if index == walk.active { "0" } else { "-1" };
                    let doc = AttrValue::from(doc);
                    out.push(html! {
                        <span class="member documented" title={doc.clone()} data-doc={doc} data-index={index.to_string()}
                              {tabindex}>{ &member.raw_key }</span>
                    });
                } else {
                    out.push(html! { <span class="member">{ &member.raw_key }</span> });
                }
                out.push(html! { ": " });
                render(&member.value, target, depth + 1, walk, out);
                out.push(html! { { if i + 1 < members.len() { ",\n" } else { "\n" } } });
            }
            out.push(html! { { format!("{close_pad}}}") } });
        }
    }
}

/// The documented member `index` in `body`, if there is one.
fn member_at(body: &Element, index: usize) -> Option<HtmlElement> {
    body.query_selector(&format!("[data-index=\"{index}\"]")).ok()??.dyn_into().ok()
}

#[component]
pub fn JsonView(props: &JsonViewProps) -> Html {
    use_model_docs();
    let doc = use_state(String::new);
    let active = use_state(|| 0usize);
    let all = use_state(|| false);
    let on_focus = {
        let (doc, active) = (doc.clone(), active.clone());
        Callback::from(move |event: FocusEvent| {
            let target: Option<Element> = event.target_dyn_into();
            if let Some(member) = target.filter(|t| t.has_attribute("data-doc")) {
                doc.set(member.get_attribute("data-doc").unwrap_or_default());
                if let Some(index) = member.get_attribute("data-index").and_then(|i| i.parse().ok()) {
                    active.set(index);
                }
            }
        })
    };
    let on_hover = {
        let doc = doc.clone();
        Callback::from(move |event: MouseEvent| {
            let target: Option<Element> = event.target_dyn_into();
            if let Some(text) = target.and_then(|t| t.get_attribute("data-doc")) {
                doc.set(text);
            }
        })
    };
    let on_key = Callback::from(|event: KeyboardEvent| {
        // yew listens at the root, so the body is found from the member rather than the event.
        let Some(member) = event.target_dyn_into::<Element>() else { return };
        let Some(body) = member.closest("pre.body").ok().flatten() else { return };
        let Some(index) = member.get_attribute("data-index").and_then(|i| i.parse::<usize>().ok()) else { return };
        let last = body.query_selector_all("[data-index]").map_or(0, |all| all.length() as usize).saturating_sub(1);
        let next = match event.key().as_str() {
            "ArrowDown" | "ArrowRight" => (index + 1).min(last),
            "ArrowUp" | "ArrowLeft" => index.saturating_sub(1),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        event.prevent_default();
        if let Some(next) = member_at(&body, next) {
            let _ = next.focus();
        }
    });
    // Parsed once per body, not on every render (hovering a member re-renders to show its doc).
    let tree = use_memo(props.text.clone(), |text| json_tree::parse(text));
    let Some(tree) = tree.as_ref() else {
        // Not JSON (a malformed request as typed): shown as it is.
        return html! { <pre class="body"><code>{ &props.text }</code></pre> };
    };
    let mut walk = Walk { active: *active, documented: 0, preview: !*all && props.text.len() > LONG_BODY, elided: 0 };
    let mut parts = Vec::new();
    render(tree, props.shape, 0, &mut walk, &mut parts);
    let on_all = Callback::from(move |_: MouseEvent| all.set(true));
    html! {
        <>
            <pre class="body pretty" onfocusin={on_focus} onmouseover={on_hover} onkeydown={on_key}><code>{ for parts }</code></pre>
            if walk.elided > 0 {
                <button type="button" class="small show-all" onclick={on_all}
                        aria-label={format!("Show all of the {} body ({} more items)", props.part, walk.elided)}>
                    { format!("Show all ({} more items)", walk.elided) }
                </button>
            }
            if !doc.is_empty() {
                <p class="member-doc">{ (*doc).clone() }</p>
            }
        </>
    }
}
