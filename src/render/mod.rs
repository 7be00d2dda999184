//! Static map rendering (tiny-skia): any window of the map at print resolution, with
//! routes, checkpoints, havens and choke points on top, a scale bar, a north arrow, a
//! legend and the OpenStreetMap credit. The style lives in [`style`] and is shared with
//! the desktop app.

mod furniture;
pub mod grid_lines;
mod raster;
mod sea;
pub mod style;
pub mod text;
pub mod tiles;
mod view;

pub use raster::{Marker, Overlay, OverlayRoute, RenderOptions, RouteKind, render, render_base};
pub use view::View;
