//! Writing routes and plans for other tools. So far: GeoJSON FeatureCollections of
//! routes (RFC 7946: lon,lat order, no CRS member), through the `geojson` crate.

pub mod geojson;
