//! Settlements (`place=city|town|village|hamlet|suburb|quarter|neighbourhood` on nodes):
//! the towns and districts a search hit lies in, so that two "Rue de la Gare" on a map
//! of several regions can be told apart, and towns themselves can be searched.

use crate::coord;
use geo::Point;
use serde::{Deserialize, Serialize};

/// What kind of settlement a `place=*` node marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettlementKind {
    /// `place=city`.
    City,
    /// `place=town`.
    Town,
    /// `place=village`.
    Village,
    /// `place=hamlet`.
    Hamlet,
    /// `place=suburb`, `quarter` or `neighbourhood`: a district of a town.
    Suburb,
}

impl SettlementKind {
    /// The kind a `place=*` value names, if Cordon keeps it.
    pub fn from_place_value(value: &str) -> Option<SettlementKind> {
        Some(match value {
            "city" => SettlementKind::City,
            "town" => SettlementKind::Town,
            "village" => SettlementKind::Village,
            "hamlet" => SettlementKind::Hamlet,
            "suburb" | "quarter" | "neighbourhood" => SettlementKind::Suburb,
            _ => return None,
        })
    }

    /// The key shown beside a search hit ("town", "suburb").
    pub fn key(self) -> &'static str {
        match self {
            SettlementKind::City => "city",
            SettlementKind::Town => "town",
            SettlementKind::Village => "village",
            SettlementKind::Hamlet => "hamlet",
            SettlementKind::Suburb => "suburb",
        }
    }

    /// How far from its node a settlement of this kind is taken to reach, in metres.
    /// OSM holds most settlements as a single node, so the area a point lies in is the
    /// settlement whose node is nearest relative to this reach. The figures are typical
    /// radii: a city's built-up area ~15 km, a town's ~5 km, a village's ~2 km, a
    /// hamlet's ~700 m, a city district's ~1.5 km.
    pub fn reach_m(self) -> f64 {
        match self {
            SettlementKind::City => 15_000.0,
            SettlementKind::Town => 5_000.0,
            SettlementKind::Village => 2_000.0,
            SettlementKind::Hamlet => 700.0,
            SettlementKind::Suburb => 1_500.0,
        }
    }
}

/// A named settlement node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settlement {
    /// City, town, village, hamlet or district.
    pub kind: SettlementKind,
    /// `name=*` (or its fallbacks).
    pub name: String,
    /// The node's position (x = lon, y = lat).
    pub location: Point<f64>,
}

/// How far the nearest town may be for a point beyond every settlement's reach to be
/// described as "near" it, in metres.
const NEAR_M: f64 = 25_000.0;

/// The settlement among `candidates` that best claims `p`: the one nearest relative to
/// its reach, and within it.
fn claiming<'a>(
    candidates: impl Iterator<Item = &'a Settlement>,
    p: Point<f64>,
) -> Option<&'a Settlement> {
    candidates
        .map(|s| (coord::distance_m(p, s.location) / s.kind.reach_m(), s))
        .filter(|(ratio, _)| *ratio <= 1.0)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, s)| s)
}

/// The town-level settlement (not a district) nearest to `p` within [`NEAR_M`].
fn nearest_town(settlements: &[Settlement], p: Point<f64>) -> Option<&Settlement> {
    settlements
        .iter()
        .filter(|s| s.kind != SettlementKind::Suburb)
        .map(|s| (coord::distance_m(p, s.location), s))
        .filter(|(d, _)| *d <= NEAR_M)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, s)| s)
}

/// The area a point lies in, in words: "district, town", "town", "district" or
/// "near town" (beyond every settlement's reach but within 25 km of a town), or `None`.
pub fn area_of(settlements: &[Settlement], p: Point<f64>) -> Option<String> {
    let towns = settlements
        .iter()
        .filter(|s| s.kind != SettlementKind::Suburb);
    let districts = settlements
        .iter()
        .filter(|s| s.kind == SettlementKind::Suburb);
    let town = claiming(towns, p);
    let district = claiming(districts, p).filter(|d| town.is_none_or(|t| t.name != d.name));
    match (district, town) {
        (Some(d), Some(t)) => Some(format!("{}, {}", d.name, t.name)),
        (Some(d), None) => Some(d.name.clone()),
        (None, Some(t)) => Some(t.name.clone()),
        (None, None) => nearest_town(settlements, p).map(|t| format!("near {}", t.name)),
    }
}

/// The area a settlement itself lies in: a district's town, or a larger settlement that
/// reaches a town or village ("Beausoleil" lies within a city's reach of "Monaco").
pub fn area_of_settlement(settlements: &[Settlement], own: &Settlement) -> Option<String> {
    let larger = settlements.iter().filter(|s| {
        s.name != own.name
            && s.kind != SettlementKind::Suburb
            && (own.kind == SettlementKind::Suburb || s.kind < own.kind)
    });
    claiming(larger, own.location).map(|s| s.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(kind: SettlementKind, name: &str, lon: f64, lat: f64) -> Settlement {
        Settlement {
            kind,
            name: name.into(),
            location: Point::new(lon, lat),
        }
    }

    #[test]
    fn place_values() {
        assert_eq!(
            SettlementKind::from_place_value("quarter"),
            Some(SettlementKind::Suburb)
        );
        assert_eq!(
            SettlementKind::from_place_value("town"),
            Some(SettlementKind::Town)
        );
        assert_eq!(SettlementKind::from_place_value("country"), None);
        assert_eq!(SettlementKind::from_place_value("island"), None);
    }

    #[test]
    fn area_names_district_and_town_within_reach() {
        let all = [
            s(SettlementKind::City, "Helsinki", 24.94, 60.17),
            s(SettlementKind::Suburb, "Kallio", 24.95, 60.184),
            s(SettlementKind::City, "Monaco", 7.42, 43.73),
            s(SettlementKind::Town, "Beausoleil", 7.423, 43.743),
        ];
        assert_eq!(
            area_of(&all, Point::new(24.951, 60.185)).as_deref(),
            Some("Kallio, Helsinki")
        );
        // Beausoleil is nearer relative to its reach than Monaco's node 1.5 km away.
        assert_eq!(
            area_of(&all, Point::new(7.4232, 43.7432)).as_deref(),
            Some("Beausoleil")
        );
        // Out at sea, 300 km from anything: no area.
        assert_eq!(area_of(&all, Point::new(5.0, 41.0)), None);
        // 17 km out of Helsinki: beyond its reach, near it.
        assert_eq!(
            area_of(&all, Point::new(24.94, 60.32)).as_deref(),
            Some("near Helsinki")
        );
        // A district names its town; a town a larger settlement reaching it; a city
        // nothing (Kallio is not Helsinki's area).
        assert_eq!(
            area_of_settlement(&all, &all[1]).as_deref(),
            Some("Helsinki")
        );
        assert_eq!(area_of_settlement(&all, &all[3]).as_deref(), Some("Monaco"));
        assert_eq!(area_of_settlement(&all, &all[0]), None);
    }
}
