//! The score of a match, 0-100, from soft criteria only.
//!
//! Hard filters decide *whether* a profile matches; the score orders the matches. It rewards
//! wanted talents (40 points), wanted strengths (20), workplace needs the employer can meet (10),
//! nearness within the employer's radius (20) and being available now (10). Nothing else exists
//! in the profile to rank on, so no protected characteristic can influence the order.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::score::{score, ScoreInput};
//!
//! let base = ScoreInput { talents: (0, 0), strengths: (0, 0), needs: None, distance_km: 5.0, radius_km: 10.0, available_now: false };
//! // Halfway to the radius: half of the 20 nearness points.
//! assert_eq!(score(&base), 10);
//! // 3 of 4 wanted talents: 30 of 40 points more.
//! assert_eq!(score(&ScoreInput { talents: (3, 4), ..base }), 40);
//! // Everything wanted, next door, available now.
//! let best = ScoreInput { talents: (4, 4), strengths: (2, 2), needs: Some((1, 1)), distance_km: 0.0, available_now: true, ..base };
//! assert_eq!(score(&best), 100);
//! ```

/// What the score is computed from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreInput {
    /// Wanted talents the person has, and how many were wanted.
    pub talents: (u32, u32),
    /// Wanted strengths the person has, and how many were wanted.
    pub strengths: (u32, u32),
    /// Needs the employer meets and the person's needs, when the employer said what they offer.
    pub needs: Option<(u32, u32)>,
    /// Distance in km.
    pub distance_km: f64,
    /// The employer's radius in km.
    pub radius_km: f64,
    /// Whether the person can start this month.
    pub available_now: bool,
}

/// Points for a share `part / whole` of `weight`, rounded down; nothing asked gives nothing.
#[inline]
fn share(weight: u32, (part, whole): (u32, u32)) -> u32 {
    (weight * part.min(whole)).checked_div(whole).unwrap_or(0)
}

/// `v.round() as u32` for `0 <= v < 2^32` (halves up), in integer conversions and one exact
/// subtraction: `f64::round` is a library call on baseline x86-64 and in wasm, once per match.
#[inline]
fn round_half_up(v: f64) -> u32 {
    let whole = v as u32;
    if v - f64::from(whole) >= 0.5 {
        whole + 1
    } else {
        whole
    }
}

/// Points for nearness, 0-20 once clamped.
pub(crate) const NEARNESS_POINTS: f64 = 20.0;

/// The nearness points before rounding and clamping: [`NEARNESS_POINTS`] at the employer's
/// postcode, falling linearly to 0 at the radius. The search reads its rounding steps from it.
#[inline]
pub(crate) fn nearness_points(distance_km: f64, radius_km: f64) -> f64 {
    NEARNESS_POINTS * (1.0 - distance_km / radius_km)
}

/// The score, 0-100. Deterministic and monotone in each criterion.
#[inline]
pub fn score(input: &ScoreInput) -> u32 {
    share(40, input.talents) + share(20, input.strengths) + rest(input)
}

/// The points for needs, nearness and availability: [`score`] without the shares of wanted
/// talents and strengths.
#[inline]
fn rest(input: &ScoreInput) -> u32 {
    rest_at(input, nearness_points(input.distance_km, input.radius_km))
}

/// [`rest`] with the input's [`nearness_points`] already worked out.
#[inline]
fn rest_at(input: &ScoreInput, points: f64) -> u32 {
    let needs = match input.needs {
        Some((_, 0)) => 10,
        Some(needs) => share(10, needs),
        None => 0,
    };
    let nearness = if input.radius_km > 0.0 { round_half_up(points.clamp(0.0, NEARNESS_POINTS)) } else { 0 };
    needs + nearness + if input.available_now { 10 } else { 0 }
}

/// [`score`] for the many matches of one query, whose wanted talents and strengths are the same
/// for all: their shares are looked up by the number matched instead of divided per match.
#[derive(Clone, Debug)]
pub(crate) struct Scorer {
    /// `share(40, (matched, wanted talents))` for 0-64 matched.
    talents: [u8; 65],
    /// `share(20, (matched, wanted strengths))` for 0-64 matched.
    strengths: [u8; 65],
}

impl Scorer {
    /// The scorer for a query that wants this many talents and strengths.
    pub(crate) fn new(talents_wanted: u32, strengths_wanted: u32) -> Scorer {
        let shares = |weight: u32, wanted: u32| core::array::from_fn(|matched| share(weight, (matched as u32, wanted)) as u8);
        Scorer { talents: shares(40, talents_wanted), strengths: shares(20, strengths_wanted) }
    }

    /// `score(input)`, for an input with the wanted counts this scorer was made for.
    #[cfg(test)]
    pub(crate) fn score(&self, input: &ScoreInput) -> u32 {
        self.score_at(input, nearness_points(input.distance_km, input.radius_km))
    }

    /// `score(input)` when the caller has the input's `nearness_points(distance_km, radius_km)`
    /// already (the search works them out to decide whether the distance is exact enough).
    #[inline]
    pub(crate) fn score_at(&self, input: &ScoreInput, nearness_points: f64) -> u32 {
        let at = |shares: &[u8; 65], matched: u32| u32::from(shares[(matched as usize).min(64)]);
        at(&self.talents, input.talents.0) + at(&self.strengths, input.strengths.0) + rest_at(input, nearness_points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn base() -> ScoreInput {
        ScoreInput { talents: (0, 0), strengths: (0, 0), needs: None, distance_km: 5.0, radius_km: 10.0, available_now: false }
    }

    #[test]
    fn weights() {
        assert_eq!(score(&base()), 10);
        assert_eq!(score(&ScoreInput { talents: (3, 4), ..base() }), 40);
        assert_eq!(
            score(&ScoreInput { talents: (4, 4), strengths: (2, 2), needs: Some((0, 0)), distance_km: 0.0, available_now: true, ..base() }),
            100
        );
    }

    #[test]
    fn halves_round_up() {
        for (v, r) in [(0.0, 0), (0.49999999999999994, 0), (0.5, 1), (1.5, 2), (2.5, 3), (19.499999999999996, 19), (20.0, 20)] {
            assert_eq!(round_half_up(v), r, "{v}");
        }
    }

    proptest! {
        #[test]
        fn the_scorer_scores_as_score(
            t in 0u32..=64, tw in 0u32..=64, s in 0u32..=64, sw in 0u32..=64, needs in proptest::option::of((0u32..12, 0u32..12)),
            d in 0.0f64..40.0, r in 0.5f64..40.0, now: bool,
        ) {
            let input = ScoreInput { talents: (t, tw), strengths: (s, sw), needs, distance_km: d, radius_km: r, available_now: now };
            prop_assert_eq!(Scorer::new(tw, sw).score(&input), score(&input));
        }

        #[test]
        fn round_half_up_is_round(v in 0.0f64..100.0) {
            prop_assert_eq!(round_half_up(v), v.round() as u32);
        }

        #[test]
        fn more_matched_talents_never_lower_the_score(m in 0u32..10, w in 1u32..10, d in 0.0f64..10.0) {
            let m = m.min(w);
            let lo = score(&ScoreInput { talents: (m, w), distance_km: d, ..base() });
            let hi = score(&ScoreInput { talents: ((m + 1).min(w), w), distance_km: d, ..base() });
            prop_assert!(hi >= lo);
        }

        #[test]
        fn nearer_never_scores_lower(d1 in 0.0f64..10.0, d2 in 0.0f64..10.0) {
            let (near, far) = if d1 <= d2 { (d1, d2) } else { (d2, d1) };
            let (n, f) = (score(&ScoreInput { distance_km: near, ..base() }), score(&ScoreInput { distance_km: far, ..base() }));
            prop_assert!(n >= f);
        }

        #[test]
        fn score_is_at_most_100(t in 0u32..30, tw in 0u32..30, s in 0u32..30, sw in 0u32..30, d in 0.0f64..100.0, now: bool) {
            let input = ScoreInput { talents: (t, tw), strengths: (s, sw), needs: Some((1, 2)), distance_km: d, radius_km: 25.0, available_now: now };
            prop_assert!(score(&input) <= 100);
        }
    }
}
