//! Pitches for `talentbrug demo-feed`, composed so that they vary as real ones do: an opening,
//! what the person did, what they want, a personal detail and a closing, each drawn from dozens
//! of Dutch sentences whose `[a|b|c]` alternatives vary them word by word. A feed of them
//! compresses like Dutch prose, not like a handful of texts repeated (the tests measure it).
//!
//! No part names a person, a place or a number, so the publisher's personal-data scanner finds
//! nothing in them (tested).

use rand::seq::SliceRandom;
use rand::Rng;
use talentbrug_core::profile::MAX_PITCH;

/// Openings: who the person is, in a few words.
const OPENINGS: &[&str] = &[
    "Ik ben {eigenschap}, {eigenschap} en {eigenschap}.",
    "[Mensen noemen me|Ik ben|Collega's vinden me] {eigenschap} en [ook|vooral|zeker] {eigenschap}.",
    "Ik ben een [rustige|gedreven|vriendelijke|nuchtere|enthousiaste|stille maar harde] werker die [graag|liefst|het liefst] [met de handen|in een team|zelfstandig|buiten|met mensen] werkt.",
    "[Hallo|Dag|Goeiedag], ik ben [op zoek naar|klaar voor|toe aan] [een nieuwe stap|nieuw werk|een vaste job|een eerste job hier|een nieuwe uitdaging].",
    "Wie mij [leert kennen|aan het werk ziet|een kans geeft], ziet [iemand die doorzet|een harde werker|iemand die niet opgeeft|een echte aanpakker].",
    "Mijn [coach|begeleider|trajectbegeleider] zegt dat ik {eigenschap} ben, en dat klopt.",
    "Ik [sta|ben] [altijd|iedere dag|steeds] [op tijd|paraat|klaar om te beginnen], ook [als het regent|vroeg in de ochtend|op drukke dagen].",
    "[Na een moeilijke periode|Na een lange pauze|Na mijn opleiding|Na een omscholing|Na jaren thuis] wil ik [opnieuw|weer|eindelijk] aan de slag.",
    "Ik ben [iemand|een persoon|{eigenschap} en iemand] die [niet stil kan zitten|graag de handen uit de mouwen steekt|van aanpakken houdt|snel bijleert].",
    "[Werken|Bezig zijn|Iets betekenen voor anderen] geeft me [energie|rust|structuur|een doel|voldoening].",
    "Ik kom uit een [groot|warm|druk|klein] gezin en heb [vroeg|al jong|snel] geleerd om [mee te helpen|verantwoordelijkheid te nemen|zelfstandig te zijn].",
    "[Eerlijk gezegd|Om eerlijk te zijn|Kort gezegd] ben ik [geen prater maar een doener|een doener|iemand van weinig woorden en veel werk].",
    "Ik [werk|leer] [graag|het best] [met duidelijke afspraken|in een vaste structuur|met een vast ritme|stap voor stap].",
    "[Orde|Netheid|Precisie|Veiligheid|Kwaliteit] vind ik [belangrijk|het belangrijkste|geen detail] in [iedere job|mijn werk|alles wat ik doe].",
    "Ik ben [nieuwsgierig|leergierig|praktisch ingesteld|technisch aangelegd|sociaal] en [pak alles aan|wil blijven leren|hou van variatie].",
    "[Mensen|Collega's|Klanten] [vinden|zeggen|merken] dat ik [goed luister|rust breng|altijd help|snel werk].",
    "In mijn [thuisland|vorige job|stage|vrijwilligerswerk] heb ik geleerd om [nauwkeurig|snel|veilig|samen] te werken.",
    "Ik zoek werk [waar ik mezelf kan zijn|met vaste uren|dicht bij huis|dat ik goed kan combineren met mijn gezin].",
    "[Geduld|Doorzetting|Humor|Inzet|Vriendelijkheid] is mijn [sterkste kant|grootste kracht|beste eigenschap].",
    "Ik hou van [duidelijk werk|werk dat af is aan het eind van de dag|zichtbaar resultaat|een goed gevulde dag].",
    "[Snel|Zorgvuldig|Nauwkeurig|Rustig] werken [zit in mijn aard|is mijn tweede natuur|gaat me goed af].",
    "Ik ben [klaar|gemotiveerd|vastbesloten] om [mijn plek te vinden|te tonen wat ik kan|een nieuwe start te maken].",
    "[Sinds kort|Sinds vorig jaar|Al een tijd] volg ik [lessen Nederlands|een opleiding|een traject bij een jobcoach] en ik [ga snel vooruit|leer iedere dag bij].",
    "Ik [spreek|begrijp] [goed|vlot|steeds beter] Nederlands en [oefen|leer] [iedere dag|graag] bij.",
    "Mijn [kracht|talent|sterke punt] is [orde scheppen|met mensen omgaan|technisch inzicht|dat ik nooit opgeef].",
    "Ik ben [vriendelijk|beleefd|geduldig] met [klanten|iedereen|oudere mensen|kinderen] en blijf [rustig|kalm|vriendelijk] als het [druk|hectisch|lastig] wordt.",
    "[Eerst luisteren, dan doen|Afspraak is afspraak|Beter goed dan snel|Samen gaat het beter]: dat is [mijn motto|hoe ik werk|wat ik meeneem].",
    "Ik heb [een rugzak|wat tegenslag|een omweg] achter de rug, maar [kijk vooruit|ben er klaar voor|sta er nu sterk].",
    "Ik [werk|voel me] het best [in de ochtend|met een vaste ploeg|als ik weet wat er verwacht wordt|met een duidelijke planning].",
    "[Werk|Een job|Een vaste plek] betekent voor mij [zelfstandigheid|een nieuwe start|contact met mensen|structuur in mijn week].",
    "Ik ben {eigenschap} en [vind altijd een oplossing|denk mee|werk door tot het af is].",
    "Ik zie [werk|problemen|kansen] en [pak ze aan|spring bij|wacht niet tot iemand het vraagt].",
    "Stilzitten is niets voor mij: ik [ben graag bezig|wil iets doen|wil nuttig zijn].",
    "Ik [spreek meerdere talen|ben meertalig opgegroeid] en dat [helpt|komt van pas] [bij klanten|in een gemengd team|in mijn werk].",
];

/// What they did: experience, training, volunteering.
const DID: &[&str] = &[
    "In {plek} [leerde ik|deed ik|was ik verantwoordelijk voor] {taak} en {taak}.",
    "[Ik heb|Ik had] [al|vroeger|een tijd] {taak} gedaan in {plek}[| en in {plek}].",
    "[Mijn vorige werkgever|Mijn stagebegeleider|Mijn coach] [noemde|vond] me {eigenschap} en {eigenschap}.",
    "Ik [werkte|hielp] [een tijd|als vrijwilliger|via interim] in {plek}, waar ik {taak} [deed|leerde].",
    "Ik heb [ervaring|een tijd gewerkt|gewerkt] in {plek} en [kende|leerde] daar [iedere hoek|het hele proces|alle taken|{taak}].",
    "[Vroeger|In het verleden|Jaren geleden] werkte ik [als poetshulp|in de bouw|in een restaurant|aan de kassa|in de zorg|als chauffeur|in de logistiek].",
    "Ik volgde een opleiding [heftruck|keukenhulp|schoonmaak|groenonderhoud|lassen|kassa en winkel|logistiek|zorgkundige] en [haalde mijn attest|rondde die af|deed daar stage].",
    "[Als vrijwilliger|Als vrijwilliger in een sociaal restaurant|In een buurthuis|Bij de voedselbank] [help|hielp] ik [wekelijks|iedere week|regelmatig] mee met [koken|sorteren|onthalen|opruimen|inpakken].",
    "Ik heb stage gelopen in {plek} en [kreeg daar goede feedback|leerde er veel|mocht er blijven helpen].",
    "In mijn [vorige|laatste] job [stond ik in voor|zorgde ik voor|deed ik] [de bestellingen|het onthaal|de kuis|de voorraad|de afwas|het inpakken|de controle van de kwaliteit|{taak}].",
    "Ik heb [jaren|lange tijd|een hele tijd] [voor mijn familie gezorgd|in het huishouden gewerkt|als zelfstandige gewerkt] en weet wat [plannen|organiseren|hard werken|verantwoordelijkheid] is.",
    "Ik [ken|beheers] [de scanner|de kassa|de vaatwasmachine|de heftruck|de palletwagen|gewone computerprogramma's|het keukenmateriaal] [goed|van buiten|door en door].",
    "Bij een [sociale werkplaats|maatwerkbedrijf|interimkantoor|schoonmaakbedrijf] [leerde|oefende] ik [werken in ploegen|werken op tempo|veilig werken|werken met machines].",
    "Ik [heb|had] [mijn eigen moestuin|een klein atelier|een fietsenherstelplaats thuis] en [herstel|maak|onderhoud] [graag|vaak] [dingen|fietsen|meubels] voor [vrienden|buren|familie].",
    "[In mijn thuisland|Voor ik hier kwam] was ik [kok|lasser|boekhouder|verzorgende|vrachtwagenchauffeur|kapper|elektricien|naaister] en die [ervaring|kennis|vakkennis] neem ik mee.",
    "Ik [heb|haalde] [een attest|een certificaat|een diploma] [veiligheid|eerste hulp|voedselhygiëne|heftruck] en [wil graag meer|leer graag verder|wil het gebruiken].",
    "[Tijdens|Bij] mijn [opleiding|stage|werkervaring] [werkte|stond] ik [in een drukke keuken|aan een productielijn|in een groot magazijn|op een bouwwerf|aan de balie].",
    "Ik deed [seizoenswerk|vakantiewerk|interimwerk|weekendwerk] in {plek} en [was er graag gezien|werd tiederens teruggevraagd].",
    "Ik [hielp|help] [mijn buren|oudere mensen in de buurt|een vereniging] met [boodschappen|klusjes|de tuin|administratie] en [doe dat graag|vind dat fijn].",
    "[Thuis|In de buurt|Op de club] ben ik [degene die alles herstelt|de klusjesman|degene die organiseert|de vaste kok].",
    "Ik [werkte|heb gewerkt] met [klanten aan de telefoon|kinderen in de opvang|ouderen in een dagcentrum|mensen met een beperking] en [vond dat heel fijn|leerde geduld|leerde goed luisteren].",
    "[Mijn laatste werkgever|Mijn stagebegeleider|Mijn vorige ploegbaas] [was tevreden over|prees|waardeerde] [mijn inzet|mijn stiptheid|mijn nauwkeurigheid|mijn tempo].",
    "Ik [sorteerde|verpakte|controleerde|stockeerde] [pakjes|kledij|voeding|onderdelen|medicijnen] en [werkte|hield] [netjes|precies|op tempo|volgens de regels].",
    "Ik heb [leren|geleerd] [lassen|schilderen|metselen|tegels leggen|koken in grote hoeveelheden|strijken en plooien|bomen snoeien] [tijdens een opleiding|van mijn vader|in de praktijk].",
    "[Op school|In het volwassenenonderwijs|Via een werkervaringstraject] [leerde|volgde] ik [boekhouden|informatica|verkoop|logistiek|verzorging|koken].",
    "Ik [test|testte] [graag|vaak] [software|websites|apps] en [vind|vond] fouten die [anderen missen|niemand zag|pas later zouden opvallen].",
    "Ik [rijd|reed] [bestelwagens|een vrachtwagen|met de bakfiets] en [ken|kende] [de wegen|de routes|de regio] [goed|als mijn broekzak].",
    "Ik [heb|had] [mijn eigen zaak|een marktkraam|een kleine winkel] en [deed|regelde] [alles zelf|de aankoop en de verkoop|de kassa en de voorraad].",
    "Ik heb [in ploegen|in de nacht|in het weekend|op verplaatsing] gewerkt en [kan me aanpassen|ben flexibel|weet wat dat vraagt].",
    "Ik [help|hielp] [in de keuken van|in het magazijn van|bij de kuis in] een [sportclub|jeugdhuis|school|kerk|moskee|buurtcentrum].",
    "Ik [ben|was] [mantelzorger|vrijwilliger in een ziekenhuis|leider in een jeugdbeweging] en [leerde|weet] [wat zorg is|hoe je een groep begeleidt|hoe belangrijk geduld is].",
    "Ik [werkte|heb gewerkt] [achter de schermen|in de afwas|aan de toog|in de zaal] van {plek}.",
    "Ik [onderhield|onderhoud] [tuinen|groenzones|parken|sportvelden] en [werk|werkte] [graag|vaak] met [de bosmaaier|de haagschaar|de grasmachine].",
    "[Bij een klusbedrijf|In de renovatie|In de afwerking] deed ik [schilderwerk|kleine herstellingen|plaatsing van deuren|afbraakwerk].",
];

/// What they want now.
const WANT: &[&str] = &[
    "Ik [zoek|wil] [werk|een job|een plek] in {plek} of {plek}, [liefst|het liefst|graag] met {taak}.",
    "{taak} of {taak}: [daar|dat] [ben ik goed in|wil ik mee verder|doe ik graag].",
    "Een werkgever die iemand [zoekt|nodig heeft] die {eigenschap} is, [vindt|heeft] [die|dat] in mij.",
    "Nu zoek ik [een vaste job|werk|een plek|een deeltijdse job|een voltijdse job] [in een klein team|in een groot bedrijf|bij een warme werkgever|waar ik kan groeien].",
    "Ik wil [graag|het liefst|vooral] [buiten werken|met mijn handen werken|met mensen werken|in de keuken staan|in een magazijn werken|in de zorg werken].",
    "Een job [met vaste uren|in dagdienst|met wat variatie|met duidelijke taken|met een goede sfeer] in {plek} zou [ideaal|perfect|fijn] zijn.",
    "Ik [zoek|wil] [een werkgever|een ploeg|een plek|{plek}] die [mij een kans geeft|geduld heeft in het begin|mij wil opleiden|gelooft in mensen].",
    "[Liefst|Het liefst|Graag] [werk ik|begin ik] [deeltijds|voltijds|in ploegen|in het weekend] en [bouw ik het op|groei ik door|zie ik verder].",
    "Ik [wil|zou graag] [bijleren|een opleiding volgen|doorgroeien] [op de werkvloer|naast mijn werk|bij een werkgever die daarin investeert].",
    "[Mijn droom|Mijn doel|Wat ik wil] is [een vast contract|een eigen plek in een team|een job waar ik trots op ben|zelfstandig rondkomen].",
    "Ik [sta open voor|wil graag] [interim|een proefperiode|een stage|een opleiding op de werkvloer] om te [tonen|bewijzen|laten zien] wat ik kan.",
    "Ik [zoek|wil] werk [dicht bij huis|bereikbaar met de bus|bereikbaar met de fiets|met de trein bereikbaar] zodat ik [altijd op tijd ben|het kan volhouden].",
    "[Schoonmaak|Logistiek|Horeca|Productie|Groenonderhoud|Verkoop|Zorg|Techniek] trekt me [het meest|aan|echt] en daar wil ik [verder in|mee verder|in groeien].",
    "Ik [wil|zoek] [een rustige werkplek|een plek zonder al te veel lawaai|een werkplek met vaste collega's] [waar ik me kan concentreren|waar ik goed kan werken].",
    "Ik [hoop|wil graag] [een werkgever te vinden|terecht te komen] waar [respect|eerlijkheid|samenwerking|veiligheid] [centraal staat|belangrijk is].",
    "[Met een jobcoach erbij|Met wat begeleiding in het begin|Met een goede uitleg] [kan ik snel zelfstandig werken|ben ik snel mee|leer ik het vlug].",
    "Ik [ben beschikbaar|kan beginnen|ben vrij] [meteen|vanaf volgende maand|na een korte opzeg|op korte termijn] en [ben flexibel|pas me aan].",
    "[Ik zou graag|Het liefst zou ik] {taak} in {plek}.",
    "Ik [zoek|wil] iets [voor lange tijd|duurzaams|met toekomst] en [geen|liever geen] [korte klusjes|dagcontracten|losse opdrachten].",
    "[Werken met machines|Werken op hoogte|Werken in de natuur|Werken met voeding|Werken met computers] [lijkt me|is voor mij] [ideaal|het mooiste|een uitdaging].",
    "Ik [wil|zou graag] [mijn Nederlands verbeteren|mijn rijbewijs halen|mijn heftruckattest halen] [op het werk|naast het werk|met hulp van een werkgever].",
    "[Een kleine zaak|Een familiebedrijf|Een sociale onderneming|Een grote fabriek] [spreekt me aan|lijkt me fijn|past bij mij].",
    "Ik [zoek|hoop op] [een job|werk] waar [ik mag meedenken|ik verantwoordelijkheid krijg|mijn ervaring telt|ik met mijn handen bezig ben].",
    "[Dagwerk|Vroege diensten|Avondwerk|Weekendwerk] [past|lukt] [mij|voor mij] [het best|goed|prima], [omdat ik dan opvang heb|door mijn gezin|door mijn ritme].",
    "Ik [wil|kan] [meteen|snel|na een korte inwerking] [meedraaien|aan de slag|mijn taken opnemen] in [een ploeg|een team|de productie|de keuken].",
    "Ik [zoek|wil] [aangepast werk|een aangepaste werkplek|werk op mijn tempo] en [geef|doe] [daar|dan] [alles|mijn best|het beste van mezelf].",
    "[Wat ik zoek|Mijn wens|Wat ik wil] is [eenvoudig|helder|duidelijk]: [goed werk leveren|meedraaien in een team|iedere dag iets bijleren].",
    "Ik [wil|hoop] [terug|opnieuw] [in de horeca|in de bouw|in de zorg|in de logistiek|in de schoonmaak] aan de slag, [nu met meer ervaring|met frisse moed|stap voor stap].",
];

/// A personal detail that says nothing about who they are.
const PERSONAL: &[&str] = &[
    "{moment} [ben ik aan het|ga ik graag|ga ik] {hobby}.",
    "[Mijn hobby's|Wat ik graag doe]: {hobby} en {hobby}.",
    "{moment} [help|helpte] ik [een vriend|de buren|mijn familie] met {taak}.",
    "In mijn vrije tijd [ga ik graag|ben ik vaak aan het|ga ik] {hobby}.",
    "Ik [kook|bak] [graag|vaak] voor [vrienden|de buren|mijn familie] en [probeer|zoek] [nieuwe recepten|gerechten uit andere landen].",
    "[Muziek|Sport|Lezen|Koken|Tuinieren|Fietsen|Schaken|Knutselen] is mijn [grote hobby|passie|manier om te ontspannen].",
    "Ik [ben|zit] [vrijwilliger|actief] in [een sportclub|een jeugdbeweging|een koor|een buurtvereniging|een repair café].",
    "{moment} [herstel|maak|bouw] ik [graag|vaak] [fietsen|meubels|kleren|van alles].",
    "Ik [loop|wandel] [iedere dag|graag] [een stuk|met de hond|in het park] om [het hoofd leeg te maken|fit te blijven].",
    "[Mijn kinderen|Mijn gezin|Mijn familie] [is|zijn] mijn [grootste motivatie|drijfveer|reden om door te zetten].",
    "Ik [leer|oefen] [graag|iedere avond] [Nederlands|Engels|werken met de computer] met [een app|de buren|vrienden].",
    "Ik [speel|speelde] [graag|vroeger] [muziek|gitaar|piano|in een band] en [dat|muziek] [geeft me rust|houdt me scherp].",
    "Ik [hou van|geniet van] [de natuur|dieren|goed eten|een goed gesprek|rustige avonden].",
    "[Vroeger|Als kind|Thuis] [hielp|werkte] ik [mee in de zaak van mijn ouders|op de boerderij|in de keuken] en [dat|die tijd] [vormde|tekende] me.",
    "Ik [zorg|zorgde] [voor een familielid|voor mijn ouders|voor de kinderen van de buren] en [weet|leerde] wat [geduld|zorg|plannen] is.",
    "Ik [ben|word] [blij|gelukkig] van [een opgeruimde werkplek|een tevreden klant|een goed gevulde dag|samen lachen|{hobby}].",
    "[Op zondag|In de zomer|Na het werk] [sta|zit|ben] ik [graag|vaak] [in de tuin|op de fiets|bij vrienden|in de keuken].",
    "Ik [doe|beoefen] [aan boksen|aan lopen|aan yoga|aan zaalvoetbal|aan fitness] en [dat|sport] [houdt me in vorm|geeft energie].",
    "Ik [verzamel|zoek] [oude platen|planten|postzegels|recepten] en [vertel|praat] [er graag over|daar graag over].",
    "Ik [ben|word] [graag|vaak] [gevraagd|gebeld] door [vrienden|buren|familie] als er iets [moet gebeuren|kapot is|te regelen valt].",
    "[Rust|Structuur|Een vast ritme] [thuis|in mijn week] [helpt|werkt] [goed|voor mij], en die breng ik mee naar het werk.",
    "Ik [kijk|volg] [graag|vaak] [kookprogramma's|documentaires|voetbal|wielrennen] en [leer daar|haal daar] [van alles|ideeën] uit.",
    "[Mijn geloof|Mijn familie|Mijn vrienden] [geeft|geven] me [kracht|steun|rust] [in moeilijke tijden|om door te gaan].",
    "Ik [ben|werd] [onlangs|pas] [grootouder|verhuisd|afgestudeerd] en [wil|zoek] [nu|daarom] [een nieuwe stap|iets nieuws|werk dat past].",
    "Ik [naai|brei|haak] [graag|soms] [kleren|tassen|mutsen] voor [mezelf|vrienden|de markt].",
];

/// Closings.
const CLOSING: &[&str] = &[
    "[Geef|Gun] me een kans, [je zal niet teleurgesteld zijn|ik maak het waar|u zult het zien].",
    "[Ik kijk ernaar uit|Ik hoop] [u|je] te [ontmoeten|leren kennen|spreken].",
    "[Samen|Met een goede start] [maken we er iets moois van|komen we er wel].",
    "Ik [kom graag|wil graag] [eens kennismaken|proefdraaien|langs voor een gesprek].",
    "[Kortom|Dus|Met andere woorden]: [een harde werker|iemand die het meent|een betrouwbare collega] [zoekt een plek|wacht op uw oproep].",
    "[Interesse|Benieuwd|Nieuwsgierig]? [Mijn coach|Mijn begeleider|De organisatie] [brengt ons graag in contact|regelt graag een gesprek].",
    "Ik [beloof|doe] [mijn best|altijd mijn best|niets dat ik niet kan waarmaken].",
    "[Een kans|Een eerste stap|Een proefdag] is [alles wat ik vraag|genoeg|waar ik op hoop].",
    "Ik [ben|sta] [klaar|paraat] [om te beginnen|voor een nieuwe start|voor uw team].",
    "[Wie weet|Misschien] [tot binnenkort|tot snel|zien we elkaar snel]!",
    "[Dank|Bedankt] [om dit te lezen|voor uw tijd|voor het lezen].",
    "Ik [zal|wil] [mijn plaats verdienen|het waard zijn|tonen dat ik het kan].",
    "[Laten we|Laat ons] [kennismaken|eens praten|een proefdag afspreken].",
    "[Ik hoop|Hopelijk] [tot snel|horen we elkaar|tot op de werkvloer].",
    "[Ik kan|Ik wil] [meteen|snel|morgen al] [beginnen|starten], als {eigenschap} [collega|kracht|medewerker].",
    "[Een proefdag|Een kennismaking|Een gesprek] [zou ik|zou ik echt] [fijn|heel fijn|een mooie kans] vinden.",
    "[Wie mij kiest|Wie mij een kans geeft], [kiest voor|krijgt] iemand die {eigenschap} is.",
    "[Aarzel niet|Twijfel niet] om [mijn coach|mijn begeleider|de organisatie] te [contacteren|vragen naar mij].",
    "Ik [zie|kijk] [uit naar|vol goede moed naar] [een nieuwe start|mijn volgende job|wat komt].",
    "[Zin om kennis te maken|Klinkt dit goed|Past dit bij uw team]? [Laat het weten|Vraag een gesprek aan|Ik hoor het graag].",
    "[Mijn inzet|Mijn motivatie|Mijn goede wil] [is groot|staat vast|krijgt u er gratis bij].",
    "[Voor mij|Bij mij] [telt|geldt]: [afspraak is afspraak|eerst werken, dan praten|samen sterk].",
    "Ik [breng|neem] [goede zin|energie|rust|ervaring] mee naar [uw team|de werkvloer|iedere dienst].",
    "[Werk|Een job] in {plek} [zou een droom zijn|zou me blij maken|is wat ik zoek].",
    "[Ik ben|Ik blijf] [positief|hoopvol|vastberaden] en [geef niet op|zoek verder|blijf leren].",
    "[Graag tot|Hopelijk tot|Tot] [ziens|binnenkort|een volgende keer]!",
];

/// Qualities, for `{eigenschap}`.
const QUALITIES: &[&str] = &[
    "betrouwbaar",
    "stipt",
    "flexibel",
    "geduldig",
    "leergierig",
    "behulpzaam",
    "nauwkeurig",
    "eerlijk",
    "vriendelijk",
    "rustig",
    "sociaal",
    "zelfstandig",
    "praktisch",
    "gemotiveerd",
    "sterk",
    "handig",
    "creatief",
    "netjes",
    "loyaal",
    "positief",
    "zorgzaam",
    "doortastend",
    "bescheiden",
    "stressbestendig",
    "oplettend",
    "ordelijk",
    "taakgericht",
    "klantvriendelijk",
    "hulpvaardig",
    "volhardend",
    "beleefd",
    "energiek",
    "georganiseerd",
    "kalm",
    "opgewekt",
    "plichtsbewust",
    "trouw",
    "vlot",
    "precies",
    "nieuwsgierig",
    "standvastig",
    "inventief",
    "attent",
    "correct",
];

/// Tasks, for `{taak}`.
const TASKS: &[&str] = &[
    "bestellingen klaarmaken",
    "rekken aanvullen",
    "paletten stapelen",
    "pakjes scannen",
    "dozen inpakken",
    "groenten snijden",
    "afwassen",
    "tafels dekken",
    "klanten onthalen",
    "de kassa doen",
    "kantoren poetsen",
    "ramen wassen",
    "vloeren dweilen",
    "hagen snoeien",
    "gras maaien",
    "bladeren ruimen",
    "muren schilderen",
    "tegels leggen",
    "kleine herstellingen doen",
    "onderdelen monteren",
    "producten controleren",
    "machines bedienen",
    "afval sorteren",
    "kledij strijken",
    "lakens plooien",
    "broodjes smeren",
    "soep maken",
    "koffie zetten",
    "de telefoon opnemen",
    "gegevens invoeren",
    "facturen ordenen",
    "leveringen rondbrengen",
    "meubels verhuizen",
    "de voorraad tellen",
    "etiketten kleven",
    "fietsen herstellen",
    "ouderen helpen bij het eten",
    "kinderen opvangen",
    "bedden opmaken",
    "boodschappen doen",
    "software testen",
    "computers installeren",
    "de helpdesk bemannen",
    "cijfers nakijken",
    "brood bakken",
    "deeg kneden",
    "vis schoonmaken",
    "planten verpotten",
    "bloemen schikken",
    "auto's wassen",
    "banden wisselen",
    "hout zagen",
    "kasten monteren",
    "kabels trekken",
    "lassen",
    "metselen",
    "voegen",
    "behangen",
    "pakketten sorteren",
    "retouren verwerken",
];

/// Workplaces, for `{plek}`.
const PLACES: &[&str] = &[
    "een magazijn",
    "een bakkerij",
    "een rusthuis",
    "een school",
    "een ziekenhuis",
    "een hotel",
    "een restaurant",
    "een grootkeuken",
    "een supermarkt",
    "een kledingzaak",
    "een tuincentrum",
    "een drukkerij",
    "een garage",
    "een distributiecentrum",
    "een fabriek",
    "een wasserij",
    "een kinderopvang",
    "een kantoor",
    "een callcenter",
    "een bouwbedrijf",
    "een schrijnwerkerij",
    "een slagerij",
    "een brouwerij",
    "een kwekerij",
    "een boerderij",
    "een recyclagepark",
    "een sporthal",
    "een zwembad",
    "een bibliotheek",
    "een kringwinkel",
    "een fietsenwinkel",
    "een dierenasiel",
    "een woonzorgcentrum",
    "een dagcentrum",
    "een jeugdherberg",
    "een camping",
    "een veiling",
    "een koffiebar",
    "een frituur",
    "een broodjeszaak",
    "een pizzeria",
    "een catering",
    "een schoonmaakbedrijf",
    "een verhuisfirma",
    "een koeriersdienst",
    "een webwinkel",
    "een apotheek",
    "een bloemenwinkel",
    "een schoenwinkel",
];

/// Pastimes, for `{hobby}`.
const PASTIMES: &[&str] = &[
    "voetballen",
    "fietsen",
    "wandelen",
    "zwemmen",
    "koken",
    "bakken",
    "lezen",
    "tekenen",
    "schilderen",
    "tuinieren",
    "vissen",
    "dansen",
    "zingen",
    "gitaar spelen",
    "schaken",
    "puzzelen",
    "knutselen",
    "naaien",
    "breien",
    "fotograferen",
    "lopen",
    "boksen",
    "basketballen",
    "volleyballen",
    "klimmen",
    "kaarten",
    "gamen",
    "sleutelen aan brommers",
    "met de hond gaan wandelen",
    "films kijken",
    "muziek maken",
    "kamperen",
    "vogels kijken",
    "houtbewerken",
    "moestuinieren",
    "yoga",
    "tafeltennis",
    "badminton",
    "petanque",
    "kruiswoordraadsels oplossen",
];

/// Moments, for `{moment}`.
const MOMENTS: &[&str] = &[
    "'s ochtends",
    "'s avonds",
    "in het weekend",
    "na het werk",
    "op zondag",
    "op woensdagmiddag",
    "in de zomer",
    "in de winter",
    "tijdens de vakantie",
    "iedere week",
    "af en toe",
    "zo vaak als ik kan",
    "bijna iedere dag",
];

/// The lists `{name}` slots draw from.
fn slot(name: &str) -> &'static [&'static str] {
    match name {
        "eigenschap" => QUALITIES,
        "taak" => TASKS,
        "plek" => PLACES,
        "hobby" => PASTIMES,
        _ => MOMENTS,
    }
}

/// Replaces every `[a|b|c]` in `template` by one of its alternatives and every `{name}` by a word
/// from that list.
fn vary(template: &str, rng: &mut impl Rng, out: &mut String) {
    let mut rest = template;
    while let Some(open) = rest.find(['[', '{']) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let slot_name = rest[open..].starts_with('{');
        let close = after.find(if slot_name { '}' } else { ']' }).unwrap_or(after.len());
        if slot_name {
            out.push_str(slot(&after[..close]).choose(rng).copied().unwrap_or_default());
        } else {
            let options: Vec<&str> = after[..close].split('|').collect();
            out.push_str(options.choose(rng).copied().unwrap_or_default());
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
}

/// A second clause some sentences get, before their full stop.
const ADDITIONS: &[&str] = &[
    ", al ben ik ook {eigenschap}",
    ", en {taak} lukt me [ook|evengoed|prima]",
    ", [vooral|zeker|liefst] {moment}",
    " en [dat|het] [merk je|zie je|voel je] [meteen|snel|aan alles]",
    ", en ik ben {eigenschap}",
    ", want ik ben {eigenschap} en {eigenschap}",
    "; {taak} doe ik ook graag",
    ", zoals ik deed in {plek}",
    ", ook {moment}",
    ", en {moment} ga ik {hobby}",
    ", net als {taak} of {taak}",
    "; in {plek} zou ik me thuis voelen",
];

/// One composed pitch: an opening, then some of what they did, what they want, a personal detail
/// and a closing (each part is left out now and then, and want may come before did), at most
/// [`MAX_PITCH`] characters.
pub fn pitch(rng: &mut impl Rng) -> String {
    let mut parts: Vec<&[&str]> = vec![OPENINGS];
    let (did, want) = (rng.gen_bool(0.8), rng.gen_bool(0.85));
    if rng.gen_bool(0.3) {
        parts.extend(want.then_some(WANT).into_iter().chain(did.then_some(DID)));
    } else {
        parts.extend(did.then_some(DID).into_iter().chain(want.then_some(WANT)));
    }
    if rng.gen_bool(0.5) {
        parts.push(PERSONAL);
    }
    if rng.gen_bool(0.45) {
        parts.push(CLOSING);
    }
    let mut text = String::new();
    for part in parts {
        let mut sentence = String::new();
        vary(part.choose(rng).copied().unwrap_or_default(), rng, &mut sentence);
        if sentence.ends_with('.') && rng.gen_bool(0.5) {
            sentence.pop();
            vary(ADDITIONS.choose(rng).copied().unwrap_or_default(), rng, &mut sentence);
            sentence.push('.');
        }
        if let Some(first) = sentence.chars().next().filter(|c| c.is_lowercase()) {
            sentence.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
        }
        if text.chars().count() + 1 + sentence.chars().count() > MAX_PITCH {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&sentence);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashSet;
    use std::io::Write as _;
    use talentbrug_core::profile::Pitch;
    use talentbrug_core::{Gazetteer, Place};
    use talentbrug_publish::{scan, Identity};

    /// Hand-written pitches as coaches write them (invented people), the reference for how Dutch
    /// prose compresses.
    const REFERENCE: &[&str] = &[
        "Ik ben een rustige en betrouwbare man die graag met zijn handen werkt. Ik heb enkele jaren in een groot magazijn gestaan en ken het orderpicken met de scanner goed. Nu zoek ik een vaste job in dagdienst, liefst in een klein team waar ik kan bijleren.",
        "Na een lange periode thuis met de kinderen wil ik opnieuw beginnen. Ik kook graag en heb vrijwillig meegeholpen in de keuken van een sociaal restaurant. Ik zoek een deeltijdse job als keukenhulp, overdag, zodat ik de kinderen van school kan halen.",
        "Vriendelijk, stipt en niet bang van hard werk. In mijn thuisland was ik lasser en ik wil dat vak hier opnieuw oppakken. Mijn Nederlands gaat iedere week vooruit. Een werkgever die me een kans geeft, krijgt iemand die blijft.",
        "Ik hou van orde en netheid en werk het liefst zelfstandig. Schoonmaken in kantoren of scholen, vroeg in de ochtend of 's avonds, dat past mij. In het weekend fiets ik veel en ik help een oudere buurvrouw met haar boodschappen.",
        "Klanten helpen geeft me energie. Ik heb aan de kassa gestaan in een supermarkt en in een bakkerij, en ik blijf kalm als het druk is. Ik zoek een job in de verkoop met vaste uren; een opleiding op de werkvloer zie ik helemaal zitten.",
        "Buiten werken is voor mij het mooiste wat er is. Ik volgde een opleiding groenonderhoud en liep stage bij een hovenier, waar ik leerde snoeien en maaien. Ik zoek een ploeg waarin ik kan meedraaien, liefst met een jobcoach in het begin.",
        "Technisch ben ik sterk: thuis herstel ik fietsen en kleine toestellen voor vrienden. Op school leerde ik elektriciteit. Ik zoek werk in onderhoud of productie, waar nauwkeurig werken telt. Geef me een proefdag en ik laat zien wat ik kan.",
        "Ik heb jarenlang voor mijn moeder gezorgd en weet wat geduld en zorg betekenen. Nu wil ik dat gebruiken in de thuiszorg of in een woonzorgcentrum. Ik werk graag met ouderen, luister goed en ben eerlijk. Ik kijk ernaar uit u te ontmoeten.",
    ];

    fn gzipped(text: &str) -> usize {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(text.as_bytes()).expect("gzip in memory");
        gz.finish().expect("gzip in memory").len()
    }

    /// Compressed bytes over raw bytes of pitches joined by newlines, as they sit in a tile.
    fn ratio(pitches: &[String]) -> f64 {
        let joined = pitches.join("\n");
        gzipped(&joined) as f64 / joined.len() as f64
    }

    fn generated(n: usize, seed: u64) -> Vec<String> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n).map(|_| pitch(&mut rng)).collect()
    }

    #[test]
    fn pitches_are_varied_and_compress_like_the_hand_written_ones() {
        let pitches = generated(10_000, 1);
        let distinct = pitches.iter().collect::<HashSet<_>>().len();
        assert!(distinct >= 9_950, "{distinct} distinct of 10,000");
        let reference: Vec<String> = REFERENCE.iter().map(|s| (*s).to_owned()).collect();
        // Same-sized samples: the reference's eight pitches against runs of eight generated ones.
        let reference_ratio = ratio(&reference);
        let samples: Vec<f64> = pitches.chunks(REFERENCE.len()).take(200).map(ratio).collect();
        let sample_ratio = samples.iter().sum::<f64>() / samples.len() as f64;
        // All 10,000 together, as a big tile would hold them.
        let all_ratio = ratio(&pitches);
        let bytes = pitches.iter().map(String::len).sum::<usize>() as f64 / pitches.len() as f64;
        let gz_per_pitch = gzipped(&pitches.join("\n")) as f64 / pitches.len() as f64;
        eprintln!(
            "{distinct} distinct; reference {reference_ratio:.3}; generated, eight at a time {sample_ratio:.3}, all 10,000 {all_ratio:.3}; {bytes:.0} B per pitch, {gz_per_pitch:.1} B gzipped"
        );
        assert!((sample_ratio - reference_ratio).abs() < 0.08, "{sample_ratio:.3} against {reference_ratio:.3}");
        // Sixteen texts repeated compress to a few percent; these to about a sixth (prose in bulk
        // compresses less, to about a third: the README says what that means for the budgets).
        assert!(all_ratio > 0.15, "10,000 pitches compress to {all_ratio:.3} of their bytes");
        assert!(gz_per_pitch > 30.0, "{gz_per_pitch:.1} B gzipped per pitch");
    }

    #[test]
    fn the_same_seed_gives_the_same_pitches() {
        assert_eq!(generated(200, 9), generated(200, 9));
        assert_ne!(generated(200, 9), generated(200, 10));
    }

    #[test]
    fn every_pitch_passes_the_publishers_rules() {
        let identity = Identity {
            given_name: "Sam".into(),
            family_name: "Peeters".into(),
            birth_date: "1990-01-01".into(),
            street: "Kerkstraat 1".into(),
            municipality: "Leuven".into(),
            phone: "0470 12 34 56".into(),
            email: "sam@example.org".into(),
            national_number: "90.01.01-123.45".into(),
        };
        let places: Vec<Place> = Gazetteer.places().step_by(97).collect();
        let mut flagged = Vec::new();
        for (i, text) in generated(3_000, 3).iter().enumerate() {
            assert!(!text.is_empty() && text.chars().count() <= MAX_PITCH, "{text}");
            assert_eq!(text.parse::<Pitch>().expect("a valid pitch").as_str(), text);
            let place = places[i % places.len()];
            let found = scan(text, &identity, place, "SYN-000001");
            if !found.is_empty() {
                flagged.push(format!("{found:?} in {text:?}"));
            }
        }
        assert!(flagged.is_empty(), "{} flagged:\n{}", flagged.len(), flagged.join("\n"));
    }
}
