//! A simulator of the Amazon Kinesis Data Streams API at its 2021-11-30 version (the release
//! that added on-demand capacity), for learning capacity modes in the browser.
//!
//! A tour of the modules:
//!
//! * [`sim`]: the core. A pure function of requests and simulation time: the front door
//!   [`sim::Simulator::handle`] takes `(X-Amz-Target, body bytes, now)` and returns the HTTP
//!   status and body bytes the real service would send. Inside, one file per concern: wire
//!   format, errors, reading and validating input against the model's shapes, streams, the shard
//!   map and sequence numbers, the account and its timer queue (transitions ending, shards
//!   expiring), rate limits and paging tokens; and `sim/ops/` with one file per API operation
//!   (read into a typed input, validate, admit, apply) and `ops/table.rs`, one row each.
//! * [`playground`]: what the browser app does with the core, still free of any browser API so
//!   it tests natively. The simulated account (`playground::state`) keeps three jobs apart: the
//!   journal of intents that replays (`journal`), the log of exchanges the inspector shows
//!   (`ExchangeLog`, appended without copying), and the `AccountView` the workspace draws.
//!   Attach mode (`playground::attach`) produces the same view by polling a running endpoint and
//!   reading its answers into typed shapes. Beside them: the simulation clock, saved sessions,
//!   share links, scenarios and the tutorial, and the host-page protocol for embeds.
//! * `ui` (wasm32 only): the yew components that draw the playground state, one per file; the
//!   reducer around the playground (`ui::app_state`, whose saves and address changes are
//!   effects); and the browser edges beside them (local storage, fetch to an attached endpoint,
//!   the host page's MessagePort).
//! * `endpoint` (native only): the core behind HTTP, as a local Kinesis endpoint for the AWS CLI
//!   and SDKs, in JSON or the Java SDK's CBOR, with CloudWatch's metric reads on the same port
//!   (`src/bin/kinesis-endpoint.rs`).
//!
//! `src/main.rs` is the wasm entry point that mounts the UI; `src/bin/kinesis-attach.rs` mounts
//! attach mode's page, a bundle of its own.

#[cfg(not(target_arch = "wasm32"))]
pub mod endpoint;
pub mod playground;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod ui;
