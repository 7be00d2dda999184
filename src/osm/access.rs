//! Who may travel a way, and which way: the OSM access and oneway keys, per mode and
//! per direction of travel (`motor_vehicle:backward=no`, `oneway:motorcar`, ...).

use super::tags::Tags;
use crate::map::{Access, Oneway, RoadClass, WayInfo};

fn access_value(v: &str) -> Option<Access> {
    Some(match v {
        "yes" | "designated" | "permissive" | "official" | "unknown" => Access::Yes,
        "destination" | "delivery" | "customers" => Access::Destination,
        "private" | "permit" | "residents" => Access::Private,
        "no" | "agricultural" | "forestry" | "use_sidepath" | "discouraged" | "emergency"
        | "military" => Access::No,
        _ => return None,
    })
}

/// The first of `keys` (most specific first) with a known access value.
pub(crate) fn access_from(tags: &Tags, keys: &[&str]) -> Option<Access> {
    keys.iter().find_map(|k| tags.get(k).and_then(access_value))
}

fn oneway_value(v: &str) -> Option<Oneway> {
    Some(match v {
        "yes" | "true" | "1" => Oneway::Forward,
        "-1" | "reverse" => Oneway::Backward,
        "no" | "false" | "0" => Oneway::No,
        _ => return None,
    })
}

/// Oneway for vehicles: `oneway:motorcar`, `oneway:motor_vehicle`, `oneway:vehicle`,
/// then `oneway`, then the implied oneway of roundabouts and motorways.
pub(crate) fn oneway_of(tags: &Tags, class: RoadClass, roundabout: bool) -> Oneway {
    [
        "oneway:motorcar",
        "oneway:motor_vehicle",
        "oneway:vehicle",
        "oneway",
    ]
    .iter()
    .find_map(|k| tags.get(k).and_then(oneway_value))
    .unwrap_or(if roundabout || class == RoadClass::Motorway {
        Oneway::Forward
    } else {
        Oneway::No
    })
}

/// Car access in one direction of travel (`"forward"` or `"backward"`): for each key
/// from the most specific vehicle (`motorcar`) to the most general (`access`), the
/// directional form (`motorcar:forward`) before the plain one.
fn car_access_towards(tags: &Tags, direction: &str) -> Option<Access> {
    ["motorcar", "motor_vehicle", "vehicle", "access"]
        .iter()
        .find_map(|k| {
            tags.get(&format!("{k}:{direction}"))
                .and_then(access_value)
                .or_else(|| tags.get(k).and_then(access_value))
        })
}

/// Folds per-direction car access into one access value and the vehicle oneway: a
/// direction whose access is `no` is closed to cars as a oneway would close it.
pub(crate) fn directional_car(tags: &Tags, w: &mut WayInfo) {
    let fwd = car_access_towards(tags, "forward").unwrap_or(Access::Yes);
    let bwd = car_access_towards(tags, "backward").unwrap_or(Access::Yes);
    let fwd_open = fwd.is_usable() && w.oneway != Oneway::Backward;
    let bwd_open = bwd.is_usable() && w.oneway != Oneway::Forward;
    (w.car, w.oneway) = match (fwd_open, bwd_open) {
        (true, true) => (fwd.max(bwd), w.oneway),
        (true, false) => (fwd, Oneway::Forward),
        (false, true) => (bwd, Oneway::Backward),
        (false, false) => (Access::No, w.oneway),
    };
}

/// `oneway:foot` (pedestrians walk both ways unless it says otherwise).
pub(crate) fn foot_oneway_of(tags: &Tags) -> Oneway {
    tags.get("oneway:foot")
        .and_then(oneway_value)
        .unwrap_or(Oneway::No)
}

#[cfg(test)]
mod tests {
    use super::super::tags::{Tags, road_from_tags};
    use crate::map::{Access, Oneway};

    fn tags<'a>(t: &[(&'a str, &'a str)]) -> Tags<'a> {
        Tags(t.to_vec())
    }

    /// Issue 13, F: access and oneway per direction of travel, for each key.
    #[test]
    fn directional_access_and_vehicle_oneways() {
        let road = |t: &[(&str, &str)]| {
            let mut all = vec![("highway", "residential")];
            all.extend_from_slice(t);
            road_from_tags(1, &tags(&all)).unwrap()
        };
        for key in ["motor_vehicle", "motorcar", "vehicle", "access"] {
            let w = road(&[(&format!("{key}:backward") as &str, "no")]);
            assert_eq!((w.oneway, w.car), (Oneway::Forward, Access::Yes), "{key}");
            let w = road(&[(&format!("{key}:forward") as &str, "no")]);
            assert_eq!((w.oneway, w.car), (Oneway::Backward, Access::Yes), "{key}");
        }
        // The more specific vehicle wins: buses only backward, cars both ways.
        let w = road(&[("motor_vehicle:backward", "no"), ("motorcar", "yes")]);
        assert_eq!(w.oneway, Oneway::No);
        // Both directions closed: no car at all, still walkable.
        let w = road(&[
            ("motor_vehicle:forward", "no"),
            ("motor_vehicle:backward", "no"),
        ]);
        assert_eq!((w.car, w.foot), (Access::No, Access::Yes));
        // A oneway with its open direction destination-only.
        let w = road(&[("oneway", "yes"), ("motor_vehicle:forward", "destination")]);
        assert_eq!((w.oneway, w.car), (Oneway::Forward, Access::Destination));
        for key in ["oneway:motorcar", "oneway:motor_vehicle", "oneway:vehicle"] {
            let w = road(&[("oneway", "no"), (key, "yes")]);
            assert_eq!(w.oneway, Oneway::Forward, "{key}");
            let w = road(&[("oneway", "yes"), (key, "no")]);
            assert_eq!(w.oneway, Oneway::No, "{key}");
            let w = road(&[(key, "-1")]);
            assert_eq!(w.oneway, Oneway::Backward, "{key}");
        }
        let w = road(&[("oneway:foot", "yes")]);
        assert_eq!((w.foot_oneway, w.oneway), (Oneway::Forward, Oneway::No));
        let w = road(&[("oneway", "yes")]);
        assert_eq!(w.foot_oneway, Oneway::No, "a car oneway is no foot oneway");
    }
}
