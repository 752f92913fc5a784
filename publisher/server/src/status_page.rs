//! `GET /status/{token}`: the employer's private page showing where their request stands, in
//! their language (`?lang=`, else `Accept-Language`, else Dutch). It shows the reference, the
//! employer's own vacancy title and the status, never anything about the candidate.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use talentbrug_core::{Lang, Timestamp};

use crate::app::App;
use talentbrug_inbox::RequestStatus;
use talentbrug_inbox::StatusToken;
use talentbrug_inbox::StatusView;

/// The page's stylesheet, served at `/status/style.css` (the CSP allows no inline styles).
pub const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330;line-height:1.5}
main{max-width:38rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin-top:0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
ol{list-style:none;padding:0}li{padding:.5rem .75rem;border-left:4px solid #c5cad3;margin:.25rem 0;color:#4a5262}
li.done{border-color:#2f6f4f;color:#1d2330}li[aria-current]{border-color:#1f5fbf;background:#eef4fd;color:#1d2330;font-weight:600}
nav{margin-top:1.5rem;font-size:.9rem}nav a{margin-right:1rem;color:#1f5fbf}p.note{font-size:.9rem;color:#4a5262}
.mark{color:#2f6f4f;margin-left:.4rem}section.card{border:1px solid #c5cad3;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
h3{font-size:1.05rem;margin:0 0 .25rem}form{margin:.5rem 0}label{display:block;font-weight:600;margin-bottom:.2rem}
input,button{font:inherit;padding:.35rem .6rem}button{border:1px solid #1f5fbf;background:#1f5fbf;color:#fff;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#1f5fbf}button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
p.error{color:#9b1c1c;font-weight:600}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}";

/// The language for this visit: `?lang=`, then `Accept-Language` (by quality), then Dutch.
pub fn choose_lang(query: Option<&str>, headers: &HeaderMap) -> Lang {
    if let Some(lang) = query.and_then(Lang::from_tag) {
        return lang;
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut tags: Vec<(f32, usize, Lang)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let lang = Lang::from_tag(pieces.next()?.trim())?;
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            (q > 0.0).then_some((q, i, lang))
        })
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    tags.first().map(|t| t.2).unwrap_or_default()
}

struct Text {
    title: &'static str,
    reference: &'static str,
    vacancy: &'static str,
    received: &'static str,
    updated: &'static str,
    steps: &'static str,
    note: &'static str,
    not_found_title: &'static str,
    not_found: &'static str,
    languages: &'static str,
    done: &'static str,
}

fn text(lang: Lang) -> Text {
    match lang {
        Lang::Nl => Text {
            title: "Uw aanvraag voor een blind gesprek",
            reference: "Referentie",
            vacancy: "Vacature",
            received: "Ontvangen op",
            updated: "Laatst bijgewerkt",
            steps: "Verloop",
            note: "Deze link is persoonlijk: wie hem heeft, ziet de stand van uw aanvraag. De pagina toont geen gegevens over de kandidaat; de jobcoach neemt contact met u op.",
            not_found_title: "Aanvraag niet gevonden",
            not_found: "Deze statuslink is niet (meer) geldig. Controleer of u de volledige link gebruikt, of neem contact op met de organisatie.",
            languages: "Taal",
            done: "afgerond",
        },
        Lang::Fr => Text {
            title: "Votre demande d'entretien à l'aveugle",
            reference: "Référence",
            vacancy: "Offre d'emploi",
            received: "Reçue le",
            updated: "Dernière mise à jour",
            steps: "Suivi",
            note: "Ce lien est personnel : toute personne qui le possède voit l'état de votre demande. La page ne montre aucune donnée sur la personne candidate ; le job coach vous contactera.",
            not_found_title: "Demande introuvable",
            not_found: "Ce lien de suivi n'est pas (ou plus) valide. Vérifiez que vous utilisez le lien complet, ou contactez l'organisation.",
            languages: "Langue",
            done: "terminé",
        },
        Lang::En => Text {
            title: "Your blind interview request",
            reference: "Reference",
            vacancy: "Vacancy",
            received: "Received on",
            updated: "Last updated",
            steps: "Progress",
            note: "This link is personal: anyone who has it can see the state of your request. The page shows no data about the candidate; the job coach will contact you.",
            not_found_title: "Request not found",
            not_found: "This status link is not (or no longer) valid. Check that you used the whole link, or contact the organisation.",
            languages: "Language",
            done: "done",
        },
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A date as people in that language write it.
pub(crate) fn date(t: Timestamp, lang: Lang) -> String {
    day(&t.to_string(), lang)
}

/// A day given as `YYYY-MM-DD...` as people in that language write it.
pub(crate) fn day(iso: &str, lang: Lang) -> String {
    let (Some(y), Some(m), Some(d)) = (iso.get(0..4), iso.get(5..7), iso.get(8..10)) else { return iso.to_owned() };
    match lang {
        Lang::Nl => format!("{d}-{m}-{y}"),
        Lang::Fr => format!("{d}/{m}/{y}"),
        Lang::En => format!("{y}-{m}-{d}"),
    }
}

/// A whole page: `main`, then links to the page in each language (`{base}?lang=`).
pub(crate) fn page(lang: Lang, title: &str, main: &str, base: Option<&str>) -> String {
    let t = text(lang);
    let mut nav = format!("<nav aria-label=\"{}\">", t.languages);
    for other in Lang::ALL {
        let name = match other {
            Lang::Nl => "Nederlands",
            Lang::Fr => "Français",
            Lang::En => "English",
        };
        let href = format!("{}?lang={}", base.unwrap_or(""), other.tag());
        let current = if other == lang { " aria-current=\"page\"" } else { "" };
        nav.push_str(&format!("<a href=\"{href}\" hreflang=\"{0}\" lang=\"{0}\"{current}>{name}</a>", other.tag()));
    }
    nav.push_str("</nav>");
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex, nofollow\"><title>{}</title><link rel=\"stylesheet\" href=\"/status/style.css\"></head>\
         <body><main>{main}{nav}</main></body></html>\n",
        lang.tag(),
        escape(title)
    )
}

/// The page for a request.
pub fn render(view: &StatusView, lang: Lang, token: &str) -> String {
    let t = text(lang);
    let mut steps = String::new();
    for status in RequestStatus::ALL {
        let label = escape(status.label(lang));
        // Done steps say so in words too, not only by colour.
        steps.push_str(&match status.cmp(&view.status) {
            std::cmp::Ordering::Less => {
                format!(
                    "<li class=\"done\">{label}<span class=\"mark\" aria-hidden=\"true\">✓</span><span class=\"sr\"> ({})</span></li>",
                    t.done
                )
            }
            std::cmp::Ordering::Equal => format!("<li aria-current=\"step\">{label}</li>"),
            std::cmp::Ordering::Greater => format!("<li>{label}</li>"),
        });
    }
    let main = format!(
        "<h1>{title}</h1><dl><dt>{reference}</dt><dd>{ref_value}</dd><dt>{vacancy}</dt><dd>{vacancy_value}</dd>\
         <dt>{received}</dt><dd>{received_value}</dd><dt>{updated}</dt><dd>{updated_value}</dd></dl>\
         <h2>{steps_title}</h2><ol>{steps}</ol><p class=\"note\">{note}</p>",
        title = t.title,
        reference = t.reference,
        ref_value = escape(&view.reference),
        vacancy = t.vacancy,
        vacancy_value = escape(&view.vacancy_title),
        received = t.received,
        received_value = date(view.received_at, lang),
        updated = t.updated,
        updated_value = date(view.status_changed_at, lang),
        steps_title = t.steps,
        note = escape(t.note),
    );
    page(lang, t.title, &main, Some(&format!("/status/{token}")))
}

/// The page for a token that is not ours.
pub fn render_not_found(lang: Lang) -> String {
    let t = text(lang);
    page(lang, t.not_found_title, &format!("<h1>{}</h1><p>{}</p>", t.not_found_title, escape(t.not_found)), None)
}

/// Runs `work` on the inbox off the async threads; `None` when the task could not run.
pub(crate) async fn with_store<T: Send + 'static>(
    app: &App,
    work: impl FnOnce(&mut talentbrug_inbox::Store) -> T + Send + 'static,
) -> Option<T> {
    let store = app.aux_store.clone();
    tokio::task::spawn_blocking(move || work(&mut store.lock().unwrap_or_else(|p| p.into_inner()))).await.ok()
}

/// `503` with no body: the inbox could not answer.
pub(crate) fn unavailable() -> Response<Body> {
    Response::builder().status(StatusCode::SERVICE_UNAVAILABLE).body(Body::empty()).unwrap_or_default()
}

/// The handler of `GET /status/{token}`.
pub async fn get_status(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response<Body> {
    let lang = choose_lang(query.get("lang").map(String::as_str), &headers);
    let view = match StatusToken::parse(&token) {
        Some(token) => with_store(&app, move |s| s.by_token(&token, talentbrug_private::now())).await,
        None => Some(Ok(None)),
    };
    let (status, html) = match view {
        Some(Ok(Some(view))) => (StatusCode::OK, render(&view, lang, &token)),
        Some(Ok(None)) => (StatusCode::NOT_FOUND, render_not_found(lang)),
        _ => return unavailable(),
    };
    html_response(&app, status, lang, html)
}

/// A private page: never cached, indexed or framed, in `lang`, under the HTML security headers.
pub(crate) fn html_response(app: &App, status: StatusCode, lang: Lang, html: String) -> Response<Body> {
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header("x-robots-tag", "noindex, nofollow")
        .header(header::CONTENT_LANGUAGE, lang.tag())
        .header(header::VARY, "Accept-Language");
    for (name, value) in app.policy.private_page_headers() {
        builder = builder.header(name, value);
    }
    builder.body(Body::from(html)).unwrap_or_default()
}

/// The handler of `GET /status/style.css`.
pub async fn get_style() -> Response<Body> {
    Response::builder()
        .header(header::CONTENT_TYPE, "text/css; charset=utf-8")
        .header(header::CACHE_CONTROL, "public, max-age=86400")
        .header(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"))
        .body(Body::from(STYLE))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(status: RequestStatus) -> StatusView {
        StatusView {
            reference: "TB-7K3M9-QXD2F".into(),
            vacancy_title: "Verkoper <script>alert(1)</script>".into(),
            received_at: "2026-11-23T09:30:00Z".parse().unwrap(),
            status,
            status_changed_at: "2026-11-25T14:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn the_page_speaks_the_employers_language_and_escapes_their_text() {
        let nl = render(&view(RequestStatus::Contacted), Lang::Nl, "tok");
        assert!(nl.contains("<html lang=\"nl\">"));
        assert!(nl.contains("Uw aanvraag voor een blind gesprek"));
        assert!(nl.contains("23-11-2026") && nl.contains("25-11-2026"));
        assert!(nl.contains("&lt;script&gt;") && !nl.contains("<script>"));
        assert!(nl.contains(
            "<li class=\"done\">Ontvangen<span class=\"mark\" aria-hidden=\"true\">✓</span><span class=\"sr\"> (afgerond)</span></li>"
        ));
        assert!(nl.contains("<li aria-current=\"step\">De coach heeft de kandidaat gecontacteerd</li>"));
        let fr = render(&view(RequestStatus::InterviewPlanned), Lang::Fr, "tok");
        assert!(fr.contains("<html lang=\"fr\">") && fr.contains("Entretien planifié") && fr.contains("23/11/2026"));
        let en = render(&view(RequestStatus::Closed), Lang::En, "tok");
        assert!(en.contains("<li aria-current=\"step\">Closed</li>") && en.contains("/status/tok?lang=nl"));
        assert!(render_not_found(Lang::Fr).contains("Demande introuvable"));
    }

    #[test]
    fn the_language_comes_from_the_query_then_the_browser() {
        let mut h = HeaderMap::new();
        assert_eq!(choose_lang(None, &h), Lang::Nl);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("de-DE, en;q=0.5, fr-BE;q=0.8"));
        assert_eq!(choose_lang(None, &h), Lang::Fr);
        assert_eq!(choose_lang(Some("en"), &h), Lang::En);
        assert_eq!(choose_lang(Some("xx"), &h), Lang::Fr);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("fr;q=0, en"));
        assert_eq!(choose_lang(None, &h), Lang::En);
    }
}
