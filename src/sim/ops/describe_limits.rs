//! DescribeLimits: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html>
//!
//! The account's shard and on-demand figures (`AccountLimits`), all four required since
//! 2021-11-30 (docs/behaviour.md §5.6).

use super::InputShape;
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::wire::Response;

/// DescribeLimitsInput, which has no members.
struct DescribeLimitsInput;

impl<'a> InputShape<'a> for DescribeLimitsInput {
    fn read(_input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self)
    }

    fn validate(&self) -> Result<(), ApiError> {
        Ok(())
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = DescribeLimitsInput::read(input)?;
    request.validate()?;
    account.admit(Operation::DescribeLimits, None, now_ms)?;
    apply(account)
}

/// The output is `AccountLimits` itself, the shape attach mode reads back.
fn apply(account: &mut Account) -> Result<Response, ApiError> {
    Ok(Response::json(&account.limits()))
}
