//! The CreateStream form: name, capacity mode, shard count. What is typed is sent as typed; hints
//! explain the rules, and the inspector shows what the service makes of the request.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::playground::requests;
use crate::sim::{Operation, Pattern, STREAM_NAME, StreamMode};

#[derive(Properties, PartialEq)]
pub struct CreateStreamFormProps {
    /// Receives the operation and the exact request body to send.
    pub on_send: Callback<(Operation, String)>,
}

fn name_hint(name: &str) -> Option<&'static str> {
    let length = name.encode_utf16().count();
    if name.is_empty() {
        None
    } else if length > STREAM_NAME.max {
        Some("Longer than 128 characters: the service will answer with a ValidationException.")
    } else if !Pattern::Name.matches(name) {
        Some("Only letters, digits, _ . and - are allowed: the service will answer with a ValidationException.")
    } else {
        None
    }
}

fn input_value(event: &InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

#[component]
pub fn CreateStreamForm(props: &CreateStreamFormProps) -> Html {
    let name = use_state(String::new);
    let mode = use_state(|| StreamMode::OnDemand);
    let shard_count = use_state(String::new);

    let on_name = {
        let name = name.clone();
        Callback::from(move |event: InputEvent| name.set(input_value(&event)))
    };
    let on_shard_count = {
        let shard_count = shard_count.clone();
        Callback::from(move |event: InputEvent| shard_count.set(input_value(&event)))
    };
    let choose_mode = |chosen: StreamMode| {
        let mode = mode.clone();
        let shard_count = shard_count.clone();
        Callback::from(move |_: Event| {
            mode.set(chosen);
            // On-demand streams take no shard count; provisioned ones need one.
            match chosen {
                StreamMode::OnDemand => shard_count.set(String::new()),
                StreamMode::Provisioned if shard_count.is_empty() => shard_count.set("1".to_owned()),
                StreamMode::Provisioned => {}
            }
        })
    };
    // Sent from the button's click and from Enter in a field, never by submitting the form: a
    // frame sandboxed without allow-forms drops form submissions.
    let send = {
        let (name, mode, shard_count) = (name.clone(), mode.clone(), shard_count.clone());
        let on_send = props.on_send.clone();
        Callback::from(move |()| {
            on_send.emit((Operation::CreateStream, requests::create_stream(&name, *mode, &shard_count)))
        })
    };
    let on_click = send.reform(|event: MouseEvent| event.prevent_default());
    let on_keydown = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Enter" && event.target_dyn_into::<HtmlInputElement>().is_some() {
            event.prevent_default();
            send.emit(());
        }
    });
    let on_submit = Callback::from(|event: SubmitEvent| event.prevent_default());

    let shard_hint = match *mode {
        StreamMode::OnDemand => "On-demand streams start with 4 shards and take no shard count.",
        StreamMode::Provisioned => "Provisioned streams have exactly the shards you ask for.",
    };
    html! {
        <form class="create-stream" onsubmit={on_submit} onkeydown={on_keydown} novalidate=true aria-label="Create a stream">
            <div class="field">
                <label for="stream-name">{ "Stream name" }</label>
                <input id="stream-name" type="text" value={(*name).clone()} oninput={on_name}
                       autocomplete="off" spellcheck="false" placeholder="orders"
                       aria-describedby="stream-name-hint" />
                <p id="stream-name-hint" class={classes!("hint", name_hint(&name).map(|_| "warning"))}>
                    { name_hint(&name).unwrap_or("1 to 128 characters: letters, digits, _ . -") }
                </p>
            </div>
            <fieldset class="field">
                <legend>{ "Capacity mode" }</legend>
                <label class="choice">
                    <input type="radio" name="capacity-mode" value="ON_DEMAND"
                           checked={*mode == StreamMode::OnDemand} onchange={choose_mode(StreamMode::OnDemand)} />
                    { "On-demand" }
                </label>
                <label class="choice">
                    <input type="radio" name="capacity-mode" value="PROVISIONED"
                           checked={*mode == StreamMode::Provisioned} onchange={choose_mode(StreamMode::Provisioned)} />
                    { "Provisioned" }
                </label>
            </fieldset>
            <div class="field">
                <label for="shard-count">{ "Shard count" }</label>
                <input id="shard-count" type="number" inputmode="numeric" step="1"
                       value={(*shard_count).clone()} oninput={on_shard_count}
                       aria-describedby="shard-count-hint" />
                <p id="shard-count-hint" class="hint">{ shard_hint }</p>
            </div>
            <button type="submit" class="primary" onclick={on_click}>{ "Create stream" }</button>
        </form>
    }
}
