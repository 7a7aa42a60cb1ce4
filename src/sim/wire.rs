//! What goes on the wire: the protocol constants of awsJson 1.1, the response type of the front
//! door, and the one number format the service prints its own way (timestamps).
//!
//! Response bodies are typed structs serialised by serde. Their fields are declared in alphabetical
//! order because that is how the real service orders object keys (docs/behaviour.md §2.3).

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
    /// 200 with an empty body: what operations without an output shape send
    /// (docs/behaviour.md §2.2).
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
/// e.g. `1.684013726E9`, which is what the service's raw responses show (docs/behaviour.md §2.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    millis: i64,
}

impl Timestamp {
    /// Any millisecond, as ApproximateArrivalTimestamp is reported.
    pub fn from_millis(millis: i64) -> Self {
        Self { millis }
    }

    /// Whole seconds, as StreamCreationTimestamp is reported.
    pub fn whole_seconds(millis: i64) -> Self {
        Self { millis: millis.div_euclid(1000) * 1000 }
    }

    /// Worked out with integers: a timestamp is whole milliseconds, so its shortest decimal
    /// digits are those of the milliseconds without trailing zeros. (Float formatting would do
    /// the same, at a cost of kilobytes of wasm.)
    pub fn to_java_double(self) -> String {
        let negative = self.millis < 0;
        let millis = self.millis.unsigned_abs();
        let (seconds, fraction) = (millis / 1000, millis % 1000);
        let sign = if negative { "-" } else { "" };
        if millis == 0 {
            return "0.0".to_owned();
        }
        if (1..10_000_000).contains(&seconds) || (seconds == 0 && fraction >= 1) {
            // Java prints magnitudes in [1e-3, 1e7) as plain decimals.
            let fraction = format!("{fraction:03}");
            let fraction = fraction.trim_end_matches('0');
            return format!("{sign}{seconds}.{}", if fraction.is_empty() { "0" } else { fraction });
        }
        // d.ddddE<n>: all significant digits of the milliseconds, the point after the first.
        let digits = millis.to_string();
        let exponent = digits.len() as i32 - 4; // digits of the whole seconds, minus one
        let significant = digits.trim_end_matches('0');
        let (first, rest) = significant.split_at(1);
        format!("{sign}{first}.{}E{exponent}", if rest.is_empty() { "0" } else { rest })
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.to_java_double()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
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
        assert_eq!(Timestamp::from_millis(123_000).to_java_double(), "123.0");
        assert_eq!(Timestamp::from_millis(123_450).to_java_double(), "123.45");
        assert_eq!(Timestamp::from_millis(1).to_java_double(), "0.001");
        assert_eq!(Timestamp::from_millis(9_999_999_000).to_java_double(), "9999999.0");
        assert_eq!(Timestamp::from_millis(10_000_000_000).to_java_double(), "1.0E7");
        assert_eq!(Timestamp::from_millis(-1_684_013_726_000).to_java_double(), "-1.684013726E9");
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
