//! The host-page API: a documentation page that embeds the playground drives it with messages
//! (static/embed.js wraps them). Version 1, namespace `kinesis-playground`:
//!
//! * Handshake: the host posts `{namespace, version: 1, type: "connect"}` to the frame with a
//!   `MessagePort`; the playground answers on that port with `{type: "ready", version: 1}` when
//!   the message came from an allowed origin (`?origins=…`), and ignores it otherwise. Everything
//!   after goes over the private port, so no reply is ever posted to `*`.
//! * Calls: `{id, method, params}` answered by `{id, result}` or `{id, error}`. Methods: `send`
//!   `{operation, body}` → `{status, body}`, `reset`, `loadScenario` `{id}`, `getShareUrl`,
//!   `pause`, `resume`, `setSpeed` `{speed}`, `advance` `{ms}`, `skip`.
//! * Events: `{type: "event", event, data}` for `ready`, `request`, `response`, `statusChanged`
//!   and `resize`.
//!
//! Messages of any other shape are ignored or answered with an error; none can run script.

use serde_json::{Value, json};

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
pub fn is_connect(message: &Value) -> bool {
    message["namespace"] == NAMESPACE && message["version"] == VERSION && message["type"] == "connect"
}

/// A call from the host, as it arrives on the port.
#[derive(Debug)]
pub struct Call {
    pub id: Value,
    pub method: String,
    pub params: Value,
}

/// What a call asks the playground to do.
#[derive(Debug, PartialEq)]
pub enum Command {
    Send { operation: String, body: String },
    Reset,
    LoadScenario { id: String },
    GetShareUrl,
    Pause,
    Resume,
    SetSpeed(u32),
    Advance(i64),
    Skip,
}

impl Call {
    /// An object with a string or number `id`, a string `method` and any `params` (absent reads as
    /// null); other members are ignored. Read by hand: the message is already a `Value`, and
    /// `serde_json::from_value` would add a second JSON deserialiser to the bundle.
    pub fn parse(message: &Value) -> Option<Self> {
        let id = message.get("id").filter(|id| id.is_string() || id.is_number())?.clone();
        let method = message.get("method")?.as_str()?.to_owned();
        let params = message.get("params").cloned().unwrap_or(Value::Null);
        Some(Self { id, method, params })
    }

    pub fn command(&self) -> Result<Command, String> {
        let p = &self.params;
        let text = |name: &str| p[name].as_str().map(str::to_owned).ok_or(format!("params.{name} must be a string"));
        Ok(match self.method.as_str() {
            "send" => {
                // A body may be given as a string (sent as is) or as a JSON object.
                let body = match &p["body"] {
                    Value::String(text) => text.clone(),
                    Value::Null => "{}".to_owned(),
                    other => other.to_string(),
                };
                Command::Send { operation: text("operation")?, body }
            }
            "reset" => Command::Reset,
            "loadScenario" => Command::LoadScenario { id: text("id")? },
            "getShareUrl" => Command::GetShareUrl,
            "pause" => Command::Pause,
            "resume" => Command::Resume,
            "setSpeed" => Command::SetSpeed(
                p["speed"].as_u64().filter(|s| [1, 10, 60].contains(s)).ok_or("params.speed must be 1, 10 or 60")?
                    as u32,
            ),
            "advance" => Command::Advance(
                p["ms"]
                    .as_i64()
                    .filter(|ms| (0..=366 * 86_400_000).contains(ms))
                    .ok_or("params.ms must be 0 to a year")?,
            ),
            "skip" => Command::Skip,
            other => return Err(format!("unknown method {other:.40}")),
        })
    }

    pub fn reply(&self, result: Result<Value, String>) -> Value {
        match result {
            Ok(result) => json!({ "id": self.id, "result": result }),
            Err(error) => json!({ "id": self.id, "error": error }),
        }
    }
}

/// An event message.
pub fn event(name: &str, data: Value) -> Value {
    json!({ "type": "event", "event": name, "data": data })
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

    #[test]
    fn calls_and_their_commands() {
        let call = Call::parse(
            &json!({"id": 1, "method": "send", "params": {"operation": "CreateStream", "body": {"StreamName": "a"}}}),
        )
        .unwrap();
        assert_eq!(
            call.command(),
            Ok(Command::Send { operation: "CreateStream".into(), body: r#"{"StreamName":"a"}"#.into() })
        );
        assert_eq!(call.reply(Ok(json!({"status": 200}))), json!({"id": 1, "result": {"status": 200}}));
        let bad = Call::parse(&json!({"id": "x", "method": "setSpeed", "params": {"speed": 7}})).unwrap();
        assert!(bad.command().is_err());
        assert!(Call::parse(&json!({"method": "reset"})).is_none(), "an id is needed");
        assert!(Call::parse(&json!("<img src=x>")).is_none());
        assert!(Call::parse(&json!({"id": {}, "method": "reset"})).is_none());
        assert!(Call::parse(&json!({"id": 3, "method": 5})).is_none(), "a method is a string");
        assert_eq!(Call::parse(&json!({"id": 4, "method": "reset", "x": 1})).unwrap().params, Value::Null);
        assert_eq!(
            Call::parse(&json!({"id": 2, "method": "eval"})).unwrap().command().unwrap_err(),
            "unknown method eval"
        );
        assert!(is_connect(&json!({"namespace": NAMESPACE, "version": 1, "type": "connect"})));
        assert!(!is_connect(&json!({"namespace": NAMESPACE, "version": 2, "type": "connect"})));
    }
}
