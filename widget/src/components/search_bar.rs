//! The search line: postcode or place with suggestions (an ARIA combobox), the radius, and
//! "available now".

use talentbrug_core::gazetteer::{Country, Gazetteer, Place};
use talentbrug_core::Lang;
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::criteria::{place_label, resolve, Criteria, PAGE};
use crate::i18n::{self, t, Text};
use crate::settings::RADII;

/// Most suggestions shown.
const SUGGESTIONS: usize = 6;

/// Props of [`SearchBar`].
#[derive(Properties, PartialEq)]
pub struct SearchBarProps {
    /// Language.
    pub lang: Lang,
    /// Current criteria.
    pub criteria: Criteria,
    /// Called with changed criteria.
    pub on_change: Callback<Criteria>,
    /// Prefilled postcode text.
    pub initial: String,
}

/// The search line.
#[function_component(SearchBar)]
pub fn search_bar(props: &SearchBarProps) -> Html {
    let l = props.lang;
    let text = use_state(|| props.initial.clone());
    let suggestions = use_state(Vec::<Place>::new);
    let active = use_state(|| None::<usize>);
    let unknown = use_state(|| false);
    {
        let text = text.clone();
        use_effect_with(props.initial.clone(), move |initial| text.set(initial.clone()));
    }

    let choose = {
        let (text, suggestions, active, unknown) = (text.clone(), suggestions.clone(), active.clone(), unknown.clone());
        let (on_change, criteria) = (props.on_change.clone(), props.criteria.clone());
        Callback::from(move |place: Place| {
            text.set(place_label(&place));
            suggestions.set(Vec::new());
            active.set(None);
            unknown.set(false);
            on_change.emit(Criteria { place: Some(place), limit: PAGE, ..criteria.clone() });
        })
    };

    let oninput = {
        let (text, suggestions, active, unknown) = (text.clone(), suggestions.clone(), active.clone(), unknown.clone());
        let (on_change, criteria) = (props.on_change.clone(), props.criteria.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let found = Gazetteer.suggest(&value, Country::Be, SUGGESTIONS);
            let place = resolve(&value);
            unknown.set(value.trim().chars().count() >= 2 && found.is_empty() && place.is_none());
            suggestions.set(found);
            active.set(None);
            if let Some(place) = place {
                if criteria.place != Some(place) {
                    on_change.emit(Criteria { place: Some(place), limit: PAGE, ..criteria.clone() });
                }
            } else if value.trim().is_empty() && criteria.place.is_some() {
                on_change.emit(Criteria { place: None, ..criteria.clone() });
            }
            text.set(value);
        })
    };

    let onkeydown = {
        let (text, suggestions, active, unknown, choose) =
            (text.clone(), suggestions.clone(), active.clone(), unknown.clone(), choose.clone());
        Callback::from(move |e: KeyboardEvent| {
            let n = suggestions.len();
            match e.key().as_str() {
                "ArrowDown" if n > 0 => {
                    e.prevent_default();
                    active.set(Some(active.map_or(0, |i| (i + 1) % n)));
                }
                "ArrowUp" if n > 0 => {
                    e.prevent_default();
                    active.set(Some(active.map_or(n - 1, |i| (i + n - 1) % n)));
                }
                "Escape" if n > 0 => {
                    e.prevent_default();
                    suggestions.set(Vec::new());
                    active.set(None);
                }
                "Enter" => {
                    e.prevent_default();
                    if let Some(place) = active.and_then(|i| suggestions.get(i).copied()) {
                        choose.emit(place);
                    } else if let Some(place) = resolve(&text) {
                        choose.emit(place);
                    } else if let Some(first) = suggestions.first().copied() {
                        choose.emit(first);
                    } else {
                        unknown.set(!text.trim().is_empty());
                    }
                }
                _ => {}
            }
        })
    };

    let onblur = {
        let (suggestions, active) = (suggestions.clone(), active.clone());
        Callback::from(move |_: FocusEvent| {
            suggestions.set(Vec::new());
            active.set(None);
        })
    };

    let on_radius = {
        let (on_change, criteria) = (props.on_change.clone(), props.criteria.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(radius) = value.parse::<u32>() {
                on_change.emit(Criteria { radius, limit: PAGE, ..criteria.clone() });
            }
        })
    };

    let on_now = {
        let (on_change, criteria) = (props.on_change.clone(), props.criteria.clone());
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
            on_change.emit(Criteria { available_now: checked, limit: PAGE, ..criteria.clone() });
        })
    };

    let open = !suggestions.is_empty();
    let active_id = active.map(|i| format!("tb-pc-opt-{i}"));
    let mut described = vec!["tb-pc-hint"];
    if *unknown {
        described.push("tb-pc-unknown");
    }

    html! {
        <form class="tb-search" role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="tb-field tb-postcode">
                <label for="tb-pc">{ t(l, Text::Postcode) }</label>
                <div class="tb-combo">
                    <input id="tb-pc" type="text" inputmode="search" autocomplete="postal-code" spellcheck="false"
                        role="combobox" aria-autocomplete="list" aria-expanded={open.to_string()} aria-controls="tb-pc-list"
                        aria-activedescendant={active_id} aria-describedby={described.join(" ")}
                        aria-invalid={unknown.then_some("true")}
                        value={(*text).clone()} {oninput} {onkeydown} {onblur} />
                    <ul id="tb-pc-list" role="listbox" class="tb-listbox" aria-label={t(l, Text::Suggestions)} hidden={!open}>
                        { for suggestions.iter().enumerate().map(|(i, place)| {
                            let choose = choose.clone();
                            let place = *place;
                            html! {
                                <li id={format!("tb-pc-opt-{i}")} role="option" aria-selected={(Some(i) == *active).to_string()}
                                    class={classes!("tb-option", (Some(i) == *active).then_some("tb-active"))}
                                    onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}
                                    onclick={move |_| choose.emit(place)}>
                                    <span class="tb-option-main">{ place_label(&place) }</span>
                                    <span class="tb-option-sub">{ place.region }</span>
                                </li>
                            }
                        }) }
                    </ul>
                </div>
                <p id="tb-pc-hint" class="tb-hint">{ t(l, Text::PostcodeHint) }</p>
                if *unknown {
                    <p id="tb-pc-unknown" class="tb-problem">{ i18n::unknown_place(l, text.trim()) }</p>
                }
            </div>
            <div class="tb-field tb-radius">
                <label for="tb-radius">{ t(l, Text::Radius) }</label>
                <select id="tb-radius" onchange={on_radius}>
                    { for RADII.iter().map(|&r| html! {
                        <option value={r.to_string()} selected={r == props.criteria.radius}>{ i18n::km(r) }</option>
                    }) }
                </select>
            </div>
            <div class="tb-field tb-now">
                <input id="tb-now" type="checkbox" checked={props.criteria.available_now} onchange={on_now} />
                <label for="tb-now">{ t(l, Text::AvailableNow) }</label>
            </div>
        </form>
    }
}
