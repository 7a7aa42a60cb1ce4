//! The inspector: every request and response exactly as they crossed the front door, newest
//! first, numbered in the order they were made: one line per call, the newest open, any other
//! opened on demand, so the page stays short however many calls are made. It draws the newest
//! hundred, and a hundred more at each "Show older calls", so that a session of tens of thousands
//! of calls still renders at once. Producers and consumers, which make calls by the thousand,
//! show below as a row per minute each (`CallMinuteView`).

use std::rc::Rc;

use yew::prelude::*;

use super::call_minute_view::CallMinuteView;
use super::exchange_view::ExchangeView;
use crate::playground::{CallRows, Exchange, ExchangeLog};
use crate::sim::{CallMinute, Caller};

/// Calls drawn at first, and added by each "Show older calls".
const PAGE: usize = 100;
/// Traffic rows drawn at first, and added by each "Show older minutes".
const MINUTES_PAGE: usize = 30;

/// Writes out a traffic row's first call.
pub type SampleCall = Callback<Rc<CallMinute>, Result<Rc<Exchange>, &'static str>>;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub exchanges: ExchangeLog,
    /// The attached endpoint the calls went to (attach mode).
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
    /// Described traffic's calls per minute, newest first, and how to write out a row's first
    /// call (a simulated account).
    #[prop_or_default]
    pub calls: CallRows,
    #[prop_or_default]
    pub sample: Option<SampleCall>,
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let shown = use_state(|| PAGE);
    let shown_minutes = use_state(|| MINUTES_PAGE);
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
            if let Some(sample) = &props.sample && !props.calls.rows.is_empty() {
                { traffic_calls(&props.calls, sample, &shown_minutes) }
            }
        </section>
    }
}

/// The rows of described traffic, newest first, a page at a time.
fn traffic_calls(calls: &CallRows, sample: &SampleCall, shown: &UseStateHandle<usize>) -> Html {
    let rows = &calls.rows;
    let older = rows.len().saturating_sub(**shown);
    let on_older = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + MINUTES_PAGE))
    };
    html! {
        <>
            <h3 id="traffic-calls">{ "Producers' and consumers' calls, per minute" }</h3>
            <p class="hint">{ "Each row sums up a minute of calls; open one to see its first call, byte for byte." }</p>
            <ol class="exchanges call-minutes" aria-labelledby="traffic-calls">
                { for rows.iter().take(**shown).enumerate().map(|(at, minute)| {
                    let kind = if minute.caller == Caller::Producer { "p" } else { "c" };
                    // A caller's row under way keeps its place from minute to minute, so that a
                    // minute's end does not replace every row on the page at once.
                    let key = if at < calls.under_way {
                        format!("now-{kind}-{}", minute.name)
                    } else {
                        format!("minute-{kind}-{}-{}", minute.name, minute.minute_ms)
                    };
                    let id = AttrValue::from(key.clone());
                    html! { <CallMinuteView {key} {id} minute={Rc::clone(minute)} sample={sample.clone()} /> }
                }) }
            </ol>
            if older > 0 {
                <button type="button" class="show-older" onclick={on_older}>
                    { format!("Show older minutes ({older} more)") }
                </button>
            }
        </>
    }
}
