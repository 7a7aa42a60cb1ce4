//! Compressing sessions with the browser's own deflate (`CompressionStream("deflate-raw")`),
//! so the page bundle carries no compressor of its own: links and saved sessions are the same
//! raw deflate the core's `share` module reads (and writes, natively). Reading stays in the core,
//! synchronous, as a page must read its link before it shows anything.

use js_sys::{Array, Function, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `bytes` deflated, or None where the browser has no CompressionStream (before 2023 in some).
/// Every JS call goes through `Reflect`, so a missing API is a None, never an exception.
pub async fn deflate_raw(bytes: &[u8]) -> Option<Vec<u8>> {
    let global = js_sys::global();
    let new = |name: &str, argument: &JsValue| {
        let class: Function = Reflect::get(&global, &name.into()).ok()?.dyn_into().ok()?;
        Reflect::construct(&class, &Array::of1(argument)).ok()
    };
    let call = |target: &JsValue, method: &str, argument: Option<&JsValue>| {
        let function: Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
        match argument {
            Some(argument) => function.call1(target, argument).ok(),
            None => function.call0(target).ok(),
        }
    };
    let compressor = new("CompressionStream", &"deflate-raw".into())?;
    let blob = new("Blob", &Array::of1(&Uint8Array::from(bytes)))?;
    let stream = call(&blob, "stream", None)?;
    let compressed = call(&stream, "pipeThrough", Some(&compressor))?;
    let response = new("Response", &compressed)?;
    let buffer =
        JsFuture::from(call(&response, "arrayBuffer", None)?.dyn_into::<js_sys::Promise>().ok()?).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}
