//! Cordon: offline executive-protection route planning over OpenStreetMap extracts.
//!
//! The library is plain data and pure functions (see `ARCHITECTURE.md`): [`osm`] reads
//! a `.osm.pbf` into a [`map::Map`]; later modules route, assess risk, plan and export
//! over it. The GUI lives only in `src/app` and the CLI in `src/main.rs`.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![warn(missing_docs)]

#[cfg(feature = "gui")]
pub mod app;
pub mod atomic;
pub mod commands;
pub mod coord;
pub mod export;
pub mod format;
pub mod grid;
pub mod input;
pub mod map;
pub mod osm;
pub mod plan;
pub mod render;
pub mod risk;
pub mod routing;
