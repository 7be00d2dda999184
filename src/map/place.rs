//! Places a protection team cares about: havens (hospitals, police, fire stations,
//! embassies), venues a visit may include, and crowd places that matter for risk.

use geo::Point;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A reference to an OSM object, for reporting ("node/123").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OsmRef {
    /// An OSM node id.
    Node(i64),
    /// An OSM way id.
    Way(i64),
    /// An OSM relation id.
    Relation(i64),
}

impl fmt::Display for OsmRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OsmRef::Node(id) => write!(f, "node/{id}"),
            OsmRef::Way(id) => write!(f, "way/{id}"),
            OsmRef::Relation(id) => write!(f, "relation/{id}"),
        }
    }
}

macro_rules! place_kinds {
    ($($(#[$m:meta])* $variant:ident => $name:literal, $label:literal;)*) => {
        /// What a place is. The serde name is the JSON key used by `cordon inspect`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum PlaceKind { $($(#[$m])* $variant,)* }

        impl PlaceKind {
            /// Every kind.
            pub const ALL: &'static [PlaceKind] = &[$(PlaceKind::$variant,)*];

            /// The snake_case key (`fire_station`).
            pub fn key(self) -> &'static str {
                match self { $(PlaceKind::$variant => $name,)* }
            }

            /// A human label ("fire station").
            pub fn label(self) -> &'static str {
                match self { $(PlaceKind::$variant => $label,)* }
            }

            /// The kind whose key is `key`.
            pub fn from_key(key: &str) -> Option<PlaceKind> {
                Self::ALL.iter().copied().find(|k| k.key() == key)
            }
        }
    };
}

place_kinds! {
    /// `amenity=hospital`.
    Hospital => "hospital", "hospital";
    /// `amenity=clinic`.
    Clinic => "clinic", "clinic";
    /// `amenity=doctors`.
    Doctors => "doctors", "doctors";
    /// `amenity=pharmacy`.
    Pharmacy => "pharmacy", "pharmacy";
    /// `amenity=police`.
    Police => "police", "police";
    /// `amenity=fire_station`.
    FireStation => "fire_station", "fire station";
    /// `amenity=embassy` or `office=diplomatic`.
    Embassy => "embassy", "embassy / diplomatic office";
    /// `aeroway=heliport`.
    Heliport => "heliport", "heliport";
    /// `aeroway=helipad`.
    Helipad => "helipad", "helipad";
    /// `tourism=hotel`.
    Hotel => "hotel", "hotel";
    /// `amenity=townhall`.
    TownHall => "townhall", "town hall";
    /// `historic=palace` or `building=palace`.
    Palace => "palace", "palace";
    /// `leisure=stadium`.
    Stadium => "stadium", "stadium";
    /// `amenity=theatre`, `amenity=arts_centre`, `amenity=cinema`.
    Theatre => "theatre", "theatre";
    /// `amenity=casino`.
    Casino => "casino", "casino";
    /// `amenity=conference_centre`, `amenity=events_venue`, `amenity=exhibition_centre`.
    ConferenceCentre => "conference_centre", "conference centre";
    /// `tourism=museum`.
    Museum => "museum", "museum";
    /// `amenity=place_of_worship`.
    PlaceOfWorship => "place_of_worship", "place of worship";
    /// `amenity=school`, `amenity=college`, `amenity=university`, `amenity=kindergarten`.
    School => "school", "school";
    /// `amenity=marketplace`.
    Marketplace => "marketplace", "marketplace";
    /// `amenity=bar`, `pub`, `nightclub`.
    Nightlife => "nightlife", "nightlife";
    /// Railway and bus stations, ferry terminals.
    TransitStation => "transit_station", "transit station";
    /// `amenity=restaurant`.
    Restaurant => "restaurant", "restaurant";
    /// `leisure=marina`.
    Marina => "marina", "marina";
    /// `tourism=attraction`.
    Attraction => "attraction", "attraction";
}

impl PlaceKind {
    /// Kinds that serve as safe havens or emergency services.
    pub const HAVENS: &'static [PlaceKind] = &[
        PlaceKind::Hospital,
        PlaceKind::Police,
        PlaceKind::FireStation,
        PlaceKind::Embassy,
    ];

    /// Kinds that draw crowds (for risk near a route).
    pub const CROWDS: &'static [PlaceKind] = &[
        PlaceKind::Stadium,
        PlaceKind::Marketplace,
        PlaceKind::School,
        PlaceKind::PlaceOfWorship,
        PlaceKind::Nightlife,
        PlaceKind::TransitStation,
    ];
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A place on the map, tagged on a node, a way or a multipolygon relation, held once at
/// a representative point (the node itself, or a point inside the area).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// What it is.
    pub kind: PlaceKind,
    /// `name=*` (falls back to `name:en`, `official_name`).
    pub name: Option<String>,
    /// Representative point (x = lon, y = lat).
    pub location: Point<f64>,
    /// The OSM object it came from.
    pub osm: OsmRef,
    /// `phone`, `contact:phone` or `emergency:phone`.
    pub phone: Option<String>,
    /// `addr:*` joined into one line.
    pub address: Option<String>,
    /// For hospitals: `emergency=yes` (Some(true)), `emergency=no` (Some(false)), or untagged.
    pub emergency: Option<bool>,
}

impl Place {
    /// The name, or a placeholder such as "(unnamed hospital)".
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(n) => n.clone(),
            None => format!("(unnamed {})", self.kind.label()),
        }
    }
}
