//! The guided tutorial's step panel: one idea, one thing to do, ticked off when the simulator's
//! state shows it done.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::tutorial::Tutorial;

#[derive(Properties)]
pub struct TutorialPanelProps {
    pub tutorial: Rc<Tutorial>,
    pub index: usize,
    pub done: bool,
    pub on_step: Callback<usize>,
}

impl PartialEq for TutorialPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.tutorial, &other.tutorial) && self.index == other.index && self.done == other.done
    }
}

#[component]
pub fn TutorialPanel(props: &TutorialPanelProps) -> Html {
    let step = &props.tutorial.steps[props.index];
    let count = props.tutorial.steps.len();
    let go = |index: usize| props.on_step.reform(move |_: MouseEvent| index);
    html! {
        <section class="tutorial" aria-label="Tutorial">
            <p class="tutorial-title">{ &props.tutorial.title }</p>
            <h2>{ format!("Step {} of {count}: {}", props.index + 1, step.title) }</h2>
            { for step.text.iter().map(|paragraph| html! { <p>{ paragraph }</p> }) }
            <p class="task"><strong>{ "Your turn: " }</strong>{ &step.task }</p>
            <p class={classes!("progress", props.done.then_some("done"))} aria-live="polite">
                { if props.done { "✓ Done" } else { "Not done yet" } }
            </p>
            <div class="actions">
                <button type="button" disabled={props.index == 0} onclick={go(props.index.saturating_sub(1))}>{ "Previous step" }</button>
                <button type="button" class={classes!(props.done.then_some("primary"))} disabled={props.index + 1 == count}
                        onclick={go(props.index + 1)}>{ "Next step" }</button>
            </div>
        </section>
    }
}
