//! Scenarios: ready-made sessions a trainer or tutorial opens with `?scenario=ID`, written as
//! JSON files in `static/scenarios/` (the format is in docs/scenarios.md; no Rust needed). Each
//! pins its start time and durations, so it replays to the same trace every time.
//!
//! ```json
//! { "format": 1, "title": "…", "summary": "…", "start_ms": 1700000000000, "durations": "fast",
//!   "steps": [ { "call": "CreateStream", "body": { "StreamName": "orders" } },
//!              { "wait_ms": 1000 }, { "skip_to_next_transition": true } ] }
//! ```

use super::members::{Members, needed};
use super::session::Preset;
use super::{Playground, host_api};
use crate::sim::json::{self, Value};
use crate::sim::{ConsumerSpec, Operation, ProducerSpec};

pub const SCENARIO_FORMAT: u32 = 1;
const MAX_STEPS: usize = 5_000;
/// A file larger than this is refused unread (the four in the repo are under 3 KB).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
const MAX_WAIT_MS: i64 = 366 * 24 * 3_600_000;

/// Read by hand (`members`), as the page's bundle would otherwise carry serde's reader.
#[derive(Debug)]
pub struct Scenario {
    pub format: u32,
    pub title: String,
    pub summary: String,
    /// Simulation time of the first step, epoch ms.
    pub start_ms: i64,
    pub durations: Preset,
    /// Defaults 1 and false.
    pub speed: u32,
    pub paused: bool,
    pub steps: Vec<ScenarioStep>,
}

/// One step: exactly one of an API call, a wait, a skip to the next transition, or starting or
/// stopping a producer or a consumer.
#[derive(Debug)]
pub struct ScenarioStep {
    pub call: Option<String>,
    /// The request body to send: a JSON object exactly as written, or the text of a string
    /// (for malformed requests on purpose).
    pub body: Option<String>,
    pub wait_ms: Option<i64>,
    pub skip_to_next_transition: Option<bool>,
    /// A producer, as the host API's `startProducer` takes it (docs/embedding.md): `stream`,
    /// `recordsPerSecond`, `recordBytes`, `hotKeyPercent`, `pattern`, `retries`; or why it is
    /// not one, which `check` reports.
    pub start_producer: Option<Result<ProducerSpec, String>>,
    /// The number of a producer to stop: the first started is 0.
    pub stop_producer: Option<u32>,
    /// A consumer, as `startConsumer` takes it: `stream`, `startingPosition`.
    pub start_consumer: Option<Result<ConsumerSpec, String>>,
    pub stop_consumer: Option<u32>,
    /// What the step shows, in a sentence, for a trainer presenting step by step.
    pub caption: Option<String>,
}

impl Scenario {
    pub fn from_json(text: &str) -> Result<Self, String> {
        if text.len() > MAX_FILE_BYTES {
            return Err(format!("The scenario is too large to play (over {} KB).", MAX_FILE_BYTES / 1024));
        }
        let unreadable = |why: String| format!("The scenario could not be read: {why}.");
        let document = json::parse(text).map_err(|e| unreadable(e.to_string()))?;
        let value = document.root();
        // Another format is refused for its format alone, whatever else it holds.
        if let Some(format) = value.get("format").and_then(Value::as_u64).filter(|&f| f != u64::from(SCENARIO_FORMAT)) {
            return Err(format!(
                "The scenario is written in format {format}, which this playground does not read (it reads format {SCENARIO_FORMAT})."
            ));
        }
        let scenario = Self::read(value).map_err(unreadable)?;
        if scenario.steps.len() > MAX_STEPS {
            return Err(format!("The scenario has more than {MAX_STEPS} steps."));
        }
        for (i, step) in scenario.steps.iter().enumerate() {
            step.check().map_err(|why| format!("Step {} {why}.", i + 1))?;
        }
        Ok(scenario)
    }

    /// The scenario's members.
    fn read(value: Value) -> Result<Self, String> {
        Members::read(value, "the scenario", |members| {
            let format = needed(members.small("format")?, "format")?;
            let durations = match needed(members.text("durations")?, "durations")?.as_str() {
                "realistic" => Preset::Realistic,
                "fast" => Preset::Fast,
                _ => return Err("`durations` must be \"realistic\" or \"fast\"".into()),
            };
            let steps = needed(members.list("steps")?, "steps")?
                .iter()
                .enumerate()
                .map(|(at, step)| ScenarioStep::read(step).map_err(|why| format!("step {}: {why}", at + 1)))
                .collect::<Result<_, _>>()?;
            Ok(Self {
                format,
                title: needed(members.text("title")?, "title")?,
                summary: members.text("summary")?.unwrap_or_default(),
                start_ms: needed(members.integer("start_ms")?, "start_ms")?,
                durations,
                speed: members.small("speed")?.unwrap_or(1),
                paused: members.flag("paused")?.unwrap_or(false),
                steps,
            })
        })
    }

    /// Plays the scenario into a playground; its clock then runs on from the last step.
    pub fn play(&self, wall_ms: f64) -> Playground {
        self.play_first(self.steps.len(), wall_ms)
    }

    /// The account after the first `count` steps. With every step played the clock runs as the
    /// scenario says; part way, it stands paused, for a trainer to present the next step.
    pub fn play_first(&self, count: usize, wall_ms: f64) -> Playground {
        let mut playground = Playground::starting(self.start_ms, self.durations, wall_ms);
        let count = count.min(self.steps.len());
        let now_ms = play_steps(&mut playground, &self.steps[..count], self.start_ms);
        let (speed, paused) = if count == self.steps.len() { (self.speed, self.paused) } else { (self.speed, true) };
        playground.resume_at(now_ms, speed, paused, wall_ms);
        playground
    }

    /// Plays steps `from..to` at the playground's current time (a trainer's Next, or the rest
    /// at once); the clock moves on to where they leave it.
    pub fn play_more(&self, from: usize, to: usize, playground: &mut Playground, wall_ms: f64) {
        let steps = self.steps.get(from..to.min(self.steps.len())).unwrap_or_default();
        playground.tick(wall_ms);
        let now_ms = play_steps(playground, steps, playground.now_ms());
        playground.clock_to(now_ms, wall_ms);
    }
}

impl ScenarioStep {
    /// A step's members; its body as written.
    pub fn read(value: Value) -> Result<Self, String> {
        Members::read(value, "a step", |members| {
            let body = match members.any("body") {
                Some(Value::String(text)) => Some(text.to_owned()),
                _ => members.raw("body").map(str::to_owned),
            };
            Ok(Self {
                call: members.text("call")?,
                body,
                wait_ms: members.integer("wait_ms")?,
                skip_to_next_transition: members.flag("skip_to_next_transition")?,
                start_producer: members.any("start_producer").map(host_api::producer),
                stop_producer: members.small("stop_producer")?,
                start_consumer: members.any("start_consumer").map(host_api::consumer),
                stop_consumer: members.small("stop_consumer")?,
                caption: members.text("caption")?,
            })
        })
    }

    /// The step's caption, or what it does in words.
    pub fn caption(&self) -> String {
        if let Some(caption) = &self.caption {
            return caption.clone();
        }
        match (&self.call, self.wait_ms) {
            (Some(operation), _) => format!("Call {operation}."),
            (None, Some(ms)) if ms % 1000 == 0 => format!("Wait {} s.", ms / 1000),
            (None, Some(ms)) => format!("Wait {ms} ms."),
            _ if self.start_producer.is_some() => {
                let stream = self.start_producer.as_ref().and_then(|spec| spec.as_ref().ok());
                format!("Start a producer on {}.", stream.map_or("", |spec| &spec.stream_name))
            }
            _ if self.start_consumer.is_some() => {
                let stream = self.start_consumer.as_ref().and_then(|spec| spec.as_ref().ok());
                format!("Start a consumer on {}.", stream.map_or("", |spec| &spec.stream_name))
            }
            _ if self.stop_producer.is_some() => "Stop a producer.".to_owned(),
            _ if self.stop_consumer.is_some() => "Stop a consumer.".to_owned(),
            _ => "Skip to the next transition.".to_owned(),
        }
    }

    /// Why the step cannot be played, completing "Step N …", or Ok.
    pub fn check(&self) -> Result<(), String> {
        let kinds = [
            self.call.is_some(),
            self.wait_ms.is_some(),
            self.skip_to_next_transition.is_some(),
            self.start_producer.is_some(),
            self.stop_producer.is_some(),
            self.start_consumer.is_some(),
            self.stop_consumer.is_some(),
        ];
        if kinds.iter().filter(|&&k| k).count() != 1 || (self.body.is_some() && self.call.is_none()) {
            return Err("must be exactly one of a call, a wait, a skip, or starting or stopping traffic".into());
        }
        if let Some(spec) = &self.start_producer {
            let spec = spec.as_ref().map_err(|why| format!("starts no producer: {why}"))?;
            spec.check().map_err(|why| format!("starts no producer: {why}"))?;
        }
        if let Some(Err(why)) = &self.start_consumer {
            return Err(format!("starts no consumer: {why}"));
        }
        if let Some(operation) = &self.call
            && Operation::from_name(operation).is_none()
        {
            return Err(format!("calls an unknown operation ({operation:.40})"));
        }
        if self.wait_ms.is_some_and(|ms| !(0..=MAX_WAIT_MS).contains(&ms)) {
            return Err("waits longer than a year, or a negative time".into());
        }
        Ok(())
    }
}

/// Plays checked steps into a playground from simulation time `start_ms` (scenarios, and a
/// tutorial's "Do it for me"); returns the time after the last step. The playground's clock is
/// left where it was: the caller resumes it at the time returned.
pub fn play_steps(playground: &mut Playground, steps: &[ScenarioStep], start_ms: i64) -> i64 {
    let mut now_ms = start_ms;
    for step in steps {
        if let (Some(operation), body) = (&step.call, &step.body) {
            let operation = Operation::from_name(operation).unwrap_or(Operation::DescribeLimits);
            let body = body.clone().unwrap_or_else(|| "{}".to_owned());
            now_ms = playground.call_at_time(operation, body, now_ms);
        } else if let Some(wait_ms) = step.wait_ms {
            now_ms = now_ms.saturating_add(wait_ms);
        } else if step.skip_to_next_transition == Some(true) {
            now_ms = playground.next_transition_ms().unwrap_or(now_ms).max(now_ms);
        } else if let Some(Ok(spec)) = &step.start_producer {
            let spec = ProducerSpec { name: playground.next_producer_name(), ..spec.clone() };
            // A stream that is not there makes the producer's calls fail, as they would.
            let _ = playground.start_producer_at(spec, now_ms);
        } else if let Some(Ok(spec)) = &step.start_consumer {
            let spec = ConsumerSpec { name: playground.next_consumer_name(), ..spec.clone() };
            let _ = playground.start_consumer_at(spec, now_ms);
        } else if let Some(id) = step.stop_producer {
            playground.stop_producer_at(id, now_ms);
        } else if let Some(id) = step.stop_consumer {
            playground.stop_consumer_at(id, now_ms);
        }
    }
    now_ms
}

/// Scenario ids: the file names of `static/scenarios/`, lower case, digits and dashes.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plays_and_refuses() {
        let text = r#"{"format":1,"title":"t","start_ms":1700000000000,"durations":"fast","steps":[
            {"call":"CreateStream","body":{"StreamName":"a","ShardCount":1}},
            {"skip_to_next_transition":true},
            {"call":"CreateStream","body":"{\"StreamName\":"},
            {"wait_ms":5000}]}"#;
        let scenario = Scenario::from_json(text).unwrap();
        let playground = scenario.play(0.0);
        let log = playground.exchanges().since(0);
        assert_eq!(log[0].request_body, r#"{"StreamName":"a","ShardCount":1}"#);
        assert_eq!((log[0].at_ms, log[1].at_ms), (1_700_000_000_000, 1_700_000_000_500));
        assert_eq!(log[1].request_body, r#"{"StreamName":"#);
        assert_eq!(playground.now_ms(), 1_700_000_005_500);

        for (bad, reason) in [
            (r#"{"format":2,"title":"t","start_ms":0,"durations":"fast","steps":[]}"#, "format 2"),
            (r#"{"format":1,"title":"t","start_ms":0,"durations":"slow","steps":[]}"#, "could not be read"),
            (
                r#"{"format":1,"title":"t","start_ms":0,"durations":"fast","steps":[{"wait_ms":1,"call":"ListStreams"}]}"#,
                "exactly one",
            ),
            (
                r#"{"format":1,"title":"t","start_ms":0,"durations":"fast","steps":[{"call":"Nope"}]}"#,
                "unknown operation",
            ),
            (r#"{"format":1,"title":"t","start_ms":0,"durations":"fast","steps":[{"wait_ms":-1}]}"#, "negative"),
            (r#"{"format":1,"title":"t","start_ms":0,"durations":"fast","steps":[],"extra":1}"#, "no member `extra`"),
            (
                r#"{"format":1,"title":"t","start_ms":0,"durations":"fast","steps":[{"wait_ms":"5"}]}"#,
                "step 1: `wait_ms` must be a whole number",
            ),
            (r#"{"format":1,"title":"t","start_ms":0,"durations":"fast","steps":[{"wait":1}]}"#, "no member `wait`"),
            (r#"{"format":1,"title":"t","start_ms":0,"durations":"fast","steps":[7]}"#, "a step must be a JSON object"),
            (r#"{"format":1,"title":"t","durations":"fast","steps":[]}"#, "`start_ms` is missing"),
            (r#"[1]"#, "the scenario must be a JSON object"),
        ] {
            assert!(Scenario::from_json(bad).unwrap_err().contains(reason), "{bad}");
        }
        let huge = format!(
            r#"{{"format":1,"title":"t","start_ms":0,"durations":"fast","steps":[{{"call":"ListStreams","body":"{}"}}]}}"#,
            "x".repeat(MAX_FILE_BYTES)
        );
        assert_eq!(Scenario::from_json(&huge).unwrap_err(), "The scenario is too large to play (over 1024 KB).");
        assert!(
            Scenario::from_json("{\"format\":1,\"title\":<script>")
                .unwrap_err()
                .starts_with("The scenario could not be read")
        );
        assert!(valid_id("first-on-demand-stream") && !valid_id("../x") && !valid_id(""));
    }

    #[test]
    fn traffic_steps_start_and_stop_producers_and_consumers() {
        let text = r#"{"format":1,"title":"t","start_ms":1700000000000,"durations":"fast","steps":[
            {"call":"CreateStream","body":{"StreamName":"a","ShardCount":1}},
            {"skip_to_next_transition":true},
            {"start_producer":{"stream":"a","recordsPerSecond":1500,"recordBytes":100,"retries":true}},
            {"start_consumer":{"stream":"a","startingPosition":"TRIM_HORIZON"}},
            {"wait_ms":60000},
            {"stop_consumer":0}]}"#;
        let scenario = Scenario::from_json(text).unwrap();
        assert_eq!(scenario.steps[2].caption(), "Start a producer on a.");
        let playground = scenario.play(0.0);
        let producers = playground.producers();
        assert_eq!(producers.iter().map(|row| row.spec.name.as_str()).collect::<Vec<_>>(), ["producer-1"]);
        assert!(producers[0].spec.retries && producers[0].waiting > 0, "1,500 a second on one shard wait");
        assert!(playground.consumers().is_empty(), "stopped");
        let minutes = playground.minutes("a");
        assert!(minutes.iter().any(|minute| minute.write_exceeded > 0 && minute.incoming_records > 0));
        for (bad, reason) in [
            (r#"{"start_producer":{"stream":"a","recordsPerSecond":0}}"#, "starts no producer"),
            (r#"{"start_producer":{"recordsPerSecond":10}}"#, "starts no producer"),
            (r#"{"start_consumer":{"stream":"a","startingPosition":"AT_NOON"}}"#, "starts no consumer"),
            (r#"{"stop_producer":0,"wait_ms":1}"#, "exactly one"),
        ] {
            let text = format!(r#"{{"format":1,"title":"t","start_ms":0,"durations":"fast","steps":[{bad}]}}"#);
            assert!(Scenario::from_json(&text).unwrap_err().contains(reason), "{bad}");
        }
    }
}
