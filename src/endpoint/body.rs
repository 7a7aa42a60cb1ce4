//! Reading a request body, with memory proportional to the bytes received and bounded across all
//! connections.
//!
//! * A body declared longer than `MAX_BODY_BYTES` is refused from its headers, unread (and so
//!   without a `100 Continue`); a chunked one is refused once it grows past the limit.
//! * Each chunk is copied into one buffer and dropped at once: hyper's chunks share its read
//!   buffer, so keeping them (as `collect()` does) kept a whole buffer alive per tiny chunk, 38
//!   times the body's size for a body sent in 1-byte chunks.
//! * Before a body is read it takes its size from a budget shared by all connections (KiB
//!   permits of a semaphore; the maximum for a chunked body, whose size is not known), so that
//!   many large bodies at once wait their turn, held back by TCP, instead of all being buffered.

use http_body_util::BodyExt;
use hyper::body::{Body, Incoming};
use tokio::sync::{Semaphore, SemaphorePermit};

use super::protocol::MAX_BODY_BYTES;

/// How many body bytes all connections may hold at once, in KiB: four bodies of the maximum size.
pub const BODY_BUDGET_KIB: usize = 4 * MAX_BODY_KIB;
const MAX_BODY_KIB: usize = MAX_BODY_BYTES.div_ceil(1024);
// A body's share never exceeds the budget, or it would wait forever.
const _: () = assert!(BODY_BUDGET_KIB >= MAX_BODY_KIB && BODY_BUDGET_KIB <= u32::MAX as usize);

/// A body read in full, with its share of the budget, given back when it is dropped.
pub struct ReadBody<'a> {
    pub bytes: Vec<u8>,
    _budget: Option<SemaphorePermit<'a>>,
}

/// Why a body was not read.
#[derive(Debug, PartialEq)]
pub enum NotRead {
    /// Over `MAX_BODY_BYTES`, declared or as sent: the rest of it is left unread.
    TooLarge,
    /// Truncated or broken: nothing sensible to answer.
    Broken,
}

/// Reads `body` within `budget` (a semaphore of `BODY_BUDGET_KIB` permits). Not bounded in time:
/// the caller puts a timeout around it.
pub async fn read<'a>(mut body: Incoming, budget: &'a Semaphore) -> Result<ReadBody<'a>, NotRead> {
    if body.is_end_stream() {
        return Ok(ReadBody { bytes: Vec::new(), _budget: None });
    }
    let declared = body.size_hint().exact().map(|length| usize::try_from(length).unwrap_or(usize::MAX));
    if declared.is_some_and(|length| length > MAX_BODY_BYTES) {
        return Err(NotRead::TooLarge);
    }
    let reserved = declared.unwrap_or(MAX_BODY_BYTES);
    let permits = u32::try_from(reserved.div_ceil(1024)).unwrap_or(u32::MAX);
    let permit = budget.acquire_many(permits).await.map_err(|_| NotRead::Broken)?;

    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| NotRead::Broken)?;
        let Ok(chunk) = frame.into_data() else { continue };
        let needed = bytes.len() + chunk.len();
        if needed > MAX_BODY_BYTES {
            return Err(NotRead::TooLarge);
        }
        if needed > bytes.capacity() {
            // Doubling, but never past the limit (nor the budget taken for it).
            let target = needed.max(bytes.capacity() * 2).min(MAX_BODY_BYTES);
            bytes.reserve_exact(target - bytes.len());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(ReadBody { bytes, _budget: Some(permit) })
}
