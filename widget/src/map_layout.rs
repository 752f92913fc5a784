//! Where things go on the reach map, in SVG units of a 200 x 200 picture: the results' home
//! areas merged into clusters where their dots would touch, a scale bar of a round length,
//! and labels placed greedily so that no two overlap (and none covers a dot or the scale).
//! Pure and deterministic, so it is tested natively.

/// Size of the square picture.
pub const SIZE: f64 = 200.0;
/// Radius of the reach circle.
pub const CIRCLE: f64 = 84.0;
/// Height of a label box.
pub const LABEL_H: f64 = 11.0;
/// Clusters closer than this (centre to centre) are merged.
const MERGE: f64 = 12.0;

/// An axis-aligned box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl Rect {
    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether `self` lies inside `outer`.
    fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.y0 >= outer.y0 && self.x1 <= outer.x1 && self.y1 <= outer.y1
    }

    /// The box around a circle.
    pub fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect { x0: x - r, y0: y - r, x1: x + r, y1: y + r }
    }
}

/// One home area of the results, projected.
#[derive(Clone, Debug)]
pub struct Area {
    /// Its name.
    pub name: String,
    /// Position.
    pub x: f64,
    /// Position.
    pub y: f64,
    /// People shown who live there.
    pub count: usize,
}

/// Areas drawn as one dot.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Names of its areas, the one with most people first.
    pub names: Vec<String>,
    /// Position (of its biggest area).
    pub x: f64,
    /// Position.
    pub y: f64,
    /// People in all its areas.
    pub count: usize,
    /// Where its name is written, when there was room.
    pub label: Option<Rect>,
}

impl Cluster {
    /// The name written beside the dot: its biggest area's, "+ n" for the others.
    pub fn short_name(&self) -> String {
        match self.names.len() {
            0 | 1 => self.names.concat(),
            n => format!("{} +{}", self.names[0], n - 1),
        }
    }

    /// The dot's radius: bigger for more people, room for the count inside.
    pub fn radius(&self) -> f64 {
        (5.5 + (self.count as f64).sqrt()).min(10.0)
    }
}

/// Projects `(lat, lon)` around `origin` so that `radius_km` maps to [`CIRCLE`], kept inside
/// the picture.
pub fn project(origin: (f64, f64), lat: f64, lon: f64, radius_km: f64) -> (f64, f64) {
    let dx = (lon - origin.1) * 111.32 * origin.0.to_radians().cos();
    let dy = (lat - origin.0) * 110.57;
    let scale = CIRCLE / radius_km.max(1.0);
    let clamp = |v: f64| v.clamp(8.0, SIZE - 8.0);
    (clamp(SIZE / 2.0 + dx * scale), clamp(SIZE / 2.0 - dy * scale))
}

/// Merges areas into clusters, the biggest first: an area joins the first cluster closer than
/// `MERGE`, else starts its own. Ties are broken by name, so the result does not depend on
/// the input order.
pub fn cluster(mut areas: Vec<Area>) -> Vec<Cluster> {
    insertion_sort(&mut areas, |a, b| (b.count, &a.name) < (a.count, &b.name));
    let mut out: Vec<Cluster> = Vec::new();
    for a in areas {
        match out.iter_mut().find(|c| (c.x - a.x).powi(2) + (c.y - a.y).powi(2) < MERGE * MERGE) {
            Some(c) => {
                c.count += a.count;
                c.names.push(a.name);
            }
            None => out.push(Cluster { names: vec![a.name], x: a.x, y: a.y, count: a.count, label: None }),
        }
    }
    insertion_sort(&mut out, |a, b| (b.count, &a.names[0]) < (a.count, &b.names[0]));
    out
}

/// Sorts a few items, stably; `before(a, b)` says that `a` goes first.
/// (The standard library's sort compiles to kilobytes of wasm per item type; a map has at
/// most a few dozen areas.)
fn insertion_sort<T>(items: &mut [T], before: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && before(&items[j], &items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Estimated width of `text` at the map's label size (9 px, bold).
pub fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 5.6 + 4.0
}

/// Where a label of `width` may go next to a dot at `(x, y)` of radius `r`: right, left,
/// above, below.
fn candidates(x: f64, y: f64, r: f64, width: f64) -> [Rect; 4] {
    let h = LABEL_H;
    [
        Rect { x0: x + r + 1.0, y0: y - h / 2.0, x1: x + r + 1.0 + width, y1: y + h / 2.0 },
        Rect { x0: x - r - 1.0 - width, y0: y - h / 2.0, x1: x - r - 1.0, y1: y + h / 2.0 },
        Rect { x0: x - width / 2.0, y0: y - r - 1.0 - h, x1: x + width / 2.0, y1: y - r - 1.0 },
        Rect { x0: x - width / 2.0, y0: y + r + 1.0, x1: x + width / 2.0, y1: y + r + 1.0 + h },
    ]
}

/// Gives each cluster, biggest first, the first candidate place for its label that stays in
/// the picture and overlaps no placed label, no dot and nothing in `taken` (the marker, the
/// place name, the scale bar); a cluster without room keeps `label: None` (its name shows on
/// hover and focus).
pub fn place_labels(clusters: &mut [Cluster], mut taken: Vec<Rect>) {
    let bounds = Rect { x0: 2.0, y0: 2.0, x1: SIZE - 2.0, y1: SIZE - 2.0 };
    let dots: Vec<Rect> = clusters.iter().map(|c| Rect::around(c.x, c.y, c.radius())).collect();
    for c in clusters.iter_mut() {
        let width = text_width(&c.short_name());
        // Next to the dot, else a little further out (clear of the marker in the middle).
        c.label = candidates(c.x, c.y, c.radius(), width)
            .into_iter()
            .chain(candidates(c.x, c.y, c.radius() + 8.0, width))
            .find(|b| b.inside(&bounds) && !taken.iter().chain(&dots).any(|t| t.overlaps(b)));
        taken.extend(c.label);
    }
}

/// A round scale length in km for a map of `radius_km`: the largest of 1, 2, 5, 10, 20, 25,
/// 50, 100 that is at most half the radius (1 km for the smallest radii).
pub fn scale_km(radius_km: u32) -> u32 {
    [100, 50, 25, 20, 10, 5, 2, 1].into_iter().find(|&k| 2 * k <= radius_km).unwrap_or(1)
}

/// The scale bar's length in SVG units.
pub fn scale_length(radius_km: u32) -> f64 {
    f64::from(scale_km(radius_km)) * CIRCLE / f64::from(radius_km.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(name: &str, x: f64, y: f64, count: usize) -> Area {
        Area { name: name.into(), x, y, count }
    }

    #[test]
    fn close_areas_merge_biggest_first_and_order_does_not_matter() {
        let areas = vec![area("Kessel-Lo", 108.0, 100.0, 2), area("Leuven", 100.0, 100.0, 5), area("Tienen", 180.0, 90.0, 1)];
        let c = cluster(areas.clone());
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].names.clone(), c[0].count, c[0].x), (vec!["Leuven".to_string(), "Kessel-Lo".into()], 7, 100.0));
        assert_eq!((c[1].names[0].as_str(), c[1].count), ("Tienen", 1));
        assert_eq!((c[0].short_name().as_str(), c[1].short_name().as_str()), ("Leuven +1", "Tienen"));
        let mut reversed = areas;
        reversed.reverse();
        assert_eq!(cluster(reversed), c);
    }

    #[test]
    fn labels_avoid_each_other_and_the_taken_places() {
        let mut c = cluster(vec![area("Heverlee", 100.0, 60.0, 3), area("Wilsele", 100.0, 80.0, 3)]);
        let marker = Rect::around(130.0, 60.0, 6.0);
        place_labels(&mut c, vec![marker]);
        let (a, b) = (c[0].label.expect("room"), c[1].label.expect("room"));
        assert!(!a.overlaps(&b) && !a.overlaps(&marker) && !b.overlaps(&marker), "{a:?} {b:?}");
        // Heverlee's right side is taken by the marker: it goes left.
        assert!(c.iter().any(|c| c.names[0] == "Heverlee" && c.label.unwrap().x1 < 100.0));
    }

    #[test]
    fn the_scale_is_round_and_fits_half_the_radius() {
        assert_eq!([2, 5, 10, 15, 25, 50, 100].map(scale_km), [1, 2, 5, 5, 10, 25, 50]);
        assert!((scale_length(10) - CIRCLE / 2.0).abs() < 1e-9);
        assert_eq!(project((50.0, 4.0), 50.0, 4.0, 10.0), (100.0, 100.0));
        let (_, y) = project((50.0, 4.0), 50.0 + 10.0 / 110.57, 4.0, 10.0);
        assert!((y - (100.0 - CIRCLE)).abs() < 1e-6, "{y}");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Every pair, compared the naive way.
    fn overlapping_pairs(boxes: &[Rect]) -> usize {
        let mut n = 0;
        for i in 0..boxes.len() {
            for j in i + 1..boxes.len() {
                let (a, b) = (boxes[i], boxes[j]);
                let apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
                n += usize::from(!apart);
            }
        }
        n
    }

    proptest! {
        #[test]
        fn no_two_placed_labels_overlap(
            points in prop::collection::vec((0.0..200.0f64, 0.0..200.0f64, 1usize..40, "[A-Za-z -]{1,24}"), 0..60)
        ) {
            let areas = points.into_iter().map(|(x, y, count, name)| Area { name, x, y, count }).collect();
            let mut clusters = cluster(areas);
            let centre = Rect::around(100.0, 100.0, 6.0);
            place_labels(&mut clusters, vec![centre]);
            let mut boxes: Vec<Rect> = clusters.iter().filter_map(|c| c.label).collect();
            boxes.push(centre);
            prop_assert_eq!(overlapping_pairs(&boxes), 0);
            for c in &clusters {
                for d in &clusters {
                    if let Some(l) = c.label {
                        prop_assert!(!l.overlaps(&Rect::around(d.x, d.y, d.radius())), "a label covers a dot");
                    }
                }
            }
        }
    }
}
