//! The scenario the session comes from, for a trainer to present: its title and summary, the
//! step just played with its caption, and Previous / Next / Play all / Restart. Previous and
//! Restart replay the scenario from its start, so they say that calls made since are not kept.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::scenario::Scenario;

#[derive(Properties)]
pub struct ScenarioPanelProps {
    pub scenario: Rc<Scenario>,
    /// How many of its steps have been played.
    pub played: usize,
    pub on_previous: Callback<()>,
    pub on_next: Callback<()>,
    pub on_play_all: Callback<()>,
    pub on_restart: Callback<()>,
}

impl PartialEq for ScenarioPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scenario, &other.scenario) && self.played == other.played
    }
}

#[component]
pub fn ScenarioPanel(props: &ScenarioPanelProps) -> Html {
    let steps = &props.scenario.steps;
    let (played, count) = (props.played, steps.len());
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    html! {
        <section class="scenario" aria-label="Scenario">
            <div class="scenario-head">
                <strong>{ format!("Scenario: {}", props.scenario.title) }</strong>
                <span>{ &props.scenario.summary }</span>
            </div>
            <p class="scenario-step" aria-live="polite">
                if played == 0 {
                    { format!("Ready to start: {count} steps. Next: {}", steps[0].caption()) }
                } else {
                    <strong>{ format!("Step {played} of {count}: ") }</strong>{ steps[played - 1].caption() }
                    if played < count {
                        <span class="scenario-next">{ format!(" Next: {}", steps[played].caption()) }</span>
                    }
                }
            </p>
            <div class="actions">
                <button type="button" disabled={played == 0} onclick={click(&props.on_previous)}
                        aria-describedby="scenario-replays">{ "Previous step" }</button>
                <button type="button" class="primary" disabled={played == count} onclick={click(&props.on_next)}>{ "Next step" }</button>
                <button type="button" disabled={played == count} onclick={click(&props.on_play_all)}>{ "Play all" }</button>
                <button type="button" onclick={click(&props.on_restart)} aria-describedby="scenario-replays">{ "Restart scenario" }</button>
            </div>
            <p id="scenario-replays" class="hint">{ "Previous step and Restart replay the scenario from its start: calls made since are not kept." }</p>
        </section>
    }
}
