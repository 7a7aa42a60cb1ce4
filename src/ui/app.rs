//! The page: header with the simulation clock, the streams pane with the account's limits, and
//! the inspector.

use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::app_state::{Action, AppState};
use super::clock_bar::ClockBar;
use super::host_bridge::{self, Bridge as HostBridge};
use super::metrics_panel::MetricsPanelProps;
use super::scenario_panel::ScenarioPanel;
use super::scenario_progress;
use super::session_tools::SessionTools;
use super::start_panel::StartPanel;
use super::storage::{self, Slot, Source};
use super::traffic_panel::TrafficPanelProps;
use super::tutorial_panel::TutorialPanel;
use super::tutorial_progress;
use super::workspace::{Stage, WorkspaceProps, workspace};
use super::{use_mount, wall_now};
use crate::playground::charts::Period;
use crate::playground::{Preset, scenario, tutorial};
use crate::sim::Operation;

/// How often countdowns refresh; a quarter second keeps whole-second countdowns on time.
const TICK_MS: u32 = 250;
const TICK_MARK: &str = "tick-start";

/// Performance API marks, where the browser has them.
mod perf {
    const KEEP_MEASURES: u32 = 1200;

    fn performance() -> Option<web_sys::Performance> {
        web_sys::window()?.performance()
    }

    pub fn mark(name: &str) {
        if let Some(performance) = performance() {
            let _ = performance.mark(name);
        }
    }

    /// Measures from the mark `start` to now as `name`, then forgets the mark.
    pub fn measure_since(start: &str, name: &str) {
        let Some(performance) = performance() else { return };
        if performance.get_entries_by_name(start).length() > 0 {
            let _ = performance.measure_with_start_mark(name, start);
            performance.clear_marks_with_mark_name(start);
        }
        // Keep the last few minutes only: a long session must not grow the buffer forever.
        if performance.get_entries_by_name(name).length() > KEEP_MEASURES {
            performance.clear_measures_with_measure_name(name);
        }
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

#[component]
pub fn App() -> Html {
    let options = *use_state(storage::page_options);
    let state = use_reducer(move || AppState::new(wall_now(), options));
    let selected = use_state(|| None::<String>);
    // The stream the Metrics and Cost regions show, once one is chosen.
    let metrics_for = use_state(|| None::<String>);
    let chart_period = use_state(Period::default);
    // Local storage and the address are written here, never in the reducer: on the first render
    // (no save asked for yet) what the start calls for, then whenever an action asks for a save.
    // Another tab of this page saving the same session: this one stops saving, so that its clock
    // ticks never write an older session over the other tab's work, and says so.
    let changed_elsewhere = use_state(|| false);
    {
        let changed_elsewhere = changed_elsewhere.clone();
        use_mount(Box::new(move || {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "storage", move |event| {
                    let key = event.dyn_ref::<web_sys::StorageEvent>().and_then(web_sys::StorageEvent::key);
                    if key.is_some_and(|key| key == storage::key(Slot::Own) || key == storage::key(Slot::Shared)) {
                        changed_elsewhere.set(true);
                    }
                })
            });
            Box::new(move || drop(listener))
        }));
    }
    {
        let (source, slot, playground) = (state.source, state.slot, Rc::clone(&state.playground));
        let elsewhere = *changed_elsewhere;
        use_effect_with(state.saves, move |&saves| match saves {
            0 => storage::settle(source, slot, &playground.borrow()),
            _ if elsewhere => {}
            _ => storage::save(&playground.borrow(), slot),
        });
        // Once the reader is back on their own session, the shared one is gone for good.
        use_effect_with(state.slot, |&slot| {
            if slot == Slot::Own {
                storage::forget_shared();
            }
        });
    }
    // The tutorial's step goes into the address and local storage; closing it takes it out.
    {
        let progress = state.tutorial.as_ref().map(|open| (open.id.clone(), open.index));
        let was_open = use_mut_ref(|| false);
        use_effect_with(progress, move |progress| match progress {
            Some((id, index)) => {
                *was_open.borrow_mut() = true;
                tutorial_progress::remember(id, index + 1);
            }
            None if *was_open.borrow() => tutorial_progress::forget(),
            None => {}
        });
    }
    // Which scenario the session comes from, and how far it was played, for a reload.
    {
        let progress = state.scenario.as_ref().map(|open| (open.id.clone(), open.played));
        let was_open = use_mut_ref(|| None::<Slot>);
        use_effect_with((progress, state.slot), move |(progress, slot)| match progress {
            Some((id, played)) => {
                *was_open.borrow_mut() = Some(*slot);
                scenario_progress::remember(id, *played, *slot);
            }
            None => {
                if let Some(left) = was_open.borrow_mut().take() {
                    scenario_progress::forget(left);
                }
            }
        });
    }
    // The theme option overrides the system setting (static/style.css reads data-theme).
    use_mount(Box::new(move || {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = match options.theme_attribute() {
                Some(theme) => root.set_attribute("data-theme", theme),
                None => root.remove_attribute("data-theme"),
            };
        }
        Box::new(|| ())
    }));

    {
        let dispatcher = state.dispatcher();
        use_mount(Box::new(move || {
            let interval = Interval::new(TICK_MS, move || {
                perf::mark(TICK_MARK);
                dispatcher.dispatch(Action::Tick { wall_ms: wall_now() })
            });
            Box::new(move || drop(interval))
        }));
    }
    // The body's first render draws its first screen; the rest follows a task at a time.
    let stage = use_state(|| Stage::Streams);
    {
        let stage = stage.clone();
        use_effect_with(*stage, move |&now| {
            let later = now.next().map(|next| Timeout::new(0, move || stage.set(next)));
            move || drop(later)
        });
    }
    // A jump of the clock goes on a slice at a time, the page drawing and answering in between.
    {
        let dispatcher = state.dispatcher();
        let jumping = state.playground.borrow().jump_progress().is_some();
        use_effect_with(state.jump_slices, move |_| {
            let next = jumping
                .then(|| Timeout::new(0, move || dispatcher.dispatch(Action::ContinueJump { wall_ms: wall_now() })));
            move || drop(next)
        });
    }
    // `?scenario=ID` plays static/scenarios/ID.json. The link stays in the address: a reload
    // continues the session it led to (as far as it was played) rather than replaying over it.
    // An embed whose reader's session is under way from before these marks counts it played.
    {
        let dispatcher = state.dispatcher();
        let (slot, embed_under_way) = (state.slot, options.embed && state.source == Source::Stored);
        use_mount(Box::new(move || {
            if let Some(id) = storage::query_parameter("scenario") {
                let resume = scenario_progress::stored_steps(&id, slot).or(embed_under_way.then_some(usize::MAX));
                let dispatcher = dispatcher.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let text = if scenario::valid_id(&id) {
                        storage::fetch_file("scenarios", "scenario", &id).await
                    } else {
                        Err(format!("\"{id:.64}\" is not a scenario name."))
                    };
                    dispatcher.dispatch(Action::LoadScenario { id, text, resume, wall_ms: wall_now() });
                });
            }
            // `?tutorial=ID&step=N` opens static/tutorials/ID.json at step N; without a step, where
            // the learner left it.
            if let Some(id) = storage::query_parameter("tutorial") {
                let step = storage::query_parameter("step")
                    .and_then(|s| s.parse().ok())
                    .or_else(|| tutorial_progress::stored_step(&id))
                    .unwrap_or(1);
                wasm_bindgen_futures::spawn_local(async move {
                    let text = if tutorial::valid_id(&id) {
                        storage::fetch_file("tutorials", "tutorial", &id).await
                    } else {
                        Err(format!("\"{id:.64}\" is not a tutorial name."))
                    };
                    dispatcher.dispatch(Action::LoadTutorial { id, text, step, wall_ms: wall_now() });
                });
            }
            Box::new(|| ())
        }));
    }
    // A share link pasted into the address of this page changes only the fragment: no reload.
    {
        let dispatcher = state.dispatcher();
        use_mount(Box::new(move || {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    let dispatcher = dispatcher.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        storage::prepare_reads().await;
                        if let Some(link) = storage::link_in_address() {
                            storage::forget_link();
                            let slot = storage::link_slot();
                            dispatcher.dispatch(Action::OpenLink { link, slot, wall_ms: wall_now() });
                        }
                    });
                })
            });
            Box::new(move || drop(listener))
        }));
    }
    // The host-page API, for pages that embed the playground (`?origins=` allows them).
    let bridge = use_memo((), |_| HostBridge::default());
    {
        let (bridge, playground, dispatcher) = (Rc::clone(&bridge), Rc::clone(&state.playground), state.dispatcher());
        use_mount(Box::new(move || Box::new(host_bridge::listen(bridge, playground, dispatcher))));
    }
    // After every render: what changed, to the host; how long the tick that caused it took,
    // dispatch to DOM, as a Performance API measure (read by scripts/perf.mjs).
    {
        let (bridge, playground) = (Rc::clone(&bridge), Rc::clone(&state.playground));
        use_effect(move || {
            bridge.after_render(&playground.borrow());
            perf::measure_since(TICK_MARK, "tick");
        });
    }

    let dispatch = |make: fn(f64) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(make(wall_now())))
    };
    let on_send = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(operation, body): (Operation, String)| {
            dispatcher.dispatch(Action::Send { operation, body, wall_ms: wall_now() });
        })
    };
    let on_pause = {
        let dispatcher = state.dispatcher();
        Callback::from(move |paused: bool| dispatcher.dispatch(Action::SetPaused { paused, wall_ms: wall_now() }))
    };
    let on_speed = {
        let dispatcher = state.dispatcher();
        Callback::from(move |speed: u32| dispatcher.dispatch(Action::SetSpeed { speed, wall_ms: wall_now() }))
    };
    let on_preset = {
        let dispatcher = state.dispatcher();
        Callback::from(move |preset: Preset| dispatcher.dispatch(Action::SetPreset { preset, wall_ms: wall_now() }))
    };
    // The link is compressed by the browser, so it comes a moment later.
    let share_link = {
        let playground = Rc::clone(&state.playground);
        Callback::from(move |done: Callback<Option<String>>| {
            let session = playground.borrow().save();
            wasm_bindgen_futures::spawn_local(async move { done.emit(storage::share_link(session).await) });
        })
    };
    let on_reset = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Reset { wall_ms: wall_now() }))
    };
    // A frame sandboxed without allow-popups gets no tab: the link is then offered to copy.
    let blocked_link = use_state(|| None::<String>);
    let on_open_full = {
        let (playground, blocked_link) = (Rc::clone(&state.playground), blocked_link.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(window) = web_sys::window() else { return };
            // The tab opens now, while the click still allows it, and goes to the link once
            // the browser has compressed the session.
            let tab = window.open_with_url_and_target("", "_blank").ok().flatten();
            let (session, blocked_link) = (playground.borrow().save(), blocked_link.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Some(link) = storage::full_playground_link(session).await else { return };
                let went = tab.as_ref().is_some_and(|tab| tab.location().set_href(&link).is_ok());
                if !went {
                    if let Some(tab) = tab {
                        let _ = tab.close();
                    }
                    blocked_link.set(Some(link));
                }
            });
        })
    };
    let on_dismiss_link = {
        let blocked_link = blocked_link.clone();
        Callback::from(move |_: MouseEvent| blocked_link.set(None))
    };
    let on_back_to_own = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                storage::prepare_reads().await;
                let (own, notice) = storage::own_session(wall_now());
                dispatcher.dispatch(Action::BackToOwn { own: Box::new(own), notice });
            });
        })
    };
    let on_keep_shared = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::KeepShared))
    };
    let on_step = {
        let dispatcher = state.dispatcher();
        Callback::from(move |index: usize| dispatcher.dispatch(Action::TutorialStep(index)))
    };
    // A panel's button: an action made with the wall time.
    let panel_action = |make: fn(f64) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(make(wall_now())))
    };
    let on_dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::DismissNotice))
    };

    let on_select = {
        let selected = selected.clone();
        Callback::from(move |name: Option<String>| selected.set(name))
    };
    let on_advance = {
        let dispatcher = state.dispatcher();
        Callback::from(move |ms| dispatcher.dispatch(Action::Jump { ms, wall_ms: wall_now() }))
    };
    let on_start_producer = {
        let dispatcher = state.dispatcher();
        Callback::from(move |spec| dispatcher.dispatch(Action::StartProducer { spec, wall_ms: wall_now() }))
    };
    let on_stop_producer = {
        let dispatcher = state.dispatcher();
        Callback::from(move |id| dispatcher.dispatch(Action::StopProducer { id, wall_ms: wall_now() }))
    };
    let on_add_consumer = {
        let dispatcher = state.dispatcher();
        Callback::from(move |spec| dispatcher.dispatch(Action::StartConsumer { spec, wall_ms: wall_now() }))
    };
    let on_stop_consumer = {
        let dispatcher = state.dispatcher();
        Callback::from(move |id| dispatcher.dispatch(Action::StopConsumer { id, wall_ms: wall_now() }))
    };
    // One callback for as long as the playground lives: a new one each render would have the
    // inspector draw every traffic row again at every tick.
    let on_sample = {
        let playground = Rc::clone(&state.playground);
        let sample = use_memo(Rc::as_ptr(&playground) as usize, move |_| {
            Callback::from(move |minute: Rc<crate::sim::CallMinute>| playground.borrow().sample_call(&minute))
        });
        (*sample).clone()
    };
    let playground = state.playground.borrow();
    let clock = playground.clock();
    let view = playground.view(selected.as_deref());
    // The stream the Metrics and Cost regions show: the one chosen, or the first.
    let stream_names: Vec<String> = view.rows.iter().map(|row| row.name.clone()).collect();
    let metrics_stream =
        metrics_for.as_ref().filter(|name| stream_names.contains(name)).or(stream_names.first()).cloned();
    let metrics = Some(MetricsPanelProps {
        streams: stream_names.clone(),
        minutes: metrics_stream.as_deref().map_or_else(Vec::new, |name| playground.minutes(name)),
        charts: metrics_stream.as_deref().map_or_else(Vec::new, |name| playground.charts(name, *chart_period)),
        period: *chart_period,
        on_period: {
            let chart_period = chart_period.clone();
            Callback::from(move |period| chart_period.set(period))
        },
        costs: metrics_stream.as_deref().and_then(|name| playground.costs(name)),
        chosen: metrics_stream,
        on_choose: {
            let metrics_for = metrics_for.clone();
            Callback::from(move |name| metrics_for.set(Some(name)))
        },
    });
    let traffic = (!options.readonly).then(|| TrafficPanelProps {
        streams: stream_names,
        producers: playground.producers(),
        error: state.traffic_error.clone(),
        on_start: on_start_producer,
        on_stop: on_stop_producer,
        consumers: playground.consumers(),
        on_add_consumer,
        on_stop_consumer,
    });
    let title = "Kinesis capacity-mode playground";
    // The start panel opens by itself only for an empty account that no link set up.
    let first_visit = view.rows.is_empty()
        && playground.exchanges().is_empty()
        && state.scenario.is_none()
        && state.tutorial.is_none()
        && storage::query_parameter("scenario").is_none()
        && storage::query_parameter("tutorial").is_none();
    html! {
        <>
            <header class={classes!("top", options.embed.then_some("compact"))}>
                if options.embed {
                    <h1 class="visually-hidden">{ title }</h1>
                    <button type="button" class="open-full" onclick={on_open_full}>{ "Open in full playground" }</button>
                } else {
                    <div class="title">
                        <h1>{ title }</h1>
                        <p class="fidelity">
                            { "A simulation of the Amazon Kinesis Data Streams API as of its 2021-11-30 release \
                               (on-demand and provisioned capacity), answering byte for byte as the service does." }
                        </p>
                    </div>
                }
                if !options.readonly {
                    <SessionTools {share_link} {on_reset} />
                }
            </header>
            // Outside the header, so that it stays at the top while the page scrolls.
            <div class="clock-bar">
                <ClockBar now_ms={playground.now_ms()} paused={clock.is_paused()} speed={clock.speed()}
                          preset={playground.preset()} can_skip={playground.has_pending_transition()}
                          speed_pinned={state.speed_pinned}
                          on_skip={dispatch(|wall_ms| Action::SkipToNextTransition { wall_ms })}
                          {on_advance} jump_progress={playground.jump_progress()}
                          {on_pause} {on_speed} {on_preset} />
            </div>
            if state.slot == Slot::Shared {
                <section class="shared-session" aria-label="Shared session">
                    <p role="status">
                        { if state.scenario.is_some() { "You are looking at a scenario. " } else { "You are looking at a shared session. " } }
                        { "Your own session is kept as it was; changes here stay apart from it until you choose." }
                    </p>
                    <button type="button" class="primary" onclick={on_back_to_own}>{ "Back to my session" }</button>
                    <button type="button" onclick={on_keep_shared}>{ "Make it my session" }</button>
                </section>
            }
            if let Some(link) = &*blocked_link {
                <div class="notice" role="alert">
                    <span>
                        { "This frame may not open a new tab (the page that embeds it would need to allow it: \
                           allow-popups). Copy the link into a new tab to continue in the full playground." }
                    </span>
                    <input type="text" readonly=true value={link.clone()} aria-label="Link to this session" />
                    <button type="button" onclick={on_dismiss_link}>{ "Dismiss" }</button>
                </div>
            }
            if *changed_elsewhere {
                <div class="notice" role="alert">
                    <span>
                        { "This session was changed in another tab of the playground. What you do here is no \
                           longer saved, so that it cannot overwrite that tab's work: reload to continue from it." }
                    </span>
                    <button type="button" onclick={Callback::from(|_: MouseEvent| reload())}>{ "Reload" }</button>
                </div>
            }
            if let Some(notice) = &state.notice {
                <div class="notice" role="alert">
                    <span>{ notice }</span>
                    <button type="button" onclick={on_dismiss}>{ "Dismiss" }</button>
                </div>
            }
            if let Some(open) = &state.scenario {
                <ScenarioPanel scenario={Rc::clone(&open.scenario)} played={open.played}
                               on_previous={panel_action(|wall_ms| Action::ScenarioPrevious { wall_ms })}
                               on_next={panel_action(|wall_ms| Action::ScenarioNext { wall_ms })}
                               on_play_all={panel_action(|wall_ms| Action::ScenarioPlayAll { wall_ms })}
                               on_restart={panel_action(|wall_ms| Action::ScenarioRestart { wall_ms })} />
            }
            if !options.embed {
                <StartPanel open={first_visit} />
            }
            <div class={classes!("page-body", state.tutorial.is_some().then_some("with-tutorial"))}>
            if let Some(open) = &state.tutorial {
                <TutorialPanel tutorial={Rc::clone(&open.tutorial)} index={open.index}
                               done={open.tutorial.steps[open.index].is_done(&playground, &view.rows)}
                               has_work={!playground.exchanges().is_empty()}
                               on_step={on_step} on_do_it={panel_action(|wall_ms| Action::TutorialDoIt { wall_ms })}
                               on_set_up={panel_action(|wall_ms| Action::TutorialSetUp { wall_ms })}
                               on_close={panel_action(|_| Action::CloseTutorial)} />
            }
            { workspace(WorkspaceProps {
                options, view, exchanges: playground.exchanges(), on_send, on_select, endpoint: None,
                start_panel: !options.embed, traffic, metrics, calls: playground.call_minutes(), sample: Some(on_sample),
                stage: *stage,
            }) }
            </div>
        </>
    }
}
