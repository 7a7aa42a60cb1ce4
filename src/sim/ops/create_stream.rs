//! CreateStream: <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html>
//!
//! Answers 200 with an empty body and leaves the stream CREATING until the create duration has
//! passed on the simulation clock (docs/behaviour.md §5.1).

use crate::sim::vec_map::VecMap;

use super::{InputShape, StreamModeDetailsInput, in_flight_limit, on_demand_limit, shard_limit};
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{CREATE_SHARD_COUNT, STREAM_NAME};
use crate::sim::shard_map;
use crate::sim::stream::{Change, EncryptionType, Stream, StreamMode, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

/// ON_DEMAND streams start with 4 shards (docs/behaviour.md §5.1).
const ON_DEMAND_INITIAL_SHARDS: u32 = 4;
const DEFAULT_RETENTION_PERIOD_HOURS: u32 = 24;
/// The creation time encoded in a new stream's sequence numbers is a few seconds before the
/// call: 3 s in the AWS CLI's describe-stream example (docs/behaviour.md §7.3).
const SHARD_CLOCK_LEAD_MS: i64 = 3_000;

/// CreateStreamInput.
struct CreateStreamInput<'a> {
    shard_count: Option<i32>,
    stream_name: Option<&'a str>,
    stream_mode_details: Option<StreamModeDetailsInput<'a>>,
}

impl<'a> InputShape<'a> for CreateStreamInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            shard_count: input.integer("ShardCount")?,
            stream_name: input.string("StreamName")?,
            stream_mode_details: input.structure("StreamModeDetails")?.map(StreamModeDetailsInput::read).transpose()?,
        })
    }

    /// Order as observed on AWS: shardCount before streamName (kinesalite's tests). Where the
    /// 2021 member StreamModeDetails falls is UNVERIFIED; it is checked last.
    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        violations.integer("shardCount", self.shard_count, &CREATE_SHARD_COUNT);
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        if let Some(details) = &self.stream_mode_details {
            details.validate(&mut violations);
        }
        violations.into_result()
    }
}

pub fn call(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    let request = CreateStreamInput::read(input)?;
    request.validate()?;
    account.admit(Operation::CreateStream, request.stream_name, now_ms)?;
    apply(account, request, now_ms)
}

fn apply(account: &mut Account, request: CreateStreamInput, now_ms: i64) -> Result<Response, ApiError> {
    let CreateStreamInput { shard_count, stream_name, stream_mode_details } = request;
    let stream_name = stream_name.unwrap_or_default();
    // PROVISIONED is the default (docs/behaviour.md §5.1).
    let mode = stream_mode_details.and_then(|details| details.mode()).unwrap_or(StreamMode::Provisioned);

    // The raw API's texts for these two are UNVERIFIED; the first is the one CloudFormation
    // passes on from the service, the second mirrors it. InvalidArgumentException is the
    // exception the 2021 model declares for bad arguments to CreateStream.
    let shard_count = match (mode, shard_count) {
        (StreamMode::OnDemand, Some(_)) => {
            return Err(ApiError::InvalidArgument("ShardCount is not expected when StreamMode=ON_DEMAND".into()));
        }
        (StreamMode::OnDemand, None) => ON_DEMAND_INITIAL_SHARDS,
        (StreamMode::Provisioned, Some(count)) => count as u32, // validated >= 1
        (StreamMode::Provisioned, None) => {
            return Err(ApiError::InvalidArgument("ShardCount is expected when StreamMode=PROVISIONED".into()));
        }
    };

    if account.stream(stream_name).is_some() {
        // Also while the old stream is DELETING: the name stays taken until it is gone.
        let account_id = &account.config.account_id;
        return Err(ApiError::ResourceInUse(format!(
            "Stream {stream_name} under account {account_id} already exists."
        )));
    }
    in_flight_limit(account)?;
    match mode {
        StreamMode::OnDemand => on_demand_limit(account)?,
        StreamMode::Provisioned => shard_limit(account, u64::from(shard_count))?,
    }
    // The per-stream bound UpdateShardCount keeps, checked before a single shard is made: with
    // a raised account quota, one call must not allocate shards without bound. The text mirrors
    // UpdateShardCount's (UNVERIFIED; docs/behaviour.md §5.2).
    let per_stream = account.config.limits.shards_per_stream;
    if shard_count > per_stream {
        return Err(ApiError::LimitExceeded(format!(
            "CreateStream could not create stream {stream_name} under account {} with {shard_count} shards: a stream can have at most {per_stream} shards.",
            account.config.account_id
        )));
    }

    let config = &account.config;
    let due_ms = now_ms.saturating_add(config.durations.create_stream_ms);
    account.insert(Stream {
        name: stream_name.to_owned(),
        arn: config.stream_arn(stream_name),
        created_at_ms: now_ms,
        mode,
        status: StreamStatus::Creating,
        pending: None,
        retention_period_hours: DEFAULT_RETENTION_PERIOD_HOURS,
        encryption_type: EncryptionType::None,
        key_id: None,
        shard_level_metrics: Vec::new(),
        tags: VecMap::new(),
        shards: shard_map::uniform(shard_count, now_ms.saturating_sub(SHARD_CLOCK_LEAD_MS)),
        mode_switches_ms: Vec::new(),
        shard_count_updates_ms: Vec::new(),
        metrics: Default::default(),
        on_demand: Default::default(),
        usage: crate::sim::usage::Usage::new(now_ms),
    });
    account.begin(stream_name, StreamStatus::Creating, Change::Create, due_ms);
    Ok(Response::empty())
}
