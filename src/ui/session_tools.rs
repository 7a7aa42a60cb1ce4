//! The header's session tools: Copy share link, with what copying really did, and Reset, which
//! asks inside the page (a sandboxed frame without `allow-modals` ignores `confirm()`). While it
//! asks, focus is on Cancel and Escape cancels; once answered, focus returns to Reset.

use std::rc::Rc;

use yew::prelude::*;

use super::clipboard::{self, Copied, CopyStatus};

#[derive(Properties, PartialEq)]
pub struct SessionToolsProps {
    /// The session as a share link, when one can be made.
    /// Asks for the share link, which is handed to the callback given (None without one).
    pub share_link: Callback<Callback<Option<String>>>,
    pub on_reset: Callback<()>,
}

fn focus(node: &NodeRef) {
    if let Some(element) = node.cast::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

#[component]
pub fn SessionTools(props: &SessionToolsProps) -> Html {
    let confirming = use_state(|| false);
    let (reset_button, cancel_button) = (use_node_ref(), use_node_ref());
    // Set when the question was answered, so that focus goes back to Reset only then.
    let answered = use_mut_ref(|| false);
    {
        let (reset_button, cancel_button, answered) =
            (reset_button.clone(), cancel_button.clone(), Rc::clone(&answered));
        use_effect_with(*confirming, move |&asking| match asking {
            true => focus(&cancel_button),
            false if answered.replace(false) => focus(&reset_button),
            false => {}
        });
    }
    let answer = {
        let (confirming, answered) = (confirming.clone(), Rc::clone(&answered));
        move || {
            *answered.borrow_mut() = true;
            confirming.set(false);
        }
    };
    let on_reset = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let on_cancel = {
        let answer = answer.clone();
        Callback::from(move |_: MouseEvent| answer())
    };
    let on_key = {
        let answer = answer.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                answer();
            }
        })
    };
    let on_confirm = {
        let on_reset = props.on_reset.clone();
        Callback::from(move |_: MouseEvent| {
            answer();
            on_reset.emit(());
        })
    };
    let copied = use_state(|| None::<Copied>);
    let on_share = {
        let (share_link, copied) = (props.share_link.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            share_link.emit(Callback::from(move |link: Option<String>| {
                if let Some(link) = link {
                    let copied = copied.clone();
                    clipboard::copy(link, "Link copied.", Callback::from(move |outcome| copied.set(Some(outcome))));
                }
            }));
        })
    };
    html! {
        <div class="session-tools">
            <button type="button" onclick={on_share}>{ "Copy share link" }</button>
            <CopyStatus outcome={(*copied).clone()} what="share link" />
            if *confirming {
                <div class="confirm" role="group" aria-labelledby="reset-question" onkeydown={on_key}>
                    <span id="reset-question">{ "Reset the playground? Every stream and the whole log will be gone." }</span>
                    <button type="button" class="danger" onclick={on_confirm}>{ "Reset everything" }</button>
                    <button type="button" ref={cancel_button} onclick={on_cancel}>{ "Cancel" }</button>
                </div>
            } else {
                <button type="button" class="reset" ref={reset_button} onclick={on_reset}>{ "Reset" }</button>
            }
        </div>
    }
}
