//! A small map in inline SVG that tells where: the employer's place in the middle, the radius
//! circle, a scale bar, and the shown results' home areas as clusters with their counts and
//! names (written where there is room, else shown on hover and keyboard focus), plus the same
//! as a list for screen readers. No tiles and no network: positions come from the centroids
//! in the feed and the gazetteer; the layout is [`crate::map_layout`].

use talentbrug_core::gazetteer::Place;
use talentbrug_core::Lang;
use yew::prelude::*;

use crate::criteria::place_label;
use crate::i18n::{self, t, Text};
use crate::map_layout::{self, Area, Cluster, Rect, LABEL_H, SIZE};
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

/// A coordinate with one decimal, without float formatting (which costs kilobytes of wasm).
fn tenths(v: f64) -> String {
    let t = (v * 10.0).round() as i64;
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}

/// Home areas of the hits, projected, with how many people live there.
pub fn areas(origin: &Place, radius: u32, hits: &[Hit]) -> Vec<Area> {
    let mut out: Vec<Area> = Vec::new();
    for hit in hits {
        let a = &hit.profile.area;
        match out.iter_mut().find(|area| area.name == a.label) {
            Some(area) => area.count += 1,
            None => {
                let (x, y) = map_layout::project((origin.lat, origin.lon), a.lat, a.lon, f64::from(radius));
                out.push(Area { name: a.label.clone(), x, y, count: 1 });
            }
        }
    }
    out
}

/// The box of a label centred under the middle of the map.
fn place_box(name: &str) -> Rect {
    let w = map_layout::text_width(name);
    Rect { x0: (SIZE - w) / 2.0, y0: 113.0, x1: (SIZE + w) / 2.0, y1: 113.0 + LABEL_H }
}

/// The map (a plain function: no state of its own).
pub fn reach_map(props: &ReachMapProps) -> Html {
    let l = props.lang;
    let place = place_label(&props.origin);
    let mut clusters = map_layout::cluster(areas(&props.origin, props.radius, &props.hits));
    let name = props.origin.name;
    let (place_at, bar) = (place_box(name), map_layout::scale_length(props.radius));
    let scale_text = i18n::km(map_layout::scale_km(props.radius));
    let scale_box = Rect { x0: 6.0, y0: 176.0, x1: 14.0 + bar.max(map_layout::text_width(&scale_text)), y1: 194.0 };
    map_layout::place_labels(&mut clusters, vec![Rect::around(100.0, 100.0, 13.0), place_at, scale_box]);
    let label = i18n::map_label(l, props.radius, clusters.len(), &place);
    let names: Vec<String> = clusters.iter().map(|c| i18n::map_area(l, &c.names.join(", "), c.count)).collect();
    html! {
        <figure class="tb-map">
            <svg viewBox="0 0 200 200" role="group" aria-label={label}>
                <rect class="tb-map-bg" x="0" y="0" width="200" height="200" rx="12" />
                <circle class="tb-map-radius" cx="100" cy="100" r="84" />
                <circle class="tb-map-ring" cx="100" cy="100" r="42" />
                <circle class="tb-map-you" cx="100" cy="100" r="12" />
                { for clusters.iter().zip(&names).map(|(c, name)| cluster_view(c, name)) }
                <text class="tb-map-label tb-map-place" x="100" y={tenths(place_at.y1 - 2.5)} text-anchor="middle">{ name }</text>
                <g class="tb-map-scale" aria-hidden="true">
                    <path d={format!("M10 185v3h{}v-3", tenths(bar))} />
                    <text class="tb-map-label" x="10" y="182">{ scale_text }</text>
                </g>
            </svg>
            <ul class="tb-sr" aria-label={t(l, Text::MapPlaces)}>
                { for names.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
            </ul>
        </figure>
    }
}

/// One cluster: a dot with its count, its name beside it when there was room, else shown on
/// hover and focus (above the dot, kept inside the picture); focusable, named for screen
/// readers.
fn cluster_view(c: &Cluster, name: &str) -> Html {
    let r = c.radius();
    let (class, x, y) = match c.label {
        Some(b) => ("tb-map-label tb-map-name", b.x0 + 2.0, b.y1 - 2.5),
        None => {
            let w = map_layout::text_width(&c.short_name());
            ("tb-map-label tb-map-name tb-map-hover", c.x.clamp(w / 2.0 + 2.0, SIZE - w / 2.0 - 2.0) - w / 2.0 + 2.0, c.y - r - 3.0)
        }
    };
    html! {
        <g class="tb-map-c" tabindex="0" role="img" aria-label={name.to_owned()}>
            <circle class="tb-map-dot" cx={tenths(c.x)} cy={tenths(c.y)} r={tenths(r)} />
            <text class="tb-map-n" x={tenths(c.x)} y={tenths(c.y + 3.0)} text-anchor="middle">{ c.count.to_string() }</text>
            <text class={class} x={tenths(x)} y={tenths(y.max(LABEL_H))}>{ c.short_name() }</text>
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_have_one_decimal() {
        assert_eq!((tenths(16.04), tenths(-3.25), tenths(0.0)), ("16.0".to_string(), "-3.3".to_string(), "0.0".to_string()));
        let b = place_box("Leuven");
        assert!((b.x0 + b.x1 - SIZE).abs() < 1e-9 && b.y0 > 112.0);
    }
}
