//! A stream in detail: its shard map drawn across the hash key space 0..2^128, open shards above
//! and closed ones below, with each shard's range, id, parents and starting sequence number; and
//! the raw pages of DescribeStream, one request each, as the API pages them.

use yew::prelude::*;

use crate::playground::{ExchangeLog, ShardView, requests};
use crate::sim::Operation;
use crate::sim::json::{self, Value};

#[derive(Properties, PartialEq)]
pub struct StreamDetailProps {
    pub name: String,
    pub shards: Vec<ShardView>,
    /// The log, to show this stream's DescribeStream pages.
    pub exchanges: ExchangeLog,
    pub on_send: Callback<(Operation, String)>,
    pub on_close: Callback<()>,
}

/// A point of the key space as a CSS percentage, worked out in integers: float formatting would
/// cost the bundle kilobytes.
fn percent(key: u128) -> String {
    // Millionths of a percent: the top 64 bits of the key, scaled from 2^64 to 10^8.
    let millionths = (key >> 64) * 100_000_000 / (1u128 << 64);
    format!("{}.{:06}%", millionths / 1_000_000, millionths % 1_000_000)
}

fn describe(shard: &ShardView) -> String {
    let mut text = format!(
        "{} ({}): hash keys {} to {}, starting sequence number {}",
        shard.shard_id,
        if shard.open { "open" } else { "closed" },
        shard.starting_hash_key,
        shard.ending_hash_key,
        shard.starting_sequence_number
    );
    if let Some(parent) = &shard.parent {
        text.push_str(&format!(", parent {parent}"));
    }
    if let Some(adjacent) = &shard.adjacent_parent {
        text.push_str(&format!(", adjacent parent {adjacent}"));
    }
    // An idle shard's name stays short: only a shard with writes says how close to its limit.
    if let Some(load) = shard.load_percent.filter(|&load| load > 0) {
        text.push_str(&format!(", writes at {load}% of its limit"));
    }
    text
}

/// How an open shard is drawn for its load: a colour between idle and hot (static/style.css),
/// and a band name that stands out without colour too.
fn load_style(shard: &ShardView) -> (String, Option<&'static str>) {
    let Some(load) = shard.load_percent else { return (String::new(), None) };
    let band = match load {
        100.. => "at-limit",
        80.. => "near-limit",
        _ => "",
    };
    (format!("; --load: {load}%"), (!band.is_empty()).then_some(band))
}

/// `shardId-000000000012` as `12`, to fit a narrow segment.
fn short_id(shard: &ShardView) -> String {
    shard.shard_id.trim_start_matches("shardId-").parse::<u32>().map(|n| n.to_string()).unwrap_or_default()
}

fn bar(shards: &[&ShardView], label: &str) -> Html {
    html! {
        <div class="shard-bar" role="list" aria-label={label.to_owned()}>
            { for shards.iter().map(|shard| {
                let (load, band) = load_style(shard);
                html! {
                    <div role="listitem" class={classes!("shard", (!shard.open).then_some("closed"), band)}
                         style={format!("left: {}; width: {}{load}", percent(shard.starting_hash_key),
                                        percent(shard.ending_hash_key.saturating_sub(shard.starting_hash_key)))}
                         title={describe(shard)} aria-label={describe(shard)} tabindex="0">
                        <span>{ short_id(shard) }</span>
                    </div>
                }
            }) }
        </div>
    }
}

#[component]
pub fn StreamDetail(props: &StreamDetailProps) -> Html {
    let open: Vec<&ShardView> = props.shards.iter().filter(|s| s.open).collect();
    let closed: Vec<&ShardView> = props.shards.iter().filter(|s| !s.open).collect();
    // The generations that have closed shards, newest first: marked, then read out backwards,
    // rather than sorted (a sort would be the bundle's only unstable sort, 3 KB of wasm).
    let mut has_closed = vec![false; closed.iter().map(|s| s.generation as usize + 1).max().unwrap_or(0)];
    for shard in &closed {
        has_closed[shard.generation as usize] = true;
    }
    let generations: Vec<u32> = (0..has_closed.len() as u32).rev().filter(|&g| has_closed[g as usize]).collect();
    // This stream's DescribeStream pages (newest first below) and where the next page starts,
    // found once per call rather than on every render: the log may hold tens of thousands.
    let pages = use_memo((props.exchanges.clone(), props.name.clone()), |(exchanges, name)| {
        let pages = exchanges.matching(|e| e.operation == Operation::DescribeStream && e.stream_name() == Some(name));
        let next_start = pages.last().and_then(|page| {
            let answer = json::parse(&page.response_body).ok()?;
            let description = answer.root().get("StreamDescription")?;
            if description.get("HasMoreShards").and_then(Value::as_bool) != Some(true) {
                return None;
            }
            let last = description.get("Shards")?.as_array()?.iter().next_back()?;
            last.get("ShardId")?.as_str().map(str::to_owned)
        });
        (pages, next_start)
    });
    let (pages, next_start) = (&pages.0, pages.1.clone());
    let on_next = next_start.map(|start| {
        let body = requests::describe_stream_page(&props.name, &start);
        let on_send = props.on_send.clone();
        Callback::from(move |_: MouseEvent| on_send.emit((Operation::DescribeStream, body.clone())))
    });
    let on_close = props.on_close.reform(|_: MouseEvent| ());

    html! {
        <section class="stream-detail" aria-label="Stream details">
            <div class="detail-head">
                <h2>{ format!("Stream {}", props.name) }</h2>
                <button type="button" class="small" onclick={on_close}>{ "Close" }</button>
            </div>
            <p class="axis"><span>{ "0" }</span><span>{ "hash key space" }</span><span>{ "2^128 - 1" }</span></p>
            if props.shards.is_empty() {
                <p class="empty">{ "No shards to show yet: a stream lists none while it is CREATING or DELETING." }</p>
            } else {
                { bar(&open, "Open shards") }
                if open.iter().any(|shard| shard.load_percent.is_some()) {
                    <p class="load-legend">
                        { "Write load: idle" }<span class="ramp" aria-hidden="true"></span>{ "at the limit (striped from 80%)" }
                    </p>
                }
                if !closed.is_empty() {
                    // One row per generation, newest first: closed shards of one generation never
                    // overlap, those of different generations do.
                    <div role="group" aria-label="Closed shards">
                        { for generations.iter().map(|&generation| {
                            let row: Vec<&ShardView> = closed.iter().copied().filter(|s| s.generation == generation).collect();
                            bar(&row, &format!("Closed shards, generation {generation}"))
                        }) }
                    </div>
                }
                // The explicit roles keep the table a table for assistive technology where the
                // narrow layout (static/style.css) stacks its rows.
                <table class="shards-table" role="table">
                    <thead><tr role="row"><th role="columnheader">{ "ShardId" }</th><th role="columnheader">{ "Parent" }</th>
                        <th role="columnheader">{ "Hash keys" }</th><th role="columnheader">{ "State" }</th>
                        <th role="columnheader">{ "Write load" }</th></tr></thead>
                    <tbody>
                        { for props.shards.iter().map(|shard| html! {
                            <tr role="row" class={classes!((!shard.open).then_some("closed"))}>
                                <td role="cell" class="id">{ &shard.shard_id }</td>
                                <td role="cell" class={classes!("parent", shard.parent.is_none().then_some("none"))}>
                                    <span class="id">{ shard.parent.clone().unwrap_or_default() }</span>
                                    if let Some(adjacent) = &shard.adjacent_parent {
                                        { " + " }<span class="id">{ adjacent }</span>
                                    }
                                </td>
                                <td role="cell" class="keys">{ format!("{} – {}", shard.starting_hash_key, shard.ending_hash_key) }</td>
                                <td role="cell" class="state">{ if shard.open { "open" } else { "closed" } }</td>
                                <td role="cell" class="load">{ shard.load_percent.map_or_else(|| "–".to_owned(), |load| format!("{load}%")) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            <h3>{ "DescribeStream pages" }</h3>
            if pages.is_empty() {
                <p class="empty">{ "Describe stream to see its pages here." }</p>
            } else {
                <ol class="pages">
                    // Focusable, so that the keyboard scrolls a long page (older browsers do not
                    // make scrolling boxes focusable themselves).
                    { for pages.iter().rev().take(5).map(|page| html! {
                        <li><pre class="body raw" tabindex="0" role="group"
                                 aria-label={format!("DescribeStream response, call {}", page.sequence)}>
                            <code>{ &page.response_body }</code></pre></li>
                    }) }
                </ol>
            }
            if let Some(on_next) = on_next {
                <button type="button" onclick={on_next}>{ "Next page" }</button>
            }
        </section>
    }
}
