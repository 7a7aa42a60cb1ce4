//! DeleteStream: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html>
//!
//! An ACTIVE or CREATING stream turns DELETING and is gone when the delete duration has passed;
//! its name stays taken until then (docs/behaviour.md §5.7). A CREATING stream never turns
//! ACTIVE: `Account::begin` cancels the end of its CREATING.

use super::{InputShape, in_flight_limit};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::STREAM_NAME;
use crate::sim::stream::{Change, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// DeleteStreamInput.
struct DeleteStreamInput<'a> {
    stream_name: Option<&'a str>,
    /// Read for its type only: no consumers are simulated, so there is nothing to enforce.
    #[expect(dead_code, reason = "read for its type only")]
    enforce_consumer_deletion: Option<bool>,
}

impl<'a> InputShape<'a> for DeleteStreamInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            enforce_consumer_deletion: input.boolean("EnforceConsumerDeletion")?,
        })
    }

    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = DeleteStreamInput::read(input)?;
    request.validate()?;
    account.admit(Operation::DeleteStream, request.stream_name, now_ms)?;
    apply(account, request, now_ms)
}

fn apply(account: &mut Account, request: DeleteStreamInput, now_ms: i64) -> Result<Response, ApiError> {
    let stream_name = request.stream_name.unwrap_or_default();

    let account_id = &account.config.account_id;
    let stream = account.find(stream_name)?;
    match stream.status {
        // Already one of the streams CREATING or DELETING: the count stays the same
        // (UNVERIFIED, docs/behaviour.md §5.7).
        StreamStatus::Creating => {}
        StreamStatus::Active => in_flight_limit(account)?,
        StreamStatus::Updating | StreamStatus::Deleting => stream.require_active(account_id)?,
    }
    let due_ms = now_ms.saturating_add(account.config.durations.delete_stream_ms);
    account.begin(stream_name, StreamStatus::Deleting, Change::Delete, due_ms);
    Ok(Response::empty())
}
