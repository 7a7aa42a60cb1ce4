//! Kinesis's CBOR protocol (`application/x-amz-cbor-1.1`), which the AWS SDKs for Java (and so
//! the Kinesis Client Library) speak by default (docs/behaviour.md §8.3).
//!
//! It is the JSON protocol with the body in CBOR: the same target header, members and errors,
//! but blobs are byte strings rather than base64 text, and timestamps are epoch *milliseconds*
//! under tag 1 rather than epoch seconds (the Java SDK's `SdkCborGenerator` writes tag 1 and
//! `Instant.toEpochMilli()`, and its CBOR protocol factory reads payload timestamps as epoch
//! millis). So the endpoint translates: a CBOR request into the JSON the core reads, the core's
//! JSON answer into CBOR. Behaviour, validation and error types are the core's, whichever the
//! format.
//!
//! The translation goes by member name. In the 2021-11-30 model every output member named
//! `Data` is a blob and every output member named as in [`RESPONSE_TIMESTAMPS`] a timestamp, and
//! no member of those names is anything else; inputs likewise with [`REQUEST_TIMESTAMPS`]. A test
//! checks this against the model (tests/native/endpoint_cbor.rs).

use ciborium::Value as Cbor;
use ciborium_ll::{Encoder, Header, simple};

use crate::playground::format::epoch_seconds_to_millis;
use crate::sim::base64;
use crate::sim::json::{self, Value as Json};

pub const CONTENT_TYPE: &str = "application/x-amz-cbor-1.1";

/// CBOR's tag for a date-time as a number (RFC 8949 §3.4.2), which the Java SDK fills with epoch
/// milliseconds rather than the standard's seconds.
const TIMESTAMP_TAG: u64 = 1;
/// Bignums (RFC 8949 §3.4.3): no member of the API is a number that large.
const BIGNUM_TAGS: [u64; 2] = [2, 3];

/// Input members whose shape is a timestamp: GetShardIterator's `Timestamp`, ShardFilter's
/// `Timestamp` and ListShards' `StreamCreationTimestamp`.
pub const REQUEST_TIMESTAMPS: [&str; 2] = ["Timestamp", "StreamCreationTimestamp"];
/// Output members whose shape is a timestamp.
pub const RESPONSE_TIMESTAMPS: [&str; 3] =
    ["StreamCreationTimestamp", "ApproximateArrivalTimestamp", "ConsumerCreationTimestamp"];
/// Output members whose shape is a blob: a record's data.
pub const RESPONSE_BLOBS: [&str; 1] = ["Data"];

/// The JSON text the core reads for a CBOR request body, or None when the body is not one
/// well-formed CBOR item that JSON can say (a map key that is not text, a number that is not
/// finite, a bignum, bytes after the item): a body the service could not read, which it answers
/// with a SerializationException, as it does malformed JSON.
pub fn request_to_json(body: &[u8]) -> Option<Vec<u8>> {
    to_json(body, Timestamps::JavaMilliseconds)
}

/// How a CBOR body writes timestamps (tag 1).
#[derive(Clone, Copy, PartialEq)]
pub enum Timestamps {
    /// As the Java SDK writes Kinesis's CBOR: epoch milliseconds, under tag 1 or not in a
    /// timestamp member, turned into the epoch seconds JSON has.
    JavaMilliseconds,
    /// As Smithy RPC v2 CBOR (CloudWatch's) writes them: epoch seconds, as in JSON.
    EpochSeconds,
}

/// A CBOR body as JSON text, as `request_to_json` has it, with timestamps read as `timestamps`.
pub fn to_json(body: &[u8], timestamps: Timestamps) -> Option<Vec<u8>> {
    let mut rest = body;
    let value: Cbor = ciborium::de::from_reader(&mut rest).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() + body.len() / 3 + 16);
    write_json(&value, false, timestamps, &mut out)?;
    Some(out)
}

/// Writes `value` as JSON; `millis` when it is a timestamp in milliseconds, to write in seconds.
fn write_json(value: &Cbor, millis: bool, timestamps: Timestamps, out: &mut Vec<u8>) -> Option<()> {
    let java = timestamps == Timestamps::JavaMilliseconds;
    match value {
        Cbor::Null => out.extend_from_slice(b"null"),
        Cbor::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Cbor::Integer(i) if millis => write_seconds_of_millis(i128::from(*i), out),
        Cbor::Integer(i) => out.extend_from_slice(i128::from(*i).to_string().as_bytes()),
        Cbor::Float(f) if !f.is_finite() => return None,
        Cbor::Float(f) => {
            let number = if millis { f / 1000.0 } else { *f };
            serde_json::to_writer(&mut *out, &number).ok()?;
        }
        Cbor::Bytes(bytes) => {
            out.push(b'"');
            base64::encode_into(out, bytes);
            out.push(b'"');
        }
        Cbor::Text(text) => serde_json::to_writer(&mut *out, text).ok()?,
        Cbor::Tag(tag, _) if BIGNUM_TAGS.contains(tag) => return None,
        Cbor::Tag(tag, inner) => write_json(inner, millis || (java && *tag == TIMESTAMP_TAG), timestamps, out)?,
        Cbor::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json(item, millis, timestamps, out)?;
            }
            out.push(b']');
        }
        Cbor::Map(entries) => {
            out.push(b'{');
            for (i, (key, item)) in entries.iter().enumerate() {
                let Cbor::Text(key) = key else { return None };
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, key).ok()?;
                out.push(b':');
                write_json(item, java && REQUEST_TIMESTAMPS.contains(&key.as_str()), timestamps, out)?;
            }
            out.push(b'}');
        }
        // Values of a kind the crate adds later: not JSON.
        _ => return None,
    }
    Some(())
}

/// Epoch milliseconds as the epoch seconds JSON carries, exactly: `1700000000123` as
/// `1700000000.123`.
fn write_seconds_of_millis(millis: i128, out: &mut Vec<u8>) {
    let sign = if millis < 0 { "-" } else { "" };
    let (seconds, fraction) = (millis.unsigned_abs() / 1000, millis.unsigned_abs() % 1000);
    let text = if fraction == 0 { format!("{sign}{seconds}") } else { format!("{sign}{seconds}.{fraction:03}") };
    out.extend_from_slice(text.as_bytes());
}

/// The core's JSON answer (a document, or empty for operations without output) as CBOR.
/// The core writes well-formed JSON; should it not, the bytes go as they are rather than be lost.
pub fn response_from_json(body: &[u8]) -> Vec<u8> {
    let document = std::str::from_utf8(body).ok().and_then(|text| json::parse(text).ok());
    let Some(document) = document else { return body.to_vec() };
    let mut out = Vec::with_capacity(body.len());
    // Writing into a Vec cannot fail.
    let _ = write_cbor(document.root(), Member::Other, &mut Encoder::from(&mut out));
    out
}

/// What the member being written holds, by its name.
#[derive(Clone, Copy, PartialEq)]
enum Member {
    Timestamp,
    Blob,
    Other,
}

impl Member {
    fn named(name: &str) -> Self {
        if RESPONSE_TIMESTAMPS.contains(&name) {
            Self::Timestamp
        } else if RESPONSE_BLOBS.contains(&name) {
            Self::Blob
        } else {
            Self::Other
        }
    }
}

fn write_cbor(value: Json, member: Member, out: &mut Encoder<&mut Vec<u8>>) -> Result<(), std::io::Error> {
    match value {
        Json::Null => out.push(Header::Simple(simple::NULL)),
        Json::Bool(b) => out.push(Header::Simple(if b { simple::TRUE } else { simple::FALSE })),
        Json::Number(number) if member == Member::Timestamp => {
            out.push(Header::Tag(TIMESTAMP_TAG))?;
            // The core writes whole milliseconds as Java doubles; read back with integers.
            let millis = epoch_seconds_to_millis(number.text()).unwrap_or_else(|| (number.as_f64() * 1000.0) as i64);
            push_integer(millis, out)
        }
        Json::Number(number) => match number.as_i64() {
            Some(integer) => push_integer(integer, out),
            None => out.push(Header::Float(number.as_f64())),
        },
        Json::String(text) if member == Member::Blob => match base64::decode(text) {
            Some(bytes) => out.bytes(&bytes, None),
            None => out.text(text, None),
        },
        Json::String(text) => out.text(text, None),
        Json::Array(items) => {
            out.push(Header::Array(Some(items.iter().len())))?;
            items.iter().try_for_each(|item| write_cbor(item, member, out))
        }
        Json::Object(members) => {
            out.push(Header::Map(Some(members.len())))?;
            members.iter().try_for_each(|(name, item)| {
                out.text(name, None)?;
                write_cbor(item, Member::named(name), out)
            })
        }
    }
}

fn push_integer(integer: i64, out: &mut Encoder<&mut Vec<u8>>) -> Result<(), std::io::Error> {
    out.push(match integer {
        0.. => Header::Positive(integer as u64),
        // CBOR's negative integers count down from -1: the header carries -1 - n.
        _ => Header::Negative(!(integer as u64)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cbor(value: &Cbor) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::ser::into_writer(value, &mut out).unwrap();
        out
    }

    fn text(key: &str) -> Cbor {
        Cbor::Text(key.into())
    }

    fn json_of(value: &Cbor) -> Option<String> {
        request_to_json(&cbor(value)).map(|json| String::from_utf8(json).unwrap())
    }

    #[test]
    fn requests_read_as_the_json_the_sdks_would_send() {
        let put = Cbor::Map(vec![
            (text("StreamName"), text("s\"\n")),
            (text("Data"), Cbor::Bytes(vec![0, 1, 2, 255])),
            (text("PartitionKey"), text("k")),
        ]);
        assert_eq!(json_of(&put).unwrap(), r#"{"StreamName":"s\"\n","Data":"AAEC/w==","PartitionKey":"k"}"#);

        let iterator = Cbor::Map(vec![
            (text("ShardIteratorType"), text("AT_TIMESTAMP")),
            (text("Timestamp"), Cbor::Tag(1, Box::new(Cbor::Integer(1_700_000_000_123_i64.into())))),
            (text("Limit"), Cbor::Integer((-3).into())),
            (text("Ratio"), Cbor::Float(0.5)),
            (text("List"), Cbor::Array(vec![Cbor::Null, Cbor::Bool(true)])),
        ]);
        assert_eq!(
            json_of(&iterator).unwrap(),
            r#"{"ShardIteratorType":"AT_TIMESTAMP","Timestamp":1700000000.123,"Limit":-3,"Ratio":0.5,"List":[null,true]}"#
        );
        // A timestamp member sent as a plain number is milliseconds too; whole seconds print bare.
        let filter = Cbor::Map(vec![(text("StreamCreationTimestamp"), Cbor::Integer(1_700_000_000_000_i64.into()))]);
        assert_eq!(json_of(&filter).unwrap(), r#"{"StreamCreationTimestamp":1700000000}"#);
        let before_1970 = Cbor::Map(vec![(text("Timestamp"), Cbor::Tag(1, Box::new(Cbor::Integer((-1500).into()))))]);
        assert_eq!(json_of(&before_1970).unwrap(), r#"{"Timestamp":-1.500}"#);
    }

    #[test]
    fn what_json_cannot_say_is_unreadable() {
        assert_eq!(json_of(&Cbor::Map(vec![(Cbor::Integer(1.into()), text("x"))])), None);
        assert_eq!(json_of(&Cbor::Map(vec![(text("N"), Cbor::Float(f64::NAN))])), None);
        assert_eq!(json_of(&Cbor::Tag(2, Box::new(Cbor::Bytes(vec![1; 20])))), None);
        let mut trailing = cbor(&Cbor::Map(vec![]));
        trailing.push(0);
        assert_eq!(request_to_json(&trailing), None);
        assert_eq!(request_to_json(b"\xbf"), None); // a map that never ends
        assert_eq!(request_to_json(b"{\"a\":1}"), None); // JSON is not CBOR
        // Not a map: the core's own check refuses it.
        assert_eq!(json_of(&Cbor::Array(vec![])).unwrap(), "[]");
    }

    #[test]
    fn answers_carry_blobs_as_bytes_and_timestamps_as_tagged_milliseconds() {
        let body = br#"{"Records":[{"ApproximateArrivalTimestamp":1.700000000123E9,"Data":"AAEC/w==","PartitionKey":"Data"}],"MillisBehindLatest":0,"Empty":null,"Neg":-2,"Ok":true}"#;
        let value: Cbor = ciborium::de::from_reader(&response_from_json(body)[..]).unwrap();
        let record = Cbor::Map(vec![
            (text("ApproximateArrivalTimestamp"), Cbor::Tag(1, Box::new(Cbor::Integer(1_700_000_000_123_i64.into())))),
            (text("Data"), Cbor::Bytes(vec![0, 1, 2, 255])),
            (text("PartitionKey"), text("Data")),
        ]);
        assert_eq!(
            value,
            Cbor::Map(vec![
                (text("Records"), Cbor::Array(vec![record])),
                (text("MillisBehindLatest"), Cbor::Integer(0.into())),
                (text("Empty"), Cbor::Null),
                (text("Neg"), Cbor::Integer((-2).into())),
                (text("Ok"), Cbor::Bool(true)),
            ])
        );
        assert_eq!(response_from_json(b""), b"");
    }
}
