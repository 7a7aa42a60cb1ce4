//! The guided tutorial's panel, kept in view beside the page (a bottom sheet on narrow screens):
//! one idea, one thing to do, ticked off when the simulator's state shows it done. A hint on
//! request, a link that shows the control the step is about, "Do it for me", and the recap once
//! the last step is done. Setting up a step over the learner's own account asks first.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::tutorial::{Control, Tutorial};

#[derive(Properties)]
pub struct TutorialPanelProps {
    pub tutorial: Rc<Tutorial>,
    pub index: usize,
    pub done: bool,
    /// Whether the account is empty: a later step can then be set up without asking.
    pub has_work: bool,
    pub on_step: Callback<usize>,
    pub on_do_it: Callback<()>,
    pub on_set_up: Callback<()>,
    pub on_close: Callback<()>,
}

impl PartialEq for TutorialPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.tutorial, &other.tutorial)
            && (self.index, self.done, self.has_work) == (other.index, other.done, other.has_work)
    }
}

/// Outlines the control a step is about and scrolls it into view.
fn point_at(control: Control, scroll: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(Some(element)) = document.query_selector(control.selector()) {
        let _ = element.set_attribute("data-pointed-at", "");
        if scroll {
            element.scroll_into_view();
        }
    }
}

fn stop_pointing() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    while let Ok(Some(element)) = document.query_selector("[data-pointed-at]") {
        let _ = element.remove_attribute("data-pointed-at");
    }
}

#[component]
pub fn TutorialPanel(props: &TutorialPanelProps) -> Html {
    let step = &props.tutorial.steps[props.index];
    let count = props.tutorial.steps.len();
    let confirming = use_state(|| false);
    let minimized = use_state(|| false);
    // The step's control stays outlined while the step is open.
    {
        let points_to = step.points_to;
        // The tutorial by address: two loads of one file are two tutorials.
        use_effect_with((props.index, Rc::as_ptr(&props.tutorial) as usize), move |_| {
            if let Some(control) = points_to {
                point_at(control, false);
            }
            stop_pointing_later()
        });
    }
    let go = |index: usize| {
        let (on_step, confirming) = (props.on_step.clone(), confirming.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_step.emit(index)
        })
    };
    let last = props.index + 1 == count;
    let on_do_it = props.on_do_it.reform(|_: MouseEvent| ());
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let on_toggle = {
        let minimized = minimized.clone();
        Callback::from(move |_: MouseEvent| minimized.set(!*minimized))
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let set_up = {
        let (on_set_up, confirming) = (props.on_set_up.clone(), confirming.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_set_up.emit(())
        })
    };
    html! {
        <section class={classes!("tutorial", minimized.then_some("minimized"))} aria-label="Tutorial">
            <div class="tutorial-head">
                <p class="tutorial-title">{ &props.tutorial.title }</p>
                <button type="button" class="small" aria-expanded={(!*minimized).to_string()} onclick={on_toggle}>
                    { if *minimized { "Show tutorial" } else { "Minimize" } }
                </button>
                <button type="button" class="small" onclick={on_close}>{ "Close tutorial" }</button>
            </div>
            <h2>{ format!("Step {} of {count}: {}", props.index + 1, step.title) }</h2>
            <div class="tutorial-body">
                { for step.text.iter().map(|paragraph| html! { <p>{ paragraph }</p> }) }
                <p class="task"><strong>{ "Your turn: " }</strong>{ &step.task }</p>
                if let Some(control) = step.points_to {
                    <p class="show-me">
                        <button type="button" class="link" onclick={Callback::from(move |_: MouseEvent| point_at(control, true))}>
                            { format!("Show me the {}", control.label()) }
                        </button>
                    </p>
                }
                if let Some(hint) = &step.hint {
                    <details class="hint-box"><summary>{ "Hint" }</summary><p>{ hint }</p></details>
                }
            </div>
            <p class={classes!("progress", props.done.then_some("done"))} aria-live="polite">
                { if props.done { "✓ Done" } else { "Not done yet" } }
            </p>
            <div class="actions">
                <button type="button" disabled={props.index == 0} onclick={go(props.index.saturating_sub(1))}>{ "Previous step" }</button>
                if !props.done && !step.do_it.is_empty() {
                    <button type="button" onclick={on_do_it}>{ "Do it for me" }</button>
                }
                if !last {
                    <button type="button" class={classes!(props.done.then_some("primary"))} onclick={go(props.index + 1)}>{ "Next step" }</button>
                }
            </div>
            if props.index > 0 && props.has_work && !props.done {
                <div class="set-up">
                    if *confirming {
                        <p role="alert">{ "This replaces your streams and the log with the state this step starts from." }</p>
                        <button type="button" class="primary" onclick={set_up}>{ "Replace and set up" }</button>
                        <button type="button" onclick={cancel}>{ "Cancel" }</button>
                    } else {
                        <button type="button" class="link" onclick={ask}>{ "Start this step from its setup" }</button>
                    }
                </div>
            }
            if last && props.done && !props.tutorial.recap.is_empty() {
                <section class="recap" aria-label="Recap">
                    <h3>{ "Recap" }</h3>
                    <ul>{ for props.tutorial.recap.iter().map(|line| html! { <li>{ line }</li> }) }</ul>
                </section>
            }
        </section>
    }
}

/// The effect's cleanup: the outline goes with the step.
fn stop_pointing_later() -> impl FnOnce() {
    stop_pointing
}
