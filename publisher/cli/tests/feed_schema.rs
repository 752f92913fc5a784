//! The published JSON Schema of the feed (`core/schema/feed-v1.schema.json`) says what the core
//! parses: sample feeds validate, broken ones are refused by both the schema and
//! `Feed::parse`, and the schema's vocabulary lists and limits are the core's own.

use jsonschema::Validator;
use serde_json::{json, Value};
use talentbrug::demo_feed::demo_feed;
use talentbrug_core::feed::{FORMAT_V1, MAX_PROFILES, MAX_PUBLISHER_FIELD};
use talentbrug_core::profile::{MAX_AREA_LABEL, MAX_HOURS, MAX_ID_LEN, MAX_LIST, MAX_PITCH, MAX_REACH_KM};
use talentbrug_core::vocabulary::{Cefr, Code, ContractForm, Shift, Strength, Talent, TravelMode, WorkplaceNeed};
use talentbrug_core::Feed;

fn schema() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../core/schema/feed-v1.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the schema is in the repository")).expect("the schema is JSON")
}

fn validator() -> Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema is a valid draft 2020-12 schema")
}

fn schema_errors(validator: &Validator, feed: &Value) -> Vec<String> {
    validator.iter_errors(feed).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// A feed like the core's own test fixtures: every optional part present, levels and needs.
fn fixture() -> Value {
    json!({
        "format": "talentbrug-feed/1",
        "publisher": {"name": "Werkpunt Leuven", "contact": "jobs@werkpunt.example", "request_url": "/api/requests", "privacy_url": "https://werkpunt.example/privacy"},
        "issued_at": "2026-11-01T00:00:00Z",
        "expires_at": "2026-12-01T00:00:00Z",
        "sequence": 3,
        "occupations": {"0019b951-c699-4191-8208-9822882d150c": {"label": "inspecteur precisie-instrumenten", "alt_labels": ["keurder meetinstrumenten"]}},
        "profiles": [{
            "id": "a-1_B",
            "area": {"postcode": "BE-3000", "label": "Leuven e.o.", "lat": 50.8796, "lon": 4.7009},
            "reach_km": 12.5,
            "travel_modes": ["bike", "public_transport"],
            "occupations": ["0019b951-c699-4191-8208-9822882d150c"],
            "talents": ["order_picking", "packing"],
            "strengths": ["punctual"],
            "languages": [{"lang": "nl", "level": "B1"}, {"lang": "fr", "level": "native"}],
            "hours": {"min": 20, "max": 30},
            "shifts": ["day", "weekend"],
            "available_from": "2026-11",
            "contract_forms": ["temp", "art60"],
            "job_coaching": true,
            "workplace_needs": ["quiet_workplace"],
            "pitch": "Ik werk graag met mijn handen.\nStipt en rustig."
        }]
    })
}

#[test]
fn demo_feeds_and_fixtures_validate_and_parse() {
    let validator = validator();
    let issued_at = "2026-11-01T00:00:00Z".parse().unwrap();
    for seed in [1, 2] {
        let bytes = demo_feed(1500, seed, issued_at, 30).to_json();
        let feed: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(schema_errors(&validator, &feed), Vec::<String>::new(), "demo feed seed {seed}");
        assert!(Feed::parse(&bytes).is_ok());
    }
    let fixture = fixture();
    assert_eq!(schema_errors(&validator, &fixture), Vec::<String>::new());
    assert!(Feed::parse(fixture.to_string().as_bytes()).is_ok());

    let mut without_pitch = fixture;
    without_pitch["profiles"][0].as_object_mut().unwrap().remove("pitch");
    assert!(validator.is_valid(&without_pitch));
    assert!(Feed::parse(without_pitch.to_string().as_bytes()).is_ok());
}

/// The first profile of a feed.
fn p(feed: &mut Value) -> &mut Value {
    &mut feed["profiles"][0]
}

/// Breaks the fixture in one place.
fn broken(change: impl FnOnce(&mut Value)) -> Value {
    let mut feed = fixture();
    change(&mut feed);
    feed
}

#[test]
fn broken_feeds_are_refused_by_schema_and_parser() {
    let validator = validator();
    let cases: Vec<(&str, Value)> = vec![
        ("unknown format version", broken(|f| f["format"] = json!("talentbrug-feed/2"))),
        ("a field outside the feed", broken(|f| f["comment"] = json!("hi"))),
        ("a name in a profile", broken(|f| p(f)["name"] = json!("Jan Peeters"))),
        ("a birth date in a profile", broken(|f| p(f)["birth_date"] = json!("1990-01-01"))),
        ("an unknown talent", broken(|f| p(f)["talents"] = json!(["juggling"]))),
        ("a talent twice", broken(|f| p(f)["talents"] = json!(["packing", "packing"]))),
        ("an unknown contract form", broken(|f| p(f)["contract_forms"] = json!(["zero_hours"]))),
        ("an unknown shift", broken(|f| p(f)["shifts"] = json!(["siesta"]))),
        ("an unknown workplace need", broken(|f| p(f)["workplace_needs"] = json!(["free_lunch"]))),
        ("an unknown language level", broken(|f| p(f)["languages"][0]["level"] = json!("B3"))),
        ("a three-letter language", broken(|f| p(f)["languages"][0]["lang"] = json!("nld"))),
        ("reach over 150 km", broken(|f| p(f)["reach_km"] = json!(900))),
        ("zero reach", broken(|f| p(f)["reach_km"] = json!(0))),
        ("zero hours", broken(|f| p(f)["hours"]["min"] = json!(0))),
        ("61 hours", broken(|f| p(f)["hours"]["max"] = json!(61))),
        ("hours as text", broken(|f| p(f)["hours"]["min"] = json!("twenty"))),
        ("a pitch over 400 characters", broken(|f| p(f)["pitch"] = json!("a".repeat(MAX_PITCH + 1)))),
        ("a control character in the pitch", broken(|f| p(f)["pitch"] = json!("tab\there"))),
        ("an id with a space", broken(|f| p(f)["id"] = json!("has space"))),
        ("an id over 64 characters", broken(|f| p(f)["id"] = json!("x".repeat(MAX_ID_LEN + 1)))),
        ("a latitude off the Earth", broken(|f| p(f)["area"]["lat"] = json!(91.0))),
        ("an area label over 80 characters", broken(|f| p(f)["area"]["label"] = json!("L".repeat(MAX_AREA_LABEL + 1)))),
        ("a blank area label", broken(|f| p(f)["area"]["label"] = json!("   "))),
        ("a postcode without country", broken(|f| p(f)["area"]["postcode"] = json!("3000"))),
        ("a month 13", broken(|f| p(f)["available_from"] = json!("2026-13"))),
        ("an exact date", broken(|f| p(f)["available_from"] = json!("2026-11-15"))),
        ("a missing field", broken(|f| _ = p(f).as_object_mut().unwrap().remove("hours"))),
        ("eleven occupations", broken(|f| p(f)["occupations"] = json!(vec!["0019b951-c699-4191-8208-9822882d150c"; MAX_LIST + 1]))),
        ("a malformed ESCO id", broken(|f| p(f)["occupations"] = json!(["0019b951c69941918208-9822882d150c"]))),
        ("job coaching as text", broken(|f| p(f)["job_coaching"] = json!("yes"))),
        ("a timestamp without Z", broken(|f| f["issued_at"] = json!("2026-11-01T00:00:00"))),
        ("a negative sequence", broken(|f| f["sequence"] = json!(-3))),
        ("a javascript: request URL", broken(|f| f["publisher"]["request_url"] = json!("javascript:alert(1)"))),
        ("a protocol-relative request URL", broken(|f| f["publisher"]["request_url"] = json!("//evil.example/x"))),
        ("a blank publisher name", broken(|f| f["publisher"]["name"] = json!(" "))),
        ("a publisher contact over 300 characters", broken(|f| f["publisher"]["contact"] = json!("c".repeat(MAX_PUBLISHER_FIELD + 1)))),
        ("an empty occupation label", broken(|f| f["occupations"]["0019b951-c699-4191-8208-9822882d150c"]["label"] = json!(""))),
        ("profiles not a list", broken(|f| f["profiles"] = json!({}))),
    ];
    for (what, feed) in cases {
        assert!(!validator.is_valid(&feed), "the schema accepts {what}");
        assert!(Feed::parse(feed.to_string().as_bytes()).is_err(), "Feed::parse accepts {what}");
    }
}

fn enum_of(schema: &Value, def: &str) -> Vec<String> {
    schema["$defs"][def]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("$defs.{def} has an enum"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn codes<T: Code>() -> Vec<String> {
    T::ALL.iter().map(|c| c.code().to_owned()).collect()
}

#[test]
fn vocabularies_and_limits_are_the_cores() {
    let schema = schema();
    assert_eq!(enum_of(&schema, "talent"), codes::<Talent>());
    assert_eq!(enum_of(&schema, "strength"), codes::<Strength>());
    assert_eq!(enum_of(&schema, "workplaceNeed"), codes::<WorkplaceNeed>());
    assert_eq!(enum_of(&schema, "contractForm"), codes::<ContractForm>());
    assert_eq!(enum_of(&schema, "shift"), codes::<Shift>());
    assert_eq!(enum_of(&schema, "travelMode"), codes::<TravelMode>());
    let levels: Vec<String> = schema["$defs"]["language"]["properties"]["level"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(levels, codes::<Cefr>());

    let profile = &schema["$defs"]["profile"]["properties"];
    assert_eq!(schema["properties"]["format"]["const"], FORMAT_V1);
    assert_eq!(schema["properties"]["profiles"]["maxItems"], MAX_PROFILES);
    assert_eq!(profile["pitch"]["maxLength"], MAX_PITCH);
    assert_eq!(profile["reach_km"]["maximum"].as_f64(), Some(MAX_REACH_KM));
    assert_eq!(profile["occupations"]["maxItems"], MAX_LIST);
    assert_eq!(profile["languages"]["maxItems"], MAX_LIST);
    assert_eq!(schema["$defs"]["hours"]["properties"]["max"]["maximum"], MAX_HOURS);
    assert_eq!(schema["$defs"]["area"]["properties"]["label"]["maxLength"], MAX_AREA_LABEL);
    assert_eq!(schema["$defs"]["publisher"]["properties"]["name"]["maxLength"], MAX_PUBLISHER_FIELD);
}
