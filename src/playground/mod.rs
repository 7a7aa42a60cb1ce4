//! The playground's logic, free of browser APIs so it tests natively: the simulation clock, the
//! log of exchanges the inspector shows, and the state the UI draws.

pub mod clock;
pub mod exchange;
pub mod format;
pub mod requests;
pub mod state;

pub use clock::SimClock;
pub use exchange::Exchange;
pub use state::{Playground, StreamRow};
