//! The streams of the account, one item each, with what a learner can do to them.

use yew::prelude::*;

use super::stream_item::StreamItem;
use crate::playground::StreamRow;
use crate::sim::Operation;

#[derive(Properties, PartialEq)]
pub struct StreamListProps {
    pub rows: Vec<StreamRow>,
    /// Receives the operation and exact request body of an action.
    #[prop_or_default]
    pub on_send: Callback<(Operation, String)>,
    #[prop_or_default]
    pub on_select: Callback<String>,
    /// Without the actions that change a stream (embed mode's readonly option).
    #[prop_or_default]
    pub readonly: bool,
    /// Whether the page has the start panel, for the empty list to point to.
    #[prop_or_default]
    pub start_panel: bool,
    /// The result of the newest call and the stream it acted on, drawn on that stream.
    #[prop_or_default]
    pub result: Option<(String, Html)>,
}

#[component]
pub fn StreamList(props: &StreamListProps) -> Html {
    html! {
        <>
            <ul class="streams" aria-label="Streams">
                { for props.rows.iter().map(|row| {
                    let result = props.result.as_ref().filter(|(name, _)| *name == row.name).map(|(_, line)| line.clone());
                    html! {
                        <StreamItem key={row.name.clone()} row={row.clone()} on_send={props.on_send.clone()}
                                    on_select={props.on_select.clone()} readonly={props.readonly} {result} />
                    }
                }) }
            </ul>
            if props.rows.is_empty() {
                <p class="empty">
                    { "No streams yet. Create one above and watch it become ACTIVE." }
                    if props.start_panel {
                        { " New to capacity modes? Start here, at the top of the page, explains them and offers a tutorial and scenarios." }
                    }
                </p>
            }
        </>
    }
}
