//! One result: an `<article>` with what an employer needs at a glance, and the two actions.

use std::rc::Rc;

use talentbrug_core::calendar::YearMonth;
use talentbrug_core::Lang;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::profile_details::{band, facts, occupations, talent_chips, why};
use crate::i18n::{self, t, Text};
use crate::pool::LoadedFeed;
use crate::state::Hit;

/// What [`profile_card`] shows.
pub struct ProfileCardProps {
    /// Language.
    pub lang: Lang,
    /// The match.
    pub hit: Hit,
    /// The feed, for occupation labels.
    pub feed: Rc<LoadedFeed>,
    /// The current month.
    pub today: YearMonth,
    /// Opens the detail view (`false`) or the request form (`true`).
    pub on_open: Callback<(Hit, bool, Option<HtmlElement>)>,
}

/// In a network, the name of the organisation that coaches the person (single feeds name it in
/// the footer).
pub fn coached_by(feed: &LoadedFeed, p: &talentbrug_core::Profile) -> Option<String> {
    feed.is_network().then(|| feed.owner(&p.id).map(|(org, _)| org.name.clone())).flatten()
}

/// A profile card. A plain function rather than a component: it has no state, and each
/// component type costs kilobytes of wasm.
pub fn profile_card(props: &ProfileCardProps) -> Html {
    let l = props.lang;
    let p = &props.hit.profile;
    let id = p.id.as_str();
    let heading_id = format!("tb-card-{id}");
    let occ = occupations(p, &props.feed, l);
    let title = i18n::card_title(l, occ.first().map(String::as_str));
    let also = occ.iter().skip(1).cloned().collect::<Vec<_>>().join(", ");
    let coach = coached_by(&props.feed, p);
    let open = |form: bool| {
        let (cb, hit) = (props.on_open.clone(), props.hit.clone());
        Callback::from(move |e: MouseEvent| {
            cb.emit((hit.clone(), form, e.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(t).ok())))
        })
    };
    html! {
        <article class="tb-card" aria-labelledby={heading_id.clone()} data-profile-id={id.to_owned()}>
            <header class="tb-card-head">
                <p class="tb-kicker">{ t(l, Text::Wants) }</p>
                <h3 id={heading_id}>{ title }</h3>
                if !also.is_empty() { <p class="tb-also">{ also }</p> }
                <p class="tb-where">
                    <span>{ p.area.label.clone() }</span>
                    <span class="tb-band" title={t(l, Text::Distance)}>{ band(props.hit.band, l) }</span>
                    if p.job_coaching { <span class="tb-coach">{ t(l, Text::JobCoach) }</span> }
                </p>
            </header>
            { talent_chips(p, l) }
            if let Some(org) = coach { <p class="tb-org" data-org={org.clone()}>{ t(l, Text::CoachedBy) }{ " " }<strong>{ org }</strong></p> }
            { facts(p, l, props.today, false) }
            if let Some(pitch) = &p.pitch {
                <blockquote class="tb-pitch tb-pitch-short">{ pitch.as_str().to_owned() }</blockquote>
            }
            <p class="tb-why"><span class="tb-why-label">{ t(l, Text::WhyThisProfile) }</span>{ " " }{ why(&props.hit.why, l, &props.feed) }</p>
            <div class="tb-card-actions">
                <button type="button" class="tb-button tb-secondary" data-open="detail" onclick={open(false)}>{ t(l, Text::ViewProfile) }</button>
                <button type="button" class="tb-button" data-open="form" onclick={open(true)}>{ t(l, Text::RequestInterview) }</button>
            </div>
        </article>
    }
}
