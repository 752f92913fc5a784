//! The closed vocabularies of a talent profile: codes that travel in feeds, with labels in
//! Dutch, French and English.
//!
//! Talents, strengths and workplace needs come only from these lists, so a profile cannot carry
//! free text that identifies a person. Every code is a stable snake_case string; the labels are
//! what the widget shows.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::vocabulary::{parse_code, Code, CodeSet, Lang, Talent};
//!
//! let packing: Talent = parse_code("packing")?;
//! assert_eq!(packing.label(Lang::Nl), "Inpakken");
//! assert_eq!(packing.label(Lang::Fr), "Emballage");
//! assert!(parse_code::<Talent>("juggling").is_err(), "no free text");
//!
//! let mut talents = CodeSet::new();
//! talents.insert(packing);
//! talents.insert(Talent::Forklift);
//! assert_eq!(talents.len(), 2);
//! assert!(talents.contains(Talent::Packing));
//! # Ok::<(), talentbrug_core::vocabulary::UnknownCode>(())
//! ```

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language the product speaks. Dutch is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Nederlands.
    #[default]
    Nl,
    /// Français.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// All languages, default first.
    pub const ALL: [Lang; 3] = [Lang::Nl, Lang::Fr, Lang::En];

    /// The BCP 47 tag (`nl`, `fr`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Reads a language tag such as `fr`, `fr-BE` or `EN`; `None` for other languages.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Some(Lang::Nl),
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A member of a closed vocabulary: a code with labels.
pub trait Code: Copy + Eq + Ord + fmt::Debug + 'static {
    /// Every member, in canonical order.
    const ALL: &'static [Self];
    /// What the vocabulary is called in error messages (`talent`, `shift`, ...).
    const KIND: &'static str;
    /// The stable code used in feeds, CSV exports and queries.
    fn code(self) -> &'static str;
    /// The human label in `lang`.
    fn label(self, lang: Lang) -> &'static str;
    /// Position in [`Code::ALL`]; at most 63, so a set fits a `u64`.
    fn index(self) -> u32;
    /// The member with this code, if any.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }
}

/// An unknown code was given for a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} code `{code}`")]
pub struct UnknownCode {
    /// The vocabulary (`talent`, `shift`, ...).
    pub kind: &'static str,
    /// What was given.
    pub code: String,
}

/// Parses a code of vocabulary `T`.
pub fn parse_code<T: Code>(code: &str) -> Result<T, UnknownCode> {
    T::from_code(code.trim()).ok_or_else(|| UnknownCode { kind: T::KIND, code: code.trim().chars().take(40).collect() })
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal {
            $($variant:ident = $code:literal : [$nl:literal, $fr:literal, $en:literal]),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $(#[doc = $en] $variant),+
        }

        impl Code for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            const KIND: &'static str = $kind;
            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
            fn label(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Nl => match self { $(Self::$variant => $nl),+ },
                    Lang::Fr => match self { $(Self::$variant => $fr),+ },
                    Lang::En => match self { $(Self::$variant => $en),+ },
                }
            }
            fn index(self) -> u32 {
                self as u32
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                StaticStr(self.code()).serialize(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                parse_code(&code).map_err(de::Error::custom)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary! {
    /// What a person can do: practical skills, shown as chips.
    Talent, "talent" {
        OrderPicking = "order_picking": ["Orderpicken", "Préparation de commandes", "Order picking"],
        Forklift = "forklift": ["Heftruck rijden", "Conduite de chariot élévateur", "Forklift driving"],
        Packing = "packing": ["Inpakken", "Emballage", "Packing"],
        Cleaning = "cleaning": ["Schoonmaken", "Nettoyage", "Cleaning"],
        Cooking = "cooking": ["Koken", "Cuisine", "Cooking"],
        Dishwashing = "dishwashing": ["Afwassen", "Plonge", "Dishwashing"],
        Serving = "serving": ["Bedienen", "Service en salle", "Serving"],
        Cashier = "cashier": ["Kassa", "Caisse", "Cashier work"],
        ShelfStocking = "shelf_stocking": ["Rekken aanvullen", "Mise en rayon", "Shelf stocking"],
        CustomerContact = "customer_contact": ["Klantencontact", "Contact clientèle", "Customer contact"],
        DataEntry = "data_entry": ["Gegevens invoeren", "Encodage de données", "Data entry"],
        Assembly = "assembly": ["Assemblage", "Assemblage", "Assembly"],
        MachineOperation = "machine_operation": ["Machines bedienen", "Conduite de machines", "Machine operation"],
        QualityCheck = "quality_check": ["Kwaliteitscontrole", "Contrôle qualité", "Quality checks"],
        Welding = "welding": ["Lassen", "Soudure", "Welding"],
        Painting = "painting": ["Schilderen", "Peinture", "Painting"],
        Masonry = "masonry": ["Metselen", "Maçonnerie", "Masonry"],
        Carpentry = "carpentry": ["Schrijnwerk", "Menuiserie", "Carpentry"],
        Gardening = "gardening": ["Tuinonderhoud", "Jardinage", "Gardening"],
        Driving = "driving": ["Rijden", "Conduite", "Driving"],
        CareAssistance = "care_assistance": ["Zorgondersteuning", "Aide aux soins", "Care assistance"],
        SoftwareTesting = "software_testing": ["Software testen", "Test de logiciels", "Software testing"],
        Calculation = "calculation": ["Rekenen", "Calcul", "Calculation"],
        SortingRecycling = "sorting_recycling": ["Sorteren en recycleren", "Tri et recyclage", "Sorting and recycling"],
        Reception = "reception": ["Onthaal", "Accueil", "Reception"],
        Laundry = "laundry": ["Wassen en strijken", "Blanchisserie", "Laundry and ironing"],
        Maintenance = "maintenance": ["Klein onderhoud", "Petit entretien", "Maintenance"],
        ItSupport = "it_support": ["IT-ondersteuning", "Support informatique", "IT support"],
    }
}

vocabulary! {
    /// How a person works: personal strengths a coach has seen.
    Strength, "strength" {
        Punctual = "punctual": ["Stipt", "Ponctuel·le", "Punctual"],
        Precise = "precise": ["Nauwkeurig", "Précis·e", "Precise"],
        Reliable = "reliable": ["Betrouwbaar", "Fiable", "Reliable"],
        Motivated = "motivated": ["Gemotiveerd", "Motivé·e", "Motivated"],
        FastLearner = "fast_learner": ["Leert snel", "Apprend vite", "Fast learner"],
        TeamPlayer = "team_player": ["Teamspeler", "Esprit d'équipe", "Team player"],
        Independent = "independent": ["Zelfstandig", "Autonome", "Independent"],
        CalmUnderPressure = "calm_under_pressure": ["Rustig onder druk", "Calme sous pression", "Calm under pressure"],
        Friendly = "friendly": ["Vriendelijk", "Aimable", "Friendly"],
        PhysicallyStrong = "physically_strong": ["Fysiek sterk", "Physiquement robuste", "Physically strong"],
        EyeForDetail = "eye_for_detail": ["Oog voor detail", "Sens du détail", "Eye for detail"],
        Structured = "structured": ["Gestructureerd", "Structuré·e", "Structured"],
        Patient = "patient": ["Geduldig", "Patient·e", "Patient"],
    }
}

vocabulary! {
    /// What helps a person do their best work, phrased as a condition of the workplace.
    WorkplaceNeed, "workplace need" {
        QuietWorkplace = "quiet_workplace": ["Een rustige werkplek", "Un lieu de travail calme", "A quiet workplace"],
        FixedRoutine = "fixed_routine": ["Een vaste routine", "Une routine fixe", "A fixed routine"],
        SmallTeam = "small_team": ["Een klein team", "Une petite équipe", "A small team"],
        ClearInstructions = "clear_instructions": ["Duidelijke instructies", "Des consignes claires", "Clear instructions"],
        WrittenInstructions = "written_instructions": ["Schriftelijke instructies", "Des consignes écrites", "Written instructions"],
        StepFreeAccess = "step_free_access": ["Een drempelvrije toegang", "Un accès sans marches", "Step-free access"],
        BuddyOnSite = "buddy_on_site": ["Een vaste collega als aanspreekpunt", "Un·e collègue référent·e sur place", "A buddy on site"],
        NoHeavyLifting = "no_heavy_lifting": ["Geen zware lasten tillen", "Pas de port de charges lourdes", "No heavy lifting"],
    }
}

vocabulary! {
    /// A form of contract or work arrangement the person accepts.
    ContractForm, "contract form" {
        Temp = "temp": ["Uitzendwerk", "Intérim", "Temporary agency work"],
        Internship = "internship": ["Stage of proefperiode", "Stage ou période d'essai", "Internship or trial"],
        WorkplaceLearning = "workplace_learning": ["Werkplekleren", "Apprentissage en entreprise", "Workplace learning"],
        Art60 = "art60": ["Art. 60-tewerkstelling", "Mise à l'emploi article 60", "Article 60 employment"],
        FixedTerm = "fixed_term": ["Contract bepaalde duur", "Contrat à durée déterminée", "Fixed-term contract"],
        Permanent = "permanent": ["Vast contract", "Contrat à durée indéterminée", "Permanent contract"],
    }
}

vocabulary! {
    /// A part of the day or week the person can work.
    Shift, "shift" {
        Day = "day": ["Dag", "Jour", "Day"],
        Evening = "evening": ["Avond", "Soir", "Evening"],
        Night = "night": ["Nacht", "Nuit", "Night"],
        Weekend = "weekend": ["Weekend", "Week-end", "Weekend"],
    }
}

vocabulary! {
    /// How the person gets to work.
    TravelMode, "travel mode" {
        Walk = "walk": ["Te voet", "À pied", "On foot"],
        Bike = "bike": ["Fiets", "Vélo", "Bike"],
        PublicTransport = "public_transport": ["Openbaar vervoer", "Transports en commun", "Public transport"],
        Car = "car": ["Auto", "Voiture", "Car"],
        Moped = "moped": ["Bromfiets", "Cyclomoteur", "Moped"],
    }
}

vocabulary! {
    /// A language level on the CEFR scale, or native.
    Cefr, "language level" {
        A1 = "A1": ["A1", "A1", "A1"],
        A2 = "A2": ["A2", "A2", "A2"],
        B1 = "B1": ["B1", "B1", "B1"],
        B2 = "B2": ["B2", "B2", "B2"],
        C1 = "C1": ["C1", "C1", "C1"],
        C2 = "C2": ["C2", "C2", "C2"],
        Native = "native": ["Moedertaal", "Langue maternelle", "Native"],
    }
}

/// A set of codes of one vocabulary, stored as a bitmask so matching is a few instructions.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeSet<T: Code> {
    bits: u64,
    marker: PhantomData<T>,
}

impl<T: Code> Default for CodeSet<T> {
    fn default() -> Self {
        Self::from_bits(0)
    }
}

impl<T: Code> CodeSet<T> {
    /// The empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// A set from its raw bitmask; bits beyond the vocabulary are dropped.
    pub fn from_bits(bits: u64) -> Self {
        let all = if T::ALL.len() >= 64 { u64::MAX } else { (1u64 << T::ALL.len()) - 1 };
        CodeSet { bits: bits & all, marker: PhantomData }
    }

    /// The raw bitmask (bit `i` is `T::ALL[i]`).
    pub fn bits(self) -> u64 {
        self.bits
    }

    /// Adds a code.
    pub fn insert(&mut self, code: T) {
        self.bits |= 1 << code.index();
    }

    /// Whether the set holds `code`.
    pub fn contains(self, code: T) -> bool {
        self.bits & (1 << code.index()) != 0
    }

    /// Number of codes in the set.
    pub fn len(self) -> u32 {
        self.bits.count_ones()
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// Whether the two sets share a code.
    pub fn intersects(self, other: Self) -> bool {
        self.bits & other.bits != 0
    }

    /// The codes in either set.
    pub fn union(self, other: Self) -> Self {
        Self::from_bits(self.bits | other.bits)
    }

    /// Whether every code of `other` is in `self`.
    pub fn is_superset(self, other: Self) -> bool {
        self.bits & other.bits == other.bits
    }

    /// The codes in both sets.
    pub fn intersection(self, other: Self) -> Self {
        Self::from_bits(self.bits & other.bits)
    }

    /// The codes, in canonical order.
    pub fn iter(self) -> impl Iterator<Item = T> {
        T::ALL.iter().copied().filter(move |c| self.contains(*c))
    }
}

impl<T: Code> FromIterator<T> for CodeSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Self::new();
        for code in iter {
            set.insert(code);
        }
        set
    }
}

impl<T: Code> fmt::Debug for CodeSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(Code::code)).finish()
    }
}

impl<T: Code> Serialize for CodeSet<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(|c| StaticStr(c.code())))
    }
}

/// A text known at compile time (a code), serialized as the unit variant it names: JSON and
/// every text format write exactly the string, and serde-wasm-bindgen makes its JS string once
/// and reuses it (it caches `'static` names, while every plain string is decoded anew). A
/// search's answer in the browser is mostly codes, so this halves the strings it decodes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StaticStr(pub(crate) &'static str);

impl Serialize for StaticStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit_variant("", 0, self.0)
    }
}

/// Reads a list of codes of one vocabulary into a bitmask. Not generic over the vocabulary, so
/// one reader is compiled for all of them (smaller wasm); the vocabulary comes in as its name and
/// a lookup of a code's position.
struct BitsVisitor {
    kind: &'static str,
    index_of: fn(&str) -> Option<u32>,
}

impl<'de> Visitor<'de> for BitsVisitor {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {} codes", self.kind)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        let mut bits = 0u64;
        while let Some(code) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
            let code = code.trim();
            let Some(index) = (self.index_of)(code) else {
                return Err(de::Error::custom(UnknownCode { kind: self.kind, code: code.chars().take(40).collect() }));
            };
            if bits & (1 << index) != 0 {
                return Err(de::Error::custom(format!("{} code `{code}` is listed twice", self.kind)));
            }
            bits |= 1 << index;
        }
        Ok(bits)
    }
}

/// The position of `code` in vocabulary `T`.
fn index_of<T: Code>(code: &str) -> Option<u32> {
    T::from_code(code).map(Code::index)
}

impl<'de, T: Code> Deserialize<'de> for CodeSet<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(BitsVisitor { kind: T::KIND, index_of: index_of::<T> }).map(CodeSet::from_bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_list_reads_into_its_set_and_names_what_is_wrong() {
        let set: CodeSet<Talent> = serde_json::from_str(r#"["forklift", " packing "]"#).unwrap();
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![Talent::Forklift, Talent::Packing]);
        let twice = serde_json::from_str::<CodeSet<Talent>>(r#"["forklift", "forklift "]"#).unwrap_err().to_string();
        assert!(twice.starts_with("talent code `forklift` is listed twice"), "{twice}");
        let unknown = serde_json::from_str::<CodeSet<Shift>>(r#"["juggling"]"#).unwrap_err().to_string();
        assert!(unknown.starts_with("unknown shift code `juggling`"), "{unknown}");
        let not_a_list = serde_json::from_str::<CodeSet<Talent>>("3").unwrap_err().to_string();
        assert!(not_a_list.contains("a list of talent codes"), "{not_a_list}");
    }

    fn check_vocabulary<T: Code>() {
        assert!(T::ALL.len() <= 64, "{} has too many codes for a bitmask", T::KIND);
        for (i, code) in T::ALL.iter().enumerate() {
            assert_eq!(code.index() as usize, i);
            assert_eq!(T::from_code(code.code()), Some(*code));
            for lang in Lang::ALL {
                assert!(!code.label(lang).is_empty(), "{code:?} lacks a {lang:?} label");
            }
        }
    }

    #[test]
    fn every_vocabulary_is_complete_and_round_trips() {
        check_vocabulary::<Talent>();
        check_vocabulary::<Strength>();
        check_vocabulary::<WorkplaceNeed>();
        check_vocabulary::<ContractForm>();
        check_vocabulary::<Shift>();
        check_vocabulary::<TravelMode>();
        check_vocabulary::<Cefr>();
    }

    #[test]
    fn required_codes_exist() {
        let talents = "order_picking forklift packing cleaning cooking dishwashing serving cashier shelf_stocking customer_contact data_entry assembly machine_operation quality_check welding painting masonry carpentry gardening driving care_assistance software_testing calculation sorting_recycling reception";
        for code in talents.split(' ') {
            assert!(Talent::from_code(code).is_some(), "{code}");
        }
        let strengths = "punctual precise reliable motivated fast_learner team_player independent calm_under_pressure friendly physically_strong eye_for_detail structured patient";
        for code in strengths.split(' ') {
            assert!(Strength::from_code(code).is_some(), "{code}");
        }
        let needs = "quiet_workplace fixed_routine small_team clear_instructions written_instructions step_free_access buddy_on_site no_heavy_lifting";
        for code in needs.split(' ') {
            assert!(WorkplaceNeed::from_code(code).is_some(), "{code}");
        }
        for code in "temp internship workplace_learning art60 fixed_term permanent".split(' ') {
            assert!(ContractForm::from_code(code).is_some(), "{code}");
        }
        for code in "day evening night weekend".split(' ') {
            assert!(Shift::from_code(code).is_some(), "{code}");
        }
        for code in "walk bike public_transport car moped".split(' ') {
            assert!(TravelMode::from_code(code).is_some(), "{code}");
        }
    }

    #[test]
    fn sets_serialise_in_canonical_order_and_reject_unknown_or_repeated_codes() {
        let set: CodeSet<Shift> = serde_json::from_str(r#"["weekend","day"]"#).unwrap();
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"["day","weekend"]"#);
        let err = serde_json::from_str::<CodeSet<Shift>>(r#"["day","brunch"]"#).unwrap_err();
        assert!(err.to_string().contains("unknown shift code `brunch`"), "{err}");
        let err = serde_json::from_str::<CodeSet<Shift>>(r#"["day","day"]"#).unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
    }

    #[test]
    fn set_operations() {
        let a: CodeSet<Shift> = [Shift::Day, Shift::Night].into_iter().collect();
        let b: CodeSet<Shift> = [Shift::Night].into_iter().collect();
        assert!(a.is_superset(b) && !b.is_superset(a));
        assert!(a.intersects(b));
        assert_eq!(a.intersection(b), b);
        assert_eq!(a.len(), 2);
        assert_eq!(CodeSet::<Shift>::from_bits(u64::MAX).len(), 4);
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("fr-BE"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
    }
}
