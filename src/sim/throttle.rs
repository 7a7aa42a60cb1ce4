//! The control plane's per-account rate limits, counted on the simulation clock.
//!
//! Each operation admits at most its documented number of calls in any one-second window
//! (docs/behaviour.md §6.4, the 2022 developer guide's table). ListShards' limit is documented
//! twice, as 100 per account and as 1000 per stream; the account figure is used. Operations the
//! table does not list (UpdateStreamMode, Start/StopStreamEncryption) are not rate limited.

use std::collections::VecDeque;

use super::operation::Operation;

const WINDOW_MS: i64 = 1000;

/// Calls per second per account.
pub fn transactions_per_second(operation: Operation) -> Option<usize> {
    use Operation::*;
    Some(match operation {
        AddTagsToStream
        | CreateStream
        | DecreaseStreamRetentionPeriod
        | DeleteStream
        | DisableEnhancedMonitoring
        | EnableEnhancedMonitoring
        | IncreaseStreamRetentionPeriod
        | ListStreams
        | ListTagsForStream
        | MergeShards
        | RemoveTagsFromStream
        | SplitShard => 5,
        DescribeLimits => 1,
        DescribeStream | UpdateShardCount => 10,
        DescribeStreamSummary => 20,
        ListShards => 100,
        _ => return None,
    })
}

#[derive(Clone, Debug, Default)]
pub struct Throttle {
    /// Times of the admitted calls of the last second, per operation (indexed by its place in
    /// `Operation::ALL`; empty until the first call).
    recent: Vec<VecDeque<i64>>,
}

impl Throttle {
    pub fn admit(&mut self, operation: Operation, now_ms: i64) -> bool {
        let Some(limit) = transactions_per_second(operation) else { return true };
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
