//! The result of the call a control just made, in one line beside it: the status and exception,
//! what it means and what to do, and a link to the call in the inspector. Shown for the newest
//! call only, by the control that made it (`workspace` decides which), so a stale result never
//! lingers beside a control.

use yew::prelude::*;

use crate::playground::outcome::Outcome;

/// The `id` of a call's entry in the inspector, for links to it.
pub fn call_anchor(sequence: u32) -> String {
    format!("inspector-call-{sequence}")
}

/// The line for call `sequence`, whose outcome the caller has worked out.
pub fn result_line(said: &Outcome, sequence: u32) -> Html {
    html! {
        <p class={classes!("result-line", said.is_error.then_some("error"))}>
            <strong>{ &said.headline }</strong>
            { " " }{ &said.explanation }{ " " }
            <a href={format!("#{}", call_anchor(sequence))}>{ format!("Call #{sequence} in the inspector") }</a>
        </p>
    }
}
