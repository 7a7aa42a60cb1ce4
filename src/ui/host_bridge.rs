//! The host-page API in the browser (`playground::host_api` has the protocol): listens for the
//! handshake from allowed origins, answers calls on the private MessagePort, and sends events.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Event, MessageEvent, MessagePort};
use yew::UseReducerDispatcher;

use super::app_state::{Action, AppState};
use super::{storage, wall_now};
use crate::playground::host_api::{self, Call, Command, Message};
use crate::playground::metrics_view::MinuteRow;
use crate::playground::{Exchange, Playground};
use crate::sim::{Operation, json};

/// The host's port for events once connected (the latest handshake's), and what has been told
/// to it already. Calls are answered on the port each came by (`answer`).
#[derive(Default)]
pub struct Bridge {
    port: RefCell<Option<MessagePort>>,
    posted_calls: Cell<usize>,
    posted_announcement: RefCell<String>,
    posted_height: Cell<i32>,
    /// The start of the first simulated minute whose metrics are not posted yet.
    posted_minute: Cell<i64>,
}

// Messages cross as JSON text rather than through serde-wasm-bindgen. Measured: using it both
// ways adds 12,766 bytes to the gzipped bundle, and it follows a cyclic object until the stack
// overflows (the host-api e2e test posts one; the page then stopped answering), where
// JSON.stringify refuses cycles and serde_json stops deep nesting. Sending with it alone adds 747
// bytes to save one JSON.parse of a short message.
fn to_js(json: &str) -> wasm_bindgen::JsValue {
    js_sys::JSON::parse(json).unwrap_or(wasm_bindgen::JsValue::NULL)
}

/// A message's JSON text, for the crate's reader (`json`).
fn from_js(value: &wasm_bindgen::JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok()?.as_string()
}

fn post_to(port: &MessagePort, message: &str) {
    let _ = port.post_message(&to_js(message));
}

impl Bridge {
    fn post(&self, message: &str) {
        if let Some(port) = self.port.borrow().as_ref() {
            post_to(port, message);
        }
    }

    /// Tells the host what changed since the last render: new calls, status changes, height.
    pub fn after_render(&self, playground: &Playground) {
        if self.port.borrow().is_none() {
            return;
        }
        let exchanges = playground.exchanges();
        for exchange in exchanges.since(self.posted_calls.get()) {
            self.post(&host_api::event("request", &request_data(&exchange)));
            self.post(&host_api::event("response", &response_data(&exchange)));
        }
        self.posted_calls.set(exchanges.len());
        if playground.announcement() != self.posted_announcement.borrow().as_str() {
            *self.posted_announcement.borrow_mut() = playground.announcement().to_owned();
            let data = Message::new().text("message", playground.announcement()).end();
            self.post(&host_api::event("statusChanged", &data));
        }
        self.post_minutes(playground);
        let height = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .map_or(0, |root| root.scroll_height());
        if height != self.posted_height.get() {
            self.posted_height.set(height);
            self.post(&host_api::event("resize", &Message::new().number("height", height).end()));
        }
    }
}

impl Bridge {
    /// Posts a `minute` event for each stream's minutes that ended since the last posted (the
    /// last hour's at most, after a long jump), oldest first.
    fn post_minutes(&self, playground: &Playground) {
        let current = playground.now_ms().div_euclid(60_000) * 60_000;
        let from = self.posted_minute.get();
        if current <= from {
            return;
        }
        self.posted_minute.set(current);
        for row in playground.stream_rows() {
            let mut ended: Vec<MinuteRow> = playground
                .minutes(&row.name)
                .into_iter()
                .filter(|m| m.start_ms >= from && m.start_ms < current)
                .collect();
            ended.reverse();
            for minute in ended {
                self.post(&host_api::event("minute", &minute_data(&row.name, &minute)));
            }
        }
    }
}

/// A minute's metrics under their CloudWatch names, as the Metrics region's table shows them.
fn minute_data(stream: &str, minute: &MinuteRow) -> String {
    Message::new()
        .text("stream", stream)
        .number("startMs", minute.start_ms)
        .number("IncomingBytes", minute.incoming_bytes)
        .number("IncomingRecords", minute.incoming_records)
        .number("WriteProvisionedThroughputExceeded", minute.write_exceeded)
        .number("ReadProvisionedThroughputExceeded", minute.read_exceeded)
        .maybe_number("GetRecords.IteratorAgeMilliseconds", minute.iterator_age_ms)
        .number("openShards", minute.open_shards)
        .end()
}

fn request_data(exchange: &Exchange) -> String {
    Message::new()
        .number("sequence", exchange.sequence)
        .text("operation", exchange.operation.name())
        .text("body", &exchange.request_body)
        .end()
}

fn response_data(exchange: &Exchange) -> String {
    Message::new()
        .number("sequence", exchange.sequence)
        .text("operation", exchange.operation.name())
        .number("status", exchange.status)
        .text("body", &exchange.response_body)
        .end()
}

/// Starts listening for hosts when the address names allowed origins; returns the cleanup.
pub fn listen(
    bridge: Rc<Bridge>,
    playground: Rc<RefCell<Playground>>,
    dispatcher: UseReducerDispatcher<AppState>,
) -> impl FnOnce() {
    let origins = host_api::allowed_origins(storage::query_parameter("origins").as_deref());
    let on_message = move |event: &Event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else { return };
        // Only exact allowed origins, only the version-1 handshake, only with a port.
        if !origins.iter().any(|origin| *origin == event.origin()) {
            return;
        }
        let message = from_js(&event.data()).unwrap_or_default();
        if !json::parse(&message).is_ok_and(|message| host_api::is_connect(message.root())) {
            return;
        }
        let Some(port) = event.ports().get(0).dyn_into::<MessagePort>().ok() else { return };
        let on_call = {
            let (bridge, playground, dispatcher) = (Rc::clone(&bridge), Rc::clone(&playground), dispatcher.clone());
            let caller = port.clone();
            move |event: &Event| {
                let Some(event) = event.dyn_ref::<MessageEvent>() else { return };
                let message = from_js(&event.data()).unwrap_or_default();
                let Some(call) = json::parse(&message).ok().and_then(|message| Call::parse(message.root())) else {
                    return;
                };
                answer(&bridge, &playground, &dispatcher, &caller, call);
            }
        };
        // Lives as long as the port, which lives as long as the page.
        EventListener::new(&port, "message", on_call).forget();
        port.start(); // a port's listeners, unlike its onmessage, wait for start()
        *bridge.port.borrow_mut() = Some(port);
        bridge.posted_calls.set(playground.borrow().exchanges().len());
        // Minutes from the handshake on; the ones before are the page's history.
        bridge.posted_minute.set(playground.borrow().now_ms().div_euclid(60_000) * 60_000);
        bridge.post(&host_api::event("ready", &Message::new().number("version", host_api::VERSION).end()));
    };
    let listener = web_sys::window().map(|window| EventListener::new(&window, "message", on_message));
    move || drop(listener)
}

/// Carries out a call and replies on `caller`, the port it came by. A host that handshakes again
/// while an earlier handshake is still in flight (embed.js repeats it until the frame answers)
/// may call on an older port than the one events go to; its answers must still reach it.
fn answer(
    bridge: &Rc<Bridge>,
    playground: &Rc<RefCell<Playground>>,
    dispatcher: &UseReducerDispatcher<AppState>,
    caller: &MessagePort,
    call: Call,
) {
    let wall_ms = wall_now();
    let now =
        |playground: &Rc<RefCell<Playground>>| Ok(Message::new().number("nowMs", playground.borrow().now_ms()).end());
    let result = match call.command() {
        Err(error) => Err(error),
        Ok(Command::Send { operation, body }) => match Operation::from_name(&operation) {
            None => Err(format!("unknown operation {operation:.40}")),
            Some(operation) => {
                // The reducer runs at once, so the call is in the log when dispatch returns.
                dispatcher.dispatch(Action::Send { operation, body, wall_ms });
                let exchanges = playground.borrow().exchanges();
                let answer =
                    |e: &Exchange| Message::new().number("status", e.status).text("body", &e.response_body).end();
                Ok(exchanges.last().map_or_else(|| "null".to_owned(), |e| answer(&e)))
            }
        },
        Ok(Command::Reset) => {
            dispatcher.dispatch(Action::Reset { wall_ms });
            bridge.posted_calls.set(0);
            now(playground)
        }
        Ok(Command::LoadScenario { id }) => {
            let (bridge, dispatcher, caller) = (Rc::clone(bridge), dispatcher.clone(), caller.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = if crate::playground::scenario::valid_id(&id) {
                    storage::fetch_file("scenarios", "scenario", &id).await
                } else {
                    Err(format!("\"{id:.64}\" is not a scenario name."))
                };
                let failed = text.as_ref().err().cloned();
                bridge.posted_calls.set(0);
                dispatcher.dispatch(Action::LoadScenario { id: id.clone(), text, resume: None, wall_ms: wall_now() });
                let loaded = Message::new().text("loaded", &id).end();
                post_to(&caller, &call.reply(failed.map_or(Ok(loaded), Err)));
            });
            return;
        }
        // The session as a link to the full playground (without the embed options).
        Ok(Command::GetShareUrl) => {
            let (session, caller) = (playground.borrow().save(), caller.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let url = storage::full_playground_link(session).await;
                let result = url
                    .map(|url| Message::new().text("url", &url).end())
                    .ok_or_else(|| "no address or no compression".to_owned());
                post_to(&caller, &call.reply(result));
            });
            return;
        }
        Ok(Command::Pause) => {
            dispatcher.dispatch(Action::SetPaused { paused: true, wall_ms });
            now(playground)
        }
        Ok(Command::Resume) => {
            dispatcher.dispatch(Action::SetPaused { paused: false, wall_ms });
            now(playground)
        }
        Ok(Command::SetSpeed(speed)) => {
            dispatcher.dispatch(Action::SetSpeed { speed, wall_ms });
            now(playground)
        }
        Ok(Command::Advance(ms)) => {
            dispatcher.dispatch(Action::Advance { ms, wall_ms });
            now(playground)
        }
        Ok(Command::Skip) => {
            dispatcher.dispatch(Action::SkipToNextTransition { wall_ms });
            now(playground)
        }
        // Named as the Traffic region names them; the newest listed is the one started.
        Ok(Command::StartProducer(spec)) => {
            let spec = crate::sim::ProducerSpec { name: playground.borrow().next_producer_name(), ..spec };
            dispatcher.dispatch(Action::StartProducer { spec, wall_ms });
            let started = playground.borrow().producers().last().map(|row| Message::new().number("id", row.id).end());
            started.ok_or("not started".into())
        }
        Ok(Command::StartConsumer(spec)) => {
            let spec = crate::sim::ConsumerSpec { name: playground.borrow().next_consumer_name(), ..spec };
            dispatcher.dispatch(Action::StartConsumer { spec, wall_ms });
            let started = playground.borrow().consumers().last().map(|(id, ..)| Message::new().number("id", *id).end());
            started.ok_or("not started".into())
        }
        Ok(Command::StopProducer(id)) => {
            dispatcher.dispatch(Action::StopProducer { id, wall_ms });
            now(playground)
        }
        Ok(Command::StopConsumer(id)) => {
            dispatcher.dispatch(Action::StopConsumer { id, wall_ms });
            now(playground)
        }
    };
    post_to(caller, &call.reply(result));
}
