//! One call in the inspector: a line saying when, which operation, the outcome, how long the
//! answer took and how big it was, which opens (a disclosure button) onto the request's headers
//! and body and the response's status and body, pretty or raw, with copy buttons and the same
//! request as an AWS CLI command or a boto3 snippet. The newest call is open until the reader
//! says otherwise; the others open on demand.

use std::rc::Rc;

use yew::prelude::*;

use super::clipboard::{self, Copied, CopyStatus};
use super::json_view::{JsonView, LONG_BODY};
use super::result_line::call_anchor;
use crate::playground::{Exchange, commands, format, model_docs};

#[derive(Properties, PartialEq)]
pub struct ExchangeViewProps {
    pub exchange: Rc<Exchange>,
    /// The attached endpoint the call went to (attach mode), for the copied commands.
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
    /// The newest call, open unless the reader closed it.
    #[prop_or_default]
    pub newest: bool,
    /// A sample of described traffic's calls rather than a call of the log: its element id,
    /// since it has no number.
    #[prop_or_default]
    pub sample: Option<AttrValue>,
}

/// Raw bodies longer than LONG_BODY show this many bytes until "Show all".
const RAW_PREVIEW: usize = 1024;

/// A body with its Raw/Pretty switch and copy button.
#[derive(Properties, PartialEq)]
struct BodyProps {
    text: String,
    shape: &'static str,
    /// "request" or "response", for the buttons' names.
    part: &'static str,
    on_copy: Callback<MouseEvent>,
}

#[component]
fn Body(props: &BodyProps) -> Html {
    let raw = use_state(|| false);
    let all = use_state(|| false);
    if props.text.is_empty() {
        return html! { <p class="empty-body">{ "(empty body)" }</p> };
    }
    let toggle = {
        let raw = raw.clone();
        Callback::from(move |_: MouseEvent| raw.set(!*raw))
    };
    let text = &props.text;
    let cut = (!*all && text.len() > LONG_BODY).then(|| (0..=RAW_PREVIEW).rev().find(|&i| text.is_char_boundary(i)));
    let on_all = Callback::from(move |_: MouseEvent| all.set(true));
    html! {
        <>
            <div class="body-tools">
                <button type="button" class="small" aria-pressed={(*raw).to_string()} onclick={toggle}
                        aria-label={format!("Raw {} body", props.part)}>{ "Raw" }</button>
                <button type="button" class="small" onclick={props.on_copy.clone()}
                        aria-label={format!("Copy {} body", props.part)}>{ "Copy" }</button>
            </div>
            if *raw {
                if let Some(Some(end)) = cut {
                    <pre class="body raw"><code>{ &text[..end] }<span class="elided">{ "…" }</span></code></pre>
                    <button type="button" class="small show-all" onclick={on_all}
                            aria-label={format!("Show all of the {} body ({} more bytes)", props.part, text.len() - end)}>
                        { format!("Show all ({} more bytes)", text.len() - end) }
                    </button>
                } else {
                    <pre class="body raw"><code>{ text }</code></pre>
                }
            } else {
                <JsonView text={text.clone()} shape={props.shape} part={props.part} />
            }
        </>
    }
}

#[component]
pub fn ExchangeView(props: &ExchangeViewProps) -> Html {
    let exchange = &props.exchange;
    // The reader's choice, once they make one; until then the newest call is open.
    let chosen = use_state(|| None::<bool>);
    let open = chosen.unwrap_or(props.newest);
    let copied = use_state(|| None::<(&'static str, Copied)>);

    let outcome = match exchange.error_type() {
        Some(error_type) => format!("{} {error_type}", exchange.status),
        None => format!("{} OK", exchange.status),
    };
    let detail_id = match &props.sample {
        Some(id) => format!("{id}-detail"),
        None => format!("call-{}", exchange.sequence),
    };
    let number = if props.sample.is_some() { "Sample".to_owned() } else { format!("#{}", exchange.sequence) };
    let on_toggle = {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| chosen.set(Some(!open)))
    };
    let head = html! {
        <button type="button" class="exchange-head" aria-expanded={open.to_string()} aria-controls={open.then(|| detail_id.clone())}
                onclick={on_toggle}>
            <span class="sequence">{ number }</span>
            <time class="at" title={format::utc(exchange.at_ms)}>{ format::utc_time_of_day(exchange.at_ms) }</time>
            <span class="operation">{ exchange.operation.name() }</span>
            <span class="outcome">{ outcome }</span>
            if let Some(duration) = exchange.duration() {
                <span class="duration" title="How long the answer took">{ duration }</span>
            }
            <span class="size" title="Response body size">{ exchange.size() }</span>
        </button>
    };
    let class = classes!("exchange", exchange.is_error().then_some("error"), open.then_some("open"));
    let label = match props.sample {
        Some(_) => format!("Sample call: {}", exchange.operation.name()),
        None => format!("Call {}: {}", exchange.sequence, exchange.operation.name()),
    };
    // One tree for both states, so that opening keeps the button (and the keyboard's focus).
    let detail = if open { detail(props, &copied, detail_id) } else { Html::default() };
    let id = props.sample.as_ref().map_or_else(|| call_anchor(exchange.sequence), |id| id.to_string());
    html! { <li {class} {id} aria-label={label}>{ head }{ detail }</li> }
}

/// The open call: copy buttons, then request and response.
fn detail(props: &ExchangeViewProps, copied: &UseStateHandle<Option<(&'static str, Copied)>>, id: String) -> Html {
    let exchange = &props.exchange;
    // What each copy button copies, and what the status says once it is copied.
    let copy = |what: &'static str, message: &'static str, text: String| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            clipboard::copy(text.clone(), message, Callback::from(move |outcome| copied.set(Some((what, outcome)))));
        })
    };
    let endpoint = props.endpoint.as_deref();
    let (operation, request) = (exchange.operation, &exchange.request_body);
    let on_cli =
        copy("AWS CLI command", "Copied the AWS CLI command.", commands::aws_cli(operation, request, endpoint));
    let on_boto3 = copy("boto3 snippet", "Copied the boto3 snippet.", commands::boto3(operation, request, endpoint));
    let on_copy_request = copy("request body", "Copied the request body.", request.clone());
    let on_copy_response = copy("response body", "Copied the response body.", exchange.response_body.clone());
    let (what, outcome) = match &**copied {
        Some((what, outcome)) => (*what, Some(outcome.clone())),
        None => ("text", None),
    };

    let headers = exchange
        .request_headers()
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect::<Vec<_>>()
        .join("\n");
    let (input_shape, output_shape) = model_docs::shapes(exchange.operation);
    // Error bodies are not the output shape.
    let response_shape = if exchange.is_error() { "" } else { output_shape };
    html! {
            <div class="exchange-detail" {id}>
                <div class="exchange-tools">
                    <button type="button" class="small" onclick={on_cli}>{ "Copy as AWS CLI" }</button>
                    <button type="button" class="small" onclick={on_boto3}>{ "Copy as boto3" }</button>
                    <CopyStatus {outcome} {what} />
                </div>
                <div class="exchange-body">
                    <div class="request">
                        <h3>{ "Request" }</h3>
                        <pre class="headers"><code>{ format!("POST / HTTP/1.1\n{headers}") }</code></pre>
                        <Body text={request.clone()} shape={input_shape} part="request" on_copy={on_copy_request} />
                    </div>
                    <div class="response">
                        <h3>{ "Response" }</h3>
                        <pre class="headers"><code>{ format!("HTTP/1.1 {}", exchange.status) }</code></pre>
                        <Body text={exchange.response_body.clone()} shape={response_shape} part="response" on_copy={on_copy_response} />
                    </div>
                </div>
            </div>
    }
}
