//! The request console: any simulated operation with a JSON body as typed, exactly as an SDK
//! would send it. Malformed JSON goes out as it is and meets the service's SerializationException.

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::playground::templates::template;
use crate::sim::Operation;

#[derive(Properties, PartialEq)]
pub struct RequestConsoleProps {
    /// The stream the templates name (name, ARN), or a placeholder when there is none.
    pub stream: Option<(String, String)>,
    pub on_send: Callback<(Operation, String)>,
}

const PLACEHOLDER: (&str, &str) = ("my-stream", "arn:aws:kinesis:us-east-1:123456789012:stream/my-stream");

#[component]
pub fn RequestConsole(props: &RequestConsoleProps) -> Html {
    let (name, arn) = props.stream.clone().unwrap_or((PLACEHOLDER.0.to_owned(), PLACEHOLDER.1.to_owned()));
    let operation = use_state(|| Operation::DescribeStreamSummary);
    let body = {
        let (name, arn) = (name.clone(), arn.clone());
        use_state(move || template(Operation::DescribeStreamSummary, &name, &arn))
    };

    // Until the learner edits it, the body follows the first stream (created after the console
    // was drawn, say).
    let edited = use_state(|| false);
    {
        let (operation, body, edited) = (operation.clone(), body.clone(), edited.clone());
        use_effect_with((name.clone(), arn.clone()), move |(name, arn)| {
            if !*edited {
                body.set(template(*operation, name, arn));
            }
        });
    }

    let on_operation = {
        let (operation, body, edited) = (operation.clone(), body.clone(), edited.clone());
        Callback::from(move |event: Event| {
            let chosen = event.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(chosen) = Operation::from_name(&chosen) {
                operation.set(chosen);
                body.set(template(chosen, &name, &arn));
                edited.set(false);
            }
        })
    };
    let on_body = {
        let (body, edited) = (body.clone(), edited.clone());
        Callback::from(move |event: InputEvent| {
            body.set(event.target_unchecked_into::<HtmlTextAreaElement>().value());
            edited.set(true);
        })
    };
    // Sent from the button's click, not by submitting the form: a frame sandboxed without
    // allow-forms drops form submissions.
    let on_click = {
        let (operation, body, on_send) = (operation.clone(), body.clone(), props.on_send.clone());
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            on_send.emit((*operation, (*body).clone()));
        })
    };
    let on_submit = Callback::from(|event: SubmitEvent| event.prevent_default());

    html! {
        <section class="console" aria-label="Request console">
            <h2>{ "Request console" }</h2>
            <form onsubmit={on_submit} novalidate=true>
                <div class="field">
                    <label for="console-operation">{ "Operation" }</label>
                    <select id="console-operation" onchange={on_operation}>
                        { for Operation::ALL.iter().filter(|op| op.is_simulated()).map(|op| html! {
                            <option value={op.name()} selected={*op == *operation}>{ op.name() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="console-body">{ "Request body" }</label>
                    <textarea id="console-body" rows="5" spellcheck="false" autocomplete="off"
                              value={(*body).clone()} oninput={on_body} />
                </div>
                <button type="submit" class="primary" onclick={on_click}>{ "Send request" }</button>
            </form>
        </section>
    }
}
