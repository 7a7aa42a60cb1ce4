//! One HTTP request to one HTTP response, the way the service answers at the protocol level, in its
//! order (docs/behaviour.md §8.1, §3.2, from kinesalite's connection tests run against AWS), after
//! two checks of this endpoint's own that keep other web sites out (`access`):
//!
//! 1. Host: a `Host` header that is neither an IP address, `localhost` nor a name given with
//!    `--allow-host`: 403 (DNS rebinding).
//! 2. CORS: an `Origin` that is not allowed (loopback pages, and `--allow-origin`): 403. An
//!    allowed one is echoed in `Access-Control-Allow-Origin`; a preflight `OPTIONS` ends here.
//! 3. A body over `MAX_BODY_BYTES`: 413 with a JSON error.
//! 4. Anything but `POST`: 403 with an XML AccessDeniedException.
//! 5. The body as the core's protocol checks see it (empty, JSON object, known target); a content
//!    type that is neither JSON type nor CBOR: 403/404 with XML. A CBOR body is read into the
//!    JSON the core takes, and every answer to it, errors included, goes back in CBOR (`cbor`).
//! 6. Authentication: a request needs an `Authorization` header with Credential, Signature and
//!    SignedHeaders and an `X-Amz-Date` or `Date` header (or the same as query parameters).
//!    Signatures are not verified: any credentials work.
//! 7. The operation, through the core.
//!
//! A CloudWatch request (by its path, target or form body) leaves this order after step 4 for
//! `cloudwatch`, which checks its body and then its authentication the same way.

use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, Response, StatusCode};

use super::access::Access;
use super::cbor;
use super::cloudwatch;
use super::state::Kept;
use crate::sim::{ApiError, CONTENT_TYPE, Request, Simulator};

/// The largest body accepted, as kinesalite has it (the service's own limit is not published).
pub const MAX_BODY_BYTES: usize = 7 * 1024 * 1024;

const JSON_TYPES: [&str; 2] = [CONTENT_TYPE, "application/json"];
const EXPOSED_HEADERS: &str = "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date";
/// How long a browser may cache a preflight answer (two days, as kinesalite answers).
const PREFLIGHT_MAX_AGE: &str = "172800";

/// What answers the core's calls: the simulator itself, or the simulator with the journal that
/// keeps it on disk (`state::Kept`).
pub trait Core {
    fn simulator(&mut self) -> &mut Simulator;
    /// One call at `now_ms`; `body` is the JSON the request was read from.
    fn call(&mut self, request: &Request, body: &[u8], now_ms: i64) -> crate::sim::Response;
}

impl Core for Simulator {
    fn simulator(&mut self) -> &mut Simulator {
        self
    }

    fn call(&mut self, request: &Request, _body: &[u8], now_ms: i64) -> crate::sim::Response {
        Simulator::call(self, request, now_ms)
    }
}

impl Core for Kept {
    fn simulator(&mut self) -> &mut Simulator {
        Kept::simulator(self)
    }

    fn call(&mut self, request: &Request, body: &[u8], now_ms: i64) -> crate::sim::Response {
        Kept::call(self, request, body, now_ms)
    }
}

/// Identifiers for the response headers every answer carries.
pub struct Ids {
    /// `x-amzn-RequestId`, a UUID.
    pub request_id: String,
    /// `x-amz-id-2`, base64 of random bytes.
    pub id_2: String,
}

/// The parts of a request this layer looks at.
pub struct Incoming<'a> {
    pub method: &'a Method,
    /// The request's path: CloudWatch's RPC v2 requests name their operation there.
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    /// The body was (or was declared) longer than `MAX_BODY_BYTES` and was not read: 413.
    pub body_too_large: bool,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// An answer with `status`, `body` and, if given, its content type.
pub(super) fn response(status: u16, content_type: Option<&str>, body: Vec<u8>) -> Response<Vec<u8>> {
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    if let Some(content_type) = content_type.and_then(|c| HeaderValue::from_str(c).ok()) {
        response.headers_mut().insert(http::header::CONTENT_TYPE, content_type);
    }
    response
}

/// `<AccessDeniedException>` and friends: what the service sends when it cannot even tell which
/// operation was meant.
fn xml_error(status: u16, type_name: &str, message: Option<&str>) -> Response<Vec<u8>> {
    let body = match message {
        Some(message) => format!("<{type_name}>\n  <Message>{message}</Message>\n</{type_name}>\n"),
        None => format!("<{type_name}/>\n"),
    };
    response(status, None, body.into_bytes())
}

/// The wire format of a request's body, which its answer keeps.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    /// One of `JSON_TYPES`, echoed.
    Json(&'static str),
    Cbor,
}

impl Format {
    /// The format of the request's content type, if it is JSON or CBOR.
    fn of(incoming: &Incoming) -> Option<Self> {
        let content_type = header(incoming.headers, "content-type").unwrap_or_default();
        let content_type = content_type.split(';').next().unwrap_or_default().trim();
        if content_type.eq_ignore_ascii_case(cbor::CONTENT_TYPE) {
            return Some(Self::Cbor);
        }
        JSON_TYPES.iter().copied().find(|t| t.eq_ignore_ascii_case(content_type)).map(Self::Json)
    }

    /// For answers given before the body is looked at: the request's format, or JSON.
    fn or_json(incoming: &Incoming) -> Self {
        Self::of(incoming).unwrap_or(Self::Json(CONTENT_TYPE))
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Json(content_type) => content_type,
            Self::Cbor => cbor::CONTENT_TYPE,
        }
    }

    /// A JSON body (as the core writes them) in this format.
    fn body(self, json: Vec<u8>) -> Vec<u8> {
        match self {
            Self::Json(_) => json,
            Self::Cbor => cbor::response_from_json(&json),
        }
    }
}

fn json_error(status: u16, type_name: &str, message: &str, format: Format) -> Response<Vec<u8>> {
    let body = serde_json::json!({ "__type": type_name, "message": message });
    response(status, Some(format.content_type()), format.body(serde_json::to_vec(&body).unwrap_or_default()))
}

/// The authentication checks, with the service's texts; None when the request passes.
fn authentication_error(incoming: &Incoming) -> Option<(&'static str, String)> {
    let authorization = header(incoming.headers, "authorization");
    let query: Vec<(&str, &str)> = incoming
        .query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    let query_has = |name: &str| query.iter().any(|(key, value)| *key == name && !value.is_empty());
    let presigned = query.iter().any(|(key, _)| *key == "X-Amz-Algorithm");
    match (authorization, presigned) {
        (Some(_), true) => Some((
            "InvalidSignatureException",
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.".into(),
        )),
        (None, false) => Some(("MissingAuthenticationTokenException", "Missing Authentication Token".into())),
        (Some(authorization), false) => {
            let params: Vec<(&str, &str)> = authorization
                .split([',', ' '])
                .skip(1)
                .filter(|part| !part.is_empty())
                .map(|part| part.trim().split_once('=').unwrap_or((part, "")))
                .collect();
            let mut message = String::new();
            for required in ["Credential", "Signature", "SignedHeaders"] {
                if !params.iter().any(|(key, value)| *key == required && !value.is_empty()) {
                    message.push_str(&format!("Authorization header requires '{required}' parameter. "));
                }
            }
            if header(incoming.headers, "x-amz-date").is_none() && header(incoming.headers, "date").is_none() {
                message
                    .push_str("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
            }
            (!message.is_empty())
                .then(|| ("IncompleteSignatureException", format!("{message}Authorization={authorization}")))
        }
        (None, true) => {
            let mut message = String::new();
            for required in
                ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]
            {
                if !query_has(required) {
                    message.push_str(&format!("AWS query-string parameters must include '{required}'. "));
                }
            }
            (!message.is_empty())
                .then(|| ("IncompleteSignatureException", format!("{message}Re-examine the query-string parameters.")))
        }
    }
}

/// Answers one request. `now_ms` is the wall clock, which drives the simulation clock.
pub fn answer(core: &mut impl Core, access: &Access, incoming: &Incoming, now_ms: i64, ids: Ids) -> Response<Vec<u8>> {
    let origin = incoming.headers.get(http::header::ORIGIN);
    let preflight = origin.is_some() && incoming.method == Method::OPTIONS;
    let refusal = access.refusal(incoming.headers);
    let mut response = match &refusal {
        Some(message) => json_error(403, "AccessDeniedException", message, Format::or_json(incoming)),
        None => respond(core, incoming, now_ms, preflight, &ids.request_id),
    };

    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    set("x-amzn-requestid", &ids.request_id);
    if !preflight {
        set("x-amz-id-2", &ids.id_2);
    }
    let Some(origin) = origin else { return response };
    // The answer depends on the origin, so caches must key on it.
    set("vary", "Origin");
    if let (None, Ok(origin)) = (refusal, origin.to_str()) {
        set("access-control-allow-origin", origin);
        if preflight {
            if let Some(requested) = header(incoming.headers, "access-control-request-headers") {
                set("access-control-allow-headers", requested);
            }
            if let Some(requested) = header(incoming.headers, "access-control-request-method") {
                set("access-control-allow-methods", requested);
            }
            set("access-control-max-age", PREFLIGHT_MAX_AGE);
        } else {
            set("access-control-expose-headers", EXPOSED_HEADERS);
        }
    }
    response
}

fn respond(
    core: &mut impl Core,
    incoming: &Incoming,
    now_ms: i64,
    preflight: bool,
    request_id: &str,
) -> Response<Vec<u8>> {
    if preflight {
        return response(200, None, Vec::new());
    }
    if incoming.body_too_large {
        // The service's own limit and its answer are not published. This is the error AWS front
        // ends give for an oversized request (Lambda's 413 RequestEntityTooLargeException): not
        // one of Kinesis's modelled errors, so no SDK mistakes it for a bad member or retries it.
        let message = format!("Request body must be at most {MAX_BODY_BYTES} bytes.");
        return json_error(413, "RequestEntityTooLargeException", &message, Format::or_json(incoming));
    }
    if incoming.method != Method::POST {
        return xml_error(
            403,
            "AccessDeniedException",
            Some("Unable to determine service/operation name to be authorized"),
        );
    }
    if let Some(recognized) = cloudwatch::recognize(incoming.path, incoming.headers) {
        let authentication = authentication_error(incoming);
        return cloudwatch::answer(core.simulator(), recognized, incoming.body, authentication, now_ms, request_id);
    }
    let target = header(incoming.headers, "x-amz-target").unwrap_or_default();
    let Some(format) = Format::of(incoming) else {
        // Without a JSON or CBOR content type the service cannot read the request at all.
        let (service, operation) = target.split_once('.').unwrap_or((target, ""));
        if service.is_empty() || operation.is_empty() {
            return xml_error(
                403,
                "AccessDeniedException",
                Some("Unable to determine service/operation name to be authorized"),
            );
        }
        return xml_error(404, "UnknownOperationException", None);
    };

    // A CBOR body becomes the JSON the core reads; one that does not read is malformed, as
    // malformed JSON is. An empty body stays empty for the core's own check.
    let translated;
    let body = match format {
        Format::Cbor if !incoming.body.is_empty() => match cbor::request_to_json(incoming.body) {
            Some(json) => {
                translated = json;
                &translated[..]
            }
            None => return core_response(ApiError::Serialization(None).to_response(), format),
        },
        _ => incoming.body,
    };
    let request = match Request::read(target, body) {
        Ok(request) => request,
        Err(error) => return core_response(error.to_response(), format),
    };
    if let Some((type_name, message)) = authentication_error(incoming) {
        return json_error(400, type_name, &message, format);
    }
    core_response(core.call(&request, body, now_ms), format)
}

/// The core's answer as HTTP: the same status, and the same body in the request's format.
fn core_response(answer: crate::sim::Response, format: Format) -> Response<Vec<u8>> {
    response(answer.status, Some(format.content_type()), format.body(answer.body))
}
