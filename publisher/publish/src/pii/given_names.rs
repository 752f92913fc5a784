//! Common given names in Belgium and the Netherlands, to find other people's names in a pitch
//! ("mijn zus Khadija werkt ook …"): lowercase, without accents, one per line. Sources and
//! licences: `data/ATTRIBUTION.md`.

use std::collections::HashSet;
use std::sync::LazyLock;

/// From Faker's nl_NL, nl_BE, fr_BE, fr_FR, fr_DZ and pl_PL first-name lists (MIT).
const FAKER: &str = include_str!("../../data/given_names_faker.txt");
/// Added by hand: names common among people from Morocco, Turkey, West and Central Africa, the
/// Horn of Africa, Syria and Afghanistan, Ukraine, Poland, Romania and Bulgaria in Belgium and
/// the Netherlands that the lists above lack.
const EXTRA: &str = include_str!("../../data/given_names_extra.txt");

/// Names that are also everyday words in pitches (`ik ben`, `j'aime`, `max 38 uur`, `a lot`,
/// `job`): they count only where they are written as a name is, with a capital, not at the
/// start of a sentence. Every other name counts however it is written.
pub const EVERYDAY_WORDS: &[&str] = &[
    "aime",
    "amber",
    "amine",
    "an",
    "august",
    "aurore",
    "bas",
    "ben",
    "blessing",
    "cas",
    "claire",
    "come",
    "constance",
    "constant",
    "daisy",
    "dean",
    "divine",
    "el",
    "elke",
    "eve",
    "fleur",
    "floor",
    "frank",
    "gift",
    "grace",
    "guy",
    "iris",
    "ivy",
    "jack",
    "jade",
    "jet",
    "job",
    "joy",
    "ken",
    "kick",
    "lies",
    "lieve",
    "line",
    "linde",
    "loan",
    "lot",
    "mark",
    "mason",
    "max",
    "merel",
    "merveille",
    "noel",
    "patience",
    "pierre",
    "precious",
    "prince",
    "rob",
    "robin",
    "roman",
    "roos",
    "rose",
    "said",
    "sandy",
    "ties",
    "toon",
    "victoire",
    "ward",
];

/// Names that are far more often a language in a pitch (`Ik spreek Frans`): they count only
/// after a word for a person (`mijn broer Frans`).
pub const LANGUAGE_NAMES: &[&str] = &["frans"];

/// Words for a person before a name (`mijn zus Khadija`, `ma collègue Rose`, `my friend Will`):
/// after them even a name that is an everyday word counts.
pub const PERSON_WORDS: &[&str] = &[
    "broer",
    "zus",
    "zuster",
    "vader",
    "moeder",
    "papa",
    "mama",
    "zoon",
    "dochter",
    "man",
    "vrouw",
    "partner",
    "vriend",
    "vriendin",
    "collega",
    "buurman",
    "buurvrouw",
    "oom",
    "tante",
    "nonkel",
    "neef",
    "nicht",
    "opa",
    "oma",
    "meneer",
    "mevrouw",
    "mr",
    "mrs",
    "ms",
    "mevr",
    "dhr",
    "mme",
    "mlle",
    "monsieur",
    "madame",
    "frere",
    "soeur",
    "pere",
    "mere",
    "fils",
    "fille",
    "mari",
    "femme",
    "ami",
    "amie",
    "copain",
    "copine",
    "collegue",
    "voisin",
    "voisine",
    "oncle",
    "cousin",
    "cousine",
    "brother",
    "sister",
    "father",
    "mother",
    "son",
    "daughter",
    "husband",
    "wife",
    "friend",
    "colleague",
    "neighbour",
    "neighbor",
    "uncle",
    "aunt",
    "cousin",
    "coach",
    "begeleider",
    "begeleidster",
    "trajectbegeleider",
    "jobcoach",
    "baas",
    "chef",
    "patron",
    "boss",
];

/// Words before a name that make it part of a place or a saint (`Sint-Jan`, `Saint-Pierre`).
pub const SAINT_WORDS: &[&str] = &["sint", "saint", "sainte", "st", "ste", "san", "santa", "sankt", "heilige"];

static NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| FAKER.lines().chain(EXTRA.lines()).map(str::trim).filter(|l| l.len() >= 2 && !l.starts_with('#')).collect());

/// Whether the folded word is a common given name.
pub fn is_given_name(folded: &str) -> bool {
    NAMES.contains(folded)
}

/// Whether the name is also an everyday word (see [`EVERYDAY_WORDS`]).
pub fn is_everyday_word(folded: &str) -> bool {
    EVERYDAY_WORDS.contains(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_the_names_of_the_issue_and_of_every_community() {
        for name in ["khadija", "mohamed", "fatima", "youssef", "mehmet", "elif", "lotte", "jens", "aicha", "olena", "piotr", "emre"] {
            assert!(is_given_name(name), "{name}");
        }
        assert!(NAMES.len() > 1500);
        assert!(NAMES.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())), "folded, one word a line");
        assert!(EVERYDAY_WORDS.iter().all(|w| is_given_name(w)), "every everyday word is on the list");
    }
}
