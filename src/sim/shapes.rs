//! Input constraints of the shapes in the 2021-11-30 model (`reference/…service-2.json`), as the
//! service enforces them before an operation runs. Only input shapes appear here: the service does
//! not hold its own responses to these limits (it returns `"ShardLevelMetrics":[]`, below the
//! list's min of 1).

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
}

impl Pattern {
    pub fn text(self) -> &'static str {
        match self {
            Self::Name => "[a-zA-Z0-9_.-]+",
        }
    }

    /// Whole-string match, as the service's Java validator applies it.
    pub fn matches(self, value: &str) -> bool {
        match self {
            Self::Name => {
                !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
            }
        }
    }
}

/// An integer shape's `min` and `max`.
pub struct IntegerShape {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

pub const STREAM_NAME: StringShape = StringShape { min: 1, max: 128, pattern: Some(Pattern::Name) };

/// ShardCount, TargetShardCount. The model sets no maximum.
pub const POSITIVE_INTEGER_OBJECT: IntegerShape = IntegerShape { min: Some(1), max: None };

/// The StreamMode enum, in model order (error messages list it in this order).
pub const STREAM_MODE: &[&str] = &["PROVISIONED", "ON_DEMAND"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_pattern_matches_the_whole_string() {
        assert!(Pattern::Name.matches("orders.v2-eu_1"));
        assert!(!Pattern::Name.matches(""));
        assert!(!Pattern::Name.matches("bad name"));
        assert!(!Pattern::Name.matches("<script>"));
        assert!(!Pattern::Name.matches("straße"));
    }
}
