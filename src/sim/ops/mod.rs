//! One file per API operation. Each reads its members (SerializationException on a wrong JSON
//! type), validates them (ValidationException), applies the change to the account and encodes the
//! response, in the order the service does those things.

mod create_stream;
mod describe_stream_summary;

use super::account::Account;
use super::error::ApiError;
use super::input::Input;
use super::operation::Operation;
use super::wire::Response;

pub(crate) fn call(
    operation: Operation,
    account: &mut Account,
    body: &[u8],
    now_ms: i64,
) -> Result<Response, ApiError> {
    if !operation.is_simulated() {
        return Err(ApiError::NotSimulated(operation.name()));
    }
    let input = Input::parse(body)?;
    match operation {
        Operation::CreateStream => create_stream::call(account, &input, now_ms),
        Operation::DescribeStreamSummary => describe_stream_summary::call(account, &input),
        other => Err(ApiError::NotSimulated(other.name())),
    }
}
