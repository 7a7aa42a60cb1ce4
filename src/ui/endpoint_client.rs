//! Calls to an attached endpoint (attach mode) with the browser's fetch, in the form an SDK sends
//! them: awsJson 1.1 POST, X-Amz-Target, X-Amz-Date and an Authorization header. The local
//! endpoint checks that header's form, never its signature, so the page signs nothing and holds
//! no credentials.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::playground::format;
use crate::sim::{CONTENT_TYPE, Operation};

/// How long a call may take before the page gives up on it.
const TIMEOUT_MS: u32 = 10_000;

/// `X-Amz-Date`'s form, `20231114T221320Z`.
fn amz_date(epoch_ms: i64) -> String {
    let utc = format::utc(epoch_ms); // `2023-11-14 22:13:20 UTC`
    format!("{}{}{}T{}{}{}Z", &utc[0..4], &utc[5..7], &utc[8..10], &utc[11..13], &utc[14..16], &utc[17..19])
}

/// Sends one call; resolves to the HTTP status and the body as text, or why nothing came back.
pub async fn call(endpoint: &str, operation: Operation, body: &str) -> Result<(u16, String), String> {
    // The browser does not tell a refused connection from a refused CORS check, nor say more.
    let unreachable = |_| "nothing answered".to_owned();
    let date = amz_date(js_sys::Date::now() as i64);
    let headers = web_sys::Headers::new().map_err(unreachable)?;
    let credential = format!("playground/{}/us-east-1/kinesis/aws4_request", &date[..8]);
    for (name, value) in [
        ("Content-Type", CONTENT_TYPE.to_owned()),
        ("X-Amz-Target", operation.target()),
        ("X-Amz-Date", date.clone()),
        (
            "Authorization",
            format!(
                "AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=unsigned"
            ),
        ),
    ] {
        headers.set(name, &value).map_err(unreachable)?;
    }
    let init = web_sys::RequestInit::new();
    // An endpoint that takes the connection and never answers must not stall the page.
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS)));
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let window = web_sys::window().ok_or_else(|| unreachable(JsValue::NULL))?;
    let response = JsFuture::from(window.fetch_with_str_and_init(endpoint, &init)).await.map_err(unreachable)?;
    let response: web_sys::Response = response.dyn_into().map_err(unreachable)?;
    let text = JsFuture::from(response.text().map_err(unreachable)?).await.map_err(unreachable)?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}
