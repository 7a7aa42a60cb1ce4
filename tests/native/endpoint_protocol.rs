#![cfg(not(target_arch = "wasm32"))]
//! The local endpoint's protocol layer, without sockets: each request as bytes in, the answer's
//! status, headers and body out (docs/behaviour.md §8.1, §3.2).

use http::{HeaderMap, HeaderValue, Method, Response};
use kinesis_playground::endpoint::access::Access;
use kinesis_playground::endpoint::protocol::{Ids, Incoming, answer};
use kinesis_playground::sim::{Config, Simulator};

use crate::support::endpoint_call::{Call, NOW};

fn text(response: &Response<Vec<u8>>) -> String {
    String::from_utf8(response.body().clone()).unwrap()
}

fn header<'a>(response: &'a Response<Vec<u8>>, name: &str) -> Option<&'a str> {
    response.headers().get(name).map(|v| v.to_str().unwrap())
}

fn simulator() -> Simulator {
    Simulator::new(Config::default())
}

#[test]
fn a_signed_request_reaches_the_core_and_gets_its_bytes() {
    let mut sim = simulator();
    let response = Call::sdk("CreateStream", r#"{"StreamName":"s","ShardCount":1}"#).send(&mut sim);
    assert_eq!((response.status().as_u16(), text(&response)), (200, String::new()));
    let response = Call::sdk("DescribeStreamSummary", r#"{"StreamName":"s"}"#).send(&mut sim);
    assert_eq!(response.status().as_u16(), 200);
    assert!(text(&response).starts_with(r#"{"StreamDescriptionSummary":{"ConsumerCount":0,"#));
    assert_eq!(header(&response, "content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(header(&response, "x-amzn-requestid"), Some("11111111-2222-4333-8444-555555555555"));
    assert_eq!(header(&response, "x-amz-id-2"), Some("aWQy"));
    assert_eq!(header(&response, "access-control-allow-origin"), None);
}

#[test]
fn application_json_is_accepted_and_echoed() {
    let mut sim = simulator();
    let response =
        Call::sdk("ListStreams", "{}").with("content-type", "application/json; charset=utf-8").send(&mut sim);
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "content-type"), Some("application/json"));
}

#[test]
fn authentication_errors_have_the_service_texts() {
    let mut sim = simulator();
    let response = Call::sdk("ListStreams", "{}").without("authorization").send(&mut sim);
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(
        text(&response),
        r#"{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}"#
    );

    let response = Call::sdk("ListStreams", "{}").with("authorization", "AWS4-HMAC-SHA256 X=1").send(&mut sim);
    assert_eq!(
        text(&response),
        r#"{"__type":"IncompleteSignatureException","message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 X=1"}"#
    );

    let response = Call::sdk("ListStreams", "{}").without("x-amz-date").send(&mut sim);
    assert!(
        text(&response)
            .contains("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    );
    let response = Call::sdk("ListStreams", "{}")
        .without("x-amz-date")
        .with("date", "Tue, 14 Nov 2023 22:13:20 GMT")
        .send(&mut sim);
    assert_eq!(response.status().as_u16(), 200);

    let mut presigned = Call::sdk("ListStreams", "{}").without("authorization");
    presigned.query = Some("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a");
    let response = presigned.send(&mut sim);
    assert!(text(&response).contains("AWS query-string parameters must include 'X-Amz-Signature'."));

    let mut both = Call::sdk("ListStreams", "{}");
    both.query = Some("X-Amz-Algorithm=AWS4-HMAC-SHA256");
    assert!(text(&both.send(&mut sim)).contains("InvalidSignatureException"));
}

#[test]
fn protocol_errors_come_before_authentication() {
    let mut sim = simulator();
    let unsigned = |operation: &str, body: &'static str| Call::sdk(operation, body).without("authorization");
    assert_eq!(text(&unsigned("Nope", "{}").send(&mut sim)), r#"{"__type":"UnknownOperationException"}"#);
    assert_eq!(text(&unsigned("ListStreams", "").send(&mut sim)), r#"{"__type":"SerializationException"}"#);
    assert_eq!(text(&unsigned("ListStreams", "{").send(&mut sim)), r#"{"__type":"SerializationException"}"#);
    let wrong_type = unsigned("DescribeStream", r#"{"StreamName":1}"#).send(&mut sim);
    assert!(text(&wrong_type).contains("MissingAuthenticationTokenException"), "member types are checked after auth");
}

#[test]
fn other_methods_and_content_types_get_xml() {
    let mut sim = simulator();
    for method in [Method::GET, Method::PUT, Method::DELETE] {
        let mut call = Call::sdk("ListStreams", "{}");
        call.method = method;
        let response = call.send(&mut sim);
        assert_eq!(response.status().as_u16(), 403);
        assert_eq!(
            text(&response),
            "<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n"
        );
    }
    let response = Call::sdk("ListStreams", "{}").with("content-type", "text/plain").send(&mut sim);
    assert_eq!((response.status().as_u16(), text(&response)), (404, "<UnknownOperationException/>\n".to_owned()));
    let response =
        Call::sdk("ListStreams", "{}").with("content-type", "text/plain").without("x-amz-target").send(&mut sim);
    assert_eq!(response.status().as_u16(), 403);
}

#[test]
fn cors_preflight_and_exposed_headers() {
    let mut sim = simulator();
    let preflight = || {
        let mut preflight = Call::sdk("ListStreams", "")
            .with("origin", "http://127.0.0.1:8080")
            .with("access-control-request-method", "POST")
            .with("access-control-request-headers", "content-type,x-amz-target,x-amz-date,authorization");
        preflight.method = Method::OPTIONS;
        preflight
    };
    let response = preflight().send(&mut sim);
    assert_eq!((response.status().as_u16(), text(&response)), (200, String::new()));
    assert_eq!(header(&response, "access-control-allow-origin"), Some("http://127.0.0.1:8080"));
    assert_eq!(header(&response, "vary"), Some("Origin"));
    assert_eq!(header(&response, "access-control-allow-methods"), Some("POST"));
    assert_eq!(
        header(&response, "access-control-allow-headers"),
        Some("content-type,x-amz-target,x-amz-date,authorization")
    );
    assert_eq!(header(&response, "access-control-max-age"), Some("172800"));
    assert_eq!(header(&response, "x-amz-id-2"), None);
    // Pages of public sites are not granted the attendee's private network (the real service
    // never is on one): a workshop serves the playground itself, on loopback.
    let response = preflight().with("access-control-request-private-network", "true").send(&mut sim);
    assert_eq!(header(&response, "access-control-allow-private-network"), None);

    let response = Call::sdk("ListStreams", "{}").with("origin", "http://127.0.0.1:8080").send(&mut sim);
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "access-control-allow-origin"), Some("http://127.0.0.1:8080"));
    assert_eq!(header(&response, "vary"), Some("Origin"));
    assert!(header(&response, "access-control-expose-headers").unwrap().contains("x-amzn-RequestId"));
}

#[test]
fn oversized_bodies_get_413_with_a_json_error() {
    let mut sim = simulator();
    let call = Call::sdk("ListStreams", "");
    let mut headers = HeaderMap::new();
    for (name, value) in &call.headers {
        headers.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    let incoming =
        Incoming { method: &Method::POST, path: "/", query: None, headers: &headers, body: b"", body_too_large: true };
    let ids = Ids { request_id: "r".into(), id_2: "i".into() };
    let response = answer(&mut sim, &Access::default(), &incoming, NOW, ids);
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(header(&response, "x-amzn-requestid"), Some("r"));
    assert_eq!(header(&response, "content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(
        text(&response),
        r#"{"__type":"RequestEntityTooLargeException","message":"Request body must be at most 7340032 bytes."}"#
    );
}

fn stream_names(sim: &mut Simulator) -> String {
    text(&Call::sdk("ListStreams", "{}").send(sim))
}

const NO_STREAMS: &str = r#"{"HasMoreStreams":false,"StreamNames":[]}"#;

#[test]
fn pages_of_other_sites_are_refused_before_the_core() {
    let mut sim = simulator();
    let create = || Call::sdk("CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
    let response = create().with("origin", "https://evil.example").send(&mut sim);
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(
        text(&response),
        r#"{"__type":"AccessDeniedException","message":"Pages of https://evil.example may not call this endpoint. To let them, start kinesis-endpoint with --allow-origin https://evil.example."}"#
    );
    assert_eq!(header(&response, "access-control-allow-origin"), None);
    assert_eq!(header(&response, "vary"), Some("Origin"));
    assert_eq!(stream_names(&mut sim), NO_STREAMS);

    let mut preflight = create().with("origin", "https://evil.example").with("access-control-request-method", "POST");
    preflight.method = Method::OPTIONS;
    let response = preflight.send(&mut sim);
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(header(&response, "access-control-allow-origin"), None);
    assert_eq!(header(&response, "access-control-allow-methods"), None);

    // Sandboxed frames and file: pages send `null`: refused unless asked for.
    assert_eq!(create().with("origin", "null").send(&mut sim).status().as_u16(), 403);
    assert_eq!(stream_names(&mut sim), NO_STREAMS);

    let mut access = Access::default();
    access.allow_origin("https://docs.example").unwrap();
    let response = create().with("origin", "https://docs.example").send_with(&mut sim, &access);
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "access-control-allow-origin"), Some("https://docs.example"));
    for origin in ["http://localhost:3000", "https://[::1]:8443"] {
        let response = Call::sdk("ListStreams", "{}").with("origin", origin).send(&mut sim);
        assert_eq!(header(&response, "access-control-allow-origin"), Some(origin));
    }
}

#[test]
fn a_host_that_is_not_the_endpoints_address_is_refused_before_the_core() {
    let mut sim = simulator();
    let create = || Call::sdk("CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
    // DNS rebinding: a site's own name, pointed at 127.0.0.1; its page is then "same origin".
    let response = create().with("host", "evil.example:4567").send(&mut sim);
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(
        text(&response),
        r#"{"__type":"AccessDeniedException","message":"Host evil.example:4567 is not this endpoint's address. To accept it, start kinesis-endpoint with --allow-host evil.example."}"#
    );
    assert_eq!(stream_names(&mut sim), NO_STREAMS);
    // Even with an origin that is allowed.
    let response = create().with("host", "evil.example").with("origin", "http://localhost:8080").send(&mut sim);
    assert_eq!((response.status().as_u16(), header(&response, "access-control-allow-origin")), (403, None));

    for host in ["127.0.0.1:4567", "localhost:4567", "[::1]:4567", "192.168.1.20:4567"] {
        assert_eq!(Call::sdk("ListStreams", "{}").with("host", host).send(&mut sim).status().as_u16(), 200, "{host}");
    }
    let mut access = Access::default();
    access.allow_host("kinesis").unwrap();
    assert_eq!(create().with("host", "kinesis:4567").send_with(&mut sim, &access).status().as_u16(), 200);
}
