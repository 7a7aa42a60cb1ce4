//! Input constraints of the shapes in the 2021-11-30 model (`reference/…service-2.json`), as the
//! service enforces them before an operation runs, and the enums of input members, typed. Only
//! input shapes appear here: the service does not hold its own responses to these limits (it
//! returns `"ShardLevelMetrics":[]`, below the list's min of 1).

use super::stream::{EncryptionType, StreamMode};

/// A string shape's `min`, `max` and `pattern`.
pub struct StringShape {
    pub min: usize,
    pub max: usize,
    pub pattern: Option<Pattern>,
}

/// The regular expressions of the model that the simulator checks, matched by hand to keep a
/// regex engine out of the wasm bundle. `text` is quoted verbatim in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// `[a-zA-Z0-9_.-]+`: StreamName, ShardId.
    Name,
    /// `0|([1-9]\d{0,38})`: HashKey.
    HashKey,
    /// `arn:aws.*:kinesis:.*:\d{12}:stream/.+`: StreamARN, as the 2021 model has it.
    StreamArn,
    /// `0|([1-9]\d{0,128})`: SequenceNumber.
    SequenceNumber,
}

impl Pattern {
    pub fn text(self) -> &'static str {
        match self {
            Self::Name => "[a-zA-Z0-9_.-]+",
            Self::HashKey => r"0|([1-9]\d{0,38})",
            Self::StreamArn => r"arn:aws.*:kinesis:.*:\d{12}:stream/.+",
            Self::SequenceNumber => r"0|([1-9]\d{0,128})",
        }
    }

    /// Whole-string match, as the service's Java validator applies it.
    pub fn matches(self, value: &str) -> bool {
        match self {
            Self::Name => {
                !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
            }
            Self::HashKey => decimal_up_to(value, 39),
            Self::SequenceNumber => decimal_up_to(value, 129),
            Self::StreamArn => stream_arn_matches(value),
        }
    }
}

/// `0|([1-9]\d{0,<digits - 1>})`: a decimal number without leading zeros.
fn decimal_up_to(value: &str, digits: usize) -> bool {
    value == "0"
        || (matches!(value.as_bytes().first(), Some(b'1'..=b'9'))
            && value.len() <= digits
            && value.bytes().all(|b| b.is_ascii_digit()))
}

/// `arn:aws.*:kinesis:.*:\d{12}:stream/.+` without a regex engine. Java's `.` matches anything
/// but a line terminator, so the pattern holds when, for some `:stream/` followed by at least one
/// character, the text before it ends in `:` and twelve digits and, after `arn:aws`, contains
/// `:kinesis:` before that.
fn stream_arn_matches(value: &str) -> bool {
    const LINE_TERMINATORS: [char; 5] = ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'];
    let Some(rest) = value.strip_prefix("arn:aws") else { return false };
    if rest.contains(LINE_TERMINATORS) {
        return false;
    }
    rest.match_indices(":stream/").any(|(at, marker)| {
        let before = &rest.as_bytes()[..at];
        let has_name = at + marker.len() < rest.len();
        let Some(account_start) = before.len().checked_sub(12) else { return false };
        let account_ok = before[account_start..].iter().all(u8::is_ascii_digit)
            && account_start >= 1
            && before[account_start - 1] == b':';
        // The bytes checked are ASCII, so `account_start - 1` is a character boundary.
        has_name && account_ok && rest[..account_start - 1].contains(":kinesis:")
    })
}

/// An integer shape's `min` and `max`.
pub struct IntegerShape {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// An unbounded string shape (e.g. HashKey, which only has a pattern).
const ANY_LENGTH: usize = usize::MAX;

pub const STREAM_NAME: StringShape = StringShape { min: 1, max: 128, pattern: Some(Pattern::Name) };
pub const STREAM_ARN: StringShape = StringShape { min: 1, max: 2048, pattern: Some(Pattern::StreamArn) };
pub const SHARD_ID: StringShape = StringShape { min: 1, max: 128, pattern: Some(Pattern::Name) };
pub const HASH_KEY: StringShape = StringShape { min: 0, max: ANY_LENGTH, pattern: Some(Pattern::HashKey) };
pub const SEQUENCE_NUMBER: StringShape =
    StringShape { min: 0, max: ANY_LENGTH, pattern: Some(Pattern::SequenceNumber) };
pub const PARTITION_KEY: StringShape = StringShape { min: 1, max: 256, pattern: None };
pub const SHARD_ITERATOR: StringShape = StringShape { min: 1, max: 512, pattern: None };
/// Data: a blob of at most 1 MiB.
pub const DATA_MAX: usize = 1_048_576;
/// PutRecordsRequestEntryList: 1..500 records.
pub const PUT_RECORDS_ENTRIES: (usize, usize) = (1, 500);
pub const NEXT_TOKEN: StringShape = StringShape { min: 1, max: 1_048_576, pattern: None };
pub const KEY_ID: StringShape = StringShape { min: 1, max: 2048, pattern: None };
pub const TAG_KEY: StringShape = StringShape { min: 1, max: 128, pattern: None };
pub const TAG_VALUE_MAX: usize = 256;
/// TagMap (1..200 entries) and TagKeyList (1..50 keys).
pub const TAG_MAP_ENTRIES: (usize, usize) = (1, 200);
pub const TAG_KEY_LIST_ENTRIES: (usize, usize) = (1, 50);
/// MetricsNameList: 1..7 names.
pub const METRICS_NAME_LIST_ENTRIES: (usize, usize) = (1, 7);

/// ShardCount, TargetShardCount. The model sets no maximum.
pub const POSITIVE_INTEGER_OBJECT: IntegerShape = IntegerShape { min: Some(1), max: None };
/// CreateStream's ShardCount: the model sets no maximum, but the service was observed to refuse
/// counts over 100000 with "Member must have value less than or equal to 100000" (kinesalite's
/// CreateStream tests, written against AWS; docs/behaviour.md §5.2).
pub const CREATE_SHARD_COUNT: IntegerShape = IntegerShape { min: Some(1), max: Some(100_000) };
/// DescribeStream.Limit, ListStreams.Limit, ListShards.MaxResults.
pub const LIST_LIMIT: IntegerShape = IntegerShape { min: Some(1), max: Some(10_000) };
/// GetRecords' Limit.
pub const GET_RECORDS_LIMIT: IntegerShape = IntegerShape { min: Some(1), max: Some(10_000) };
pub const LIST_TAGS_LIMIT: IntegerShape = IntegerShape { min: Some(1), max: Some(50) };

/// An enum shape of the model. `VALUES` are in model order, the order error messages list them
/// in.
pub trait ModelEnum: Copy + PartialEq + 'static {
    const VALUES: &'static [Self];
    fn as_str(self) -> &'static str;
}

/// An enum member as the client sent it: a value of the model's enum, or any other text, which
/// validation reports as it was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumValue<'a, T> {
    Known(T),
    Unknown(&'a str),
}

impl<'a, T: ModelEnum> EnumValue<'a, T> {
    pub fn read(text: &'a str) -> Self {
        T::VALUES.iter().copied().find(|value| value.as_str() == text).map_or(Self::Unknown(text), Self::Known)
    }

    /// The value, once validation has ruled out other texts.
    pub fn known(self) -> Option<T> {
        match self {
            Self::Known(value) => Some(value),
            Self::Unknown(_) => None,
        }
    }

    pub fn text(self) -> &'a str {
        match self {
            Self::Known(value) => value.as_str(),
            Self::Unknown(text) => text,
        }
    }
}

impl ModelEnum for StreamMode {
    const VALUES: &'static [Self] = &[Self::Provisioned, Self::OnDemand];

    fn as_str(self) -> &'static str {
        StreamMode::as_str(self)
    }
}

impl ModelEnum for EncryptionType {
    const VALUES: &'static [Self] = &[Self::None, Self::Kms];

    fn as_str(self) -> &'static str {
        match self {
            Self::None => "NONE",
            Self::Kms => "KMS",
        }
    }
}

/// UpdateShardCount's ScalingType; the page's form writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ScalingType {
    UniformScaling,
}

impl ModelEnum for ScalingType {
    const VALUES: &'static [Self] = &[Self::UniformScaling];

    fn as_str(self) -> &'static str {
        "UNIFORM_SCALING"
    }
}

/// ListShards' ShardFilter Type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardFilterType {
    AfterShardId,
    AtTrimHorizon,
    FromTrimHorizon,
    AtLatest,
    AtTimestamp,
    FromTimestamp,
}

impl ModelEnum for ShardFilterType {
    const VALUES: &'static [Self] = &[
        Self::AfterShardId,
        Self::AtTrimHorizon,
        Self::FromTrimHorizon,
        Self::AtLatest,
        Self::AtTimestamp,
        Self::FromTimestamp,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::AfterShardId => "AFTER_SHARD_ID",
            Self::AtTrimHorizon => "AT_TRIM_HORIZON",
            Self::FromTrimHorizon => "FROM_TRIM_HORIZON",
            Self::AtLatest => "AT_LATEST",
            Self::AtTimestamp => "AT_TIMESTAMP",
            Self::FromTimestamp => "FROM_TIMESTAMP",
        }
    }
}

/// GetShardIterator's ShardIteratorType, in model order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardIteratorType {
    AtSequenceNumber,
    AfterSequenceNumber,
    TrimHorizon,
    Latest,
    AtTimestamp,
}

impl ModelEnum for ShardIteratorType {
    const VALUES: &'static [Self] =
        &[Self::AtSequenceNumber, Self::AfterSequenceNumber, Self::TrimHorizon, Self::Latest, Self::AtTimestamp];

    fn as_str(self) -> &'static str {
        match self {
            Self::AtSequenceNumber => "AT_SEQUENCE_NUMBER",
            Self::AfterSequenceNumber => "AFTER_SEQUENCE_NUMBER",
            Self::TrimHorizon => "TRIM_HORIZON",
            Self::Latest => "LATEST",
            Self::AtTimestamp => "AT_TIMESTAMP",
        }
    }
}

/// A shard-level metric; `All` stands for all the others, and is never one a stream has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricsName {
    IncomingBytes,
    IncomingRecords,
    OutgoingBytes,
    OutgoingRecords,
    WriteProvisionedThroughputExceeded,
    ReadProvisionedThroughputExceeded,
    IteratorAgeMilliseconds,
    All,
}

impl ModelEnum for MetricsName {
    const VALUES: &'static [Self] = &[
        Self::IncomingBytes,
        Self::IncomingRecords,
        Self::OutgoingBytes,
        Self::OutgoingRecords,
        Self::WriteProvisionedThroughputExceeded,
        Self::ReadProvisionedThroughputExceeded,
        Self::IteratorAgeMilliseconds,
        Self::All,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::IncomingBytes => "IncomingBytes",
            Self::IncomingRecords => "IncomingRecords",
            Self::OutgoingBytes => "OutgoingBytes",
            Self::OutgoingRecords => "OutgoingRecords",
            Self::WriteProvisionedThroughputExceeded => "WriteProvisionedThroughputExceeded",
            Self::ReadProvisionedThroughputExceeded => "ReadProvisionedThroughputExceeded",
            Self::IteratorAgeMilliseconds => "IteratorAgeMilliseconds",
            Self::All => "ALL",
        }
    }
}

impl serde::Serialize for MetricsName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Read back from the endpoint's snapshot (`endpoint::state`), by the model's text.
#[cfg(not(target_arch = "wasm32"))]
impl<'de> serde::Deserialize<'de> for MetricsName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::VALUES
            .iter()
            .copied()
            .find(|value| value.as_str() == text)
            .ok_or_else(|| serde::de::Error::unknown_variant(&text, &["a MetricsName"]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads_back<T: ModelEnum + std::fmt::Debug>() {
        for &value in T::VALUES {
            assert_eq!(EnumValue::<T>::read(value.as_str()), EnumValue::Known(value));
        }
    }

    #[test]
    fn enum_values_read_back_and_other_texts_stay_as_sent() {
        reads_back::<StreamMode>();
        reads_back::<EncryptionType>();
        reads_back::<ScalingType>();
        reads_back::<ShardFilterType>();
        reads_back::<MetricsName>();
        let sent = EnumValue::<StreamMode>::read("on_demand");
        assert_eq!((sent, sent.known(), sent.text()), (EnumValue::Unknown("on_demand"), None, "on_demand"));
        assert_eq!(EnumValue::<MetricsName>::read("ALL").known(), Some(MetricsName::All));
    }

    #[test]
    fn name_pattern_matches_the_whole_string() {
        assert!(Pattern::Name.matches("orders.v2-eu_1"));
        assert!(!Pattern::Name.matches(""));
        assert!(!Pattern::Name.matches("bad name"));
        assert!(!Pattern::Name.matches("<script>"));
        assert!(!Pattern::Name.matches("straße"));
    }

    #[test]
    fn hash_key_pattern() {
        assert!(Pattern::HashKey.matches("0"));
        assert!(Pattern::HashKey.matches("340282366920938463463374607431768211455"));
        assert!(Pattern::HashKey.matches(&"9".repeat(39)));
        assert!(!Pattern::HashKey.matches(&"9".repeat(40)));
        assert!(!Pattern::HashKey.matches("01"));
        assert!(!Pattern::HashKey.matches("-1"));
        assert!(!Pattern::HashKey.matches(""));
    }

    #[test]
    fn stream_arn_pattern() {
        for arn in [
            "arn:aws:kinesis:us-east-1:123456789012:stream/orders",
            "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a",
            "arn:aws:kinesis::123456789012:stream/x:stream/y",
            "arn:aws:kinesis:ü:123456789012:stream/ü",
        ] {
            assert!(Pattern::StreamArn.matches(arn), "{arn}");
        }
        for arn in [
            "arn:aws:kinesis:us-east-1:123456789012:stream/",
            "arn:aws:kinesis:us-east-1:12345678901:stream/a",
            "arn:aws:sqs:us-east-1:123456789012:stream/a",
            "aws:kinesis:us-east-1:123456789012:stream/a",
            "arn:aws:kinesis:us-east-1:123456789012:stream/a\nb",
            "arn:awsü123456789012:stream/a",
            "",
        ] {
            assert!(!Pattern::StreamArn.matches(arn), "{arn}");
        }
    }
}
