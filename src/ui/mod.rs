//! The yew front end: components draw the playground state and turn clicks into actions.
//! Every change to the simulated account is an API request through the core's front door.

mod account_limits;
mod app;
mod clock_bar;
mod create_stream_form;
mod exchange_view;
mod host_bridge;
mod inspector;
mod json_view;
mod request_console;
mod state;
mod storage;
mod stream_detail;
mod stream_item;
mod stream_list;
mod tutorial_panel;

pub use account_limits::{AccountLimits, AccountLimitsProps};
pub use app::App;
pub use clock_bar::{ClockBar, ClockBarProps};
pub use create_stream_form::{CreateStreamForm, CreateStreamFormProps};
pub use inspector::{Inspector, InspectorProps};
pub use state::{Action, AppState};
pub use stream_list::{StreamList, StreamListProps};

/// Mounts the playground on the page's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// Wall-clock milliseconds, read at the edge so the state stays a function of its actions.
pub fn wall_now() -> f64 {
    js_sys::Date::now()
}
