//! One request through the local endpoint's protocol layer, without sockets: headers and body
//! bytes in, the HTTP answer out.

use http::{HeaderMap, HeaderValue, Method, Response};
use kinesis_playground::endpoint::access::Access;
use kinesis_playground::endpoint::protocol::{Ids, Incoming, answer};
use kinesis_playground::sim::Simulator;

/// The wall clock the calls are answered at, unless `at` says otherwise.
pub const NOW: i64 = 1_700_000_000_000;
const SIGNED: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, \
                      SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123abcd";

pub struct Call<'a> {
    pub method: Method,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub headers: Vec<(&'static str, &'a str)>,
    pub body: &'a [u8],
    pub now_ms: i64,
}

impl<'a> Call<'a> {
    /// A signed awsJson 1.1 POST, as an SDK sends it.
    pub fn sdk(operation: &str, body: &'a str) -> Self {
        Self::signed(operation, "application/x-amz-json-1.1", body.as_bytes())
    }

    /// A signed CBOR POST, as the AWS SDK for Java sends it.
    pub fn cbor(operation: &str, body: &'a [u8]) -> Self {
        Self::signed(operation, "application/x-amz-cbor-1.1", body)
    }

    fn signed(operation: &str, content_type: &'static str, body: &'a [u8]) -> Self {
        let target =
            if operation.contains('.') { operation.to_owned() } else { format!("Kinesis_20131202.{operation}") };
        Self {
            method: Method::POST,
            path: "/",
            query: None,
            headers: vec![
                ("content-type", content_type),
                ("x-amz-target", Box::leak(target.into_boxed_str())),
                ("x-amz-date", "20231114T221320Z"),
                ("authorization", SIGNED),
            ],
            body,
            now_ms: NOW,
        }
    }

    pub fn with(mut self, name: &'static str, value: &'a str) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        self
    }

    pub fn without(mut self, name: &str) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self
    }

    pub fn at(mut self, now_ms: i64) -> Self {
        self.now_ms = now_ms;
        self
    }

    pub fn send(self, simulator: &mut Simulator) -> Response<Vec<u8>> {
        self.send_with(simulator, &Access::default())
    }

    pub fn send_with(self, simulator: &mut Simulator, access: &Access) -> Response<Vec<u8>> {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            headers.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        let incoming = Incoming {
            method: &self.method,
            path: self.path,
            query: self.query,
            headers: &headers,
            body: self.body,
            body_too_large: false,
        };
        let ids = Ids { request_id: "11111111-2222-4333-8444-555555555555".into(), id_2: "aWQy".into() };
        answer(simulator, access, &incoming, self.now_ms, ids)
    }
}
