//! Writing plans for people and other tools: the PDF brief (with maps from
//! [`crate::render`]), GPX 1.1, KML 2.2, GeoJSON (RFC 7946) and CSV.

pub mod brief;
pub mod fields;
pub mod geojson;
pub mod layout;
pub mod pdf;
