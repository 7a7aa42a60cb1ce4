//! IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod, mirror images:
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html>
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html>
//!
//! Retention is 24..8760 hours; an increase may not shorten it nor a decrease lengthen it, and an
//! equal value is accepted (docs/behaviour.md §5.12). The change applies at once: whether the
//! service passes through UPDATING for it is UNVERIFIED.

use super::InputShape;
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::STREAM_NAME;
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

pub fn increase(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    change(account, input, now_ms, Operation::IncreaseStreamRetentionPeriod)
}

pub fn decrease(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    change(account, input, now_ms, Operation::DecreaseStreamRetentionPeriod)
}

/// IncreaseStreamRetentionPeriodInput and DecreaseStreamRetentionPeriodInput, which have the same
/// members.
struct StreamRetentionPeriodInput<'a> {
    stream_name: Option<&'a str>,
    retention_period_hours: Option<i32>,
}

impl<'a> InputShape<'a> for StreamRetentionPeriodInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            retention_period_hours: input.integer("RetentionPeriodHours")?,
        })
    }

    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.required("retentionPeriodHours", self.retention_period_hours.is_some());
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

fn change(account: &mut Account, input: Input, now_ms: i64, operation: Operation) -> Result<Response, ApiError> {
    let request = StreamRetentionPeriodInput::read(input)?;
    request.validate()?;
    account.admit(operation, request.stream_name, now_ms)?;
    apply(account, request, operation, now_ms)
}

fn apply(
    account: &mut Account,
    request: StreamRetentionPeriodInput,
    operation: Operation,
    now_ms: i64,
) -> Result<Response, ApiError> {
    let (stream_name, hours) =
        (request.stream_name.unwrap_or_default(), request.retention_period_hours.unwrap_or_default());

    let limits = account.config.limits;
    let stream = account.find_active_mut(stream_name)?;
    let invalid = |message: String| Err(ApiError::InvalidArgument(message));
    // Observed texts (kinesalite's AWS-run tests; the maximum's from moto).
    if hours < limits.min_retention_hours as i32 {
        return invalid(format!(
            "Minimum allowed retention period is {} hours. Requested retention period ({hours} hours) is too short.",
            limits.min_retention_hours
        ));
    }
    if hours > limits.max_retention_hours as i32 {
        return invalid(format!(
            "Maximum allowed retention period is {} hours. Requested retention period ({hours} hours) is too long.",
            limits.max_retention_hours
        ));
    }
    let (hours, existing) = (hours as u32, stream.retention_period_hours);
    if operation == Operation::IncreaseStreamRetentionPeriod && hours < existing {
        return invalid(format!(
            "Requested retention period ({hours} hours) for stream {stream_name} can not be shorter than existing retention period ({existing} hours). Use DecreaseRetentionPeriod API."
        ));
    }
    if operation == Operation::DecreaseStreamRetentionPeriod && hours > existing {
        return invalid(format!(
            "Requested retention period ({hours} hours) for stream {stream_name} can not be longer than existing retention period ({existing} hours). Use IncreaseRetentionPeriod API."
        ));
    }
    // Records trim lazily, when their shard is next used: those the old period has expired must
    // go now, or a longer period would bring them back ("does not make previous, expired data
    // … accessible", API reference of IncreaseStreamRetentionPeriod).
    stream.trim_records(now_ms);
    stream.retention_period_hours = hours;
    // A shorter retention can expire closed shards sooner.
    account.schedule_shard_expiry(stream_name);
    Ok(Response::empty())
}
