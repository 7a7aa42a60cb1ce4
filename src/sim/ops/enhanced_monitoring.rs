//! EnableEnhancedMonitoring and DisableEnhancedMonitoring, mirror images:
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html>
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DisableEnhancedMonitoring.html>
//!
//! Turn shard-level metrics on or off; `ALL` stands for all seven. The answer gives the metrics
//! before (Current) and after (Desired). The change applies at once (whether the service passes
//! through UPDATING for it is UNVERIFIED).

use serde::Serialize;

use super::InputShape;
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{EnumValue, METRICS_NAME_LIST_ENTRIES, MetricsName, ModelEnum, STREAM_NAME};
use crate::sim::validate::{Violations, render_list};
use crate::sim::wire::Response;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output<'a> {
    current_shard_level_metrics: Vec<MetricsName>,
    desired_shard_level_metrics: &'a [MetricsName],
    stream_name: &'a str,
}

pub fn enable(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    change(account, input, now_ms, Operation::EnableEnhancedMonitoring)
}

pub fn disable(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    change(account, input, now_ms, Operation::DisableEnhancedMonitoring)
}

/// EnableEnhancedMonitoringInput and DisableEnhancedMonitoringInput, which have the same members.
struct EnhancedMonitoringInput<'a> {
    stream_name: Option<&'a str>,
    shard_level_metrics: Option<Vec<EnumValue<'a, MetricsName>>>,
}

impl<'a> InputShape<'a> for EnhancedMonitoringInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            shard_level_metrics: input.enumeration_list("ShardLevelMetrics")?,
        })
    }

    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        if let Some(metrics) = &self.shard_level_metrics {
            let texts: Vec<&str> = metrics.iter().map(|m| m.text()).collect();
            let rendered = render_list(&texts);
            let (min, max) = METRICS_NAME_LIST_ENTRIES;
            violations.length("shardLevelMetrics", &rendered, metrics.len(), min, max);
            let known = metrics.iter().all(|m| m.known().is_some());
            violations.members("shardLevelMetrics", &rendered, known, &Violations::enum_rule::<MetricsName>());
        } else {
            violations.required("shardLevelMetrics", false);
        }
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

fn change(account: &mut Account, input: Input, now_ms: i64, operation: Operation) -> Result<Response, ApiError> {
    let request = EnhancedMonitoringInput::read(input)?;
    request.validate()?;
    account.admit(operation, request.stream_name, now_ms)?;
    apply(account, request, operation)
}

fn apply(account: &mut Account, request: EnhancedMonitoringInput, operation: Operation) -> Result<Response, ApiError> {
    let stream_name = request.stream_name.unwrap_or_default();
    let metrics: Vec<MetricsName> =
        request.shard_level_metrics.into_iter().flatten().filter_map(EnumValue::known).collect();

    let stream = account.find_active_mut(stream_name)?;
    let all = metrics.contains(&MetricsName::All);
    let named = |m: MetricsName| all || metrics.contains(&m);
    let before = stream.shard_level_metrics.clone();
    // Kept in the model's order, without ALL.
    stream.shard_level_metrics = MetricsName::VALUES
        .iter()
        .copied()
        .filter(|&m| m != MetricsName::All)
        .filter(|&m| {
            let on = before.contains(&m);
            if operation == Operation::EnableEnhancedMonitoring { on || named(m) } else { on && !named(m) }
        })
        .collect();
    Ok(Response::json(&Output {
        current_shard_level_metrics: before,
        desired_shard_level_metrics: &stream.shard_level_metrics,
        stream_name: &stream.name,
    }))
}
