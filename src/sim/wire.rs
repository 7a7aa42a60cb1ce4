//! What goes on the wire: the protocol constants of awsJson 1.1, the response type of the front
//! door, and the one number format the service prints its own way (timestamps).
//!
//! Response bodies are typed structs serialised by serde. Their fields are declared in
//! alphabetical order because that is how the real service orders object keys (KINESIS.md §1.2).

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// The `X-Amz-Target` prefix of the 2013-12-02 API (model metadata `targetPrefix`).
pub const TARGET_PREFIX: &str = "Kinesis_20131202";
/// The content type requests are sent with and responses carry (model `jsonVersion` 1.1).
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// What the front door answers: an HTTP status and the exact response body bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    /// 200 with an empty body: what operations without an output shape send (KINESIS.md §1.2).
    pub fn empty() -> Self {
        Self { status: 200, body: Vec::new() }
    }

    /// 200 with a JSON document.
    pub fn json(value: &impl Serialize) -> Self {
        // Serialising our own plain structs into a Vec cannot fail.
        let body = serde_json::to_vec(value).unwrap_or_default();
        Self { status: 200, body }
    }
}

/// A response timestamp: epoch seconds printed as a JSON number in Java's `Double.toString` form,
/// e.g. `1.684013726E9`, which is what the service's raw responses show (KINESIS.md §1.2, [S6]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    millis: i64,
}

impl Timestamp {
    pub fn from_millis(millis: i64) -> Self {
        Self { millis }
    }

    /// Whole seconds, as StreamCreationTimestamp is reported.
    pub fn whole_seconds(millis: i64) -> Self {
        Self { millis: millis.div_euclid(1000) * 1000 }
    }

    pub fn millis(self) -> i64 {
        self.millis
    }

    pub fn to_java_double(self) -> String {
        java_double_to_string(self.millis as f64 / 1000.0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.to_java_double()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// Formats a double the way Java's `Double.toString` does: plain decimal with at least one
/// fractional digit for magnitudes in [1e-3, 1e7), otherwise `d.dddE±n`. Both use the shortest
/// digits that read back to the same double.
pub fn java_double_to_string(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-3..1e7).contains(&magnitude) {
        // Debug prints the shortest round-trip digits and keeps a ".0" on whole numbers.
        return format!("{value:?}");
    }
    let scientific = format!("{value:e}"); // e.g. "1.684013726e9" or "1e9"
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    if mantissa.contains('.') { format!("{mantissa}E{exponent}") } else { format!("{mantissa}.0E{exponent}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_like_java_doubles() {
        assert_eq!(Timestamp::from_millis(1_684_013_726_000).to_java_double(), "1.684013726E9");
        assert_eq!(Timestamp::from_millis(1_572_297_168_000).to_java_double(), "1.572297168E9");
        assert_eq!(Timestamp::from_millis(1_600_000_000_000).to_java_double(), "1.6E9");
        assert_eq!(Timestamp::from_millis(1_701_760_153_593).to_java_double(), "1.701760153593E9");
        assert_eq!(Timestamp::from_millis(0).to_java_double(), "0.0");
        assert_eq!(java_double_to_string(123.0), "123.0");
        assert_eq!(java_double_to_string(0.0001), "1.0E-4");
    }

    #[test]
    fn creation_timestamps_drop_the_milliseconds() {
        assert_eq!(Timestamp::whole_seconds(1_684_013_726_999).to_java_double(), "1.684013726E9");
    }

    #[test]
    fn timestamps_serialise_as_bare_numbers() {
        let json = serde_json::to_string(&[Timestamp::from_millis(1_000_000_000_000)]).unwrap();
        assert_eq!(json, "[1.0E9]");
    }
}
