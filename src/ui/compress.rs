//! Sessions compressed and inflated by the browser's own raw deflate (`CompressionStream` and
//! `DecompressionStream`, "deflate-raw"), so the page bundle carries neither a compressor nor an
//! inflater: links and saved sessions are the same raw deflate the core's `share` module reads
//! and writes natively.
//!
//! The browser's streams are asynchronous and the core reads a link synchronously, so the page
//! inflates what it is about to read first (`prepare`): the link in its address and its stored
//! sessions, before its first render, and again before it opens a link pasted into the address
//! or goes back to its own session. The core's reads then find them inflated (`inflated`).

use std::cell::RefCell;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::playground::share;

/// A payload's compressed bytes, and what they inflate to.
type Inflated = (Vec<u8>, Option<Vec<u8>>);

thread_local! {
    /// The payloads the last `prepare` inflated.
    static INFLATED: RefCell<Vec<Inflated>> = const { RefCell::new(Vec::new()) };
}

/// `new name(argument)` of a global class, or None where the browser has none. Every JS call
/// goes through `Reflect`, so a missing API is a None, never an exception.
fn construct(name: &str, argument: &JsValue) -> Option<JsValue> {
    let class: Function = Reflect::get(&js_sys::global(), &name.into()).ok()?.dyn_into().ok()?;
    Reflect::construct(&class, &Array::of1(argument)).ok()
}

fn call(target: &JsValue, method: &str, argument: Option<&JsValue>) -> Option<JsValue> {
    let function: Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    match argument {
        Some(argument) => function.call1(target, argument).ok(),
        None => function.call0(target).ok(),
    }
}

async fn settled(promise: JsValue) -> Option<JsValue> {
    JsFuture::from(promise.dyn_into::<Promise>().ok()?).await.ok()
}

/// `bytes` streamed through a `CompressionStream` or `DecompressionStream` of raw deflate.
fn piped(bytes: &[u8], class: &str) -> Option<JsValue> {
    let transform = construct(class, &"deflate-raw".into())?;
    let blob = construct("Blob", &Array::of1(&Uint8Array::from(bytes)))?;
    let stream = call(&blob, "stream", None)?;
    call(&stream, "pipeThrough", Some(&transform))
}

/// `bytes` deflated, or None where the browser has no CompressionStream (before 2023 in some).
pub async fn deflate_raw(bytes: &[u8]) -> Option<Vec<u8>> {
    let response = construct("Response", &piped(bytes, "CompressionStream")?)?;
    let buffer = settled(call(&response, "arrayBuffer", None)?).await?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// `bytes` inflated, read chunk by chunk so that a link inflating past `limit` bytes (a zip
/// bomb) is cancelled there; None for that, for bytes that are not raw deflate, and where the
/// browser has no DecompressionStream.
pub async fn inflate_raw(bytes: &[u8], limit: usize) -> Option<Vec<u8>> {
    let reader = call(&piped(bytes, "DecompressionStream")?, "getReader", None)?;
    let mut out = Vec::new();
    loop {
        let chunk = settled(call(&reader, "read", None)?).await?;
        if Reflect::get(&chunk, &"done".into()).ok()?.is_truthy() {
            return Some(out);
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into()).ok()?.dyn_into().ok()?;
        let at = out.len();
        if at + value.length() as usize > limit {
            let _ = call(&reader, "cancel", None);
            return None;
        }
        out.resize(at + value.length() as usize, 0);
        value.copy_to(&mut out[at..]);
    }
}

/// Inflates the sessions `texts` carry (links, stored records), for the reads that follow.
pub async fn prepare(texts: impl IntoIterator<Item = String>) {
    let mut inflated = Vec::new();
    for compressed in texts.into_iter().filter_map(|text| share::compressed(&text)) {
        let bytes = inflate_raw(&compressed, share::MAX_INFLATED_BYTES).await;
        inflated.push((compressed, bytes));
    }
    INFLATED.with(|cache| *cache.borrow_mut() = inflated);
}

/// What `compressed` inflated to in the last `prepare` (`share::Inflate`); None when it did not
/// inflate, or was not prepared.
pub fn inflated(compressed: &[u8]) -> Option<Vec<u8>> {
    INFLATED.with(|cache| cache.borrow().iter().find(|(bytes, _)| bytes == compressed).and_then(|(_, out)| out.clone()))
}
