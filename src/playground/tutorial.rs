//! Guided tutorials: steps that each explain one idea, ask the learner to do one thing, and tick
//! themselves off when the simulator's state shows it done. A tutorial is a JSON file in
//! `static/tutorials/` (opened with `?tutorial=ID&step=N`); its checks are declarative, so a
//! trainer writes one without Rust.
//!
//! A step's `done_when` lists checks that must all hold:
//! `{"stream": {"mode": "ON_DEMAND", "status": "ACTIVE", "open_shards": 4}}` (some stream is so),
//! `{"call": {"operation": "DescribeLimits", "status": 200}}` or
//! `{"call": {"operation": "UpdateStreamMode", "error": "LimitExceededException"}}` (the log has
//! such a call), `{"no_stream_in_status": "UPDATING"}` (and at least one stream exists).

use serde::Deserialize;

use super::{ExchangeLog, StreamRow};

pub const TUTORIAL_FORMAT: u32 = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tutorial {
    pub format: u32,
    pub title: String,
    /// One sentence for the start panel's menu.
    #[serde(default)]
    pub summary: String,
    pub steps: Vec<TutorialStep>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TutorialStep {
    pub title: String,
    /// Paragraphs of explanation.
    pub text: Vec<String>,
    /// The one thing to do.
    pub task: String,
    pub done_when: Vec<Check>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    Stream(StreamCheck),
    Call(CallCheck),
    NoStreamInStatus(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamCheck {
    pub mode: Option<String>,
    pub status: Option<String>,
    pub open_shards: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
        let tutorial: Self = serde_json::from_str(text).map_err(|e| format!("The tutorial could not be read: {e}."))?;
        if tutorial.format != TUTORIAL_FORMAT {
            return Err(format!(
                "The tutorial is written in format {}, which this playground does not read.",
                tutorial.format
            ));
        }
        if tutorial.steps.is_empty() {
            return Err("The tutorial has no steps.".into());
        }
        Ok(tutorial)
    }
}

impl Check {
    fn holds(&self, streams: &[StreamRow], calls: &ExchangeLog) -> bool {
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
        }
    }
}

impl TutorialStep {
    /// Whether the simulator's state shows the step done.
    pub fn is_done(&self, streams: &[StreamRow], calls: &ExchangeLog) -> bool {
        self.done_when.iter().all(|check| check.holds(streams, calls))
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
        let done = |p: &Playground, i: usize| tutorial.steps[i].is_done(&p.stream_rows(), &p.exchanges());
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
        assert!(
            Tutorial::from_json(
                r#"{"format":1,"title":"t","steps":[{"title":"a","text":[],"task":"","done_when":[{"magic":1}]}]}"#
            )
            .is_err()
        );
    }
}
