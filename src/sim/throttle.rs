//! The control plane's per-account rate limits, counted on the simulation clock.
//!
//! Each operation admits at most its documented number of calls in any one-second window
//! (`Operation::calls_per_second`, from the table of operations in `ops/table.rs`).

use std::collections::VecDeque;

use super::operation::Operation;

const WINDOW_MS: i64 = 1000;

#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default)]
pub struct Throttle {
    /// Times of the admitted calls of the last second, per operation (indexed by its place in
    /// `Operation::ALL`; empty until the first call).
    recent: Vec<VecDeque<i64>>,
}

impl Throttle {
    pub fn admit(&mut self, operation: Operation, now_ms: i64) -> bool {
        let Some(limit) = operation.calls_per_second() else { return true };
        if self.recent.is_empty() {
            self.recent = vec![VecDeque::new(); Operation::ALL.len()];
        }
        let calls = &mut self.recent[operation as usize];
        while calls.front().is_some_and(|&t| t <= now_ms - WINDOW_MS) {
            calls.pop_front();
        }
        if calls.len() >= limit {
            return false;
        }
        calls.push_back(now_ms);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_the_limit_per_rolling_second() {
        let mut throttle = Throttle::default();
        assert!(throttle.admit(Operation::DescribeLimits, 0));
        assert!(!throttle.admit(Operation::DescribeLimits, 999));
        assert!(throttle.admit(Operation::DescribeLimits, 1000));
        for t in 0..5 {
            assert!(throttle.admit(Operation::CreateStream, t));
        }
        assert!(!throttle.admit(Operation::CreateStream, 10));
        assert!(throttle.admit(Operation::UpdateStreamMode, 10), "not rate limited");
    }
}
