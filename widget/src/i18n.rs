//! Every sentence the widget shows, in Dutch (the default), French and English.
//!
//! Fixed texts are [`Text`] keys looked up with [`t`]; texts with numbers or names are functions
//! below it. Labels of vocabulary codes and explanation lines come from the core
//! ([`talentbrug_core::Code::label`], [`talentbrug_core::explain::Reason::describe`]).

use talentbrug_core::calendar::YearMonth;
use talentbrug_core::request::{Field, Problem};
use talentbrug_core::Lang;

macro_rules! texts {
    ($($key:ident => [$nl:expr, $fr:expr, $en:expr $(,)?],)+) => {
        /// A fixed text of the widget.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Text { $($key),+ }

        impl Text {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Text] = &[$(Text::$key),+];
        }

        /// Every text, by key then language: one table lookup compiles much smaller than a
        /// match per key and language.
        static TEXTS: &[[&str; 3]] = &[$([$nl, $fr, $en]),+];

        /// The text of `key` in `lang`.
        pub fn t(lang: Lang, key: Text) -> &'static str {
            TEXTS[key as usize][lang_index(lang)]
        }
    };
}

texts! {
    Title => ["Talent in de buurt", "Des talents près de chez vous", "Talent near you"],
    Intro => [
        "Vind mensen die bij jou in de buurt kunnen en willen werken, en nodig hen uit voor een gesprek.",
        "Trouvez des personnes qui peuvent et veulent travailler près de chez vous, et invitez-les à un entretien.",
        "Find people who can and want to work near you, and invite them for an interview.",
    ],
    Language => ["Taal", "Langue", "Language"],
    Postcode => ["Postcode", "Code postal", "Postcode"],
    PostcodeHint => ["Postcode of gemeente, bv. 3000 of Leuven", "Code postal ou commune, p. ex. 1000 ou Namur", "Postcode or town, e.g. 3000 or Leuven"],
    Suggestions => ["Suggesties", "Suggestions", "Suggestions"],
    Radius => ["Afstand", "Distance", "Distance"],
    MoreFilters => ["Meer filters", "Plus de filtres", "More filters"],
    Filters => ["Filters", "Filtres", "Filters"],
    Occupation => ["Beroep", "Métier", "Occupation"],
    OccupationHint => [
        "Typ een beroep, bv. heftruck of schoonmaak",
        "Tapez un métier, p. ex. cariste ou nettoyage",
        "Type an occupation, e.g. forklift or cleaner",
    ],
    Occupations => ["Gekozen beroepen", "Métiers choisis", "Chosen occupations"],
    Talents => ["Talenten", "Talents", "Talents"],
    Strengths => ["Sterktes", "Qualités", "Strengths"],
    HoursPerWeek => ["Uren per week", "Heures par semaine", "Hours per week"],
    AnyHours => ["Om het even", "Peu importe", "Any"],
    ContractForm => ["Contractvorm", "Type de contrat", "Contract form"],
    AvailableNow => ["Nu beschikbaar", "Disponible maintenant", "Available now"],
    ClearFilters => ["Filters wissen", "Effacer les filtres", "Clear filters"],
    Remove => ["verwijderen", "retirer", "remove"],
    Anonymous => [
        "Profielen zijn anoniem: je ontmoet de persoon, geen cv. Geen naam, geen leeftijd, geen foto.",
        "Les profils sont anonymes : vous rencontrez la personne, pas un CV. Ni nom, ni âge, ni photo.",
        "Profiles are anonymous: you meet the person, not a CV. No name, no age, no photo.",
    ],
    Prompt => [
        "Vul je postcode of gemeente in om te zien wie in de buurt wil werken.",
        "Indiquez votre code postal ou votre commune pour voir qui souhaite travailler près de chez vous.",
        "Enter your postcode or town to see who wants to work near you.",
    ],
    Loading => ["Profielen laden…", "Chargement des profils…", "Loading profiles…"],
    TryAgain => ["Opnieuw proberen", "Réessayer", "Try again"],
    ErrorTitle => ["De profielen zijn niet beschikbaar", "Les profils ne sont pas disponibles", "The profiles are not available"],
    ErrorNoFeed => [
        "Deze widget is nog niet ingesteld: er is geen adres van een profielenbestand opgegeven.",
        "Ce widget n'est pas encore configuré : aucune adresse de fichier de profils n'est indiquée.",
        "This widget is not set up yet: no profile feed address was given.",
    ],
    ErrorNoKey => [
        "Deze widget is niet veilig ingesteld: de sleutel van de organisatie (public-key) ontbreekt, dus de profielen kunnen niet gecontroleerd worden.",
        "Ce widget n'est pas configuré de façon sûre : la clé de l'organisation (public-key) manque, les profils ne peuvent donc pas être vérifiés.",
        "This widget is not set up safely: the organisation's key (public-key) is missing, so the profiles cannot be checked.",
    ],
    UnsignedBanner => [
        "Testmodus: deze profielen worden niet gecontroleerd (unsigned). Gebruik dit niet op een echte website.",
        "Mode test : ces profils ne sont pas vérifiés (unsigned). Ne l'utilisez pas sur un vrai site web.",
        "Test mode: these profiles are not checked (unsigned). Do not use this on a real website.",
    ],
    ErrorUnreachable => [
        "De profielen konden niet geladen worden. Controleer je internetverbinding en probeer het opnieuw.",
        "Les profils n'ont pas pu être chargés. Vérifiez votre connexion et réessayez.",
        "The profiles could not be loaded. Check your connection and try again.",
    ],
    ErrorInvalid => [
        "Het profielenbestand van deze organisatie is niet in orde, dus we tonen niets. Neem contact op met de organisatie.",
        "Le fichier de profils de cette organisation n'est pas valide : nous n'affichons rien. Contactez l'organisation.",
        "This organisation's profile feed is not valid, so nothing is shown. Please contact the organisation.",
    ],
    ErrorSignature => [
        "De echtheid van de profielen kon niet bevestigd worden (de handtekening klopt niet). Voor de veiligheid tonen we niets.",
        "L'authenticité des profils n'a pas pu être confirmée (la signature ne correspond pas). Par sécurité, nous n'affichons rien.",
        "The profiles could not be confirmed as genuine (the signature does not match). To be safe, nothing is shown.",
    ],
    ErrorExpired => [
        "Deze profielen zijn verlopen en worden niet meer getoond. De organisatie publiceert binnenkort nieuwe.",
        "Ces profils ont expiré et ne sont plus affichés. L'organisation en publiera bientôt de nouveaux.",
        "These profiles have expired and are no longer shown. The organisation will publish new ones soon.",
    ],
    ErrorRolledBack => [
        "Dit is een oudere versie van de profielen dan je eerder zag. Voor de veiligheid tonen we niets.",
        "Il s'agit d'une version plus ancienne des profils que celle déjà vue. Par sécurité, nous n'affichons rien.",
        "This is an older version of the profiles than one seen before. To be safe, nothing is shown.",
    ],
    ErrorTiles => [
        "Een deel van de profielen in jouw buurt kon niet geladen worden of klopt niet. Om niemand over te slaan tonen we nu niets.",
        "Une partie des profils près de chez vous n'a pas pu être chargée ou n'est pas valide. Pour n'oublier personne, nous n'affichons rien.",
        "Part of the profiles near you could not be loaded or is not valid. So as not to leave anyone out, nothing is shown.",
    ],
    LoadingNearby => ["Profielen in de buurt laden…", "Chargement des profils à proximité…", "Loading profiles nearby…"],
    CoachedBy => ["Begeleid door", "Accompagné par", "Coached by"],
    Wants => ["Wil werken als", "Souhaite travailler comme", "Wants to work as"],
    AnyOccupation => ["Open voor verschillende jobs", "Ouvert·e à différents emplois", "Open to different jobs"],
    LivesNear => ["Woont in de buurt van", "Habite près de", "Lives near"],
    Distance => ["Afstand", "Distance", "Distance"],
    Languages => ["Talen", "Langues", "Languages"],
    Hours => ["Uren", "Heures", "Hours"],
    Shifts => ["Uurroosters", "Horaires", "Shifts"],
    Available => ["Beschikbaar", "Disponible", "Available"],
    Now => ["nu", "maintenant", "now"],
    Travel => ["Vervoer", "Transport", "Travel"],
    Contracts => ["Staat open voor", "Ouvert·e à", "Open to"],
    JobCoach => ["Een jobcoach volgt op", "Un job coach assure le suivi", "A job coach follows up"],
    WorksBestWith => ["Werkt het best met", "Travaille au mieux avec", "Works best with"],
    InOwnWords => ["In eigen woorden", "Avec ses mots", "In their own words"],
    WhyThisProfile => ["Waarom dit profiel", "Pourquoi ce profil", "Why this profile"],
    ViewProfile => ["Bekijk profiel", "Voir le profil", "View profile"],
    RequestInterview => ["Vraag een blind gesprek aan", "Demander un entretien à l'aveugle", "Request a blind interview"],
    ShowMore => ["Toon meer profielen", "Afficher plus de profils", "Show more profiles"],
    Close => ["Sluiten", "Fermer", "Close"],
    ProfileHeading => ["Profiel", "Profil", "Profile"],
    YouMarker => ["Jij", "Vous", "You"],
    MapPlaces => ["Woonplaatsen op de kaart", "Lieux sur la carte", "Places on the map"],
    FormIntro => [
        "Bij een blind gesprek nodig je de persoon uit zonder eerst een cv te vragen. De jobcoach neemt daarna contact met je op.",
        "Lors d'un entretien à l'aveugle, vous invitez la personne sans demander d'abord un CV. Le job coach vous contacte ensuite.",
        "In a blind interview you invite the person without asking for a CV first. The job coach will then contact you.",
    ],
    YourCompany => ["Je bedrijf", "Votre entreprise", "Your company"],
    Company => ["Bedrijfsnaam", "Nom de l'entreprise", "Company name"],
    ContactName => ["Contactpersoon", "Personne de contact", "Contact person"],
    Email => ["E-mailadres", "Adresse e-mail", "E-mail address"],
    Phone => ["Telefoonnummer", "Numéro de téléphone", "Phone number"],
    CompanyPostcode => ["Postcode van het bedrijf", "Code postal de l'entreprise", "Company postcode"],
    TheJob => ["De job", "Le poste", "The job"],
    JobTitle => ["Functie", "Intitulé du poste", "Job title"],
    JobDescription => ["Korte omschrijving", "Brève description", "Short description"],
    JobHours => ["Uren per week", "Heures par semaine", "Hours per week"],
    PreferredContact => ["Wanneer bellen we je best?", "Quand vous appeler ?", "When is it best to call you?"],
    PreferredContactHint => ["Bv. dinsdagvoormiddag", "P. ex. le mardi matin", "E.g. Tuesday morning"],
    Optional => ["optioneel", "facultatif", "optional"],
    Required => ["verplicht", "obligatoire", "required"],
    Commitment => [
        "Ik nodig deze persoon uit voor een gesprek zonder eerst een cv te vragen.",
        "J'invite cette personne à un entretien sans demander d'abord un CV.",
        "I will invite this person for an interview without asking for a CV first.",
    ],
    PrivacyNotice => ["privacyverklaring", "déclaration de confidentialité", "privacy notice"],
    Honeypot => ["Laat dit veld leeg", "Laissez ce champ vide", "Leave this field empty"],
    Send => ["Verstuur aanvraag", "Envoyer la demande", "Send request"],
    Sending => ["Bezig met versturen…", "Envoi en cours…", "Sending…"],
    Cancel => ["Annuleren", "Annuler", "Cancel"],
    CheckFields => ["Kijk de gemarkeerde velden na.", "Veuillez vérifier les champs indiqués.", "Please check the marked fields."],
    SendFailedNetwork => [
        "Je aanvraag kon niet verstuurd worden: er is geen verbinding. Alles wat je invulde is bewaard.",
        "Votre demande n'a pas pu être envoyée : pas de connexion. Tout ce que vous avez saisi est conservé.",
        "Your request could not be sent: there is no connection. Everything you typed has been kept.",
    ],
    SendFailedServer => [
        "De organisatie kon je aanvraag nu niet ontvangen. Alles wat je invulde is bewaard; probeer het zo opnieuw.",
        "L'organisation n'a pas pu recevoir votre demande pour le moment. Tout est conservé ; réessayez dans un instant.",
        "The organisation could not receive your request right now. Everything you typed has been kept; try again shortly.",
    ],
    SendFailedBusy => [
        "Er kwamen net te veel aanvragen binnen. Alles wat je invulde is bewaard; probeer het over een minuut opnieuw.",
        "Trop de demandes à la fois. Tout ce que vous avez saisi est conservé ; réessayez dans une minute.",
        "Too many requests at once. Everything you typed has been kept; try again in a minute.",
    ],
    SendAgain => ["Opnieuw versturen", "Renvoyer", "Send again"],
    Sent => ["Aanvraag verstuurd", "Demande envoyée", "Request sent"],
    Reference => ["Je referentie", "Votre référence", "Your reference"],
    StatusLink => ["Volg je aanvraag op", "Suivre votre demande", "Follow your request"],
    PublishedBy => ["Profielen van", "Profils publiés par", "Profiles from"],
    Questions => ["Vragen?", "Des questions ?", "Questions?"],
    VacancyButton => [
        "Stuur je vacature naar de coaches van deze mensen",
        "Envoyez votre offre d'emploi aux coachs de ces personnes",
        "Send your vacancy to the coaches of these people",
    ],
    VacancyHeading => ["Je vacature naar de coaches", "Votre offre d'emploi aux coachs", "Your vacancy to the coaches"],
    VacancyIntro => [
        "Zeg wat je zoekt. Je vacature gaat alleen naar de organisaties die mensen begeleiden die erbij passen; hun jobcoaches stellen je kandidaten voor.",
        "Dites ce que vous cherchez. Votre offre ne va qu'aux organisations qui accompagnent des personnes qui y correspondent ; leurs job coachs vous proposent des candidat·es.",
        "Say what you need. Your vacancy only goes to the organisations that coach people who fit it; their job coaches propose candidates to you.",
    ],
    TheVacancy => ["De vacature", "L'offre d'emploi", "The vacancy"],
    HoursAtLeast => ["Minstens", "Au moins", "At least"],
    HoursAtMost => ["Hoogstens", "Au plus", "At most"],
    StartMonth => ["Start (maand)", "Début (mois)", "Start (month)"],
    WorkplacePostcode => ["Postcode van de werkplek", "Code postal du lieu de travail", "Workplace postcode"],
    Offers => ["Wat je werkplek biedt", "Ce que votre lieu de travail offre", "What your workplace offers"],
    MaxInterviews => ["Hoeveel gesprekken kan je voeren?", "Combien d'entretiens pouvez-vous mener ?", "How many interviews can you hold?"],
    VacancyConsent => [
        "Ik ga akkoord dat de organisaties die mijn vacature ontvangen mijn gegevens gebruiken om ze op te volgen, zoals beschreven in hun privacyverklaring:",
        "J'accepte que les organisations qui reçoivent mon offre utilisent mes données pour la traiter, comme décrit dans leur déclaration de confidentialité :",
        "I agree that the organisations receiving my vacancy use my details to follow it up, as described in their privacy notice:",
    ],
    Recipients => ["Deze organisaties ontvangen je vacature:", "Ces organisations recevront votre offre :", "These organisations will receive your vacancy:"],
    NoRecipients => [
        "Niemand in de buurt van de werkplek past bij deze vacature, dus we versturen ze niet. Kijk het beroep, de uren, de uurroosters of de contractvormen na.",
        "Personne près du lieu de travail ne correspond à cette offre : nous ne l'envoyons donc pas. Vérifiez le métier, les heures, les horaires ou les types de contrat.",
        "Nobody near the workplace fits this vacancy, so it is not sent. Check the occupation, hours, shifts or contract forms.",
    ],
    RecipientsNeedPlace => [
        "Vul de postcode van de werkplek in om te zien welke organisaties je vacature ontvangen.",
        "Indiquez le code postal du lieu de travail pour voir quelles organisations recevront votre offre.",
        "Enter the workplace postcode to see which organisations will receive your vacancy.",
    ],
    SendVacancy => ["Verstuur vacature", "Envoyer l'offre", "Send vacancy"],
    VacancySent => ["Vacature verstuurd", "Offre envoyée", "Vacancy sent"],
    VacancySentIntro => [
        "Bedankt! De jobcoaches bekijken wie bij je vacature past en stellen je kandidaten voor. Per organisatie:",
        "Merci ! Les job coachs regardent qui correspond à votre offre et vous proposent des candidat·es. Par organisation :",
        "Thank you! The job coaches look at who fits your vacancy and propose candidates to you. For each organisation:",
    ],
}

/// "1 profiel" / "23 profielen".
pub fn profiles(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => "1 profiel".into(),
        (Lang::Nl, n) => format!("{n} profielen"),
        (Lang::Fr, 0 | 1) => format!("{n} profil"),
        (Lang::Fr, n) => format!("{n} profils"),
        (Lang::En, 1) => "1 profile".into(),
        (Lang::En, n) => format!("{n} profiles"),
    }
}

/// The announced result line: "23 profielen binnen 10 km van 3000 Leuven".
pub fn result_count(lang: Lang, total: usize, radius_km: u32, place: &str) -> String {
    let n = profiles(lang, total);
    match lang {
        Lang::Nl => format!("{n} binnen {radius_km} km van {place}"),
        Lang::Fr => format!("{n} à moins de {radius_km} km de {place}"),
        Lang::En => format!("{n} within {radius_km} km of {place}"),
    }
}

/// "20 van 57 getoond".
pub fn shown_of(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::Nl => format!("{shown} van {total} getoond"),
        Lang::Fr => format!("{shown} sur {total} affichés"),
        Lang::En => format!("{shown} of {total} shown"),
    }
}

/// The empty state: nobody within the radius with these filters.
pub fn no_results(lang: Lang, radius_km: u32, place: &str) -> String {
    match lang {
        Lang::Nl => format!("Niemand binnen {radius_km} km van {place} past bij deze zoekopdracht."),
        Lang::Fr => format!("Personne à moins de {radius_km} km de {place} ne correspond à cette recherche."),
        Lang::En => format!("Nobody within {radius_km} km of {place} fits this search."),
    }
}

/// The one line that says whose profiles are missing now (a network member's feed is
/// unreachable, expired or refused).
pub fn missing_orgs(lang: Lang, names: &[String]) -> String {
    let names = names.join(", ");
    match lang {
        Lang::Nl => format!("De profielen van {names} kunnen nu niet getoond worden; je ziet alle anderen."),
        Lang::Fr => format!("Les profils de {names} ne peuvent pas être affichés pour le moment ; vous voyez tous les autres."),
        Lang::En => format!("The profiles of {names} cannot be shown right now; you see everyone else."),
    }
}

/// The confirmation after a request: who will call back.
pub fn who_calls(lang: Lang, organisation: &str) -> String {
    match lang {
        Lang::Nl => format!("Bedankt! Een jobcoach van {organisation} neemt contact met je op om het gesprek te plannen."),
        Lang::Fr => format!("Merci ! Un job coach de {organisation} vous contactera pour planifier l'entretien."),
        Lang::En => format!("Thank you! A job coach from {organisation} will contact you to plan the interview."),
    }
}

/// The promise of the vacancy form: every proposed candidate gets an interview, up to `n`.
pub fn vacancy_commitment(lang: Lang, n: u8) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => "We voeren een gesprek met elke kandidaat die een coach voorstelt, zonder een cv te vragen, tot 1 gesprek.".into(),
        (Lang::Nl, n) => {
            format!("We voeren een gesprek met elke kandidaat die een coach voorstelt, zonder een cv te vragen, tot {n} gesprekken.")
        }
        (Lang::Fr, 1) => "Nous rencontrons chaque candidat·e proposé·e par un coach, sans demander de CV, jusqu'à 1 entretien.".into(),
        (Lang::Fr, n) => format!("Nous rencontrons chaque candidat·e proposé·e par un coach, sans demander de CV, jusqu'à {n} entretiens."),
        (Lang::En, 1) => "We interview every candidate a coach proposes, without asking for a CV, up to 1 interview.".into(),
        (Lang::En, n) => format!("We interview every candidate a coach proposes, without asking for a CV, up to {n} interviews."),
    }
}

/// "1 gesprek", "3 gesprekken": a choice of how many interviews.
pub fn interviews(lang: Lang, n: u8) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => "1 gesprek".into(),
        (Lang::Nl, n) => format!("{n} gesprekken"),
        (Lang::Fr, 1) => "1 entretien".into(),
        (Lang::Fr, n) => format!("{n} entretiens"),
        (Lang::En, 1) => "1 interview".into(),
        (Lang::En, n) => format!("{n} interviews"),
    }
}

/// How many people at one organisation fit the vacancy: "3 mensen passen".
pub fn people_fitting(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => "1 persoon past".into(),
        (Lang::Nl, n) => format!("{n} mensen passen"),
        (Lang::Fr, 1) => "1 personne correspond".into(),
        (Lang::Fr, n) => format!("{n} personnes correspondent"),
        (Lang::En, 1) => "1 person fits".into(),
        (Lang::En, n) => format!("{n} people fit"),
    }
}

/// The link to one organisation's privacy notice, named for it.
pub fn privacy_of(lang: Lang, organisation: &str) -> String {
    match lang {
        Lang::Nl => format!("privacyverklaring van {organisation}"),
        Lang::Fr => format!("déclaration de confidentialité de {organisation}"),
        Lang::En => format!("privacy notice of {organisation}"),
    }
}

/// The status link of one organisation's copy of the vacancy.
pub fn follow_at(lang: Lang, organisation: &str) -> String {
    match lang {
        Lang::Nl => format!("Volg je vacature op bij {organisation}"),
        Lang::Fr => format!("Suivre votre offre chez {organisation}"),
        Lang::En => format!("Follow your vacancy at {organisation}"),
    }
}

/// One organisation did not receive the vacancy (the others did, or were not tried).
pub fn not_received(lang: Lang, organisation: &str) -> String {
    match lang {
        Lang::Nl => format!("{organisation} kon je vacature nu niet ontvangen. Alles wat je invulde is bewaard; probeer het opnieuw."),
        Lang::Fr => format!("{organisation} n'a pas pu recevoir votre offre pour le moment. Tout est conservé ; réessayez."),
        Lang::En => format!("{organisation} could not receive your vacancy right now. Everything you typed has been kept; try again."),
    }
}

/// Sends the vacancy again, to one organisation only.
pub fn send_again_to(lang: Lang, organisation: &str) -> String {
    match lang {
        Lang::Nl => format!("Opnieuw versturen naar {organisation}"),
        Lang::Fr => format!("Renvoyer à {organisation}"),
        Lang::En => format!("Send again to {organisation}"),
    }
}

/// The button that widens the search.
pub fn widen_to(lang: Lang, radius_km: u32) -> String {
    match lang {
        Lang::Nl => format!("Zoek binnen {radius_km} km"),
        Lang::Fr => format!("Chercher dans un rayon de {radius_km} km"),
        Lang::En => format!("Search within {radius_km} km"),
    }
}

/// A postcode or place the gazetteer does not know.
pub fn unknown_place(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Nl => format!("We vinden geen Belgische of Nederlandse postcode of gemeente “{typed}”. Probeer bv. 3000 of Leuven."),
        Lang::Fr => {
            format!("Nous ne trouvons pas de code postal ou de commune belge ou néerlandaise « {typed} ». Essayez p. ex. 1000 ou Namur.")
        }
        Lang::En => format!("We cannot find a Belgian or Dutch postcode or town “{typed}”. Try e.g. 3000 or Leuven."),
    }
}

/// "10 km" in a radius choice.
pub fn km(radius_km: u32) -> String {
    format!("{radius_km} km")
}

/// Weekly hours of a profile: "20-30 u/week".
pub fn hours_range(lang: Lang, min: u8, max: u8) -> String {
    let range = if min == max { min.to_string() } else { format!("{min}–{max}") };
    match lang {
        Lang::Nl => format!("{range} u/week"),
        Lang::Fr => format!("{range} h/semaine"),
        Lang::En => format!("{range} h/week"),
    }
}

/// A month in words: "maart 2027".
pub fn month(lang: Lang, m: YearMonth) -> String {
    const NL: [&str; 12] =
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
    const FR: [&str; 12] =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
    const EN: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let names = match lang {
        Lang::Nl => &NL,
        Lang::Fr => &FR,
        Lang::En => &EN,
    };
    format!("{} {}", names[(m.month() as usize).clamp(1, 12) - 1], m.year())
}

/// When a person can start: "nu" or "vanaf maart 2027".
pub fn available(lang: Lang, from: YearMonth, today: YearMonth) -> String {
    if from <= today {
        return t(lang, Text::Now).into();
    }
    let m = month(lang, from);
    match lang {
        Lang::Nl => format!("vanaf {m}"),
        Lang::Fr => format!("à partir de {m}"),
        Lang::En => format!("from {m}"),
    }
}

/// Names of the languages people list most, by ISO 639-1 code (Berber by its two codes):
/// (codes, [nl, fr, en]). A table searched in order compiles smaller than a match on strings.
static LANGUAGE_NAMES: &[(&str, [&str; 3])] = &[
    ("nl", ["Nederlands", "néerlandais", "Dutch"]),
    ("fr", ["Frans", "français", "French"]),
    ("en", ["Engels", "anglais", "English"]),
    ("de", ["Duits", "allemand", "German"]),
    ("ar", ["Arabisch", "arabe", "Arabic"]),
    ("tr", ["Turks", "turc", "Turkish"]),
    ("es", ["Spaans", "espagnol", "Spanish"]),
    ("it", ["Italiaans", "italien", "Italian"]),
    ("pt", ["Portugees", "portugais", "Portuguese"]),
    ("pl", ["Pools", "polonais", "Polish"]),
    ("ro", ["Roemeens", "roumain", "Romanian"]),
    ("bg", ["Bulgaars", "bulgare", "Bulgarian"]),
    ("ru", ["Russisch", "russe", "Russian"]),
    ("uk", ["Oekraïens", "ukrainien", "Ukrainian"]),
    ("so", ["Somalisch", "somali", "Somali"]),
    ("ti", ["Tigrinya", "tigrigna", "Tigrinya"]),
    ("fa", ["Perzisch", "persan", "Persian"]),
    ("ps", ["Pasjtoe", "pachto", "Pashto"]),
    ("am", ["Amhaars", "amharique", "Amharic"]),
    ("ber", ["Berbers", "berbère", "Berber"]),
    ("zgh", ["Berbers", "berbère", "Berber"]),
];

/// The name of a language a person speaks, by ISO 639-1 code; the code itself when unknown.
pub fn language_name(lang: Lang, code: &str) -> String {
    match LANGUAGE_NAMES.iter().find(|(c, _)| *c == code) {
        Some((_, names)) => names[lang_index(lang)].into(),
        None => code.to_ascii_uppercase(),
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Nl => 0,
        Lang::Fr => 1,
        Lang::En => 2,
    }
}

/// The message next to a form field, from the core's problem code.
pub fn problem(lang: Lang, field: Field, problem: Problem) -> String {
    if let Some(s) = field_problem(lang, field, problem) {
        return s.into();
    }
    let s: &str = match (problem, lang) {
        (Problem::Required, Lang::Nl) => "Vul dit veld in.",
        (Problem::Required, Lang::Fr) => "Veuillez remplir ce champ.",
        (Problem::Required, Lang::En) => "Please fill in this field.",
        (Problem::TooLong { max }, lang) => {
            return match lang {
                Lang::Nl => format!("Gebruik hoogstens {max} tekens."),
                Lang::Fr => format!("{max} caractères au maximum."),
                Lang::En => format!("Use at most {max} characters."),
            }
        }
        (Problem::InvalidEmail, Lang::Nl) => "Dit is geen e-mailadres. Bijvoorbeeld: naam@bedrijf.be",
        (Problem::InvalidEmail, Lang::Fr) => "Ce n'est pas une adresse e-mail. Par exemple : nom@entreprise.be",
        (Problem::InvalidEmail, Lang::En) => "This is not an e-mail address. For example: name@company.be",
        (Problem::InvalidPhone, Lang::Nl) => "Geef een telefoonnummer van 8 tot 15 cijfers, bv. 016 12 34 56.",
        (Problem::InvalidPhone, Lang::Fr) => "Indiquez un numéro de 8 à 15 chiffres, p. ex. 02 123 45 67.",
        (Problem::InvalidPhone, Lang::En) => "Give a phone number of 8 to 15 digits, e.g. 016 12 34 56.",
        (Problem::UnknownPostcode, Lang::Nl) => "Dit is geen Belgische of Nederlandse postcode.",
        (Problem::UnknownPostcode, Lang::Fr) => "Ce n'est pas un code postal belge ou néerlandais.",
        (Problem::UnknownPostcode, Lang::En) => "This is not a Belgian or Dutch postcode.",
        (Problem::HoursOutOfRange, Lang::Nl) => "Geef een aantal uren tussen 1 en 60.",
        (Problem::HoursOutOfRange, Lang::Fr) => "Indiquez un nombre d'heures entre 1 et 60.",
        (Problem::HoursOutOfRange, Lang::En) => "Give a number of hours between 1 and 60.",
        (Problem::MustAccept, Lang::Nl) => "Een blind gesprek betekent: geen cv vooraf. Vink dit aan om verder te gaan.",
        (Problem::MustAccept, Lang::Fr) => "Un entretien à l'aveugle signifie : pas de CV au préalable. Cochez pour continuer.",
        (Problem::MustAccept, Lang::En) => "A blind interview means no CV beforehand. Tick this to continue.",
        (Problem::TooFast, Lang::Nl) => "Dat ging erg snel. Kijk het formulier even na en verstuur het opnieuw.",
        (Problem::TooFast, Lang::Fr) => "C'était très rapide. Relisez le formulaire et renvoyez-le.",
        (Problem::TooFast, Lang::En) => "That was very quick. Please check the form and send it again.",
        (Problem::Honeypot, Lang::Nl) => "Laat dit veld leeg.",
        (Problem::Honeypot, Lang::Fr) => "Laissez ce champ vide.",
        (Problem::Honeypot, Lang::En) => "Leave this field empty.",
        (Problem::UnknownProfile, Lang::Nl) => "Dit profiel is niet meer beschikbaar.",
        (Problem::UnknownProfile, Lang::Fr) => "Ce profil n'est plus disponible.",
        (Problem::UnknownProfile, Lang::En) => "This profile is no longer available.",
        (Problem::HiddenCharacters, Lang::Nl) => "Gebruik hier geen regeleinden of onzichtbare stuurtekens.",
        (Problem::HiddenCharacters, Lang::Fr) => "N'utilisez pas de retours à la ligne ni de caractères de contrôle invisibles ici.",
        (Problem::HiddenCharacters, Lang::En) => "Do not use line breaks or invisible control characters here.",
        (Problem::InvalidKey, Lang::Nl) => "Er ging iets mis met het formulier. Herlaad de pagina en probeer opnieuw.",
        (Problem::InvalidKey, Lang::Fr) => "Un problème est survenu avec le formulaire. Rechargez la page et réessayez.",
        (Problem::InvalidKey, Lang::En) => "Something went wrong with the form. Reload the page and try again.",
        (Problem::UnknownCode, Lang::Nl) => "Kies uit de lijst.",
        (Problem::UnknownCode, Lang::Fr) => "Choisissez dans la liste.",
        (Problem::UnknownCode, Lang::En) => "Choose from the list.",
        (Problem::Duplicate, Lang::Nl) => "Elke keuze mag maar één keer voorkomen.",
        (Problem::Duplicate, Lang::Fr) => "Chaque choix ne peut figurer qu'une fois.",
        (Problem::Duplicate, Lang::En) => "Each choice may appear only once.",
        (Problem::InvalidMonth, Lang::Nl) => "Geef een maand, bv. 2027-01.",
        (Problem::InvalidMonth, Lang::Fr) => "Indiquez un mois, p. ex. 2027-01.",
        (Problem::InvalidMonth, Lang::En) => "Give a month, e.g. 2027-01.",
        (Problem::InterviewsOutOfRange, Lang::Nl) => "Kies tussen 1 en 10 gesprekken.",
        (Problem::InterviewsOutOfRange, Lang::Fr) => "Choisissez entre 1 et 10 entretiens.",
        (Problem::InterviewsOutOfRange, Lang::En) => "Choose between 1 and 10 interviews.",
        (Problem::TooMany { max }, lang) => {
            return match lang {
                Lang::Nl => format!("Hoogstens {max}."),
                Lang::Fr => format!("{max} au maximum."),
                Lang::En => format!("At most {max}."),
            }
        }
    };
    s.into()
}

/// The message of a problem that reads differently on one field (consent, weekly hours from-to,
/// the vacancy's occupation and matches), if `field` is one.
fn field_problem(lang: Lang, field: Field, problem: Problem) -> Option<&'static str> {
    Some(match (problem, lang) {
        (Problem::Required, Lang::Nl) if field == Field::Matches => "Niemand in de buurt van de werkplek past bij deze vacature.",
        (Problem::Required, Lang::Fr) if field == Field::Matches => "Personne près du lieu de travail ne correspond à cette offre.",
        (Problem::Required, Lang::En) if field == Field::Matches => "Nobody near the workplace fits this vacancy.",
        (Problem::HoursOutOfRange, Lang::Nl) if field == Field::Hours => "Geef uren tussen 1 en 60, het minimum niet boven het maximum.",
        (Problem::HoursOutOfRange, Lang::Fr) if field == Field::Hours => {
            "Indiquez des heures entre 1 et 60, le minimum sans dépasser le maximum."
        }
        (Problem::HoursOutOfRange, Lang::En) if field == Field::Hours => "Give hours between 1 and 60, the least no more than the most.",
        (Problem::MustAccept, Lang::Nl) if field == Field::Consent => "Ga akkoord met de privacyverklaring om dit te versturen.",
        (Problem::MustAccept, Lang::Fr) if field == Field::Consent => "Acceptez la déclaration de confidentialité pour pouvoir envoyer.",
        (Problem::MustAccept, Lang::En) if field == Field::Consent => "Accept the privacy notice to send this.",
        (Problem::UnknownProfile, Lang::Nl) if field == Field::Matches => {
            "Sommige van deze mensen zijn niet meer beschikbaar. Herlaad de pagina en probeer het opnieuw."
        }
        (Problem::UnknownProfile, Lang::Fr) if field == Field::Matches => {
            "Certaines de ces personnes ne sont plus disponibles. Rechargez la page et réessayez."
        }
        (Problem::UnknownProfile, Lang::En) if field == Field::Matches => {
            "Some of these people are no longer available. Reload the page and try again."
        }
        (Problem::UnknownCode, Lang::Nl) if field == Field::Occupation => "Kies een beroep uit de lijst.",
        (Problem::UnknownCode, Lang::Fr) if field == Field::Occupation => "Choisissez un métier dans la liste.",
        (Problem::UnknownCode, Lang::En) if field == Field::Occupation => "Choose an occupation from the list.",
        _ => return None,
    })
}

/// The consent sentence around the privacy-notice link: (before, after).
pub fn consent(lang: Lang, organisation: &str) -> (String, String) {
    match lang {
        Lang::Nl => (
            format!("Ik ga akkoord dat {organisation} mijn gegevens gebruikt om deze aanvraag op te volgen, zoals beschreven in de "),
            ".".into(),
        ),
        Lang::Fr => {
            (format!("J'accepte que {organisation} utilise mes données pour traiter cette demande, comme décrit dans la "), ".".into())
        }
        Lang::En => (format!("I agree that {organisation} uses my details to follow up this request, as described in the "), ".".into()),
    }
}

/// The accessible name of the map.
pub fn map_label(lang: Lang, radius_km: u32, areas: usize, place: &str) -> String {
    match lang {
        Lang::Nl => {
            format!("Kaartje: {place} in het midden, een cirkel van {radius_km} km en {areas} woonplaatsen van gevonden profielen.")
        }
        Lang::Fr => {
            format!("Petite carte : {place} au centre, un cercle de {radius_km} km et {areas} lieux de résidence des profils trouvés.")
        }
        Lang::En => format!("Small map: {place} in the centre, a {radius_km} km circle and {areas} home areas of the profiles found."),
    }
}

/// One place on the map with how many of the shown profiles live there: "Heverlee: 3
/// profielen".
pub fn map_area(lang: Lang, names: &str, n: usize) -> String {
    let n = profiles(lang, n);
    match lang {
        Lang::Fr => format!("{names} : {n}"),
        _ => format!("{names}: {n}"),
    }
}

/// "Uren per week: tot 20" and friends, for the hours filter.
pub fn hours_choice(lang: Lang, min: u8, max: u8) -> String {
    match (lang, min, max) {
        (Lang::Nl, 1, m) => format!("tot {m} uur"),
        (Lang::Fr, 1, m) => format!("jusqu'à {m} h"),
        (Lang::En, 1, m) => format!("up to {m} h"),
        (Lang::Nl, m, 60) => format!("{m} uur of meer"),
        (Lang::Fr, m, 60) => format!("{m} h ou plus"),
        (Lang::En, m, 60) => format!("{m} h or more"),
        (Lang::Nl, a, b) => format!("{a} tot {b} uur"),
        (Lang::Fr, a, b) => format!("{a} à {b} h"),
        (Lang::En, a, b) => format!("{a} to {b} h"),
    }
}

/// The accessible name of a "remove" button on a chosen item.
pub fn remove(lang: Lang, what: &str) -> String {
    format!("{what}: {}", t(lang, Text::Remove))
}

/// Title of a profile card: the first wanted occupation, or a generic title.
pub fn card_title(lang: Lang, occupation: Option<&str>) -> String {
    match occupation {
        Some(label) => label.to_owned(),
        None => t(lang, Text::AnyOccupation).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_every_language_and_differs_where_it_should() {
        for &key in Text::ALL {
            for lang in Lang::ALL {
                assert!(!t(lang, key).trim().is_empty(), "{key:?} lacks {lang:?}");
            }
        }
        assert_eq!(t(Lang::Nl, Text::Postcode), "Postcode");
        assert_eq!(t(Lang::Fr, Text::Postcode), "Code postal");
        assert_eq!(t(Lang::En, Text::Postcode), "Postcode");
        assert_eq!(t(Lang::Fr, Text::RequestInterview), "Demander un entretien à l'aveugle");
        assert_eq!(t(Lang::Nl, Text::RequestInterview), "Vraag een blind gesprek aan");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(result_count(Lang::Nl, 1, 10, "3000 Leuven"), "1 profiel binnen 10 km van 3000 Leuven");
        assert_eq!(result_count(Lang::Fr, 23, 5, "1000 Bruxelles"), "23 profils à moins de 5 km de 1000 Bruxelles");
        assert_eq!(result_count(Lang::En, 2, 25, "Gent"), "2 profiles within 25 km of Gent");
    }

    #[test]
    fn every_problem_has_a_sentence_per_language() {
        let problems = [
            Problem::Required,
            Problem::TooLong { max: 120 },
            Problem::InvalidEmail,
            Problem::InvalidPhone,
            Problem::UnknownPostcode,
            Problem::HoursOutOfRange,
            Problem::MustAccept,
            Problem::TooFast,
            Problem::Honeypot,
            Problem::UnknownProfile,
            Problem::InvalidKey,
            Problem::UnknownCode,
            Problem::Duplicate,
            Problem::InvalidMonth,
            Problem::InterviewsOutOfRange,
            Problem::TooMany { max: 50 },
        ];
        for p in problems {
            let all: Vec<String> = Lang::ALL.iter().map(|&l| problem(l, Field::Email, p)).collect();
            assert!(all.iter().all(|s| !s.is_empty()), "{p:?}");
            assert_ne!(all[0], all[1], "{p:?} nl = fr");
        }
        assert!(problem(Lang::Nl, Field::Company, Problem::TooLong { max: 120 }).contains("120"));
        assert_ne!(problem(Lang::En, Field::Consent, Problem::MustAccept), problem(Lang::En, Field::Commitment, Problem::MustAccept));
    }

    #[test]
    fn months_and_availability() {
        let today: YearMonth = "2026-11".parse().unwrap();
        assert_eq!(available(Lang::Nl, "2026-03".parse().unwrap(), today), "nu");
        assert_eq!(available(Lang::Fr, "2027-03".parse().unwrap(), today), "à partir de mars 2027");
        assert_eq!(available(Lang::En, "2027-12".parse().unwrap(), today), "from December 2027");
        assert_eq!(language_name(Lang::Fr, "nl"), "néerlandais");
        assert_eq!(language_name(Lang::En, "xx"), "XX");
    }
}
