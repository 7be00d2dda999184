//! Interpreting OSM tags: road class, speed, access, oneway, places, features and node
//! flags. Pure functions over a tag list, so each rule has a unit test.

use super::access::{access_from, directional_car, foot_oneway_of, oneway_of};
use crate::map::{
    Access, Barrier, FeatureKind, NodeFlags, PlaceKind, RestrictionKind, RoadClass, WayFlags,
    WayInfo,
};

/// The tags of one OSM element, borrowed from the block's string table.
#[derive(Debug, Default)]
pub struct Tags<'a>(pub Vec<(&'a str, &'a str)>);

impl<'a> Tags<'a> {
    /// The value of `key`, if tagged.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// True when `key` has exactly `value`.
    pub fn is(&self, key: &str, value: &str) -> bool {
        self.get(key) == Some(value)
    }

    /// True when `key` is tagged with anything but `no`.
    pub fn yes_ish(&self, key: &str) -> bool {
        matches!(self.get(key), Some(v) if v != "no")
    }

    /// True when there are no tags.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Parses `maxspeed=*` into km/h: plain numbers, "30 mph", "10 knots", "50 km/h", zone
/// codes such as "FR:urban" or "DE:zone30", "walk". Returns `None` for "none",
/// "signals", "variable", anything unknown and anything outside 0–400 km/h (zone codes:
/// 5–400, so "FR:zone0" is no 1 km/h street), so the class default applies.
pub fn parse_maxspeed_kmh(value: &str) -> Option<f32> {
    let v = value.split(';').next()?.trim();
    if v == "walk" {
        return Some(6.0);
    }
    if v.contains(':') {
        // Zone codes: the country rules, inside the same range as a number.
        return zone_speed_kmh(v).filter(|k| (5.0..400.0).contains(k));
    }
    let (num, factor) = if let Some(n) = v.strip_suffix("mph") {
        (n, 1.609_344)
    } else if let Some(n) = v.strip_suffix("knots") {
        (n, 1.852)
    } else if let Some(n) = v.strip_suffix("km/h").or_else(|| v.strip_suffix("kmh")) {
        (n, 1.0)
    } else {
        (v, 1.0)
    };
    let kmh = num.trim().parse::<f32>().ok()? * factor;
    (kmh.is_finite() && kmh > 0.0 && kmh < 400.0).then_some(kmh)
}

/// Implicit limits (`XX:urban`, `XX:zone30`, ...), from the OSM wiki's table of
/// country defaults. Only the codes seen in Cordon's map regions and neighbours.
fn zone_speed_kmh(v: &str) -> Option<f32> {
    let (country, zone) = v.split_once(':')?;
    if let Some(n) = zone.strip_prefix("zone") {
        return n.trim().parse().ok().filter(|k: &f32| k.is_finite());
    }
    let kmh = match (country, zone) {
        (_, "living_street") => 7.0,
        (_, "walk") => 6.0,
        ("GB", "nsl_single") => 96.56,
        ("GB", "nsl_dual") | ("GB", "motorway") => 112.65,
        ("RU", "urban") => 60.0,
        ("RU", "rural") => 90.0,
        ("RU", "motorway") => 110.0,
        ("DE", "rural") | ("AT", "rural") => 100.0,
        ("FR", "rural") | ("CH", "rural") | ("FI", "rural") | ("LI", "rural") => 80.0,
        ("PT", "rural") | ("IT", "rural") | ("ES", "rural") => 90.0,
        ("CH", "motorway") => 120.0,
        ("FI", "motorway") => 120.0,
        (_, "motorway") => 130.0,
        (_, "trunk") => 110.0,
        (_, "urban") => 50.0,
        (_, "rural") => 90.0,
        _ => return None,
    };
    Some(kmh)
}

/// Parses `width=*` into metres ("3.5", "3,5 m", "12 ft", "12'").
pub fn parse_width_m(value: &str) -> Option<f32> {
    let v = value.trim().replace(',', ".");
    let (num, factor) = if let Some(n) = v.strip_suffix("ft").or_else(|| v.strip_suffix('\'')) {
        (n.to_string(), 0.3048)
    } else if let Some(n) = v.strip_suffix('m') {
        (n.to_string(), 1.0)
    } else {
        (v, 1.0)
    };
    let w = num.trim().parse::<f32>().ok()? * factor;
    (w.is_finite() && w > 0.0 && w < 200.0).then_some(w)
}

fn way_flags(tags: &Tags) -> WayFlags {
    let mut f = WayFlags::default();
    if tags.yes_ish("bridge") {
        f.insert(WayFlags::BRIDGE);
    }
    if tags.yes_ish("tunnel") {
        f.insert(WayFlags::TUNNEL);
    }
    if tags.is("tunnel", "building_passage") || tags.yes_ish("covered") {
        f.insert(WayFlags::COVERED);
    }
    if matches!(tags.get("junction"), Some("roundabout" | "circular")) {
        f.insert(WayFlags::ROUNDABOUT);
    }
    if matches!(
        tags.get("surface"),
        Some(
            "unpaved"
                | "gravel"
                | "fine_gravel"
                | "dirt"
                | "earth"
                | "ground"
                | "grass"
                | "sand"
                | "mud"
                | "compacted"
                | "pebblestone"
                | "woodchips"
        )
    ) {
        f.insert(WayFlags::UNPAVED);
    }
    if tags.is("toll", "yes") {
        f.insert(WayFlags::TOLL);
    }
    f
}

fn boxed(tags: &Tags, key: &str) -> Option<Box<str>> {
    tags.get(key).map(Box::from)
}

/// Interprets a way with `highway=*`. `None` when the way is not a road usable by car
/// or on foot (unknown class, `area=yes`, or access `no` for both).
pub fn road_from_tags(osm_id: i64, tags: &Tags) -> Option<WayInfo> {
    let class = RoadClass::from_highway(tags.get("highway")?)?;
    if tags.is("area", "yes") {
        return None;
    }
    let mut w = WayInfo::new(osm_id, class);
    w.flags = way_flags(tags);
    w.oneway = oneway_of(tags, class, w.flags.contains(WayFlags::ROUNDABOUT));
    w.foot_oneway = foot_oneway_of(tags);
    let general = access_from(tags, &["access"]);
    if class.car_by_default() {
        directional_car(tags, &mut w);
    }
    w.foot = access_from(tags, &["foot"]).unwrap_or(match general {
        Some(a) if class.foot_by_default() => a,
        _ => w.foot,
    });
    if tags.is("motorroad", "yes") && tags.get("foot").is_none() {
        w.foot = Access::No;
    }
    if w.car == Access::No && w.foot == Access::No {
        return None;
    }
    w.name = boxed(tags, "name");
    w.road_ref = boxed(tags, "ref");
    w.maxspeed_kmh = tags.get("maxspeed").and_then(parse_maxspeed_kmh);
    w.lanes = tags.get("lanes").and_then(|v| v.trim().parse().ok());
    w.width_m = tags.get("width").and_then(parse_width_m);
    w.layer = tags
        .get("layer")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    Some(w)
}

/// Place kind of an element from its tags, by first match in a fixed priority order.
pub fn place_kind(tags: &Tags) -> Option<PlaceKind> {
    use PlaceKind as K;
    if tags.is("office", "diplomatic") {
        return Some(K::Embassy);
    }
    let by_amenity = tags.get("amenity").and_then(|a| {
        Some(match a {
            "hospital" => K::Hospital,
            "clinic" => K::Clinic,
            "doctors" => K::Doctors,
            "pharmacy" => K::Pharmacy,
            "police" => K::Police,
            "fire_station" => K::FireStation,
            "embassy" => K::Embassy,
            "townhall" => K::TownHall,
            "theatre" | "arts_centre" | "cinema" => K::Theatre,
            "casino" => K::Casino,
            "conference_centre" | "events_venue" | "exhibition_centre" => K::ConferenceCentre,
            "place_of_worship" => K::PlaceOfWorship,
            "school" | "college" | "university" | "kindergarten" => K::School,
            "marketplace" => K::Marketplace,
            "bar" | "pub" | "nightclub" => K::Nightlife,
            "bus_station" | "ferry_terminal" => K::TransitStation,
            "restaurant" => K::Restaurant,
            _ => return None,
        })
    });
    by_amenity.or_else(|| other_place_kind(tags))
}

fn other_place_kind(tags: &Tags) -> Option<PlaceKind> {
    use PlaceKind as K;
    let pairs: [(&str, &str, PlaceKind); 10] = [
        ("aeroway", "heliport", K::Heliport),
        ("aeroway", "helipad", K::Helipad),
        ("tourism", "hotel", K::Hotel),
        ("historic", "palace", K::Palace),
        ("building", "palace", K::Palace),
        ("leisure", "stadium", K::Stadium),
        ("tourism", "museum", K::Museum),
        ("leisure", "marina", K::Marina),
        ("railway", "station", K::TransitStation),
        ("tourism", "attraction", K::Attraction),
    ];
    pairs
        .iter()
        .find(|(k, v, _)| tags.is(k, v))
        .map(|(_, _, kind)| *kind)
        .or_else(|| (tags.is("public_transport", "station")).then_some(K::TransitStation))
}

/// The name a person would use: `name`, else `name:en`, else `official_name`.
pub fn display_name(tags: &Tags) -> Option<String> {
    ["name", "name:en", "official_name"]
        .iter()
        .find_map(|k| tags.get(k))
        .map(str::to_string)
}

/// A phone number from `phone`, `contact:phone` or `emergency:phone`.
pub fn phone(tags: &Tags) -> Option<String> {
    ["phone", "contact:phone", "emergency:phone"]
        .iter()
        .find_map(|k| tags.get(k))
        .map(str::to_string)
}

/// `addr:housenumber addr:street, addr:postcode addr:city` as one line.
pub fn address(tags: &Tags) -> Option<String> {
    let street = [tags.get("addr:housenumber"), tags.get("addr:street")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let town = [tags.get("addr:postcode"), tags.get("addr:city")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let parts: Vec<&str> = [street.as_str(), town.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `emergency=yes|no` on a hospital.
pub fn emergency(tags: &Tags) -> Option<bool> {
    match tags.get("emergency") {
        Some("yes" | "designated") => Some(true),
        Some("no") => Some(false),
        _ => None,
    }
}

/// The drawable feature kind of a way or multipolygon relation.
pub fn feature_kind(tags: &Tags) -> Option<FeatureKind> {
    use FeatureKind as F;
    if tags.yes_ish("building") {
        return Some(F::Building);
    }
    if tags.is("natural", "coastline") {
        return Some(F::Coastline);
    }
    if tags.is("natural", "water")
        || tags.is("waterway", "riverbank")
        || tags.is("waterway", "dock")
        || matches!(tags.get("landuse"), Some("reservoir" | "basin"))
    {
        return Some(F::Water);
    }
    if matches!(
        tags.get("waterway"),
        Some("river" | "stream" | "canal" | "drain")
    ) {
        return Some(F::Waterway);
    }
    if matches!(
        tags.get("leisure"),
        Some("park" | "garden" | "playground" | "pitch" | "golf_course" | "nature_reserve")
    ) {
        return Some(F::Park);
    }
    if matches!(
        tags.get("landuse"),
        Some(
            "grass"
                | "forest"
                | "meadow"
                | "cemetery"
                | "recreation_ground"
                | "village_green"
                | "allotments"
                | "orchard"
                | "vineyard"
        )
    ) || matches!(
        tags.get("natural"),
        Some("wood" | "scrub" | "grassland" | "heath")
    ) {
        return Some(F::Green);
    }
    if matches!(
        tags.get("railway"),
        Some("rail" | "light_rail" | "subway" | "tram" | "narrow_gauge" | "funicular" | "monorail")
    ) {
        return Some(F::Railway);
    }
    None
}

/// Signals, crossings and barriers on a node.
pub fn node_flags(tags: &Tags) -> NodeFlags {
    let mut f = NodeFlags::default();
    match tags.get("highway") {
        Some("traffic_signals") => f.insert(NodeFlags::TRAFFIC_SIGNALS),
        Some("crossing") => f.insert(NodeFlags::CROSSING),
        Some("stop") => f.insert(NodeFlags::STOP),
        Some("give_way") => f.insert(NodeFlags::GIVE_WAY),
        Some("mini_roundabout") => f.insert(NodeFlags::MINI_ROUNDABOUT),
        _ => {}
    }
    if tags.is("crossing", "traffic_signals") || tags.is("crossing:signals", "yes") {
        f.insert(NodeFlags::TRAFFIC_SIGNALS);
        f.insert(NodeFlags::CROSSING_SIGNALS);
    }
    if f.contains(NodeFlags::TRAFFIC_SIGNALS) {
        match tags.get("traffic_signals:direction") {
            Some("forward") => f.insert(NodeFlags::SIGNALS_FORWARD),
            Some("backward") => f.insert(NodeFlags::SIGNALS_BACKWARD),
            _ => {}
        }
    }
    if matches!(tags.get("railway"), Some("level_crossing" | "crossing")) {
        f.insert(NodeFlags::LEVEL_CROSSING);
    }
    if tags.get("barrier").is_some_and(|b| b != "no") {
        f.insert(NodeFlags::BARRIER);
    }
    f
}

/// A `barrier=*` node's kind and access (`None` without one, or for `barrier=no`).
pub fn barrier(tags: &Tags) -> Option<Barrier> {
    let value = tags.get("barrier").filter(|b| *b != "no")?;
    let kind = match tags.get(value) {
        // bollard=rising, kerb=lowered: the kind's own key refines it.
        Some(sub) if matches!(value, "bollard" | "kerb") => format!("{value}={sub}"),
        _ => value.to_string(),
    };
    let is_no = |keys: &[&str]| access_from(tags, keys) == Some(Access::No);
    Some(Barrier {
        kind: kind.into(),
        car_no: is_no(&["motorcar", "motor_vehicle", "vehicle", "access"]),
        foot_no: is_no(&["foot", "access"]),
        maxheight_m: tags.get("maxheight").and_then(parse_width_m),
    })
}

/// A car turn restriction: its kind and tag value. `None` when the relation is not a
/// restriction, its value is unknown, or it exempts cars (`except=motorcar`).
pub fn restriction(tags: &Tags) -> Option<(RestrictionKind, String)> {
    if !tags.is("type", "restriction") {
        return None;
    }
    if let Some(except) = tags.get("except")
        && except
            .split(';')
            .any(|e| matches!(e.trim(), "motorcar" | "motor_vehicle"))
    {
        return None;
    }
    let value = tags
        .get("restriction")
        .or_else(|| tags.get("restriction:motorcar"))
        .or_else(|| tags.get("restriction:motor_vehicle"))?;
    let kind = if value.starts_with("no_") {
        RestrictionKind::No
    } else if value.starts_with("only_") {
        RestrictionKind::Only
    } else {
        return None;
    };
    Some((kind, value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::Oneway;

    fn tags<'a>(pairs: &[(&'a str, &'a str)]) -> Tags<'a> {
        Tags(pairs.to_vec())
    }

    #[test]
    fn maxspeed_forms() {
        assert_eq!(parse_maxspeed_kmh("50"), Some(50.0));
        assert_eq!(parse_maxspeed_kmh("50 km/h"), Some(50.0));
        assert!((parse_maxspeed_kmh("30 mph").unwrap() - 48.28).abs() < 0.01);
        assert_eq!(parse_maxspeed_kmh("FR:urban"), Some(50.0));
        assert_eq!(parse_maxspeed_kmh("FR:rural"), Some(80.0));
        assert_eq!(parse_maxspeed_kmh("DE:zone30"), Some(30.0));
        assert_eq!(parse_maxspeed_kmh("walk"), Some(6.0));
        assert_eq!(parse_maxspeed_kmh("30;50"), Some(30.0));
        assert_eq!(parse_maxspeed_kmh("none"), None);
        assert_eq!(parse_maxspeed_kmh("signals"), None);
        assert_eq!(parse_maxspeed_kmh("-5"), None);
    }

    #[test]
    fn width_forms() {
        assert_eq!(parse_width_m("3.5"), Some(3.5));
        assert_eq!(parse_width_m("3,5 m"), Some(3.5));
        assert!((parse_width_m("10 ft").unwrap() - 3.048).abs() < 1e-4);
        assert_eq!(parse_width_m("wide"), None);
    }

    #[test]
    fn oneway_variants() {
        let w = road_from_tags(1, &tags(&[("highway", "primary"), ("oneway", "-1")])).unwrap();
        assert_eq!(w.oneway, Oneway::Backward);
        let w = road_from_tags(
            1,
            &tags(&[("highway", "primary"), ("junction", "roundabout")]),
        )
        .unwrap();
        assert_eq!(w.oneway, Oneway::Forward);
        assert!(w.flags.contains(WayFlags::ROUNDABOUT));
        let w = road_from_tags(
            1,
            &tags(&[
                ("highway", "primary"),
                ("junction", "roundabout"),
                ("oneway", "no"),
            ]),
        )
        .unwrap();
        assert_eq!(w.oneway, Oneway::No);
    }

    #[test]
    fn access_precedence() {
        let w = road_from_tags(1, &tags(&[("highway", "service"), ("access", "private")])).unwrap();
        assert_eq!((w.car, w.foot), (Access::Private, Access::Private));
        let w = road_from_tags(
            1,
            &tags(&[
                ("highway", "residential"),
                ("access", "no"),
                ("motor_vehicle", "destination"),
            ]),
        )
        .unwrap();
        assert_eq!(w.car, Access::Destination);
        assert_eq!(w.foot, Access::No);
        let w = road_from_tags(
            1,
            &tags(&[("highway", "pedestrian"), ("motor_vehicle", "yes")]),
        )
        .unwrap();
        assert_eq!(
            (w.car, w.foot),
            (Access::No, Access::Yes),
            "class decides cars"
        );
        let w = road_from_tags(1, &tags(&[("highway", "footway"), ("foot", "yes")])).unwrap();
        assert_eq!(w.foot, Access::Yes);
        assert!(road_from_tags(1, &tags(&[("highway", "footway"), ("access", "no")])).is_none());
        assert!(road_from_tags(1, &tags(&[("highway", "construction")])).is_none());
        assert!(road_from_tags(1, &tags(&[("highway", "pedestrian"), ("area", "yes")])).is_none());
    }

    /// Issue 14, item 8: a zone code never gives a speed below the floor.
    #[test]
    fn zone_speeds_have_a_floor() {
        assert_eq!(parse_maxspeed_kmh("FR:zone0"), None);
        assert_eq!(parse_maxspeed_kmh("DE:zone-5"), None);
        assert_eq!(parse_maxspeed_kmh("DE:zoneNaN"), None);
        assert_eq!(parse_maxspeed_kmh("DE:zone30"), Some(30.0));
        assert_eq!(parse_maxspeed_kmh("FR:urban"), Some(50.0));
        assert_eq!(parse_maxspeed_kmh("0"), None);
    }

    #[test]
    fn structure_flags_and_numbers() {
        let w = road_from_tags(
            7,
            &tags(&[
                ("highway", "secondary"),
                ("tunnel", "yes"),
                ("lanes", "1"),
                ("width", "3"),
                ("layer", "-1"),
                ("maxspeed", "FR:urban"),
                ("name", "Tunnel Louis II"),
            ]),
        )
        .unwrap();
        assert!(w.flags.contains(WayFlags::TUNNEL));
        assert_eq!((w.lanes, w.width_m, w.layer), (Some(1), Some(3.0), -1));
        assert_eq!(w.maxspeed_kmh, Some(50.0));
        assert_eq!(w.name.as_deref(), Some("Tunnel Louis II"));
        let w = road_from_tags(
            7,
            &tags(&[("highway", "footway"), ("tunnel", "building_passage")]),
        )
        .unwrap();
        assert!(w.flags.contains(WayFlags::COVERED));
    }

    #[test]
    fn place_kinds() {
        assert_eq!(
            place_kind(&tags(&[("amenity", "hospital")])),
            Some(PlaceKind::Hospital)
        );
        assert_eq!(
            place_kind(&tags(&[("office", "diplomatic")])),
            Some(PlaceKind::Embassy)
        );
        assert_eq!(
            place_kind(&tags(&[("amenity", "embassy")])),
            Some(PlaceKind::Embassy)
        );
        assert_eq!(
            place_kind(&tags(&[("aeroway", "heliport")])),
            Some(PlaceKind::Heliport)
        );
        assert_eq!(place_kind(&tags(&[("amenity", "bench")])), None);
        let h = tags(&[
            ("amenity", "hospital"),
            ("emergency", "yes"),
            ("phone", "+377 97 98 99 00"),
        ]);
        assert_eq!(emergency(&h), Some(true));
        assert_eq!(phone(&h).as_deref(), Some("+377 97 98 99 00"));
    }

    #[test]
    fn address_joins_parts() {
        let t = tags(&[
            ("addr:housenumber", "1"),
            ("addr:street", "Avenue Pasteur"),
            ("addr:city", "Monaco"),
        ]);
        assert_eq!(address(&t).as_deref(), Some("1 Avenue Pasteur, Monaco"));
        assert_eq!(address(&tags(&[])), None);
    }

    #[test]
    fn features_and_flags() {
        assert_eq!(
            feature_kind(&tags(&[("building", "yes")])),
            Some(FeatureKind::Building)
        );
        assert_eq!(feature_kind(&tags(&[("building", "no")])), None);
        assert_eq!(
            feature_kind(&tags(&[("natural", "coastline")])),
            Some(FeatureKind::Coastline)
        );
        assert_eq!(
            feature_kind(&tags(&[("leisure", "park")])),
            Some(FeatureKind::Park)
        );
        assert_eq!(
            feature_kind(&tags(&[("railway", "rail")])),
            Some(FeatureKind::Railway)
        );
        let f = node_flags(&tags(&[("highway", "traffic_signals")]));
        assert!(f.contains(NodeFlags::TRAFFIC_SIGNALS));
        assert!(!f.contains(NodeFlags::CROSSING_SIGNALS));
        // Issue 13, K: crossing lights and the lights' direction are told apart.
        let f = node_flags(&tags(&[
            ("highway", "traffic_signals"),
            ("crossing", "traffic_signals"),
            ("traffic_signals:direction", "backward"),
        ]));
        assert!(f.contains(NodeFlags::CROSSING_SIGNALS));
        assert!(f.contains(NodeFlags::SIGNALS_BACKWARD));
        let f = node_flags(&tags(&[
            ("highway", "crossing"),
            ("crossing", "traffic_signals"),
        ]));
        assert!(f.contains(NodeFlags::TRAFFIC_SIGNALS) && f.contains(NodeFlags::CROSSING_SIGNALS));
        let f = node_flags(&tags(&[("railway", "level_crossing")]));
        assert!(f.contains(NodeFlags::LEVEL_CROSSING));
    }

    #[test]
    fn restrictions() {
        let r = restriction(&tags(&[
            ("type", "restriction"),
            ("restriction", "no_left_turn"),
        ]));
        assert_eq!(r, Some((RestrictionKind::No, "no_left_turn".into())));
        let r = restriction(&tags(&[
            ("type", "restriction"),
            ("restriction", "only_straight_on"),
        ]));
        assert_eq!(r.map(|r| r.0), Some(RestrictionKind::Only));
        let r = restriction(&tags(&[
            ("type", "restriction"),
            ("restriction", "no_left_turn"),
            ("except", "bicycle;motorcar"),
        ]));
        assert_eq!(r, None);
    }
}
