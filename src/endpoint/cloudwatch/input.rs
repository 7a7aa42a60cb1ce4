//! Reading an operation's input, whichever protocol brought it. Every protocol's body becomes one
//! tree (`serde_json::Value`): JSON as sent; CBOR with tag-1 times as epoch seconds; an awsQuery
//! form with every value a string (`form`). So a number may be a number or its text, a time epoch
//! seconds or ISO 8601 text, and errors name members as awsQuery does
//! (`MetricDataQueries.member.1.Period`), the form CloudWatch's own messages use.

use serde_json::Value;

use super::fault::Fault;

/// A member of the input, present or not, with its awsQuery name for messages.
#[derive(Clone)]
pub struct Field<'v> {
    value: Option<&'v Value>,
    name: String,
}

impl<'v> Field<'v> {
    /// The whole input.
    pub fn root(value: &'v Value) -> Self {
        Self { value: Some(value), name: String::new() }
    }

    /// Member `name` of this structure.
    pub fn get(&self, name: &str) -> Field<'v> {
        let value = self.value.and_then(|v| v.get(name));
        let name = if self.name.is_empty() { name.to_owned() } else { format!("{}.{name}", self.name) };
        Field { value, name }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn is_present(&self) -> bool {
        self.value.is_some_and(|v| !v.is_null())
    }

    fn present(&self) -> Option<&'v Value> {
        self.value.filter(|v| !v.is_null())
    }

    fn invalid(&self, value: &Value, what: &str) -> Fault {
        let shown = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        Fault::invalid_value(format!("The value {shown} for parameter {} is not {what}.", self.name))
    }

    pub fn text(&self) -> Result<Option<&'v str>, Fault> {
        match self.present() {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.invalid(other, "a string")),
        }
    }

    pub fn required_text(&self) -> Result<&'v str, Fault> {
        self.text()?.ok_or_else(|| Fault::missing(&self.name))
    }

    pub fn integer(&self) -> Result<Option<i64>, Fault> {
        let Some(value) = self.present() else { return Ok(None) };
        let number = match value {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        };
        number.map(Some).ok_or_else(|| self.invalid(value, "an integer"))
    }

    pub fn boolean(&self) -> Result<Option<bool>, Fault> {
        let Some(value) = self.present() else { return Ok(None) };
        match value {
            Value::Bool(b) => Ok(Some(*b)),
            Value::String(text) if text == "true" => Ok(Some(true)),
            Value::String(text) if text == "false" => Ok(Some(false)),
            other => Err(self.invalid(other, "a boolean")),
        }
    }

    /// A time, in epoch milliseconds.
    pub fn required_time(&self) -> Result<i64, Fault> {
        let value = self.present().ok_or_else(|| Fault::missing(&self.name))?;
        let ms = match value {
            Value::Number(number) => number.as_f64().map(|seconds| (seconds * 1000.0).round() as i64),
            Value::String(text) => {
                parse_iso_8601(text).or_else(|| text.parse::<f64>().ok().map(|s| (s * 1000.0) as i64))
            }
            _ => None,
        };
        ms.ok_or_else(|| self.invalid(value, "a valid timestamp"))
    }

    /// The items of a list; none when it is absent.
    pub fn list(&self) -> Result<Vec<Field<'v>>, Fault> {
        match self.present() {
            // awsQuery sends an empty list as its bare name.
            None => Ok(Vec::new()),
            Some(Value::String(text)) if text.is_empty() => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, item)| Field { value: Some(item), name: format!("{}.member.{}", self.name, i + 1) })
                .collect()),
            Some(other) => Err(self.invalid(other, "a list")),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS`, with optional fractional seconds and a `Z` or `±HH:MM` offset (none is
/// UTC): the forms of ISO 8601 that clients send. Epoch milliseconds.
pub fn parse_iso_8601(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
    };
    if bytes.len() < 19 || bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(fraction.len());
        if end == 0 {
            return None;
        }
        let padded = format!("{:0<3}", &fraction[..end.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &fraction[end..];
    }
    let offset_minutes = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let offset = rest[1..].replace(':', "");
            if offset.len() != 4 || !offset.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            sign * (offset[..2].parse::<i64>().ok()? * 60 + offset[2..].parse::<i64>().ok()?)
        }
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (the inverse of
/// `civil_from_days`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn iso_8601_as_clients_send_it() {
        assert_eq!(parse_iso_8601("2023-11-14T22:13:20Z"), Some(1_700_000_000_000));
        assert_eq!(parse_iso_8601("2023-11-14T22:13:20.5Z"), Some(1_700_000_000_500));
        assert_eq!(parse_iso_8601("2023-11-14T22:13:20.123456Z"), Some(1_700_000_000_123));
        assert_eq!(parse_iso_8601("2023-11-15T00:13:20+02:00"), Some(1_700_000_000_000));
        assert_eq!(parse_iso_8601("2023-11-14T22:13:20"), Some(1_700_000_000_000));
        assert_eq!(parse_iso_8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso_8601("2024-02-29T00:00:00Z"), Some(1_709_164_800_000));
        for bad in ["", "2023-11-14", "2023-13-14T22:13:20Z", "2023-11-14T22:13:20.Z", "2023-11-14T22:13:20+2", "x"] {
            assert_eq!(parse_iso_8601(bad), None, "{bad}");
        }
        for days in [-800_000, -1, 0, 19_675, 2_932_896] {
            let (y, m, d) = crate::sim::civil_from_days(days);
            assert_eq!(days_from_civil(y, m.into(), d.into()), days);
        }
    }

    #[test]
    fn members_read_from_any_protocol_and_are_named_as_in_awsquery() {
        let input = json!({"Period": "60", "Start": 1_700_000_000.5, "Queries": [{"Id": 3}], "Flag": "true"});
        let root = Field::root(&input);
        assert_eq!(root.get("Period").integer(), Ok(Some(60)));
        assert_eq!(root.get("Start").required_time(), Ok(1_700_000_000_500));
        assert_eq!(root.get("Flag").boolean(), Ok(Some(true)));
        assert_eq!(root.get("Missing").integer(), Ok(None));
        assert_eq!(root.get("Missing").required_text().unwrap_err().message, "The parameter Missing is required.");
        let queries = root.get("Queries").list().unwrap();
        let error = queries[0].get("Id").required_text().unwrap_err();
        assert_eq!(error.message, "The value 3 for parameter Queries.member.1.Id is not a string.");
        assert_eq!(error.code, "InvalidParameterValue");
    }
}
