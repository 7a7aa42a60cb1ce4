//! The inspector's log of exchanges, in call order, built for sessions of tens of thousands of
//! calls: appending one copies none of the others, and a view holds the log as a snapshot (the
//! shared entries and a length) that compares in constant time and never changes under it.

use std::cell::RefCell;
use std::rc::Rc;

use super::Exchange;

#[derive(Clone, Debug, Default)]
pub struct ExchangeLog {
    /// Shared by every snapshot of this history; only ever appended to.
    entries: Rc<RefCell<Vec<Rc<Exchange>>>>,
    /// How many of them this snapshot holds.
    len: usize,
}

impl ExchangeLog {
    /// Appends an exchange and numbers it (1, 2, 3… in call order).
    pub fn push(&mut self, mut exchange: Exchange) -> Rc<Exchange> {
        if self.entries.borrow().len() != self.len {
            // An older snapshot going its own way (a reset copy): it must not append to the
            // history the newer ones share, so it takes its own copy of its part.
            let own: Vec<Rc<Exchange>> = self.entries.borrow()[..self.len].to_vec();
            self.entries = Rc::new(RefCell::new(own));
        }
        exchange.sequence = self.len as u32 + 1;
        let exchange = Rc::new(exchange);
        self.entries.borrow_mut().push(Rc::clone(&exchange));
        self.len += 1;
        exchange
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn last(&self) -> Option<Rc<Exchange>> {
        self.len.checked_sub(1).and_then(|index| self.get(index))
    }

    pub fn get(&self, index: usize) -> Option<Rc<Exchange>> {
        (index < self.len).then(|| Rc::clone(&self.entries.borrow()[index]))
    }

    /// Up to `count` exchanges, newest first, from the `skip`-th newest on.
    pub fn newest(&self, skip: usize, count: usize) -> Vec<Rc<Exchange>> {
        let entries = self.entries.borrow();
        entries[..self.len].iter().rev().skip(skip).take(count).cloned().collect()
    }

    /// The exchanges `keep` picks, oldest first.
    pub fn matching(&self, keep: impl Fn(&Exchange) -> bool) -> Vec<Rc<Exchange>> {
        self.entries.borrow()[..self.len].iter().filter(|e| keep(e)).cloned().collect()
    }

    /// Whether any exchange is one `want` describes.
    pub fn any(&self, want: impl Fn(&Exchange) -> bool) -> bool {
        self.entries.borrow()[..self.len].iter().any(|e| want(e))
    }

    /// Every exchange from the `from`-th on, oldest first (a reader catching up).
    pub fn since(&self, from: usize) -> Vec<Rc<Exchange>> {
        let entries = self.entries.borrow();
        entries[from.min(self.len)..self.len].to_vec()
    }
}

/// Two snapshots are equal when they hold the same history up to the same call.
impl PartialEq for ExchangeLog {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && (self.len == 0 || Rc::ptr_eq(&self.entries, &other.entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Operation;

    fn exchange(body: &str) -> Exchange {
        Exchange::new(0, Operation::ListStreams, body.to_owned(), 200, String::new())
    }

    #[test]
    fn appending_shares_the_entries_and_snapshots_stay_as_they_were() {
        let mut log = ExchangeLog::default();
        log.push(exchange("a"));
        let snapshot = log.clone();
        let first = log.get(0).unwrap();
        log.push(exchange("b"));
        assert!(Rc::ptr_eq(&first, &log.get(0).unwrap()), "nothing was copied");
        assert_eq!((snapshot.len(), log.len()), (1, 2));
        assert_ne!(snapshot, log);
        assert_eq!(log.last().unwrap().sequence, 2);
        assert_eq!(log.newest(0, 5).iter().map(|e| e.request_body.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(log.since(1).len(), 1);
    }

    #[test]
    fn an_older_snapshot_that_appends_forks_instead_of_rewriting_history() {
        let mut log = ExchangeLog::default();
        log.push(exchange("a"));
        let mut older = log.clone();
        log.push(exchange("b"));
        older.push(exchange("c"));
        assert_eq!(log.newest(0, 5).iter().map(|e| e.request_body.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(older.newest(0, 5).iter().map(|e| e.request_body.as_str()).collect::<Vec<_>>(), ["c", "a"]);
        assert_eq!(older.last().unwrap().sequence, 2);
    }
}
