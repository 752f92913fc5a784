//! Identifiers planted in pitches, in the spellings people use, never reach the feed (issue 10,
//! items 5 and 8): phone numbers with any separators, in other scripts' digits and in Dutch,
//! French and English words; the person's municipality, place names and postcode; birth years and
//! ages in any phrasing; e-mail addresses spelled out; other people's given names; handles after
//! a messaging platform's name.
//!
//! The oracle is the test itself: it writes each identifier with its own number spellers and
//! variants (not the scanner's), plants it between harmless sentences, and checks that the
//! scanner finds something and that `publish` leaves the pitch out of the signed feed bytes.

use proptest::prelude::*;
use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::{Country, Gazetteer, Place, Publisher, Timestamp, YearMonth};
use talentbrug_publish::{publish, scan, synthetic, words, Export, Identity, Keys, PublishOptions, Record};

const NAMES: &str = include_str!("../data/given_names_faker.txt");
const EXTRA_NAMES: &str = include_str!("../data/given_names_extra.txt");

/// Harmless sentences around the planted identifier; alone they are clean.
const FILLERS: &[&str] = &[
    "Ik werk graag met mijn handen.",
    "Altijd op tijd, en ik leer snel bij.",
    "Ik kan 38 uur werken, ook in het weekend.",
    "J'aime travailler en équipe.",
    "I learn fast and like a busy shop.",
    "Ik heb 10 jaar ervaring in de keuken.",
    "Je suis disponible 30 heures par semaine.",
    "Buiten werken in het groen doe ik het liefst.",
];

const PLACES: &[&str] = &["3000", "3001", "9000", "2000", "1030", "8400", "NL-1011", "NL-5611", "NL-3511", "1200"];

// ---- The test's own number spellers (independent of the scanner's parser). ----

fn nl(n: u32, accent: bool) -> String {
    const UNITS: [&str; 10] = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"];
    const TEENS: [&str; 10] = ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien"];
    const TENS: [&str; 10] = ["", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"];
    match n {
        1 if accent => "één".into(),
        0..=9 => UNITS[n as usize].into(),
        10..=19 => TEENS[n as usize - 10].into(),
        _ if n.is_multiple_of(10) => TENS[n as usize / 10].into(),
        _ => {
            let unit = UNITS[n as usize % 10];
            let and = if unit.ends_with('e') {
                if accent {
                    "ën"
                } else {
                    "en"
                }
            } else {
                "en"
            };
            format!("{unit}{and}{}", TENS[n as usize / 10])
        }
    }
}

fn fr(n: u32, belgian: bool) -> String {
    const UNITS: [&str; 10] = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];
    const TEENS: [&str; 10] = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"];
    const TENS: [&str; 7] = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"];
    let (t, u) = (n / 10, n % 10);
    match n {
        0..=9 => UNITS[n as usize].into(),
        10..=19 => TEENS[n as usize - 10].into(),
        70..=79 if belgian => join_fr("septante", u),
        90..=99 if belgian => join_fr("nonante", u),
        70..=79 => {
            if u == 1 {
                "soixante et onze".into()
            } else {
                format!("soixante-{}", TEENS[u as usize])
            }
        }
        80 => "quatre-vingts".into(),
        81..=89 => format!("quatre-vingt-{}", UNITS[u as usize]),
        90..=99 => format!("quatre-vingt-{}", TEENS[u as usize]),
        _ => join_fr(TENS[t as usize], u),
    }
}

fn join_fr(tens: &str, unit: u32) -> String {
    const UNITS: [&str; 10] = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];
    match unit {
        0 => tens.into(),
        1 => format!("{tens} et un"),
        u => format!("{tens}-{}", UNITS[u as usize]),
    }
}

fn en(n: u32, oh: bool) -> String {
    const UNITS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    const TEENS: [&str; 10] =
        ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    match n {
        0 if oh => "oh".into(),
        0..=9 => UNITS[n as usize].into(),
        10..=19 => TEENS[n as usize - 10].into(),
        _ if n.is_multiple_of(10) => TENS[n as usize / 10].into(),
        _ => format!("{}-{}", TENS[n as usize / 10], UNITS[n as usize % 10]),
    }
}

/// A number below 100 in one of the three languages, with the variant picked by `v`.
fn spell(n: u32, lang: u8, v: bool) -> String {
    match lang % 3 {
        0 => nl(n, v),
        1 => fr(n, v),
        _ => en(n, v),
    }
}

/// A year 1930-2015 in words.
fn spell_year(year: u32, lang: u8, v: bool) -> String {
    let (century, rest) = (year / 100, year % 100);
    match (lang % 3, century, v) {
        (0, 19, true) => format!("negentienhonderd{}", if rest == 0 { String::new() } else { nl(rest, false) }),
        (0, 19, false) => format!("negentien {}", nl(rest, true)),
        (0, _, _) => format!("tweeduizend {}", if rest == 0 { String::new() } else { nl(rest, v) }),
        (1, 19, true) => format!("mille neuf cent {}", fr(rest, false)),
        (1, 19, false) => format!("dix-neuf cent {}", fr(rest, true)),
        (1, _, _) => format!("deux mille {}", if rest == 0 { String::new() } else { fr(rest, v) }),
        (_, 19, true) => format!("nineteen hundred and {}", en(rest, false)),
        (_, 19, false) => format!("nineteen {}", en(rest, false)),
        (_, _, _) => format!("two thousand and {}", en(rest, false)),
    }
    .trim()
    .to_owned()
}

/// Digits in another script (or fullwidth): the zero of each.
const SCRIPT_ZEROS: &[u32] = &[0xFF10, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0x1040, 0x1D7CE];

fn in_script(digits: &str, zero: u32) -> String {
    digits.chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(zero + d)).unwrap_or(c)).collect()
}

/// Separators people put between digit groups.
const SEPARATORS: &[&str] = &[" ", ".", "/", "-", "_", " • ", "\u{200B}", " ~ ", "·", " - ", "\u{2060}", ""];

/// A phone number (BE mobile or NL mobile, national form) as written in one of many ways.
fn phone_spelling(digits: &str, how: u8, lang: u8, sep: usize, zero: usize) -> String {
    let groups: Vec<&str> = vec![&digits[..4], &digits[4..6], &digits[6..8], &digits[8..]];
    match how % 5 {
        0 => groups.join(SEPARATORS[sep % SEPARATORS.len()]),
        1 => in_script(&groups.join(" "), SCRIPT_ZEROS[zero % SCRIPT_ZEROS.len()]),
        // Digit by digit in words.
        2 => digits.chars().map(|c| spell(c.to_digit(10).unwrap_or(0), lang, sep.is_multiple_of(2))).collect::<Vec<_>>().join(" "),
        // The first four digit by digit, then pairs as numbers (`twaalf, vierendertig`).
        3 => {
            let mut out: Vec<String> = digits[..4].chars().map(|c| spell(c.to_digit(10).unwrap_or(0), lang, false)).collect();
            for pair in [&digits[4..6], &digits[6..8], &digits[8..]] {
                let n: u32 = pair.parse().unwrap_or(0);
                out.push(if pair.starts_with('0') {
                    format!("{} {}", spell(0, lang, false), spell(n, lang, false))
                } else {
                    spell(n, lang, sep.is_multiple_of(2))
                });
            }
            out.join(if sep.is_multiple_of(3) { ", " } else { " " })
        }
        // Mixed: digits, then words.
        _ => format!(
            "{} {}",
            groups[0],
            digits[4..].chars().map(|c| spell(c.to_digit(10).unwrap_or(0), lang, false)).collect::<Vec<_>>().join(" ")
        ),
    }
}

/// What is planted, and what it is.
#[derive(Clone, Debug)]
struct Plant {
    what: &'static str,
    text: String,
}

fn case(s: &str, how: u8) -> String {
    match how % 4 {
        0 => s.to_owned(),
        1 => s.to_uppercase(),
        2 => s.to_lowercase(),
        _ => {
            let mut c = s.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        }
    }
}

fn all_names() -> Vec<&'static str> {
    NAMES.lines().chain(EXTRA_NAMES.lines()).filter(|l| l.len() >= 2).collect()
}

/// `e` -> `é`, `a` -> `à` etc. at random places (the scanner folds accents).
fn accents(s: &str, mask: u32) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| match (c, mask >> (i % 32) & 1) {
            ('e', 1) => 'é',
            ('a', 1) => 'ä',
            ('i', 1) => 'ï',
            ('o', 1) => 'ö',
            ('u', 1) => 'ü',
            (c, _) => c,
        })
        .collect()
}

prop_compose! {
    fn phone()(mobile in 0u32..100_000_000, dutch in any::<bool>(), how in any::<u8>(), lang in any::<u8>(), sep in 0usize..64, zero in 0usize..64, lead in 0usize..4) -> Plant {
        let digits = if dutch { format!("06{mobile:08}") } else { format!("04{:02}{:06}", 60 + mobile % 40, mobile % 1_000_000) };
        let lead = ["Bel me op ", "Appelez le ", "Call me on ", "Tel. "][lead];
        Plant { what: "phone", text: format!("{lead}{}.", phone_spelling(&digits, how, lang, sep, zero)) }
    }
}

prop_compose! {
    fn birth_year()(year in 1930u32..=2015, how in any::<u8>(), lang in any::<u8>(), v in any::<bool>(), zero in 0usize..64) -> Plant {
        let written = match how % 3 {
            0 => year.to_string(),
            1 => in_script(&year.to_string(), SCRIPT_ZEROS[zero % SCRIPT_ZEROS.len()]),
            _ => spell_year(year, lang, v),
        };
        let phrase = match lang % 3 {
            0 => ["geboren in {}", "Ik ben van {}", "{}"][how as usize % 3],
            1 => ["née en {}", "Je suis né en {}", "{}"][how as usize % 3],
            _ => ["born in {}", "Born {}", "{}"][how as usize % 3],
        };
        Plant { what: "birth year", text: format!("{}.", phrase.replace("{}", &written)) }
    }
}

prop_compose! {
    fn age()(n in 16u32..=67, how in any::<u8>(), lang in any::<u8>(), v in any::<bool>()) -> Plant {
        let written = if how.is_multiple_of(2) { n.to_string() } else { spell(n, lang, v) };
        let phrase = match lang % 3 {
            0 => ["ik ben {}", "Ik ben {} jaar", "{} jaar", "Ik ben {} jaar oud", "een {}-jarige", "Leeftijd: {}"][how as usize % 6],
            1 => ["j'ai {} ans", "J'ai {}", "{} ans", "âge : {}", "J'ai {} ans et je cherche", "à {} ans"][how as usize % 6],
            _ => ["I'm {}", "I am {} years old", "{} years", "aged {}", "a {}-year-old", "I am {}"][how as usize % 6],
        };
        Plant { what: "age", text: format!("{}.", phrase.replace("{}", &written)) }
    }
}

prop_compose! {
    fn email()(local in "[a-z]{3,8}", provider in 0usize..7, tld in 0usize..3, at in 0usize..9, dot in 0usize..7, spaced in 0u8..5, how in any::<u8>()) -> Plant {
        let provider = ["gmail", "hotmail", "telenet", "outlook", "skynet", "yahoo", "proximus"][provider];
        let tld = ["com", "be", "nl"][tld];
        let text = if spaced == 0 {
            let plain = format!("{local}@{provider}.{tld}");
            plain.chars().map(String::from).collect::<Vec<_>>().join(" ")
        } else {
            let at = [" at ", " op ", " arobase ", " apenstaartje ", " (at) ", "[at]", " chez ", " @ ", " AT "][at];
            let dot = [" dot ", " punt ", " point ", " (dot) ", "[punt]", ".", " DOT "][dot];
            format!("{local}{at}{provider}{dot}{tld}")
        };
        Plant { what: "e-mail", text: format!("Mail: {}.", case(&text, how)) }
    }
}

prop_compose! {
    fn given_name()(index in any::<prop::sample::Index>(), phrase in 0usize..6, how in any::<u8>(), mask in any::<u32>()) -> Plant {
        let names = all_names();
        let name = accents(names[index.index(names.len())], mask);
        let phrase = ["mijn zus {} werkt ook in de zorg", "Samen met mijn broer {} deed ik een opleiding", "ma sœur {} travaille aussi",
            "my friend {} works there too", "mijn collega {} leerde me lassen", "Mon ami {} m'a aidé"][phrase];
        Plant { what: "given name", text: format!("{}.", phrase.replace("{}", &case(&name, how))) }
    }
}

prop_compose! {
    fn handle()(platform in 0usize..18, token in "[a-z]{4,8}[0-9_]{1,3}", form in 0usize..5, how in any::<u8>()) -> Plant {
        let platform = ["whatsapp", "telegram", "signal", "insta", "instagram", "snapchat", "snap", "tiktok", "facebook", "fb",
            "linkedin", "twitter", "x", "discord", "skype", "viber", "wechat", "threads"][platform];
        let form = ["{p}: {h}", "{p} @{h}", "mijn {p} is {h}", "zoek me op {p}: {h}", "{p}/{h}"][form];
        let text = form.replace("{p}", &case(platform, how)).replace("{h}", &token);
        Plant { what: "handle", text: format!("{text}.") }
    }
}

/// A place the person lives in, and a way to write one of its identifiers.
fn place_plant(place: Place, municipality: &str, which: u8, how: u8) -> Plant {
    let code = place.postcode.number();
    let written = match which % 4 {
        0 => municipality.to_owned(),
        1 => place.name.to_owned(),
        2 => code.to_string(),
        _ => format!("{}-{code}", place.postcode.country().code()),
    };
    let written = if which % 4 < 2 { case(&written.replace('-', if how.is_multiple_of(2) { " " } else { "-" }), how) } else { written };
    let phrase = ["ik woon in {}", "J'habite à {}", "I live in {}", "Postcode {}"][how as usize % 4];
    Plant { what: "place", text: format!("{}.", phrase.replace("{}", &written)) }
}

fn planted() -> impl Strategy<Value = Plant> {
    prop_oneof![phone(), birth_year(), age(), email(), given_name(), handle()]
}

fn pitch_around(plant: &Plant, before: usize, after: usize) -> String {
    format!("{} {} {}", FILLERS[before % FILLERS.len()], plant.text, FILLERS[after % FILLERS.len()])
}

fn someone() -> Identity {
    Identity {
        given_name: "Lotte".into(),
        family_name: "Van den Broeck".into(),
        birth_date: "1991-04-12".into(),
        street: "Bondgenotenlaan 12".into(),
        municipality: "Leuven".into(),
        phone: "0470 99 88 77".into(),
        email: "lotte@example.org".into(),
        national_number: "91.04.12-123.45".into(),
    }
}

fn resolve(code: &str) -> Place {
    Gazetteer.resolve(code, Country::Be).unwrap()
}

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn publisher() -> Publisher {
    Publisher {
        name: "Werkpunt Proef".into(),
        contact: "jobs@werkpunt.example".into(),
        request_url: "/api/requests".into(),
        privacy_url: "/privacy.html".into(),
    }
}

/// Six people with the same public profile (so k = 5 publishes them all), each with `pitch`.
fn export_with(pitch: &str, seed: u64) -> (Export, Vec<Record>) {
    let template = synthetic::records(1, seed, YearMonth::new(2026, 11).unwrap()).remove(0);
    let records: Vec<Record> = (0..6)
        .map(|i| {
            let mut r = template.clone();
            r.line = i + 2;
            r.record_id = format!("PLANT-{i}").parse().unwrap();
            r.consent = true;
            r.pitch = pitch.to_owned();
            r
        })
        .collect();
    (Export::from_records(records.clone()), records)
}

#[test]
fn the_fillers_alone_are_clean() {
    for place in PLACES {
        for (i, a) in FILLERS.iter().enumerate() {
            let b = FILLERS[(i + 3) % FILLERS.len()];
            let f = scan(&format!("{a} {b}"), &someone(), resolve(place), "DOS-1");
            assert!(f.is_empty(), "{a} {b} in {place}: {f:?}");
        }
    }
    // And a pitch with a harmless filler is published as written.
    let (export, _) = export_with(FILLERS[2], 7);
    let keys = Keys::from_bytes([5; 32], [6; 32]);
    let out = publish(&export, &EscoCatalogue::embedded(), &keys, &PublishOptions::new(publisher()), 1, now()).unwrap();
    assert!(out.feed.profiles.iter().all(|p| p.pitch.as_ref().is_some_and(|t| t.as_str() == FILLERS[2])));
}

#[test]
fn the_examples_of_the_issue_are_found() {
    let heverlee = resolve("3001");
    let identity = Identity { municipality: "Leuven".into(), ..someone() };
    for pitch in [
        "bel me op nul vier zeven nul twaalf vierendertig zesenvijftig",
        "ik woon in Heverlee",
        "geboren in 1991",
        "ik ben 45",
        "mijn zus Khadija werkt ook in de zorg",
        "jan op gmail punt com",
        "０４７０ １２ ３４ ５６",
    ] {
        assert!(!scan(pitch, &identity, heverlee, "DOS-1").is_empty(), "{pitch}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, max_shrink_iters: 500, ..ProptestConfig::default() })]

    /// Every planted identifier is found, whatever sentences stand around it.
    #[test]
    fn the_scanner_finds_every_planted_identifier(plant in planted(), before in 0usize..8, after in 0usize..8, place in 0usize..PLACES.len()) {
        let pitch = pitch_around(&plant, before, after);
        let found = scan(&pitch, &someone(), resolve(PLACES[place]), "DOS-1");
        prop_assert!(!found.is_empty(), "{} not found in {pitch:?}", plant.what);
    }

    /// The person's own municipality, place names and postcode, in any case and with spaces for
    /// hyphens, are found.
    #[test]
    fn the_own_place_is_found(place in 0usize..PLACES.len(), which in any::<u8>(), how in any::<u8>(), before in 0usize..8) {
        let place = resolve(PLACES[place]);
        let identity = Identity { municipality: place.name.to_owned(), ..someone() };
        let plant = place_plant(place, &identity.municipality, which, how);
        let pitch = pitch_around(&plant, before, before + 1);
        let found = scan(&pitch, &identity, place, "DOS-1");
        prop_assert!(!found.is_empty(), "{} not found in {pitch:?}", plant.what);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, max_shrink_iters: 100, ..ProptestConfig::default() })]

    /// Through the whole pipeline: the pitch is dropped with a reason, and the signed bytes hold
    /// none of what was planted.
    #[test]
    fn no_planted_identifier_reaches_the_feed(plant in planted(), before in 0usize..8, after in 0usize..8, seed in 0u64..1000, own_place in any::<bool>(), which in any::<u8>(), how in any::<u8>()) {
        let template = synthetic::records(1, seed, YearMonth::new(2026, 11).unwrap()).remove(0);
        let plant = if own_place { place_plant(template.place, &template.identity.municipality, which, how) } else { plant };
        let pitch = pitch_around(&plant, before, after);
        let (export, records) = export_with(&pitch, seed);
        let keys = Keys::from_bytes([5; 32], [6; 32]);
        let out = publish(&export, &EscoCatalogue::embedded(), &keys, &PublishOptions::new(publisher()), 1, now()).unwrap();
        prop_assert_eq!(out.feed.profiles.len(), records.len());
        prop_assert!(out.feed.profiles.iter().all(|p| p.pitch.is_none()), "{} published: {pitch:?}", plant.what);
        prop_assert_eq!(out.report.pitches_dropped.len(), records.len());
        prop_assert!(out.report.pitches_dropped.iter().all(|d| !d.reasons.is_empty()));
        // The feed names the area on its own (a place is public, a pitch saying where one lives
        // is not): the planted sentence, and the whole pitch, are what must not be there.
        let bytes = String::from_utf8(out.bytes.clone()).unwrap();
        let feed_words = words(&bytes).join(" ");
        prop_assert!(!feed_words.contains(&words(&pitch).join(" ")), "{pitch:?} is in the feed");
        if !own_place {
            let planted_words = words(&plant.text).join(" ");
            prop_assert!(!feed_words.contains(&planted_words), "{planted_words:?} is in the feed");
        }
        prop_assert!(!bytes.contains(&plant.text));
    }
}
