//! CloudWatch's `NextToken`s, the endpoint's own: where the next page of an operation's answer
//! starts, as base64 of the operation's name and the position, so that a token of one operation
//! (or a forged one) is `InvalidNextToken` to another.

use crate::sim::base64;

/// The token for the page of `operation` from `position` on.
pub fn token(operation: &str, position: u64) -> String {
    base64::encode_url(format!("kinesis-endpoint:{operation}:{position}").as_bytes())
}

/// Where the page `token` asks for starts, if it is a token of `operation`.
pub fn position(operation: &str, token: &str) -> Option<u64> {
    let text = String::from_utf8(base64::decode_url(token)?).ok()?;
    text.strip_prefix("kinesis-endpoint:")?.strip_prefix(operation)?.strip_prefix(':')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_name_their_operation() {
        assert_eq!(position("ListMetrics", &token("ListMetrics", 500)), Some(500));
        assert_eq!(position("GetMetricData", &token("ListMetrics", 500)), None);
        assert_eq!(position("ListMetrics", "bm90IGEgdG9rZW4"), None);
    }
}
