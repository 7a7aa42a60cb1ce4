//! The three protocols CloudWatch's model lists, in botocore's order of preference, as the
//! endpoint tells them apart on Kinesis's port and reads and writes them:
//!
//! * **Smithy RPC v2 CBOR** (what current botocore and the AWS CLI send): `POST
//!   /service/GraniteServiceVersion20100801/operation/<Operation>` with `smithy-protocol:
//!   rpc-v2-cbor`, a CBOR body, timestamps as tag 1 and epoch seconds.
//! * **awsJson 1.0**: `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, a JSON body,
//!   timestamps as epoch seconds.
//! * **awsQuery**: a form body with `Action` and `Version=2010-08-01`, answered in XML, timestamps
//!   in ISO 8601.
//!
//! The model is `awsQueryCompatible`, so JSON and CBOR errors carry the awsQuery code in an
//! `x-amzn-query-error` header (`InvalidParameterValue;Sender`), which SDKs use to raise the
//! error's own exception class.

use http::{HeaderMap, HeaderValue, Response};
use serde_json::{Map, Value};

use super::fault::Fault;
use super::form;
use super::output::{Out, escape_xml};
use crate::endpoint::cbor;

/// The model's `targetPrefix`, which is also the service's name in RPC v2 paths.
pub const SERVICE: &str = "GraniteServiceVersion20100801";
const VERSION: &str = "2010-08-01";
const XML_NAMESPACE: &str = "http://monitoring.amazonaws.com/doc/2010-08-01/";
const FORM_TYPE: &str = "application/x-www-form-urlencoded";
const JSON_TYPE: &str = "application/x-amz-json-1.0";
const CBOR_TYPE: &str = "application/cbor";
/// The Smithy shape namespace of CloudWatch's errors, in `__type`.
const SHAPE_NAMESPACE: &str = "com.amazonaws.cloudwatch";

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Protocol {
    RpcV2Cbor,
    Json,
    Query,
}

/// A CloudWatch request: its protocol, and the operation its path or target names (awsQuery
/// names it in the body).
pub struct Recognized<'a> {
    pub protocol: Protocol,
    pub operation: Option<&'a str>,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Whether a request is for CloudWatch rather than Kinesis, and in which protocol.
pub fn recognize<'a>(path: &'a str, headers: &'a HeaderMap) -> Option<Recognized<'a>> {
    let rpc_prefix = format!("/service/{SERVICE}/operation/");
    if let Some(operation) = path.strip_prefix(&rpc_prefix) {
        return Some(Recognized { protocol: Protocol::RpcV2Cbor, operation: Some(operation) });
    }
    if let Some(operation) = header(headers, "x-amz-target").and_then(|t| t.strip_prefix(SERVICE)?.strip_prefix('.')) {
        return Some(Recognized { protocol: Protocol::Json, operation: Some(operation) });
    }
    let content_type = header(headers, "content-type").unwrap_or_default();
    let content_type = content_type.split(';').next().unwrap_or_default().trim();
    content_type.eq_ignore_ascii_case(FORM_TYPE).then_some(Recognized { protocol: Protocol::Query, operation: None })
}

impl Protocol {
    /// The operation and its input, or why the body cannot be read.
    pub fn read(self, operation: Option<&str>, body: &[u8]) -> Result<(String, Value), Fault> {
        let empty = || Value::Object(Map::new());
        match self {
            Self::Query => {
                let form = form::parse(body);
                let action = form.action.filter(|a| !a.is_empty()).ok_or_else(|| Fault::missing("Action"))?;
                if form.version.as_deref().is_some_and(|v| v != VERSION) {
                    return Err(Fault::invalid_value(format!(
                        "The value {} for parameter Version is not {VERSION}.",
                        form.version.unwrap_or_default()
                    )));
                }
                Ok((action, form.parameters))
            }
            Self::Json => {
                let input =
                    if body.is_empty() { empty() } else { serde_json::from_slice(body).map_err(|_| malformed())? };
                Ok((operation.unwrap_or_default().to_owned(), input))
            }
            Self::RpcV2Cbor => {
                let input = if body.is_empty() { empty() } else { cbor_input(body).ok_or_else(malformed)? };
                Ok((operation.unwrap_or_default().to_owned(), input))
            }
        }
        .and_then(
            |(operation, input)| {
                if input.is_object() { Ok((operation, input)) } else { Err(malformed()) }
            },
        )
    }

    /// A 200 answer of `operation` with `output`.
    pub fn success(self, operation: &str, output: &Out, request_id: &str) -> Response<Vec<u8>> {
        match self {
            Self::RpcV2Cbor => answer(200, CBOR_TYPE, output.to_cbor(), true),
            Self::Json => answer(200, JSON_TYPE, output.to_json(), false),
            Self::Query => {
                let mut xml = format!("<{operation}Response xmlns=\"{XML_NAMESPACE}\"><{operation}Result>");
                output.write_xml(&mut xml);
                xml.push_str(&format!("</{operation}Result><ResponseMetadata><RequestId>"));
                escape_xml(request_id, &mut xml);
                xml.push_str(&format!("</RequestId></ResponseMetadata></{operation}Response>"));
                answer(200, "text/xml", xml.into_bytes(), false)
            }
        }
    }

    pub fn error(self, fault: &Fault, request_id: &str) -> Response<Vec<u8>> {
        let document = Out::Structure(vec![
            ("__type", Out::Text(format!("{SHAPE_NAMESPACE}#{}", fault.shape))),
            ("message", Out::text(&fault.message)),
        ]);
        let mut response = match self {
            Self::RpcV2Cbor => answer(fault.status, CBOR_TYPE, document.to_cbor(), true),
            Self::Json => answer(fault.status, JSON_TYPE, document.to_json(), false),
            Self::Query => {
                let mut xml =
                    format!("<ErrorResponse xmlns=\"{XML_NAMESPACE}\"><Error><Type>{}</Type><Code>", fault.party());
                escape_xml(fault.code, &mut xml);
                xml.push_str("</Code><Message>");
                escape_xml(&fault.message, &mut xml);
                xml.push_str("</Message></Error><RequestId>");
                escape_xml(request_id, &mut xml);
                xml.push_str("</RequestId></ErrorResponse>");
                return answer(fault.status, "text/xml", xml.into_bytes(), false);
            }
        };
        if let Ok(value) = HeaderValue::from_str(&format!("{};{}", fault.code, fault.party())) {
            response.headers_mut().insert("x-amzn-query-error", value);
        }
        response
    }
}

fn malformed() -> Fault {
    Fault {
        code: "SerializationException",
        shape: "SerializationException",
        status: 400,
        message: "The request body could not be read.".into(),
    }
}

/// An answer, with the `smithy-protocol` header RPC v2 answers carry when `smithy`.
fn answer(status: u16, content_type: &'static str, body: Vec<u8>, smithy: bool) -> Response<Vec<u8>> {
    let mut response = crate::endpoint::protocol::response(status, Some(content_type), body);
    if smithy {
        response.headers_mut().insert("smithy-protocol", HeaderValue::from_static("rpc-v2-cbor"));
    }
    response
}

/// A CBOR body as the input tree, through the JSON Kinesis's CBOR becomes (`cbor`), with tag-1
/// times as the epoch seconds they are. None for a body that is not one CBOR item JSON can say.
fn cbor_input(body: &[u8]) -> Option<Value> {
    let json = cbor::to_json(body, cbor::Timestamps::EpochSeconds)?;
    serde_json::from_slice(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn requests_are_told_apart_by_path_target_and_content_type() {
        let none = HeaderMap::new();
        let rpc = recognize("/service/GraniteServiceVersion20100801/operation/GetMetricData", &none).unwrap();
        assert_eq!((rpc.protocol, rpc.operation), (Protocol::RpcV2Cbor, Some("GetMetricData")));
        let json = headers(&[("x-amz-target", "GraniteServiceVersion20100801.ListMetrics")]);
        let json = recognize("/", &json).unwrap();
        assert_eq!((json.protocol, json.operation), (Protocol::Json, Some("ListMetrics")));
        let query = headers(&[("content-type", "application/x-www-form-urlencoded; charset=utf-8")]);
        assert_eq!(recognize("/", &query).unwrap().protocol, Protocol::Query);
        let kinesis = headers(&[("x-amz-target", "Kinesis_20131202.ListStreams")]);
        assert!(recognize("/", &kinesis).is_none());
    }

    #[test]
    fn bodies_read_into_one_tree() {
        let (op, input) =
            Protocol::Query.read(None, b"Action=ListMetrics&Version=2010-08-01&Namespace=AWS%2FKinesis").unwrap();
        assert_eq!((op.as_str(), input), ("ListMetrics", serde_json::json!({"Namespace": "AWS/Kinesis"})));
        assert_eq!(
            Protocol::Query.read(None, b"Namespace=x").unwrap_err().message,
            "The parameter Action is required."
        );
        let mut cbor = Vec::new();
        let value = ciborium::Value::Map(vec![(
            ciborium::Value::Text("StartTime".into()),
            ciborium::Value::Tag(1, Box::new(ciborium::Value::Float(1_700_000_000.5))),
        )]);
        ciborium::ser::into_writer(&value, &mut cbor).unwrap();
        let (_, input) = Protocol::RpcV2Cbor.read(Some("GetMetricData"), &cbor).unwrap();
        assert_eq!(input, serde_json::json!({"StartTime": 1_700_000_000.5}));
        assert_eq!(Protocol::Json.read(Some("ListMetrics"), b"").unwrap().1, serde_json::json!({}));
        for (protocol, body) in
            [(Protocol::Json, &b"[1]"[..]), (Protocol::Json, b"{"), (Protocol::RpcV2Cbor, b"\x81\x01")]
        {
            assert_eq!(protocol.read(Some("ListMetrics"), body).unwrap_err().code, "SerializationException");
        }
    }

    #[test]
    fn errors_carry_the_query_code_in_every_protocol() {
        let fault = Fault::invalid_value("The parameter Period must be 1, 5, 10, 30 or a multiple of 60.");
        let json = Protocol::Json.error(&fault, "id");
        assert_eq!(json.headers()["x-amzn-query-error"], "InvalidParameterValue;Sender");
        assert_eq!(
            String::from_utf8(json.body().clone()).unwrap(),
            r#"{"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","message":"The parameter Period must be 1, 5, 10, 30 or a multiple of 60."}"#
        );
        let cbor = Protocol::RpcV2Cbor.error(&fault, "id");
        assert_eq!((cbor.headers()["smithy-protocol"].to_str().unwrap(), cbor.status().as_u16()), ("rpc-v2-cbor", 400));
        let xml = String::from_utf8(Protocol::Query.error(&fault, "r-1").body().clone()).unwrap();
        assert!(xml.starts_with(
            "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error><Type>Sender</Type>\
             <Code>InvalidParameterValue</Code><Message>The parameter Period"
        ));
        assert!(xml.ends_with("</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"));
    }
}
