//! The map style, shared by the printed brief and the desktop app: colours and widths
//! of every layer, and the styles of routes, checkpoints, havens and choke points.
//! Colours are RGBA bytes; route colours are from the Okabe-Ito colour-blind-safe set.

use crate::map::{FeatureKind, PlaceKind, RoadClass};

/// An RGBA colour.
pub type Rgba = [u8; 4];

/// How a road class is drawn.
#[derive(Debug, Clone, Copy)]
pub struct RoadStyle {
    /// Fill colour.
    pub fill: Rgba,
    /// Casing (outline) colour.
    pub casing: Rgba,
    /// Carriageway width on the ground, metres (scaled by zoom).
    pub width_m: f32,
    /// Narrowest it is ever drawn, pixels.
    pub min_px: f32,
    /// Dashed (paths and footways).
    pub dashed: bool,
}

/// How a route of a role is drawn.
#[derive(Debug, Clone, Copy)]
pub struct LineStyle {
    /// Colour.
    pub colour: Rgba,
    /// Width in pixels at print resolution.
    pub width_px: f32,
    /// Dash pattern in pixels (empty: solid).
    pub dash: &'static [f32],
    /// Legend label.
    pub label: &'static str,
}

/// Land background.
pub const LAND: Rgba = [242, 239, 233, 255];
/// Sea and water.
pub const WATER: Rgba = [170, 211, 223, 255];
/// Text and outlines.
pub const INK: Rgba = [34, 34, 34, 255];
/// White.
pub const WHITE: Rgba = [255, 255, 255, 255];

/// Fill colour of a feature kind.
pub fn feature_fill(k: FeatureKind) -> Rgba {
    match k {
        FeatureKind::Building => [217, 208, 201, 255],
        FeatureKind::Water | FeatureKind::Waterway | FeatureKind::Coastline => WATER,
        FeatureKind::Park => [200, 250, 204, 255],
        FeatureKind::Green => [205, 235, 176, 255],
        FeatureKind::Railway => [112, 112, 112, 255],
    }
}

/// Outline colour of buildings.
pub const BUILDING_OUTLINE: Rgba = [196, 182, 171, 255];

/// Style of a road class (after the OpenStreetMap Carto palette).
pub fn road(class: RoadClass) -> RoadStyle {
    use RoadClass as C;
    let s = |fill: Rgba, casing: Rgba, width_m: f32, min_px: f32, dashed: bool| RoadStyle {
        fill,
        casing,
        width_m,
        min_px,
        dashed,
    };
    match class {
        C::Motorway | C::MotorwayLink => {
            s([232, 146, 162, 255], [220, 42, 103, 255], 18.0, 2.5, false)
        }
        C::Trunk | C::TrunkLink => s([249, 178, 156, 255], [200, 80, 50, 255], 16.0, 2.5, false),
        C::Primary | C::PrimaryLink => {
            s([252, 214, 164, 255], [161, 104, 32, 255], 14.0, 2.0, false)
        }
        C::Secondary | C::SecondaryLink => {
            s([247, 250, 191, 255], [112, 123, 5, 255], 12.0, 1.8, false)
        }
        C::Tertiary | C::TertiaryLink => s(WHITE, [140, 140, 140, 255], 10.0, 1.5, false),
        C::Unclassified | C::Residential | C::Road => {
            s(WHITE, [170, 170, 170, 255], 8.0, 1.2, false)
        }
        C::LivingStreet => s([237, 237, 237, 255], [170, 170, 170, 255], 6.0, 1.0, false),
        C::Service | C::Track => s(WHITE, [180, 180, 180, 255], 4.5, 0.8, false),
        C::Pedestrian => s([221, 221, 233, 255], [160, 160, 170, 255], 6.0, 1.0, false),
        C::Footway | C::Path | C::Cycleway | C::Bridleway | C::Corridor => {
            s([250, 128, 114, 255], [250, 128, 114, 0], 1.2, 0.7, true)
        }
        C::Steps => s([250, 128, 114, 255], [250, 128, 114, 0], 2.0, 1.0, true),
    }
}

/// Route styles: primary, alternate, emergency.
pub const PRIMARY: LineStyle = LineStyle {
    colour: [0, 114, 178, 255],
    width_px: 7.0,
    dash: &[],
    label: "primary route",
};
/// Alternates.
pub const ALTERNATE: LineStyle = LineStyle {
    colour: [230, 159, 0, 255],
    width_px: 5.0,
    dash: &[14.0, 8.0],
    label: "alternate route",
};
/// Emergency routes.
pub const EMERGENCY: LineStyle = LineStyle {
    colour: [204, 121, 167, 255],
    width_px: 4.5,
    dash: &[4.0, 6.0],
    label: "emergency route",
};

/// Checkpoint marker fill.
pub const CHECKPOINT: Rgba = [255, 255, 255, 255];
/// Choke points scoring below priority.
pub const CHOKE: Rgba = [240, 228, 66, 255];
/// Priority choke points (score 8 and above).
pub const CHOKE_PRIORITY: Rgba = [213, 94, 0, 255];

/// Icon colour and letter of a haven kind.
pub fn haven(kind: PlaceKind) -> Option<(Rgba, &'static str)> {
    Some(match kind {
        PlaceKind::Hospital => ([200, 30, 45, 255], "+"),
        PlaceKind::Police => ([0, 60, 140, 255], "P"),
        PlaceKind::FireStation => ([230, 90, 20, 255], "F"),
        PlaceKind::Embassy => ([110, 60, 150, 255], "E"),
        _ => return None,
    })
}

/// The credit every map carries.
pub const CREDIT: &str = "© OpenStreetMap contributors";

/// Fill of an avoid zone (translucent red).
pub const ZONE_FILL: Rgba = [220, 0, 0, 45];
/// Outline of an avoid zone.
pub const ZONE_EDGE: Rgba = [200, 0, 0, 255];
/// Fill of a via point marker (light blue, as in the app).
pub const VIA: Rgba = [200, 220, 255, 255];

/// Checkpoint fills by kind, in the order of `plan::CheckpointKind::ALL` (arrival,
/// departure, choke point, safe haven, rally point, holding room, check-in,
/// observation post): light tints, so the black number and code stay readable.
pub const CHECKPOINT_KINDS: [Rgba; 8] = [
    [170, 225, 170, 255],
    [255, 236, 150, 255],
    [255, 190, 130, 255],
    [150, 210, 255, 255],
    [210, 190, 255, 255],
    [255, 200, 220, 255],
    [200, 240, 240, 255],
    [225, 225, 200, 255],
];
