//! The page: header with the simulation clock, the streams pane, and the inspector.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::clock_bar::ClockBar;
use super::create_stream_form::CreateStreamForm;
use super::inspector::Inspector;
use super::state::{Action, AppState};
use super::stream_list::StreamList;
use super::wall_now;
use crate::sim::Operation;

/// How often countdowns refresh; a quarter second keeps whole-second countdowns on time.
const TICK_MS: u32 = 250;

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState::new(wall_now()));

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || dispatcher.dispatch(Action::Tick { wall_ms: wall_now() }));
            move || drop(interval)
        });
    }

    let on_send = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(operation, body): (Operation, String)| {
            dispatcher.dispatch(Action::Send { operation, body, wall_ms: wall_now() });
        })
    };
    let on_skip = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::SkipToNextTransition { wall_ms: wall_now() }))
    };

    let playground = state.playground.borrow();
    html! {
        <>
            <header class="top">
                <div class="title">
                    <h1>{ "Kinesis capacity-mode playground" }</h1>
                    <p class="fidelity">
                        { "A simulation of the Amazon Kinesis Data Streams API as of its 2021-11-30 release \
                           (on-demand and provisioned capacity), answering byte for byte as the service does." }
                    </p>
                </div>
                <ClockBar now_ms={playground.now_ms()} can_skip={playground.has_pending_transition()} {on_skip} />
            </header>
            <main class="layout">
                <section class="streams-pane" aria-labelledby="streams-heading">
                    <h2 id="streams-heading">{ "Streams" }</h2>
                    <CreateStreamForm on_send={on_send.clone()} />
                    <StreamList rows={playground.stream_rows()} />
                </section>
                <Inspector exchanges={playground.exchanges()} />
            </main>
        </>
    }
}
