//! DeleteStream: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html>
//!
//! An ACTIVE stream turns DELETING and is gone when the delete duration has passed; its name
//! stays taken until then (docs/behaviour.md §5.7).

use super::in_flight_limit;
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::STREAM_NAME;
use crate::sim::stream::{Change, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let stream_name = input.string("StreamName")?;
    // Read for its type only: no consumers are simulated, so there is nothing to enforce.
    input.boolean("EnforceConsumerDeletion")?;
    let mut violations = Violations::new();
    violations.required_string("streamName", stream_name, &STREAM_NAME);
    violations.into_result()?;
    let stream_name = stream_name.unwrap_or_default();
    account.admit(Operation::DeleteStream, Some(stream_name), now_ms)?;

    account.find_active_mut(stream_name)?;
    in_flight_limit(account)?;
    let due_ms = now_ms.saturating_add(account.config.durations.delete_stream_ms);
    account.begin(stream_name, StreamStatus::Deleting, Change::Delete, due_ms);
    Ok(Response::empty())
}
