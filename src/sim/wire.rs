//! What goes on the wire: the protocol constants of awsJson 1.1, the response type of the front
//! door, and the one number format the service prints its own way (timestamps).
//!
//! Response bodies are typed structs serialised by serde. Their fields are declared in alphabetical
//! order because that is how the real service orders object keys (docs/behaviour.md §2.3).

use serde::{Serialize, Serializer};

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
        let mut out = Vec::with_capacity(24);
        self.push_java_double(&mut out);
        // ASCII only.
        String::from_utf8(out).unwrap_or_default()
    }

    /// The same, appended to `out` without allocating: a GetRecords answer prints one per
    /// record.
    pub fn push_java_double(self, out: &mut Vec<u8>) {
        let millis = self.millis.unsigned_abs();
        if millis == 0 {
            out.extend_from_slice(b"0.0");
            return;
        }
        if self.millis < 0 {
            out.push(b'-');
        }
        // The digits of the milliseconds, at least four, so that 1 ms reads 0001.
        let mut buffer = [b'0'; 20];
        let mut at = buffer.len();
        let mut rest = millis;
        while rest > 0 || at > buffer.len() - 4 {
            at -= 1;
            buffer[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        let digits = &buffer[at..];
        // Without trailing zeros, but one digit at least.
        let trimmed = |digits: &'_ [u8]| digits.len().min(digits.iter().rposition(|&d| d != b'0').map_or(1, |i| i + 1));
        if millis < 10_000_000_000 {
            // Java prints magnitudes in [1e-3, 1e7) as plain decimals.
            let (seconds, fraction) = digits.split_at(digits.len() - 3);
            out.extend_from_slice(seconds);
            out.push(b'.');
            out.extend_from_slice(&fraction[..trimmed(fraction)]);
            return;
        }
        // d.ddddE<n>: all significant digits of the milliseconds, the point after the first.
        let significant = &digits[..trimmed(digits)];
        out.push(significant[0]);
        out.push(b'.');
        out.extend_from_slice(if significant.len() > 1 { &significant[1..] } else { b"0" });
        out.push(b'E');
        // Digits of the whole seconds, minus one: 7 to 16.
        let exponent = digits.len() - 4;
        if exponent >= 10 {
            out.push(b'0' + (exponent / 10) as u8);
        }
        out.push(b'0' + (exponent % 10) as u8);
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RawJson(&self.to_java_double()).serialize(serializer)
    }
}

/// JSON text that serde_json writes as it is, known to be valid where it is made (a number).
/// It serialises as serde_json's `RawValue` does, through the struct name serde_json's writer
/// recognises (`raw_value` feature); `RawValue::from_string` would first parse the text, which
/// brings serde_json's reader into the page's bundle (BENCHMARKS.md). The tests of the bytes
/// written (timestamps here, the page's CreateStream body) would show a change of that name.
pub struct RawJson<'a>(pub &'a str);

impl Serialize for RawJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        const TOKEN: &str = "$serde_json::private::RawValue";
        let mut raw = serializer.serialize_struct(TOKEN, 1)?;
        raw.serialize_field(TOKEN, self.0)?;
        raw.end()
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
    fn timestamps_agree_with_float_formatting() {
        // Rust prints the shortest digits that read back as the same double, as Java does; only
        // the notation differs. Times up to year 9999 have at most 15 significant digits, so
        // the double holds them exactly.
        let java = |millis: i64| {
            let seconds = millis as f64 / 1000.0;
            if seconds != 0.0 && seconds.abs() >= 1e7 {
                let text = format!("{seconds:e}").replace('e', "E");
                if text.contains('.') { text } else { text.replace('E', ".0E") }
            } else {
                let text = format!("{seconds}");
                if text.contains('.') { text } else { format!("{text}.0") }
            }
        };
        let mut state = 0x5eed_u64;
        for _ in 0..20_000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let magnitude = 10i64.pow((state >> 60) as u32 % 15);
            let millis = (state >> 8) as i64 % 253_402_300_800_000 / magnitude * magnitude;
            for millis in [millis, -millis, millis % 10_000_000_000] {
                assert_eq!(Timestamp::from_millis(millis).to_java_double(), java(millis), "{millis}");
            }
        }
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
