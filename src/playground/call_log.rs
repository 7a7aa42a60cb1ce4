//! The inspector's rows for described traffic (docs/behaviour.md §11.12): each producer's and
//! consumer's calls summed up per clock minute, newest first, the minutes under way included.
//! Producers make tens of thousands of calls a minute; a row each minute keeps the inspector
//! readable, and opens onto the minute's first call, written out again.

use std::collections::VecDeque;
use std::rc::Rc;

use crate::sim::{CallMinute, Caller};

/// Rows kept: a day of one producer, or an hour of 24.
const KEPT: usize = 1440;

/// The minutes that have ended, oldest first.
#[derive(Clone, Debug, Default)]
pub struct CallLog {
    ended: VecDeque<Rc<CallMinute>>,
}

impl CallLog {
    /// Adds minutes that have ended, oldest first, forgetting the oldest past `KEPT`.
    pub fn add(&mut self, minutes: Vec<CallMinute>) {
        self.ended.extend(minutes.into_iter().map(Rc::new));
        let over = self.ended.len().saturating_sub(KEPT);
        self.ended.drain(..over);
    }

    /// Every row, newest first: the minutes under way, then those that have ended.
    pub fn newest<'a>(&self, under_way: impl Iterator<Item = &'a CallMinute>) -> CallRows {
        let mut rows: Vec<Rc<CallMinute>> = under_way.cloned().map(Rc::new).collect();
        let under_way = rows.len();
        rows.extend(self.ended.iter().rev().cloned());
        CallRows { rows, under_way }
    }
}

/// Rows as the inspector gets them: the minutes under way first (`under_way` of them), then
/// those that have ended. Two lists are the same when their rows are the same minutes with the
/// same counts: a minute that has ended never changes, and comparing what its first call is cut
/// from (key tables of up to 100,000 keys) on every render would cost more than drawing it.
#[derive(Clone, Debug, Default)]
pub struct CallRows {
    pub rows: Vec<Rc<CallMinute>>,
    pub under_way: usize,
}

impl PartialEq for CallRows {
    fn eq(&self, other: &Self) -> bool {
        let counts = |m: &CallMinute| (m.caller, m.minute_ms, m.calls, m.records, m.throttled);
        let same = |(a, b): (&Rc<CallMinute>, &Rc<CallMinute>)| {
            Rc::ptr_eq(a, b) || (counts(a) == counts(b) && a.name == b.name && a.stream_name == b.stream_name)
        };
        self.under_way == other.under_way
            && self.rows.len() == other.rows.len()
            && self.rows.iter().zip(&other.rows).all(same)
    }
}

/// A row's line: who, where, and what the calls came to.
pub fn summary(minute: &CallMinute) -> String {
    let (operation, throttled) = match minute.caller {
        Caller::Producer => ("PutRecords", "records throttled"),
        Caller::Consumer => ("GetRecords", "calls throttled"),
    };
    let calls = if minute.calls == 1 { "call" } else { "calls" };
    format!(
        "{} on {}: {} {operation} {calls}, {} records, {} {throttled}",
        minute.name,
        minute.stream_name,
        super::traffic_form::thousands(minute.calls),
        super::traffic_form::thousands(minute.records),
        super::traffic_form::thousands(minute.throttled),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minute(name: &str, minute_ms: i64) -> CallMinute {
        let mut minute = CallMinute::new(Caller::Producer, name, "orders", minute_ms);
        (minute.calls, minute.records, minute.throttled) = (1200, 600_000, 12_500);
        minute
    }

    #[test]
    fn rows_are_newest_first_and_the_oldest_go() {
        let mut log = CallLog::default();
        log.add((0..KEPT as i64 + 5).map(|m| minute("p", m * 60_000)).collect());
        let under_way = minute("q", (KEPT as i64 + 5) * 60_000);
        let CallRows { rows, under_way: count } = log.newest([&under_way].into_iter());
        assert_eq!(count, 1);
        assert_eq!(rows.len(), KEPT + 1);
        assert_eq!(rows[0].name, "q", "the minute under way first");
        assert_eq!(rows[1].minute_ms, (KEPT as i64 + 4) * 60_000);
        assert_eq!(rows[KEPT].minute_ms, 5 * 60_000, "the five oldest are gone");
        assert_eq!(summary(&rows[1]), "p on orders: 1,200 PutRecords calls, 600,000 records, 12,500 records throttled");
    }
}
