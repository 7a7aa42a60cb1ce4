//! A playground session as it is saved (local storage and share links): its journal of intents
//! (`journal.rs`) and where the clock stood. The core is deterministic, so replaying the journal
//! rebuilds the same streams and the same bytes.
//!
//! The record is versioned. A record of another version, or one that does not read, is refused
//! with a message that says why, and the playground starts fresh instead.

use serde::Serialize;

pub use super::journal::Event;
use crate::sim::json::{self, Value};
use crate::sim::{ConsumerSpec, Durations, Operation, ProducerSpec, RatePattern, StartingPosition};

/// Bump when a saved record can hold what an older release cannot read; every older version
/// is still read. 2: described producers (`Event::StartProducer`, `Event::StopProducer`).
/// 3: described consumers (`Event::StartConsumer`, `Event::StopConsumer`).
pub const SESSION_VERSION: u32 = 3;
/// Bounds that keep a hostile or runaway record from freezing the page on replay. A replay
/// costs about 2 µs a call natively (`Playground::restore`), so the most a record may hold
/// replays in well under a second; a long workshop makes tens of thousands.
pub const MAX_EVENTS: usize = 100_000;
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Which status durations the simulated account uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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

/// Written with serde; read by hand (`read_session`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
        const DAMAGED: &str = "The saved session could not be read (it is damaged).";
        let document = json::parse(text).map_err(|_| DAMAGED.to_owned())?;
        let value = document.root();
        let version = value.get("version").and_then(Value::as_u64).ok_or(DAMAGED)?;
        if !(1..=u64::from(SESSION_VERSION)).contains(&version) {
            return Err(format!(
                "The saved session is from another version of the playground (format {version}, this one reads {SESSION_VERSION})."
            ));
        }
        let session = read_session(value).ok_or(DAMAGED)?;
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
                Event::StartConsumer { spec, .. } if version < 3 => {
                    return Err(format!(
                        "The saved session (format {version}) cannot hold consumers ({:.40}).",
                        spec.name
                    ));
                }
                Event::StartConsumer { spec, .. } => {
                    if let Err(why) = spec.check() {
                        return Err(format!("The saved session holds a consumer that cannot run: {why}"));
                    }
                }
                Event::Durations { .. } | Event::StopProducer { .. } | Event::StopConsumer { .. } => {}
            }
        }
        Ok(session)
    }
}

/// The record's members, read by hand from the crate's JSON reader (`json`): serde's derived
/// reader of the journal's tagged events cost the page several kilobytes. It reads what that reader read: every member of the right
/// JSON type, others ignored, `stop_ms` null or absent when a producer has no stop.
fn read_session(value: Value) -> Option<SavedSession> {
    Some(SavedSession {
        version: u32::try_from(value.get("version")?.as_u64()?).ok()?,
        started_ms: value.get("started_ms")?.as_i64()?,
        events: value.get("events")?.as_array()?.iter().map(read_event).collect::<Option<_>>()?,
        now_ms: value.get("now_ms")?.as_i64()?,
        speed: u32::try_from(value.get("speed")?.as_u64()?).ok()?,
        paused: value.get("paused")?.as_bool()?,
    })
}

fn read_event(value: Value) -> Option<Event> {
    let at_ms = value.get("at_ms")?.as_i64()?;
    let text = |name: &str| value.get(name)?.as_str().map(str::to_owned);
    Some(match value.get("kind")?.as_str()? {
        "call" => Event::Call { at_ms, operation: text("operation")?, body: text("body")? },
        "durations" => Event::Durations {
            at_ms,
            preset: match value.get("preset")?.as_str()? {
                "realistic" => Preset::Realistic,
                "fast" => Preset::Fast,
                _ => return None,
            },
        },
        "start_producer" => Event::StartProducer { at_ms, spec: read_producer(value.get("spec")?)? },
        "stop_producer" => Event::StopProducer { at_ms, id: small(value.get("id")?)? },
        "start_consumer" => Event::StartConsumer { at_ms, spec: read_consumer(value.get("spec")?)? },
        "stop_consumer" => Event::StopConsumer { at_ms, id: small(value.get("id")?)? },
        _ => return None,
    })
}

fn read_consumer(value: Value) -> Option<ConsumerSpec> {
    let text = |name: &str| value.get(name)?.as_str().map(str::to_owned);
    Some(ConsumerSpec {
        name: text("name")?,
        stream_name: text("stream_name")?,
        starting_position: StartingPosition::parse(value.get("starting_position")?.as_str()?)?,
        start_ms: value.get("start_ms")?.as_i64()?,
    })
}

fn read_producer(value: Value) -> Option<ProducerSpec> {
    let text = |name: &str| value.get(name)?.as_str().map(str::to_owned);
    let number = |name: &str| small(value.get(name)?);
    Some(ProducerSpec {
        name: text("name")?,
        stream_name: text("stream_name")?,
        records_per_second: value.get("records_per_second")?.as_u64()?,
        pattern: RatePattern::try_from(text("pattern")?).ok()?,
        data_bytes: number("data_bytes")?,
        key_count: number("key_count")?,
        hot_key_per_mille: number("hot_key_per_mille")?,
        start_ms: value.get("start_ms")?.as_i64()?,
        stop_ms: match value.get("stop_ms") {
            None | Some(Value::Null) => None,
            Some(stop) => Some(stop.as_i64()?),
        },
        // Saved before producers retried: they still replay as they ran.
        retries: match value.get("retries") {
            None => false,
            Some(retries) => retries.as_bool()?,
        },
    })
}

/// A JSON number that fits a u32.
fn small(value: Value) -> Option<u32> {
    u32::try_from(value.as_u64()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let other = session().to_json().replace(&format!(r#""version":{SESSION_VERSION}"#), r#""version":99"#);
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
            retries: true,
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
        let mixed = text.replace(r#""version":3"#, r#""version":1"#);
        assert!(SavedSession::from_json(&mixed).unwrap_err().contains("cannot hold producers"));

        let hostile = text.replace(r#""records_per_second":1500"#, r#""records_per_second":0"#);
        assert!(SavedSession::from_json(&hostile).unwrap_err().contains("cannot run"));

        // Read by hand, as strictly as serde's derived reader: members of the wrong type, an
        // unknown kind of event and an unknown pattern are damage; a null stop is no stop.
        assert!(text.contains(r#""stop_ms":null"#), "{text}");
        for (from, to) in [
            (r#""at_ms":1700000001500"#, r#""at_ms":"1700000001500""#),
            (r#""kind":"stop_producer""#, r#""kind":"pause_producer""#),
            (r#""pattern":"spike 3 5 5""#, r#""pattern":"spike 3""#),
            (r#""key_count":1000"#, r#""key_count":4294967296"#),
            (r#""paused":true"#, r#""paused":1"#),
        ] {
            let damaged = text.replace(from, to);
            assert_ne!(damaged, text, "{from}");
            assert!(SavedSession::from_json(&damaged).unwrap_err().contains("damaged"), "{to}");
        }
    }

    #[test]
    fn consumers_are_kept_from_format_3() {
        let consumer = ConsumerSpec {
            name: "reader".into(),
            stream_name: "orders".into(),
            starting_position: StartingPosition::TrimHorizon,
            start_ms: 1_700_000_000_000,
        };
        let mut with_consumers = session();
        with_consumers.events.push(Event::StartConsumer { at_ms: 1_700_000_001_500, spec: consumer });
        with_consumers.events.push(Event::StopConsumer { at_ms: 1_700_000_001_900, id: 0 });
        let text = with_consumers.to_json();
        assert!(text.contains(r#""kind":"start_consumer""#) && text.contains(r#""starting_position":"TRIM_HORIZON""#));
        assert_eq!(SavedSession::from_json(&text), Ok(with_consumers));
        let older = text.replace(r#""version":3"#, r#""version":2"#);
        assert!(SavedSession::from_json(&older).unwrap_err().contains("cannot hold consumers"));
        let hostile = text.replace(r#""name":"reader""#, r#""name":"<img src=x>""#);
        assert!(SavedSession::from_json(&hostile).unwrap_err().contains("cannot run"));
        let unknown = text.replace("TRIM_HORIZON", "AT_TIMESTAMP");
        assert!(SavedSession::from_json(&unknown).unwrap_err().contains("damaged"));
    }
}
