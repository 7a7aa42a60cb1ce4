//! What the workspace draws of an account: its streams, the shards of the one open in the detail
//! view, its limits, and the latest changes in words. The simulated playground (`Playground`)
//! and attach mode (`attach::Attachment`) both produce an [`AccountView`], so the page draws and
//! announces an account the same way whether it lives in this page or in a running endpoint.

use crate::sim::{AccountLimits, StreamMode, StreamStatus, parse_shard_id};

/// The account as the page draws it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountView {
    pub rows: Vec<StreamRow>,
    /// None until known (an attached endpoint not polled yet).
    pub limits: Option<AccountLimits>,
    /// The stream open in the detail view, and its shards.
    pub detail: Option<(String, Vec<ShardView>)>,
    /// The latest status changes in words, for screen readers (an aria-live region).
    pub announcement: String,
}

/// One line of the streams list: what DescribeStreamSummary says of a stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamRow {
    pub name: String,
    pub arn: String,
    pub status: StreamStatus,
    pub mode: StreamMode,
    pub open_shard_count: u32,
    /// Milliseconds until the current CREATING / UPDATING / DELETING ends, where it is known
    /// (the API does not say; only the simulator knows).
    pub next_transition_in_ms: Option<i64>,
}

/// One shard as the detail view draws it: what ListShards or DescribeStream lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardView {
    pub shard_id: String,
    pub parent: Option<String>,
    pub adjacent_parent: Option<String>,
    pub starting_hash_key: u128,
    pub ending_hash_key: u128,
    pub starting_sequence_number: String,
    pub open: bool,
    /// 0 for the stream's first shards, one more than its parents for a split's or merge's child.
    pub generation: u32,
    /// How close an open shard runs to its write limits, in percent (docs/behaviour.md §11.5),
    /// where the page knows it: not for closed shards, nor in attach mode.
    pub load_percent: Option<u32>,
}

/// The status changes between two listings of the streams, in words: a stream whose status or
/// mode changed, one that is gone, and one that appeared. None if nothing changed.
pub fn announce(before: &[StreamRow], after: &[StreamRow]) -> Option<String> {
    let find = |rows: &[StreamRow], name: &str| rows.iter().find(|row| row.name == name).map(|r| (r.status, r.mode));
    let mut changes = Vec::new();
    for row in before {
        let now = find(after, &row.name);
        if now != Some((row.status, row.mode)) {
            changes.push(match now {
                None => format!("Stream {} is deleted.", row.name),
                Some((status, mode)) => {
                    format!("Stream {} is now {} ({}).", row.name, status.as_str(), mode.as_str())
                }
            });
        }
    }
    for row in after.iter().filter(|row| find(before, &row.name).is_none()) {
        changes.push(format!("Stream {} appeared ({}).", row.name, row.status.as_str()));
    }
    (!changes.is_empty()).then(|| changes.join(" "))
}

/// Gives each shard its generation from its parents, for a listing that does not carry it (an
/// endpoint's ListShards). Parents are listed before their children; a parent no longer listed
/// (past retention) counts as the 0th generation.
pub fn with_generations(mut shards: Vec<ShardView>) -> Vec<ShardView> {
    // Shard ids number the shards, so a Vec indexed by that number finds each parent.
    let mut generations: Vec<Option<u32>> = Vec::new();
    for shard in &mut shards {
        let parents = [&shard.parent, &shard.adjacent_parent];
        let generation_of = |id: &String| {
            let known = parse_shard_id(id).and_then(|index| generations.get(index as usize).copied().flatten());
            known.map_or(1, |g| g + 1)
        };
        shard.generation = parents.iter().filter_map(|p| p.as_ref().map(generation_of)).max().unwrap_or(0);
        if let Some(index) = parse_shard_id(&shard.shard_id).map(|i| i as usize).filter(|&i| i < 1 << 20) {
            if generations.len() <= index {
                generations.resize(index + 1, None);
            }
            generations[index] = Some(shard.generation);
        }
    }
    shards
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, status: StreamStatus, mode: StreamMode) -> StreamRow {
        StreamRow {
            name: name.into(),
            arn: format!("arn:aws:kinesis:us-east-1:123456789012:stream/{name}"),
            status,
            mode,
            open_shard_count: 1,
            next_transition_in_ms: None,
        }
    }

    #[test]
    fn changes_are_announced_in_listing_order() {
        let before = [
            row("a", StreamStatus::Creating, StreamMode::Provisioned),
            row("b", StreamStatus::Deleting, StreamMode::OnDemand),
            row("c", StreamStatus::Active, StreamMode::OnDemand),
        ];
        let mut after = vec![
            row("a", StreamStatus::Active, StreamMode::Provisioned),
            row("c", StreamStatus::Active, StreamMode::OnDemand),
            row("d", StreamStatus::Creating, StreamMode::OnDemand),
        ];
        assert_eq!(
            announce(&before, &after).as_deref(),
            Some("Stream a is now ACTIVE (PROVISIONED). Stream b is deleted. Stream d appeared (CREATING).")
        );
        // A countdown or a shard count changing is not a status change.
        after[1].open_shard_count = 4;
        after[1].next_transition_in_ms = Some(9);
        assert_eq!(announce(&after, &after), None);
    }

    #[test]
    fn generations_follow_the_parents_listed() {
        let shard = |index: u32, parent: Option<u32>, adjacent: Option<u32>| ShardView {
            shard_id: crate::sim::shard_id(index),
            parent: parent.map(crate::sim::shard_id),
            adjacent_parent: adjacent.map(crate::sim::shard_id),
            starting_hash_key: 0,
            ending_hash_key: 1,
            starting_sequence_number: "1".into(),
            open: true,
            generation: 0,
            load_percent: None,
        };
        // 0 and 1 merge into 2, which splits into 3 and 4; 5's parent 9 is no longer listed.
        let listed = vec![
            shard(0, None, None),
            shard(1, None, None),
            shard(2, Some(0), Some(1)),
            shard(3, Some(2), None),
            shard(4, Some(2), None),
            shard(5, Some(9), None),
        ];
        let generations: Vec<u32> = with_generations(listed).iter().map(|s| s.generation).collect();
        assert_eq!(generations, [0, 0, 1, 2, 2, 1]);
    }
}
