//! The streams of the account: name, status with a countdown to its next change, mode, shards.

use yew::prelude::*;

use crate::playground::{StreamRow, format};
use crate::sim::StreamStatus;

#[derive(Properties, PartialEq)]
pub struct StreamListProps {
    pub rows: Vec<StreamRow>,
}

fn status_class(status: StreamStatus) -> &'static str {
    match status {
        StreamStatus::Active => "status active",
        StreamStatus::Creating | StreamStatus::Updating => "status changing",
        StreamStatus::Deleting => "status deleting",
    }
}

fn countdown_text(row: &StreamRow) -> Option<String> {
    let remaining = format::countdown(row.next_transition_in_ms?);
    Some(match row.status {
        StreamStatus::Deleting => format!("gone in {remaining}"),
        _ => format!("ACTIVE in {remaining}"),
    })
}

#[component]
pub fn StreamList(props: &StreamListProps) -> Html {
    if props.rows.is_empty() {
        return html! {
            <>
                <ul class="streams" aria-label="Streams"></ul>
                <p class="empty">{ "No streams yet. Create one above and watch it become ACTIVE." }</p>
            </>
        };
    }
    html! {
        <ul class="streams" aria-label="Streams">
            { for props.rows.iter().map(|row| {
                let shards = match (row.status, row.open_shard_count) {
                    (StreamStatus::Creating, _) => "no shards yet".to_owned(),
                    (_, 1) => "1 open shard".to_owned(),
                    (_, count) => format!("{count} open shards"),
                };
                html! {
                    <li key={row.name.clone()} class="stream">
                        <span class="stream-name">{ &row.name }</span>
                        <span class={status_class(row.status)}>{ row.status.as_str() }</span>
                        <span class="details">
                            <span class="mode">{ row.mode.as_str() }</span>{ " · " }<span class="shards">{ shards }</span>
                        </span>
                        <span class="countdown">{ countdown_text(row).unwrap_or_default() }</span>
                    </li>
                }
            }) }
        </ul>
    }
}
