//! The inspector: every request and response exactly as they crossed the front door, newest
//! first, numbered in the order they were made.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::{Exchange, format};

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub exchanges: Rc<Vec<Exchange>>,
}

fn body_view(body: &str) -> Html {
    if body.is_empty() {
        html! { <p class="empty-body">{ "(empty body)" }</p> }
    } else {
        html! { <pre class="body"><code>{ body }</code></pre> }
    }
}

fn exchange_view(exchange: &Exchange) -> Html {
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
    html! {
        <li key={exchange.sequence} class={classes!("exchange", exchange.is_error().then_some("error"))}
            aria-label={format!("Call {}: {}", exchange.sequence, exchange.operation.name())}>
            <div class="exchange-head">
                <span class="sequence">{ format!("#{}", exchange.sequence) }</span>
                <time class="at" title={format::utc(exchange.at_ms)}>{ format::utc_time_of_day(exchange.at_ms) }</time>
                <span class="operation">{ exchange.operation.name() }</span>
                <span class="outcome">{ outcome }</span>
            </div>
            <div class="exchange-body">
                <div class="request">
                    <h3>{ "Request" }</h3>
                    <pre class="headers"><code>{ format!("POST / HTTP/1.1\n{headers}") }</code></pre>
                    { body_view(&exchange.request_body) }
                </div>
                <div class="response">
                    <h3>{ "Response" }</h3>
                    <pre class="headers"><code>{ format!("HTTP/1.1 {}", exchange.status) }</code></pre>
                    { body_view(&exchange.response_body) }
                </div>
            </div>
        </li>
    }
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    html! {
        <section class="inspector" aria-label="Inspector">
            <h2>{ "Inspector" }</h2>
            if props.exchanges.is_empty() {
                <p class="empty">{ "Every request you make appears here with the service's exact response." }</p>
            } else {
                <ol class="exchanges" reversed=true>
                    { for props.exchanges.iter().rev().map(exchange_view) }
                </ol>
            }
        </section>
    }
}
