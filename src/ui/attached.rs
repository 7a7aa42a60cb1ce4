//! Attach mode's page (`?endpoint=http://127.0.0.1:4567`): the visual console of a running
//! kinesis-endpoint. Streams, limits and shards come from polling it (`playground::attach` plans
//! the rounds); every call made here goes to the endpoint and appears in the inspector with the
//! endpoint's own answer. The simulator's clock does not apply: the endpoint runs on wall time.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use yew::prelude::*;

use super::endpoint_client;
use super::storage;
use super::workspace::{Stage, WorkspaceProps, workspace};
use super::{monotonic_now, use_mount, wall_now};
use crate::playground::attach::{self, Attachment, Connection, ROUND_INTERVAL_MS};
use crate::playground::format;
use crate::playground::options::PageOptions;
use crate::sim::Operation;

/// After a failed round, wait this long before trying again.
const RETRY_MS: u32 = 3000;

#[derive(Properties, PartialEq)]
pub struct AttachedProps {
    /// The `endpoint` parameter as given.
    pub endpoint: String,
}

/// The top bar: the title (unless embedded), how polling goes, and the way back.
fn header(options: PageOptions, status: Html, simulator_link: &str) -> Html {
    html! {
        <header class={classes!("top", options.embed.then_some("compact"))}>
            if !options.embed {
                <div class="title">
                    <h1>{ "Kinesis capacity-mode playground" }</h1>
                    <p class="fidelity">{ "Attached to a local endpoint: run the AWS CLI against it and watch your streams here." }</p>
                </div>
            }
            <div class="attach-bar">
                { status }
                <a href={simulator_link.to_owned()}>{ "Detach" }</a>
            </div>
        </header>
    }
}

#[component]
pub fn Attached(props: &AttachedProps) -> Html {
    let options = *use_state(storage::page_options);
    let address = use_memo(props.endpoint.clone(), |endpoint| attach::endpoint_address(endpoint));
    let simulator_link = storage::address_without("endpoint").unwrap_or_default();
    let attachment = use_mut_ref(|| Attachment::new(address.as_ref().clone().unwrap_or_default()));
    // The detail view's stream, for rendering and for the polling loop.
    let selected = use_state(|| None::<String>);
    let polled_selection = use_mut_ref(|| None::<String>);
    let redraw = use_force_update();

    {
        let (attachment, polled_selection, redraw) =
            (Rc::clone(&attachment), Rc::clone(&polled_selection), redraw.clone());
        let valid = address.is_ok();
        use_mount(Box::new(move || {
            let stopped = Rc::new(Cell::new(false));
            if valid {
                wasm_bindgen_futures::spawn_local(poll(attachment, polled_selection, redraw, Rc::clone(&stopped)));
            }
            Box::new(move || stopped.set(true))
        }));
    }
    if let Err(reason) = &*address {
        return html! {
            <>
                { header(options, Html::default(), &simulator_link) }
                <div class="notice" role="alert">
                    <span>{ reason }</span>
                    <a href={simulator_link}>{ "Open the simulator instead" }</a>
                </div>
            </>
        };
    }

    let on_send = {
        let (attachment, redraw) = (Rc::clone(&attachment), redraw.clone());
        Callback::from(move |(operation, body): (Operation, String)| {
            let (attachment, redraw) = (Rc::clone(&attachment), redraw.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let endpoint = attachment.borrow().endpoint().to_owned();
                let started = monotonic_now();
                match endpoint_client::call(&endpoint, operation, &body).await {
                    Ok((status, response)) => {
                        let round_trip_ms = Some(monotonic_now() - started);
                        attachment.borrow_mut().record(operation, body, status, response, wall_now(), round_trip_ms)
                    }
                    Err(reason) => attachment.borrow_mut().call_failed(operation, reason),
                }
                redraw.force_update();
            });
        })
    };
    let on_dismiss = {
        let (attachment, redraw) = (Rc::clone(&attachment), redraw.clone());
        Callback::from(move |_: MouseEvent| {
            attachment.borrow_mut().dismiss_call_failure();
            redraw.force_update();
        })
    };
    let on_select = {
        let (selected, polled_selection) = (selected.clone(), Rc::clone(&polled_selection));
        Callback::from(move |name: Option<String>| {
            polled_selection.borrow_mut().clone_from(&name);
            selected.set(name);
        })
    };

    let attachment = attachment.borrow();
    let status = match attachment.connection() {
        Connection::Connecting => html! { <span>{ format!("Connecting to {}…", attachment.endpoint()) }</span> },
        Connection::Polled { at_ms, throttled } => html! {
            <span>
                { format!("Attached to {}", attachment.endpoint()) }
                <span class="polled">{ format!(" · polled at {}", format::utc_time_of_day(*at_ms)) }</span>
                if *throttled > 0 {
                    <span class="throttled">{ format!(" · {throttled} polling calls throttled (LimitExceededException); shown as last seen") }</span>
                }
            </span>
        },
        Connection::Unreachable { reason } => html! {
            <span class="unreachable" role="alert">
                { format!("Cannot use {}: {reason}. Is kinesis-endpoint running there? \
                           (cargo run --release --bin kinesis-endpoint -- --port 4567)", attachment.endpoint()) }
            </span>
        },
    };
    html! {
        <>
            { header(options, status, &simulator_link) }
            if let Some(failure) = attachment.call_failure() {
                <div class="notice" role="alert">
                    <span>{ failure }</span>
                    <button type="button" onclick={on_dismiss}>{ "Dismiss" }</button>
                </div>
            }
            { workspace(WorkspaceProps {
                options, view: attachment.view(selected.as_deref()), exchanges: attachment.exchanges(),
                on_send, on_select, endpoint: Some(AttrValue::from(attachment.endpoint().to_owned())),
                start_panel: false, traffic: None, metrics: None, calls: Default::default(), sample: None,
                stage: Stage::All,
            }) }
        </>
    }
}

/// Polls until the page goes: a round, a pause, the next round.
async fn poll(
    attachment: Rc<RefCell<Attachment>>,
    selected: Rc<RefCell<Option<String>>>,
    redraw: UseForceUpdateHandle,
    stopped: Rc<Cell<bool>>,
) {
    let endpoint = attachment.borrow().endpoint().to_owned();
    while !stopped.get() {
        let mut round = attachment.borrow().next_round(selected.borrow().clone());
        let mut failed = false;
        while let Some((operation, body)) = round.next_call() {
            match endpoint_client::call(&endpoint, operation, &body).await {
                Ok((status, text)) => round.answer(status, &text),
                Err(reason) => {
                    attachment.borrow_mut().unreachable(reason);
                    failed = true;
                    break;
                }
            }
            TimeoutFuture::new(attach::spacing_ms(operation)).await;
            if stopped.get() {
                return;
            }
        }
        if !failed {
            attachment.borrow_mut().finish(round, wall_now());
        }
        redraw.force_update();
        let healthy = matches!(attachment.borrow().connection(), Connection::Polled { .. });
        TimeoutFuture::new(if healthy { ROUND_INTERVAL_MS } else { RETRY_MS }).await;
    }
}
