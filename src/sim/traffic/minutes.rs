//! What the inspector shows of described traffic (docs/behaviour.md §11.12): each producer's and
//! consumer's calls summed up per clock minute, with what it takes to write the minute's first
//! call out again, byte for byte, when someone opens it (`ops::sample_call`). A call's records
//! are not kept: the first call's are described by the blocks they were cut from, as the shard
//! logs describe what they store.

use super::calls::Counted;
use crate::sim::records::{Block, ShardIterator};
use crate::sim::stream::EncryptionType;

/// The ended minutes a producer or consumer keeps until they are taken: a day.
pub const MINUTES_KEPT: usize = 1440;

/// Who made a minute's calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Producer,
    Consumer,
}

/// One producer's or consumer's calls in one clock minute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallMinute {
    pub caller: Caller,
    /// The producer's or consumer's name and the stream it uses.
    pub name: String,
    pub stream_name: String,
    /// The start of the clock minute.
    pub minute_ms: i64,
    /// PutRecords or GetRecords calls made, the records they carried (sent or returned) and
    /// the records (PutRecords) or calls (GetRecords) throttled.
    pub calls: u64,
    pub records: u64,
    pub throttled: u64,
    /// The minute's first call, when one reached a stream.
    pub first: Option<FirstCall>,
}

impl CallMinute {
    pub fn new(caller: Caller, name: &str, stream_name: &str, minute_ms: i64) -> Self {
        let (name, stream_name) = (name.to_owned(), stream_name.to_owned());
        Self { caller, name, stream_name, minute_ms, calls: 0, records: 0, throttled: 0, first: None }
    }

    /// Adds calls made in the minute.
    pub(super) fn count(&mut self, counted: Counted) {
        self.calls += counted.calls;
        self.records += counted.records;
        self.throttled += counted.throttled;
    }
}

/// A producer's or consumer's minutes: the one under way, and those ended but not yet taken by
/// the inspector (`Account::take_call_minutes`), at most `MINUTES_KEPT`.
#[derive(Clone, Debug, Default)]
pub struct CallMinutes {
    pub under_way: Option<CallMinute>,
    pub ended: Vec<CallMinute>,
}

impl CallMinutes {
    /// The calls of `caller` in the minute starting at `minute_ms`, begun when it first calls.
    pub fn at(&mut self, caller: Caller, name: &str, stream_name: &str, minute_ms: i64) -> &mut CallMinute {
        if self.under_way.as_ref().is_some_and(|minute| minute.minute_ms != minute_ms) {
            if self.ended.len() >= MINUTES_KEPT {
                // Nobody takes them (the local endpoint): the oldest go.
                self.ended.remove(0);
            }
            self.ended.extend(self.under_way.take());
        }
        self.under_way.get_or_insert_with(|| CallMinute::new(caller, name, stream_name, minute_ms))
    }

    /// Every minute, the one under way included: what is left of a caller stopped.
    pub fn into_vec(self) -> Vec<CallMinute> {
        let mut minutes = self.ended;
        minutes.extend(self.under_way);
        minutes
    }
}

/// The first call of a minute, as it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FirstCall {
    Put(PutCall),
    Get(GetCall),
}

/// A PutRecords call of a producer: its records, in the order sent, as pieces of blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PutCall {
    pub at_ms: i64,
    pub encryption_type: EncryptionType,
    pub pieces: Vec<Piece>,
}

/// The first `sent` records of `block`, sent to one shard: the first `stored` of them stored,
/// with sequence indexes from `first_index` on, and the rest throttled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub shard: u32,
    pub shard_created_ms: i64,
    pub first_index: u64,
    pub block: Block,
    pub sent: u64,
    pub stored: u64,
}

/// A GetRecords call of a consumer: the iterator it sent, and what it was answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetCall {
    pub at_ms: i64,
    pub iterator: ShardIterator,
    /// None when the shard's read limits throttled the call.
    pub read: Option<Read>,
}

/// What a GetRecords call returned: `count` records from the iterator's position, how far
/// behind the shard's newest record that left the reader, and where its next iterator points
/// (None at the end of a closed shard, which answers its children instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Read {
    pub count: u64,
    pub millis_behind_latest: i64,
    pub next: Option<u64>,
    /// Whether the stream was encrypted: its records then say so.
    pub encrypted: bool,
}

/// Collects the first call of a tick while a producer sends it, shard after shard: the pieces
/// of its first `wanted` records.
#[derive(Debug, Default)]
pub struct FirstPieces {
    pub wanted: u64,
    pub pieces: Vec<Piece>,
    /// The shard being sent (index, creation) and the sequence index its next stored record
    /// gets: a shard stores a prefix of what it is sent, so its stored records follow on.
    shard: (u32, i64),
    next_index: u64,
}

impl FirstPieces {
    pub fn new(wanted: u64) -> Self {
        Self { wanted, ..Self::default() }
    }

    /// Goes on with the records sent to `shard`, created at `created_ms`, whose next stored
    /// record gets sequence index `next_index`.
    pub fn at_shard(&mut self, shard: u32, created_ms: i64, next_index: u64) {
        (self.shard, self.next_index) = ((shard, created_ms), next_index);
    }

    /// Takes what the call still has room for of `sent` records of `block`, the first `stored`
    /// of them stored.
    pub fn add(&mut self, block: &Block, sent: u64, stored: u64) {
        let first_index = self.next_index;
        self.next_index += stored;
        let sent = sent.min(self.wanted);
        if sent == 0 {
            return;
        }
        self.wanted -= sent;
        let (shard, shard_created_ms) = self.shard;
        let block = block.clone();
        self.pieces.push(Piece { shard, shard_created_ms, first_index, block, sent, stored: stored.min(sent) });
    }
}
