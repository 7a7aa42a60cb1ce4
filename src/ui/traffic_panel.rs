//! The Traffic region: producers that send records at a stream, described by a rate, a record
//! size, partition keys and a pattern (docs/behaviour.md §11.7), and the list of those running;
//! then the consumers reading it (`consumer_list`).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::consumer_list::ConsumerList;
use crate::playground::traffic_form::{Keys, RunningProducer, Shape, TrafficForm, described};
use crate::sim::{ConsumerSpec, ProducerSpec};

#[derive(Properties, PartialEq)]
pub struct TrafficPanelProps {
    /// The streams a producer can target, by name.
    pub streams: Vec<String>,
    /// The running producers, by number.
    pub producers: Vec<RunningProducer>,
    /// Why the last producer could not start.
    pub error: Option<String>,
    pub on_start: Callback<ProducerSpec>,
    pub on_stop: Callback<u32>,
    /// The running consumers, by number, with how far behind each is (milliseconds).
    pub consumers: Vec<(u32, ConsumerSpec, i64)>,
    pub on_add_consumer: Callback<ConsumerSpec>,
    pub on_stop_consumer: Callback<u32>,
}

fn input_value(event: &InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

fn select_value(event: &Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

#[component]
pub fn TrafficPanel(props: &TrafficPanelProps) -> Html {
    let form = use_state(TrafficForm::default);
    // What the form itself found wrong, before the simulator saw it.
    let problem = use_state(|| None::<String>);
    // The stream chosen, or the first one while none is.
    let target = if props.streams.contains(&form.stream_name) {
        form.stream_name.clone()
    } else {
        props.streams.first().cloned().unwrap_or_default()
    };
    let edit = |change: fn(&mut TrafficForm, String)| {
        let form = form.clone();
        move |value: String| {
            let mut next = (*form).clone();
            change(&mut next, value);
            form.set(next);
        }
    };
    let on_stream = Callback::from(edit(|f, v| f.stream_name = v)).reform(|e: Event| select_value(&e));
    let on_rate = Callback::from(edit(|f, v| f.records_per_second = v)).reform(|e: InputEvent| input_value(&e));
    let on_size = Callback::from(edit(|f, v| f.record_bytes = v)).reform(|e: InputEvent| input_value(&e));
    let on_share = Callback::from(edit(|f, v| f.hot_share = v)).reform(|e: InputEvent| input_value(&e));
    let on_keys = Callback::from(edit(|f, v| f.keys = if v == "hot" { Keys::OneHotKey } else { Keys::Uniform }))
        .reform(|e: Event| select_value(&e));
    let on_shape = Callback::from(edit(|f, v| f.shape = Shape::from_id(&v).unwrap_or(Shape::Constant)))
        .reform(|e: Event| select_value(&e));
    let on_retries = Callback::from(edit(|f, v| f.retries = v == "on")).reform(|e: Event| {
        if e.target_unchecked_into::<HtmlInputElement>().checked() { "on" } else { "off" }.to_owned()
    });

    // Sent from the button, never by submitting the form (a sandboxed frame may drop that).
    let start = {
        let (form, problem, target) = (form.clone(), problem.clone(), target.clone());
        let on_start = props.on_start.clone();
        let next = props.producers.iter().map(|row| row.id + 2).max().unwrap_or(1);
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            let chosen = TrafficForm { stream_name: target.clone(), ..(*form).clone() };
            match chosen.producer(&format!("producer-{next}")) {
                Ok(spec) => {
                    problem.set(None);
                    on_start.emit(spec);
                }
                Err(why) => problem.set(Some(why)),
            }
        })
    };
    let on_submit = Callback::from(|event: SubmitEvent| event.prevent_default());
    let message = (*problem).clone().or_else(|| props.error.clone());
    let no_streams = props.streams.is_empty();

    html! {
        <section class="traffic" aria-labelledby="traffic-heading">
            <h2 id="traffic-heading">{ "Traffic" }</h2>
            <form class="producer-form" onsubmit={on_submit} novalidate=true aria-label="Start a producer">
                <div class="field">
                    <label for="traffic-stream">{ "Target stream" }</label>
                    <select id="traffic-stream" onchange={on_stream} disabled={no_streams}>
                        { for props.streams.iter().map(|name| html! {
                            <option value={name.clone()} selected={*name == target}>{ name }</option>
                        }) }
                    </select>
                    if no_streams {
                        <p class="hint">{ "Create a stream first: producers send to one." }</p>
                    }
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="traffic-rate">{ "Records per second" }</label>
                        <input id="traffic-rate" type="number" inputmode="numeric" min="1" step="1"
                               value={form.records_per_second.clone()} oninput={on_rate} />
                    </div>
                    <div class="field">
                        <label for="traffic-size">{ "Record size (bytes)" }</label>
                        <input id="traffic-size" type="number" inputmode="numeric" min="1" step="1"
                               value={form.record_bytes.clone()} oninput={on_size}
                               aria-describedby="traffic-size-hint" />
                    </div>
                </div>
                <p id="traffic-size-hint" class="hint">
                    { "The data of each record; its partition key (about 8 bytes) counts towards a shard's 1 MiB a second too." }
                </p>
                <div class="field-row">
                    <div class="field">
                        <label for="traffic-keys">{ "Partition keys" }</label>
                        <select id="traffic-keys" onchange={on_keys}>
                            <option value="uniform" selected={form.keys == Keys::Uniform}>{ "Uniform" }</option>
                            <option value="hot" selected={form.keys == Keys::OneHotKey}>{ "One hot key" }</option>
                        </select>
                    </div>
                    if form.keys == Keys::OneHotKey {
                        <div class="field">
                            <label for="traffic-share">{ "Hot key's share (%)" }</label>
                            <input id="traffic-share" type="number" inputmode="numeric" min="1" max="100" step="1"
                                   value={form.hot_share.clone()} oninput={on_share} />
                        </div>
                    }
                </div>
                <div class="field">
                    <label for="traffic-pattern">{ "Pattern" }</label>
                    <select id="traffic-pattern" onchange={on_shape} aria-describedby="traffic-pattern-hint">
                        { for Shape::ALL.into_iter().map(|shape| html! {
                            <option value={shape.id()} selected={form.shape == shape}>{ shape.label() }</option>
                        }) }
                    </select>
                    <p id="traffic-pattern-hint" class="hint">{ form.shape.explained() }</p>
                </div>
                <div class="field">
                    <label class="choice">
                        <input type="checkbox" checked={form.retries} onchange={on_retries}
                               aria-describedby="traffic-retries-hint" />
                        { "Retry throttled records" }
                    </label>
                    <p id="traffic-retries-hint" class="hint">
                        { "As the Kinesis Producer Library does: resent each second, within 150% of a shard's limits, until 30 s after they were put. Unticked, throttled records are lost." }
                    </p>
                </div>
                <button type="submit" class="primary" onclick={start} disabled={no_streams}>{ "Start producer" }</button>
                if let Some(message) = message {
                    <p class="result error" role="status">{ message }</p>
                }
            </form>
            <h3 id="producers-heading">{ "Producers" }</h3>
            if props.producers.is_empty() {
                <p class="hint">{ "None running. A producer sends its records once a simulated second, as PutRecords calls." }</p>
            } else {
                <ul class="producers" aria-labelledby="producers-heading">
                    { for props.producers.iter().map(|row| {
                        let id = row.id;
                        let on_stop = props.on_stop.reform(move |_: MouseEvent| id);
                        html! {
                            <li key={id}>
                                <span class="producer-name">{ &row.spec.name }</span>
                                <span class="producer-rate">{ described(&row.spec) }</span>
                                if let Some(fate) = row.fate() {
                                    <span class="producer-fate">{ fate }</span>
                                }
                                <button type="button" onclick={on_stop}>{ "Stop producer" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <ConsumerList target={(!no_streams).then(|| target.clone())} consumers={props.consumers.clone()}
                          on_add={props.on_add_consumer.clone()} on_stop={props.on_stop_consumer.clone()} />
        </section>
    }
}
