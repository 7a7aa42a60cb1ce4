//! The playground's logic, free of browser APIs so it tests natively: the simulation clock, the
//! journal that replays, the log of exchanges the inspector shows, and the view of an account the
//! workspace draws, simulated here (`state`) or polled from an endpoint (`attach`).

pub mod account_view;
pub mod attach;
pub mod call_log;
pub mod catalog;
pub mod charts;
pub mod clock;
pub mod commands;
pub mod decoded;
pub mod exchange;
pub mod exchange_log;
pub mod format;
pub mod host_api;
pub mod journal;
pub mod json_tree;
pub mod members;
pub mod metrics_view;
pub mod model_docs;
pub mod options;
pub mod outcome;
pub mod requests;
pub mod scenario;
pub mod session;
pub mod share;
pub mod state;
pub mod templates;
pub mod traffic_form;
pub mod tutorial;

pub use account_view::{AccountView, ShardView, StreamRow};
pub use call_log::{CallLog, CallRows};
pub use clock::SimClock;
pub use exchange::Exchange;
pub use exchange_log::ExchangeLog;
pub use session::{Preset, SavedSession};
pub use state::Playground;
