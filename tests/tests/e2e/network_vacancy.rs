//! Vacancies to the coaches (issue 15) on the real demo network in headless Chromium: three
//! organisations, of which the social workplace coaches nobody for office and IT work.
//!
//! - An employer at 3000 Leuven sends a vacancy for a helpdesk worker from the widget: the form
//!   says that the city's job desk and the temp agency will receive it (with how many of their
//!   people fit), each receives its own copy with the ids it published of exactly those people,
//!   and the social workplace receives nothing. Bad input first gets field-level messages.
//! - A coach proposes one of them with `talentbrug inbox propose`; the employer's status link
//!   (from the confirmation) shows the proposal without candidate data (no record id, no profile
//!   id, no note); the employer marks the interview planned there, and `talentbrug inbox vacancy
//!   REF --json` shows it.
//! - One organisation down when the employer sends: the other has it, the form names the one
//!   that does not and sends it to just that one again once it is back; nobody has two copies.
//!
//! axe finds nothing on the open form (nl, fr), with its problems, and on the status page.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use talentbrug::demo_network::{serve_member, PreparedMember};
use talentbrug_core::FeedIndex;
use talentbrug_e2e::browser::Browser;
use talentbrug_e2e::widget::Widget;
use talentbrug_inbox::Store;

use super::inbox_load_and_kill::binary;
use super::network_demo::{open, start_network_of};

const T: Duration = Duration::from_secs(30);
/// The ESCO occupation the vacancy asks for: helpdesk worker (ISCO 3512), which people at the
/// job desk and the temp agency near Leuven want (some published with only an ISCO group that
/// holds it), and nobody at the social workplace.
const HELPDESK: &str = "aaeec9a7-dc57-4485-890c-86b3eef735f9";
/// People in each organisation's records, as `cargo xtask demo` makes them: with a few hundred
/// each, the publisher must generalise almost everyone to an ISCO major group, any shift and a
/// 2 km reach to keep them 5-anonymous, and the vacancy would reach nobody.
const PEOPLE: usize = 2_000;

async fn assert_clean(browser: &Browser, what: &str) {
    let violations = talentbrug_e2e::axe::check(&browser.client).await.expect("axe");
    assert!(violations.is_empty(), "{what}: {violations:#?}");
}

/// This month in words, as the start month's list names it in `lang` ("nl" or "fr").
fn this_month_in(lang: &str) -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let month = talentbrug_core::Timestamp::from_unix_seconds(secs as i64).month();
    let names = match lang {
        "fr" => ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        _ => ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    };
    format!("{} {}", names[month.month() as usize - 1], month.year())
}

/// The start month the form shows, in words, and how many months it offers.
async fn start_month(w: &Widget<'_>) -> (serde_json::Value, serde_json::Value) {
    let select = "root.getElementById('tb-f-vacancy-start')";
    let shown = w.js(&format!("{select}.selectedOptions[0].textContent")).await.expect("js");
    (shown, w.js(&format!("{select}.options.length")).await.expect("js"))
}

/// Opens the vacancy form from the button next to the results.
async fn open_form(w: &Widget<'_>) {
    w.find(".tb-vacancy-bar .tb-vacancy-open").await.expect("the vacancy button").click().await.expect("open");
    w.wait_until("root.querySelector('dialog[open] form.tb-vacancy')", "the vacancy form", T).await.expect("form");
}

/// Sets a value the way a date or month picker does, then lets the widget read it.
async fn pick(w: &Widget<'_>, id: &str, value: &str) {
    let set = format!(
        "(() => {{ const e = root.getElementById({id:?}); e.value = {value:?}; e.dispatchEvent(new Event('input', {{bubbles: true}})); e.dispatchEvent(new Event('change', {{bubbles: true}})); }})()"
    );
    w.js(&set).await.expect("pick");
}

/// Fills the form for a helpdesk worker at 3000 Leuven, 20-38 hours, day shifts.
async fn fill_vacancy(w: &Widget<'_>) {
    for (id, text) in [
        ("tb-f-employer-company", "Softhuis Leuven"),
        ("tb-f-employer-contact_name", "An Peeters"),
        ("tb-f-employer-email", "an@softhuis.example"),
        ("tb-f-employer-phone", "016 22 33 44"),
        ("tb-f-vacancy-title", "Medewerker helpdesk"),
        ("tb-f-vacancy-hours", "20"),
        ("tb-f-vacancy-hours-max", "38"),
        ("tb-f-vacancy-description", "Klanten helpen met onze kassasoftware, met een vaste collega als aanspreekpunt."),
    ] {
        w.fill(id, text).await.unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    w.fill("tb-f-vacancy-occupation", "medewerker helpdesk").await.expect("occupation");
    let option = "Array.from(root.querySelectorAll('#tb-f-vacancy-occupation-list [role=option]')).find(o => o.textContent.includes('medewerker helpdesk'))";
    if let Err(e) = w.wait_until(option, "the occupation among the suggestions", T).await {
        let shown = w.js("Array.from(root.querySelectorAll('#tb-f-vacancy-occupation-list [role=option]')).map(o => o.textContent)").await;
        panic!("{e}: {shown:?}");
    }
    w.js(&format!("{option}.click()")).await.expect("choose");
    w.wait_until("root.querySelector('.tb-vacancy .tb-chosen .tb-chip')", "the chosen occupation", T).await.expect("chip");
    for id in ["tb-f-shift-day", "tb-f-offer-buddy_on_site", "tb-f-commitment", "tb-f-consent"] {
        w.find(&format!("#{id}")).await.expect(id).click().await.expect("tick");
    }
    pick(w, "tb-f-max_interviews", "3").await;
}

/// The organisations the form says will receive the vacancy, with how many people fit at each.
async fn recipients(w: &Widget<'_>) -> Vec<(String, usize)> {
    let list = w
        .js("Array.from(root.querySelectorAll('.tb-recipient-list li')).map(li => [li.dataset.org, Number(li.dataset.count)])")
        .await
        .expect("js");
    serde_json::from_value(list).expect("pairs")
}

/// Sends the form once it has been open long enough for a person.
async fn send(w: &Widget<'_>, opened: talentbrug_e2e::widget::FormOpened) {
    w.wait_min_form_time(opened).await.expect("clock");
    w.find(".tb-vacancy button[type=submit]").await.expect("send").click().await.expect("send");
}

/// The vacancies stored in a member's inbox.
fn stored(db: &Path) -> Vec<talentbrug_inbox::StoredVacancy> {
    Store::open_existing(db).expect("inbox").vacancies(None).expect("vacancies")
}

/// Runs `talentbrug inbox ARGS --db DB --private-dir DIR` as a coach would; its standard output.
fn coach(bin: &Path, m: &PreparedMember, args: &[&str]) -> String {
    let out = Command::new(bin)
        .arg("inbox")
        .args(args)
        .args(["--db", m.org.db.to_str().expect("path"), "--private-dir", m.org.private_dir.to_str().expect("path")])
        .output()
        .expect("talentbrug runs");
    assert!(out.status.success(), "talentbrug inbox {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Every matched id is a profile `m` published that fits the vacancy.
fn assert_fit(m: &PreparedMember, ids: &[String]) {
    let index = FeedIndex::parse(&std::fs::read(&m.org.feed).expect("feed")).expect("the member's feed");
    assert!(!ids.is_empty() && ids.len() <= 50, "{}: {ids:?}", m.member.id);
    for id in ids {
        let p = index.profile(id).unwrap_or_else(|| panic!("{} did not publish {id}", m.member.id));
        let helpdesk =
            p.occupations.iter().any(|o| o.to_string() == HELPDESK) || p.occupation_groups.iter().any(|g| "3512".starts_with(g.as_str()));
        assert!(helpdesk, "{id} wants helpdesk work (or shows only an ISCO group holding it)");
        assert!(p.hours.min() <= 38 && 20 <= p.hours.max(), "{id}: hours {:?}", p.hours);
        assert!(p.shifts.contains(talentbrug_core::vocabulary::Shift::Day), "{id} works days");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vacancy_reaches_only_the_organisations_with_people_who_fit_and_a_proposal_comes_back() {
    let bin = tokio::task::spawn_blocking(binary).await.expect("the talentbrug binary");
    let (dir, running) = start_network_of("vacancy", PEOPLE).await;
    let net = &running.network;
    let (jobpunt, maatwerk, interim) = (&net.members[0], &net.members[1], &net.members[2]);
    let browser = Browser::start(1280, 1200).await.expect("browser");
    open(&browser, &running, "&radius=15").await;
    let w = Widget::new(&browser.client, "talent-brug");
    open_form(&w).await;
    let opened = w.form_opened().await.expect("clock");
    assert_eq!(w.focused().await.expect("focus"), "tb-f-employer-company", "focus moves into the form");
    assert_eq!(w.js("root.getElementById('tb-f-vacancy-workplace_postcode').value").await.expect("js"), "3000");
    assert_eq!(start_month(&w).await, (this_month_in("nl").into(), 24.into()), "months named in the widget's language, from now");
    assert_clean(&browser, "nl: the open vacancy form").await;
    browser.screenshot("vacancy-form-nl.png").await.expect("screenshot");

    // Bad input: field-level messages in Dutch, tied to their fields; nothing is sent.
    w.fill("tb-f-vacancy-hours", "38").await.expect("hours");
    w.fill("tb-f-vacancy-hours-max", "20").await.expect("hours");
    w.fill("tb-f-employer-email", "an@softhuis").await.expect("email");
    w.find(".tb-vacancy button[type=submit]").await.expect("send").click().await.expect("send");
    w.wait_until("root.querySelector('.tb-vacancy .tb-summary-error')", "the summary", T).await.expect("summary");
    let message = |id: &str| format!("root.getElementById('{id}-error') && root.getElementById('{id}-error').textContent");
    for (id, says) in [
        ("tb-f-employer-company", "Vul dit veld in."),
        ("tb-f-employer-email", "Dit is geen e-mailadres."),
        ("tb-f-vacancy-title", "Vul dit veld in."),
        ("tb-f-vacancy-hours", "het minimum niet boven het maximum"),
        ("tb-f-commitment", "Vink dit aan"),
    ] {
        let text = w.js(&message(id)).await.expect("js");
        assert!(text.as_str().is_some_and(|t| t.contains(says)), "{id}: {text}");
        let described = w.js(&format!("root.getElementById('{id}').getAttribute('aria-describedby')")).await.expect("js");
        assert_eq!(described, format!("{id}-error"), "{id} points at its message");
    }
    assert_eq!(w.focused().await.expect("focus"), "tb-f-employer-company", "focus on the first field to correct");
    assert_clean(&browser, "nl: the vacancy form with problems").await;
    browser.screenshot("vacancy-form-problems-nl.png").await.expect("screenshot");
    assert!(net.members.iter().all(|m| stored(&m.org.db).is_empty()), "nothing sent");

    // Filled in: only the job desk and the temp agency have people who fit.
    fill_vacancy(&w).await;
    w.wait_until("root.querySelectorAll('.tb-vacancy .tb-problem').length === 0", "no problems left", T).await.expect("clean");
    let to = recipients(&w).await;
    assert_eq!(to.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>(), [jobpunt.member.name, interim.member.name], "{to:?}");
    assert!(to.iter().all(|(_, n)| *n > 0));
    let privacy = w.js("Array.from(root.querySelectorAll('.tb-vacancy .tb-promise a')).map(a => a.href)").await.expect("js");
    let want: Vec<String> = [jobpunt, interim].iter().map(|m| format!("{}/privacy.html", m.origin)).collect();
    assert_eq!(privacy, serde_json::json!(want), "the consent links each receiving organisation's privacy notice");
    send(&w, opened).await;
    w.wait_until("root.querySelectorAll('.tb-sent [data-reference]').length === 2", "both references", T).await.expect("sent");
    assert_eq!(w.focused().await.expect("focus"), "tb-dialog-title", "focus on the confirmation");
    browser.screenshot("vacancy-sent-nl.png").await.expect("screenshot");

    // Each of the two has its own copy, with the ids it published of the people who fit.
    let mut links = Vec::new();
    for (m, (_, count)) in [jobpunt, interim].into_iter().zip(&to) {
        let sel = format!("root.querySelector('.tb-sent .tb-deliveries li[data-org=\"{}\"]')", m.member.name);
        let reference = w.js(&format!("{sel}.querySelector('[data-reference]').textContent")).await.expect("js");
        let link = w.js(&format!("{sel}.querySelector('a').href")).await.expect("js");
        let vacancies = stored(&m.org.db);
        assert_eq!(vacancies.len(), 1, "{}: one copy", m.member.id);
        let v = &vacancies[0];
        assert_eq!(reference, v.reference.as_str());
        assert_eq!((v.title.as_str(), v.occupation.as_deref(), v.hours_min, v.hours_max), ("Medewerker helpdesk", Some(HELPDESK), 20, 38));
        assert_eq!((v.shifts.clone(), v.offers.clone(), v.max_interviews), (vec!["day".to_owned()], vec!["buddy_on_site".to_owned()], 3));
        assert_eq!(v.workplace_postcode, "BE-3000");
        let ids: Vec<String> = v.matches.iter().map(|x| x.profile_id.clone()).collect();
        assert_eq!(ids.len(), (*count).min(50), "{}: every person who fits (at most 50)", m.member.id);
        assert_fit(m, &ids);
        links.push((m, v.reference.clone(), link.as_str().expect("a status link").to_owned()));
    }
    assert!(stored(&maatwerk.org.db).is_empty(), "the social workplace coaches nobody for office work: it receives nothing");

    // A coach at the job desk proposes one of the people the match found.
    let (m, reference, link) = &links[0];
    let detail: serde_json::Value = serde_json::from_str(&coach(&bin, m, &["vacancy", reference, "--json"])).expect("json");
    let record = detail["matched_records"][0]["record_id"].as_str().expect("the mapping knows the record").to_owned();
    let profile = detail["matched_records"][0]["profile_id"].as_str().expect("profile").to_owned();
    assert!(record.starts_with(m.member.record_prefix), "{record}");
    let note = "Belt liefst na 16u; fietst, heeft geen rijbewijs";
    coach(&bin, m, &["propose", reference, "--record", &record, "--note", note]);

    // The employer's status page: the proposal as an anonymous card, nothing about the person.
    browser.client.goto(link).await.expect("status page");
    let page = browser.client.source().await.expect("html");
    assert!(page.contains(m.member.name), "the card names the coaching organisation");
    for secret in [record.as_str(), profile.as_str(), note, "16u"] {
        assert!(!page.contains(secret), "the status page shows {secret:?}");
    }
    assert_clean(&browser, "the employer's status page").await;
    browser.screenshot("vacancy-status-nl.png").await.expect("screenshot");

    // The employer marks the interview planned; the coach sees it.
    browser.client.execute("const d = document.getElementById('date-1'); d.value = '2027-02-15';", vec![]).await.expect("date");
    browser.client.execute("document.getElementById('date-1').form.querySelector('button').click()", vec![]).await.expect("planned");
    let deadline = std::time::Instant::now() + T;
    loop {
        let page = browser.client.source().await.expect("html");
        if page.contains("value=\"2027-02-15\"") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the page never showed the planned interview: {page}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.screenshot("vacancy-status-planned-nl.png").await.expect("screenshot");
    let detail: serde_json::Value = serde_json::from_str(&coach(&bin, m, &["vacancy", reference, "--json"])).expect("json");
    let proposal = &detail["proposals"][0];
    assert_eq!(
        (proposal["status"].as_str(), proposal["interview_date"].as_str()),
        (Some("interview_planned"), Some("2027-02-15")),
        "{detail}"
    );
    assert_eq!(proposal["note"], note, "the note stays in the inbox");

    browser.close().await;
    running.stop().await.expect("stops");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_down_gets_its_copy_when_sent_again_and_nobody_gets_two() {
    let (dir, mut running) = start_network_of("vacancy-retry", PEOPLE).await;
    let browser = Browser::start(1280, 1200).await.expect("browser");
    open(&browser, &running, "&radius=15&lang=fr").await;
    let w = Widget::new(&browser.client, "talent-brug");
    open_form(&w).await;
    let opened = w.form_opened().await.expect("clock");
    let heading = w.js("root.getElementById('tb-dialog-title').textContent").await.expect("js");
    assert_eq!(heading, "Votre offre d'emploi aux coachs");
    assert_eq!(start_month(&w).await.0, this_month_in("fr"), "the start month in French");
    w.js("root.getElementById('tb-f-vacancy-start').scrollIntoView({ block: 'center' })").await.expect("scroll");
    browser.screenshot("vacancy-start-month-fr.png").await.expect("screenshot");
    w.js("root.getElementById('tb-f-employer-company').scrollIntoView({ block: 'center' })").await.expect("scroll");
    assert_clean(&browser, "fr: the open vacancy form").await;
    browser.screenshot("vacancy-form-fr.png").await.expect("screenshot");
    fill_vacancy(&w).await;
    let names: Vec<String> = recipients(&w).await.into_iter().map(|(n, _)| n).collect();
    let (jobpunt, interim) = (running.network.members[0].clone(), running.network.members[2].clone());
    assert_eq!(names, [jobpunt.member.name, interim.member.name]);

    // The temp agency's server stops after the search: the job desk gets it, the form names the
    // temp agency and keeps everything.
    running.members.remove(2).stop().await.expect("stops");
    send(&w, opened).await;
    let failed = format!("root.querySelector('.tb-deliveries li[data-org=\"{}\"] .tb-retry')", interim.member.name);
    w.wait_until(&failed, "the organisation that did not receive it", T).await.expect("failed");
    let said = w.js(&format!("{failed}.parentElement.textContent")).await.expect("js");
    assert!(said.as_str().is_some_and(|t| t.contains(interim.member.name) && t.contains("Renvoyer à")), "{said}");
    // Focus moves once the retry button is drawn: wait for it rather than read it once.
    let focused =
        w.wait_until("root.activeElement && root.activeElement.classList.contains('tb-retry')", "focus on sending it again", T).await;
    assert!(focused.is_ok(), "focus on sending it again, not on {:?}", w.focused().await);
    assert_eq!(w.js("root.getElementById('tb-f-vacancy-title').value").await.expect("js"), "Medewerker helpdesk", "nothing lost");
    browser.screenshot("vacancy-partly-sent-fr.png").await.expect("screenshot");
    assert_eq!(stored(&jobpunt.org.db).len(), 1);

    // Back on its address: "send again" to just that one.
    let listener = talentbrug_server::bind(interim.origin.trim_start_matches("http://").parse().expect("addr")).await.expect("bind");
    let www = talentbrug_e2e::root().join("www");
    let back = serve_member(&interim, &running.network.partner_origin, &www, 0, listener).expect("serves again");
    w.js(&format!("{failed}.click()")).await.expect("retry");
    w.wait_until("root.querySelectorAll('.tb-sent [data-reference]').length === 2", "both references", T).await.expect("sent");
    assert_eq!(w.js("root.querySelector('.tb-sent-title').textContent").await.expect("js"), "Offre envoyée");
    assert_eq!((stored(&jobpunt.org.db).len(), stored(&interim.org.db).len()), (1, 1), "one copy each");
    assert!(stored(&running.network.members[1].org.db).is_empty());

    browser.close().await;
    back.stop().await.expect("stops");
    running.stop().await.expect("stops");
    let _ = std::fs::remove_dir_all(&dir);
}
