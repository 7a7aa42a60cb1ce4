//! The page's body, drawn from an `AccountView`, the same whether the account is simulated here
//! or lives in an attached endpoint: streams with the create form and the account's limits on
//! one side; the detail view, the request console and the inspector on the other (`view=` shows
//! one side only); and the status changes in words, read out rather than shown.

use yew::prelude::*;

use super::create_stream_form::CreateStreamForm;
use super::inspector::{Inspector, SampleCall};
use super::limits_panel::LimitsPanel;
use super::metrics_panel::{MetricsPanel, MetricsPanelProps};
use super::request_console::RequestConsole;
use super::result_line::result_line;
use super::stream_detail::StreamDetail;
use super::stream_list::StreamList;
use super::traffic_panel::{TrafficPanel, TrafficPanelProps};
use crate::playground::options::{PageOptions, View};
use crate::playground::outcome::outcome;
use crate::playground::{AccountView, CallRows, ExchangeLog};
use crate::sim::Operation;

/// Where the newest call's result is drawn: beside the control that made it.
enum ResultPlace {
    CreateForm,
    Stream(String),
    Console,
}

fn result_place(operation: Operation, stream: Option<String>, streams: &[crate::playground::StreamRow]) -> ResultPlace {
    match (operation, stream) {
        (Operation::CreateStream, _) => ResultPlace::CreateForm,
        // The stream's own buttons; the same calls from the console show there too.
        (
            Operation::UpdateStreamMode
            | Operation::DeleteStream
            | Operation::UpdateShardCount
            | Operation::DescribeStream,
            Some(name),
        ) if streams.iter().any(|row| row.name == name) => ResultPlace::Stream(name),
        _ => ResultPlace::Console,
    }
}

/// What the body shows and what its controls call.
pub struct WorkspaceProps {
    pub options: PageOptions,
    /// The account, simulated or attached, with the stream open in the detail view.
    pub view: AccountView,
    pub exchanges: ExchangeLog,
    pub on_send: Callback<(Operation, String)>,
    /// A stream's detail view opens (Some) or closes (None).
    pub on_select: Callback<Option<String>>,
    /// The attached endpoint the calls go to (attach mode).
    pub endpoint: Option<AttrValue>,
    /// Whether the page has the start panel, for the empty states to point to.
    pub start_panel: bool,
    /// The Traffic region, for a simulated account (an attached endpoint has no producers).
    pub traffic: Option<TrafficPanelProps>,
    /// The Metrics and Cost regions, for a simulated account.
    pub metrics: Option<MetricsPanelProps>,
    /// Described traffic's calls per minute for the inspector, and how to write out a row's
    /// first call (a simulated account).
    pub calls: CallRows,
    pub sample: Option<SampleCall>,
    /// How much of the body is drawn yet (`Stage`): the page's first render draws the streams
    /// and their create form, the rest follows a task at a time.
    pub stage: Stage,
}

/// The parts of the body drawn so far. A page that has just loaded draws its first screen in one
/// task and the rest in the tasks after, so no task of its start keeps a slow phone busy for
/// long (time to interactive, `scripts/perf.mjs`). What is above the streams (the header, the
/// clock bar, the start panel) is in the first, so that nothing moves the form once drawn; what
/// follows is below or beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The streams with their create form.
    Streams,
    /// And the Traffic and limits regions.
    Side,
    /// And the Metrics and Cost regions.
    Metrics,
    /// Everything: the request console and the inspector too.
    All,
}

impl Stage {
    /// The stage after this one.
    pub fn next(self) -> Option<Self> {
        match self {
            Self::Streams => Some(Self::Side),
            Self::Side => Some(Self::Metrics),
            Self::Metrics => Some(Self::All),
            Self::All => None,
        }
    }
}

/// A plain function rather than a component: its parts are components that skip unchanged
/// renders themselves, and each component type costs the wasm about a kilobyte.
pub fn workspace(props: WorkspaceProps) -> Html {
    let options = props.options;
    let on_send = &props.on_send;
    let on_list_streams = on_send.reform(|_: MouseEvent| (Operation::ListStreams, "{}".to_owned()));
    let on_select = props.on_select.reform(Some);
    let on_close = props.on_select.reform(|_| None);
    let AccountView { rows, limits, detail, announcement } = props.view;
    let newest = props.exchanges.last();
    let (mut form_result, mut stream_result, mut console_result) = (None, None, None);
    // Every call's outcome is read out, numbered so that two alike are both heard.
    let mut spoken = String::new();
    if let Some(exchange) = &newest {
        let said = outcome(exchange);
        spoken = said.spoken(exchange.sequence);
        let line = result_line(&said, exchange.sequence);
        let stream = exchange.stream_name().map(str::to_owned);
        match result_place(exchange.operation, stream, &rows) {
            ResultPlace::CreateForm => form_result = Some(line),
            ResultPlace::Stream(name) => stream_result = Some((name, line)),
            ResultPlace::Console => console_result = Some(line),
        }
    }
    let console_stream = rows.first().map(|row| (row.name.clone(), row.arn.clone()));
    let view_class = match options.view {
        View::Streams => "view-streams",
        View::Inspector => "view-inspector",
        View::Split => "view-split",
        View::Traffic => "view-traffic",
    };
    let traffic_only = options.view == View::Traffic;
    // The side column, unless the view leaves nothing in it (traffic, read only).
    let side = options.view != View::Inspector && !(traffic_only && props.traffic.is_none());
    let stage = props.stage;
    html! {
        <>
        <div class="visually-hidden" aria-live="polite">{ announcement }</div>
        <div class="visually-hidden" aria-live="polite">{ spoken }</div>
        // Busy until every part is drawn, a few tasks after the page starts.
        <main class={classes!("layout", options.embed.then_some("embedded"), view_class, options.readonly.then_some("readonly"))}
              aria-busy={(stage != Stage::All).then_some("true")}>
            if side {
            <div class="side">
                if !traffic_only {
                <section class="streams-pane" aria-labelledby="streams-heading">
                    <h2 id="streams-heading">{ "Streams" }</h2>
                    if !options.readonly {
                        <CreateStreamForm on_send={on_send.clone()} />
                        if let Some(result) = form_result {
                            { result }
                        }
                    }
                    <StreamList {rows} on_send={on_send.clone()} {on_select} readonly={options.readonly} start_panel={props.start_panel}
                                result={stream_result} />
                    if !options.readonly {
                        <button type="button" class="list-streams" onclick={on_list_streams}>{ "List streams" }</button>
                    }
                </section>
                }
                if let Some(traffic) = props.traffic.filter(|_| stage >= Stage::Side) {
                    <TrafficPanel ..traffic />
                }
                if let Some(limits) = limits.filter(|_| !traffic_only && stage >= Stage::Side) {
                    <LimitsPanel {limits} />
                }
            </div>
            }
            if options.view != View::Streams {
            <div class="work">
                if let Some((name, shards)) = detail {
                    <StreamDetail {shards} exchanges={props.exchanges.clone()} on_send={on_send.clone()} {on_close} {name} />
                }
                if let Some(metrics) = props.metrics.filter(|_| stage >= Stage::Metrics) {
                    <MetricsPanel ..metrics />
                }
                if !options.readonly && !traffic_only && stage >= Stage::All {
                    <RequestConsole stream={console_stream} on_send={on_send.clone()} />
                    if let Some(result) = console_result {
                        { result }
                    }
                }
                if !traffic_only && stage >= Stage::All {
                    <Inspector exchanges={props.exchanges.clone()} endpoint={props.endpoint.clone()}
                               calls={props.calls.clone()} sample={props.sample.clone()} />
                }
            </div>
            }
        </main>
        </>
    }
}
