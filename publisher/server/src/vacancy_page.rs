//! `GET /vacancy/{token}`: the employer's private page for a vacancy, in their language
//! (`?lang=`, else `Accept-Language`, else Dutch). It shows their own vacancy and each proposed
//! person as an anonymous card (a number, who proposes, the status and interview day), built
//! from [`VacancyView`], which holds no record id, profile id or coach's note.
//!
//! Plain HTML forms, no script: `POST /vacancy/{token}/proposal/{n}` with `mark=planned&date=
//! YYYY-MM-DD` or `mark=held`, and `POST /vacancy/{token}/close`; each answers `303` back to the
//! page. The token is the secret: unknown or expired, the page is a `404`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Response, StatusCode};
use talentbrug_core::Lang;
use talentbrug_inbox::{EmployerMark, InterviewDate, ProposalCard, ProposalStatus, StatusToken, VacancyError, VacancyStatus, VacancyView};

use crate::app::App;
use crate::status_page::{choose_lang, date, day, escape, html_response, page, unavailable, with_store};

/// Largest form body accepted on the page's forms.
pub const MAX_FORM_BYTES: usize = 1024;

struct Text {
    title: &'static str,
    reference: &'static str,
    job: &'static str,
    hours: &'static str,
    start: &'static str,
    workplace: &'static str,
    interviews: &'static str,
    status: &'static str,
    received: &'static str,
    proposals: &'static str,
    none_yet: &'static str,
    candidate: &'static str,
    proposed_by: &'static str,
    interview_on: &'static str,
    date_label: &'static str,
    planned_button: &'static str,
    held_button: &'static str,
    close_title: &'static str,
    close_text: &'static str,
    close_button: &'static str,
    closed_text: &'static str,
    bad_date: &'static str,
    note: &'static str,
    not_found_title: &'static str,
    not_found: &'static str,
}

fn text(lang: Lang) -> Text {
    match lang {
        Lang::Nl => Text {
            title: "Uw vacature",
            reference: "Referentie",
            job: "Functie",
            hours: "Uren per week",
            start: "Start",
            workplace: "Werkplek",
            interviews: "Gesprekken beloofd",
            status: "Stand",
            received: "Ontvangen op",
            proposals: "Voorgestelde kandidaten",
            none_yet: "Nog geen voorstellen. De jobcoaches bekijken wie past; elk voorstel verschijnt hier.",
            candidate: "Kandidaat",
            proposed_by: "Voorgesteld door",
            interview_on: "Gesprek op",
            date_label: "Datum van het gesprek",
            planned_button: "Gesprek gepland",
            held_button: "Gesprek gehouden",
            close_title: "Vacature afsluiten",
            close_text: "Is de vacature ingevuld? Sluit ze af; de coaches stellen dan niemand meer voor.",
            close_button: "Vacature afsluiten",
            closed_text: "Deze vacature is afgesloten: de coaches stellen niemand meer voor.",
            bad_date: "Kies een geldige datum voor het gesprek.",
            note: "Deze link is persoonlijk: wie hem heeft, ziet en beheert deze vacature. U ziet geen gegevens over de kandidaten; de jobcoach belt u om elk gesprek te plannen.",
            not_found_title: "Vacature niet gevonden",
            not_found: "Deze link is niet (meer) geldig. Controleer of u de volledige link gebruikt, of neem contact op met de organisatie.",
        },
        Lang::Fr => Text {
            title: "Votre offre d'emploi",
            reference: "Référence",
            job: "Fonction",
            hours: "Heures par semaine",
            start: "Début",
            workplace: "Lieu de travail",
            interviews: "Entretiens promis",
            status: "État",
            received: "Reçue le",
            proposals: "Candidat·es proposé·es",
            none_yet: "Pas encore de proposition. Les job coachs regardent qui convient ; chaque proposition apparaîtra ici.",
            candidate: "Candidat·e",
            proposed_by: "Proposé·e par",
            interview_on: "Entretien le",
            date_label: "Date de l'entretien",
            planned_button: "Entretien planifié",
            held_button: "Entretien eu lieu",
            close_title: "Clôturer l'offre",
            close_text: "Le poste est pourvu ? Clôturez l'offre ; les coachs ne proposeront plus personne.",
            close_button: "Clôturer l'offre",
            closed_text: "Cette offre est clôturée : les coachs ne proposent plus personne.",
            bad_date: "Choisissez une date valide pour l'entretien.",
            note: "Ce lien est personnel : toute personne qui le possède voit et gère cette offre. Vous ne voyez aucune donnée sur les candidat·es ; le job coach vous appellera pour planifier chaque entretien.",
            not_found_title: "Offre introuvable",
            not_found: "Ce lien n'est pas (ou plus) valide. Vérifiez que vous utilisez le lien complet, ou contactez l'organisation.",
        },
        Lang::En => Text {
            title: "Your vacancy",
            reference: "Reference",
            job: "Job",
            hours: "Hours per week",
            start: "Start",
            workplace: "Workplace",
            interviews: "Interviews promised",
            status: "Status",
            received: "Received on",
            proposals: "Proposed candidates",
            none_yet: "No proposals yet. The job coaches are looking at who fits; each proposal will appear here.",
            candidate: "Candidate",
            proposed_by: "Proposed by",
            interview_on: "Interview on",
            date_label: "Date of the interview",
            planned_button: "Interview planned",
            held_button: "Interview held",
            close_title: "Close the vacancy",
            close_text: "Is the job filled? Close the vacancy; the coaches will then propose no one else.",
            close_button: "Close the vacancy",
            closed_text: "This vacancy is closed: the coaches propose no one else.",
            bad_date: "Choose a valid date for the interview.",
            note: "This link is personal: anyone who has it can see and manage this vacancy. You see no data about the candidates; the job coach will call you to plan each interview.",
            not_found_title: "Vacancy not found",
            not_found: "This link is not (or no longer) valid. Check that you used the whole link, or contact the organisation.",
        },
    }
}

/// One anonymous card: its number, who proposes, the status and the employer's buttons.
fn card(c: &ProposalCard, org: &str, lang: Lang, token: &str) -> String {
    let t = text(lang);
    let n = c.number;
    let mut out = format!(
        "<section class=\"card\" aria-labelledby=\"candidate-{n}\"><h3 id=\"candidate-{n}\">{} {n}</h3>\
         <p>{} {} ({})</p><p>{}</p>",
        t.candidate,
        t.proposed_by,
        escape(org),
        date(c.proposed_at, lang),
        escape(c.status.label(lang)),
    );
    if let Some(d) = &c.interview_date {
        out.push_str(&format!("<p>{} {}</p>", t.interview_on, day(d, lang)));
    }
    if matches!(c.status, ProposalStatus::Proposed | ProposalStatus::InterviewPlanned) {
        let action = format!("/vacancy/{token}/proposal/{n}?lang={}", lang.tag());
        let value = c.interview_date.as_deref().map(escape).unwrap_or_default();
        out.push_str(&format!(
            "<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"mark\" value=\"planned\">\
             <label for=\"date-{n}\">{}</label><input type=\"date\" id=\"date-{n}\" name=\"date\" required value=\"{value}\"> \
             <button type=\"submit\">{}</button></form>\
             <form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"mark\" value=\"held\">\
             <button type=\"submit\" class=\"secondary\">{}</button></form>",
            t.date_label, t.planned_button, t.held_button
        ));
    }
    out.push_str("</section>");
    out
}

/// The page of a vacancy; `error` says the last form had a bad date.
pub fn render(view: &VacancyView, org: &str, lang: Lang, token: &str, error: bool) -> String {
    let t = text(lang);
    let row = |label: &str, value: String| format!("<dt>{label}</dt><dd>{value}</dd>");
    let mut main = format!("<h1>{}</h1>", t.title);
    if error {
        main.push_str(&format!("<p class=\"error\">{}</p>", t.bad_date));
    }
    main.push_str("<dl>");
    main.push_str(&row(t.reference, escape(&view.reference)));
    main.push_str(&row(t.job, escape(&view.title)));
    main.push_str(&row(t.hours, format!("{}–{}", view.hours_min, view.hours_max)));
    main.push_str(&row(t.start, escape(&view.start)));
    main.push_str(&row(t.workplace, format!("{} {}", escape(&view.workplace_postcode), escape(&view.workplace_place))));
    main.push_str(&row(t.interviews, view.max_interviews.to_string()));
    main.push_str(&row(t.status, escape(view.status.label(lang))));
    main.push_str(&row(t.received, date(view.received_at, lang)));
    main.push_str(&format!("</dl><h2>{}</h2>", t.proposals));
    if view.proposals.is_empty() {
        main.push_str(&format!("<p>{}</p>", t.none_yet));
    }
    for c in &view.proposals {
        main.push_str(&card(c, org, lang, token));
    }
    main.push_str(&format!("<h2>{}</h2>", t.close_title));
    if view.status == VacancyStatus::Open {
        main.push_str(&format!(
            "<p>{}</p><form method=\"post\" action=\"/vacancy/{token}/close?lang={}\"><button type=\"submit\" class=\"secondary\">{}</button></form>",
            t.close_text,
            lang.tag(),
            t.close_button
        ));
    } else {
        main.push_str(&format!("<p>{}</p>", t.closed_text));
    }
    main.push_str(&format!("<p class=\"note\">{}</p>", escape(t.note)));
    page(lang, t.title, &main, Some(&format!("/vacancy/{token}")))
}

/// The page for a link that is not ours (any more).
pub fn render_not_found(lang: Lang) -> String {
    let t = text(lang);
    page(lang, t.not_found_title, &format!("<h1>{}</h1><p>{}</p>", t.not_found_title, escape(t.not_found)), None)
}

/// The handler of `GET /vacancy/{token}`.
pub async fn get_vacancy(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response<Body> {
    let lang = choose_lang(query.get("lang").map(String::as_str), &headers);
    let view = match StatusToken::parse(&token) {
        Some(parsed) => with_store(&app, move |s| s.vacancy_by_token(&parsed, talentbrug_private::now())).await,
        None => Some(Ok(None)),
    };
    let org = app.live.get().publisher_name.clone();
    match view {
        Some(Ok(Some(view))) => html_response(&app, StatusCode::OK, lang, render(&view, &org, lang, &token, query.contains_key("error"))),
        Some(Ok(None)) => html_response(&app, StatusCode::NOT_FOUND, lang, render_not_found(lang)),
        _ => unavailable(),
    }
}

/// Reads `a=b&c=d` (`+` and `%XX` decoded) as the browser sends a form.
fn form_fields(body: &[u8]) -> HashMap<String, String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default().into_iter().collect()
}

/// `303` back to the page, in the same language, with `&error=date` after a bad date.
fn back(token: &str, lang: Lang, error: bool) -> Response<Body> {
    let location = format!("/vacancy/{token}?lang={}{}", lang.tag(), if error { "&error=date" } else { "" });
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, location)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::empty())
        .unwrap_or_default()
}

/// What a refused action answers: the page's 404 for a link or proposal that does not exist,
/// else back to the page (a withdrawn proposal has no buttons to press).
fn refused(app: &App, e: VacancyError, token: &str, lang: Lang) -> Response<Body> {
    match e {
        VacancyError::NoSuchLink => html_response(app, StatusCode::NOT_FOUND, lang, render_not_found(lang)),
        VacancyError::Store(_) => unavailable(),
        _ => back(token, lang, false),
    }
}

/// The handler of `POST /vacancy/{token}/proposal/{n}`: the employer marks an interview.
pub async fn post_mark(
    State(app): State<Arc<App>>,
    Path((token, number)): Path<(String, u32)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let lang = choose_lang(query.get("lang").map(String::as_str), &headers);
    let Some(parsed) = StatusToken::parse(&token) else {
        return html_response(&app, StatusCode::NOT_FOUND, lang, render_not_found(lang));
    };
    let fields = form_fields(&body);
    let mark = match fields.get("mark").map(String::as_str) {
        Some("held") => EmployerMark::Held,
        Some("planned") => match fields.get("date").and_then(|d| InterviewDate::parse(d)) {
            Some(date) => EmployerMark::Planned(date),
            None => return back(&token, lang, true),
        },
        _ => return back(&token, lang, false),
    };
    match with_store(&app, move |s| s.employer_marks(&parsed, number, &mark, talentbrug_private::now())).await {
        Some(Ok(())) => back(&token, lang, false),
        Some(Err(e)) => refused(&app, e, &token, lang),
        None => unavailable(),
    }
}

/// The handler of `POST /vacancy/{token}/close`: the employer closes the vacancy.
pub async fn post_close(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response<Body> {
    let lang = choose_lang(query.get("lang").map(String::as_str), &headers);
    let Some(parsed) = StatusToken::parse(&token) else {
        return html_response(&app, StatusCode::NOT_FOUND, lang, render_not_found(lang));
    };
    match with_store(&app, move |s| s.employer_closes(&parsed, talentbrug_private::now())).await {
        Some(Ok(())) => back(&token, lang, false),
        Some(Err(e)) => refused(&app, e, &token, lang),
        None => unavailable(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(status: VacancyStatus) -> VacancyView {
        VacancyView {
            reference: "TB-7K3M9-QXD2F".into(),
            title: "Bakker <b>".into(),
            hours_min: 20,
            hours_max: 30,
            start: "2027-01".into(),
            workplace_postcode: "BE-3000".into(),
            workplace_place: "Leuven".into(),
            max_interviews: 2,
            status,
            received_at: "2026-11-23T09:30:00Z".parse().unwrap(),
            proposals: vec![
                ProposalCard {
                    number: 1,
                    status: ProposalStatus::InterviewPlanned,
                    interview_date: Some("2027-01-15".into()),
                    proposed_at: "2026-11-24T10:00:00Z".parse().unwrap(),
                },
                ProposalCard {
                    number: 2,
                    status: ProposalStatus::Withdrawn,
                    interview_date: None,
                    proposed_at: "2026-11-25T10:00:00Z".parse().unwrap(),
                },
            ],
        }
    }

    #[test]
    fn the_page_shows_cards_with_labelled_forms_in_every_language() {
        let nl = render(&view(VacancyStatus::Open), "Werkpunt Leuven", Lang::Nl, "tok", false);
        assert!(nl.contains("<html lang=\"nl\">") && nl.contains("Bakker &lt;b&gt;") && !nl.contains("<b>"));
        assert!(nl.contains("<h3 id=\"candidate-1\">Kandidaat 1</h3>") && nl.contains("Voorgesteld door Werkpunt Leuven (24-11-2026)"));
        assert!(nl.contains("Gesprek op 15-01-2027"));
        assert!(nl.contains("<label for=\"date-1\">Datum van het gesprek</label><input type=\"date\" id=\"date-1\""));
        assert!(
            nl.contains("action=\"/vacancy/tok/proposal/1?lang=nl\"") && !nl.contains("/proposal/2?"),
            "no buttons on a withdrawn card"
        );
        assert!(nl.contains("action=\"/vacancy/tok/close?lang=nl\"") && nl.contains("/vacancy/tok?lang=fr"));
        assert!(!nl.contains("style=") && !nl.contains("<script"), "nothing inline under the CSP");
        let fr = render(&view(VacancyStatus::Closed), "Werkpunt", Lang::Fr, "tok", true);
        assert!(fr.contains("Candidat·e 1") && fr.contains("Choisissez une date valide") && !fr.contains("/close?"));
        let en = render(&view(VacancyStatus::Open), "Werkpunt", Lang::En, "tok", false);
        assert!(en.contains("Interview planned") && en.contains("Withdrawn by the coach") && en.contains("2027-01-15"));
        assert!(render_not_found(Lang::En).contains("Vacancy not found"));
    }

    #[test]
    fn form_bodies_are_decoded() {
        let f = form_fields(b"mark=planned&date=2027-01-15&x=a+b%21&bad=%zz&cut=%4");
        assert_eq!(f["mark"], "planned");
        assert_eq!(f["date"], "2027-01-15");
        assert_eq!(f["x"], "a b!");
        assert_eq!(f["bad"], "%zz");
        assert_eq!(f["cut"], "%4");
    }
}
