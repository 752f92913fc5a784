//! A small map-like picture in inline SVG: the employer's postcode in the middle, the radius
//! circle, and the home areas of the shown results (bigger dots for more people). No tiles and
//! no network: positions come from the centroids in the feed and the gazetteer.

use talentbrug_core::gazetteer::Place;
use talentbrug_core::Lang;
use yew::prelude::*;

use crate::criteria::place_label;
use crate::i18n::{self, t, Text};
use crate::state::Hit;

/// What [`reach_map`] draws.
pub struct ReachMapProps {
    /// Language.
    pub lang: Lang,
    /// The employer's place.
    pub origin: Place,
    /// Radius in km.
    pub radius: u32,
    /// The shown results.
    pub hits: Vec<Hit>,
}

/// Size of the square picture in SVG units.
const SIZE: f64 = 200.0;
/// Radius of the circle in SVG units.
const CIRCLE: f64 = 84.0;

/// Projects a point to SVG coordinates around `origin`, `radius_km` mapping to [`CIRCLE`].
pub fn project(origin: &Place, lat: f64, lon: f64, radius_km: f64) -> (f64, f64) {
    let dx = (lon - origin.lon) * 111.32 * origin.lat.to_radians().cos();
    let dy = (lat - origin.lat) * 110.57;
    let scale = CIRCLE / radius_km.max(1.0);
    (SIZE / 2.0 + dx * scale, SIZE / 2.0 - dy * scale)
}

/// A coordinate with one decimal, without float formatting (which costs kilobytes of wasm).
fn tenths(v: f64) -> String {
    let t = (v * 10.0).round() as i64;
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}

/// Home areas of the hits with how many people live there, in first-seen order.
pub fn areas(hits: &[Hit]) -> Vec<(String, f64, f64, usize)> {
    let mut out: Vec<(String, f64, f64, usize)> = Vec::new();
    for hit in hits {
        let a = &hit.profile.area;
        match out.iter_mut().find(|(label, ..)| *label == a.label) {
            Some(entry) => entry.3 += 1,
            None => out.push((a.label.clone(), a.lat, a.lon, 1)),
        }
    }
    out
}

/// The map (a plain function: no state of its own).
pub fn reach_map(props: &ReachMapProps) -> Html {
    let l = props.lang;
    let areas = areas(&props.hits);
    let label = i18n::map_label(l, props.radius, areas.len(), &place_label(&props.origin));
    let r = f64::from(props.radius);
    html! {
        <figure class="tb-map">
            <svg viewBox="0 0 200 200" role="img" aria-label={label.clone()} focusable="false">
                <title>{ label }</title>
                <rect class="tb-map-bg" x="0" y="0" width="200" height="200" rx="12" />
                <circle class="tb-map-radius" cx="100" cy="100" r="84" />
                <circle class="tb-map-ring" cx="100" cy="100" r="42" />
                { for areas.iter().map(|(name, lat, lon, n)| {
                    let (x, y) = project(&props.origin, *lat, *lon, r);
                    let dot = (3.0 + (*n as f64).sqrt() * 2.0).min(10.0);
                    html! {
                        <circle class="tb-map-dot" cx={tenths(x)} cy={tenths(y)} r={tenths(dot)}>
                            <title>{ format!("{name}: {n}") }</title>
                        </circle>
                    }
                }) }
                <circle class="tb-map-you" cx="100" cy="100" r="5" />
                <text class="tb-map-label" x="100" y="119" text-anchor="middle">{ t(l, Text::YouMarker) }</text>
                <text class="tb-map-scale" x="100" y="12" text-anchor="middle">{ i18n::km(props.radius) }</text>
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::resolve;

    #[test]
    fn the_radius_maps_to_the_circle() {
        let origin = resolve("3000").unwrap();
        assert_eq!(project(&origin, origin.lat, origin.lon, 10.0), (100.0, 100.0));
        // 10 km north of the centre lands on the circle's top.
        let (x, y) = project(&origin, origin.lat + 10.0 / 110.57, origin.lon, 10.0);
        assert!((x - 100.0).abs() < 1e-9 && (y - (100.0 - CIRCLE)).abs() < 1e-6, "{x} {y}");
        assert_eq!((tenths(16.04), tenths(-3.25), tenths(0.0)), ("16.0".to_string(), "-3.3".to_string(), "0.0".to_string()));
    }
}
