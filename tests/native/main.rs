#![cfg(not(target_arch = "wasm32"))]
//! Every native integration test in one crate: one link after a change to the library instead
//! of seven (on the 2-core development machine, rebuilding the tests after a library change took
//! 2.9-3.3 s as seven crates and 1.6-1.7 s as one). `cargo test --test native golden` runs one
//! file's tests. The component tests (`tests/components.rs`) are wasm and stay apart.

mod support;

mod consumers;
mod data_plane;
mod endpoint_cbor;
mod endpoint_cloudwatch;
mod endpoint_protocol;
mod endpoint_state;
mod golden;
mod hostile_input;
mod on_demand;
mod properties;
mod record_budget;
mod records_properties;
mod scenarios;
mod share_links;
mod traffic;
mod tutorials;
mod usage;
