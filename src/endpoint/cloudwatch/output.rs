//! What an operation answers, as a tree of the model's shapes, and the three ways CloudWatch
//! writes it: a JSON document (awsJson 1.0), a CBOR map (Smithy RPC v2 CBOR) and an XML element
//! (awsQuery). Members are built in the model's `xmlOrder`, which the other two keep too.

use ciborium_ll::{Encoder, Header};

use crate::sim::civil_from_days;

/// A value of an output shape.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    Text(String),
    Double(f64),
    /// A timestamp, in epoch milliseconds.
    Time(i64),
    List(Vec<Out>),
    Structure(Vec<(&'static str, Out)>),
    /// A map shape: ExtendedStatistics, by statistic.
    Map(Vec<(String, Out)>),
}

impl Out {
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text(text.into())
    }

    /// The document as awsJson writes it: timestamps as epoch seconds.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            // Strings and finite doubles always serialise.
            Self::Text(text) => serde_json::to_writer(&mut *out, text).unwrap_or_default(),
            Self::Double(value) => serde_json::to_writer(&mut *out, &finite(*value)).unwrap_or_default(),
            Self::Time(ms) => out.extend_from_slice(epoch_seconds_text(*ms).as_bytes()),
            Self::List(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    item.write_json(out);
                }
                out.push(b']');
            }
            Self::Structure(members) => write_json_object(members.iter().map(|(k, v)| (*k, v)), out),
            Self::Map(entries) => write_json_object(entries.iter().map(|(k, v)| (k.as_str(), v)), out),
        }
    }

    /// The document as Smithy RPC v2 CBOR writes it: timestamps as tag 1 and epoch seconds.
    pub fn to_cbor(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = self.write_cbor(&mut Encoder::from(&mut out));
        out
    }

    fn write_cbor(&self, out: &mut Encoder<&mut Vec<u8>>) -> Result<(), std::io::Error> {
        match self {
            Self::Text(text) => out.text(text, None),
            Self::Double(value) => out.push(Header::Float(finite(*value))),
            Self::Time(ms) => {
                out.push(Header::Tag(1))?;
                if ms % 1000 == 0 {
                    let seconds = ms / 1000;
                    out.push(if seconds >= 0 {
                        Header::Positive(seconds as u64)
                    } else {
                        Header::Negative(!(seconds as u64))
                    })
                } else {
                    out.push(Header::Float(*ms as f64 / 1000.0))
                }
            }
            Self::List(items) => {
                out.push(Header::Array(Some(items.len())))?;
                items.iter().try_for_each(|item| item.write_cbor(out))
            }
            Self::Structure(members) => {
                out.push(Header::Map(Some(members.len())))?;
                members.iter().try_for_each(|(name, value)| {
                    out.text(name, None)?;
                    value.write_cbor(out)
                })
            }
            Self::Map(entries) => {
                out.push(Header::Map(Some(entries.len())))?;
                entries.iter().try_for_each(|(key, value)| {
                    out.text(key, None)?;
                    value.write_cbor(out)
                })
            }
        }
    }

    /// The value's XML content as awsQuery writes it: lists as `member` elements, maps as
    /// `entry` elements of `key` and `value`, timestamps in ISO 8601.
    pub fn write_xml(&self, out: &mut String) {
        match self {
            Self::Text(text) => escape_xml(text, out),
            Self::Double(value) => out.push_str(&format!("{:?}", finite(*value))),
            Self::Time(ms) => out.push_str(&iso_8601(*ms)),
            Self::List(items) => {
                for item in items {
                    element("member", item, out);
                }
            }
            Self::Structure(members) => {
                for (name, value) in members {
                    element(name, value, out);
                }
            }
            Self::Map(entries) => {
                for (key, value) in entries {
                    out.push_str("<entry><key>");
                    escape_xml(key, out);
                    out.push_str("</key>");
                    element("value", value, out);
                    out.push_str("</entry>");
                }
            }
        }
    }
}

fn write_json_object<'a>(members: impl Iterator<Item = (&'a str, &'a Out)>, out: &mut Vec<u8>) {
    out.push(b'{');
    for (i, (name, value)) in members.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, name).unwrap_or_default();
        out.push(b':');
        value.write_json(out);
    }
    out.push(b'}');
}

/// `<name>value</name>`.
pub fn element(name: &str, value: &Out, out: &mut String) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    value.write_xml(out);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

pub fn escape_xml(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// Statistics of whole-number samples are finite; a value that is not would break JSON.
fn finite(value: f64) -> f64 {
    if value.is_finite() { value } else { 0.0 }
}

/// Epoch milliseconds as epoch seconds: `1700000000`, or `1700000000.5` with a fraction.
fn epoch_seconds_text(ms: i64) -> String {
    let (seconds, fraction) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    if fraction == 0 {
        seconds.to_string()
    } else {
        format!("{seconds}.{}", format!("{fraction:03}").trim_end_matches('0'))
    }
}

/// `2023-11-14T22:13:20Z`, or `2023-11-14T22:13:20.500Z` with milliseconds, as CloudWatch's
/// awsQuery answers write times.
pub fn iso_8601(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (of_day / 3600, of_day / 60 % 60, of_day % 60);
    let fraction = match ms.rem_euclid(1000) {
        0 => String::new(),
        millis => format!(".{millis:03}"),
    };
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Out {
        Out::Structure(vec![
            ("Label", Out::text("Incoming<Bytes>")),
            (
                "Datapoints",
                Out::List(vec![Out::Structure(vec![
                    ("Timestamp", Out::Time(1_700_000_040_000)),
                    ("Sum", Out::Double(1024.0)),
                    ("ExtendedStatistics", Out::Map(vec![("p99".into(), Out::Double(0.5))])),
                ])]),
            ),
        ])
    }

    #[test]
    fn json_has_epoch_seconds() {
        assert_eq!(
            String::from_utf8(sample().to_json()).unwrap(),
            r#"{"Label":"Incoming<Bytes>","Datapoints":[{"Timestamp":1700000040,"Sum":1024.0,"ExtendedStatistics":{"p99":0.5}}]}"#
        );
        assert_eq!(epoch_seconds_text(1_700_000_040_500), "1700000040.5");
        assert_eq!(epoch_seconds_text(-1), "-1.999");
    }

    #[test]
    fn xml_has_members_entries_and_iso_times() {
        let mut out = String::new();
        sample().write_xml(&mut out);
        assert_eq!(
            out,
            "<Label>Incoming&lt;Bytes&gt;</Label><Datapoints><member><Timestamp>2023-11-14T22:14:00Z</Timestamp>\
             <Sum>1024.0</Sum><ExtendedStatistics><entry><key>p99</key><value>0.5</value></entry>\
             </ExtendedStatistics></member></Datapoints>"
        );
        assert_eq!(iso_8601(1_700_000_040_007), "2023-11-14T22:14:00.007Z");
        assert_eq!(iso_8601(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn cbor_has_tagged_epoch_seconds() {
        let value: ciborium::Value = ciborium::de::from_reader(&sample().to_cbor()[..]).unwrap();
        let point = &value.as_map().unwrap()[1].1.as_array().unwrap()[0];
        let timestamp = &point.as_map().unwrap()[0].1;
        assert_eq!(timestamp, &ciborium::Value::Tag(1, Box::new(ciborium::Value::Integer(1_700_000_040.into()))));
        let half = Out::Time(1_700_000_040_500).to_cbor();
        let value: ciborium::Value = ciborium::de::from_reader(&half[..]).unwrap();
        assert_eq!(value, ciborium::Value::Tag(1, Box::new(ciborium::Value::Float(1_700_000_040.5))));
    }
}
