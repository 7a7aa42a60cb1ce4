//! The simulation clock: what time it is in the simulation, and a way to skip waiting.

use yew::prelude::*;

use crate::playground::format;

#[derive(Properties, PartialEq)]
pub struct ClockBarProps {
    pub now_ms: i64,
    /// Whether any CREATING, UPDATING or DELETING is under way.
    pub can_skip: bool,
    pub on_skip: Callback<()>,
}

#[component]
pub fn ClockBar(props: &ClockBarProps) -> Html {
    let on_skip = props.on_skip.reform(|_: MouseEvent| ());
    html! {
        <div class="clock" role="group" aria-label="Simulation clock">
            <span class="clock-label">{ "Simulation time" }</span>
            <time class="clock-now">{ format::utc(props.now_ms) }</time>
            <button type="button" onclick={on_skip} disabled={!props.can_skip}
                    title="Jump the clock to the moment the next status change is due">
                { "Skip to next transition" }
            </button>
        </div>
    }
}
