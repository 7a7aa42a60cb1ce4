//! The operations of the 2021-11-30 API, by the names `X-Amz-Target` carries.

macro_rules! operations {
    ($($name:ident),* $(,)?) => {
        /// Every operation of the model, simulated or not.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operation {
            $($name),*
        }

        impl Operation {
            pub const ALL: &'static [Operation] = &[$(Operation::$name),*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Operation::$name => stringify!($name)),*
                }
            }
        }
    };
}

operations!(
    AddTagsToStream,
    CreateStream,
    DecreaseStreamRetentionPeriod,
    DeleteStream,
    DeregisterStreamConsumer,
    DescribeLimits,
    DescribeStream,
    DescribeStreamConsumer,
    DescribeStreamSummary,
    DisableEnhancedMonitoring,
    EnableEnhancedMonitoring,
    GetRecords,
    GetShardIterator,
    IncreaseStreamRetentionPeriod,
    ListShards,
    ListStreamConsumers,
    ListStreams,
    ListTagsForStream,
    MergeShards,
    PutRecord,
    PutRecords,
    RegisterStreamConsumer,
    RemoveTagsFromStream,
    SplitShard,
    StartStreamEncryption,
    StopStreamEncryption,
    SubscribeToShard,
    UpdateShardCount,
    UpdateStreamMode,
);

impl Operation {
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|op| op.name() == name)
    }

    /// Reads `Kinesis_20131202.<Operation>`; anything else is an unknown operation.
    pub fn from_target(target: &str) -> Option<Self> {
        let name = target.strip_prefix(super::wire::TARGET_PREFIX)?.strip_prefix('.')?;
        Self::from_name(name)
    }

    /// The `X-Amz-Target` header value for this operation.
    pub fn target(self) -> String {
        format!("{}.{}", super::wire::TARGET_PREFIX, self.name())
    }

    /// Whether the simulator implements this operation; the data plane and enhanced fan-out
    /// consumers are not simulated yet.
    pub fn is_simulated(self) -> bool {
        super::ops::table::row(self).is_some()
    }

    /// Calls per second per account, where the service limits them (docs/behaviour.md §6.4).
    pub fn calls_per_second(self) -> Option<usize> {
        super::ops::table::row(self)?.calls_per_second
    }

    /// Whether a successful call changes the account, so that a journal must keep it.
    pub fn changes_account(self) -> bool {
        super::ops::table::row(self).is_some_and(|row| row.changes_account)
    }

    /// The console's example body, with `{name}` and `{arn}` for the stream's, as JSON strings
    /// (`playground::templates` fills them in).
    pub fn console_template(self) -> Option<&'static str> {
        Some(super::ops::table::row(self)?.template)
    }

    /// What the README's table of simulated operations says of it.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn summary(self) -> Option<&'static str> {
        Some(super::ops::table::row(self)?.summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip() {
        for &op in Operation::ALL {
            assert_eq!(Operation::from_target(&op.target()), Some(op));
        }
        assert_eq!(Operation::from_target("Kinesis_20131202.Nope"), None);
        assert_eq!(Operation::from_target("DynamoDB_20120810.CreateStream"), None);
        assert_eq!(Operation::from_target("CreateStream"), None);
    }
}
