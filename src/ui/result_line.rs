//! The result of the call a control just made, in one line beside it: the status and exception,
//! what it means and what to do, and a link to the call in the inspector. Shown for the newest
//! call only, by the control that made it (`workspace` decides which), so a stale result never
//! lingers beside a control.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::Exchange;
use crate::playground::outcome::outcome;

/// The `id` of a call's entry in the inspector, for links to it.
pub fn call_anchor(sequence: u32) -> String {
    format!("inspector-call-{sequence}")
}

pub fn result_line(exchange: &Rc<Exchange>) -> Html {
    let said = outcome(exchange);
    html! {
        <p class={classes!("result-line", said.is_error.then_some("error"))}>
            <strong>{ said.headline }</strong>
            { " " }{ said.explanation }{ " " }
            <a href={format!("#{}", call_anchor(exchange.sequence))}>{ format!("Call #{} in the inspector", exchange.sequence) }</a>
        </p>
    }
}
