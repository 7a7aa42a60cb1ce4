//! Reading a request body, with memory proportional to the bytes received: each chunk is copied
//! into one buffer and dropped at once. Hyper's chunks share its read buffer, so keeping them (as
//! `collect()` does) kept a whole buffer alive per tiny chunk, 38 times the body's size for a
//! body sent in 1-byte chunks.

use http_body_util::BodyExt;
use hyper::body::{Body, Incoming};

use super::protocol::MAX_BODY_BYTES;

/// Why a body was not read.
#[derive(Debug, PartialEq)]
pub enum NotRead {
    /// Over `MAX_BODY_BYTES`: the rest of it is left unread.
    TooLarge,
    /// Truncated or broken: nothing sensible to answer.
    Broken,
}

/// Reads `body`, up to `MAX_BODY_BYTES`. Not bounded in time: the caller puts a timeout around it.
pub async fn read(mut body: Incoming) -> Result<Vec<u8>, NotRead> {
    let declared = body.size_hint().exact().map(|length| usize::try_from(length).unwrap_or(usize::MAX));
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(MAX_BODY_BYTES));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| NotRead::Broken)?;
        let Ok(chunk) = frame.into_data() else { continue };
        let needed = bytes.len() + chunk.len();
        if needed > MAX_BODY_BYTES {
            return Err(NotRead::TooLarge);
        }
        if needed > bytes.capacity() {
            // Doubling, but never past the limit.
            let target = needed.max(bytes.capacity() * 2).min(MAX_BODY_BYTES);
            bytes.reserve_exact(target - bytes.len());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}
