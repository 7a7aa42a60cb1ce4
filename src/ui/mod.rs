//! The yew front end: components draw the playground state and turn clicks into actions.
//! Every change to the account is an API request: through the core's front door, or, attached
//! (`?endpoint=`), to a running endpoint.

mod app;
mod app_state;
mod attached;
mod call_minute_view;
mod clipboard;
mod clock_bar;
mod compress;
mod consumer_list;
mod create_stream_form;
mod endpoint_client;
mod exchange_view;
mod host_bridge;
mod inspector;
mod json_view;
mod limits_panel;
mod metrics_panel;
mod model_docs_fetch;
mod request_console;
mod result_line;
mod scenario_panel;
mod scenario_progress;
mod session_tools;
mod start_panel;
mod storage;
mod stream_detail;
mod stream_item;
mod stream_list;
mod traffic_panel;
mod tutorial_panel;
mod tutorial_progress;
mod workspace;

pub use app::App;
pub use app_state::{Action, AppState};
pub use clock_bar::{ClockBar, ClockBarProps};
pub use create_stream_form::{CreateStreamForm, CreateStreamFormProps};
pub use inspector::{Inspector, InspectorProps};
pub use limits_panel::{LimitsPanel, LimitsPanelProps};
pub use stream_detail::{StreamDetail, StreamDetailProps};
pub use stream_list::{StreamList, StreamListProps};

/// Mounts the playground on the page's body (`src/main.rs`).
pub fn start() {
    before_start();
    // The link and stored sessions are inflated first, for the app's first state to read.
    wasm_bindgen_futures::spawn_local(async {
        storage::prepare_reads().await;
        yew::Renderer::<App>::new().render();
    });
}

/// Mounts attach mode's page, the console of a running local endpoint (`?endpoint=`): a bundle of
/// its own (`src/bin/kinesis-attach.rs`), so that the playground's does not carry it.
pub fn start_attached() {
    before_start();
    let endpoint = storage::query_parameter("endpoint").unwrap_or_default();
    yew::Renderer::<attached::Attached>::with_props(attached::AttachedProps { endpoint }).render();
}

fn before_start() {
    // The inspector shows how long each call took.
    crate::playground::exchange::install_stopwatch(monotonic_now);
    // The model's documentation is fetched from a task of its own: the page does not wait for
    // it, and its first task, which draws the first screen, stays short.
    gloo_timers::callback::Timeout::new(0, model_docs_fetch::start).forget();
}

/// What a mount effect leaves to undo when its component goes.
pub(crate) type Cleanup = Box<dyn FnOnce()>;

/// `use_effect_with((), ..)` with the effect boxed: the mount effects then share one copy of
/// yew's effect code, where each closure type would get its own (about 450 bytes of wasm each).
#[yew::hook]
pub(crate) fn use_mount(effect: Box<dyn FnOnce() -> Cleanup>) {
    yew::use_effect_with((), move |_| effect());
}

/// Milliseconds on the page's monotonic clock, for durations (wall time when it has none).
pub fn monotonic_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// Wall-clock milliseconds, read at the edge so the state stays a function of its actions.
pub fn wall_now() -> f64 {
    js_sys::Date::now()
}
