//! Attach mode's wasm entry point (`?endpoint=http://127.0.0.1:4567`): the console of a running
//! kinesis-endpoint. A bundle of its own beside the playground's, built by a trunk hook
//! (`scripts/attach-bundle.sh`), so that the playground's page does not carry it.

#[cfg(target_arch = "wasm32")]
fn main() {
    kinesis_playground::ui::start_attached();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Attach mode runs in the browser: open the playground with ?endpoint=<the endpoint's address>.");
}

/// Talc rather than the standard library's dlmalloc: the same work in less of the bundle.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
