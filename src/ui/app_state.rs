//! The app state as yew sees it: the playground behind a reducer. The reducer touches no browser
//! API; it counts the saves due, and an effect in `App` writes them to local storage.

use std::cell::RefCell;
use std::rc::Rc;

use yew::Reducible;

use super::storage::{self, Slot, Source};
use crate::playground::options::PageOptions;
use crate::playground::scenario::Scenario;
use crate::playground::tutorial::Tutorial;
use crate::playground::{Playground, Preset, SavedSession};
use crate::sim::{ConsumerSpec, Operation, ProducerSpec};

/// What the user (or the ticking clock) can do. Wall time is read by whoever dispatches.
pub enum Action {
    Tick {
        wall_ms: f64,
    },
    Send {
        operation: Operation,
        body: String,
        wall_ms: f64,
    },
    SkipToNextTransition {
        wall_ms: f64,
    },
    /// The clock's Advance buttons: a jump made a slice at a time (`Playground::jump_by`).
    Jump {
        ms: i64,
        wall_ms: f64,
    },
    /// The next slice of the jump under way.
    ContinueJump {
        wall_ms: f64,
    },
    /// A described producer starts now (its start time is the clock's).
    StartProducer {
        spec: ProducerSpec,
        wall_ms: f64,
    },
    StopProducer {
        id: u32,
        wall_ms: f64,
    },
    /// A described consumer starts now, on the target stream.
    StartConsumer {
        spec: ConsumerSpec,
        wall_ms: f64,
    },
    StopConsumer {
        id: u32,
        wall_ms: f64,
    },
    Advance {
        ms: i64,
        wall_ms: f64,
    },
    SetPaused {
        paused: bool,
        wall_ms: f64,
    },
    SetSpeed {
        speed: u32,
        wall_ms: f64,
    },
    SetPreset {
        preset: Preset,
        wall_ms: f64,
    },
    Reset {
        wall_ms: f64,
    },
    /// A share link was pasted into the address of the open page (and taken out of it); it
    /// opens in `slot` (`storage::link_slot`).
    OpenLink {
        link: Result<SavedSession, String>,
        slot: Slot,
        wall_ms: f64,
    },
    /// Leaves the shared session for the reader's own, as stored (read by the caller).
    BackToOwn {
        own: Box<Playground>,
        notice: Option<String>,
    },
    /// The shared session becomes the reader's own, replacing it: only when they say so.
    KeepShared,
    /// A tutorial file arrived (or could not be fetched); `step` counts from 1. Opened at a later
    /// step on an empty account, the steps before it are done for the learner.
    LoadTutorial {
        id: String,
        text: Result<String, String>,
        step: usize,
        wall_ms: f64,
    },
    TutorialStep(usize),
    /// "Do it for me": the current step's actions.
    TutorialDoIt {
        wall_ms: f64,
    },
    /// Replaces the account with the state the current step starts from (the learner confirmed).
    TutorialSetUp {
        wall_ms: f64,
    },
    CloseTutorial,
    /// A scenario file arrived (or could not be fetched). It plays all at once, unless `resume`
    /// says how many of its steps the stored session already holds (a reload).
    LoadScenario {
        id: String,
        text: Result<String, String>,
        resume: Option<usize>,
        wall_ms: f64,
    },
    /// A trainer presenting a scenario step by step.
    ScenarioNext {
        wall_ms: f64,
    },
    ScenarioPrevious {
        wall_ms: f64,
    },
    ScenarioPlayAll {
        wall_ms: f64,
    },
    ScenarioRestart {
        wall_ms: f64,
    },
    DismissNotice,
}

/// A scenario whose steps the session holds.
#[derive(Clone)]
pub struct OpenScenario {
    /// Its file name, as `?scenario=` names it.
    pub id: String,
    pub scenario: Rc<Scenario>,
    /// How many of its steps have been played.
    pub played: usize,
}

/// A tutorial being followed.
#[derive(Clone)]
pub struct OpenTutorial {
    /// Its file name, as `?tutorial=` names it.
    pub id: String,
    pub tutorial: Rc<Tutorial>,
    /// The current step, from 0.
    pub index: usize,
}

/// Ticks between saves of the clock position (about every five seconds).
const TICKS_PER_SAVE: u32 = 20;

/// The playground is changed in place: cloning the whole account on every clock tick would cost
/// more than it buys. Each action still yields a new `AppState` (yew re-renders only when the
/// state's address changes), and views read snapshots that compare cheaply.
pub struct AppState {
    pub playground: Rc<RefCell<Playground>>,
    /// Why a saved session could not be restored, until dismissed.
    pub notice: Option<String>,
    /// The scenario the session comes from, and how far it has been played.
    pub scenario: Option<OpenScenario>,
    /// The tutorial open, and where the learner is in it.
    pub tutorial: Option<OpenTutorial>,
    /// A speed the page's address sets (`speed=`), and whether it is locked (`pin-speed=1`).
    pub speed: Option<u32>,
    pub speed_pinned: bool,
    /// Where the first session came from (`storage::settle` writes what follows from it).
    pub source: Source,
    /// Which session is shown and saved: the reader's own, or a shared one beside it.
    pub slot: Slot,
    /// How many saves the actions so far asked for; the effect that saves runs when it changes.
    pub saves: u32,
    ticks_since_save: u32,
    /// Why the last producer could not start, until one does.
    pub traffic_error: Option<String>,
    /// Counts the slices of jumps run: `App` schedules the next one whenever it changes.
    pub jump_slices: u32,
}

impl AppState {
    pub fn new(wall_ms: f64, options: PageOptions) -> Self {
        let storage::Start { mut playground, notice, source, slot } = storage::load(wall_ms);
        if let Some(speed) = options.speed {
            playground.set_speed(speed, wall_ms);
        }
        Self {
            playground: Rc::new(RefCell::new(playground)),
            notice,
            scenario: None,
            tutorial: None,
            speed: options.speed,
            speed_pinned: options.pin_speed && options.speed.is_some(),
            source,
            slot,
            saves: 0,
            ticks_since_save: 0,
            traffic_error: None,
            jump_slices: 0,
        }
    }
}

/// Back a step, or to the start: the scenario is replayed from its start up to there, so calls
/// made since are not kept (the scenario panel says so).
fn rewind(
    scenario: &mut Option<OpenScenario>,
    playground: &mut Playground,
    to: impl Fn(usize) -> usize,
    wall_ms: f64,
) -> bool {
    let Some(open) = scenario else { return false };
    open.played = to(open.played);
    *playground = open.scenario.play_first(open.played, wall_ms);
    true
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut notice = self.notice.clone();
        let mut scenario = self.scenario.clone();
        let mut tutorial = self.tutorial.clone();
        let mut ticks_since_save = self.ticks_since_save;
        let mut slot = self.slot;
        let mut traffic_error = self.traffic_error.clone();
        let mut jump_slices = self.jump_slices;
        let save = {
            let mut playground = self.playground.borrow_mut();
            match action {
                Action::Tick { wall_ms } => {
                    playground.tick(wall_ms);
                    ticks_since_save += 1;
                    ticks_since_save >= TICKS_PER_SAVE
                }
                Action::Send { operation, body, wall_ms } => {
                    playground.send(operation, body, wall_ms);
                    true
                }
                Action::Jump { ms, wall_ms } => {
                    playground.jump_by(ms, wall_ms);
                    jump_slices += 1;
                    true
                }
                Action::ContinueJump { wall_ms } => {
                    let going_on = playground.continue_jump(wall_ms);
                    jump_slices += 1;
                    // Saved once the jump has landed.
                    !going_on
                }
                Action::StartProducer { spec, wall_ms } => {
                    let started = playground.start_producer(spec, wall_ms);
                    traffic_error = started.err();
                    traffic_error.is_none()
                }
                Action::StopProducer { id, wall_ms } => {
                    playground.stop_producer(id, wall_ms);
                    true
                }
                Action::StartConsumer { spec, wall_ms } => {
                    let started = playground.start_consumer(spec, wall_ms);
                    traffic_error = started.err();
                    traffic_error.is_none()
                }
                Action::StopConsumer { id, wall_ms } => {
                    playground.stop_consumer(id, wall_ms);
                    true
                }
                Action::SkipToNextTransition { wall_ms } => {
                    playground.skip_to_next_transition(wall_ms);
                    true
                }
                Action::Advance { ms, wall_ms } => {
                    playground.advance_by(ms, wall_ms);
                    true
                }
                Action::SetPaused { paused, wall_ms } => {
                    playground.set_paused(paused, wall_ms);
                    true
                }
                Action::SetSpeed { speed, wall_ms } => {
                    // An instructor's link may lock the speed.
                    if !self.speed_pinned {
                        playground.set_speed(speed, wall_ms);
                    }
                    true
                }
                Action::SetPreset { preset, wall_ms } => {
                    playground.set_preset(preset, wall_ms);
                    true
                }
                Action::Reset { wall_ms } => {
                    *playground = Playground::new(wall_ms);
                    notice = None;
                    scenario = None;
                    true
                }
                Action::OpenLink { link, slot: opened_in, wall_ms } => match storage::open_link(link, wall_ms) {
                    Ok(loaded) => {
                        *playground = loaded;
                        slot = opened_in;
                        notice = None;
                        scenario = None;
                        true
                    }
                    // A refused link changes nothing.
                    Err(reason) => {
                        notice = Some(reason);
                        false
                    }
                },
                Action::BackToOwn { own, notice: why } => {
                    *playground = *own;
                    slot = Slot::Own;
                    notice = why;
                    // The scenario (or link) was the shared session's.
                    scenario = None;
                    false
                }
                Action::KeepShared => {
                    slot = Slot::Own;
                    true
                }
                Action::LoadScenario { id, text, resume, wall_ms } => {
                    match text.and_then(|text| Scenario::from_json(&text)) {
                        Ok(loaded) => {
                            let played = match resume {
                                Some(played) => played.min(loaded.steps.len()),
                                None => {
                                    // Like a share link, beside the reader's own session.
                                    *playground = loaded.play(wall_ms);
                                    slot = storage::link_slot();
                                    if let Some(speed) = self.speed {
                                        playground.set_speed(speed, wall_ms);
                                    }
                                    loaded.steps.len()
                                }
                            };
                            scenario = Some(OpenScenario { id, scenario: Rc::new(loaded), played });
                            notice = None;
                            resume.is_none()
                        }
                        Err(reason) => {
                            notice = Some(reason);
                            false
                        }
                    }
                }
                Action::ScenarioNext { wall_ms } => match &mut scenario {
                    Some(open) if open.played < open.scenario.steps.len() => {
                        open.scenario.play_more(open.played, open.played + 1, &mut playground, wall_ms);
                        open.played += 1;
                        true
                    }
                    _ => false,
                },
                Action::ScenarioPlayAll { wall_ms } => match &mut scenario {
                    Some(open) => {
                        let all = open.scenario.steps.len();
                        open.scenario.play_more(open.played, all, &mut playground, wall_ms);
                        open.played = all;
                        playground.set_paused(open.scenario.paused, wall_ms);
                        true
                    }
                    None => false,
                },
                Action::ScenarioPrevious { wall_ms } => {
                    rewind(&mut scenario, &mut playground, |played| played.saturating_sub(1), wall_ms)
                }
                Action::ScenarioRestart { wall_ms } => rewind(&mut scenario, &mut playground, |_| 0, wall_ms),
                Action::LoadTutorial { id, text, step, wall_ms } => {
                    match text.and_then(|text| Tutorial::from_json(&text)) {
                        Ok(loaded) => {
                            let index = step.saturating_sub(1).min(loaded.steps.len() - 1);
                            // A link to a later step sets up what that step needs, unless the
                            // learner already has an account to lose (the panel then offers it).
                            let set_up = index > 0 && playground.exchanges().is_empty();
                            if set_up {
                                *playground = loaded.start_at(index, wall_ms);
                            }
                            tutorial = Some(OpenTutorial { id, tutorial: Rc::new(loaded), index });
                            set_up
                        }
                        Err(reason) => {
                            notice = Some(reason);
                            false
                        }
                    }
                }
                Action::TutorialStep(index) => {
                    if let Some(open) = &mut tutorial {
                        open.index = index.min(open.tutorial.steps.len() - 1);
                    }
                    false
                }
                Action::TutorialDoIt { wall_ms } => match &tutorial {
                    Some(open) => {
                        open.tutorial.steps[open.index].do_it(&mut playground, wall_ms);
                        true
                    }
                    None => false,
                },
                Action::TutorialSetUp { wall_ms } => match &tutorial {
                    Some(open) => {
                        *playground = open.tutorial.start_at(open.index, wall_ms);
                        scenario = None;
                        true
                    }
                    None => false,
                },
                Action::CloseTutorial => {
                    tutorial = None;
                    false
                }
                Action::DismissNotice => {
                    notice = None;
                    false
                }
            }
        };
        if save {
            ticks_since_save = 0;
        }
        Rc::new(Self {
            playground: Rc::clone(&self.playground),
            notice,
            scenario,
            tutorial,
            speed: self.speed,
            speed_pinned: self.speed_pinned,
            source: self.source,
            slot,
            saves: self.saves + u32::from(save),
            ticks_since_save,
            traffic_error,
            jump_slices,
        })
    }
}
