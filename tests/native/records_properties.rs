//! Property tests of the data plane (docs/behaviour.md §11): random sequences of PutRecord,
//! PutRecords, GetShardIterator and GetRecords on one stream, with UpdateShardCount, SplitShard and
//! MergeShards in between, at random simulated times: bursts within one millisecond, so that shards
//! throttle, and gaps past the 24-hour retention period. A model of what each shard holds and what
//! each of its limits has taken predicts every data-plane answer:
//!
//! * (a) what was accepted is read back: reading every shard from TRIM_HORIZON and following
//!   ChildShards returns each record that PutRecord or PutRecords answered with a SequenceNumber
//!   and ShardId, on that shard, with its Data and PartitionKey, in the order of acceptance,
//!   exactly once, while its retention period has not passed; once it has, the record is gone and
//!   TRIM_HORIZON starts after it. Consumers reading along from every iterator type (LATEST,
//!   AT_/AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP) get exactly the records the model says, in pages of
//!   `Limit`, with the MillisBehindLatest, NextShardIterator and ChildShards it says. Records go
//!   to the open shard whose range holds their hash key (the map from before a reshard while it
//!   is UPDATING);
//! * (b) throttled records are never stored: nothing is read back that no put accepted, neither a
//!   throttled PutRecords entry nor a PutRecord answered ProvisionedThroughputExceededException;
//! * (c) sequence numbers grow strictly per shard, compared as the 56-digit numbers they are, and
//!   encode the shard and the second of the write (docs/behaviour.md §7.3, §11.2); a record read
//!   back carries the number its put answered, and a SequenceNumberForOrdering is exceeded;
//! * (d) determinism: replaying the calls at the same times on a fresh simulator gives the same
//!   bytes, shard iterators included;
//! * (e) each shard's limits (docs/behaviour.md §11.4) hold, and throttle only when due: a write,
//!   a GetRecords or a GetShardIterator is refused exactly when the shard has no room, where the
//!   room of a limit at time t is the least, over every earlier instant s, of one second's worth
//!   plus what the rate brings from s to t, less what the limit took since s (a bucket of one
//!   second's capacity refilled continuously, `src/sim/records/capacity.rs`, stated without the
//!   bucket). So over any d ms a shard accepts at most 1,000 + d records and 1 MiB·(1 + d/1000)
//!   bytes. With the limits off nothing is throttled, although the model sees the cases go over;
//! * (f) every answer fits the API model, and a 200's keys are in the service's order.
//!
//! Each property runs its cases through a `TestRunner` and then checks that the cases did reach
//! what the properties are about (throttled writes and reads, records in child shards, expired
//! records and iterators), so that a generator drifting away from them fails instead of passing
//! emptily.
//!
//! Records are small (a few bytes, sometimes KiB; one case in ten has a burst of five records of
//! some 250 KiB): a debug build moves record data through the front door at a few MB a second.
//! Not covered yet: retention changes (IncreaseStreamRetentionPeriod), and on-demand streams
//! scaling on their own.
//!
//! `PROPTEST_CASES` sets the number of cases of each property (24 with the limits on and 8 with
//! them off by default), `PROPTEST_RNG_SEED` fixes the seed. Failures are not persisted to files.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use kinesis_playground::sim::{Config, Durations, Response, Shard, Simulator, base64, parse_shard_id, shard_id};
use md5::{Digest, Md5};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::{Value, json};

use crate::support::{key_order, model};

/// 2023-11-14T22:13:20Z, where every case starts.
const T0: i64 = 1_700_000_000_000;
const DAY_MS: i64 = 86_400_000;
const STREAM: &str = "s";
const ACCOUNT: &str = "123456789012";
/// How long a shard iterator is valid (docs/behaviour.md §11.3).
const ITERATOR_LIFETIME_MS: i64 = 300_000;
/// The most one GetRecords answer carries, whatever its Limit.
const MAX_ANSWER_BYTES: u64 = 10 * 1024 * 1024;
/// How many times the read-back waits 200 ms for a throttled shard before calling it stuck: a
/// 10 MiB answer blocks a shard for 5 s.
const MAX_WAITS: usize = 100;

// ---------------------------------------------------------------------------------------------
// Actions. Shards are picked relative to the stream as it is when the step runs.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Key {
    /// Partition key `k<n>`, n < 12: few keys, so that some shards run hot.
    Pool(u8),
    /// An ExplicitHashKey, with partition key `x`.
    Explicit(u128),
}

#[derive(Clone, Debug)]
struct Rec {
    key: Key,
    size: usize,
}

/// Where a consumer's iterator starts; the n-th record is counted among the shard's accepted
/// records (modulo their number; TRIM_HORIZON when it has none).
#[derive(Clone, Copy, Debug)]
enum Start {
    TrimHorizon,
    Latest,
    AtSequence(usize),
    AfterSequence(usize),
    /// AT_TIMESTAMP at the n-th record's ApproximateArrivalTimestamp.
    AtTimestamp(usize),
    /// AT_TIMESTAMP a day before the stream was created: the trim horizon.
    LongAgo,
}

#[derive(Clone, Copy, Debug)]
enum Reshard {
    Half,
    MinusOne,
    PlusOne,
    Double,
}

#[derive(Clone, Debug)]
enum Action {
    /// With `ordering`, SequenceNumberForOrdering is the last sequence number accepted.
    PutRecord {
        rec: Rec,
        ordering: bool,
    },
    PutRecords(Vec<Rec>),
    /// `times` PutRecords of `count` small records under one partition key, in one millisecond:
    /// over the shard's 1,000 records a second.
    Burst {
        key: u8,
        count: usize,
        times: usize,
    },
    /// Records of a few hundred KiB under one partition key, in one millisecond: over the shard's
    /// MiB a second. As PutRecord calls (`single`), or in one PutRecords.
    BigBurst {
        key: u8,
        sizes: Vec<usize>,
        single: bool,
    },
    /// GetRecords of at most `limit` records, `times` in a row, by the consumer of the n-th shard (among the stream's shards
    /// and those consumers still hold iterators of), which first gets an iterator if it has none
    /// or `fresh` asks for one.
    Read {
        shard: usize,
        start: Start,
        limit: u16,
        fresh: bool,
        times: usize,
    },
    /// Reads every shard from TRIM_HORIZON, following ChildShards.
    ReadAll {
        limit: Option<u16>,
    },
    Reshard(Reshard),
    /// Splits the n-th open shard at `at`/65536 of its range.
    Split {
        shard: usize,
        at: u16,
    },
    /// Merges the n-th open shard with the next one in hash key order.
    Merge {
        shard: usize,
    },
    Advance(i64),
    /// To the millisecond the n-th accepted record leaves the retention period, plus `offset`.
    RetentionEdge {
        nth: usize,
        offset: i64,
    },
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        10 => (0..12u8).prop_map(Key::Pool),
        1 => prop_oneof![Just(0), Just(u128::MAX), any::<u128>()].prop_map(Key::Explicit),
    ]
}

/// Mostly a few bytes, sometimes kilobytes. (Records of hundreds of KiB come in `BigBurst`s only:
/// a debug build takes some 300 ms a MiB through the front door and the checks.)
fn rec() -> impl Strategy<Value = Rec> {
    let size = prop_oneof![12 => 0..40usize, 2 => 1000..4000usize];
    (key(), size).prop_map(|(key, size)| Rec { key, size })
}

fn start() -> impl Strategy<Value = Start> {
    prop_oneof![
        3 => Just(Start::TrimHorizon),
        2 => Just(Start::Latest),
        2 => any::<usize>().prop_map(Start::AtSequence),
        2 => any::<usize>().prop_map(Start::AfterSequence),
        2 => any::<usize>().prop_map(Start::AtTimestamp),
        1 => Just(Start::LongAgo),
    ]
}

/// Clock advances: none (a burst), milliseconds, seconds, past an iterator's 5 minutes, past the
/// 24-hour retention period.
fn advance() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => 0..5i64,
        3 => 5..400i64,
        3 => 400..3000i64,
        1 => 3000..400_000i64,
        1 => 3_600_000..DAY_MS + 7_200_000,
    ]
}

fn action() -> impl Strategy<Value = Action> {
    let put_record =
        (rec(), prop::bool::weighted(0.25)).prop_map(|(rec, ordering)| Action::PutRecord { rec, ordering });
    let burst = (0..12u8, 340..=500usize).prop_map(|(key, count)| Action::Burst { key, count, times: 3 });
    let read = (
        any::<usize>(),
        start(),
        1..=100u16,
        prop::bool::weighted(0.2),
        prop_oneof![6 => Just(1usize), 1 => 2..=7usize],
    )
        .prop_map(|(shard, start, limit, fresh, times)| Action::Read { shard, start, limit, fresh, times });
    let reshard =
        prop_oneof![Just(Reshard::Half), Just(Reshard::MinusOne), Just(Reshard::PlusOne), Just(Reshard::Double)];
    prop_oneof![
        6 => put_record,
        6 => prop::collection::vec(rec(), 1..10).prop_map(Action::PutRecords),
        1 => burst,
        6 => read,
        1 => prop::option::weighted(0.3, 200..=2000u16).prop_map(|limit| Action::ReadAll { limit }),
        1 => reshard.prop_map(Action::Reshard),
        1 => (any::<usize>(), any::<u16>()).prop_map(|(shard, at)| Action::Split { shard, at }),
        1 => any::<usize>().prop_map(|shard| Action::Merge { shard }),
        7 => advance().prop_map(Action::Advance),
        1 => (any::<usize>(), -1..=1i64).prop_map(|(nth, offset)| Action::RetentionEdge { nth, offset }),
    ]
}

/// The stream a case runs on, and how long its reshards stay UPDATING.
#[derive(Clone, Debug)]
struct Setup {
    shards: u32,
    on_demand: bool,
    update_stream_ms: i64,
}

fn setup() -> impl Strategy<Value = Setup> {
    (1..=4u32, prop::bool::weighted(0.15), prop::sample::select(vec![1i64, 500, 60_000]))
        .prop_map(|(shards, on_demand, update_stream_ms)| Setup { shards, on_demand, update_stream_ms })
}

/// A case: the stream, the steps, and perhaps a last move of the clock to the edge of some record's
/// retention; every case ends reading everything back.
/// A big burst goes into one case in ten, somewhere among the steps.
fn case() -> impl Strategy<Value = (Setup, Vec<Action>, Option<(usize, i64)>)> {
    // Five records of over 1 MiB / 5: the last one is over the limit, or a later one.
    let big = (0..12u8, prop::collection::vec(215_000..=260_000usize, 5), any::<bool>())
        .prop_map(|(key, sizes, single)| Action::BigBurst { key, sizes, single });
    (
        setup(),
        prop::collection::vec(action(), 4..40),
        prop::option::weighted(0.1, (any::<usize>(), big)),
        prop::option::weighted(0.4, (any::<usize>(), -1..=1i64)),
    )
        .prop_map(|(setup, mut actions, big, last)| {
            if let Some((at, big)) = big {
                actions.insert(at % (actions.len() + 1), big);
            }
            (setup, actions, last)
        })
}

// ---------------------------------------------------------------------------------------------
// The model.
// ---------------------------------------------------------------------------------------------

/// What one of a shard's limits took, millisecond by millisecond. Its room at `t` is the least,
/// over every earlier instant s at which it took something, of one second's worth plus what the
/// rate brings from s to t, less all it took since s; and one second's worth at most. That is the
/// level of a bucket of one second's capacity refilled continuously, stated as the limit on every
/// window: the bucket's recurrence, unrolled. Counted in thousandths, as the rate refills
/// `per_second` thousandths a millisecond.
#[derive(Clone, Debug)]
struct Takes {
    per_second: i128,
    taken: Vec<(i64, i128)>,
}

impl Takes {
    fn new(per_second: i64) -> Self {
        Self { per_second: i128::from(per_second), taken: Vec::new() }
    }

    fn room(&self, t: i64) -> i128 {
        let full = self.per_second * 1000;
        let (mut room, mut since) = (full, 0);
        for &(s, amount) in self.taken.iter().rev() {
            since += amount * 1000;
            room = room.min(full + self.per_second * i128::from(t - s) - since);
        }
        room
    }

    fn fits(&self, t: i64, amount: u64) -> bool {
        self.room(t) >= i128::from(amount) * 1000
    }

    fn take(&mut self, t: i64, amount: u64) {
        match self.taken.last_mut() {
            Some((s, taken)) if *s == t => *taken += i128::from(amount),
            _ => self.taken.push((t, i128::from(amount))),
        }
    }
}

/// A record a put accepted.
#[derive(Clone, Debug)]
struct Stored {
    sequence_number: String,
    partition_key: String,
    data: Vec<u8>,
    arrival_ms: i64,
}

impl Stored {
    /// What it counts for against a read's 10 MiB and the shard's read bytes.
    fn size(&self) -> u64 {
        (self.partition_key.len() + self.data.len()) as u64
    }
}

/// A shard as the model sees it: its accepted records in order of acceptance, and what each of its
/// limits took.
#[derive(Clone, Debug)]
struct ShardModel {
    records: Vec<Stored>,
    write_bytes: Takes,
    write_records: Takes,
    read_bytes: Takes,
    read_calls: Takes,
    iterator_calls: Takes,
    /// The last GetRecords answer took the read bytes below zero: no read is admitted until they
    /// are full again (docs/behaviour.md §11.4: a 10 MiB answer blocks the next 5 seconds).
    overdrawn: bool,
}

impl ShardModel {
    fn new() -> Self {
        Self {
            records: Vec::new(),
            write_bytes: Takes::new(1024 * 1024),
            write_records: Takes::new(1000),
            read_bytes: Takes::new(2 * 1024 * 1024),
            read_calls: Takes::new(5),
            iterator_calls: Takes::new(5),
            overdrawn: false,
        }
    }

    /// Whether a write of `charged` bytes fits now; if it does, it is taken.
    fn admit_write(&mut self, charged: u64, t: i64) -> bool {
        let fits = self.write_bytes.fits(t, charged) && self.write_records.fits(t, 1);
        if fits {
            self.write_bytes.take(t, charged);
            self.write_records.take(t, 1);
        }
        fits
    }

    fn admits_read(&self, t: i64) -> bool {
        let blocked = self.overdrawn && !self.read_bytes.fits(t, 2 * 1024 * 1024);
        !blocked && self.read_calls.fits(t, 1)
    }

    /// The first record at or after `from` that has not left the retention period at `cutoff_ms`:
    /// arrival times only grow along a shard, so those that left are a prefix.
    fn first_kept(&self, from: usize, cutoff_ms: i64) -> usize {
        from.max(self.records.partition_point(|r| r.arrival_ms < cutoff_ms))
    }
}

/// A reader of one shard: its iterator, when it was handed out, and the place in the shard's
/// accepted records it points at.
#[derive(Clone, Debug)]
struct Consumer {
    iterator: String,
    issued_ms: i64,
    cursor: usize,
}

/// What one GetRecords did.
enum Outcome {
    Throttled,
    /// The iterator expired, or the shard left the retention period: the consumer is done.
    Gone,
    Read {
        /// Indexes into the shard's accepted records.
        read: Vec<usize>,
        next: Option<Consumer>,
        children: Vec<u32>,
    },
}

/// How far the cases got, summed over a property's run.
#[derive(Clone, Copy, Debug, Default)]
struct Coverage {
    accepted: u64,
    throttled_writes: u64,
    throttled_reads: u64,
    /// Writes that a shard took over its limits because the limits were off.
    over_limits: u64,
    read_back_from_children: u64,
    children_followed: u64,
    expired_records: u64,
    expired_iterators: u64,
}

impl Coverage {
    fn add(&mut self, other: Coverage) {
        self.accepted += other.accepted;
        self.throttled_writes += other.throttled_writes;
        self.throttled_reads += other.throttled_reads;
        self.over_limits += other.over_limits;
        self.read_back_from_children += other.read_back_from_children;
        self.children_followed += other.children_followed;
        self.expired_records += other.expired_records;
        self.expired_iterators += other.expired_iterators;
    }
}

/// One thing done to the simulator, for the replay of (d).
enum Logged {
    Call { target: String, body: Vec<u8>, now_ms: i64, response: Response },
    Advance(i64),
}

struct Run {
    sim: Simulator,
    limits_on: bool,
    now_ms: i64,
    retention_ms: i64,
    log: Vec<Logged>,
    shards: BTreeMap<u32, ShardModel>,
    consumers: BTreeMap<u32, Consumer>,
    /// Every accepted record as (shard, place among the shard's records), in order of acceptance.
    accepted: Vec<(u32, usize)>,
    /// Numbers the data of each record, so no two records carry the same bytes.
    next_id: u32,
    coverage: Coverage,
}

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

fn target(operation: &str) -> String {
    format!("Kinesis_20131202.{operation}")
}

fn rate_exceeded(shard: u32) -> String {
    format!("Rate exceeded for shard {} in stream {STREAM} under account {ACCOUNT}.", shard_id(shard))
}

/// Data no other record of the case has: the record's number, repeated and varied.
fn data_of(id: u32, size: usize) -> Vec<u8> {
    let bytes = id.to_le_bytes();
    (0..size).map(|i| bytes[i % 4] ^ (i / 4) as u8).collect()
}

fn partition_key(key: &Key) -> String {
    match key {
        Key::Pool(n) => format!("k{n}"),
        Key::Explicit(_) => "x".to_owned(),
    }
}

/// The hash key that picks a record's shard: its ExplicitHashKey, or the MD5 of its partition key
/// read as a big-endian number (docs/behaviour.md §11.1).
fn hash_key(key: &Key) -> u128 {
    match key {
        Key::Pool(_) => u128::from_be_bytes(Md5::digest(partition_key(key).as_bytes()).into()),
        Key::Explicit(k) => *k,
    }
}

/// A 56-digit sequence number as a 188-bit number in six 32-bit limbs, most significant first,
/// so that comparing limbs compares numbers.
fn sequence_limbs(text: &str) -> Option<[u32; 6]> {
    if text.len() != 56 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut limbs = [0u32; 6];
    for digit in text.bytes() {
        let mut carry = u64::from(digit - b'0');
        for limb in limbs.iter_mut().rev() {
            let value = u64::from(*limb) * 10 + carry;
            *limb = value as u32;
            carry = value >> 32;
        }
        if carry != 0 {
            return None;
        }
    }
    Some(limbs)
}

/// The shard index and the epoch second a sequence number encodes: the low 128 bits end with the
/// shard index and the digit 2, after the record's second (docs/behaviour.md §7.3).
fn sequence_shard_and_second(limbs: [u32; 6]) -> Option<(u32, i64)> {
    let low = limbs[2..].iter().fold(0u128, |low, &limb| low << 32 | u128::from(limb));
    (low & 0xf == 2).then_some(((low >> 4) as u32, ((low >> 36) & 0xf_ffff_ffff) as i64))
}

impl Run {
    fn new(setup: &Setup, limits_on: bool) -> Result<(Self, Config), TestCaseError> {
        let mut config = Config {
            durations: Durations {
                create_stream_ms: 1000,
                update_stream_ms: setup.update_stream_ms,
                delete_stream_ms: 1000,
            },
            ..Config::default()
        };
        config.limits.shard_throughput = limits_on;
        let mut run = Self {
            sim: Simulator::new(config.clone()),
            limits_on,
            now_ms: T0 - 1000,
            retention_ms: DAY_MS,
            log: Vec::new(),
            shards: BTreeMap::new(),
            consumers: BTreeMap::new(),
            accepted: Vec::new(),
            next_id: 0,
            coverage: Coverage::default(),
        };
        let mode = if setup.on_demand { "ON_DEMAND" } else { "PROVISIONED" };
        let mut create = json!({"StreamName": STREAM, "StreamModeDetails": {"StreamMode": mode}});
        if !setup.on_demand {
            create["ShardCount"] = json!(setup.shards);
        }
        let (status, answer) = run.call("CreateStream", &create)?;
        prop_assert_eq!(status, 200, "{}", answer);
        run.advance_to(T0)?;
        Ok((run, config))
    }

    /// One call through the front door, checked against the API model and for key order (f).
    fn call(&mut self, operation: &str, body: &Value) -> Result<(u16, Value), TestCaseError> {
        let target = target(operation);
        let request = serde_json::to_vec(body).expect("JSON");
        let response = self.sim.handle(&target, &request, self.now_ms);
        let context = || {
            let mut text = String::from_utf8_lossy(&response.body).into_owned();
            text.truncate(600);
            format!("{operation} at {} -> {} {text}", self.now_ms, response.status)
        };
        model::check_response(operation, response.status, &response.body)
            .map_err(|e| fail(format!("(f) the answer does not fit the model: {e}: {}", context())))?;
        if response.status == 200 && !response.body.is_empty() {
            key_order::check_sorted(&response.body)
                .map_err(|e| fail(format!("(f) keys out of order: {e}: {}", context())))?;
        }
        let value = if response.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&response.body).map_err(|e| fail(format!("not JSON ({e}): {}", context())))?
        };
        let status = response.status;
        self.log.push(Logged::Call { target, body: request, now_ms: self.now_ms, response });
        Ok((status, value))
    }

    /// Moves the clock, and with it the stream's pending reshard; the steps that follow see the
    /// shard map the call will see.
    fn advance_to(&mut self, now_ms: i64) -> Result<(), TestCaseError> {
        self.now_ms = self.now_ms.max(now_ms);
        prop_assert_eq!(self.sim.advance(self.now_ms), self.now_ms);
        self.log.push(Logged::Advance(self.now_ms));
        Ok(())
    }

    fn shards_now(&self) -> &[Shard] {
        &self.sim.stream(STREAM).expect("the stream is never deleted").shards
    }

    fn shard_now(&self, index: u32) -> Option<&Shard> {
        self.shards_now().iter().find(|s| s.index == index)
    }

    fn open_in_key_order(&self) -> Vec<&Shard> {
        let mut open: Vec<&Shard> = self.shards_now().iter().filter(|s| s.is_open()).collect();
        open.sort_by_key(|s| s.starting_hash_key);
        open
    }

    /// The open shard whose hash key range holds `key`: where the record must go.
    fn route(&self, key: u128) -> Result<u32, TestCaseError> {
        let holders: Vec<u32> = self.open_in_key_order().iter().filter(|s| s.contains(key)).map(|s| s.index).collect();
        prop_assert_eq!(holders.len(), 1, "open shards {:?} hold hash key {}", holders, key);
        Ok(holders[0])
    }

    fn model(&mut self, shard: u32) -> &mut ShardModel {
        self.shards.entry(shard).or_insert_with(ShardModel::new)
    }

    /// Whether the shard takes a write of `charged` bytes now, as the model predicts it; the model
    /// takes what it admits. With the limits off everything is admitted, and counted when the
    /// limits would have refused it.
    fn admit_write(&mut self, shard: u32, charged: u64) -> bool {
        let (limits_on, now_ms) = (self.limits_on, self.now_ms);
        let model = self.model(shard);
        let fits = model.admit_write(charged, now_ms);
        if !limits_on && !fits {
            model.write_bytes.take(now_ms, charged);
            model.write_records.take(now_ms, 1);
            self.coverage.over_limits += 1;
        }
        fits || !limits_on
    }

    /// (c): a new record's sequence number is a 56-digit number above the shard's last one, and
    /// encodes the shard and the second of the write. Then the model stores the record.
    fn accept(
        &mut self,
        shard: u32,
        answer: &Value,
        partition_key: String,
        data: Vec<u8>,
    ) -> Result<(), TestCaseError> {
        prop_assert_eq!(&answer["ShardId"], &json!(shard_id(shard)), "(a) routed elsewhere: {}", answer);
        let sequence_number = answer["SequenceNumber"].as_str().unwrap_or_default().to_owned();
        let limbs = sequence_limbs(&sequence_number)
            .ok_or_else(|| fail(format!("(c) {sequence_number:?} is not a 56-digit number")))?;
        let now_ms = self.now_ms;
        prop_assert_eq!(
            sequence_shard_and_second(limbs),
            Some((shard, now_ms / 1000)),
            "(c) {} does not encode {} and the second of {}",
            sequence_number,
            shard_id(shard),
            now_ms
        );
        let model = self.model(shard);
        if let Some(last) = model.records.last() {
            let previous = sequence_limbs(&last.sequence_number).unwrap_or_default();
            prop_assert!(
                limbs > previous,
                "(c) {} follows {} on {}",
                sequence_number,
                last.sequence_number,
                shard_id(shard)
            );
        }
        model.records.push(Stored { sequence_number, partition_key, data, arrival_ms: now_ms });
        let place = model.records.len() - 1;
        self.accepted.push((shard, place));
        self.coverage.accepted += 1;
        Ok(())
    }

    fn put_record(&mut self, rec: &Rec, ordering: bool) -> Result<(), TestCaseError> {
        let id = self.next_id;
        self.next_id += 1;
        let (key, data) = (partition_key(&rec.key), data_of(id, rec.size));
        let mut body = json!({"StreamName": STREAM, "Data": base64::encode(&data), "PartitionKey": key});
        if let Key::Explicit(k) = rec.key {
            body["ExplicitHashKey"] = json!(k.to_string());
        }
        let ordering = if ordering { self.accepted.last().copied() } else { None };
        let ordering =
            ordering.map(|(shard, place)| (shard, self.shards[&shard].records[place].sequence_number.clone()));
        if let Some((_, number)) = &ordering {
            body["SequenceNumberForOrdering"] = json!(number);
        }
        let shard = self.route(hash_key(&rec.key))?;
        // PutRecord is charged its size rounded up to a whole KiB (docs/behaviour.md §11.4).
        let charged = ((key.len() + data.len()) as u64).div_ceil(1024) * 1024;
        let admitted = self.admit_write(shard, charged);
        let (status, answer) = self.call("PutRecord", &body)?;
        if !admitted {
            prop_assert_eq!(status, 400, "(e) PutRecord accepted over the limits of {}: {}", shard_id(shard), answer);
            prop_assert_eq!(&answer["__type"], "ProvisionedThroughputExceededException");
            prop_assert_eq!(&answer["message"], &json!(rate_exceeded(shard)));
            self.coverage.throttled_writes += 1;
            return Ok(());
        }
        prop_assert_eq!(status, 200, "(e) PutRecord refused though {} had room: {}", shard_id(shard), answer);
        prop_assert_eq!(&answer["EncryptionType"], "NONE");
        if let Some((_, number)) = ordering.filter(|(s, _)| *s == shard) {
            let given = sequence_limbs(&number).unwrap_or_default();
            let got = sequence_limbs(answer["SequenceNumber"].as_str().unwrap_or_default()).unwrap_or_default();
            prop_assert!(got > given, "(c) {} is not above SequenceNumberForOrdering {}", answer, number);
        }
        self.accept(shard, &answer, key, data)
    }

    fn put_records(&mut self, recs: &[Rec]) -> Result<(), TestCaseError> {
        let mut entries = Vec::new();
        let mut expected = Vec::new();
        for rec in recs {
            let id = self.next_id;
            self.next_id += 1;
            let (key, data) = (partition_key(&rec.key), data_of(id, rec.size));
            let mut entry = json!({"Data": base64::encode(&data), "PartitionKey": key});
            if let Key::Explicit(k) = rec.key {
                entry["ExplicitHashKey"] = json!(k.to_string());
            }
            entries.push(entry);
            // Entries are written in order, each charged its size as it is.
            let shard = self.route(hash_key(&rec.key))?;
            let admitted = self.admit_write(shard, (key.len() + data.len()) as u64);
            expected.push((shard, admitted, key, data));
        }
        let (status, answer) = self.call("PutRecords", &json!({"StreamName": STREAM, "Records": entries}))?;
        prop_assert_eq!(status, 200, "{}", answer);
        let results = answer["Records"].as_array().cloned().unwrap_or_default();
        prop_assert_eq!(results.len(), recs.len(), "an answer per record, in order: {}", answer);
        let failed = expected.iter().filter(|(_, admitted, ..)| !admitted).count();
        prop_assert_eq!(&answer["FailedRecordCount"], &json!(failed), "(e) {}", answer);
        for (i, ((shard, admitted, key, data), result)) in expected.into_iter().zip(results).enumerate() {
            if admitted {
                prop_assert!(
                    result.get("ErrorCode").is_none(),
                    "(e) entry {} refused though {} had room: {}",
                    i,
                    shard_id(shard),
                    result
                );
                self.accept(shard, &result, key, data)?;
            } else {
                let refused = json!({
                    "ErrorCode": "ProvisionedThroughputExceededException",
                    "ErrorMessage": rate_exceeded(shard),
                });
                prop_assert_eq!(&result, &refused, "(e) entry {} taken over the limits of {}", i, shard_id(shard));
                self.coverage.throttled_writes += 1;
            }
        }
        Ok(())
    }

    /// GetShardIterator for `shard`: the consumer it starts, or None when the shard refused.
    fn get_iterator(&mut self, shard: u32, start: Start) -> Result<Option<Consumer>, TestCaseError> {
        let now_ms = self.now_ms;
        let model = self.model(shard);
        let records = &model.records;
        let nth = |n: usize| n % records.len().max(1);
        let (kind, cursor) = match start {
            Start::TrimHorizon => (json!({"ShardIteratorType": "TRIM_HORIZON"}), 0),
            _ if records.is_empty() => (json!({"ShardIteratorType": "TRIM_HORIZON"}), 0),
            Start::Latest => (json!({"ShardIteratorType": "LATEST"}), records.len()),
            Start::AtSequence(n) => (
                json!({"ShardIteratorType": "AT_SEQUENCE_NUMBER", "StartingSequenceNumber": records[nth(n)].sequence_number}),
                nth(n),
            ),
            Start::AfterSequence(n) => (
                json!({"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "StartingSequenceNumber": records[nth(n)].sequence_number}),
                nth(n) + 1,
            ),
            Start::AtTimestamp(n) => {
                // The first record at or after the record's millisecond: perhaps an earlier one.
                let at = records[nth(n)].arrival_ms;
                let first = records.partition_point(|r| r.arrival_ms < at);
                (json!({"ShardIteratorType": "AT_TIMESTAMP", "Timestamp": at as f64 / 1000.0}), first)
            }
            Start::LongAgo => {
                (json!({"ShardIteratorType": "AT_TIMESTAMP", "Timestamp": ((T0 - DAY_MS) / 1000) as f64}), 0)
            }
        };
        let mut body = json!({"StreamName": STREAM, "ShardId": shard_id(shard)});
        body.as_object_mut().expect("object").extend(kind.as_object().expect("object").clone());
        let exists = self.shard_now(shard).is_some();
        let limits_on = self.limits_on;
        let model = self.model(shard);
        let admitted = exists && (!limits_on || model.iterator_calls.fits(now_ms, 1));
        if admitted {
            model.iterator_calls.take(now_ms, 1);
        }
        let (status, answer) = self.call("GetShardIterator", &body)?;
        if !exists {
            let message =
                format!("Shard {} in stream {STREAM} under account {ACCOUNT} does not exist", shard_id(shard));
            prop_assert_eq!(
                (status, &answer),
                (400, &json!({"__type": "ResourceNotFoundException", "message": message}))
            );
            return Ok(None);
        }
        if !admitted {
            let throttled =
                json!({"__type": "ProvisionedThroughputExceededException", "message": rate_exceeded(shard)});
            prop_assert_eq!(
                (status, &answer),
                (400, &throttled),
                "(e) GetShardIterator over the limit of {}",
                shard_id(shard)
            );
            self.coverage.throttled_reads += 1;
            return Ok(None);
        }
        prop_assert_eq!(status, 200, "(e) GetShardIterator refused: {} {}", body, answer);
        let iterator = answer["ShardIterator"].as_str().unwrap_or_default().to_owned();
        Ok(Some(Consumer { iterator, issued_ms: now_ms, cursor }))
    }

    /// One GetRecords by `consumer` of `shard`, its answer predicted by the model.
    fn get_records(&mut self, shard: u32, consumer: &Consumer, limit: Option<u16>) -> Result<Outcome, TestCaseError> {
        let mut body = json!({"ShardIterator": consumer.iterator});
        if let Some(limit) = limit {
            body["Limit"] = json!(limit);
        }
        let now_ms = self.now_ms;
        if now_ms - consumer.issued_ms > ITERATOR_LIFETIME_MS {
            let (status, answer) = self.call("GetRecords", &body)?;
            prop_assert_eq!((status, &answer["__type"]), (400, &json!("ExpiredIteratorException")), "{}", answer);
            self.coverage.expired_iterators += 1;
            return Ok(Outcome::Gone);
        }
        let Some(view) = self.shard_now(shard) else {
            // The shard closed and then left the retention period: the stream forgot it.
            let (status, answer) = self.call("GetRecords", &body)?;
            let message =
                format!("Shard {} in stream {STREAM} under account {ACCOUNT} does not exist", shard_id(shard));
            prop_assert_eq!(
                (status, &answer),
                (400, &json!({"__type": "ResourceNotFoundException", "message": message}))
            );
            let kept = self.model(shard).first_kept(0, now_ms - DAY_MS);
            prop_assert_eq!(kept, self.model(shard).records.len(), "a shard was forgotten with records kept");
            return Ok(Outcome::Gone);
        };
        let closed = !view.is_open();
        let mut children: Vec<&Shard> =
            self.shards_now().iter().filter(|s| s.parent == Some(shard) || s.adjacent_parent == Some(shard)).collect();
        children.sort_by_key(|s| s.index);
        let children: Vec<(u32, String, String)> = children
            .iter()
            .map(|s| (s.index, s.starting_hash_key.to_string(), s.ending_hash_key.to_string()))
            .collect();

        let (limits_on, cutoff_ms) = (self.limits_on, now_ms - self.retention_ms);
        let model = self.model(shard);
        let admitted = !limits_on || model.admits_read(now_ms);
        let (status, answer) = self.call("GetRecords", &body)?;
        if !admitted {
            let throttled =
                json!({"__type": "ProvisionedThroughputExceededException", "message": rate_exceeded(shard)});
            prop_assert_eq!(
                (status, &answer),
                (400, &throttled),
                "(e) GetRecords over the limits of {}",
                shard_id(shard)
            );
            self.coverage.throttled_reads += 1;
            return Ok(Outcome::Throttled);
        }
        prop_assert_eq!(status, 200, "(e) GetRecords refused though {} had room: {}", shard_id(shard), answer);

        // What the model says the answer holds: the next records not yet past retention, at most
        // Limit of them and 10 MiB (but always the first).
        let model = self.model(shard);
        let first = model.first_kept(consumer.cursor, cutoff_ms);
        let limit = limit.map_or(10_000, usize::from);
        let (mut read, mut bytes) = (Vec::new(), 0);
        for (place, record) in model.records.iter().enumerate().skip(first).take(limit) {
            if bytes + record.size() > MAX_ANSWER_BYTES && !read.is_empty() {
                break;
            }
            bytes += record.size();
            read.push(place);
        }
        let cursor = read.last().map_or(consumer.cursor, |last| last + 1);
        let unread = model.records.get(model.first_kept(cursor, cutoff_ms));
        let behind = unread.map_or(0, |record| now_ms - record.arrival_ms);
        let at_end = closed && unread.is_none();
        model.read_calls.take(now_ms, 1);
        model.read_bytes.take(now_ms, bytes);
        model.overdrawn = model.read_bytes.room(now_ms) < 0;
        let expected: Vec<&Stored> = read.iter().map(|&place| &model.records[place]).collect();
        compare_records(shard, &answer["Records"], &expected, &model.records)?;
        prop_assert_eq!(&answer["MillisBehindLatest"], &json!(behind), "(a) on {}: {}", shard_id(shard), answer);

        if !at_end {
            prop_assert!(answer.get("ChildShards").is_none(), "ChildShards before the end: {}", answer);
            let iterator =
                answer["NextShardIterator"].as_str().ok_or_else(|| fail(format!("no NextShardIterator: {answer}")))?;
            let next = Consumer { iterator: iterator.to_owned(), issued_ms: now_ms, cursor };
            return Ok(Outcome::Read { read, next: Some(next), children: Vec::new() });
        }
        prop_assert!(
            answer.get("NextShardIterator").is_none(),
            "(a) a closed shard read to its end goes on: {}",
            answer
        );
        let answered = answer["ChildShards"].as_array().cloned().unwrap_or_default();
        let mut listed = Vec::new();
        for child in &answered {
            let parents = child["ParentShards"].as_array().cloned().unwrap_or_default();
            prop_assert!(
                parents.contains(&json!(shard_id(shard))),
                "(a) {} is not a child of {}",
                child,
                shard_id(shard)
            );
            let range = &child["HashKeyRange"];
            listed.push((
                child["ShardId"].as_str().and_then(parse_shard_id).unwrap_or(u32::MAX),
                range["StartingHashKey"].as_str().unwrap_or_default().to_owned(),
                range["EndingHashKey"].as_str().unwrap_or_default().to_owned(),
            ));
        }
        listed.sort();
        prop_assert_eq!(&listed, &children, "(a) the ChildShards of {}", shard_id(shard));
        Ok(Outcome::Read { read, next: None, children: children.iter().map(|c| c.0).collect() })
    }

    fn read(&mut self, pick: usize, start: Start, limit: Option<u16>, fresh: bool) -> Result<(), TestCaseError> {
        let candidates: BTreeSet<u32> =
            self.shards_now().iter().map(|s| s.index).chain(self.consumers.keys().copied()).collect();
        let shard = *candidates.iter().nth(pick % candidates.len()).expect("a stream has shards");
        if fresh || !self.consumers.contains_key(&shard) {
            match self.get_iterator(shard, start)? {
                Some(consumer) => self.consumers.insert(shard, consumer),
                None => return Ok(()),
            };
        }
        let consumer = self.consumers[&shard].clone();
        match self.get_records(shard, &consumer, limit)? {
            Outcome::Throttled => {}
            Outcome::Gone | Outcome::Read { next: None, .. } => {
                self.consumers.remove(&shard);
            }
            Outcome::Read { next: Some(next), .. } => {
                self.consumers.insert(shard, next);
            }
        }
        Ok(())
    }

    /// Waits out a throttled shard, 200 ms at a time: a fifth of a second refills a call.
    fn wait(&mut self, waits: &mut usize, what: &str) -> Result<(), TestCaseError> {
        *waits += 1;
        prop_assert!(*waits < MAX_WAITS, "{} throttled for {} waits", what, MAX_WAITS);
        self.advance_to(self.now_ms + 200)
    }

    /// (a), (b): every shard read from TRIM_HORIZON to its end, children after their parents as
    /// ChildShards name them, returns every accepted record that has not left the retention
    /// period, exactly once; the model checks each answer on the way.
    fn read_all(&mut self, limit: Option<u16>) -> Result<(), TestCaseError> {
        let present: BTreeMap<u32, (Option<u32>, Option<u32>)> =
            self.shards_now().iter().map(|s| (s.index, (s.parent, s.adjacent_parent))).collect();
        let mut queue: Vec<u32> = present
            .iter()
            .filter(|(_, (a, b))| [a, b].iter().all(|p| p.is_none_or(|p| !present.contains_key(&p))))
            .map(|(&index, _)| index)
            .collect();
        // Waiting out a throttle may take a closed shard past the retention period, and the stream
        // forgets it: a reader goes on with its children then, as ChildShards would have named
        // them. The check at the end holds the shard's records to have left with it.
        let children_of = |shard: u32| -> Vec<u32> {
            let parents = |(a, b): &(Option<u32>, Option<u32>)| *a == Some(shard) || *b == Some(shard);
            present.iter().filter(|(_, p)| parents(p)).map(|(&index, _)| index).collect()
        };
        let mut visited = BTreeSet::new();
        let mut read_back: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        while let Some(shard) = queue.pop() {
            if !visited.insert(shard) {
                continue;
            }
            let mut waits = 0;
            let consumer = loop {
                if self.shard_now(shard).is_none() {
                    break None;
                }
                match self.get_iterator(shard, Start::TrimHorizon)? {
                    Some(consumer) => break Some(consumer),
                    None => self.wait(&mut waits, "GetShardIterator")?,
                }
            };
            let Some(mut consumer) = consumer else {
                queue.extend(children_of(shard));
                continue;
            };
            loop {
                match self.get_records(shard, &consumer, limit)? {
                    Outcome::Throttled => self.wait(&mut waits, "GetRecords")?,
                    Outcome::Gone => {
                        queue.extend(children_of(shard));
                        break;
                    }
                    Outcome::Read { read, next, children } => {
                        let empty = read.is_empty();
                        read_back.entry(shard).or_default().extend(read);
                        match next {
                            Some(next) if !empty => consumer = next,
                            Some(_) => break,
                            None => {
                                self.coverage.children_followed += children.len() as u64;
                                queue.extend(children.iter().rev());
                                break;
                            }
                        }
                    }
                }
            }
        }
        // A reshard may end while the read-back waits out a throttle: its new shards hold no
        // records yet, and are reached only if their parents were read after they closed.
        let before: BTreeSet<u32> = present.into_keys().collect();
        let after: BTreeSet<u32> = self.shards_now().iter().map(|s| s.index).collect();
        prop_assert!(
            visited.is_superset(&before) && visited.is_subset(&before.union(&after).copied().collect()),
            "(a) following ChildShards from the oldest shards reached {:?}; the stream had {:?}, then {:?}",
            visited,
            before,
            after
        );

        // Records kept until the end of the read-back were kept throughout it: all were read.
        let cutoff_ms = self.now_ms - self.retention_ms;
        for (&shard, model) in &self.shards {
            let read = read_back.remove(&shard).unwrap_or_default();
            prop_assert!(read.windows(2).all(|w| w[0] < w[1]), "(a) {} read out of order: {:?}", shard_id(shard), read);
            let kept = model.first_kept(0, cutoff_ms);
            let missing: Vec<&str> = (kept..model.records.len())
                .filter(|p| read.binary_search(p).is_err())
                .map(|p| model.records[p].sequence_number.as_str())
                .collect();
            prop_assert!(missing.is_empty(), "(a) accepted on {} but not read back: {:?}", shard_id(shard), missing);
            self.coverage.expired_records += kept as u64;
            if self.shard_now(shard).is_some_and(|s| s.parent.is_some()) {
                self.coverage.read_back_from_children += read.len() as u64;
            }
        }
        Ok(())
    }

    /// (e) as the service's figures put it, apart from the model's prediction of each call: over
    /// any d ms, a shard accepted at most 1,000 + d records and 1 MiB·(1 + d/1000) bytes (a full
    /// second's burst, then the rate).
    fn check_write_windows(&self) -> Result<(), TestCaseError> {
        const MIB: i128 = 1024 * 1024;
        for (&shard, model) in &self.shards {
            // Records and bytes accepted per millisecond, in time order.
            let mut by_ms: Vec<(i64, i128, i128)> = Vec::new();
            for record in &model.records {
                match by_ms.last_mut() {
                    Some((t, count, bytes)) if *t == record.arrival_ms => {
                        *count += 1;
                        *bytes += i128::from(record.size());
                    }
                    _ => by_ms.push((record.arrival_ms, 1, i128::from(record.size()))),
                }
            }
            for (i, &(from, ..)) in by_ms.iter().enumerate() {
                let (mut count, mut bytes) = (0, 0);
                for &(to, n, b) in &by_ms[i..] {
                    (count, bytes) = (count + n, bytes + b);
                    let d = i128::from(to - from);
                    prop_assert!(
                        count <= 1000 + d && bytes * 1000 <= MIB * (1000 + d),
                        "(e) {} accepted {} records, {} bytes from {} to {}",
                        shard_id(shard),
                        count,
                        bytes,
                        from,
                        to
                    );
                }
            }
        }
        Ok(())
    }

    fn reshard(&mut self, how: Reshard) -> Result<(), TestCaseError> {
        let open = self.open_in_key_order().len() as u32;
        let target = match how {
            Reshard::Half => open.div_ceil(2),
            Reshard::MinusOne => open.saturating_sub(1).max(1),
            Reshard::PlusOne => open + 1,
            Reshard::Double => open * 2,
        };
        // Kept small: every shard costs the read-back calls.
        let target = target.min(8);
        let body = json!({"StreamName": STREAM, "TargetShardCount": target, "ScalingType": "UNIFORM_SCALING"});
        self.call("UpdateShardCount", &body)?;
        Ok(())
    }

    fn split(&mut self, pick: usize, at: u16) -> Result<(), TestCaseError> {
        let open = self.open_in_key_order();
        if open.len() >= 8 {
            return Ok(());
        }
        let shard = open[pick % open.len()];
        let key = shard.starting_hash_key
            + (shard.ending_hash_key - shard.starting_hash_key) / 65_536 * u128::from(at.max(1));
        let body =
            json!({"StreamName": STREAM, "ShardToSplit": shard.shard_id(), "NewStartingHashKey": key.to_string()});
        self.call("SplitShard", &body)?;
        Ok(())
    }

    fn merge(&mut self, pick: usize) -> Result<(), TestCaseError> {
        let open = self.open_in_key_order();
        if open.len() < 2 {
            return Ok(());
        }
        let at = pick % (open.len() - 1);
        let body = json!({"StreamName": STREAM, "ShardToMerge": open[at].shard_id(), "AdjacentShardToMerge": open[at + 1].shard_id()});
        self.call("MergeShards", &body)?;
        Ok(())
    }

    /// To the millisecond the n-th accepted record leaves (offset 0) or is about to leave the
    /// retention period, if that is still ahead.
    fn retention_edge(&mut self, nth: usize, offset: i64) -> Result<(), TestCaseError> {
        let Some(&(shard, place)) = self.accepted.get(nth % self.accepted.len().max(1)) else { return Ok(()) };
        let leaves_ms = self.shards[&shard].records[place].arrival_ms + self.retention_ms + 1;
        self.advance_to(leaves_ms + offset)
    }

    fn step(&mut self, action: &Action) -> Result<(), TestCaseError> {
        match action {
            Action::PutRecord { rec, ordering } => self.put_record(rec, *ordering),
            Action::PutRecords(recs) => self.put_records(recs),
            Action::Burst { key, count, times } => {
                let recs = vec![Rec { key: Key::Pool(*key), size: 4 }; *count];
                (0..*times).try_for_each(|_| self.put_records(&recs))
            }
            Action::BigBurst { key, sizes, single } => {
                let recs: Vec<Rec> = sizes.iter().map(|&size| Rec { key: Key::Pool(*key), size }).collect();
                match single {
                    true => recs.iter().try_for_each(|rec| self.put_record(rec, false)),
                    false => self.put_records(&recs),
                }
            }
            Action::Read { shard, start, limit, fresh, times } => {
                (0..*times).try_for_each(|i| self.read(*shard, *start, Some(*limit), *fresh && i == 0))
            }
            Action::ReadAll { limit } => self.read_all(*limit),
            Action::Reshard(how) => self.reshard(*how),
            Action::Split { shard, at } => self.split(*shard, *at),
            Action::Merge { shard } => self.merge(*shard),
            Action::Advance(ms) => self.advance_to(self.now_ms + ms),
            Action::RetentionEdge { nth, offset } => self.retention_edge(*nth, *offset),
        }
    }
}

/// (a), (b), (c): a GetRecords answer holds exactly the expected records. On a mismatch, says
/// whether a record was never accepted (b) or is missing, repeated or out of place (a).
fn compare_records(shard: u32, answered: &Value, expected: &[&Stored], all: &[Stored]) -> Result<(), TestCaseError> {
    let answered = answered.as_array().ok_or_else(|| fail(format!("Records is not a list: {answered}")))?;
    let numbers: Vec<&str> = answered.iter().map(|r| r["SequenceNumber"].as_str().unwrap_or_default()).collect();
    let expected_numbers: Vec<&str> = expected.iter().map(|r| r.sequence_number.as_str()).collect();
    if numbers != expected_numbers {
        if let Some(stranger) = numbers.iter().find(|n| !all.iter().any(|r| r.sequence_number == **n)) {
            return Err(fail(format!(
                "(b) GetRecords on {} returned {stranger}, which no put accepted there; expected {expected_numbers:?}",
                shard_id(shard)
            )));
        }
        prop_assert_eq!(&numbers, &expected_numbers, "(a) GetRecords on {} returned other records", shard_id(shard));
    }
    for (record, stored) in answered.iter().zip(expected) {
        let what = format!("(a) record {} of {}", stored.sequence_number, shard_id(shard));
        prop_assert_eq!(&record["Data"], &json!(base64::encode(&stored.data)), "{} Data", what);
        prop_assert_eq!(&record["PartitionKey"], &json!(stored.partition_key), "{} PartitionKey", what);
        let arrival = record["ApproximateArrivalTimestamp"].as_f64();
        prop_assert_eq!(arrival, Some(stored.arrival_ms as f64 / 1000.0), "{} ApproximateArrivalTimestamp", what);
        prop_assert!(record.get("EncryptionType").is_none(), "{} of an unencrypted stream: {}", what, record);
    }
    Ok(())
}

/// (d): the recorded calls and advances, replayed on a fresh simulator, give the same answers.
fn replay(config: Config, log: &[Logged]) -> Result<(), TestCaseError> {
    let mut sim = Simulator::new(config);
    for (i, entry) in log.iter().enumerate() {
        match entry {
            Logged::Call { target, body, now_ms, response } => {
                let again = sim.handle(target, body, *now_ms);
                prop_assert!(
                    again == *response,
                    "(d) call {} ({} at {}) answered differently on replay: {} {} vs {} {}",
                    i,
                    target,
                    now_ms,
                    response.status,
                    String::from_utf8_lossy(&response.body),
                    again.status,
                    String::from_utf8_lossy(&again.body)
                );
            }
            Logged::Advance(now_ms) => {
                prop_assert_eq!(sim.advance(*now_ms), *now_ms);
            }
        }
    }
    Ok(())
}

/// One case: the steps, a last move of the clock perhaps, the read-back, the replay.
fn run_case(
    setup: &Setup,
    actions: &[Action],
    last: Option<(usize, i64)>,
    limits_on: bool,
) -> Result<Coverage, TestCaseError> {
    let (mut run, config) = Run::new(setup, limits_on)?;
    for action in actions {
        run.step(action)?;
    }
    if let Some((nth, offset)) = last {
        run.retention_edge(nth, offset)?;
    }
    run.read_all(None)?;
    if limits_on {
        run.check_write_windows()?;
    }
    replay(config, &run.log)?;
    Ok(run.coverage)
}

/// Runs `PROPTEST_CASES` cases (or `default_cases`), panicking with the smallest failing case,
/// and returns what they covered.
fn run_property(default_cases: u32, limits_on: bool) -> Coverage {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default_cases);
    // Shrinking is given more than the automatic four tries a case: a failing case of 40 steps
    // needs hundreds to come down to the few that matter.
    let config =
        ProptestConfig { cases, max_shrink_iters: 1000, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = TestRunner::new(config);
    let coverage = RefCell::new(Coverage::default());
    let result = runner.run(&case(), |(setup, actions, last)| {
        let covered = run_case(&setup, &actions, last, limits_on)?;
        coverage.borrow_mut().add(covered);
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    coverage.into_inner()
}

/// (a)-(f) with each shard's limits on, as the service has them.
#[test]
fn records_read_back_as_accepted_with_limits_on() {
    let covered = run_property(24, true);
    assert!(covered.accepted > 0, "{covered:?}");
    assert!(covered.throttled_writes > 0, "no case throttled a write: {covered:?}");
    assert!(covered.throttled_reads > 0, "no case throttled a read: {covered:?}");
    assert!(covered.read_back_from_children > 0 && covered.children_followed > 0, "no reshard: {covered:?}");
    assert!(covered.expired_records > 0, "no record left the retention period: {covered:?}");
    assert!(covered.expired_iterators > 0, "no iterator expired: {covered:?}");
}

/// (a)-(d), (f) with the limits off: nothing is throttled, although the cases go over the limits.
#[test]
fn records_read_back_as_accepted_with_limits_off() {
    let covered = run_property(8, false);
    assert_eq!((covered.throttled_writes, covered.throttled_reads), (0, 0));
    assert!(covered.over_limits > 0, "no case went over a shard's limits: {covered:?}");
}

// ---------------------------------------------------------------------------------------------
// The checks can fail.
// ---------------------------------------------------------------------------------------------

/// The window rule of (e) refuses what the service's figures refuse (docs/behaviour.md §11.4):
/// 1,000 records in a millisecond and then one more a millisecond; 1 MiB, then what 500 ms bring.
#[test]
fn the_limit_model_refuses_what_a_second_of_capacity_cannot_take() {
    let mut records = Takes::new(1000);
    let admitted = (0..1500)
        .filter(|_| {
            let fits = records.fits(0, 1);
            if fits {
                records.take(0, 1);
            }
            fits
        })
        .count();
    assert_eq!(admitted, 1000);
    assert!(!records.fits(0, 1));
    assert!(records.fits(1, 1) && !records.fits(1, 2));
    records.take(1, 1);
    assert!(records.fits(60_000, 1000) && !records.fits(60_000, 1001), "a quiet minute refills only a second");

    let mut bytes = Takes::new(1024 * 1024);
    bytes.take(0, 1024 * 1024);
    assert!(!bytes.fits(500, 600 * 1024));
    assert!(bytes.fits(500, 512 * 1024));
    // Not a sliding window: 999 ms after 1,000 records, 999 more fit (1,000 + d over d ms). And
    // every window counts: after those, the window from 0 leaves room for one record at 1,000,
    // where the one from 999 alone would leave two.
    let mut burst = Takes::new(1000);
    burst.take(0, 1000);
    assert!(burst.fits(999, 999) && !burst.fits(999, 1000));
    burst.take(999, 999);
    assert!(burst.fits(1000, 1) && !burst.fits(1000, 2));

    // A 10 MiB read from a full bucket blocks the shard for 5 seconds.
    let mut shard = ShardModel::new();
    shard.read_calls.take(0, 1);
    shard.read_bytes.take(0, 10 * 1024 * 1024);
    shard.overdrawn = shard.read_bytes.room(0) < 0;
    assert!(!shard.admits_read(4999) && shard.admits_read(5000));
}

/// The window check of (e) catches a shard that took 1,001 records in a millisecond, or 1 MiB and
/// a byte.
#[test]
fn the_window_check_rejects_a_shard_over_its_limits() {
    let setup = Setup { shards: 1, on_demand: false, update_stream_ms: 500 };
    let stored = |arrival_ms: i64, size: usize| Stored {
        sequence_number: String::new(),
        partition_key: "k".into(),
        data: vec![0; size],
        arrival_ms,
    };
    let over = |records: Vec<Stored>| {
        let (mut run, _) = Run::new(&setup, true).unwrap();
        run.model(0).records = records;
        run.check_write_windows().is_err()
    };
    assert!(!over((0..1000).map(|_| stored(T0, 0)).collect()));
    assert!(over((0..1001).map(|_| stored(T0, 0)).collect()));
    assert!(!over((0..1000).map(|_| stored(T0, 0)).chain([stored(T0 + 1, 0)]).collect()));
    assert!(!over(vec![stored(T0, 1024 * 1024 - 1)]));
    assert!(over(vec![stored(T0, 1024 * 1024 - 1), stored(T0, 1)]));
    // 1 MiB, then 1,048.576 bytes a millisecond: 1,048 fit 1 ms later, 1,049 do not.
    assert!(!over(vec![stored(T0, 1024 * 1024 - 1), stored(T0 + 1, 1047)]));
    assert!(over(vec![stored(T0, 1024 * 1024 - 1), stored(T0 + 1, 1048)]));
}

/// Sequence numbers compare as numbers and give back the shard and second they encode.
#[test]
fn sequence_numbers_read_as_numbers() {
    // From tests/golden/records.txt: shard 0 then shard 1 at 1700000030, and shard 0 again later.
    let first = "49646437576038040647387406495032214948498310385572511746";
    let other_shard = "49646437576060341392585937118173750666770958747078492178";
    let later = "49646437576038040647387406495033423874317925083466694658";
    let limbs = |text| sequence_limbs(text).unwrap();
    assert!(limbs(first) < limbs(later) && limbs(later) < limbs(other_shard));
    assert_eq!(sequence_shard_and_second(limbs(first)), Some((0, 1_700_000_030)));
    assert_eq!(sequence_shard_and_second(limbs(other_shard)), Some((1, 1_700_000_030)));
    assert_eq!(sequence_shard_and_second(limbs(later)), Some((0, 1_700_000_031)));
    assert_eq!(sequence_limbs(&first[1..]), None);
    assert_eq!(sequence_limbs(&format!("{}x", &first[1..])), None);
    // The largest 56-digit number fits 192 bits.
    assert!(sequence_limbs(&"9".repeat(56)).is_some());
}

/// The record comparison catches a record never accepted, a missing one and a repeated one.
#[test]
fn the_record_comparison_rejects_extra_missing_and_repeated_records() {
    let stored = |n: u8| Stored {
        sequence_number: format!("{:0>56}", n),
        partition_key: "k".into(),
        data: vec![n],
        arrival_ms: T0,
    };
    let all = vec![stored(1), stored(2)];
    let answer = |numbers: &[u8]| {
        Value::Array(
            numbers
                .iter()
                .map(|&n| {
                    json!({"ApproximateArrivalTimestamp": T0 as f64 / 1000.0, "Data": base64::encode(&[n]), "PartitionKey": "k", "SequenceNumber": format!("{:0>56}", n)})
                })
                .collect(),
        )
    };
    let expected: Vec<&Stored> = all.iter().collect();
    assert!(compare_records(0, &answer(&[1, 2]), &expected, &all).is_ok());
    let error = |numbers: &[u8]| format!("{:?}", compare_records(0, &answer(numbers), &expected, &all).unwrap_err());
    assert!(error(&[1, 2, 3]).contains("(b)"));
    assert!(error(&[1]).contains("(a)"));
    assert!(error(&[1, 1, 2]).contains("(a)"));
    assert!(error(&[2, 1]).contains("(a)"));
    let mut changed = answer(&[1, 2]);
    changed[1]["Data"] = json!(base64::encode(b"other"));
    assert!(compare_records(0, &changed, &expected, &all).is_err());
}
