//! One request and its response, as the inspector shows them.

use crate::sim::{CONTENT_TYPE, Operation};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// 1, 2, 3… in the order the calls were made.
    pub sequence: u32,
    /// Simulation time of the call (epoch ms).
    pub at_ms: i64,
    pub operation: Operation,
    pub request_body: String,
    pub status: u16,
    pub response_body: String,
}

impl Exchange {
    /// The request headers that matter to the protocol, as an SDK sends them.
    pub fn request_headers(&self) -> [(&'static str, String); 2] {
        [("X-Amz-Target", self.operation.target()), ("Content-Type", CONTENT_TYPE.to_owned())]
    }

    pub fn is_error(&self) -> bool {
        self.status >= 400
    }

    /// The `__type` of an error response, for a headline.
    pub fn error_type(&self) -> Option<String> {
        if !self.is_error() {
            return None;
        }
        let value: serde_json::Value = serde_json::from_str(&self.response_body).ok()?;
        value.get("__type")?.as_str().map(str::to_owned)
    }
}
