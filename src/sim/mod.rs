//! The simulator core: an account of Kinesis streams behind the service's own front door.
//!
//! [`Simulator::handle`] takes what arrives on the wire (the `X-Amz-Target` value, the body bytes)
//! and the time on the simulation clock, and returns the HTTP status and body bytes the real
//! service would send. It never reads a clock, the network or the file system, so the same calls
//! at the same times always give the same bytes.
//!
//! The modules are private but `base64`, which share links and the endpoint use as well: what the
//! playground, the UI, the endpoint, the benchmarks and the tests use is re-exported below, and
//! that is the whole public surface.

mod account;
pub mod base64;
mod config;
mod cost;
mod error;
mod input;
mod java_time;
pub mod json;
mod metrics;
mod on_demand;
mod operation;
mod ops;
mod records;
mod request;
mod sequence;
mod shapes;
mod shard_map;
mod stream;
mod throttle;
mod timers;
mod token;
mod traffic;
mod usage;
mod validate;
mod vec_map;
mod wire;

pub use account::AccountLimits;
pub use config::{Config, Durations, Limits, Scaling};
pub use cost::{Bill, Costs, LineItem, Prices, US_EAST_2021, costs};
pub use error::ApiError;
pub use java_time::civil_from_days;
pub use metrics::{
    Datapoint, KEPT_MINUTES, Metric, Row, SHARD_METRICS, ShardRecorder, ShardRow, StreamMetric, StreamMetrics,
    StreamRow,
};
pub use operation::Operation;
pub use ops::sample_call::SampleCall;
pub use records::capacity::{
    ON_DEMAND_STREAM_BYTES_PER_SECOND, ON_DEMAND_STREAM_RECORDS_PER_SECOND, WRITE_BYTES_PER_SECOND,
    WRITE_RECORDS_PER_SECOND,
};
pub use request::Request;
pub use shapes::{MetricsName, Pattern, STREAM_NAME, ScalingType};
pub use shard_map::{Shard, parse_shard_id, shard_id};
pub use stream::{Stream, StreamMode, StreamModeDetails, StreamStatus};
pub use token::ShardPageToken;
pub use traffic::{
    CallMinute, Caller, Consumer, ConsumerSpec, MAX_KEYS, MAX_RECORDS_PER_SECOND, Producer, ProducerSpec,
    RECORD_TTL_MS, RatePattern, StartingPosition, partition_key, record_data,
};
pub use usage::{PerSecond, Traffic, Units, Usage};
pub use wire::{CONTENT_TYPE, RawJson, Response, TARGET_PREFIX};

use account::Account;

/// The last millisecond of the year 9999: the clock stops there, so times plus durations stay
/// far from overflowing.
const LAST_MS: i64 = 253_402_300_799_999;

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug)]
pub struct Simulator {
    account: Account,
    /// The latest simulation time seen; the clock never runs backwards.
    now_ms: i64,
}

impl Default for Simulator {
    fn default() -> Self {
        Self::new(Config::default())
    }
}

impl Simulator {
    pub fn new(config: Config) -> Self {
        Self { account: Account::new(config), now_ms: i64::MIN }
    }

    /// The front door: one API call at simulation time `now_ms` (epoch milliseconds).
    pub fn handle(&mut self, target: &str, body: &[u8], now_ms: i64) -> Response {
        match Request::read(target, body) {
            Ok(request) => self.call(&request, now_ms),
            Err(error) => error.to_response(),
        }
    }

    /// The same for a request that has passed the protocol checks (`Request::read`).
    pub fn call(&mut self, request: &Request, now_ms: i64) -> Response {
        let now_ms = self.advance(now_ms);
        let answer = ops::call(request.operation, &mut self.account, request.body.input(), now_ms)
            .unwrap_or_else(|e| e.to_response());
        if matches!(request.operation, Operation::PutRecord | Operation::PutRecords) {
            self.account.keep_within_record_budget();
        }
        answer
    }

    /// The memory the stored records take, which `Limits::record_memory_bytes` bounds.
    pub fn record_bytes(&self) -> u64 {
        self.account.record_bytes()
    }

    /// Records dropped early to keep within `Limits::record_memory_bytes`, and their memory.
    pub fn records_dropped_early(&self) -> (u64, u64) {
        self.account.dropped_early()
    }

    /// Moves the simulation clock to `now_ms` (never backwards, and within 1970..=9999) and ends
    /// every transitional status that is due. Returns the resulting time.
    pub fn advance(&mut self, now_ms: i64) -> i64 {
        self.now_ms = self.now_ms.max(now_ms.clamp(0, LAST_MS));
        self.account.settle(self.now_ms);
        self.now_ms
    }

    /// When the next CREATING, UPDATING or DELETING ends, so a clock can skip to it.
    pub fn next_transition_ms(&self) -> Option<i64> {
        self.account.next_transition_ms()
    }

    /// What DescribeLimits would report now, without making (and rate-limiting) a call.
    pub fn limits(&self) -> AccountLimits {
        self.account.limits()
    }

    /// The account's settings from now on (a restarted endpoint's flags); transitions under way
    /// keep their end.
    pub fn set_config(&mut self, config: Config) {
        self.account.config = config;
    }

    /// Durations for transitions that start from now on; those under way keep their end.
    pub fn set_durations(&mut self, durations: Durations) {
        self.account.config.durations = durations;
    }

    pub fn stream(&self, name: &str) -> Option<&Stream> {
        self.account.stream(name)
    }

    /// A read-only view of the streams, for pictures the API does not draw (countdowns).
    pub fn streams(&self) -> impl Iterator<Item = &Stream> {
        self.account.streams()
    }

    /// The calls per minute of producers and consumers whose minute has ended since the last
    /// time, oldest first (docs/behaviour.md §11.12).
    pub fn take_call_minutes(&mut self) -> Vec<CallMinute> {
        self.account.take_call_minutes()
    }

    /// The calls of the minutes under way.
    pub fn call_minutes_under_way(&self) -> impl Iterator<Item = &CallMinute> {
        self.account.call_minutes_under_way()
    }

    /// A minute's first call as the front door answered it, or why it cannot be written out.
    pub fn sample_call(&self, minute: &CallMinute) -> Result<SampleCall, &'static str> {
        ops::sample_call::sample_call(&self.account, minute)
    }

    /// Starts described traffic (docs/behaviour.md §11.7): its first tick is the first whole
    /// second after the clock's time and the producer's start. Returns the producer's number,
    /// or why the description cannot run.
    pub fn start_producer(&mut self, spec: ProducerSpec) -> Result<u32, String> {
        self.account.start_producer(spec, self.now_ms)
    }

    /// Stops a producer after the ticks the clock has run. Returns whether it was running.
    pub fn stop_producer(&mut self, id: u32) -> bool {
        self.account.stop_producer(id)
    }

    /// The running producers, by number.
    pub fn producers(&self) -> impl Iterator<Item = (u32, &Producer)> {
        self.account.producers()
    }

    /// Starts a described consumer (docs/behaviour.md §11.10): it polls every shard it holds
    /// half a second into each second, from the first such time after the clock's and its
    /// start. Returns its number, or why the description cannot run.
    pub fn start_consumer(&mut self, spec: ConsumerSpec) -> Result<u32, String> {
        self.account.start_consumer(spec, self.now_ms)
    }

    /// Stops a consumer after the polls the clock has run. Returns whether it was running.
    pub fn stop_consumer(&mut self, id: u32) -> bool {
        self.account.stop_consumer(id)
    }

    /// The running consumers, by number.
    pub fn consumers(&self) -> impl Iterator<Item = (u32, &Consumer)> {
        self.account.consumers()
    }

    pub fn config(&self) -> &Config {
        &self.account.config
    }
}
