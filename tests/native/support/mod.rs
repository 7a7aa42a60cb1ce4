//! Shared helpers of the native integration tests.

pub mod call_minutes;
pub mod citations;
pub mod endpoint_call;
pub mod key_order;
pub mod model;
pub mod transcript;
