//! The wasm entry point: mounts the playground UI.

#[cfg(target_arch = "wasm32")]
fn main() {
    kinesis_playground::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The playground runs in the browser: see README.md for the command that serves it.");
}
