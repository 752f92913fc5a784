//! Distance and reach: great-circle distance (haversine, mean Earth radius 6371.0088 km, via
//! `geo`), the unit-vector form used to pre-filter without trigonometry, and distance bands.
//!
//! # Examples
//!
//! ```
//! use talentbrug_core::reach::{arc_km, cos_threshold, haversine_km, DistanceBand, UnitVector};
//!
//! // Leuven to Hasselt.
//! let km = haversine_km(50.8796, 4.7009, 50.9151, 5.32285);
//! assert!((km - 43.8).abs() < 0.05);
//! assert_eq!(DistanceBand::of_km(km).code(), "20+");
//!
//! // The same without trigonometry per pair: a dot product against a precomputed threshold.
//! let (leuven, hasselt) = (UnitVector::from_degrees(50.8796, 4.7009), UnitVector::from_degrees(50.9151, 5.32285));
//! assert!(leuven.dot(hasselt) > cos_threshold(50.0), "closer than 50 km");
//! assert!(leuven.dot(hasselt) < cos_threshold(40.0), "not closer than 40 km");
//! assert!((arc_km(leuven, hasselt).expect("close enough for the chord") - km).abs() < 1e-6);
//! ```

use core::fmt;

use geo::{Distance, Haversine, Point};
use serde::{Serialize, Serializer};

/// Mean Earth radius in km, as used by `geo`'s haversine.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points given in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    Haversine.distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}

/// A point on the unit sphere. The dot product of two unit vectors is the cosine of the angle
/// between them, so "closer than d" becomes one comparison with `cos(d / R)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitVector {
    /// Towards (0° N, 0° E).
    pub x: f64,
    /// Towards (0° N, 90° E).
    pub y: f64,
    /// Towards the north pole.
    pub z: f64,
}

impl UnitVector {
    /// The unit vector of a point given in degrees.
    pub fn from_degrees(lat: f64, lon: f64) -> UnitVector {
        let (lat, lon) = (lat.to_radians(), lon.to_radians());
        UnitVector { x: lat.cos() * lon.cos(), y: lat.cos() * lon.sin(), z: lat.sin() }
    }

    /// Cosine of the central angle between two points.
    #[inline]
    pub fn dot(self, other: UnitVector) -> f64 {
        self.x * other.x + self.y * other.y + self.z * other.z
    }
}

/// Largest difference, in km, between [`arc_km`] and [`haversine_km`] for the same two points.
/// Both are within about 1e-11 km of the true distance (rounding in the unit vectors, the chord
/// and the series, and in `geo`'s haversine); the bound leaves five orders of magnitude to spare.
pub const ARC_KM_ERROR: f64 = 1e-6;

/// Great-circle distance in km between two unit vectors less than about 600 km apart, without
/// trigonometry: half the chord is `sin(angle / 2)`, and `asin` is a short series at that size.
/// Within [`ARC_KM_ERROR`] of [`haversine_km`], so the search ranks and scores most matches with
/// it and needs the haversine only near a boundary; `None` for points further apart.
#[inline]
pub fn arc_km(a: UnitVector, b: UnitVector) -> Option<f64> {
    let (dx, dy, dz) = (a.x - b.x, a.y - b.y, a.z - b.z);
    let x = (dx * dx + dy * dy + dz * dz).sqrt() / 2.0;
    if x > 0.05 {
        return None;
    }
    // asin(x) = x (1 + x²/6 + 3x⁴/40 + 5x⁶/112 + ...); what is left out is below 2e-12 x here.
    let x2 = x * x;
    Some(2.0 * EARTH_RADIUS_KM * x * (1.0 + x2 * (1.0 / 6.0 + x2 * (3.0 / 40.0 + x2 * (5.0 / 112.0)))))
}

/// The dot-product threshold for "closer than `km`": `cos(km / R)`, clamped for distances
/// beyond half the globe.
pub fn cos_threshold(km: f64) -> f64 {
    (km / EARTH_RADIUS_KM).min(core::f64::consts::PI).cos()
}

/// How far apart employer and person are, as shown to employers: never exact metres.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DistanceBand {
    /// Under 5 km.
    Under5,
    /// 5 to 10 km.
    From5To10,
    /// 10 to 20 km.
    From10To20,
    /// 20 km or more.
    Over20,
}

impl DistanceBand {
    /// Every band, nearest first.
    pub const ALL: [DistanceBand; 4] = [DistanceBand::Under5, DistanceBand::From5To10, DistanceBand::From10To20, DistanceBand::Over20];

    /// The band of a distance in km (lower bounds inclusive).
    pub fn of_km(km: f64) -> DistanceBand {
        if km < 5.0 {
            DistanceBand::Under5
        } else if km < 10.0 {
            DistanceBand::From5To10
        } else if km < 20.0 {
            DistanceBand::From10To20
        } else {
            DistanceBand::Over20
        }
    }

    /// The code used in feeds, APIs and explanations: `<5`, `5-10`, `10-20`, `20+`.
    pub fn code(self) -> &'static str {
        match self {
            DistanceBand::Under5 => "<5",
            DistanceBand::From5To10 => "5-10",
            DistanceBand::From10To20 => "10-20",
            DistanceBand::Over20 => "20+",
        }
    }

    /// The band with this code.
    pub fn from_code(code: &str) -> Option<DistanceBand> {
        DistanceBand::ALL.into_iter().find(|b| b.code() == code)
    }
}

impl fmt::Display for DistanceBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for DistanceBand {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn leuven_to_hasselt() {
        let d = haversine_km(50.8796, 4.7009, 50.9151, 5.32285);
        assert!((d - 43.8).abs() < 0.05, "{d}");
    }

    #[test]
    fn bands_have_inclusive_lower_bounds() {
        assert_eq!(DistanceBand::of_km(0.0), DistanceBand::Under5);
        assert_eq!(DistanceBand::of_km(4.999), DistanceBand::Under5);
        assert_eq!(DistanceBand::of_km(5.0), DistanceBand::From5To10);
        assert_eq!(DistanceBand::of_km(10.0), DistanceBand::From10To20);
        assert_eq!(DistanceBand::of_km(20.0), DistanceBand::Over20);
        for b in DistanceBand::ALL {
            assert_eq!(DistanceBand::from_code(b.code()), Some(b));
        }
    }

    #[test]
    fn arc_is_the_haversine_up_to_its_error_and_stops_beyond_600_km() {
        let (leuven, hasselt) = (UnitVector::from_degrees(50.8796, 4.7009), UnitVector::from_degrees(50.9151, 5.32285));
        let d = haversine_km(50.8796, 4.7009, 50.9151, 5.32285);
        assert!((arc_km(leuven, hasselt).unwrap() - d).abs() < ARC_KM_ERROR);
        assert_eq!(arc_km(leuven, leuven), Some(0.0));
        assert_eq!(arc_km(leuven, UnitVector::from_degrees(40.0, 4.7)), None, "1,209 km");
    }

    proptest! {
        #[test]
        fn arc_agrees_with_haversine_far_inside_its_error(
            lat1 in -80.0f64..80.0, lon1 in -179.0f64..179.0, dlat in -5.0f64..5.0, dlon in -5.0f64..5.0,
        ) {
            let (lat2, lon2) = ((lat1 + dlat).clamp(-90.0, 90.0), lon1 + dlon * (1.0 - lat1.abs() / 90.0));
            let d = haversine_km(lat1, lon1, lat2, lon2);
            if let Some(arc) = arc_km(UnitVector::from_degrees(lat1, lon1), UnitVector::from_degrees(lat2, lon2)) {
                prop_assert!((arc - d).abs() < ARC_KM_ERROR / 1000.0, "arc {} vs haversine {}", arc, d);
            } else {
                prop_assert!(d > 600.0, "no arc at {} km", d);
            }
        }

        #[test]
        fn dot_product_agrees_with_haversine(
            lat1 in 49.0f64..54.0, lon1 in 2.0f64..8.0, lat2 in 49.0f64..54.0, lon2 in 2.0f64..8.0,
        ) {
            let d = haversine_km(lat1, lon1, lat2, lon2);
            let dot = UnitVector::from_degrees(lat1, lon1).dot(UnitVector::from_degrees(lat2, lon2));
            let from_dot = dot.clamp(-1.0, 1.0).acos() * EARTH_RADIUS_KM;
            prop_assert!((d - from_dot).abs() < 1e-3, "haversine {} vs dot {}", d, from_dot);
        }
    }
}
