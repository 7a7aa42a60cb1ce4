//! EnableEnhancedMonitoring and DisableEnhancedMonitoring, mirror images:
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html>
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DisableEnhancedMonitoring.html>
//!
//! Turn shard-level metrics on or off; `ALL` stands for all seven. The answer gives the metrics
//! before (Current) and after (Desired). The change applies at once (whether the service passes
//! through UPDATING for it is UNVERIFIED).

use serde::Serialize;

use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{METRICS_NAME, METRICS_NAME_LIST_ENTRIES, STREAM_NAME};
use crate::sim::validate::{Violations, render_list};
use crate::sim::wire::Response;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output<'a> {
    current_shard_level_metrics: Vec<&'static str>,
    desired_shard_level_metrics: &'a [&'static str],
    stream_name: &'a str,
}

pub fn enable(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    change(account, input, now_ms, Operation::EnableEnhancedMonitoring)
}

pub fn disable(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    change(account, input, now_ms, Operation::DisableEnhancedMonitoring)
}

fn change(account: &mut Account, input: Input, now_ms: i64, operation: Operation) -> Result<Response, ApiError> {
    let stream_name = input.string("StreamName")?;
    let metrics = input.string_list("ShardLevelMetrics")?;
    let mut violations = Violations::new();
    if let Some(metrics) = &metrics {
        let rendered = render_list(metrics);
        let (min, max) = METRICS_NAME_LIST_ENTRIES;
        violations.length("shardLevelMetrics", &rendered, metrics.len(), min, max);
        let known = metrics.iter().all(|m| METRICS_NAME.contains(m));
        let rule = format!("Member must satisfy enum value set: [{}]", METRICS_NAME.join(", "));
        violations.members("shardLevelMetrics", &rendered, known, &rule);
    } else {
        violations.required("shardLevelMetrics", false);
    }
    violations.required_string("streamName", stream_name, &STREAM_NAME);
    violations.into_result()?;
    let (stream_name, metrics) = (stream_name.unwrap_or_default(), metrics.unwrap_or_default());
    account.admit(operation, Some(stream_name), now_ms)?;

    let stream = account.find_active_mut(stream_name)?;
    let all = metrics.contains(&"ALL");
    let named = |m: &str| all || metrics.contains(&m);
    let before = stream.shard_level_metrics.clone();
    // Kept in the model's order, without "ALL".
    stream.shard_level_metrics = METRICS_NAME[..METRICS_NAME.len() - 1]
        .iter()
        .copied()
        .filter(|m| {
            let on = before.contains(m);
            if operation == Operation::EnableEnhancedMonitoring { on || named(m) } else { on && !named(m) }
        })
        .collect();
    Ok(Response::json(&Output {
        current_shard_level_metrics: before,
        desired_shard_level_metrics: &stream.shard_level_metrics,
        stream_name: &stream.name,
    }))
}
