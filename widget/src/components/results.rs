//! The list of matching profiles, best first, with "show more".

use std::rc::Rc;

use talentbrug_core::calendar::YearMonth;
use talentbrug_core::Lang;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::profile_card::{profile_card, ProfileCardProps};
use crate::i18n::{self, t, Text};
use crate::pool::LoadedFeed;
use crate::state::{Found, Hit};

/// What [`results`] shows.
pub struct ResultsProps {
    /// Language.
    pub lang: Lang,
    /// What the search found.
    pub found: Found,
    /// The feed, for occupation labels.
    pub feed: Rc<LoadedFeed>,
    /// The current month.
    pub today: YearMonth,
    /// Opens a profile: (hit, straight to the form, the button to return focus to).
    pub on_open: Callback<(Hit, bool, Option<HtmlElement>)>,
    /// Shows more results.
    pub on_more: Callback<()>,
}

/// The result list (a plain function: no state of its own).
pub fn results(props: &ResultsProps) -> Html {
    let l = props.lang;
    let shown = props.found.hits.len();
    let total = props.found.total;
    let more = props.on_more.clone();
    html! {
        <section class="tb-results" aria-label={i18n::shown_of(l, shown, total)} data-total={total.to_string()}>
            <ol class="tb-list">
                { for props.found.hits.iter().map(|hit| html! {
                    <li key={hit.profile.id.as_str()}>
                        { profile_card(&ProfileCardProps { lang: l, hit: hit.clone(), feed: props.feed.clone(), today: props.today, on_open: props.on_open.clone() }) }
                    </li>
                }) }
            </ol>
            <p class="tb-more">
                <span>{ i18n::shown_of(l, shown, total) }</span>
                if shown < total {
                    <button type="button" class="tb-button tb-secondary" onclick={move |_| more.emit(())}>{ t(l, Text::ShowMore) }</button>
                }
            </p>
        </section>
    }
}
