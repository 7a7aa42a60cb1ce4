//! The simulation clock: what time it is in the simulation, how fast it runs, and a way to skip
//! the waiting.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::playground::clock::SPEEDS;
use crate::playground::{Preset, format};

#[derive(Properties, PartialEq)]
pub struct ClockBarProps {
    pub now_ms: i64,
    pub paused: bool,
    pub speed: u32,
    pub preset: Preset,
    /// Whether any CREATING, UPDATING or DELETING is under way.
    pub can_skip: bool,
    /// The page's address locks the speed (an instructor's link).
    #[prop_or_default]
    pub speed_pinned: bool,
    pub on_skip: Callback<()>,
    /// Moves the clock on by so many simulated milliseconds.
    pub on_advance: Callback<i64>,
    /// How far a jump under way has come, from 0 to 1.
    #[prop_or_default]
    pub jump_progress: Option<f64>,
    pub on_pause: Callback<bool>,
    pub on_speed: Callback<u32>,
    pub on_preset: Callback<Preset>,
}

/// The clock's jumps: what each button says after "Advance", and how far it goes.
const ADVANCES: [(&str, i64); 3] = [("1 minute", 60_000), ("1 hour", 3_600_000), ("1 day", 86_400_000)];

fn selected(event: &Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

#[component]
pub fn ClockBar(props: &ClockBarProps) -> Html {
    let paused = props.paused;
    let on_pause = props.on_pause.reform(move |_: MouseEvent| !paused);
    let on_skip = props.on_skip.reform(|_: MouseEvent| ());
    let on_speed = props.on_speed.reform(|event: Event| selected(&event).parse().unwrap_or(1));
    let on_preset = props.on_preset.reform(|event: Event| match selected(&event).as_str() {
        "fast" => Preset::Fast,
        _ => Preset::Realistic,
    });
    let now = format::utc(props.now_ms);
    let (date, time) = now.split_once(' ').unwrap_or_default();
    html! {
        <div class="clock" role="group" aria-label="Simulation clock">
            <span class="clock-label">{ "Simulation time" }</span>
            // The date gives way on narrow screens, where the bar must stay one or two lines.
            <time class={classes!("clock-now", paused.then_some("paused"))}>
                <span class="clock-date">{ format!("{date} ") }</span>{ time }
            </time>
            <button type="button" class="pause" onclick={on_pause}>{ if paused { "Resume" } else { "Pause" } }</button>
            <button type="button" onclick={on_skip} disabled={!props.can_skip}>
                { "Skip" }<span class="skip-rest">{ " to next transition" }</span>
            </button>
            // On-demand scaling plays out over minutes to days.
            { for ADVANCES.iter().map(|&(label, ms)| {
                let on_advance = props.on_advance.reform(move |_: MouseEvent| ms);
                html! {
                    <button type="button" class="advance" onclick={on_advance}>
                        <span class="advance-word">{ "Advance " }</span>{ label }
                    </button>
                }
            }) }
            if let Some(progress) = props.jump_progress {
                <span class="jumping">{ format!("Advancing… {}%", (progress * 100.0) as u32) }</span>
            }
            <label class="inline">
                { "Speed" }
                <select onchange={on_speed} disabled={props.speed_pinned}>
                    { for SPEEDS.iter().map(|&speed| html! {
                        <option value={speed.to_string()} selected={speed == props.speed}>{ format!("{speed}x") }</option>
                    }) }
                </select>
                // Said on the page, not in a tooltip that touch and keyboard users never see.
                if props.speed_pinned {
                    <span class="pinned-note">{ "set by your link" }</span>
                }
            </label>
            <label class="inline">
                <span class="durations-label">{ "Durations" }</span>
                <select onchange={on_preset}>
                    <option value="realistic" selected={props.preset == Preset::Realistic}>{ "Realistic (30 s / 60 s)" }</option>
                    <option value="fast" selected={props.preset == Preset::Fast}>{ "Fast (0.5 s)" }</option>
                </select>
            </label>
        </div>
    }
}
