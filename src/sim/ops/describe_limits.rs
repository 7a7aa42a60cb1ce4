//! DescribeLimits: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html>
//!
//! The account's shard and on-demand figures, all four required since 2021-11-30 (KINESIS.md
//! §2.6). Whether OpenShardCount includes on-demand streams is UNVERIFIED: the shard quota only
//! applies to provisioned streams, so it counts the open shards DescribeStream shows for those.

use serde::Serialize;

use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::stream::StreamMode;
use crate::sim::wire::Response;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    on_demand_stream_count: u32,
    on_demand_stream_count_limit: u32,
    open_shard_count: u32,
    shard_limit: u32,
}

pub fn call(account: &mut Account, _input: &Input, now_ms: i64) -> Result<Response, ApiError> {
    account.admit(Operation::DescribeLimits, None, now_ms)?;
    let streams = || account.streams();
    Ok(Response::json(&Output {
        on_demand_stream_count: streams().filter(|s| s.mode == StreamMode::OnDemand).count() as u32,
        on_demand_stream_count_limit: account.config.limits.on_demand_stream_count_limit,
        open_shard_count: streams().filter(|s| s.mode == StreamMode::Provisioned).map(|s| s.open_shard_count()).sum(),
        shard_limit: account.config.limits.shard_limit,
    }))
}
