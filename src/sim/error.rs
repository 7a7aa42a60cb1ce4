//! The errors the service answers with, named exactly like the AWS exceptions.
//!
//! Each renders to `{"__type":…,"message":…}` with HTTP 400 (docs/behaviour.md §3.1): none of the
//! Kinesis exception shapes sets an HTTP status, so the awsJson default applies.

use serde::Serialize;

use super::wire::Response;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// Unknown `X-Amz-Target`; the service sends no message.
    UnknownOperation,
    /// An operation of the 2021-11-30 model that this simulator does not implement. Reported as
    /// UnknownOperationException (an SDK surfaces it as a plain client error) with a message that
    /// says so, rather than faking a success.
    NotSimulated(&'static str),
    /// A body that is not JSON (no message), or a member of the wrong JSON type (with a
    /// `Message`, capital M, as the service's deserialiser writes it).
    Serialization(Option<String>),
    /// Constraint failures in the `N validation error(s) detected: …` form (see `validate`).
    Validation(String),
    InvalidArgument(String),
    ExpiredNextToken(String),
    LimitExceeded(String),
    ResourceInUse(String),
    ResourceNotFound(String),
    /// A data-plane call over a shard's throughput, as a whole (docs/behaviour.md §11.4).
    ProvisionedThroughputExceeded(String),
    /// A shard iterator older than five minutes (docs/behaviour.md §11.3).
    ExpiredIterator(String),
    /// HTTP 500 with `{"__type":"InternalFailure"}` and no message: what the service answered for
    /// a StartingSequenceNumber of "0" (docs/behaviour.md §11.3).
    InternalFailure,
}

impl ApiError {
    /// `Stream <name> under account <acct> not found.` (docs/behaviour.md §3.6).
    pub(crate) fn stream_not_found(stream_name: &str, account_id: &str) -> Self {
        Self::ResourceNotFound(format!("Stream {stream_name} under account {account_id} not found."))
    }

    /// The exception name as it appears in `__type`.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Self::UnknownOperation | Self::NotSimulated(_) => "UnknownOperationException",
            Self::Serialization(_) => "SerializationException",
            Self::Validation(_) => "ValidationException",
            Self::InvalidArgument(_) => "InvalidArgumentException",
            Self::ExpiredNextToken(_) => "ExpiredNextTokenException",
            Self::LimitExceeded(_) => "LimitExceededException",
            Self::ResourceInUse(_) => "ResourceInUseException",
            Self::ResourceNotFound(_) => "ResourceNotFoundException",
            Self::ProvisionedThroughputExceeded(_) => "ProvisionedThroughputExceededException",
            Self::ExpiredIterator(_) => "ExpiredIteratorException",
            Self::InternalFailure => "InternalFailure",
        }
    }

    pub(crate) fn message(&self) -> Option<&str> {
        match self {
            Self::UnknownOperation | Self::Serialization(None) | Self::NotSimulated(_) | Self::InternalFailure => None,
            Self::Serialization(Some(message))
            | Self::Validation(message)
            | Self::InvalidArgument(message)
            | Self::ExpiredNextToken(message)
            | Self::LimitExceeded(message)
            | Self::ResourceInUse(message)
            | Self::ResourceNotFound(message)
            | Self::ProvisionedThroughputExceeded(message)
            | Self::ExpiredIterator(message) => Some(message),
        }
    }

    pub fn to_response(&self) -> Response {
        let not_simulated;
        let message = match self {
            Self::NotSimulated(operation) => {
                not_simulated =
                    format!("{operation} is part of the Kinesis API but is not simulated by this playground yet.");
                Some(not_simulated.as_str())
            }
            _ => self.message(),
        };
        let capital = matches!(self, Self::Serialization(_));
        let body = ErrorBody {
            type_name: self.type_name(),
            message: if capital { None } else { message },
            capital_message: if capital { message } else { None },
        };
        let status = if matches!(self, Self::InternalFailure) { 500 } else { 400 };
        Response { status, ..Response::json(&body) }
    }
}

/// `__type` comes first, as in every raw error body on record (docs/behaviour.md §3.1).
#[derive(Serialize)]
struct ErrorBody<'a> {
    #[serde(rename = "__type")]
    type_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(rename = "Message", skip_serializing_if = "Option::is_none")]
    capital_message: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(error: ApiError) -> String {
        let response = error.to_response();
        assert_eq!(response.status, 400);
        String::from_utf8(response.body).unwrap()
    }

    #[test]
    fn errors_render_like_the_service() {
        assert_eq!(body(ApiError::UnknownOperation), r#"{"__type":"UnknownOperationException"}"#);
        assert_eq!(body(ApiError::Serialization(None)), r#"{"__type":"SerializationException"}"#);
        assert_eq!(
            body(ApiError::Serialization(Some("Expected null".into()))),
            r#"{"__type":"SerializationException","Message":"Expected null"}"#
        );
        assert_eq!(
            body(ApiError::ResourceNotFound("Stream a under account 1 not found.".into())),
            r#"{"__type":"ResourceNotFoundException","message":"Stream a under account 1 not found."}"#
        );
    }
}
