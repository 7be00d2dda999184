//! Text on rasters with the embedded DejaVu Sans (ab_glyph), and text measurement for
//! the PDF layout (the same font file is embedded in the PDF).

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use tiny_skia::Pixmap;

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt).
pub const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The two faces, parsed.
pub struct Fonts {
    /// Regular.
    pub regular: FontRef<'static>,
    /// Bold.
    pub bold: FontRef<'static>,
}

impl Fonts {
    /// Parses the embedded fonts (they are known-good: a unit test parses them).
    pub fn load() -> Option<Fonts> {
        Some(Fonts {
            regular: FontRef::try_from_slice(REGULAR_TTF).ok()?,
            bold: FontRef::try_from_slice(BOLD_TTF).ok()?,
        })
    }

    /// The face for `bold`.
    pub fn face(&self, bold: bool) -> &FontRef<'static> {
        if bold { &self.bold } else { &self.regular }
    }
}

/// The scale at which `size` is the em size (as PDF font sizes are), not the line height
/// (as ab_glyph's `PxScale` is).
fn em_scale(font: &FontRef, size: f32) -> PxScale {
    match font.units_per_em() {
        Some(upem) => PxScale::from(size * font.height_unscaled() / upem),
        None => PxScale::from(size),
    }
}

/// Advance width of `text` at em size `size` (same unit as `size`).
pub fn width(font: &FontRef, text: &str, size: f32) -> f32 {
    let f = font.as_scaled(em_scale(font, size));
    let mut w = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let g = f.glyph_id(c);
        if let Some(p) = prev {
            w += f.kern(p, g);
        }
        w += f.h_advance(g);
        prev = Some(g);
    }
    w
}

/// Draws `text` with its baseline starting at (x, y) in pixels.
pub fn draw(
    pixmap: &mut Pixmap,
    font: &FontRef,
    text: &str,
    x: f32,
    y: f32,
    size: f32,
    rgba: [u8; 4],
) {
    let scale = em_scale(font, size);
    let scaled = font.as_scaled(scale);
    let (w, h) = (pixmap.width() as i32, pixmap.height() as i32);
    let mut caret = x;
    let data = pixmap.pixels_mut();
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        let glyph = id.with_scale_and_position(scale, ab_glyph::point(caret, y));
        caret += scaled.h_advance(id);
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let b = outlined.px_bounds();
        outlined.draw(|gx, gy, cov| {
            let (px, py) = (b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32);
            if px < 0 || py < 0 || px >= w || py >= h {
                return;
            }
            let i = (py * w + px) as usize;
            let a = cov.clamp(0.0, 1.0) * f32::from(rgba[3]) / 255.0;
            let dst = data[i];
            let mix = |s: u8, d: u8| (f32::from(s) * a + f32::from(d) * (1.0 - a)).round() as u8;
            if let Some(p) = tiny_skia::PremultipliedColorU8::from_rgba(
                mix(rgba[0], dst.red()),
                mix(rgba[1], dst.green()),
                mix(rgba[2], dst.blue()),
                255,
            ) {
                data[i] = p;
            }
        });
    }
}

/// Draws text with a white halo so it reads over the map.
pub fn draw_halo(
    pixmap: &mut Pixmap,
    font: &FontRef,
    text: &str,
    x: f32,
    y: f32,
    size: f32,
    rgba: [u8; 4],
) {
    let halo = [255, 255, 255, 220];
    for (dx, dy) in [
        (-1.2, 0.0),
        (1.2, 0.0),
        (0.0, -1.2),
        (0.0, 1.2),
        (-0.9, -0.9),
        (0.9, 0.9),
        (-0.9, 0.9),
        (0.9, -0.9),
    ] {
        draw(pixmap, font, text, x + dx, y + dy, size, halo);
    }
    draw(pixmap, font, text, x, y, size, rgba);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_parse_and_measure_accents() {
        let f = Fonts::load().expect("embedded fonts parse");
        let w = width(&f.regular, "Monégasque", 10.0);
        // fontTools: the hmtx advances of "Monégasque" in DejaVu Sans sum to 13058 of
        // 2048 units per em, i.e. 63.76 at size 10.
        assert!((w - 63.76).abs() < 0.01, "{w}");
        assert!(width(&f.bold, "Hôtel", 10.0) > width(&f.regular, "Hôtel", 10.0));
    }
}
