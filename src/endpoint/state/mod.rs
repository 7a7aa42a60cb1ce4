//! `--state-dir DIR`: the account kept on disk, so that a restarted endpoint has its streams,
//! shards, records, tags and timers back (docs/behaviour.md §8.5). Without it the account lives
//! in memory only, as before.
//!
//! The simulator is deterministic: the same calls at the same times leave the same account. So
//! the endpoint keeps
//! * a **journal** (`journal`) of every call that changed the account (a successful call of an
//!   operation that `changes_account`), with the time it ran at, appended before the call is
//!   answered: a write the endpoint answered with 200 is in the file, and survives the process
//!   being killed (`--sync-writes` also flushes it to the disk first, to survive the machine);
//! * a **snapshot** (`snapshot`) of the whole account, written in the background when the journal
//!   has grown by the snapshot's size (at least 64 MiB), after which the journal starts a new
//!   segment and the older ones go. A restart reads the snapshot and replays the journal after
//!   it, so it takes time in proportion to the account, not to how long the endpoint ran.
//!
//! Reads (describes, lists, GetRecords, CloudWatch) change only throughput windows and metrics
//! and are not kept; they cannot change what a later kept call does, as they never take from a
//! write's or a control-plane operation's own limits. A replayed call whose answer differs from
//! the one given (by its checksum) is counted and reported.
//!
//! A journal whose last entry a crash cut short is read up to its last whole entry, and the rest
//! is set aside beside it with a line saying so. A snapshot that does not read stops the start,
//! saying why and what to do; nothing is deleted.

mod journal;
mod snapshot;

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Instant;

use crate::sim::{ApiError, Config, Request, Response, Simulator, TARGET_PREFIX};

use journal::{Entry, Item, Segment, Unreadable};

/// A snapshot is due when the journal's current segment is this large, or as large as the last
/// snapshot if that is larger: writing snapshots then costs a constant share of writing.
const COMPACT_AFTER_BYTES: u64 = 64 << 20;

/// The account, and where it is kept.
pub struct Kept {
    simulator: Simulator,
    journal: Option<Journal>,
    /// Records dropped early before this run (restored with the account), and whether the
    /// warning that records are dropped early was given: once a run, when this run drops some.
    dropped_before: u64,
    warned_of_memory: bool,
}

struct Journal {
    dir: PathBuf,
    segment: Segment,
    sync_writes: bool,
    snapshot_bytes: u64,
    /// The snapshot being written, if one is; its size when done.
    compaction: Option<JoinHandle<io::Result<u64>>>,
    /// The memory of the records dropped early (`Simulator::records_dropped_early`) when the
    /// snapshot being written started: records dropped since are still held by it.
    dropped_when_started: u64,
    /// Held while the endpoint runs: one endpoint per directory.
    _lock: File,
}

impl Kept {
    /// An account in memory only.
    pub fn in_memory(config: Config) -> Self {
        Self { simulator: Simulator::new(config), journal: None, dropped_before: 0, warned_of_memory: false }
    }

    /// The account kept in `dir`, restored from what is there. `report` gets a line for each thing
    /// worth knowing: what was restored, and any damage found and how it was handled. An error
    /// says why the endpoint cannot start on this directory.
    pub fn open(dir: &Path, config: Config, sync_writes: bool, mut report: impl FnMut(String)) -> Result<Self, String> {
        let started = Instant::now();
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let lock = lock(dir)?;
        let snapshot = snapshot::read(dir).map_err(|reason| {
            format!(
                "{reason}. Nothing was changed; to start anyway, move {} aside or give another --state-dir.",
                dir.display()
            )
        })?;
        let (mut simulator, first, snapshot_bytes) = match snapshot {
            Some(snapshot) => (snapshot.simulator, snapshot.next_segment, snapshot.bytes),
            None => (Simulator::new(config.clone()), 0, 0),
        };
        let numbers = journal::numbers(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let mut replay = Replay::default();
        let mut set_aside_from = None;
        for (i, &number) in numbers.iter().enumerate() {
            let path = journal::path(dir, number);
            if number < first {
                // Already in the snapshot: left over from a cleanup a crash interrupted.
                let _ = std::fs::remove_file(&path);
                continue;
            }
            let last = i + 1 == numbers.len();
            let read = journal::read(&path, |item| match item {
                Item::Settings(config) => simulator.set_config(config),
                Item::Entry(entry) => replay.apply(&mut simulator, entry),
            });
            match read {
                Ok(read) if read.entries == 0 && read.damaged_at.is_none() => {
                    // Only its header: an earlier run that changed nothing. Its settings rule no call.
                    let _ = std::fs::remove_file(&path);
                }
                Ok(read) => {
                    if let Some(at) = read.damaged_at {
                        let kept =
                            journal::cut(&path, at).map_err(|e| format!("cannot repair {}: {e}", path.display()))?;
                        report(format!(
                            "{}: the last {} bytes are not a whole entry (a write cut short by a crash, never \
                             answered); restored up to the entry before them, and kept them in {}",
                            path.display(),
                            read.dropped_bytes,
                            kept.display()
                        ));
                        if !last {
                            set_aside_from = Some(i + 1);
                            break;
                        }
                    }
                }
                Err(Unreadable::Header(_)) if last && file_len(&path) < 64 => {
                    // Created just before a crash, with no entry yet.
                    let _ = std::fs::remove_file(&path);
                }
                Err(Unreadable::Header(reason)) => {
                    report(format!("{reason}: its calls and any after it are not restored"));
                    set_aside_from = Some(i);
                    break;
                }
                Err(Unreadable::Io(error)) => return Err(format!("cannot read {}: {error}", path.display())),
            }
        }
        if let Some(from) = set_aside_from {
            for &number in &numbers[from..] {
                let path = journal::path(dir, number);
                let aside = path.with_extension("log.set-aside");
                std::fs::rename(&path, &aside).map_err(|e| format!("cannot set {} aside: {e}", path.display()))?;
                report(format!("{} was set aside as {}", path.display(), aside.display()));
            }
        }
        if replay.diverged > 0 {
            report(format!(
                "{} of {} journal entries got another answer when replayed than when first made; the account may \
                 differ from before the restart",
                replay.diverged, replay.entries
            ));
        }
        simulator.set_config(config);
        let number = numbers.last().map_or(first, |last| last + 1).max(first);
        let segment = Segment::create(dir, number, simulator.config())
            .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
        report(format!(
            "state in {}: {} streams restored ({} calls replayed) in {:.2} s",
            dir.display(),
            simulator.streams().count(),
            replay.entries,
            started.elapsed().as_secs_f64()
        ));
        let mut journal = Journal {
            dir: dir.to_owned(),
            segment,
            sync_writes,
            snapshot_bytes,
            compaction: None,
            dropped_when_started: 0,
            _lock: lock,
        };
        if replay.entries > 0 {
            // Start the next run from a snapshot of this one.
            journal.compact(&simulator);
        }
        let dropped_before = simulator.records_dropped_early().0;
        Ok(Self { simulator, journal: Some(journal), dropped_before, warned_of_memory: false })
    }

    pub fn simulator(&mut self) -> &mut Simulator {
        &mut self.simulator
    }

    /// One call through the simulator; one that changed the account is in the journal before its
    /// answer is given. `body` is the JSON the request was read from.
    pub fn call(&mut self, request: &Request, body: &[u8], now_ms: i64) -> Response {
        let now_ms = self.simulator.advance(now_ms);
        let answer = self.simulator.call(request, now_ms);
        self.warn_of_memory();
        let Some(journal) = &mut self.journal else { return answer };
        if answer.status != 200 || !request.operation().changes_account() {
            return answer;
        }
        let entry =
            Entry { now_ms, answer_crc: crc32fast::hash(&answer.body), operation: request.operation().name(), body };
        if let Err(error) = journal.append(&entry) {
            // Not answered as done, since it might not be kept; it stays in memory until a restart.
            eprintln!("kinesis-endpoint: cannot write to the journal in {}: {error}", journal.dir.display());
            return ApiError::InternalFailure.to_response();
        }
        journal.compact_if_due(&self.simulator);
        answer
    }

    /// Says once that stored records reached their memory budget and the oldest are dropped.
    fn warn_of_memory(&mut self) {
        if self.warned_of_memory || self.simulator.records_dropped_early().0 == self.dropped_before {
            return;
        }
        self.warned_of_memory = true;
        let budget = self.simulator.config().limits.record_memory_bytes.unwrap_or_default() >> 20;
        eprintln!(
            "kinesis-endpoint: warning: stored records reached their memory budget of {budget} MiB; the oldest are \
             dropped early from now on, as if their retention had passed (--record-memory-mib raises the budget)"
        );
    }

    /// A handle on the journal's current segment, to flush it to the disk from another thread.
    pub fn segment_file(&self) -> Option<io::Result<File>> {
        self.journal.as_ref().map(|journal| journal.segment.try_clone_file())
    }

    /// Waits for a snapshot being written, if any (at shutdown).
    pub fn finish(&mut self) {
        if let Some(journal) = &mut self.journal {
            journal.collect_compaction(true);
        }
    }
}

impl Journal {
    fn append(&mut self, entry: &Entry) -> io::Result<()> {
        self.segment.append(entry)?;
        if self.sync_writes {
            self.segment.sync()?;
        }
        Ok(())
    }

    fn compact_if_due(&mut self, simulator: &Simulator) {
        // Records dropped while a snapshot is written stay in memory until it is done: past a
        // quarter of the budget, the writes wait for it, so memory stays near the budget
        // whatever the write rate (docs/behaviour.md §8.6).
        let held_by_snapshot = simulator.records_dropped_early().1 - self.dropped_when_started;
        let budget = simulator.config().limits.record_memory_bytes.unwrap_or(u64::MAX);
        self.collect_compaction(held_by_snapshot > budget / 4);
        if self.compaction.is_none() && self.segment.len() >= COMPACT_AFTER_BYTES.max(self.snapshot_bytes) {
            self.compact(simulator);
        }
    }

    /// Starts a new segment and writes a snapshot of the account as it is now, in the background;
    /// the older segments go once it is on disk.
    fn compact(&mut self, simulator: &Simulator) {
        let next = self.segment.number + 1;
        match Segment::create(&self.dir, next, simulator.config()) {
            Ok(segment) => self.segment = segment,
            Err(error) => {
                eprintln!("kinesis-endpoint: cannot start a journal segment in {}: {error}", self.dir.display());
                return;
            }
        }
        self.dropped_when_started = simulator.records_dropped_early().1;
        let (copy, dir) = (simulator.clone(), self.dir.clone());
        self.compaction = Some(std::thread::spawn(move || {
            let bytes = snapshot::write(&dir, &copy, next)?;
            for number in journal::numbers(&dir)?.into_iter().filter(|&n| n < next) {
                std::fs::remove_file(journal::path(&dir, number))?;
            }
            Ok(bytes)
        }));
    }

    fn collect_compaction(&mut self, wait: bool) {
        if !wait && !self.compaction.as_ref().is_some_and(JoinHandle::is_finished) {
            return;
        }
        let Some(handle) = self.compaction.take() else { return };
        match handle.join() {
            Ok(Ok(bytes)) => self.snapshot_bytes = bytes,
            Ok(Err(error)) => eprintln!("kinesis-endpoint: cannot write a snapshot in {}: {error}", self.dir.display()),
            Err(_) => eprintln!("kinesis-endpoint: writing a snapshot in {} failed", self.dir.display()),
        }
    }
}

/// Replaying journal entries into the simulator.
#[derive(Default)]
struct Replay {
    entries: u64,
    diverged: u64,
}

impl Replay {
    fn apply(&mut self, simulator: &mut Simulator, entry: Entry) {
        self.entries += 1;
        let target = format!("{TARGET_PREFIX}.{}", entry.operation);
        let same = match Request::read(&target, entry.body) {
            Ok(request) => {
                let answer = simulator.call(&request, entry.now_ms);
                answer.status == 200 && crc32fast::hash(&answer.body) == entry.answer_crc
            }
            Err(_) => false,
        };
        if !same {
            self.diverged += 1;
        }
    }
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Flushes a directory's entries (files created, renamed), so they survive the machine.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Takes `dir/lock` for this process, or says which directory is in use.
fn lock(dir: &Path) -> Result<File, String> {
    let path = dir.join("lock");
    let file = File::create(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: flock only reads the descriptor, which `file` keeps open.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            return Err(format!("another kinesis-endpoint is using {}", dir.display()));
        }
    }
    Ok(file)
}
