//! Synthetic job seekers for demos, tests and benchmarks: no real people, realistic mixes.
//!
//! Areas are spread over Flanders, Brussels and the south of the Netherlands, roughly by
//! population (cities weigh more); reach is 3-30 km with most under 15; most people have no
//! car. The same seed always gives the same people.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::profile::LanguageSkill;
use talentbrug_core::vocabulary::{Cefr, Code, CodeSet, ContractForm, Shift, Strength, Talent, TravelMode, WorkplaceNeed};
use talentbrug_core::{Country, EscoId, Gazetteer, Hours, Place, YearMonth};

/// One synthetic person's public attributes (what a coach would know of their talents).
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    /// Where they live.
    pub place: Place,
    /// How far they travel, in whole km.
    pub reach_km: u8,
    /// How they travel.
    pub travel_modes: CodeSet<TravelMode>,
    /// Wanted occupations.
    pub occupations: Vec<EscoId>,
    /// Talents.
    pub talents: CodeSet<Talent>,
    /// Strengths.
    pub strengths: CodeSet<Strength>,
    /// Languages.
    pub languages: Vec<LanguageSkill>,
    /// Weekly hours.
    pub hours: Hours,
    /// Shifts.
    pub shifts: CodeSet<Shift>,
    /// First month available.
    pub available_from: YearMonth,
    /// Accepted contract forms.
    pub contract_forms: CodeSet<ContractForm>,
    /// Followed by a job coach.
    pub job_coaching: bool,
    /// Workplace needs.
    pub workplace_needs: CodeSet<WorkplaceNeed>,
    /// A short pitch without personal data; empty for many.
    pub pitch: String,
}

/// Job families: ESCO labels (Dutch) with the talents that go with them.
const FAMILIES: &[(&[&str], &[Talent])] = &[
    (
        &["magazijnmedewerker", "orderpicker", "logistiek medewerker", "heftruckchauffeur"],
        &[Talent::OrderPicking, Talent::Forklift, Talent::Packing, Talent::ShelfStocking, Talent::DataEntry],
    ),
    (
        &["schoonmaker gebouwen", "medewerker huishoudelijke dienst", "wasserijmedewerker", "strijker"],
        &[Talent::Cleaning, Talent::Laundry, Talent::Maintenance],
    ),
    (
        &["keukenhulp", "kok", "bakkerijmedewerker", "ober/serveerster"],
        &[Talent::Cooking, Talent::Dishwashing, Talent::Serving, Talent::Cleaning],
    ),
    (
        &["winkelmedewerker", "kassamedewerker", "callcentermedewerker", "receptionist"],
        &[Talent::Cashier, Talent::ShelfStocking, Talent::CustomerContact, Talent::Reception],
    ),
    (
        &["productiemedewerker", "inpakker met de hand", "sorteerder", "afvalsorteerder"],
        &[Talent::Assembly, Talent::MachineOperation, Talent::QualityCheck, Talent::Packing, Talent::SortingRecycling],
    ),
    (
        &["lasser", "schilder bouw", "metselaar", "timmerman", "klusjesman"],
        &[Talent::Welding, Talent::Painting, Talent::Masonry, Talent::Carpentry, Talent::Maintenance],
    ),
    (&["tuinier", "hovenier"], &[Talent::Gardening, Talent::Maintenance, Talent::Driving]),
    (&["vrachtwagenchauffeur", "verhuizer", "auto- en bestelwagenkoerier"], &[Talent::Driving, Talent::Packing, Talent::CustomerContact]),
    (&["thuiszorgmedewerker", "kinderverzorgster"], &[Talent::CareAssistance, Talent::Cooking, Talent::Cleaning]),
    (
        &["software tester", "medewerker helpdesk", "assistent-boekhouder"],
        &[Talent::SoftwareTesting, Talent::ItSupport, Talent::DataEntry, Talent::Calculation],
    ),
];

/// City centres and their weight (roughly population); the rest of each region gets a share too.
const CITIES: &[(Country, u16, u16, u32)] = &[
    (Country::Be, 1000, 1210, 120),
    (Country::Be, 2000, 2660, 100),
    (Country::Be, 9000, 9052, 60),
    (Country::Be, 3000, 3020, 30),
    (Country::Be, 8000, 8020, 25),
    (Country::Be, 3500, 3520, 20),
    (Country::Be, 2800, 2812, 20),
    (Country::Be, 9300, 9320, 18),
    (Country::Be, 8500, 8520, 18),
    (Country::Be, 3600, 3600, 15),
    (Country::Be, 8400, 8400, 12),
    (Country::Nl, 5611, 5658, 45),
    (Country::Nl, 5011, 5049, 40),
    (Country::Nl, 4811, 4839, 35),
    (Country::Nl, 6211, 6229, 25),
    (Country::Nl, 5211, 5249, 30),
];

/// Regions the demo population lives in, and their share outside the cities.
const REGIONS: &[(&str, u32)] = &[("Vlaanderen", 300), ("Bruxelles-Capitale", 30), ("North Brabant", 90), ("Limburg", 40), ("Zeeland", 15)];

/// Pitches without personal data (the pitch scanner finds nothing in them).
pub(crate) const PITCHES: &[&str] = &[
    "Ik werk graag met mijn handen.",
    "Altijd op tijd, en ik leer snel bij.",
    "Ik zoek een vaste stek in een klein team.",
    "Na een opleiding keuken wil ik de horeca in.",
    "Ik hou van orde en netjes werken.",
    "Je kan op mij rekenen, ook als het druk is.",
    "Ik heb ervaring in een magazijn en rijd graag met de heftruck.",
    "Met klanten praten geeft me energie.",
    "Ik werk nauwkeurig en controleer mijn werk twee keer.",
    "Buiten werken in de tuin of het groen is wat ik het liefst doe.",
    "J'aime travailler en équipe et j'apprends vite.",
    "Ik wil opnieuw aan de slag na een lange pauze, stap voor stap.",
    "Ik ben sterk en werk graag fysiek.",
    "Technisch werk trekt me aan: lassen, schilderen, herstellen.",
    "Ik test graag software en vind fouten die anderen missen.",
];

/// Generates people deterministically from a seed.
pub struct Generator {
    rng: ChaCha8Rng,
    places: Vec<(Place, u32)>,
    total_weight: u32,
    families: Vec<(Vec<EscoId>, &'static [Talent])>,
    today: YearMonth,
}

fn weighted_pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut r = rng.gen_range(0..total);
    for (item, w) in items {
        if r < *w {
            return *item;
        }
        r -= w;
    }
    items[items.len() - 1].0
}

impl Generator {
    /// A generator for people available from `today` on.
    pub fn new(seed: u64, today: YearMonth, esco: &EscoCatalogue) -> Generator {
        let in_city =
            |place: &Place, c: &(Country, u16, u16, u32)| c.0 == place.postcode.country() && (c.1..=c.2).contains(&place.postcode.number());
        let city_codes: Vec<u32> = CITIES.iter().map(|c| Gazetteer.places().filter(|p| in_city(p, c)).count().max(1) as u32).collect();
        let region_codes: Vec<u32> = REGIONS.iter().map(|r| Gazetteer.places().filter(|p| p.region == r.0).count().max(1) as u32).collect();
        let mut places = Vec::new();
        for place in Gazetteer.places() {
            // A city's weight is spread over its postcodes; each region adds its share on top.
            let city: u32 = CITIES.iter().zip(&city_codes).filter(|(c, _)| in_city(&place, c)).map(|(c, n)| c.3 * 1000 / n).sum();
            let region: u32 = REGIONS.iter().zip(&region_codes).filter(|(r, _)| r.0 == place.region).map(|(r, n)| r.1 * 1000 / n).sum();
            let weight = if region == 0 { 0 } else { city + region };
            if weight > 0 {
                places.push((place, weight));
            }
        }
        let families = FAMILIES
            .iter()
            .map(|(labels, talents)| {
                let ids = labels.iter().filter_map(|l| esco.iter().find(|o| o.labels.label == *l).map(|o| o.id)).collect::<Vec<_>>();
                (ids, *talents)
            })
            .filter(|(ids, _)| !ids.is_empty())
            .collect();
        let total_weight = places.iter().map(|p| p.1).sum();
        Generator { rng: ChaCha8Rng::seed_from_u64(seed), places, total_weight, families, today }
    }

    fn place(&mut self) -> Place {
        let mut r = self.rng.gen_range(0..self.total_weight);
        for (place, w) in &self.places {
            if r < *w {
                return *place;
            }
            r -= w;
        }
        self.places[0].0
    }

    fn some<T: Code>(&mut self, from: &[T], min: usize, max: usize) -> CodeSet<T> {
        let n = self.rng.gen_range(min..=max).min(from.len());
        from.choose_multiple(&mut self.rng, n).copied().collect()
    }

    /// The next person.
    pub fn person(&mut self) -> Person {
        let place = self.place();
        let reach_km = if self.rng.gen_bool(0.75) { self.rng.gen_range(3..=15) } else { self.rng.gen_range(16..=30) };
        let mut travel_modes = CodeSet::new();
        for (mode, p) in [
            (TravelMode::PublicTransport, 0.55),
            (TravelMode::Bike, 0.4),
            (TravelMode::Walk, 0.15),
            (TravelMode::Car, 0.1),
            (TravelMode::Moped, 0.05),
        ] {
            if self.rng.gen_bool(p) {
                travel_modes.insert(mode);
            }
        }
        if travel_modes.is_empty() {
            travel_modes.insert(TravelMode::PublicTransport);
        }
        let family = self.rng.gen_range(0..self.families.len());
        let (ids, family_talents) = self.families[family].clone();
        let n_occ = if self.rng.gen_bool(0.1) { 2.min(ids.len()) } else { 1 };
        let mut occupations: Vec<EscoId> = ids.choose_multiple(&mut self.rng, n_occ).copied().collect();
        occupations.sort();
        let mut talents = self.some(family_talents, 1, 2);
        if self.rng.gen_bool(0.3) {
            talents = talents.union(self.some(Talent::ALL, 1, 1));
        }
        let strengths = self.some(Strength::ALL, 1, 2);
        let mut languages = Vec::new();
        let dutch = weighted_pick(&mut self.rng, &[(Cefr::Native, 35), (Cefr::B2, 20), (Cefr::B1, 25), (Cefr::A2, 20)]);
        if place.region != "Wallonie" {
            languages.push(LanguageSkill { lang: "nl".parse().expect("nl"), level: dutch });
        }
        for (lang, p) in [("fr", 0.18), ("en", 0.14), ("ar", 0.04), ("tr", 0.02), ("pl", 0.02), ("uk", 0.02)] {
            if self.rng.gen_bool(p) {
                let level = weighted_pick(&mut self.rng, &[(Cefr::Native, 30), (Cefr::B2, 20), (Cefr::B1, 25), (Cefr::A2, 25)]);
                languages.push(LanguageSkill { lang: lang.parse().expect("language"), level });
            }
        }
        let (min, max) =
            weighted_pick(&mut self.rng, &[((38, 38), 20), ((30, 38), 20), ((20, 30), 25), ((19, 25), 15), ((10, 20), 12), ((24, 32), 8)]);
        let hours = Hours::new(min, max).expect("valid hours");
        let mut shifts: CodeSet<Shift> = [Shift::Day].into_iter().collect();
        for (shift, p) in [(Shift::Evening, 0.3), (Shift::Night, 0.1), (Shift::Weekend, 0.25)] {
            if self.rng.gen_bool(p) {
                shifts.insert(shift);
            }
        }
        if self.rng.gen_bool(0.05) {
            shifts = [Shift::Evening, Shift::Weekend].into_iter().collect();
        }
        let available_from = self.today.plus_months(weighted_pick(&mut self.rng, &[(0, 50), (1, 20), (2, 12), (3, 8), (4, 5), (6, 5)]));
        let two_forms = self.rng.gen_bool(0.4);
        let contract_forms = self.some(ContractForm::ALL, 1, if two_forms { 2 } else { 1 });
        let job_coaching = self.rng.gen_bool(0.45);
        let workplace_needs = if self.rng.gen_bool(0.4) { self.some(WorkplaceNeed::ALL, 1, 2) } else { CodeSet::new() };
        // Many coaches leave the pitch empty; feeds stay small (100,000 profiles under 50 MB).
        let pitch =
            if self.rng.gen_bool(0.4) { PITCHES.choose(&mut self.rng).copied().unwrap_or_default().to_owned() } else { String::new() };
        Person {
            place,
            reach_km,
            travel_modes,
            occupations,
            talents,
            strengths,
            languages,
            hours,
            shifts,
            available_from,
            contract_forms,
            job_coaching,
            workplace_needs,
            pitch,
        }
    }

    /// A random id of `len` lowercase hex characters.
    pub fn hex_id(&mut self, len: usize) -> String {
        (0..len).map(|_| char::from_digit(self.rng.gen_range(0..16), 16).unwrap_or('0')).collect()
    }

    /// The generator's random source, for callers that add their own synthetic fields.
    pub fn rng(&mut self) -> &mut ChaCha8Rng {
        &mut self.rng
    }
}

/// Given names for synthetic identities: a mix as in Flemish, Brussels and Dutch cities.
const GIVEN_NAMES: &[&str] = &[
    "Lotte",
    "Jens",
    "Fatima",
    "Mohamed",
    "Elif",
    "Mehmet",
    "Anna",
    "Piotr",
    "Aïcha",
    "Youssef",
    "Sarah",
    "Kevin",
    "Nina",
    "Thomas",
    "Marie",
    "Joris",
    "Amina",
    "Bilal",
    "Zoë",
    "Dries",
    "Olena",
    "Emre",
    "Femke",
    "Daan",
    "Grace",
    "Jean-Pierre",
    "Inès",
    "Lucas",
];

/// Family names for synthetic identities.
const FAMILY_NAMES: &[&str] = &[
    "Peeters",
    "Janssens",
    "Maes",
    "El Amrani",
    "Yilmaz",
    "Van den Broeck",
    "De Smet",
    "Kowalski",
    "Bakker",
    "De Vries",
    "Mertens",
    "Dubois",
    "Öztürk",
    "Nowak",
    "Claes",
    "Willems",
    "Benali",
    "Van Dijk",
    "Mukendi",
    "Wouters",
    "Jacobs",
    "Lambert",
];

/// Street names for synthetic identities.
const STREETS: &[&str] = &[
    "Stationsstraat",
    "Kerkstraat",
    "Dorpsstraat",
    "Molenstraat",
    "Nieuwstraat",
    "Schoolstraat",
    "Rue de la Gare",
    "Lindenlaan",
    "Beukenlaan",
    "Kapelstraat",
    "Steenweg op Gent",
    "Marktplein",
    "Julianastraat",
    "Hoofdstraat",
];

/// A Belgian national register number with a valid check (`YY.MM.DD-SSS.CC`), for a birth date.
fn national_register_number(year: u32, month: u32, day: u32, serial: u32) -> String {
    let body = u64::from(year % 100) * 10_000_000 + u64::from(month) * 100_000 + u64::from(day) * 1000 + u64::from(serial);
    let base = if year >= 2000 { 2_000_000_000 + body } else { body };
    let check = 97 - base % 97;
    format!("{:02}.{month:02}.{day:02}-{serial:03}.{check:02}", year % 100)
}

/// A Dutch BSN passing the eleven-test.
fn bsn(rng: &mut ChaCha8Rng) -> String {
    loop {
        let digits: Vec<u32> = (0..8).map(|i| if i == 0 { rng.gen_range(1..10) } else { rng.gen_range(0..10) }).collect();
        let sum: u32 = digits.iter().enumerate().map(|(i, d)| d * (9 - i as u32)).sum();
        let last = sum % 11;
        if last < 10 {
            return digits.iter().chain(std::iter::once(&last)).map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
        }
    }
}

fn ascii_lower(s: &str) -> String {
    crate::pii::words(s).concat()
}

/// `n` synthetic private records (no real people; e-mail addresses at example.org), as a coach's
/// export would hold them, for demos and tests. The same seed and month give the same records.
/// About 1 in 25 has not consented and about 1 in 40 has a pitch with personal data, so a
/// publication shows both being handled.
pub fn records(n: usize, seed: u64, today: YearMonth) -> Vec<crate::records::Record> {
    use talentbrug_core::profile::ReachKm;
    let esco = &EscoCatalogue::embedded();
    let mut generator = Generator::new(seed, today, esco);
    (0..n)
        .map(|i| {
            let person = generator.person();
            let rng = generator.rng();
            let given = *GIVEN_NAMES.choose(rng).unwrap_or(&"Sam");
            let family = *FAMILY_NAMES.choose(rng).unwrap_or(&"Peeters");
            let (year, month, day) = (rng.gen_range(1962..=2005), rng.gen_range(1..=12), rng.gen_range(1..=28));
            let dutch = person.place.postcode.country() == Country::Nl;
            let phone = if dutch {
                format!("06 {:04} {:04}", rng.gen_range(0..10_000), rng.gen_range(0..10_000))
            } else {
                format!(
                    "04{:02} {:02} {:02} {:02}",
                    rng.gen_range(60..100),
                    rng.gen_range(0..100),
                    rng.gen_range(0..100),
                    rng.gen_range(0..100)
                )
            };
            let national_number = if dutch { bsn(rng) } else { national_register_number(year, month, day, rng.gen_range(1..998)) };
            let street = format!("{} {}", STREETS.choose(rng).unwrap_or(&"Kerkstraat"), rng.gen_range(1..200));
            let consent = rng.gen_range(0..25) != 0;
            let pitch = if rng.gen_range(0..40) == 0 { format!("Bel {given} gerust op {phone}.") } else { person.pitch.clone() };
            crate::records::Record {
                line: i as u64 + 2,
                record_id: format!("SYN-{:06}", i + 1).parse().unwrap_or_else(|_| unreachable!("a valid record id")),
                identity: crate::records::Identity {
                    given_name: given.to_owned(),
                    family_name: family.to_owned(),
                    birth_date: format!("{year:04}-{month:02}-{day:02}"),
                    street,
                    municipality: person.place.name.to_owned(),
                    phone,
                    email: format!("{}.{}{}@example.org", ascii_lower(given), ascii_lower(family), i + 1),
                    national_number,
                },
                place: person.place,
                occupations: person.occupations,
                talents: person.talents,
                strengths: person.strengths,
                languages: person.languages,
                hours: person.hours,
                shifts: person.shifts,
                available_from: person.available_from,
                contract_forms: person.contract_forms,
                reach_km: ReachKm::new(f64::from(person.reach_km)).unwrap_or_else(|_| unreachable!("3-30 km")),
                travel_modes: person.travel_modes,
                driving_licence: person.travel_modes.contains(TravelMode::Car),
                job_coaching: person.job_coaching,
                workplace_needs: person.workplace_needs,
                pitch,
                consent,
            }
        })
        .collect()
}

/// The synthetic records as a coach's CSV export.
pub fn records_csv(n: usize, seed: u64, today: YearMonth) -> Vec<u8> {
    crate::records::write_csv(&records(n, seed, today))
}

/// The publisher block of demo feeds: requests go to the demo server's own inbox.
pub fn demo_publisher() -> talentbrug_core::Publisher {
    talentbrug_core::Publisher {
        name: "Werkbrug Demo (fictieve begeleidingsorganisatie)".into(),
        contact: "jobs@werkbrug-demo.example".into(),
        request_url: "/api/requests".into(),
        privacy_url: "/privacy.html".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_people_and_plausible_mixes() {
        let esco = EscoCatalogue::embedded();
        let today = YearMonth::new(2026, 11).unwrap();
        let a: Vec<Person> = {
            let mut g = Generator::new(7, today, &esco);
            (0..500).map(|_| g.person()).collect()
        };
        let b: Vec<Person> = {
            let mut g = Generator::new(7, today, &esco);
            (0..500).map(|_| g.person()).collect()
        };
        assert_eq!(a, b);
        let under15 = a.iter().filter(|p| p.reach_km <= 15).count();
        assert!(under15 > 300, "most reach under 15 km: {under15}");
        let cars = a.iter().filter(|p| p.travel_modes.contains(TravelMode::Car)).count();
        assert!(cars < 125, "most have no car: {cars}");
        assert!(a.iter().all(|p| (3..=30).contains(&p.reach_km) && !p.occupations.is_empty()));
        let flemish_or_brussels = a.iter().filter(|p| p.place.postcode.country() == Country::Be).count();
        assert!(flemish_or_brussels > 250 && flemish_or_brussels < 480, "{flemish_or_brussels}");
        assert!(a.iter().all(|p| p.place.region != "Wallonie" && p.place.region != "North Holland"));
    }

    #[test]
    fn synthetic_records_are_valid_fake_and_round_trip_through_csv() {
        let today = YearMonth::new(2026, 11).unwrap();
        let records = records(400, 3, today);
        assert_eq!(records, super::records(400, 3, today));
        assert!(records.iter().all(|r| r.identity.email.ends_with("@example.org")));
        let unconsented = records.iter().filter(|r| !r.consent).count();
        assert!((4..=40).contains(&unconsented), "{unconsented}");
        for r in records.iter().filter(|r| r.place.postcode.country() == Country::Be).take(20) {
            let digits: String = r.identity.national_number.chars().filter(char::is_ascii_digit).collect();
            assert!(crate::pii::is_national_register_number(&digits), "{}", r.identity.national_number);
        }
        for r in records.iter().filter(|r| r.place.postcode.country() == Country::Nl).take(20) {
            assert!(crate::pii::is_bsn(&r.identity.national_number), "{}", r.identity.national_number);
        }
        let export = crate::records::read_export(&records_csv(400, 3, today), &EscoCatalogue::embedded()).unwrap();
        assert_eq!(export.records.len(), 400 - unconsented);
        assert_eq!(export.held_back.len(), unconsented);
        let consenting: Vec<_> = records.iter().filter(|r| r.consent).cloned().collect();
        assert_eq!(export.records, consenting);
    }
}
