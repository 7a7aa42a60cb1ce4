//! The account's timer queue: everything the simulation clock will do on its own, in due order.
//!
//! A stream may have several timers at once: the end of the CREATING, UPDATING or DELETING a
//! user asked for, and background work (dropping shards whose retention has passed; on-demand
//! scaling and record trimming will join them). Scheduling one timer never removes another, so
//! background work can never overwrite a change the user asked for.

/// What a timer does when it comes due. Timers due at the same millisecond run in this order.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// The stream's transition (`Stream::pending`) ends and its change takes effect.
    EndTransition,
    /// The stream's oldest closed shard has left the retention period: drop the expired ones.
    ExpireShards,
    /// An on-demand stream's hot shards are due to split (docs/behaviour.md §11.5).
    SplitHotShards,
    /// An on-demand stream looks for cold neighbours to merge (docs/behaviour.md §11.5).
    MergeColdShards,
}

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default)]
pub struct Timers {
    /// (due time, timer, stream name), latest first so that the earliest is taken off the end;
    /// each at most once, so the same timer scheduled twice runs once. A sorted vector rather
    /// than a `BTreeSet`: a few timers per stream, and a B-tree's code for them costs the page.
    queue: Vec<(i64, Timer, String)>,
}

impl Timers {
    /// Where the timer is in the queue, or where it would go.
    fn find(&self, due_ms: i64, timer: Timer, stream: &str) -> Result<usize, usize> {
        self.queue.binary_search_by(|(due, kind, name)| (due_ms, timer, stream).cmp(&(*due, *kind, name.as_str())))
    }

    pub fn schedule(&mut self, due_ms: i64, timer: Timer, stream: &str) {
        if let Err(at) = self.find(due_ms, timer, stream) {
            self.queue.insert(at, (due_ms, timer, stream.to_owned()));
        }
    }

    pub fn cancel(&mut self, due_ms: i64, timer: Timer, stream: &str) {
        if let Ok(at) = self.find(due_ms, timer, stream) {
            self.queue.remove(at);
        }
    }

    /// When the earliest timer is due.
    pub fn next_ms(&self) -> Option<i64> {
        self.queue.last().map(|(due_ms, ..)| *due_ms)
    }

    /// Takes the earliest timer due at or before `now_ms`.
    pub fn pop_due(&mut self, now_ms: i64) -> Option<(i64, Timer, String)> {
        self.queue.last().filter(|(due_ms, ..)| *due_ms <= now_ms)?;
        self.queue.pop()
    }

    /// When the earliest timer of a kind is due. Background timers are at most a few per
    /// stream, so the walk past them is short.
    pub fn next_due(&self, timer: Timer) -> Option<i64> {
        self.queue.iter().rev().find(|(_, kind, _)| *kind == timer).map(|(due_ms, ..)| *due_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_keeps_every_timer_and_they_run_in_due_order() {
        let mut timers = Timers::default();
        timers.schedule(30, Timer::EndTransition, "s");
        timers.schedule(10, Timer::ExpireShards, "s");
        timers.schedule(10, Timer::ExpireShards, "s");
        timers.schedule(10, Timer::EndTransition, "t");
        assert_eq!(timers.next_due(Timer::EndTransition), Some(10));
        assert_eq!(timers.pop_due(9), None);
        assert_eq!(timers.pop_due(30), Some((10, Timer::EndTransition, "t".into())));
        assert_eq!(timers.pop_due(30), Some((10, Timer::ExpireShards, "s".into())));
        timers.cancel(30, Timer::ExpireShards, "s");
        assert_eq!(timers.pop_due(30), Some((30, Timer::EndTransition, "s".into())));
        assert_eq!(timers.pop_due(i64::MAX), None);
    }
}
