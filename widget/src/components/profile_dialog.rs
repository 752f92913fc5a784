//! The modal dialog over the results: a profile's details, then the request form, then the
//! confirmation. A native `<dialog>` opened with `showModal()` ([`use_modal`]), so focus moves
//! into it, the page behind is inert and Escape closes it; focus then returns to the button that
//! opened it.

use std::rc::Rc;

use talentbrug_core::calendar::YearMonth;
use talentbrug_core::Lang;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::profile_details::{band, facts, occupations, talent_chips, why};
use super::request_form::RequestFormView;
use crate::hooks::use_modal::use_modal;
use crate::i18n::{self, t, Text};
use crate::pool::LoadedFeed;
use crate::settings::Settings;
use crate::state::Hit;

/// What the dialog shows and where focus returns.
#[derive(Clone)]
pub struct Opened {
    /// The profile.
    pub hit: Hit,
    /// Open straight on the request form.
    pub form: bool,
    /// The button that opened it.
    pub opener: Option<HtmlElement>,
}

impl PartialEq for Opened {
    /// The same profile opened the same way: profiles are immutable within a feed.
    fn eq(&self, other: &Self) -> bool {
        self.hit.profile.id == other.hit.profile.id && self.form == other.form && self.opener == other.opener
    }
}

/// Props of [`ProfileDialog`].
#[derive(Properties)]
pub struct ProfileDialogProps {
    /// Language.
    pub lang: Lang,
    /// What to show.
    pub opened: Opened,
    /// The feed.
    pub feed: Rc<LoadedFeed>,
    /// The partner's settings (request URL).
    pub settings: Settings,
    /// The postcode the employer searched from, to prefill the company postcode.
    pub search_postcode: String,
    /// The current month.
    pub today: YearMonth,
    /// Called when the dialog closed.
    pub on_close: Callback<()>,
}

impl PartialEq for ProfileDialogProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && self.opened == other.opened
            && Rc::ptr_eq(&self.feed, &other.feed)
            && self.settings == other.settings
            && self.search_postcode == other.search_postcode
            && self.today == other.today
    }
}

/// The dialog.
#[function_component(ProfileDialog)]
pub fn profile_dialog(props: &ProfileDialogProps) -> Html {
    let l = props.lang;
    let modal = use_modal();
    let close = modal.close.clone();
    let show_form = use_state(|| props.opened.form);
    let hit = &props.opened.hit;
    let p = &hit.profile;
    let occ = occupations(p, &props.feed, l);
    let title = i18n::card_title(l, occ.first().map(String::as_str));
    let to_form = {
        let show_form = show_form.clone();
        Callback::from(move |_| show_form.set(true))
    };

    let body = if *show_form {
        html! {
            <RequestFormView lang={l} profile={p.clone()} feed={props.feed.clone()} settings={props.settings.clone()}
                search_postcode={props.search_postcode.clone()} summary={format!("{title} · {} · {}", p.area.label, band(hit.band, l))}
                on_close={close} />
        }
    } else {
        details(props, &title, &occ, to_form)
    };

    modal.view(l, &props.on_close, Some(p.id.as_str().to_owned()), body)
}

/// The profile in full, with "request an interview".
fn details(props: &ProfileDialogProps, title: &str, occ: &[String], to_form: Callback<MouseEvent>) -> Html {
    let (l, hit) = (props.lang, &props.opened.hit);
    let p = &hit.profile;
    html! {
        <>
            <h2 id="tb-dialog-title" class="tb-dialog-title">{ title.to_owned() }</h2>
            if occ.len() > 1 { <p class="tb-also">{ occ[1..].join(", ") }</p> }
            <p class="tb-where">
                <span>{ t(l, Text::LivesNear) }{ " " }{ p.area.label.clone() }</span>
                <span class="tb-band">{ band(hit.band, l) }</span>
                if p.job_coaching { <span class="tb-coach">{ t(l, Text::JobCoach) }</span> }
            </p>
            if let Some((org, _)) = props.feed.owner(&p.id) {
                <p class="tb-org" data-org={org.name.clone()}>{ t(l, Text::CoachedBy) }{ " " }<strong>{ org.name.clone() }</strong>{ " · " }
                    <a href={org.privacy_url.clone()} target="_blank" rel="noopener">{ t(l, Text::PrivacyNotice) }</a></p>
            }
            <h3 class="tb-subhead">{ t(l, Text::Talents) }</h3>
            { talent_chips(p, l) }
            { facts(p, l, props.today, true) }
            if let Some(pitch) = &p.pitch {
                <h3 class="tb-subhead">{ t(l, Text::InOwnWords) }</h3>
                <blockquote class="tb-pitch">{ pitch.as_str().to_owned() }</blockquote>
            }
            <p class="tb-why"><span class="tb-why-label">{ t(l, Text::WhyThisProfile) }</span>{ " " }{ why(&hit.why, l, &props.feed) }</p>
            <p class="tb-anonymous">{ t(l, Text::Anonymous) }</p>
            <div class="tb-card-actions">
                <button type="button" class="tb-button" onclick={to_form}>{ t(l, Text::RequestInterview) }</button>
            </div>
        </>
    }
}
