//! One stream: name, status with a countdown to its next change, mode, open shards, and the
//! actions the API offers for it. Each action is an API request, shown in the inspector.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::playground::{StreamRow, format, requests};
use crate::sim::{Operation, StreamMode, StreamStatus};

#[derive(Properties, PartialEq)]
pub struct StreamItemProps {
    pub row: StreamRow,
    pub on_send: Callback<(Operation, String)>,
    /// Opens the stream's detail view.
    #[prop_or_default]
    pub on_select: Callback<String>,
    #[prop_or_default]
    pub readonly: bool,
    /// The result of the newest call, when it acted on this stream (`result_line`).
    #[prop_or_default]
    pub result: Option<Html>,
}

fn status_class(status: StreamStatus) -> &'static str {
    match status {
        StreamStatus::Active => "status active",
        StreamStatus::Creating | StreamStatus::Updating => "status changing",
        StreamStatus::Deleting => "status deleting",
    }
}

fn countdown_text(row: &StreamRow) -> String {
    let Some(remaining) = row.next_transition_in_ms.map(format::countdown) else { return String::new() };
    match row.status {
        StreamStatus::Deleting => format!("gone in {remaining}"),
        _ => format!("ACTIVE in {remaining}"),
    }
}

#[component]
pub fn StreamItem(props: &StreamItemProps) -> Html {
    let row = &props.row;
    let target = use_state(|| (row.open_shard_count.max(1) * 2).to_string());
    let send = |operation: Operation, body: String| {
        let on_send = props.on_send.clone();
        Callback::from(move |_: MouseEvent| on_send.emit((operation, body.clone())))
    };

    let (switch_label, other_mode) = match row.mode {
        StreamMode::Provisioned => ("Switch to on-demand", StreamMode::OnDemand),
        StreamMode::OnDemand => ("Switch to provisioned", StreamMode::Provisioned),
    };
    let on_switch = send(Operation::UpdateStreamMode, requests::update_stream_mode(&row.arn, other_mode));
    let on_describe = {
        let (on_send, on_select) = (props.on_send.clone(), props.on_select.clone());
        let (name, body) = (row.name.clone(), requests::stream_name_only(&row.name));
        Callback::from(move |_: MouseEvent| {
            on_select.emit(name.clone());
            on_send.emit((Operation::DescribeStream, body.clone()));
        })
    };
    let on_delete = send(Operation::DeleteStream, requests::stream_name_only(&row.name));
    let on_target = {
        let target = target.clone();
        Callback::from(move |event: InputEvent| target.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_update = send(Operation::UpdateShardCount, requests::update_shard_count(&row.name, &target));
    let on_target_key = {
        let (on_send, body) = (props.on_send.clone(), requests::update_shard_count(&row.name, &target));
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" {
                on_send.emit((Operation::UpdateShardCount, body.clone()));
            }
        })
    };

    let shards = match (row.status, row.open_shard_count) {
        (StreamStatus::Creating, _) => "no shards yet".to_owned(),
        (_, 1) => "1 open shard".to_owned(),
        (_, count) => format!("{count} open shards"),
    };
    let target_id = format!("target-{}", row.name);
    html! {
        <li class="stream" aria-label={row.name.clone()}>
            <div class="stream-head">
                <span class="stream-name">{ &row.name }</span>
                <span class={status_class(row.status)}>{ row.status.as_str() }</span>
            </div>
            <div class="stream-meta">
                <span class="details">
                    <span class="mode">{ row.mode.as_str() }</span>{ " · " }<span class="shards">{ shards }</span>
                </span>
                <span class="countdown">{ countdown_text(row) }</span>
            </div>
            if props.readonly {
                <div class="actions">
                    <button type="button" onclick={on_describe}>{ "Describe stream" }</button>
                </div>
            } else {
                <div class="actions">
                    <button type="button" onclick={on_switch}>{ switch_label }</button>
                    <button type="button" onclick={on_describe}>{ "Describe stream" }</button>
                    <button type="button" class="danger" onclick={on_delete}>{ "Delete stream" }</button>
                </div>
            }
            if row.mode == StreamMode::Provisioned && !props.readonly {
                <div class="actions reshard">
                    <label for={target_id.clone()}>{ "Target shard count" }</label>
                    <input id={target_id} type="number" inputmode="numeric" step="1" value={(*target).clone()}
                           oninput={on_target} onkeydown={on_target_key} />
                    <button type="button" onclick={on_update}>{ "Update shard count" }</button>
                </div>
            }
            if let Some(result) = props.result.clone() {
                { result }
            }
        </li>
    }
}
