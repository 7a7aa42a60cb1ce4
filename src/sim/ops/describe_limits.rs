//! DescribeLimits: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html>
//!
//! The account's shard and on-demand figures (`Account::limits`), all four required since
//! 2021-11-30 (docs/behaviour.md §5.6).

use serde::Serialize;

use super::InputShape;
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::wire::Response;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    on_demand_stream_count: u32,
    on_demand_stream_count_limit: u32,
    open_shard_count: u32,
    shard_limit: u32,
}

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

fn apply(account: &mut Account) -> Result<Response, ApiError> {
    let limits = account.limits();
    Ok(Response::json(&Output {
        on_demand_stream_count: limits.on_demand_stream_count,
        on_demand_stream_count_limit: limits.on_demand_stream_count_limit,
        open_shard_count: limits.open_shard_count,
        shard_limit: limits.shard_limit,
    }))
}
