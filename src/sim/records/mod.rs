//! The data plane's state: what each shard holds and how fast it may be written and read
//! (docs/behaviour.md §11).

pub mod capacity;
pub mod hash_key;
pub mod heat;
pub mod iterator;
pub mod log;
pub mod run;

pub use capacity::{ShardCapacity, WriteBudget};
pub use heat::Heat;
pub use iterator::ShardIterator;
pub use log::{KeyedData, ShardLog};
pub use run::{Block, Put, Steady};

/// A shard's records and throughput.
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardData {
    pub log: ShardLog,
    pub capacity: ShardCapacity,
    pub heat: Heat,
}
