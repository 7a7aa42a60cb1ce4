//! The inspector: every request and response exactly as they crossed the front door, newest
//! first, numbered in the order they were made.

use std::rc::Rc;

use yew::prelude::*;

use super::exchange_view::ExchangeView;
use crate::playground::Exchange;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub exchanges: Rc<Vec<Exchange>>,
    /// The attached endpoint the calls went to (attach mode).
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
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
                    { for props.exchanges.iter().rev().map(|exchange| html! {
                        <ExchangeView key={exchange.sequence} exchange={exchange.clone()} endpoint={props.endpoint.clone()} />
                    }) }
                </ol>
            }
        </section>
    }
}
