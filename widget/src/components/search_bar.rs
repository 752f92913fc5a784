//! The search line: postcode or place with suggestions (an ARIA combobox), the radius, and
//! "available now".

use talentbrug_core::gazetteer::{Country, Gazetteer, Place};
use talentbrug_core::Lang;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::listbox::{listbox, ListboxProps};
use crate::criteria::{place_label, resolve, Criteria, PAGE};
use crate::hooks::use_combobox::{use_combobox, UseComboboxHandle};
use crate::hooks::use_prop_state::use_prop_state;
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
    let postcode = Postcode {
        text: use_prop_state(props.initial.clone(), String::clone),
        suggestions: use_state(Vec::<Place>::new),
        unknown: use_state(|| false),
        combo: use_combobox("tb-pc"),
    };
    let (on_change, criteria) = (props.on_change.clone(), props.criteria.clone());
    let on_radius = Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        if let Ok(radius) = value.parse::<u32>() {
            on_change.emit(Criteria { radius, limit: PAGE, ..criteria.clone() });
        }
    });
    let (on_change, criteria) = (props.on_change.clone(), props.criteria.clone());
    let on_now = Callback::from(move |e: Event| {
        let checked = e.target_unchecked_into::<HtmlInputElement>().checked();
        on_change.emit(Criteria { available_now: checked, limit: PAGE, ..criteria.clone() });
    });
    html! {
        <form class="tb-search" role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { postcode.view(props) }
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

/// The postcode box: what was typed, the places it suggests, and whether it names none.
#[derive(Clone)]
struct Postcode {
    text: UseStateHandle<String>,
    suggestions: UseStateHandle<Vec<Place>>,
    unknown: UseStateHandle<bool>,
    combo: UseComboboxHandle,
}

impl Postcode {
    /// Closes the suggestions.
    fn close(&self) {
        self.suggestions.set(Vec::new());
        self.combo.reset();
    }

    /// Searches from `place` (chosen from the suggestions or typed in full).
    fn choose(&self, props: &SearchBarProps) -> Callback<Place> {
        let (this, on_change, criteria) = (self.clone(), props.on_change.clone(), props.criteria.clone());
        Callback::from(move |place: Place| {
            this.text.set(place_label(&place));
            this.close();
            this.unknown.set(false);
            on_change.emit(Criteria { place: Some(place), limit: PAGE, ..criteria.clone() });
        })
    }

    /// Suggests places as the employer types, and searches as soon as the text names one.
    fn oninput(&self, props: &SearchBarProps) -> Callback<InputEvent> {
        let (this, on_change, criteria) = (self.clone(), props.on_change.clone(), props.criteria.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let found = Gazetteer.suggest(&value, Country::Be, SUGGESTIONS);
            let place = resolve(&value);
            this.unknown.set(value.trim().chars().count() >= 2 && found.is_empty() && place.is_none());
            this.suggestions.set(found);
            this.combo.reset();
            if let Some(place) = place {
                if criteria.place != Some(place) {
                    on_change.emit(Criteria { place: Some(place), limit: PAGE, ..criteria.clone() });
                }
            } else if value.trim().is_empty() && criteria.place.is_some() {
                on_change.emit(Criteria { place: None, ..criteria.clone() });
            }
            this.text.set(value);
        })
    }

    /// Enter takes the active suggestion, else the place typed in full, else the first
    /// suggestion; with none of these the text is marked unknown.
    fn onkeydown(&self, choose: Callback<Place>) -> Callback<KeyboardEvent> {
        let this = self.clone();
        let on_enter = move |active: Option<usize>| {
            let suggestions = &*this.suggestions;
            if let Some(place) = active.and_then(|i| suggestions.get(i).copied()) {
                choose.emit(place);
            } else if let Some(place) = resolve(&this.text) {
                choose.emit(place);
            } else if let Some(first) = suggestions.first().copied() {
                choose.emit(first);
            } else {
                this.unknown.set(!this.text.trim().is_empty());
            }
        };
        let suggestions = self.suggestions.clone();
        self.combo.onkeydown(self.suggestions.len(), on_enter, move || suggestions.set(Vec::new()))
    }

    fn view(&self, props: &SearchBarProps) -> Html {
        let l = props.lang;
        let (choose, this) = (self.choose(props), self.clone());
        let onblur = Callback::from(move |_: FocusEvent| this.close());
        let described = if *self.unknown { "tb-pc-hint tb-pc-unknown" } else { "tb-pc-hint" };
        let options = self.suggestions.iter().map(|place| {
            html! {
                <><span class="tb-option-main">{ place_label(place) }</span><span class="tb-option-sub">{ place.region }</span></>
            }
        });
        let suggestions = self.suggestions.clone();
        let on_choose = choose.reform(move |i: usize| suggestions[i]);
        html! {
            <div class="tb-field tb-postcode">
                <label for="tb-pc">{ t(l, Text::Postcode) }</label>
                <div class="tb-combo">
                    <input id="tb-pc" type="text" inputmode="search" autocomplete="postal-code" spellcheck="false"
                        role="combobox" aria-autocomplete="list" aria-expanded={(!self.suggestions.is_empty()).to_string()}
                        aria-controls={self.combo.list_id()} aria-activedescendant={self.combo.active_id()} aria-describedby={described}
                        aria-invalid={self.unknown.then_some("true")}
                        value={(*self.text).clone()} oninput={self.oninput(props)} onkeydown={self.onkeydown(choose)} {onblur} />
                    { listbox(&ListboxProps { combo: &self.combo, label: t(l, Text::Suggestions), options: options.collect(), on_choose }) }
                </div>
                <p id="tb-pc-hint" class="tb-hint">{ t(l, Text::PostcodeHint) }</p>
                if *self.unknown {
                    <p id="tb-pc-unknown" class="tb-problem">{ i18n::unknown_place(l, self.text.trim()) }</p>
                }
            </div>
        }
    }
}
