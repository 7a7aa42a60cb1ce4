//! A playground session as it is saved (local storage and share links): its journal of intents
//! (`journal.rs`) and where the clock stood. The core is deterministic, so replaying the journal
//! rebuilds the same streams and the same bytes.
//!
//! The record is versioned. A record of another version, or one that does not read, is refused
//! with a message that says why, and the playground starts fresh instead.

use serde::{Deserialize, Serialize};

pub use super::journal::Event;
use crate::sim::{Durations, Operation};

/// Bump when a saved record can hold what an older release cannot read; every older version
/// is still read. 2: described producers (`Event::StartProducer`, `Event::StopProducer`).
pub const SESSION_VERSION: u32 = 2;
/// Bounds that keep a hostile or runaway record from freezing the page on replay. A replay
/// costs about 2 µs a call natively (`Playground::restore`), so the most a record may hold
/// replays in well under a second; a long workshop makes tens of thousands.
pub const MAX_EVENTS: usize = 100_000;
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Which status durations the simulated account uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    Realistic,
    Fast,
}

impl Preset {
    pub fn durations(self) -> Durations {
        match self {
            Self::Realistic => Durations::REALISTIC,
            Self::Fast => Durations::FAST,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSession {
    pub version: u32,
    /// Simulation time when the session began.
    pub started_ms: i64,
    pub events: Vec<Event>,
    /// Where the clock stood, how fast it ran, and whether it was paused.
    pub now_ms: i64,
    pub speed: u32,
    pub paused: bool,
}

impl SavedSession {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a saved record, or says in plain words why it cannot be used.
    pub fn from_json(text: &str) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        let version = serde_json::from_str::<VersionOnly>(text)
            .map_err(|_| "The saved session could not be read (it is damaged).".to_owned())?
            .version;
        if !(1..=SESSION_VERSION).contains(&version) {
            return Err(format!(
                "The saved session is from another version of the playground (format {version}, this one reads {SESSION_VERSION})."
            ));
        }
        let session: Self = serde_json::from_str(text)
            .map_err(|_| "The saved session could not be read (it is damaged).".to_owned())?;
        if session.events.len() > MAX_EVENTS {
            return Err(format!("The saved session holds more than {MAX_EVENTS} calls."));
        }
        for event in &session.events {
            match event {
                Event::Call { operation, body, .. } => {
                    if Operation::from_name(operation).is_none() {
                        return Err(format!("The saved session names an unknown operation ({operation:.40})."));
                    }
                    if body.len() > MAX_BODY_BYTES {
                        return Err("The saved session holds a request body that is too large.".into());
                    }
                }
                Event::StartProducer { spec, .. } if version < 2 => {
                    return Err(format!(
                        "The saved session (format {version}) cannot hold producers ({:.40}).",
                        spec.name
                    ));
                }
                Event::StartProducer { spec, .. } => {
                    if let Err(why) = spec.check() {
                        return Err(format!("The saved session holds a producer that cannot run: {why}"));
                    }
                }
                Event::Durations { .. } | Event::StopProducer { .. } => {}
            }
        }
        Ok(session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{ProducerSpec, RatePattern};

    fn session() -> SavedSession {
        SavedSession {
            version: SESSION_VERSION,
            started_ms: 1_700_000_000_000,
            events: vec![
                Event::Call { at_ms: 1_700_000_000_000, operation: "CreateStream".into(), body: "{}".into() },
                Event::Durations { at_ms: 1_700_000_001_000, preset: Preset::Fast },
            ],
            now_ms: 1_700_000_002_000,
            speed: 10,
            paused: true,
        }
    }

    #[test]
    fn round_trips() {
        let text = session().to_json();
        assert!(text.contains(r#""kind":"call""#) && text.contains(r#""preset":"fast""#), "{text}");
        assert_eq!(SavedSession::from_json(&text), Ok(session()));
    }

    #[test]
    fn refuses_other_versions_and_damage_with_a_reason() {
        let other = session().to_json().replace(r#""version":2"#, r#""version":99"#);
        assert!(SavedSession::from_json(&other).unwrap_err().contains("another version"));
        for damaged in ["", "{", "[]", "null", r#"{"version":1}"#, r#"{"version":"1"}"#] {
            assert!(SavedSession::from_json(damaged).unwrap_err().contains("could not be read"), "{damaged}");
        }
        let unknown = session().to_json().replace("CreateStream", "<script>");
        assert!(SavedSession::from_json(&unknown).unwrap_err().contains("unknown operation"));
    }

    fn producer() -> ProducerSpec {
        ProducerSpec {
            name: "orders".into(),
            stream_name: "s".into(),
            records_per_second: 1500,
            pattern: RatePattern::Spike { factor: 3, after_minutes: 5, lasting_minutes: 5 },
            data_bytes: 1000,
            key_count: 1000,
            hot_key_per_mille: 0,
            start_ms: 1_700_000_000_000,
            stop_ms: None,
        }
    }

    #[test]
    fn producers_are_kept_from_format_2_and_format_1_still_reads() {
        let mut with_producers = session();
        with_producers.events.push(Event::StartProducer { at_ms: 1_700_000_001_500, spec: producer() });
        with_producers.events.push(Event::StopProducer { at_ms: 1_700_000_001_900, id: 1 });
        let text = with_producers.to_json();
        assert!(text.contains(r#""kind":"start_producer""#) && text.contains(r#""pattern":"spike 3 5 5""#), "{text}");
        assert_eq!(SavedSession::from_json(&text), Ok(with_producers.clone()));

        let first_format = SavedSession { version: 1, ..session() };
        assert_eq!(SavedSession::from_json(&first_format.to_json()), Ok(first_format));
        let mixed = text.replace(r#""version":2"#, r#""version":1"#);
        assert!(SavedSession::from_json(&mixed).unwrap_err().contains("cannot hold producers"));

        let hostile = text.replace(r#""records_per_second":1500"#, r#""records_per_second":0"#);
        assert!(SavedSession::from_json(&hostile).unwrap_err().contains("cannot run"));
    }
}
