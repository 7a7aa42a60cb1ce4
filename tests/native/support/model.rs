//! Checks responses against the API model of the 2021-11-30 release (botocore 1.23.17's
//! `kinesis/2013-12-02/service-2.json`), which `scripts/setup.sh` fetches from PyPI into
//! `target/reference/`. Set `KINESIS_REFERENCE_DIR` to read it from elsewhere.
//!
//! Output checks are structural: required members, no members the model lacks, JSON types, enum
//! values, integer ranges. Input constraints such as minimum lengths are not applied to outputs:
//! the real service returns `"ShardLevelMetrics":[]` although that list has a minimum of 1, and
//! PutRecords' `"FailedRecordCount":0` although its shape's minimum is 1 (docs/behaviour.md §11.1).

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

/// Errors any operation can return besides those it declares: protocol-level errors and the
/// common ValidationException (docs/behaviour.md §3.2, §3.4).
const COMMON_ERRORS: &[&str] = &["SerializationException", "UnknownOperationException", "ValidationException"];

pub fn reference_dir() -> PathBuf {
    match std::env::var_os("KINESIS_REFERENCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/reference"),
    }
}

pub fn model() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = reference_dir().join("kinesis-2013-12-02.service-2.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("cannot read the API model at {}: {e}. Run scripts/setup.sh once.", path.display())
        });
        serde_json::from_str(&text).expect("the API model is JSON")
    })
}

fn shape(name: &str) -> &'static Value {
    &model()["shapes"][name]
}

/// Checks one response of `operation` (status and body) against the model.
pub fn check_response(operation: &str, status: u16, body: &[u8]) -> Result<(), String> {
    let op = &model()["operations"][operation];
    if op.is_null() {
        // An unknown target: the only possible answer.
        return check_error(None, status, body);
    }
    if status != 200 {
        return check_error(Some(op), status, body);
    }
    match op["output"]["shape"].as_str() {
        None if body.is_empty() => Ok(()),
        None => Err(format!("{operation} has no output shape, yet the body is {:?}", String::from_utf8_lossy(body))),
        Some(output) => {
            let value: Value = serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))?;
            check_value(output, &value, "")
        }
    }
}

fn check_error(op: Option<&Value>, status: u16, body: &[u8]) -> Result<(), String> {
    // The service's own failure, which no operation declares: HTTP 500 and no message.
    if status == 500 && body == br#"{"__type":"InternalFailure"}"# {
        return Ok(());
    }
    if status != 400 {
        return Err(format!("errors of the modelled exceptions are HTTP 400, got {status}"));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("error body is not JSON: {e}"))?;
    let object = value.as_object().ok_or("error body is not an object")?;
    let error_type = object.get("__type").and_then(Value::as_str).ok_or("error body lacks __type")?;
    let declared = op
        .and_then(|op| op["errors"].as_array())
        .map(|errors| errors.iter().any(|e| e["shape"] == error_type))
        .unwrap_or(false);
    if !declared && !COMMON_ERRORS.contains(&error_type) {
        return Err(format!("{error_type} is neither declared by the operation nor a common error"));
    }
    // A body that is not JSON is refused before the target is looked at.
    if op.is_none() && !matches!(error_type, "UnknownOperationException" | "SerializationException") {
        return Err(format!("an unknown operation must get UnknownOperationException, got {error_type}"));
    }
    for (key, value) in object {
        match key.as_str() {
            "__type" => {}
            "message" | "Message" if value.is_string() => {}
            other => return Err(format!("unexpected member {other:?} in an error body")),
        }
    }
    if object.contains_key("Message") && error_type != "SerializationException" {
        return Err("only SerializationException writes a capital Message".into());
    }
    Ok(())
}

fn check_value(shape_name: &str, value: &Value, path: &str) -> Result<(), String> {
    let shape = shape(shape_name);
    let fail = |what: &str| Err(format!("{path}: {what} (shape {shape_name})"));
    match shape["type"].as_str().unwrap_or_default() {
        "structure" => {
            let Some(object) = value.as_object() else { return fail("expected an object") };
            let members = shape["members"].as_object().expect("structure members");
            for required in shape["required"].as_array().into_iter().flatten() {
                let required = required.as_str().unwrap_or_default();
                if !object.contains_key(required) {
                    return fail(&format!("required member {required} is missing"));
                }
            }
            for (key, member_value) in object {
                let Some(member) = members.get(key) else {
                    return fail(&format!("member {key} is not in the 2021-11-30 model"));
                };
                if member_value.is_null() {
                    // The service leaves an unset member out (docs/behaviour.md §2.5).
                    return fail(&format!("member {key} is null"));
                }
                let member_shape = member["shape"].as_str().unwrap_or_default();
                check_value(member_shape, member_value, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        "list" => {
            let Some(items) = value.as_array() else { return fail("expected an array") };
            let member_shape = shape["member"]["shape"].as_str().unwrap_or_default();
            for (i, item) in items.iter().enumerate() {
                check_value(member_shape, item, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        "map" => {
            let Some(object) = value.as_object() else { return fail("expected an object") };
            let value_shape = shape["value"]["shape"].as_str().unwrap_or_default();
            for (key, item) in object {
                check_value(value_shape, item, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        "string" => {
            let Some(text) = value.as_str() else { return fail("expected a string") };
            if let Some(allowed) = shape["enum"].as_array()
                && !allowed.iter().any(|a| a == text)
            {
                return fail(&format!("{text:?} is not in the enum"));
            }
            Ok(())
        }
        "integer" | "long" => {
            let Some(number) = value.as_i64() else { return fail("expected an integer") };
            let zero_failed = path.ends_with("FailedRecordCount") && number == 0;
            if (shape["min"].as_i64().is_some_and(|min| number < min) && !zero_failed)
                || shape["max"].as_i64().is_some_and(|max| number > max)
            {
                return fail(&format!("{number} is out of the shape's range"));
            }
            Ok(())
        }
        "boolean" if value.is_boolean() => Ok(()),
        "timestamp" if value.is_number() => Ok(()),
        "blob" if value.is_string() => Ok(()),
        other => fail(&format!("a {other} shape cannot hold {value}")),
    }
}
