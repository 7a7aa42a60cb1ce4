//! A request or response body, pretty-printed without changing a byte of any value, with the API
//! model's documentation on each member (on hover, and below the body on focus) and the human
//! date of every timestamp on hover.

use web_sys::Element;
use yew::prelude::*;

use crate::playground::json_tree::{self, Node};
use crate::playground::{format, model_docs};

#[derive(Properties, PartialEq)]
pub struct JsonViewProps {
    pub text: String,
    /// The model shape of the document (an operation's input or output), or "".
    pub shape: &'static str,
}

const INDENT: &str = "  ";

fn scalar_title(shape: &str, lexeme: &str) -> Option<String> {
    if shape != "Timestamp" {
        return None;
    }
    Some(format::utc(format::epoch_seconds_to_millis(lexeme)?))
}

fn render(node: &Node, shape: &str, depth: usize, out: &mut Vec<Html>) {
    let pad = INDENT.repeat(depth + 1);
    let close_pad = INDENT.repeat(depth);
    match node {
        Node::Scalar(lexeme) => {
            let title = scalar_title(shape, lexeme);
            let class = if lexeme.starts_with('"') { "string" } else { "literal" };
            let timestamp = title.is_some().then_some("timestamp");
            out.push(html! { <span class={classes!(class, timestamp)} {title}>{ lexeme }</span> });
        }
        Node::Array(items) if items.is_empty() => out.push(html! { "[]" }),
        Node::Object(members) if members.is_empty() => out.push(html! { "{}" }),
        Node::Array(items) => {
            let item_shape = model_docs::member(shape, "member").map_or("", |(target, _)| target);
            out.push(html! { "[\n" });
            for (i, item) in items.iter().enumerate() {
                out.push(html! { { pad.clone() } });
                render(item, item_shape, depth + 1, out);
                out.push(html! { { if i + 1 < items.len() { ",\n" } else { "\n" } } });
            }
            out.push(html! { { format!("{close_pad}]") } });
        }
        Node::Object(members) => {
            out.push(html! { "{\n" });
            for (i, member) in members.iter().enumerate() {
                let (target, doc) = model_docs::member(shape, &member.key)
                    .or_else(|| model_docs::member(shape, "value").map(|(t, _)| (t, "")))
                    .unwrap_or(("", ""));
                let documented = !doc.is_empty();
                out.push(html! { { pad.clone() } });
                out.push(html! {
                    <span class={classes!("member", documented.then_some("documented"))}
                          title={documented.then_some(doc)} data-doc={documented.then_some(doc)}
                          tabindex={documented.then_some("0")}>{ &member.raw_key }</span>
                });
                out.push(html! { ": " });
                render(&member.value, target, depth + 1, out);
                out.push(html! { { if i + 1 < members.len() { ",\n" } else { "\n" } } });
            }
            out.push(html! { { format!("{close_pad}}}") } });
        }
    }
}

#[component]
pub fn JsonView(props: &JsonViewProps) -> Html {
    let doc = use_state(String::new);
    let show_doc = {
        let doc = doc.clone();
        Callback::from(move |event: Event| {
            let target: Option<Element> = event.target_dyn_into();
            if let Some(text) = target.and_then(|t| t.get_attribute("data-doc")) {
                doc.set(text);
            }
        })
    };
    // Parsed once per body, not on every render (hovering a member re-renders to show its doc).
    let tree = use_memo(props.text.clone(), |text| json_tree::parse(text));
    let Some(tree) = tree.as_ref() else {
        // Not JSON (a malformed request as typed): shown as it is.
        return html! { <pre class="body"><code>{ &props.text }</code></pre> };
    };
    let mut parts = Vec::new();
    render(tree, props.shape, 0, &mut parts);
    let on_focus = show_doc.reform(|event: FocusEvent| event.into());
    let on_hover = show_doc.reform(|event: MouseEvent| event.into());
    html! {
        <>
            <pre class="body pretty" onfocusin={on_focus} onmouseover={on_hover}><code>{ for parts }</code></pre>
            if !doc.is_empty() {
                <p class="member-doc">{ (*doc).clone() }</p>
            }
        </>
    }
}
