//! One row of described traffic in the inspector: a producer's or consumer's calls in one
//! minute, summed up, which opens (a disclosure button) onto the minute's first call written
//! out again, as the inspector shows any call (docs/behaviour.md §11.12). The call is written
//! out when the row is opened, not on every render: a PutRecords call of 500 records is
//! hundreds of kilobytes.

use std::rc::Rc;

use yew::prelude::*;

use super::exchange_view::ExchangeView;
use crate::playground::{Exchange, call_log, format};
use crate::sim::CallMinute;

#[derive(Properties)]
pub struct CallMinuteViewProps {
    pub minute: Rc<CallMinute>,
    /// Writes out the minute's first call, or says why it cannot.
    pub sample: Callback<Rc<CallMinute>, Result<Rc<Exchange>, &'static str>>,
    /// Unique among the rows, for element ids.
    pub id: AttrValue,
}

/// The same row: the same minute (a minute under way is a new one at each render, and is drawn
/// again, as its counts change), without comparing what its first call is cut from.
impl PartialEq for CallMinuteViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.minute, &other.minute) && self.id == other.id && self.sample == other.sample
    }
}

#[component]
pub fn CallMinuteView(props: &CallMinuteViewProps) -> Html {
    // The call written out, for the minute it was written out for: a row under way goes on to
    // the next minute, and closes then.
    let opened = use_state(|| None::<(i64, Result<Rc<Exchange>, &'static str>)>);
    let minute = &props.minute;
    let shown = opened.as_ref().filter(|(minute_ms, _)| *minute_ms == minute.minute_ms).map(|(_, call)| call);
    let on_toggle = {
        let (opened, sample, minute) = (opened.clone(), props.sample.clone(), Rc::clone(minute));
        let open = shown.is_some();
        Callback::from(move |_: MouseEvent| {
            opened.set((!open).then(|| (minute.minute_ms, sample.emit(Rc::clone(&minute)))));
        })
    };
    let summary = call_log::summary(minute);
    let detail_id = format!("{}-sample", props.id);
    let open = shown.is_some();
    let detail = match shown {
        None => Html::default(),
        Some(Ok(exchange)) => html! {
            <ol class="exchanges sample" id={detail_id.clone()} aria-label="The minute's first call">
                <ExchangeView exchange={Rc::clone(exchange)} newest=true sample={AttrValue::from(format!("{}-call", props.id))} />
            </ol>
        },
        Some(Err(why)) => html! { <p class="sample-gone" id={detail_id.clone()}>{ *why }</p> },
    };
    let throttled = minute.throttled > 0;
    html! {
        <li class={classes!("call-minute", throttled.then_some("throttled"))} aria-label={summary.clone()}>
            <button type="button" class="exchange-head" aria-expanded={open.to_string()}
                    aria-controls={open.then_some(detail_id)} onclick={on_toggle}>
                <time class="at" title={format::utc(minute.minute_ms)}>{ format::utc_time_of_day(minute.minute_ms) }</time>
                <span class="operation">{ summary }</span>
            </button>
            { detail }
        </li>
    }
}
