//! The Traffic region's consumers: applications reading the target stream with GetRecords once
//! a second on every shard, as the Kinesis Client Library does (docs/behaviour.md §11.10), and
//! how far behind each one is.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::playground::format;
use crate::sim::{ConsumerSpec, StartingPosition};

#[derive(Properties, PartialEq)]
pub struct ConsumerListProps {
    /// The stream a new consumer reads (the Traffic region's target), if there is one.
    pub target: Option<String>,
    /// The running consumers, by number, with how far behind each is, in milliseconds.
    pub consumers: Vec<(u32, ConsumerSpec, i64)>,
    pub on_add: Callback<ConsumerSpec>,
    pub on_stop: Callback<u32>,
}

/// How far behind a consumer is, in words: within a second of the newest record is keeping up.
fn behind(ms: i64) -> String {
    match ms {
        ..1000 => "keeping up".to_owned(),
        1000..3_600_000 => format!("{} behind", format::countdown(ms)),
        _ => format!("{} h {:02} min behind", ms / 3_600_000, ms / 60_000 % 60),
    }
}

#[component]
pub fn ConsumerList(props: &ConsumerListProps) -> Html {
    let position = use_state(|| StartingPosition::Latest);
    let on_position = {
        let position = position.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            position.set(StartingPosition::parse(&value).unwrap_or(StartingPosition::Latest));
        })
    };
    let on_add = props.target.clone().map(|stream_name| {
        let (on_add, position) = (props.on_add.clone(), *position);
        let next = props.consumers.iter().map(|(id, ..)| id + 2).max().unwrap_or(1);
        Callback::from(move |_: MouseEvent| {
            on_add.emit(ConsumerSpec {
                name: format!("consumer-{next}"),
                stream_name: stream_name.clone(),
                starting_position: position,
                start_ms: 0,
            })
        })
    });
    html! {
        <>
            <h3 id="consumers-heading">{ "Consumers" }</h3>
            <div class="field-row consumer-add">
                <div class="field">
                    <label for="consumer-position">{ "Starting position" }</label>
                    <select id="consumer-position" onchange={on_position}>
                        { for [StartingPosition::Latest, StartingPosition::TrimHorizon].into_iter().map(|option| html! {
                            <option value={option.as_str()} selected={*position == option}>{ option.as_str() }</option>
                        }) }
                    </select>
                </div>
                <button type="button" onclick={on_add.clone().unwrap_or_default()} disabled={on_add.is_none()}>
                    { "Add consumer" }
                </button>
            </div>
            if props.consumers.is_empty() {
                <p class="hint">{ "None running. A consumer reads every shard once a simulated second with GetRecords, sharing each shard's 2 MiB a second of reads with the others." }</p>
            } else {
                <ul class="producers consumers" aria-labelledby="consumers-heading">
                    { for props.consumers.iter().map(|(id, spec, behind_ms)| {
                        let id = *id;
                        let on_stop = props.on_stop.reform(move |_: MouseEvent| id);
                        html! {
                            <li key={id}>
                                <span class="producer-name">{ &spec.name }</span>
                                <span class="producer-rate">
                                    { format!("reads {} from {}, ", spec.stream_name, spec.starting_position.as_str()) }
                                    <span class={classes!((*behind_ms >= 1000).then_some("behind"))}>{ behind(*behind_ms) }</span>
                                </span>
                                <button type="button" onclick={on_stop}>{ "Stop consumer" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </>
    }
}
