//! Where the people of `talentbrug demo-feed` live: every postcode of Belgium and the Netherlands
//! in the gazetteer, weighted by population.
//!
//! The gazetteer has no population column, so the proxy is: each province's population (Belgian
//! provinces and Brussels from Statbel, Dutch provinces from CBS, both on 1 January 2024, rounded
//! to thousands; see [`BE_PROVINCES`] and [`NL_PROVINCES`]) shared equally among the province's
//! postcodes. Dutch four-digit postcodes are drawn to hold similar numbers of addresses, so this is
//! close there; Belgian postcodes follow (former) municipalities, so a big city that has a single
//! postcode (9000 Gent) gets less than its share and a rural one more, within its own province.

use rand::Rng;
use talentbrug_core::{Country, Gazetteer, Place};

/// Belgian provinces (and the Brussels-Capital Region) by postcode range, with their population
/// on 1 January 2024 (Statbel, rounded to thousands). Flemish Brabant has two ranges (1500-1999
/// and 3000-3499); its population is split between them by arrondissement (Halle-Vilvoorde
/// 665,000, Leuven 516,000).
pub const BE_PROVINCES: &[(&str, u16, u16, u32)] = &[
    ("Brussels-Capital", 1000, 1299, 1_250_000),
    ("Walloon Brabant", 1300, 1499, 412_000),
    ("Flemish Brabant (Halle-Vilvoorde)", 1500, 1999, 665_000),
    ("Antwerp", 2000, 2999, 1_927_000),
    ("Flemish Brabant (Leuven)", 3000, 3499, 516_000),
    ("Limburg (BE)", 3500, 3999, 888_000),
    ("Liège", 4000, 4999, 1_112_000),
    ("Namur", 5000, 5999, 500_000),
    ("Hainaut (Charleroi)", 6000, 6599, 620_000),
    ("Luxembourg", 6600, 6999, 292_000),
    ("Hainaut (Mons, Tournai)", 7000, 7999, 730_000),
    ("West Flanders", 8000, 8999, 1_227_000),
    ("East Flanders", 9000, 9999, 1_563_000),
];

/// Dutch provinces as the gazetteer names them, with their population on 1 January 2024 (CBS,
/// rounded to thousands). A postcode the gazetteer lists under several provinces counts for the
/// first.
pub const NL_PROVINCES: &[(&str, u32)] = &[
    ("South Holland", 3_826_000),
    ("North Holland", 2_952_000),
    ("North Brabant", 2_642_000),
    ("Guelders", 2_162_000),
    ("Utrecht", 1_401_000),
    ("Overijssel", 1_184_000),
    ("Limburg", 1_128_000),
    ("Friesland", 658_000),
    ("Groningen", 596_000),
    ("Drenthe", 502_000),
    ("Flevoland", 444_000),
    ("Zeeland", 391_000),
];

/// The province a place counts for: an index into [`BE_PROVINCES`], or `BE_PROVINCES.len()` plus
/// an index into [`NL_PROVINCES`].
fn province(place: &Place) -> Option<usize> {
    let number = place.postcode.number();
    match place.postcode.country() {
        Country::Be => BE_PROVINCES.iter().position(|p| (p.1..=p.2).contains(&number)),
        Country::Nl => {
            let first = place.region.split('|').next().unwrap_or_default();
            NL_PROVINCES.iter().position(|p| p.0 == first).map(|i| BE_PROVINCES.len() + i)
        }
    }
}

fn population(province: usize) -> u32 {
    BE_PROVINCES.get(province).map(|p| p.3).unwrap_or_else(|| NL_PROVINCES[province - BE_PROVINCES.len()].1)
}

/// Every gazetteer postcode with its share of the population, to draw people from.
pub struct Population {
    places: Vec<Place>,
    /// Running total of the weights (people), for a binary search.
    cumulative: Vec<u64>,
}

impl Population {
    /// Both countries, by the proxy in the [module documentation](self).
    pub fn benelux() -> Population {
        let all: Vec<(Place, usize)> = Gazetteer.places().filter_map(|p| province(&p).map(|i| (p, i))).collect();
        let mut postcodes = vec![0u64; BE_PROVINCES.len() + NL_PROVINCES.len()];
        for (_, i) in &all {
            postcodes[*i] += 1;
        }
        let mut total = 0;
        let mut places = Vec::with_capacity(all.len());
        let mut cumulative = Vec::with_capacity(all.len());
        for (place, i) in all {
            total += u64::from(population(i)) / postcodes[i];
            places.push(place);
            cumulative.push(total);
        }
        Population { places, cumulative }
    }

    /// How many postcodes people are drawn from.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether there are none (never, with the built-in gazetteer).
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The people the proxy puts in all places together.
    pub fn total(&self) -> u64 {
        self.cumulative.last().copied().unwrap_or(0)
    }

    /// A place drawn with probability proportional to its population.
    pub fn pick(&self, rng: &mut impl Rng) -> Place {
        let r = rng.gen_range(0..self.total());
        let i = self.cumulative.partition_point(|&c| c <= r);
        self.places[i.min(self.places.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use talentbrug_core::reach::haversine_km as distance_km;

    #[test]
    fn every_postcode_counts_and_the_totals_match_the_statistics() {
        let population = Population::benelux();
        assert_eq!(population.len(), Gazetteer.len(), "every gazetteer postcode has a province");
        // The provinces' populations, less what dividing them among postcodes rounds off.
        let listed: u64 = BE_PROVINCES.iter().map(|p| u64::from(p.3)).chain(NL_PROVINCES.iter().map(|p| u64::from(p.1))).sum();
        assert!((29_500_000..=29_800_000).contains(&listed), "{listed}");
        let total = population.total();
        assert!(total <= listed && total + 10_000 > listed, "{total} of {listed}");
    }

    #[test]
    fn people_are_spread_over_both_countries_by_population() {
        let population = Population::benelux();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let people: Vec<Place> = (0..100_000).map(|_| population.pick(&mut rng)).collect();
        let belgians = people.iter().filter(|p| p.postcode.country() == Country::Be).count();
        // Belgium holds 11.76 of the 29.70 million: 39.6 %.
        assert!((38_500..=40_700).contains(&belgians), "{belgians}");
        let walloons = people.iter().filter(|p| p.region == "Wallonie").count();
        assert!((10_500..=13_500).contains(&walloons), "{walloons}");
        let frisians = people.iter().filter(|p| p.region.starts_with("Friesland")).count();
        assert!((1_800..=2_700).contains(&frisians), "{frisians}");
        // Every province has people.
        for (name, ..) in NL_PROVINCES {
            assert!(people.iter().any(|p| p.region.starts_with(name)), "{name}");
        }
        let leuven = Gazetteer.get("BE-3000".parse().unwrap());
        let near = people.iter().filter(|p| distance_km(p.lat, p.lon, leuven.lat, leuven.lon) <= 25.0).count();
        assert!((5_000..=12_000).contains(&near), "within 25 km of Leuven: {near} of 100,000");
    }

    #[test]
    fn the_same_seed_draws_the_same_places() {
        let population = Population::benelux();
        let draw = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            (0..50).map(|_| population.pick(&mut rng).postcode).collect::<Vec<_>>()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
    }
}
