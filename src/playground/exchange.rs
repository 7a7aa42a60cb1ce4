//! One request and its response, as the inspector shows them.

use crate::sim::{CONTENT_TYPE, Operation};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// 1, 2, 3… in the order the calls were made (`ExchangeLog::push` numbers them).
    pub sequence: u32,
    /// Simulation time of the call (epoch ms).
    pub at_ms: i64,
    pub operation: Operation,
    pub request_body: String,
    pub status: u16,
    pub response_body: String,
    /// The request's `StreamName`, and the error's `__type`: read once when the call is logged,
    /// since views ask for them on every render.
    stream_name: Option<String>,
    error_type: Option<String>,
}

impl Exchange {
    pub fn new(at_ms: i64, operation: Operation, request_body: String, status: u16, response_body: String) -> Self {
        let member = |body: &str, name: &str| {
            let value: serde_json::Value = serde_json::from_str(body).ok()?;
            value.get(name)?.as_str().map(str::to_owned)
        };
        let stream_name = member(&request_body, "StreamName");
        let error_type = if status >= 400 { member(&response_body, "__type") } else { None };
        Self { sequence: 0, at_ms, operation, request_body, status, response_body, stream_name, error_type }
    }

    /// The request headers that matter to the protocol, as an SDK sends them.
    pub fn request_headers(&self) -> [(&'static str, String); 2] {
        [("X-Amz-Target", self.operation.target()), ("Content-Type", CONTENT_TYPE.to_owned())]
    }

    pub fn is_error(&self) -> bool {
        self.status >= 400
    }

    /// The request's `StreamName`, if it names a stream.
    pub fn stream_name(&self) -> Option<&str> {
        self.stream_name.as_deref()
    }

    /// The `__type` of an error response, for a headline.
    pub fn error_type(&self) -> Option<&str> {
        self.error_type.as_deref()
    }
}
