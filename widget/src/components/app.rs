//! The root component: loads the feed, holds the employer's criteria and language, runs the
//! core search (again only when its inputs change), and shows the loading, error, prompt, empty
//! and result states.

use std::rc::Rc;

use talentbrug_core::gazetteer::Place;
use talentbrug_core::Lang;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::filter_panel::FilterPanel;
use super::profile_dialog::{Opened, ProfileDialog};
use super::reach_map::{reach_map, ReachMapProps};
use super::results::{results, ResultsProps};
use super::search_bar::SearchBar;
use super::vacancy_dialog::VacancyEntry;
use crate::clock;
use crate::criteria::{place_label, Criteria, PAGE};
use crate::feed_source::LoadError;
use crate::hooks::use_feed::{use_feed, use_pool, Load};
use crate::hooks::use_pitches::use_whole_found;
use crate::hooks::use_prop_state::use_prop_state;
use crate::i18n::{self, t, Text};
use crate::pool::LoadedFeed;
use crate::settings::{wider, Settings, Trust};
use crate::state::{Found, Hit, SearchInputs};

/// The widget's configuration, from the host element.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// What the partner set.
    pub settings: Settings,
}

/// The widget.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let settings = &props.settings;
    let lang = use_prop_state(settings.lang, |l| *l);
    let criteria =
        use_prop_state((settings.postcode.clone(), settings.radius), |(postcode, radius)| Criteria::with_postcode(*radius, postcode));
    let feed = use_feed(settings);
    let pool_retry = use_state(|| 0u32);
    let head = if let Load::Ready(head) = &feed.load { Some(head.clone()) } else { None };
    let pool = use_pool(head, criteria.place, criteria.radius, *pool_retry);
    // The last pool that was ready: the search line and filters stay while the next one loads.
    let shell = use_mut_ref(|| None::<Rc<LoadedFeed>>);
    if let Load::Ready(ready) = &pool {
        *shell.borrow_mut() = Some(ready.clone());
    }
    let opened = use_state(|| None::<Opened>);
    let first_results_marked = use_mut_ref(|| false);
    let loaded = if let Load::Ready(feed) = &pool { Some(feed.clone()) } else { None };
    let searched =
        use_memo(SearchInputs { feed: loaded.clone(), criteria: (*criteria).clone(), today: clock::today() }, SearchInputs::search);
    let whole = use_whole_found(loaded.clone(), searched);
    // The first results count once their cards show whole (pitches in).
    if whole.settled && whole.found.as_ref().is_some_and(|f| f.total > 0) && !*first_results_marked.borrow() {
        *first_results_marked.borrow_mut() = true;
        clock::mark("talentbrug:first-results");
    }

    let l: Lang = *lang;
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |new: Lang| lang.set(new))
    };
    let shown = shell.borrow().clone();
    let body = match (&feed.load, &pool, shown) {
        (Load::Failed(error), _, _) => failed(l, error, &feed.retry),
        (Load::Ready(_), _, Some(shown)) => {
            let set_criteria = {
                let criteria = criteria.clone();
                Callback::from(move |c: Criteria| criteria.set(c))
            };
            let gathering = match &pool {
                Load::Loading => Gathering::Loading,
                Load::Failed(e) => {
                    let retry = pool_retry.clone();
                    Gathering::Failed(e.clone(), Callback::from(move |_| retry.set(*retry + 1)))
                }
                Load::Ready(_) if whole.waiting => Gathering::Loading,
                Load::Ready(_) => Gathering::Done,
            };
            let found = if matches!(gathering, Gathering::Done) { whole.found.as_ref() } else { None };
            ready(&Ready { lang: l, settings, feed: &shown, criteria: &criteria, set_criteria, found, gathering, opened: &opened })
        }
        (_, Load::Failed(error), None) => failed(l, error, &feed.retry),
        _ => html! {
            <p class="tb-state tb-loading" role="status">
                <span class="tb-spinner" aria-hidden="true"></span>{ t(l, Text::Loading) }
            </p>
        },
    };
    html! {
        <div class="tb-widget" lang={l.tag()}>
            <header class="tb-header">
                <div>
                    <h2 class="tb-title">{ t(l, Text::Title) }</h2>
                    <p class="tb-intro">{ t(l, Text::Intro) }</p>
                </div>
                { language_switch(l, &on_lang) }
            </header>
            if settings.trust() == Ok(Trust::Unsigned) {
                <p class="tb-unsigned" role="status">{ t(l, Text::UnsignedBanner) }</p>
            }
            { body }
        </div>
    }
}

/// The feed could not be loaded: why, and "try again" when that can help.
fn failed(l: Lang, error: &LoadError, retry: &Callback<()>) -> Html {
    html! {
        <div class="tb-state tb-error" role="alert" data-error={error.name()}>
            <p class="tb-error-title">{ t(l, Text::ErrorTitle) }</p>
            <p>{ t(l, error.text()) }</p>
            if error.retryable() {
                <button type="button" class="tb-button" onclick={retry.reform(|_: MouseEvent| ())}>{ t(l, Text::TryAgain) }</button>
            }
        </div>
    }
}

/// Where the profiles near the search are.
enum Gathering {
    /// Being fetched.
    Loading,
    /// Refused or unreachable; the callback tries again.
    Failed(LoadError, Callback<()>),
    /// In the pool.
    Done,
}

/// What the widget shows once the feed is loaded.
struct Ready<'a> {
    lang: Lang,
    settings: &'a Settings,
    feed: &'a Rc<LoadedFeed>,
    criteria: &'a Criteria,
    set_criteria: Callback<Criteria>,
    /// What the search found; `None` before a place is known.
    found: Option<&'a Found>,
    /// Whether the profiles near the search are in.
    gathering: Gathering,
    opened: &'a UseStateHandle<Option<Opened>>,
}

/// The search line, filters, status, results, the publisher and the open dialog.
fn ready(r: &Ready<'_>) -> Html {
    let (l, criteria, settings, feed) = (r.lang, r.criteria, r.settings, r.feed);
    let status = match (&criteria.place, r.found) {
        (Some(place), Some(found)) => i18n::result_count(l, found.total, criteria.radius, &place_label(place)),
        _ => String::new(),
    };
    let content = match (&criteria.place, r.found, &r.gathering) {
        (Some(_), _, Gathering::Failed(error, retry)) => failed(l, error, retry),
        (Some(_), _, Gathering::Loading) => html! {
            <p class="tb-state tb-loading" role="status"><span class="tb-spinner" aria-hidden="true"></span>{ t(l, Text::LoadingNearby) }</p>
        },
        (Some(place), Some(found), _) if found.total == 0 => empty(r, place),
        (Some(place), Some(found), _) => results_view(r, place, found),
        _ => html! { <p class="tb-state tb-prompt">{ t(l, Text::Prompt) }</p> },
    };
    let close = {
        let opened = r.opened.clone();
        Callback::from(move |_| {
            if let Some(el) = opened.as_ref().and_then(|o| o.opener.as_ref()) {
                let _ = el.focus();
            }
            opened.set(None);
        })
    };
    let publisher = &feed.host;
    html! {
        <>
            <SearchBar lang={l} criteria={criteria.clone()} on_change={r.set_criteria.clone()} initial={settings.postcode.clone()} />
            <FilterPanel lang={l} criteria={criteria.clone()} on_change={r.set_criteria.clone()} feed={feed.clone()} />
            <p class="tb-status" role="status" aria-live="polite" aria-atomic="true">{ status }</p>
            if !feed.missing.is_empty() && matches!(r.gathering, Gathering::Done) {
                <p class="tb-missing" role="status" data-missing={feed.missing.join("|")}>{ i18n::missing_orgs(l, &feed.missing) }</p>
            }
            { content }
            <footer class="tb-footer">
                <p>{ t(l, Text::PublishedBy) }{ " " }<strong>{ publisher.name.clone() }</strong>
                   { " · " }{ t(l, Text::Questions) }{ " " }{ contact_link(&publisher.contact) }</p>
            </footer>
            if let Some(o) = &**r.opened {
                <ProfileDialog lang={l} opened={o.clone()} feed={feed.clone()} settings={settings.clone()}
                    search_postcode={criteria.place.map(|p| p.postcode.to_string()).unwrap_or_default()}
                    today={clock::today()} on_close={close} />
            }
        </>
    }
}

/// Nobody found near `place`: a wider radius and clearing the filters, when they can help.
fn empty(r: &Ready<'_>, place: &Place) -> Html {
    let (l, criteria) = (r.lang, r.criteria);
    let widen = wider(criteria.radius).map(|radius| {
        let (set, c) = (r.set_criteria.clone(), criteria.clone());
        html! {
            <button type="button" class="tb-button" onclick={move |_| set.emit(Criteria { radius, ..c.clone() })}>
                { i18n::widen_to(l, radius) }
            </button>
        }
    });
    let clear = criteria.has_filters().then(|| {
        let (set, c) = (r.set_criteria.clone(), criteria.without_filters());
        html! {
            <button type="button" class="tb-button tb-secondary" onclick={move |_| set.emit(c.clone())}>
                { t(l, Text::ClearFilters) }
            </button>
        }
    });
    html! {
        <div class="tb-state tb-empty">
            <p>{ i18n::no_results(l, criteria.radius, &place_label(place)) }</p>
            <p class="tb-actions">{ for widen }{ for clear }</p>
            <p class="tb-actions">{ vacancy_entry(r, place) }</p>
        </div>
    }
}

/// "Send your vacancy to the coaches of these people" and its dialog.
fn vacancy_entry(r: &Ready<'_>, place: &Place) -> Html {
    let (lang, feed, settings) = (r.lang, r.feed.clone(), r.settings.clone());
    html! {
        <VacancyEntry {lang} {feed} {settings} postcode={place.postcode.to_string()} radius={r.criteria.radius} today={clock::today()} />
    }
}

/// The map and the result list, with "show more".
fn results_view(r: &Ready<'_>, place: &Place, found: &Found) -> Html {
    let (l, criteria) = (r.lang, r.criteria);
    let more = {
        let (set, c) = (r.set_criteria.clone(), criteria.clone());
        Callback::from(move |_| set.emit(Criteria { limit: c.limit + PAGE, ..c.clone() }))
    };
    let open = {
        let opened = r.opened.clone();
        Callback::from(move |(hit, form, opener): (Hit, bool, Option<HtmlElement>)| {
            opened.set(Some(Opened { hit, form, opener }));
        })
    };
    html! {
        <>
            <p class="tb-anonymous">{ t(l, Text::Anonymous) }</p>
            <div class="tb-vacancy-bar">{ vacancy_entry(r, place) }</div>
            <div class="tb-layout">
                { reach_map(&ReachMapProps { lang: l, origin: *place, radius: criteria.radius, hits: found.hits.clone() }) }
                { results(&ResultsProps { lang: l, found: found.clone(), feed: r.feed.clone(), today: clock::today(), on_open: open, on_more: more }) }
            </div>
        </>
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
