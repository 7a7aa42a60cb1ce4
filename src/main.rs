//! The playground page's wasm entry point: mounts the playground UI. Attach mode has its own
//! (`src/bin/kinesis-attach.rs`).

#[cfg(target_arch = "wasm32")]
fn main() {
    kinesis_playground::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The playground runs in the browser: see README.md for the command that serves it.");
}

/// Talc rather than the standard library's dlmalloc: the same work in less of the bundle.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
