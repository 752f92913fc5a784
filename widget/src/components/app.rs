//! The root component: loads the feed, holds the employer's criteria and language, runs the
//! core search, and shows the loading, error, prompt, empty and result states.

use std::rc::Rc;

use talentbrug_core::search::{search, Match};
use talentbrug_core::{Lang, Profile};
use web_sys::HtmlElement;
use yew::prelude::*;

use super::filter_panel::FilterPanel;
use super::profile_dialog::{Opened, ProfileDialog};
use super::reach_map::{reach_map, ReachMapProps};
use super::results::{results, ResultsProps};
use super::search_bar::SearchBar;
use crate::clock;
use crate::criteria::{place_label, Criteria, PAGE};
use crate::feed_source::{self, LoadError, LoadedFeed};
use crate::i18n::{self, t, Text};
use crate::settings::{wider, Settings};

/// The widget's configuration, from the host element.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// What the partner set.
    pub settings: Settings,
}

/// Where the feed is.
#[derive(Clone)]
enum Load {
    Loading,
    Failed(LoadError),
    Ready(Rc<LoadedFeed>),
}

/// One result as the list shows it.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The profile.
    pub profile: Profile,
    /// Why it matched, in core codes.
    pub why: Vec<talentbrug_core::explain::Reason>,
    /// The distance band.
    pub band: talentbrug_core::reach::DistanceBand,
}

/// The outcome of a search, owned so it can be kept between renders.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// All matches before the limit.
    pub total: usize,
    /// The shown matches, best first.
    pub hits: Vec<Hit>,
}

fn run_search(feed: &LoadedFeed, criteria: &Criteria) -> Option<Found> {
    let query = criteria.query(clock::today())?;
    let result = search(&feed.index, &query, criteria.limit);
    let hits =
        result.matches.into_iter().map(|m: Match<'_>| Hit { profile: m.profile.clone(), why: m.why, band: m.distance_band }).collect();
    Some(Found { total: result.total, hits })
}

/// The widget.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let settings = &props.settings;
    let lang = use_state_eq(|| settings.lang);
    let load = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    let criteria = use_state_eq(|| Criteria::with_postcode(settings.radius, &settings.postcode));
    let opened = use_state(|| None::<Opened>);
    let first_results_marked = use_mut_ref(|| false);

    {
        let lang = lang.clone();
        use_effect_with(settings.lang, move |l| lang.set(*l));
    }
    {
        let criteria = criteria.clone();
        use_effect_with((settings.postcode.clone(), settings.radius), move |(postcode, radius)| {
            criteria.set(Criteria { limit: PAGE, ..Criteria::with_postcode(*radius, postcode) });
        });
    }
    {
        let load = load.clone();
        let deps = (settings.feed.clone(), settings.public_key.clone(), *attempt);
        use_effect_with(deps, move |(feed, key, _)| {
            load.set(Load::Loading);
            let (feed, key) = (feed.clone(), key.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match feed_source::load(feed.as_deref(), key.as_deref()).await {
                    Ok(loaded) => load.set(Load::Ready(Rc::new(loaded))),
                    Err(e) => load.set(Load::Failed(e)),
                }
            });
        });
    }

    let l: Lang = *lang;
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |new: Lang| lang.set(new))
    };
    let set_criteria = {
        let criteria = criteria.clone();
        Callback::from(move |c: Criteria| criteria.set(c))
    };

    let header = html! {
        <header class="tb-header">
            <div>
                <h2 class="tb-title">{ t(l, Text::Title) }</h2>
                <p class="tb-intro">{ t(l, Text::Intro) }</p>
            </div>
            { language_switch(l, &on_lang) }
        </header>
    };

    let body = match &*load {
        Load::Loading => html! {
            <p class="tb-state tb-loading" role="status">
                <span class="tb-spinner" aria-hidden="true"></span>{ t(l, Text::Loading) }
            </p>
        },
        Load::Failed(error) => {
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |_| attempt.set(*attempt + 1))
            };
            html! {
                <div class="tb-state tb-error" role="alert" data-error={format!("{error:?}")}>
                    <p class="tb-error-title">{ t(l, Text::ErrorTitle) }</p>
                    <p>{ t(l, error.text()) }</p>
                    if error.retryable() {
                        <button type="button" class="tb-button" onclick={retry}>{ t(l, Text::TryAgain) }</button>
                    }
                </div>
            }
        }
        Load::Ready(feed) => {
            let found = run_search(feed, &criteria);
            if found.as_ref().is_some_and(|f| f.total > 0) && !*first_results_marked.borrow() {
                *first_results_marked.borrow_mut() = true;
                clock::mark("talentbrug:first-results");
            }
            let status = match (&criteria.place, &found) {
                (Some(place), Some(found)) => i18n::result_count(l, found.total, criteria.radius, &place_label(place)),
                _ => String::new(),
            };
            let open = {
                let opened = opened.clone();
                Callback::from(move |(hit, form, opener): (Hit, bool, Option<HtmlElement>)| {
                    opened.set(Some(Opened { hit, form, opener }));
                })
            };
            let close = {
                let opened = opened.clone();
                Callback::from(move |_| {
                    if let Some(o) = &*opened {
                        if let Some(el) = &o.opener {
                            let _ = el.focus();
                        }
                    }
                    opened.set(None);
                })
            };
            let content = match (&criteria.place, found) {
                (None, _) | (_, None) => html! { <p class="tb-state tb-prompt">{ t(l, Text::Prompt) }</p> },
                (Some(place), Some(found)) if found.total == 0 => {
                    let label = place_label(place);
                    let widen = wider(criteria.radius).map(|r| {
                        let set = set_criteria.clone();
                        let c = (*criteria).clone();
                        html! {
                            <button type="button" class="tb-button" onclick={move |_| set.emit(Criteria { radius: r, ..c.clone() })}>
                                { i18n::widen_to(l, r) }
                            </button>
                        }
                    });
                    let clear = criteria.has_filters().then(|| {
                        let set = set_criteria.clone();
                        let c = criteria.without_filters();
                        html! {
                            <button type="button" class="tb-button tb-secondary" onclick={move |_| set.emit(c.clone())}>
                                { t(l, Text::ClearFilters) }
                            </button>
                        }
                    });
                    html! {
                        <div class="tb-state tb-empty">
                            <p>{ i18n::no_results(l, criteria.radius, &label) }</p>
                            <p class="tb-actions">{ for widen }{ for clear }</p>
                        </div>
                    }
                }
                (Some(place), Some(found)) => {
                    let more = {
                        let set = set_criteria.clone();
                        let c = (*criteria).clone();
                        Callback::from(move |_| set.emit(Criteria { limit: c.limit + PAGE, ..c.clone() }))
                    };
                    html! {
                        <>
                            <p class="tb-anonymous">{ t(l, Text::Anonymous) }</p>
                            <div class="tb-layout">
                                { reach_map(&ReachMapProps { lang: l, origin: *place, radius: criteria.radius, hits: found.hits.clone() }) }
                                { results(&ResultsProps { lang: l, found, feed: feed.clone(), today: clock::today(), on_open: open, on_more: more }) }
                            </div>
                        </>
                    }
                }
            };
            let publisher = feed.index.publisher();
            html! {
                <>
                    <SearchBar lang={l} criteria={(*criteria).clone()} on_change={set_criteria.clone()} initial={settings.postcode.clone()} />
                    <FilterPanel lang={l} criteria={(*criteria).clone()} on_change={set_criteria.clone()} feed={feed.clone()} />
                    <p class="tb-status" role="status" aria-live="polite" aria-atomic="true">{ status }</p>
                    { content }
                    <footer class="tb-footer">
                        <p>{ t(l, Text::PublishedBy) }{ " " }<strong>{ publisher.name.clone() }</strong>
                           { " · " }{ t(l, Text::Questions) }{ " " }{ contact_link(&publisher.contact) }</p>
                    </footer>
                    if let Some(o) = &*opened {
                        <ProfileDialog lang={l} opened={o.clone()} feed={feed.clone()} settings={settings.clone()}
                            search_postcode={criteria.place.map(|p| p.postcode.to_string()).unwrap_or_default()}
                            today={clock::today()} on_close={close} />
                    }
                </>
            }
        }
    };

    html! {
        <div class="tb-widget" lang={l.tag()}>
            { header }
            { body }
        </div>
    }
}

/// The organisation's contact: a mail link for an e-mail address, a phone link for a number.
fn contact_link(contact: &str) -> Html {
    if talentbrug_core::request::Email::parse(contact).is_some() {
        html! { <a href={format!("mailto:{}", contact.trim())}>{ contact.to_owned() }</a> }
    } else if talentbrug_core::request::Phone::parse(contact).is_some() {
        let digits: String = contact.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        html! { <a href={format!("tel:{digits}")}>{ contact.to_owned() }</a> }
    } else {
        html! { { contact.to_owned() } }
    }
}

/// Three buttons: NL, FR, EN, each named in its own language; `on_change` gets the choice.
pub fn language_switch(lang: Lang, on_change: &Callback<Lang>) -> Html {
    let names = |l: Lang| match l {
        Lang::Nl => "Nederlands",
        Lang::Fr => "Français",
        Lang::En => "English",
    };
    html! {
        <div class="tb-langs" role="group" aria-label={t(lang, Text::Language)}>
            { for Lang::ALL.iter().map(|&l| {
                let cb = on_change.clone();
                html! {
                    <button type="button" class="tb-lang" lang={l.tag()} aria-pressed={(l == lang).to_string()}
                        onclick={move |_| cb.emit(l)}>
                        <span aria-hidden="true">{ l.tag().to_ascii_uppercase() }</span>
                        <span class="tb-sr">{ names(l) }</span>
                    </button>
                }
            }) }
        </div>
    }
}
