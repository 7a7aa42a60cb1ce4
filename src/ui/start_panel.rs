//! The start panel: what a shard is and what the two capacity modes mean, side by side in three
//! lines each, and menus of the tutorials and scenarios the page offers. Open on a first visit
//! (an empty account); a disclosure the learner can open again at any time. The figures and
//! prices are the service's of the 2021 release (docs/behaviour.md §6.5).

use yew::prelude::*;

use crate::playground::catalog::{self, Entry};

#[derive(Properties, PartialEq)]
pub struct StartPanelProps {
    /// Whether it starts open; later renders leave it as the learner set it.
    pub open: bool,
}

/// Who manages capacity, what a stream can take, and how it is billed.
const MODES: [(&str, [(&str, &str); 3]); 2] = [
    (
        "Provisioned",
        [
            ("Capacity", "You choose the number of shards, and reshard as traffic changes."),
            ("Throughput", "Each shard takes 1 MB or 1,000 records a second of writes and 2 MB a second of reads."),
            ("Billing", "Per shard-hour, plus each 25 KB of every record written."),
        ],
    ),
    (
        "On-demand",
        [
            ("Capacity", "Kinesis manages it, splitting shards as write traffic grows."),
            (
                "Throughput",
                "Starts at 4 MB a second of writes and 8 MB of reads; takes up to double its peak of the last 30 days.",
            ),
            ("Billing", "Per stream-hour, plus each GB written and read."),
        ],
    ),
];

fn menu(label: &'static str, parameter: &'static str, entries: impl Iterator<Item = Entry>) -> Html {
    html! {
        <nav class="start-menu" aria-label={label}>
            <h3>{ label }</h3>
            <ul>
                { for entries.map(|entry| html! {
                    <li>
                        <a href={format!("?{parameter}={}", entry.id)}>{ entry.title }</a>
                        <span class="start-summary">{ entry.summary }</span>
                    </li>
                }) }
            </ul>
        </nav>
    }
}

#[component]
pub fn StartPanel(props: &StartPanelProps) -> Html {
    // Read once: yew then leaves the element's `open` to the learner.
    let open = *use_state(|| props.open);
    html! {
        <details class="start" {open}>
            <summary>{ "Start here: capacity modes, tutorials and scenarios" }</summary>
            <p class="start-intro">
                { "A Kinesis data stream is made of shards. Each shard owns a slice of the partition-key \
                   hash space and has its own throughput, so the shards a stream has are its capacity. \
                   The capacity mode says who decides how many there are:" }
            </p>
            <div class="modes">
                { for MODES.iter().map(|(mode, lines)| html! {
                    <section class="mode" aria-label={format!("{mode} mode")}>
                        <h3>{ *mode }</h3>
                        <dl>
                            { for lines.iter().map(|(term, text)| html! {
                                <><dt>{ *term }</dt><dd>{ *text }</dd></>
                            }) }
                        </dl>
                    </section>
                }) }
            </div>
            <div class="menus">
                { menu("Tutorials", "tutorial", catalog::tutorials()) }
                { menu("Scenarios", "scenario", catalog::scenarios()) }
            </div>
        </details>
    }
}
