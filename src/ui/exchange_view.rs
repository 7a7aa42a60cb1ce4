//! One call in the inspector: when, which operation, the outcome, the request's headers and body
//! and the response's status and body, pretty or raw, with copy buttons and the same request as
//! an AWS CLI command or a boto3 snippet.

use std::rc::Rc;

use yew::prelude::*;

use super::json_view::JsonView;
use crate::playground::{Exchange, commands, format, model_docs};

#[derive(Properties, PartialEq)]
pub struct ExchangeViewProps {
    pub exchange: Rc<Exchange>,
    /// The attached endpoint the call went to (attach mode), for the copied commands.
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
}

fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        // The promise is left alone: a refused copy only means nothing was copied.
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// A body with its Raw/Pretty switch and copy button.
#[derive(Properties, PartialEq)]
struct BodyProps {
    text: String,
    shape: &'static str,
    /// "request" or "response", for the buttons' names.
    part: &'static str,
    on_copied: Callback<String>,
}

#[component]
fn Body(props: &BodyProps) -> Html {
    let raw = use_state(|| false);
    if props.text.is_empty() {
        return html! { <p class="empty-body">{ "(empty body)" }</p> };
    }
    let toggle = {
        let raw = raw.clone();
        Callback::from(move |_: MouseEvent| raw.set(!*raw))
    };
    let on_copy = {
        let (text, part, on_copied) = (props.text.clone(), props.part, props.on_copied.clone());
        Callback::from(move |_: MouseEvent| {
            copy(&text);
            on_copied.emit(format!("Copied the {part} body."));
        })
    };
    html! {
        <>
            <div class="body-tools">
                <button type="button" class="small" aria-pressed={(*raw).to_string()} onclick={toggle}
                        aria-label={format!("Raw {} body", props.part)}>{ "Raw" }</button>
                <button type="button" class="small" onclick={on_copy}
                        aria-label={format!("Copy {} body", props.part)}>{ "Copy" }</button>
            </div>
            if *raw {
                <pre class="body raw"><code>{ &props.text }</code></pre>
            } else {
                <JsonView text={props.text.clone()} shape={props.shape} />
            }
        </>
    }
}

#[component]
pub fn ExchangeView(props: &ExchangeViewProps) -> Html {
    let exchange = &props.exchange;
    let copied = use_state(String::new);
    let on_copied = {
        let copied = copied.clone();
        Callback::from(move |message: String| copied.set(message))
    };
    let copy_as = |label: &'static str, text: String| {
        let on_copied = on_copied.clone();
        Callback::from(move |_: MouseEvent| {
            copy(&text);
            on_copied.emit(format!("Copied {label}."));
        })
    };
    let endpoint = props.endpoint.as_deref();
    let on_cli =
        copy_as("the AWS CLI command", commands::aws_cli(exchange.operation, &exchange.request_body, endpoint));
    let on_boto3 = copy_as("the boto3 snippet", commands::boto3(exchange.operation, &exchange.request_body, endpoint));

    let outcome = match exchange.error_type() {
        Some(error_type) => format!("{} {error_type}", exchange.status),
        None => format!("{} OK", exchange.status),
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
        <li class={classes!("exchange", exchange.is_error().then_some("error"))}
            aria-label={format!("Call {}: {}", exchange.sequence, exchange.operation.name())}>
            <div class="exchange-head">
                <span class="sequence">{ format!("#{}", exchange.sequence) }</span>
                <time class="at" title={format::utc(exchange.at_ms)}>{ format::utc_time_of_day(exchange.at_ms) }</time>
                <span class="operation">{ exchange.operation.name() }</span>
                <span class="outcome">{ outcome }</span>
            </div>
            <div class="exchange-tools">
                <button type="button" class="small" onclick={on_cli}>{ "Copy as AWS CLI" }</button>
                <button type="button" class="small" onclick={on_boto3}>{ "Copy as boto3" }</button>
                <span class="copied" aria-live="polite">{ (*copied).clone() }</span>
            </div>
            <div class="exchange-body">
                <div class="request">
                    <h3>{ "Request" }</h3>
                    <pre class="headers"><code>{ format!("POST / HTTP/1.1\n{headers}") }</code></pre>
                    <Body text={exchange.request_body.clone()} shape={input_shape} part="request" on_copied={on_copied.clone()} />
                </div>
                <div class="response">
                    <h3>{ "Response" }</h3>
                    <pre class="headers"><code>{ format!("HTTP/1.1 {}", exchange.status) }</code></pre>
                    <Body text={exchange.response_body.clone()} shape={response_shape} part="response" {on_copied} />
                </div>
            </div>
        </li>
    }
}
