//! The protocol checks every request passes before an operation sees it, in the service's order
//! (docs/behaviour.md §3.2, kinesalite's connection tests run against AWS): an empty body is a
//! SerializationException for a known operation and an UnknownOperationException otherwise; a
//! body that is not a JSON object is a SerializationException; then the target must name an
//! operation of the API.
//!
//! The local endpoint checks authentication between these checks and the operation, as the
//! service does, which is why they are a step of their own.

use super::error::ApiError;
use super::input::Body;
use super::operation::Operation;

/// A request with a known operation and a JSON object body.
#[derive(Debug)]
pub struct Request<'a> {
    pub(super) operation: Operation,
    pub(super) body: Body<'a>,
}

impl<'a> Request<'a> {
    pub fn operation(&self) -> Operation {
        self.operation
    }

    pub fn read(target: &str, body: &'a [u8]) -> Result<Self, ApiError> {
        let operation = Operation::from_target(target);
        if body.is_empty() {
            return Err(match operation {
                Some(_) => ApiError::Serialization(None),
                None => ApiError::UnknownOperation,
            });
        }
        let body = Body::parse(body)?;
        let operation = operation.ok_or(ApiError::UnknownOperation)?;
        Ok(Self { operation, body })
    }
}
