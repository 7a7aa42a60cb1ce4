#![cfg(target_arch = "wasm32")]
//! Component tests in headless Chromium (wasm-bindgen-test): each mounts one component into a
//! fresh element, acts on the DOM like a user, and waits for yew's scheduler, never for time.

use std::cell::RefCell;
use std::rc::Rc;

use kinesis_playground::playground::Preset;
use kinesis_playground::playground::{Exchange, ExchangeLog, ShardView, StreamRow};
use kinesis_playground::sim::{AccountLimits, Operation, StreamMode, StreamStatus};
use kinesis_playground::ui::{
    ClockBar, ClockBarProps, CreateStreamForm, CreateStreamFormProps, Inspector, InspectorProps, LimitsPanel,
    LimitsPanelProps, StreamDetail, StreamDetailProps, StreamList, StreamListProps,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::{Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_point() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn find<T: JsCast>(root: &Element, selector: &str) -> T {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into().unwrap()
}

fn text(root: &Element, selector: &str) -> String {
    find::<HtmlElement>(root, selector).inner_text()
}

fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn stream_list_shows_status_mode_and_countdown() {
    let root = mount_point();
    let rows = vec![
        StreamRow {
            name: "orders".into(),
            arn: "arn:aws:kinesis:us-east-1:123456789012:stream/orders".into(),
            status: StreamStatus::Creating,
            mode: StreamMode::OnDemand,
            open_shard_count: 0,
            next_transition_in_ms: Some(29_001),
        },
        StreamRow {
            name: "logs".into(),
            arn: "arn:aws:kinesis:us-east-1:123456789012:stream/logs".into(),
            status: StreamStatus::Active,
            mode: StreamMode::Provisioned,
            open_shard_count: 2,
            next_transition_in_ms: None,
        },
    ];
    let sent: Rc<RefCell<Vec<(Operation, String)>>> = Rc::default();
    let on_send = {
        let sent = Rc::clone(&sent);
        Callback::from(move |request| sent.borrow_mut().push(request))
    };
    Renderer::<StreamList>::with_root_and_props(
        root.clone(),
        StreamListProps {
            rows,
            on_send,
            on_select: Callback::noop(),
            readonly: false,
            start_panel: false,
            result: None,
        },
    )
    .render();
    yew::scheduler::flush().await;

    let list: Element = find(&root, "ul[aria-label='Streams']");
    assert_eq!(list.children().length(), 2);
    let first = text(&root, "li:nth-child(1)");
    for expected in ["orders", "CREATING", "ON_DEMAND", "ACTIVE in 30 s"] {
        assert!(first.contains(expected), "{expected:?} missing from {first:?}");
    }
    let second = text(&root, "li:nth-child(2)");
    assert!(
        second.contains("ACTIVE") && second.contains("PROVISIONED") && second.contains("2 open shards"),
        "{second:?}"
    );
    assert!(!second.contains("ACTIVE in"), "an ACTIVE stream has no countdown: {second:?}");

    // Actions follow the mode: only a provisioned stream offers Update shard count.
    assert!(first.contains("Switch to provisioned") && !first.contains("Update shard count"), "{first:?}");
    assert!(second.contains("Switch to on-demand") && second.contains("Update shard count"), "{second:?}");
    find::<HtmlElement>(&root, "li:nth-child(1) .actions button").click();
    find::<HtmlElement>(&root, "li:nth-child(2) .reshard button").click();
    yew::scheduler::flush().await;
    assert_eq!(
        *sent.borrow(),
        [
            (
                Operation::UpdateStreamMode,
                r#"{"StreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/orders","StreamModeDetails":{"StreamMode":"PROVISIONED"}}"#.to_owned()
            ),
            (
                Operation::UpdateShardCount,
                r#"{"StreamName":"logs","TargetShardCount":4,"ScalingType":"UNIFORM_SCALING"}"#.to_owned()
            ),
        ]
    );
}

#[wasm_bindgen_test]
async fn create_stream_form_sends_what_was_typed() {
    let root = mount_point();
    let sent: Rc<RefCell<Vec<(Operation, String)>>> = Rc::default();
    let on_send = {
        let sent = Rc::clone(&sent);
        Callback::from(move |request| sent.borrow_mut().push(request))
    };
    Renderer::<CreateStreamForm>::with_root_and_props(root.clone(), CreateStreamFormProps { on_send }).render();
    yew::scheduler::flush().await;

    type_into(&find(&root, "#stream-name"), "orders");
    find::<HtmlElement>(&root, "input[value='PROVISIONED']").click();
    yew::scheduler::flush().await;
    let shard_count: HtmlInputElement = find(&root, "#shard-count");
    assert_eq!(shard_count.value(), "1", "choosing provisioned proposes one shard");
    type_into(&shard_count, "3");
    yew::scheduler::flush().await;
    find::<HtmlElement>(&root, "button[type='submit']").click();
    yew::scheduler::flush().await;

    find::<HtmlElement>(&root, "input[value='ON_DEMAND']").click();
    yew::scheduler::flush().await;
    assert_eq!(find::<HtmlInputElement>(&root, "#shard-count").value(), "", "on-demand takes no shard count");
    type_into(&find(&root, "#stream-name"), "bad name");
    yew::scheduler::flush().await;
    assert!(text(&root, "#stream-name-hint").contains("ValidationException"));
    find::<HtmlElement>(&root, "button[type='submit']").click();
    yew::scheduler::flush().await;

    assert_eq!(
        *sent.borrow(),
        [
            (
                Operation::CreateStream,
                r#"{"StreamName":"orders","ShardCount":3,"StreamModeDetails":{"StreamMode":"PROVISIONED"}}"#.to_owned()
            ),
            (
                Operation::CreateStream,
                r#"{"StreamName":"bad name","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#.to_owned()
            ),
        ]
    );
}

#[wasm_bindgen_test]
async fn inspector_shows_headers_bodies_and_errors() {
    let root = mount_point();
    let mut exchanges = ExchangeLog::default();
    exchanges.push(Exchange::new(
        1_700_000_000_000,
        Operation::CreateStream,
        r#"{"StreamName":"a","ShardCount":1}"#.into(),
        200,
        String::new(),
    ));
    exchanges.push(Exchange::new(
        1_700_000_001_000,
        Operation::DescribeStreamSummary,
        r#"{"StreamName":"b"}"#.into(),
        400,
        r#"{"__type":"ResourceNotFoundException","message":"Stream b under account 123456789012 not found."}"#.into(),
    ));
    Renderer::<Inspector>::with_root_and_props(
        root.clone(),
        InspectorProps { exchanges, endpoint: None, calls: Default::default(), sample: None },
    )
    .render();
    yew::scheduler::flush().await;

    // Newest first.
    let newest = text(&root, "li.exchange:nth-child(1)");
    assert!(newest.contains("#2") && newest.contains("400 ResourceNotFoundException"), "{newest:?}");
    assert!(newest.contains("X-Amz-Target: Kinesis_20131202.DescribeStreamSummary"), "{newest:?}");
    assert!(newest.contains("Content-Type: application/x-amz-json-1.1"), "{newest:?}");
    assert!(newest.contains("not found."), "{newest:?}");
    assert!(find::<Element>(&root, "li.exchange:nth-child(1)").class_name().split_whitespace().any(|c| c == "error"));
    // Older calls are one line until opened.
    let head: HtmlButtonElement = find(&root, "li.exchange:nth-child(2) button.exchange-head");
    assert_eq!(head.get_attribute("aria-expanded").as_deref(), Some("false"));
    let oldest = text(&root, "li.exchange:nth-child(2)");
    assert!(oldest.contains("#1") && oldest.contains("200 OK") && oldest.contains("0 B"), "{oldest:?}");
    assert!(!oldest.contains("X-Amz-Target"), "{oldest:?}");
    assert_eq!(text(&root, "li.exchange:nth-child(2) time"), "22:13:20");
    head.click();
    yew::scheduler::flush().await;
    // The same button, opened: a keyboard user's focus stays where it was.
    assert_eq!(head.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(head.is_connected());
    assert!(text(&root, "li.exchange:nth-child(2)").contains("(empty body)"));
    assert!(text(&root, "li.exchange:nth-child(1)").contains("X-Amz-Target"), "the newest stays open");
}

#[wasm_bindgen_test]
async fn inspector_draws_the_newest_hundred_and_more_on_request() {
    let root = mount_point();
    let mut exchanges = ExchangeLog::default();
    for i in 0..250 {
        let body = format!(r#"{{"StreamName":"s{i}"}}"#);
        exchanges.push(Exchange::new(1_700_000_000_000 + i, Operation::DescribeStreamSummary, body, 200, "{}".into()));
    }
    Renderer::<Inspector>::with_root_and_props(
        root.clone(),
        InspectorProps { exchanges, endpoint: None, calls: Default::default(), sample: None },
    )
    .render();
    yew::scheduler::flush().await;
    let drawn = || root.query_selector_all("li.exchange").unwrap().length();
    assert_eq!(drawn(), 100);
    assert!(text(&root, "li.exchange:nth-child(1)").contains("#250"));
    let older: HtmlButtonElement = find(&root, "button.show-older");
    assert_eq!(older.text_content().unwrap(), "Show older calls (150 more)");
    older.click();
    yew::scheduler::flush().await;
    assert_eq!(drawn(), 200);
    find::<HtmlButtonElement>(&root, "button.show-older").click();
    yew::scheduler::flush().await;
    assert_eq!(drawn(), 250);
    assert!(root.query_selector("button.show-older").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn clock_bar_reports_pause_speed_and_durations() {
    let root = mount_point();
    let events: Rc<RefCell<Vec<String>>> = Rc::default();
    let record = |prefix: &'static str| {
        let events = Rc::clone(&events);
        Callback::from(move |value: String| events.borrow_mut().push(format!("{prefix} {value}")))
    };
    let props = ClockBarProps {
        now_ms: 1_700_000_000_000,
        paused: false,
        speed: 1,
        preset: Preset::Realistic,
        can_skip: false,
        speed_pinned: false,
        on_skip: record("skip").reform(|_| String::new()),
        on_advance: record("advance").reform(|ms: i64| ms.to_string()),
        jump_progress: Some(0.426),
        on_pause: record("pause").reform(|paused: bool| paused.to_string()),
        on_speed: record("speed").reform(|speed: u32| speed.to_string()),
        on_preset: record("preset").reform(|preset: Preset| format!("{preset:?}")),
    };
    Renderer::<ClockBar>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    assert_eq!(text(&root, "time"), "2023-11-14 22:13:20 UTC");
    let skip: HtmlButtonElement = find(&root, "button:not(.pause):not(.advance)");
    assert!(skip.disabled(), "nothing to skip to");
    find::<HtmlElement>(&root, "button.pause").click();
    let advances = root.query_selector_all("button.advance").unwrap();
    assert_eq!(advances.length(), 3);
    let day: HtmlElement = advances.get(2).unwrap().dyn_into().unwrap();
    assert_eq!(day.text_content().unwrap_or_default(), "Advance 1 day");
    assert_eq!(text(&root, ".jumping"), "Advancing… 42%", "a jump under way shows how far it has come");
    day.click();
    let change = |select: &HtmlSelectElement, value: &str| {
        select.set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        select.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    };
    let selects = root.query_selector_all("select").unwrap();
    change(&selects.get(0).unwrap().dyn_into().unwrap(), "60");
    change(&selects.get(1).unwrap().dyn_into().unwrap(), "fast");
    yew::scheduler::flush().await;
    assert_eq!(*events.borrow(), ["pause true", "advance 86400000", "speed 60", "preset Fast"]);
}

#[wasm_bindgen_test]
async fn limits_panel_shows_the_four_figures() {
    let root = mount_point();
    let limits = AccountLimits {
        shard_limit: 500,
        open_shard_count: 7,
        on_demand_stream_count: 2,
        on_demand_stream_count_limit: 50,
    };
    Renderer::<LimitsPanel>::with_root_and_props(root.clone(), LimitsPanelProps { limits }).render();
    yew::scheduler::flush().await;
    let region = text(&root, "section[aria-label='Account limits']");
    for expected in ["OpenShardCount\n7", "ShardLimit\n500", "OnDemandStreamCount\n2", "OnDemandStreamCountLimit\n50"] {
        assert!(region.contains(expected), "{expected:?} missing from {region:?}");
    }
}

#[wasm_bindgen_test]
async fn stream_detail_draws_closed_shards_one_row_per_generation_newest_first() {
    let root = mount_point();
    let shard = |index: u32, open: bool, generation: u32| ShardView {
        shard_id: format!("shardId-{index:012}"),
        parent: None,
        adjacent_parent: None,
        starting_hash_key: u128::from(index) << 120,
        ending_hash_key: (u128::from(index + 1) << 120) - 1,
        starting_sequence_number: "1".repeat(56),
        open,
        generation,
        load_percent: open.then_some(index * 20),
    };
    // Generations 0 and 2 have closed shards, 1 has none, 3 is open only.
    let shards = vec![shard(0, false, 0), shard(1, false, 0), shard(4, false, 2), shard(5, true, 3)];
    let props = StreamDetailProps {
        name: "orders".into(),
        shards,
        exchanges: ExchangeLog::default(),
        on_send: Callback::noop(),
        on_close: Callback::noop(),
    };
    Renderer::<StreamDetail>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let rows = root.query_selector_all("[aria-label='Closed shards'] [role='list']").unwrap();
    let labels: Vec<String> = (0..rows.length())
        .map(|i| rows.item(i).unwrap().dyn_into::<Element>().unwrap().get_attribute("aria-label").unwrap())
        .collect();
    assert_eq!(labels, ["Closed shards, generation 2", "Closed shards, generation 0"]);
    let open = root.query_selector_all("[aria-label='Open shards'] [role='listitem']").unwrap();
    assert_eq!(open.length(), 1);
    // The open shard runs at its limit: said in its name, marked beyond its colour.
    let hot = open.item(0).unwrap().dyn_into::<Element>().unwrap();
    assert!(hot.get_attribute("aria-label").unwrap().ends_with(", writes at 100% of its limit"));
    assert!(hot.get_attribute("class").unwrap().split(' ').any(|class| class == "at-limit"));
    assert!(hot.get_attribute("style").unwrap().contains("--load: 100%"));
    let closed = root.query_selector("[aria-label='Closed shards'] [role='listitem']").unwrap().unwrap();
    assert!(!closed.get_attribute("aria-label").unwrap().contains("writes at"), "no load for a closed shard");
}
