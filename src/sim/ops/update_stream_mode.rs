//! UpdateStreamMode (new on 2021-11-30):
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html>
//!
//! Switches a stream between PROVISIONED and ON_DEMAND. The stream is UPDATING while the switch
//! runs, keeps its shards in both directions, and may switch at most twice in any rolling 24 hours
//! (docs/behaviour.md §5.3). The stream is named by its ARN only: the 2021 model has no StreamName
//! here.

use super::{InputShape, StreamModeDetailsInput, on_demand_limit, shard_limit};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::STREAM_ARN;
use crate::sim::stream::{Change, Stream, StreamMode, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// UpdateStreamModeInput.
struct UpdateStreamModeInput<'a> {
    stream_arn: Option<&'a str>,
    stream_mode_details: Option<StreamModeDetailsInput<'a>>,
}

impl<'a> InputShape<'a> for UpdateStreamModeInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_arn: input.string("StreamARN")?,
            stream_mode_details: input.structure("StreamModeDetails")?.map(StreamModeDetailsInput::read).transpose()?,
        })
    }

    /// Model order (UNVERIFIED for this operation).
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.required_string("streamARN", self.stream_arn, &STREAM_ARN);
        if let Some(details) = &self.stream_mode_details {
            details.validate(&mut violations);
        } else {
            violations.required("streamModeDetails", false);
        }
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = UpdateStreamModeInput::read(input)?;
    request.validate()?;
    account.admit(Operation::UpdateStreamMode, None, now_ms)?;
    apply(account, request, now_ms)
}

fn apply(account: &mut Account, request: UpdateStreamModeInput, now_ms: i64) -> Result<Response, ApiError> {
    let target = request.stream_mode_details.and_then(|details| details.mode()).unwrap_or(StreamMode::Provisioned);
    let stream_arn = request.stream_arn.unwrap_or_default();

    // An ARN of another account or region, or of no stream, names nothing here. The text for the
    // ARN form is UNVERIFIED; the name form is the observed one.
    let config = &account.config;
    let stream_name = stream_arn.rsplit_once(":stream/").map_or(stream_arn, |(_, name)| name);
    if config.stream_arn(stream_name) != stream_arn {
        return Err(ApiError::stream_not_found(stream_name, &config.account_id));
    }
    let account_id = config.account_id.clone();
    let limits = config.limits;
    let stream = account.find_active_mut(stream_name)?;

    // Same-mode requests: the service's answer is UNVERIFIED (docs/behaviour.md §5.3). Refusing
    // them keeps a no-op from using up one of the two daily switches.
    if stream.mode == target {
        return Err(ApiError::InvalidArgument(format!(
            "Stream {stream_name} under account {account_id} is already in {} mode.",
            target.as_str()
        )));
    }
    let switches = Stream::within_a_day(&mut stream.mode_switches_ms, now_ms);
    if switches >= limits.mode_switches_per_day as usize {
        // The exact text is UNVERIFIED; LimitExceededException is the documented exception.
        return Err(ApiError::LimitExceeded(format!(
            "Stream {stream_name} under account {account_id} has already switched capacity mode {switches} times in the last 24 hours. Limit: {}.",
            limits.mode_switches_per_day
        )));
    }
    let open_shards = u64::from(stream.open_shard_count());
    match target {
        StreamMode::OnDemand => on_demand_limit(account)?,
        // Its shards start counting against the provisioned shard quota.
        StreamMode::Provisioned => shard_limit(account, open_shards)?,
    }

    let due_ms = now_ms.saturating_add(account.config.durations.update_stream_ms);
    if let Ok(stream) = account.find_mut(stream_name) {
        stream.mode_switches_ms.push(now_ms);
    }
    account.begin(stream_name, StreamStatus::Updating, Change::Mode(target), due_ms);
    Ok(Response::empty())
}
