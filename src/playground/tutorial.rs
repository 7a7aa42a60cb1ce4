//! Guided tutorials: steps that each explain one idea, ask the learner to do one thing, and tick
//! themselves off when the simulator's state shows it done. A tutorial is a JSON file in
//! `static/tutorials/` (opened with `?tutorial=ID&step=N`); its checks are declarative, so a
//! trainer writes one without Rust.
//!
//! Besides its explanation and task, a step may carry a `hint`, the control it is about
//! (`points_to`, which the page highlights) and `do_it`: the scenario steps (docs/scenarios.md)
//! that do the task, for "Do it for me". A step's starting state is the account after doing the
//! steps before it, so `&step=N` can set it up. A `recap` ends the tutorial. The format is
//! documented in docs/tutorials.md.
//!
//! A step's `done_when` lists checks that must all hold:
//! `{"stream": {"mode": "ON_DEMAND", "status": "ACTIVE", "open_shards": 4}}` (some stream is so),
//! `{"call": {"operation": "DescribeLimits", "status": 200}}` or
//! `{"call": {"operation": "UpdateStreamMode", "error": "LimitExceededException"}}` (the log has
//! such a call), `{"no_stream_in_status": "UPDATING"}` (and at least one stream exists),
//! `{"traffic": {"mode": "PROVISIONED", "throttled": true}}` (a stream's newest minute of
//! metrics shows writes throttled; see `TrafficCheck`).

use super::members::{Members, needed};
use super::scenario::{ScenarioStep, play_steps};
use super::traffic_form::RunningProducer;
use super::{ExchangeLog, Playground, StreamRow};
use crate::sim::json::{self, Value};

pub const TUTORIAL_FORMAT: u32 = 1;

/// Read by hand (`members`), as the page's bundle would otherwise carry serde's reader.
#[derive(Debug)]
pub struct Tutorial {
    pub format: u32,
    pub title: String,
    /// One sentence for the start panel's menu.
    pub summary: String,
    pub steps: Vec<TutorialStep>,
    /// What the learner takes away, shown once the last step is done.
    pub recap: Vec<String>,
}

#[derive(Debug)]
pub struct TutorialStep {
    pub title: String,
    /// Paragraphs of explanation.
    pub text: Vec<String>,
    /// The one thing to do.
    pub task: String,
    pub done_when: Vec<Check>,
    /// A nudge for a learner who is stuck, shown on request.
    pub hint: Option<String>,
    /// The control the task is about.
    pub points_to: Option<Control>,
    /// Scenario steps that do the task ("Do it for me"), played at the current time.
    pub do_it: Vec<ScenarioStep>,
}

/// The page's controls a step can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    CreateStream,
    Streams,
    AccountLimits,
    RequestConsole,
    Inspector,
    Clock,
    Traffic,
    Metrics,
    Cost,
}

impl Control {
    /// The CSS selector of the control's element on the page (its class, which the components
    /// keep whatever element they draw it with).
    pub fn selector(self) -> &'static str {
        match self {
            Self::CreateStream => ".create-stream",
            Self::Streams => ".streams-pane",
            Self::AccountLimits => ".account-limits",
            Self::RequestConsole => ".console",
            Self::Inspector => ".inspector",
            Self::Clock => ".clock",
            Self::Traffic => ".traffic",
            Self::Metrics => ".metrics",
            Self::Cost => ".cost",
        }
    }

    /// The control a file names, in kebab case.
    fn named(name: &str) -> Option<Self> {
        Some(match name {
            "create-stream" => Self::CreateStream,
            "streams" => Self::Streams,
            "account-limits" => Self::AccountLimits,
            "request-console" => Self::RequestConsole,
            "inspector" => Self::Inspector,
            "clock" => Self::Clock,
            "traffic" => Self::Traffic,
            "metrics" => Self::Metrics,
            "cost" => Self::Cost,
            _ => return None,
        })
    }

    /// Its name in a sentence: "Show me the …".
    pub fn label(self) -> &'static str {
        match self {
            Self::CreateStream => "create form",
            Self::Streams => "streams list",
            Self::AccountLimits => "account limits",
            Self::RequestConsole => "request console",
            Self::Inspector => "inspector",
            Self::Clock => "clock",
            Self::Traffic => "Traffic region",
            Self::Metrics => "Metrics region",
            Self::Cost => "Cost region",
        }
    }
}

#[derive(Debug)]
pub enum Check {
    Stream(StreamCheck),
    Call(CallCheck),
    NoStreamInStatus(String),
    Traffic(TrafficCheck),
}

/// Some stream's traffic is so: every member given holds for one stream.
#[derive(Debug)]
pub struct TrafficCheck {
    pub mode: Option<String>,
    /// The newest minute of metrics shows writes throttled (true), or writes and none
    /// throttled (false).
    pub throttled: Option<bool>,
    pub open_shards_at_least: Option<u32>,
    /// A producer with a hot key sends to the stream (true), or none does (false).
    pub hot_key: Option<bool>,
    /// How many producers send to the stream.
    pub producers: Option<usize>,
    /// The stream has had traffic in at least this many minutes.
    pub minutes_at_least: Option<usize>,
}

#[derive(Debug)]
pub struct StreamCheck {
    pub mode: Option<String>,
    pub status: Option<String>,
    pub open_shards: Option<u32>,
}

#[derive(Debug)]
pub struct CallCheck {
    pub operation: String,
    pub status: Option<u16>,
    /// The `__type` of an error answer.
    pub error: Option<String>,
}

impl Tutorial {
    pub fn from_json(text: &str) -> Result<Self, String> {
        if text.len() > super::scenario::MAX_FILE_BYTES {
            return Err("The tutorial is too large to open.".into());
        }
        let unreadable = |why: String| format!("The tutorial could not be read: {why}.");
        let document = json::parse(text).map_err(|e| unreadable(e.to_string()))?;
        let value = document.root();
        if let Some(format) = value.get("format").and_then(Value::as_u64).filter(|&f| f != u64::from(TUTORIAL_FORMAT)) {
            return Err(format!("The tutorial is written in format {format}, which this playground does not read."));
        }
        let tutorial = Self::read(value).map_err(unreadable)?;
        if tutorial.steps.is_empty() {
            return Err("The tutorial has no steps.".into());
        }
        for (i, step) in tutorial.steps.iter().enumerate() {
            for (j, action) in step.do_it.iter().enumerate() {
                action.check().map_err(|why| format!("Step {}, action {} {why}.", i + 1, j + 1))?;
            }
        }
        Ok(tutorial)
    }

    /// The tutorial's members.
    fn read(value: Value) -> Result<Self, String> {
        Members::read(value, "the tutorial", |members| {
            let steps = needed(members.list("steps")?, "steps")?
                .iter()
                .enumerate()
                .map(|(at, step)| TutorialStep::read(step).map_err(|why| format!("step {}: {why}", at + 1)))
                .collect::<Result<_, _>>()?;
            Ok(Self {
                format: needed(members.small("format")?, "format")?,
                title: needed(members.text("title")?, "title")?,
                summary: members.text("summary")?.unwrap_or_default(),
                steps,
                recap: members.texts("recap")?.unwrap_or_default(),
            })
        })
    }

    /// A fresh account in the state step `index` starts from: the steps before it done, from
    /// now on the clock. The clock runs on from there.
    pub fn start_at(&self, index: usize, wall_ms: f64) -> Playground {
        let mut playground = Playground::new(wall_ms);
        let start_ms = playground.now_ms();
        let mut now_ms = start_ms;
        for step in self.steps.iter().take(index) {
            now_ms = play_steps(&mut playground, &step.do_it, now_ms);
        }
        playground.resume_at(now_ms, 1, false, wall_ms);
        playground
    }
}

impl Check {
    /// A check: an object of one member, its kind.
    fn read(value: Value) -> Result<Self, String> {
        let only = value.as_object().filter(|map| map.len() == 1).and_then(|map| map.iter().next());
        let Some((kind, inner)) = only else {
            return Err("a check is an object of one member: stream, call, no_stream_in_status or traffic".into());
        };
        match kind {
            "no_stream_in_status" => inner
                .as_str()
                .map(|status| Self::NoStreamInStatus(status.to_owned()))
                .ok_or_else(|| "`no_stream_in_status` must be a string".into()),
            "stream" => Members::read(inner, "`stream`", |members| {
                Ok(Self::Stream(StreamCheck {
                    mode: members.text("mode")?,
                    status: members.text("status")?,
                    open_shards: members.small("open_shards")?,
                }))
            }),
            "call" => Members::read(inner, "`call`", |members| {
                Ok(Self::Call(CallCheck {
                    operation: needed(members.text("operation")?, "operation")?,
                    status: members.small("status")?.and_then(|status| u16::try_from(status).ok()),
                    error: members.text("error")?,
                }))
            }),
            "traffic" => Members::read(inner, "`traffic`", |members| {
                Ok(Self::Traffic(TrafficCheck {
                    mode: members.text("mode")?,
                    throttled: members.flag("throttled")?,
                    open_shards_at_least: members.small("open_shards_at_least")?,
                    hot_key: members.flag("hot_key")?,
                    producers: members.count("producers")?,
                    minutes_at_least: members.count("minutes_at_least")?,
                }))
            }),
            other => Err(format!("there is no check `{other:.40}`")),
        }
    }

    fn holds(&self, playground: &Playground, streams: &[StreamRow], calls: &ExchangeLog) -> bool {
        match self {
            Self::Stream(want) => streams.iter().any(|s| {
                want.mode.as_deref().is_none_or(|m| m == s.mode.as_str())
                    && want.status.as_deref().is_none_or(|st| st == s.status.as_str())
                    && want.open_shards.is_none_or(|n| n == s.open_shard_count)
            }),
            Self::Call(want) => calls.any(|c| {
                c.operation.name() == want.operation
                    && want.status.is_none_or(|status| status == c.status)
                    && want.error.as_deref().is_none_or(|error| c.error_type() == Some(error))
            }),
            Self::NoStreamInStatus(status) => {
                !streams.is_empty() && streams.iter().all(|s| s.status.as_str() != status.as_str())
            }
            Self::Traffic(want) => {
                let producers = playground.producers();
                streams.iter().any(|s| want.holds_for(playground, &producers, s))
            }
        }
    }
}

impl TrafficCheck {
    fn holds_for(&self, playground: &Playground, producers: &[RunningProducer], stream: &StreamRow) -> bool {
        if self.mode.as_deref().is_some_and(|mode| mode != stream.mode.as_str())
            || self.open_shards_at_least.is_some_and(|least| stream.open_shard_count < least)
        {
            return false;
        }
        let producers: Vec<_> = producers.iter().filter(|row| row.spec.stream_name == stream.name).collect();
        if self.producers.is_some_and(|count| count != producers.len())
            || self.hot_key.is_some_and(|hot| hot != producers.iter().any(|row| row.spec.hot_key_per_mille > 0))
        {
            return false;
        }
        let minutes = playground.minutes(&stream.name);
        let newest = minutes.first();
        let throttled = match self.throttled {
            None => true,
            Some(true) => newest.is_some_and(|minute| minute.write_exceeded > 0),
            Some(false) => newest.is_some_and(|minute| minute.write_exceeded == 0 && minute.incoming_records > 0),
        };
        throttled && self.minutes_at_least.is_none_or(|least| minutes.len() >= least)
    }
}

impl TutorialStep {
    fn read(value: Value) -> Result<Self, String> {
        Members::read(value, "a step", |members| {
            let do_it = match members.list("do_it")? {
                None => Vec::new(),
                Some(actions) => actions
                    .iter()
                    .enumerate()
                    .map(|(at, action)| ScenarioStep::read(action).map_err(|why| format!("action {}: {why}", at + 1)))
                    .collect::<Result<_, _>>()?,
            };
            let points_to = match members.text("points_to")? {
                None => None,
                Some(name) => Some(Control::named(&name).ok_or_else(|| format!("there is no control `{name:.40}`"))?),
            };
            let done_when = needed(members.list("done_when")?, "done_when")?.iter().map(Check::read);
            Ok(Self {
                title: needed(members.text("title")?, "title")?,
                text: needed(members.texts("text")?, "text")?,
                task: needed(members.text("task")?, "task")?,
                done_when: done_when.collect::<Result<_, _>>()?,
                hint: members.text("hint")?,
                points_to,
                do_it,
            })
        })
    }

    /// Whether the simulator's state shows the step done; `streams` are its rows, which the
    /// page has at hand.
    pub fn is_done(&self, playground: &Playground, streams: &[StreamRow]) -> bool {
        let calls = playground.exchanges();
        self.done_when.iter().all(|check| check.holds(playground, streams, &calls))
    }

    /// "Do it for me": the step's actions, played now; the clock keeps its speed and moves on
    /// to where the actions left it (a skip to the next transition, say).
    pub fn do_it(&self, playground: &mut Playground, wall_ms: f64) {
        playground.tick(wall_ms);
        let now_ms = play_steps(playground, &self.do_it, playground.now_ms());
        playground.clock_to(now_ms, wall_ms);
    }
}

/// Tutorial ids: file names of `static/tutorials/`.
pub fn valid_id(id: &str) -> bool {
    super::scenario::valid_id(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::Playground;
    use crate::sim::Operation;

    #[test]
    fn huge_files_are_refused_unread() {
        let huge =
            format!(r#"{{"format":1,"title":"{}","steps":[]}}"#, "x".repeat(super::super::scenario::MAX_FILE_BYTES));
        assert_eq!(Tutorial::from_json(&huge).unwrap_err(), "The tutorial is too large to open.");
    }

    #[test]
    fn steps_tick_off_from_the_simulator_state() {
        let tutorial = Tutorial::from_json(
            r#"{"format":1,"title":"t","steps":[
                {"title":"a","text":["x"],"task":"y","done_when":[{"stream":{"mode":"ON_DEMAND","status":"ACTIVE","open_shards":4}}]},
                {"title":"b","text":[],"task":"z","done_when":[{"call":{"operation":"CreateStream","error":"ValidationException"}},{"no_stream_in_status":"CREATING"}]}]}"#,
        )
        .unwrap();
        let mut p = Playground::new(0.0);
        let done = |p: &Playground, i: usize| tutorial.steps[i].is_done(p, &p.stream_rows());
        assert!(!done(&p, 0) && !done(&p, 1));
        p.send(
            Operation::CreateStream,
            r#"{"StreamName":"a","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#.into(),
            0.0,
        );
        assert!(!done(&p, 0), "still CREATING");
        p.skip_to_next_transition(0.0);
        assert!(done(&p, 0));
        p.send(Operation::CreateStream, r#"{"StreamName":"bad name"}"#.into(), 0.0);
        assert!(done(&p, 1));
        assert!(Tutorial::from_json(r#"{"format":1,"title":"t","steps":[]}"#).is_err());
        let refused =
            |step: &str| Tutorial::from_json(&format!(r#"{{"format":1,"title":"t","steps":[{step}]}}"#)).unwrap_err();
        assert!(refused(r#"{"title":"a","text":[],"task":"","done_when":[{"magic":1}]}"#).contains("no check `magic`"));
        let two = refused(r#"{"title":"a","text":[],"task":"","done_when":[{"stream":{},"call":{}}]}"#);
        assert!(two.contains("a check is an object of one member"), "{two}");
        let nowhere = refused(r#"{"title":"a","text":[],"task":"","done_when":[],"points_to":"nowhere"}"#);
        assert!(nowhere.contains("no control `nowhere`"), "{nowhere}");
        let traffic = refused(r#"{"title":"a","text":[],"task":"","done_when":[{"traffic":{"throttled":1}}]}"#);
        assert!(traffic.contains("step 1: `throttled` must be true or false"), "{traffic}");
        assert!(refused(r#"{"title":"a","task":"","done_when":[]}"#).contains("`text` is missing"));
    }
}
