//! The inspector: every request and response exactly as they crossed the front door, newest
//! first, numbered in the order they were made: one line per call, the newest open, any other
//! opened on demand, so the page stays short however many calls are made. It draws the newest
//! hundred, and a hundred more at each "Show older calls", so that a session of tens of thousands
//! of calls still renders at once.

use yew::prelude::*;

use super::exchange_view::ExchangeView;
use crate::playground::ExchangeLog;

/// Calls drawn at first, and added by each "Show older calls".
const PAGE: usize = 100;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub exchanges: ExchangeLog,
    /// The attached endpoint the calls went to (attach mode).
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let shown = use_state(|| PAGE);
    let older = props.exchanges.len().saturating_sub(*shown);
    let on_older = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + PAGE))
    };
    html! {
        <section class="inspector" aria-label="Inspector">
            <h2>{ "Inspector" }</h2>
            if props.exchanges.is_empty() {
                <p class="empty">{ "Every request you make appears here with the service's exact response." }</p>
            } else {
                <ol class="exchanges" reversed=true>
                    { for props.exchanges.newest(0, *shown).into_iter().enumerate().map(|(i, exchange)| {
                        let key = exchange.sequence;
                        html! { <ExchangeView {key} {exchange} endpoint={props.endpoint.clone()} newest={i == 0} /> }
                    }) }
                </ol>
                if older > 0 {
                    <button type="button" class="show-older" onclick={on_older}>
                        { format!("Show older calls ({older} more)") }
                    </button>
                }
            }
        </section>
    }
}
