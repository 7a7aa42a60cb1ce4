//! StartStreamEncryption and StopStreamEncryption, mirror images:
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html>
//! <https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StopStreamEncryption.html>
//!
//! Server-side encryption with a KMS key. The stream is UPDATING while the change runs and shows
//! the new EncryptionType and KeyId when it ends (docs/behaviour.md §5.15). No KMS is simulated:
//! every key id is taken as usable, so the KMS* exceptions never occur.

use super::InputShape;
use crate::sim::account::Account;
use crate::sim::error::ApiError;
use crate::sim::input::Input;
use crate::sim::operation::Operation;
use crate::sim::shapes::{EnumValue, KEY_ID, ModelEnum, STREAM_NAME};
use crate::sim::stream::{Change, EncryptionType, StreamStatus};
use crate::sim::validate::Violations;
use crate::sim::wire::Response;

pub fn start(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    change(account, input, now_ms, Operation::StartStreamEncryption)
}

pub fn stop(account: &mut Account, input: Input, now_ms: i64) -> Result<Response, ApiError> {
    change(account, input, now_ms, Operation::StopStreamEncryption)
}

/// StartStreamEncryptionInput and StopStreamEncryptionInput, which have the same members.
struct StreamEncryptionInput<'a> {
    stream_name: Option<&'a str>,
    encryption_type: Option<EnumValue<'a, EncryptionType>>,
    key_id: Option<&'a str>,
}

impl<'a> InputShape<'a> for StreamEncryptionInput<'a> {
    fn read(input: Input<'a>) -> Result<Self, ApiError> {
        Ok(Self {
            stream_name: input.string("StreamName")?,
            encryption_type: input.enumeration("EncryptionType")?,
            key_id: input.string("KeyId")?,
        })
    }

    fn validate(&self) -> Result<(), ApiError> {
        let mut violations = Violations::new();
        if violations.required("encryptionType", self.encryption_type.is_some()) {
            violations.enumeration("encryptionType", self.encryption_type);
        }
        violations.required_string("keyId", self.key_id, &KEY_ID);
        violations.required_string("streamName", self.stream_name, &STREAM_NAME);
        violations.into_result()
    }
}

fn change(account: &mut Account, input: Input, now_ms: i64, operation: Operation) -> Result<Response, ApiError> {
    let request = StreamEncryptionInput::read(input)?;
    request.validate()?;
    account.admit(operation, request.stream_name, now_ms)?;
    apply(account, request, operation, now_ms)
}

fn apply(
    account: &mut Account,
    request: StreamEncryptionInput,
    operation: Operation,
    now_ms: i64,
) -> Result<Response, ApiError> {
    let (stream_name, key_id) = (request.stream_name.unwrap_or_default(), request.key_id.unwrap_or_default());
    let encryption_type = request.encryption_type.and_then(EnumValue::known).unwrap_or(EncryptionType::None);

    let account_id = account.config.account_id.clone();
    let stream = account.find_active_mut(stream_name)?;
    // Only KMS is an encryption type one can start or stop; the texts are UNVERIFIED.
    if encryption_type != EncryptionType::Kms {
        return Err(ApiError::InvalidArgument(format!(
            "Encryption type {} is not valid for {}. Use KMS.",
            encryption_type.as_str(),
            operation.name()
        )));
    }
    let change = if operation == Operation::StartStreamEncryption {
        Change::Encryption { encryption_type: EncryptionType::Kms, key_id: Some(key_id.to_owned()) }
    } else {
        if stream.encryption_type != EncryptionType::Kms {
            return Err(ApiError::InvalidArgument(format!(
                "Stream {stream_name} under account {account_id} is not encrypted."
            )));
        }
        Change::Encryption { encryption_type: EncryptionType::None, key_id: None }
    };
    let due_ms = now_ms.saturating_add(account.config.durations.update_stream_ms);
    account.begin(stream_name, StreamStatus::Updating, change, due_ms);
    Ok(Response::empty())
}
