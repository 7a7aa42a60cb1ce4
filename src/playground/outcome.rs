//! A call's outcome in plain words, for the one-line result shown next to the control that made
//! it and for the live region: the status and exception, what the exception means, and what to
//! do about it, following the errors and statuses of docs/behaviour.md §3 and docs/behaviour.md §4.

use super::Exchange;
use crate::sim::Operation;

/// What a learner reads next to the control.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// "CreateStream: 200 OK" or "CreateStream: 400 LimitExceededException".
    pub headline: String,
    /// What it means and what to do, in a sentence or two.
    pub explanation: String,
    pub is_error: bool,
}

impl Outcome {
    /// The sentence the live region reads out.
    pub fn spoken(&self, sequence: u32) -> String {
        format!("Call {sequence}, {}. {}", self.headline, self.explanation)
    }
}

pub fn outcome(exchange: &Exchange) -> Outcome {
    let operation = exchange.operation.name();
    if !exchange.is_error() {
        return Outcome {
            headline: format!("{operation}: {} OK", exchange.status),
            explanation: success(exchange.operation).to_owned(),
            is_error: false,
        };
    }
    let error_type = exchange.error_type().unwrap_or("an error");
    Outcome {
        headline: format!("{operation}: {} {error_type}", exchange.status),
        explanation: explain(error_type, exchange.error_message().unwrap_or_default()).to_owned(),
        is_error: true,
    }
}

/// What a successful call did, where it starts something (docs/behaviour.md §4).
fn success(operation: Operation) -> &'static str {
    match operation {
        Operation::CreateStream => "The stream is CREATING; it becomes ACTIVE when its countdown ends.",
        Operation::UpdateStreamMode => {
            "The stream is UPDATING until the switch ends, and keeps its shards in the new mode."
        }
        Operation::UpdateShardCount => "The stream is UPDATING while its shards are split and merged.",
        Operation::DeleteStream => "The stream is DELETING; its name stays taken until it is gone.",
        Operation::DescribeStream => "Its shards are drawn in the detail view; the answer is in the inspector.",
        _ => "The answer is in the inspector.",
    }
}

/// What an exception means and what to do (docs/behaviour.md §3, §6).
fn explain(error_type: &str, message: &str) -> &'static str {
    match error_type {
        "ValidationException" => {
            "A member breaks the API model's constraints (the message quotes which, and the rule). Fix that member and send again."
        }
        "SerializationException" => {
            "The body is not JSON of the expected shape: a member has the wrong type, or the JSON is malformed. Check the request body."
        }
        "InvalidArgumentException" => {
            "The members are valid one by one but do not go together, or name something that does not fit the stream. The message says what."
        }
        "LimitExceededException" if message.starts_with("Rate exceeded") => {
            "Too many calls of this operation in the last second for the account. Wait a moment and retry, as the SDKs do with backoff."
        }
        "LimitExceededException" => {
            "A quota would be exceeded: the account's shards or on-demand streams, five streams CREATING or DELETING at once, or two mode switches a day. The message names the quota."
        }
        "ResourceInUseException" => {
            "The stream is busy: it must be ACTIVE for this call (or, for CreateStream, the name is taken). Wait for its countdown to end."
        }
        "ResourceNotFoundException" => {
            "No stream by that name or ARN in this account. Check the name, or create it first."
        }
        "ExpiredNextTokenException" => "The NextToken is older than 300 seconds. Start the listing again without it.",
        "UnknownOperationException" => {
            "The service does not know this operation, or this playground does not simulate it."
        }
        _ => "The full answer is in the inspector.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(operation: Operation, request: &str, status: u16, response: &str) -> Exchange {
        Exchange::new(0, operation, request.to_owned(), status, response.to_owned())
    }

    #[test]
    fn outcomes_say_what_happened_and_what_to_do() {
        let created = exchange(Operation::CreateStream, r#"{"StreamName":"orders"}"#, 200, "");
        let said = outcome(&created);
        assert_eq!(said.headline, "CreateStream: 200 OK");
        assert!(!said.is_error && said.explanation.contains("CREATING"));
        assert_eq!(said.spoken(3), format!("Call 3, CreateStream: 200 OK. {}", said.explanation));

        let throttled = exchange(
            Operation::DescribeLimits,
            "{}",
            400,
            r#"{"__type":"LimitExceededException","message":"Rate exceeded for account 123456789012."}"#,
        );
        assert!(outcome(&throttled).explanation.starts_with("Too many calls"));
        let quota = exchange(
            Operation::UpdateStreamMode,
            "{}",
            400,
            r#"{"__type":"LimitExceededException","message":"The stream may switch twice in 24 hours."}"#,
        );
        let said = outcome(&quota);
        assert_eq!(said.headline, "UpdateStreamMode: 400 LimitExceededException");
        assert!(said.is_error && said.explanation.starts_with("A quota would be exceeded"));
        let malformed = exchange(Operation::CreateStream, "{", 400, r#"{"__type":"SerializationException"}"#);
        assert!(outcome(&malformed).explanation.contains("malformed"));
        let foreign = exchange(Operation::ListStreams, "{}", 502, "<html>");
        assert_eq!(outcome(&foreign).headline, "ListStreams: 502 an error");
    }

    #[test]
    fn the_stream_a_call_names_is_read_when_it_is_logged() {
        let by_arn = exchange(
            Operation::UpdateStreamMode,
            r#"{"StreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/clicks","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#,
            200,
            "",
        );
        assert_eq!(by_arn.stream_name(), Some("clicks"));
        let by_name = exchange(Operation::DeleteStream, r#"{"StreamName":"a"}"#, 200, "");
        assert_eq!(by_name.stream_name(), Some("a"));
        assert_eq!(exchange(Operation::ListStreams, "{", 400, "").stream_name(), None);
    }
}
