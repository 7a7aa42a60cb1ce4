//! The Metrics and Cost regions for the stream chosen in "Metrics for": its per-minute metrics
//! under their CloudWatch names, newest first, and what its traffic cost in its capacity mode
//! beside what it would have cost in the other (docs/behaviour.md §11.6, §11.9).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::playground::charts::{self, Chart, Period};
use crate::playground::format;
use crate::playground::metrics_view::{MinuteRow, dollars};
use crate::playground::traffic_form::thousands;
use crate::sim::{Bill, Costs, LineItem, StreamMode, US_EAST_2021};

#[derive(Properties, PartialEq)]
pub struct MetricsPanelProps {
    /// The streams to choose from, by name, and the one chosen.
    pub streams: Vec<String>,
    pub chosen: Option<String>,
    /// The chosen stream's latest minutes, newest first, and its costs.
    pub minutes: Vec<MinuteRow>,
    /// The chosen stream's charts over the chosen period.
    pub charts: Vec<Chart>,
    pub period: Period,
    pub on_period: Callback<Period>,
    pub costs: Option<Costs>,
    pub on_choose: Callback<String>,
}

fn mode_name(mode: StreamMode) -> &'static str {
    match mode {
        StreamMode::OnDemand => "on-demand",
        StreamMode::Provisioned => "provisioned",
    }
}

/// A line's quantity: units counted whole, hours and gigabytes to three decimals.
fn quantity(item: &LineItem) -> String {
    let amount = if item.unit == "units" { thousands(item.quantity as u64) } else { format::fixed(item.quantity, 3) };
    format!("{amount} {}", item.unit)
}

/// A chart as an SVG image named by its summary, with its scale, legend and time axis as text.
fn chart_figure(chart: &Chart, since: &'static str) -> Html {
    let view_box = format!("0 0 {} {}", charts::WIDTH, charts::HEIGHT);
    html! {
        <figure class="chart">
            <figcaption>
                <span class="chart-title">{ chart.title }</span>
                if chart.lines.len() > 1 {
                    <span class="legend" aria-hidden="true">
                        { for chart.lines.iter().map(|line| html! {
                            <span class={classes!("key", line.class)}>{ line.label }</span>
                        }) }
                    </span>
                }
            </figcaption>
            <div class="plot">
                <span class="scale-top" aria-hidden="true">{ &chart.top }</span>
                <svg role="img" aria-label={chart.summary.clone()} viewBox={view_box} preserveAspectRatio="none">
                    { for chart.lines.iter().map(|line| html! {
                        <polyline class={line.class} points={line.points.clone()} vector-effect="non-scaling-stroke" />
                    }) }
                </svg>
            </div>
            <p class="chart-axis" aria-hidden="true"><span>{ since }</span><span>{ "now" }</span></p>
        </figure>
    }
}

/// A bill as a list of its lines and their dollars.
fn bill_lines(bill: &Bill) -> Html {
    html! {
        <ul class="bill">
            { for bill.items.iter().map(|item| html! {
                <li>
                    <span>{ item.what }</span>
                    <span class="quantity">{ quantity(item) }</span>
                    <span class="amount">{ dollars(item.dollars()) }</span>
                </li>
            }) }
        </ul>
    }
}

#[component]
pub fn MetricsPanel(props: &MetricsPanelProps) -> Html {
    let on_choose = props.on_choose.reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    let chosen = props.chosen.clone().unwrap_or_default();
    let on_period = props.on_period.reform(|event: Event| {
        Period::from_id(&event.target_unchecked_into::<HtmlSelectElement>().value()).unwrap_or_default()
    });
    let since = match props.period {
        Period::Hour => "an hour ago",
        Period::SixHours => "6 hours ago",
        Period::Day => "24 hours ago",
    };
    html! {
        <>
        <section class="metrics" aria-labelledby="metrics-heading">
            <h2 id="metrics-heading">{ "Metrics" }</h2>
            <div class="field">
                <label for="metrics-stream">{ "Metrics for" }</label>
                <select id="metrics-stream" onchange={on_choose} disabled={props.streams.is_empty()}>
                    { for props.streams.iter().map(|name| html! {
                        <option value={name.clone()} selected={*name == chosen}>{ name }</option>
                    }) }
                </select>
            </div>
            if !props.minutes.is_empty() {
            <div class="field">
                <label for="chart-period">{ "Charts over" }</label>
                <select id="chart-period" onchange={on_period}>
                    { for Period::ALL.iter().map(|period| html! {
                        <option value={period.id()} selected={*period == props.period}>{ period.label() }</option>
                    }) }
                </select>
            </div>
                <div class="charts">
                    { for props.charts.iter().map(|chart| chart_figure(chart, since)) }
                </div>
            }
            if props.minutes.is_empty() {
                <p class="hint">{ "No minute with traffic yet: start a producer, or put records from the console." }</p>
            } else {
                <div class="table-scroll">
                    <table aria-label="Metrics per minute">
                        <thead>
                            <tr>
                                <th scope="col">{ "Minute (UTC)" }</th>
                                <th scope="col">{ "IncomingBytes" }</th>
                                <th scope="col">{ "IncomingRecords" }</th>
                                <th scope="col">{ "WriteProvisionedThroughputExceeded" }</th>
                                <th scope="col">{ "ReadProvisionedThroughputExceeded" }</th>
                                <th scope="col">{ "GetRecords.IteratorAgeMilliseconds" }</th>
                                <th scope="col">{ "Open shards" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for props.minutes.iter().map(|row| html! {
                                <tr key={row.start_ms}>
                                    <th scope="row">{ format::utc(row.start_ms).trim_end_matches(" UTC") }</th>
                                    <td>{ thousands(row.incoming_bytes) }</td>
                                    <td>{ thousands(row.incoming_records) }</td>
                                    <td class={classes!((row.write_exceeded > 0).then_some("throttled"))}>{ thousands(row.write_exceeded) }</td>
                                    <td class={classes!((row.read_exceeded > 0).then_some("throttled"))}>{ thousands(row.read_exceeded) }</td>
                                    <td>{ row.iterator_age_ms.map_or_else(|| "–".to_owned(), thousands) }</td>
                                    <td>{ row.open_shards }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
        if let Some(costs) = &props.costs {
            <section class="cost" aria-labelledby="cost-heading">
                <h2 id="cost-heading">{ "Cost" }</h2>
                <p class="hint">
                    { format!("Estimates at the {} prices of {}, before any free tier or discount.", US_EAST_2021.region, US_EAST_2021.as_of) }
                </p>
                <div class="bills">
                    <div class="bill-card">
                        <h3>{ "As it ran" }</h3>
                        <p class="total">{ dollars(costs.as_run.dollars()) }</p>
                        { bill_lines(&costs.as_run) }
                        <p class="monthly">{ format!("{} a month at the current rate", dollars(costs.monthly.dollars())) }</p>
                    </div>
                    <div class="bill-card">
                        <h3>{ format!("The same traffic {}", mode_name(costs.other_mode)) }</h3>
                        <p class="total">{ dollars(costs.other.dollars()) }</p>
                        { bill_lines(&costs.other) }
                        <p class="monthly">{ format!("{} a month at the current rate", dollars(costs.monthly_other.dollars())) }</p>
                        if costs.other_mode == StreamMode::Provisioned {
                            <p class="hint">{ format!(
                                "Sized for the busiest second so far: {} shard{}.",
                                costs.needed_shards, if costs.needed_shards == 1 { "" } else { "s" }
                            ) }</p>
                        }
                    </div>
                </div>
            </section>
        }
        </>
    }
}
