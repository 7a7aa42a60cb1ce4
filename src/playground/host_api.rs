//! The host-page API: a documentation page that embeds the playground drives it with messages
//! (static/embed.js wraps them). Version 1, namespace `kinesis-playground`:
//!
//! * Handshake: the host posts `{namespace, version: 1, type: "connect"}` to the frame with a
//!   `MessagePort`; the playground answers on that port with `{type: "ready", version: 1}` when
//!   the message came from an allowed origin (`?origins=…`), and ignores it otherwise. Everything
//!   after goes over the private port, so no reply is ever posted to `*`.
//! * Calls: `{id, method, params}` answered by `{id, result}` or `{id, error}`. Methods: `send`
//!   `{operation, body}` → `{status, body}`, `reset`, `loadScenario` `{id}`, `getShareUrl`,
//!   `pause`, `resume`, `setSpeed` `{speed}`, `advance` `{ms}`, `skip`; and for traffic
//!   (docs/behaviour.md §11.7, §11.10), `startProducer` `{stream, recordsPerSecond, recordBytes?,
//!   hotKeyPercent?, pattern?}` → `{id}`, `stopProducer` `{id}`, `startConsumer` `{stream,
//!   startingPosition?}` → `{id}` and `stopConsumer` `{id}`.
//! * Events: `{type: "event", event, data}` for `ready`, `request`, `response`, `statusChanged`,
//!   `resize`, and `minute` with each stream's metrics of every simulated minute that ends.
//!
//! Messages of any other shape are ignored or answered with an error; none can run script.

use super::traffic_form::{Keys, Shape, TrafficForm};
use crate::sim::json::{self, Value};
use crate::sim::{ConsumerSpec, ProducerSpec, StartingPosition};

pub const NAMESPACE: &str = "kinesis-playground";
pub const VERSION: u32 = 1;

/// The origins allowed to drive the playground: `?origins=https://a.example,https://b.example`.
/// Only exact `scheme://host[:port]` origins count; nothing means no host may connect.
pub fn allowed_origins(parameter: Option<&str>) -> Vec<String> {
    parameter
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|origin| {
            let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
            rest.is_some_and(|rest| !rest.is_empty() && !rest.contains(['/', '?', '#', '*', ' ']))
        })
        .map(str::to_owned)
        .collect()
}

/// Whether a window message is a version-1 handshake.
pub fn is_connect(message: Value) -> bool {
    message.get("namespace").and_then(Value::as_str) == Some(NAMESPACE)
        && message.get("version").and_then(Value::as_u64) == Some(u64::from(VERSION))
        && message.get("type").and_then(Value::as_str) == Some("connect")
}

/// A call from the host, as it arrives on the port: its `id` and `params` as JSON text, kept
/// for the answer, which may come later (a scenario fetched, a link compressed).
#[derive(Debug)]
pub struct Call {
    pub id: String,
    pub method: String,
    pub params: String,
}

/// What a call asks the playground to do.
#[derive(Debug, PartialEq)]
pub enum Command {
    Send {
        operation: String,
        body: String,
    },
    Reset,
    LoadScenario {
        id: String,
    },
    GetShareUrl,
    Pause,
    Resume,
    SetSpeed(u32),
    Advance(i64),
    Skip,
    /// A producer, named by the playground when it starts.
    StartProducer(ProducerSpec),
    StopProducer(u32),
    StartConsumer(ConsumerSpec),
    StopConsumer(u32),
}

impl Call {
    /// An object with a string or number `id`, a string `method` and any `params` (absent reads as
    /// null); other members are ignored.
    pub fn parse(message: Value) -> Option<Self> {
        let message = message.as_object()?;
        message.get("id").filter(|id| matches!(id, Value::String(_) | Value::Number(_)))?;
        let method = message.get("method")?.as_str()?.to_owned();
        let params = message.raw("params").unwrap_or("null").to_owned();
        Some(Self { id: message.raw("id")?.to_owned(), method, params })
    }

    pub fn command(&self) -> Result<Command, String> {
        let document = json::parse(&self.params).map_err(|e| e.to_string())?;
        let p = document.root();
        let text =
            |name: &str| p.member(name).as_str().map(str::to_owned).ok_or(format!("params.{name} must be a string"));
        Ok(match self.method.as_str() {
            "send" => {
                // A body may be given as a string (sent as is) or as a JSON object (sent as written).
                let body = match p.member("body") {
                    Value::String(text) => text.to_owned(),
                    Value::Null => "{}".to_owned(),
                    _ => p.as_object().and_then(|params| params.raw("body")).unwrap_or("{}").to_owned(),
                };
                Command::Send { operation: text("operation")?, body }
            }
            "reset" => Command::Reset,
            "loadScenario" => Command::LoadScenario { id: text("id")? },
            "getShareUrl" => Command::GetShareUrl,
            "pause" => Command::Pause,
            "resume" => Command::Resume,
            "setSpeed" => Command::SetSpeed(
                p.member("speed")
                    .as_u64()
                    .filter(|s| [1, 10, 60].contains(s))
                    .ok_or("params.speed must be 1, 10 or 60")? as u32,
            ),
            "advance" => Command::Advance(
                p.member("ms")
                    .as_i64()
                    .filter(|ms| (0..=366 * 86_400_000).contains(ms))
                    .ok_or("params.ms must be 0 to a year")?,
            ),
            "skip" => Command::Skip,
            "startProducer" => Command::StartProducer(producer(p)?),
            "startConsumer" => Command::StartConsumer(consumer(p)?),
            "stopProducer" | "stopConsumer" => {
                let id = p
                    .member("id")
                    .as_u64()
                    .and_then(|id| u32::try_from(id).ok())
                    .ok_or("params.id must be a number")?;
                if self.method == "stopProducer" { Command::StopProducer(id) } else { Command::StopConsumer(id) }
            }
            other => return Err(format!("unknown method {other:.40}")),
        })
    }

    /// The answer to the call, as JSON text: `result` is JSON text too.
    pub fn reply(&self, result: Result<String, String>) -> String {
        let answer = Message::new().raw("id", &self.id);
        match result {
            Ok(result) => answer.raw("result", &result),
            Err(error) => answer.text("error", &error),
        }
        .end()
    }
}

/// A producer from `startProducer`'s params (and a scenario's `start_producer` step), read as
/// the Traffic form reads what is typed, so a host gets the form's words for what it refuses.
/// Its name is left for the playground to give.
pub fn producer(p: Value) -> Result<ProducerSpec, String> {
    let number = |name: &str, default: &str| match p.member(name) {
        Value::Null => Ok(default.to_owned()),
        Value::Number(n) => Ok(n.text().to_owned()),
        _ => Err(format!("params.{name} must be a number")),
    };
    let defaults = TrafficForm::default();
    let hot = number("hotKeyPercent", "0")?;
    let form = TrafficForm {
        stream_name: p.member("stream").as_str().ok_or("params.stream must be a string")?.to_owned(),
        records_per_second: number("recordsPerSecond", &defaults.records_per_second)?,
        record_bytes: number("recordBytes", &defaults.record_bytes)?,
        keys: if hot == "0" { Keys::Uniform } else { Keys::OneHotKey },
        hot_share: hot,
        shape: match p.member("pattern") {
            Value::Null => Shape::Constant,
            value => value
                .as_str()
                .and_then(Shape::from_id)
                .ok_or("params.pattern must be constant, ramp, spike or daily-cycle")?,
        },
        retries: match p.member("retries") {
            Value::Null => defaults.retries,
            value => value.as_bool().ok_or("params.retries must be true or false")?,
        },
    };
    form.producer("host")
}

/// A consumer from `startConsumer`'s params (and a scenario's `start_consumer` step). Its name
/// is left for the playground to give.
pub fn consumer(p: Value) -> Result<ConsumerSpec, String> {
    Ok(ConsumerSpec {
        name: String::new(),
        stream_name: p.member("stream").as_str().ok_or("params.stream must be a string")?.to_owned(),
        starting_position: match p.member("startingPosition") {
            Value::Null => StartingPosition::Latest,
            value => value
                .as_str()
                .and_then(StartingPosition::parse)
                .ok_or("params.startingPosition must be LATEST or TRIM_HORIZON")?,
        },
        start_ms: 0,
    })
}

/// An event message; `data` is JSON text.
pub fn event(name: &str, data: &str) -> String {
    Message::new().text("type", "event").text("event", name).raw("data", data).end()
}

/// A JSON object written member by member: the API's messages are few and small, and a
/// `serde_json::Value` would bring its map and its writer into the page's bundle.
pub struct Message(String);

impl Message {
    pub fn new() -> Self {
        Self("{".to_owned())
    }

    fn name(mut self, name: &str) -> Self {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push('"');
        self.0.push_str(name);
        self.0.push_str("\":");
        self
    }

    /// A member whose value is JSON text.
    pub fn raw(self, name: &str, json: &str) -> Self {
        let mut message = self.name(name);
        message.0.push_str(json);
        message
    }

    pub fn text(self, name: &str, text: &str) -> Self {
        let mut message = self.name(name);
        message.0.push_str(&serde_json::to_string(text).unwrap_or_default());
        message
    }

    pub fn number(self, name: &str, number: impl itoa::Integer) -> Self {
        let mut message = self.name(name);
        message.0.push_str(itoa::Buffer::new().format(number));
        message
    }

    /// A number, or `null` for none.
    pub fn maybe_number(self, name: &str, number: Option<impl itoa::Integer>) -> Self {
        match number {
            Some(number) => self.number(name, number),
            None => self.raw(name, "null"),
        }
    }

    pub fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

impl Default for Message {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_exact() {
        assert_eq!(
            allowed_origins(Some(
                "http://127.0.0.1:9000, https://docs.example ,*,https://a.example/path,javascript:x,"
            )),
            ["http://127.0.0.1:9000", "https://docs.example"]
        );
        assert!(allowed_origins(None).is_empty());
    }

    fn call(message: &str) -> Option<Call> {
        Call::parse(json::parse(message).unwrap().root())
    }

    #[test]
    fn calls_and_their_commands() {
        let call = call(
            r#"{"id": 1, "method": "send", "params": {"operation": "CreateStream", "body": {"StreamName": "a"}}}"#,
        )
        .unwrap();
        assert_eq!(
            call.command(),
            Ok(Command::Send { operation: "CreateStream".into(), body: r#"{"StreamName": "a"}"#.into() })
        );
        assert_eq!(call.reply(Ok(r#"{"status":200}"#.into())), r#"{"id":1,"result":{"status":200}}"#);
        assert_eq!(call.reply(Err("no \"x\"".into())), r#"{"id":1,"error":"no \"x\""}"#);
        let bad = self::call(r#"{"id": "x", "method": "setSpeed", "params": {"speed": 7}}"#).unwrap();
        assert!(bad.command().is_err());
        assert_eq!(bad.reply(Ok("null".into())), r#"{"id":"x","result":null}"#);
        assert!(self::call(r#"{"method": "reset"}"#).is_none(), "an id is needed");
        assert!(self::call(r#""<img src=x>""#).is_none());
        assert!(self::call(r#"{"id": {}, "method": "reset"}"#).is_none());
        assert!(self::call(r#"{"id": null, "method": "reset"}"#).is_none());
        assert!(self::call(r#"{"id": 3, "method": 5}"#).is_none(), "a method is a string");
        assert_eq!(self::call(r#"{"id": 4, "method": "reset", "x": 1}"#).unwrap().params, "null");
        assert_eq!(self::call(r#"{"id": 2, "method": "eval"}"#).unwrap().command().unwrap_err(), "unknown method eval");
        let connect = |text: &str| is_connect(json::parse(text).unwrap().root());
        assert!(connect(r#"{"namespace": "kinesis-playground", "version": 1, "type": "connect"}"#));
        assert!(!connect(r#"{"namespace": "kinesis-playground", "version": 2, "type": "connect"}"#));
        assert!(!connect(r#"["kinesis-playground", 1, "connect"]"#));
    }

    #[test]
    fn messages_are_json() {
        let message = Message::new().text("a", "x\"y</script>").number("b", -3i64).raw("c", "[1]").end();
        assert_eq!(message, r#"{"a":"x\"y</script>","b":-3,"c":[1]}"#);
        let maybe = Message::new().maybe_number("a", Some(2u64)).maybe_number("b", None::<u64>).end();
        assert_eq!(maybe, r#"{"a":2,"b":null}"#);
        assert_eq!(event("ready", r#"{"version":1}"#), r#"{"type":"event","event":"ready","data":{"version":1}}"#);
        assert_eq!(Message::new().end(), "{}");
    }

    #[test]
    fn traffic_calls_read_as_the_form_reads_them() {
        let command = |params: &str| {
            call(&format!(r#"{{"id": 1, "method": "startProducer", "params": {params}}}"#)).unwrap().command()
        };
        let Ok(Command::StartProducer(spec)) =
            command(r#"{"stream": "orders", "recordsPerSecond": 1500, "hotKeyPercent": 20, "pattern": "spike"}"#)
        else {
            panic!("a producer")
        };
        assert_eq!((spec.stream_name.as_str(), spec.records_per_second, spec.hot_key_per_mille), ("orders", 1500, 200));
        assert_eq!(spec.data_bytes, 1024, "the form's record size");
        assert!(matches!(spec.pattern, crate::sim::RatePattern::Spike { .. }));
        assert_eq!(
            command(r#"{"stream": "orders", "recordsPerSecond": 0}"#).unwrap_err(),
            "Records per second: a whole number from 1 to 2,000,000."
        );
        assert!(command(r#"{"stream": "orders", "recordsPerSecond": "10"}"#).unwrap_err().contains("must be a number"));
        assert!(command(r#"{"stream": "orders", "pattern": "sawtooth"}"#).unwrap_err().contains("pattern"));
        assert!(command(r#"{"recordsPerSecond": 10}"#).unwrap_err().contains("params.stream"));

        let consumer = call(
            r#"{"id": 2, "method": "startConsumer", "params": {"stream": "orders", "startingPosition": "TRIM_HORIZON"}}"#,
        );
        let Ok(Command::StartConsumer(spec)) = consumer.unwrap().command() else { panic!("a consumer") };
        assert_eq!(spec.starting_position, StartingPosition::TrimHorizon);
        let bad = call(
            r#"{"id": 3, "method": "startConsumer", "params": {"stream": "o", "startingPosition": "AT_TIMESTAMP"}}"#,
        );
        assert!(bad.unwrap().command().unwrap_err().contains("LATEST or TRIM_HORIZON"));
        let stop = call(r#"{"id": 4, "method": "stopConsumer", "params": {"id": 7}}"#).unwrap();
        assert_eq!(stop.command(), Ok(Command::StopConsumer(7)));
        let stop = call(r#"{"id": 5, "method": "stopProducer", "params": {"id": -1}}"#).unwrap();
        assert!(stop.command().is_err());
    }
}
