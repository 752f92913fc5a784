//! Coarse areas: one postcode area, or neighbouring postcode areas merged into a larger one
//! ("Leuven e.o.") with the centroid of the people in it, so nobody is pinned to a small place.

use std::collections::BTreeMap;

use talentbrug_core::profile::{Area, MAX_AREA_LABEL};
use talentbrug_core::reach::haversine_km;
use talentbrug_core::{Gazetteer, Place, Postcode};

/// Published centroids of merged areas are rounded to this many degrees (about 100 m), so they
/// carry no more precision than a neighbourhood.
const CENTROID_STEP: f64 = 0.001;

/// Suffix of a merged area's label: "en omgeving".
pub const MERGED_SUFFIX: &str = " e.o.";

/// A fast planar distance in km, accurate to well under 1% at Belgian and Dutch distances.
pub fn approx_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let mean_lat = ((lat1 + lat2) / 2.0).to_radians();
    let dx = (lon2 - lon1) * 111.32 * mean_lat.cos();
    let dy = (lat2 - lat1) * 110.57;
    (dx * dx + dy * dy).sqrt()
}

/// The area of one postcode, as the gazetteer names it.
pub fn postcode_area(postcode: Postcode) -> Area {
    let place = Gazetteer.get(postcode);
    area(place.postcode, place.name.to_owned(), place.lat, place.lon)
}

fn area(postcode: Postcode, label: String, lat: f64, lon: f64) -> Area {
    let label: String = label.chars().take(MAX_AREA_LABEL).collect();
    Area::new(postcode, label, lat, lon).unwrap_or_else(|_| unreachable!("gazetteer places are valid areas"))
}

/// Rounded to [`CENTROID_STEP`], as the double nearest the decimal (`51.047`, not
/// `51.047000000000004`), so it reads back exactly from the private group state.
fn round(x: f64) -> f64 {
    (x / CENTROID_STEP).round() / (1.0 / CENTROID_STEP).round()
}

/// The area that covers every member's place: the postcode area itself when they share one;
/// otherwise a merged area centred on the members (rounded to about 100 m), represented by the
/// member postcode nearest that centre and labelled "<its place> e.o.".
pub fn merged_area(members: &[Place]) -> Option<Area> {
    let first = members.first()?;
    if members.iter().all(|p| p.postcode == first.postcode) {
        return Some(postcode_area(first.postcode));
    }
    let n = members.len() as f64;
    let lat = round(members.iter().map(|p| p.lat).sum::<f64>() / n);
    let lon = round(members.iter().map(|p| p.lon).sum::<f64>() / n);
    let representative = members
        .iter()
        .map(|p| p.postcode)
        .min_by(|a, b| {
            let (pa, pb) = (Gazetteer.get(*a), Gazetteer.get(*b));
            let da = haversine_km(pa.lat, pa.lon, lat, lon);
            let db = haversine_km(pb.lat, pb.lon, lat, lon);
            da.total_cmp(&db).then(a.cmp(b))
        })
        .unwrap_or(first.postcode);
    let name = Gazetteer.get(representative).name;
    Some(area(representative, format!("{name}{MERGED_SUFFIX}"), lat, lon))
}

/// For each place, whether fewer than `k - 1` other people live within `radius_km` of it:
/// such a person cannot be hidden in any area of that size and is held back.
pub fn isolated(places: &[Place], k: usize, radius_km: f64) -> Vec<bool> {
    let mut per_postcode: BTreeMap<Postcode, (usize, f64, f64)> = BTreeMap::new();
    for p in places {
        per_postcode.entry(p.postcode).or_insert((0, p.lat, p.lon)).0 += 1;
    }
    let distinct: Vec<(Postcode, usize, f64, f64)> = per_postcode.into_iter().map(|(pc, (n, lat, lon))| (pc, n, lat, lon)).collect();
    let near: BTreeMap<Postcode, usize> = distinct
        .iter()
        .map(|&(pc, _, lat, lon)| {
            let count = distinct.iter().filter(|d| approx_km(lat, lon, d.2, d.3) <= radius_km).map(|d| d.1).sum();
            (pc, count)
        })
        .collect();
    places.iter().map(|p| near.get(&p.postcode).copied().unwrap_or(0) < k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use talentbrug_core::Country;

    fn be(code: &str) -> Place {
        Gazetteer.resolve(code, Country::Be).unwrap()
    }

    #[test]
    fn one_postcode_keeps_its_own_area() {
        let a = merged_area(&[be("3000"), be("3000")]).unwrap();
        assert_eq!((a.postcode.qualified(), a.label.as_str(), a.lat, a.lon), ("BE-3000".into(), "Leuven", 50.88, 4.701));
        assert!(merged_area(&[]).is_none());
    }

    #[test]
    fn neighbours_merge_into_a_labelled_area_around_them() {
        let members = [be("3000"), be("3000"), be("3010"), be("3001"), be("3012")];
        let a = merged_area(&members).unwrap();
        assert!(a.label.ends_with(" e.o."), "{}", a.label);
        assert!(members.iter().any(|m| m.postcode == a.postcode), "represented by a member postcode");
        for m in &members {
            assert!(haversine_km(m.lat, m.lon, a.lat, a.lon) < 5.0);
        }
        assert_eq!((a.lat * 1000.0).round() / 1000.0, a.lat);
    }

    #[test]
    fn isolation_counts_people_nearby_including_oneself() {
        let mut places = vec![be("3000"); 3];
        places.push(be("3010"));
        places.push(be("8400"));
        let iso = isolated(&places, 4, 10.0);
        assert_eq!(iso, vec![false, false, false, false, true]);
        assert_eq!(isolated(&places, 5, 10.0), vec![true; 5]);
        assert!((approx_km(50.8796, 4.7009, 50.9151, 5.32285) - haversine_km(50.8796, 4.7009, 50.9151, 5.32285)).abs() < 0.3);
    }
}
