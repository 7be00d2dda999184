//! Writing laid-out pages as a PDF with printpdf: real text in the embedded DejaVu Sans
//! (selectable, searchable, accents included), map images, and on every page the
//! classification marking at top and bottom, the plan name, date, page numbers and the
//! OpenStreetMap credit.

use super::layout::{Layout, MM_PER_PT, Op};
use crate::render::text::{BOLD_TTF, REGULAR_TTF};
use printpdf::{
    Color, ColorBits, ColorSpace, Image, ImageTransform, ImageXObject, IndirectFontRef, Line, Mm,
    PdfDocument, PdfLayerReference, Point, Px, Rgb,
};

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the PDF: {0}")]
pub struct PdfError(pub String);

/// What the header and footer of every page carry.
pub struct Furniture<'a> {
    /// Classification marking.
    pub classification: &'a str,
    /// Plan name.
    pub title: &'a str,
    /// Date line.
    pub date: &'a str,
    /// Prepared by.
    pub author: &'a str,
    /// The handling line ("Not to be copied. Return after use.").
    pub handling: &'a str,
}

fn rgb(c: [u8; 3]) -> Color {
    Color::Rgb(Rgb::new(
        f32::from(c[0]) / 255.0,
        f32::from(c[1]) / 255.0,
        f32::from(c[2]) / 255.0,
        None,
    ))
}

struct Fonts {
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    metrics: crate::render::text::Fonts,
}

impl Fonts {
    fn width_mm(&self, t: &str, size: f32, bold: bool) -> f32 {
        crate::render::text::width(self.metrics.face(bold), t, size) * MM_PER_PT
    }
}

/// Renders the layout to PDF bytes.
///
/// # Errors
/// [`PdfError`] if printpdf fails.
pub fn write(layout: Layout, f: &Furniture) -> Result<Vec<u8>, PdfError> {
    let (w, h) = layout.paper.size_mm();
    let (doc, p1, l1) = PdfDocument::new(f.title, Mm(w), Mm(h), "brief");
    let err = |e: printpdf::Error| PdfError(e.to_string());
    let fonts = Fonts {
        regular: doc
            .add_external_font(std::io::Cursor::new(REGULAR_TTF))
            .map_err(err)?,
        bold: doc
            .add_external_font(std::io::Cursor::new(BOLD_TTF))
            .map_err(err)?,
        metrics: crate::render::text::Fonts::load()
            .ok_or_else(|| PdfError("the embedded fonts do not parse".into()))?,
    };
    let total = layout.pages.len();
    let mut images: Vec<Option<(u32, u32, Vec<u8>)>> =
        layout.images.into_iter().map(Some).collect();
    for (i, page) in layout.pages.iter().enumerate() {
        let layer = if i == 0 {
            doc.get_page(p1).get_layer(l1)
        } else {
            let (p, l) = doc.add_page(Mm(w), Mm(h), "brief");
            doc.get_page(p).get_layer(l)
        };
        for op in &page.ops {
            draw(&layer, op, h, &fonts, &mut images);
        }
        furniture(&layer, &fonts, f, (w, h), layout.margin, i + 1, total);
    }
    doc.save_to_bytes().map_err(err)
}

/// Size (pt), weight and colour of a piece of text.
#[derive(Clone, Copy)]
struct Look {
    size: f32,
    bold: bool,
    colour: [u8; 3],
}

fn text(
    layer: &PdfLayerReference,
    fonts: &Fonts,
    (x, y_top): (f32, f32),
    page_h: f32,
    look: Look,
    t: &str,
) {
    layer.set_fill_color(rgb(look.colour));
    let font = if look.bold {
        &fonts.bold
    } else {
        &fonts.regular
    };
    layer.use_text(t, look.size, Mm(x), Mm(page_h - y_top), font);
}

fn draw(
    layer: &PdfLayerReference,
    op: &Op,
    page_h: f32,
    fonts: &Fonts,
    images: &mut [Option<(u32, u32, Vec<u8>)>],
) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold,
            rgb: c,
            text: t,
        } => text(
            layer,
            fonts,
            (*x, *y),
            page_h,
            Look {
                size: *size,
                bold: *bold,
                colour: *c,
            },
            t,
        ),
        Op::Rect { x, y, w, h, rgb: c } => {
            layer.set_fill_color(rgb(*c));
            layer.add_rect(printpdf::Rect::new(
                Mm(*x),
                Mm(page_h - y - h),
                Mm(x + w),
                Mm(page_h - y),
            ));
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width_pt,
            rgb: c,
        } => {
            layer.set_outline_color(rgb(*c));
            layer.set_outline_thickness(*width_pt);
            layer.add_line(Line {
                points: vec![
                    (Point::new(Mm(*x1), Mm(page_h - y1)), false),
                    (Point::new(Mm(*x2), Mm(page_h - y2)), false),
                ],
                is_closed: false,
            });
        }
        Op::Image { index, x, y, w, h } => {
            if let Some(img) = images.get_mut(*index).and_then(Option::take) {
                image(layer, page_h, img, (*x, *y, *w, *h));
            }
        }
    }
}

/// A JPEG placed at `x, y` (top left, mm from the page's top left), `w` by `h` mm.
fn image(
    layer: &PdfLayerReference,
    page_h: f32,
    (pw, ph, data): (u32, u32, Vec<u8>),
    (x, y, w, h): (f32, f32, f32, f32),
) {
    {
        {
            let image = Image::from(ImageXObject {
                width: Px(pw as usize),
                height: Px(ph as usize),
                color_space: ColorSpace::Rgb,
                bits_per_component: ColorBits::Bit8,
                interpolate: true,
                image_data: data,
                image_filter: Some(printpdf::ImageFilter::DCT),
                smask: None,
                clipping_bbox: None,
            });
            let dpi = pw as f32 / (w / 25.4);
            image.add_to_layer(
                layer.clone(),
                ImageTransform {
                    translate_x: Some(Mm(x)),
                    translate_y: Some(Mm(page_h - y - h)),
                    dpi: Some(dpi),
                    ..Default::default()
                },
            );
        }
    }
}

fn furniture(
    layer: &PdfLayerReference,
    fonts: &Fonts,
    f: &Furniture,
    (w, h): (f32, f32),
    margin: f32,
    page: usize,
    total: usize,
) {
    let small = Look {
        size: 8.0,
        bold: false,
        colour: [60, 60, 60],
    };
    let mark_look = Look {
        size: 11.0,
        bold: true,
        colour: [170, 0, 0],
    };
    let mark = f.classification.to_uppercase();
    let mx = (w - fonts.width_mm(&mark, 11.0, true)) / 2.0;
    text(layer, fonts, (mx, margin - 4.0), h, mark_look, &mark);
    text(layer, fonts, (mx, h - margin + 8.0), h, mark_look, &mark);
    text(layer, fonts, (margin, margin + 5.0), h, small, f.title);
    let right = format!("{}  ·  prepared by {}", f.date, f.author);
    text(
        layer,
        fonts,
        (
            w - margin - fonts.width_mm(&right, 8.0, false),
            margin + 5.0,
        ),
        h,
        small,
        &right,
    );
    text(
        layer,
        fonts,
        (margin, h - margin + 2.0),
        h,
        Look { size: 7.5, ..small },
        "Map data © OpenStreetMap contributors (ODbL)",
    );
    let hx = (w - fonts.width_mm(f.handling, 7.5, true)) / 2.0;
    text(
        layer,
        fonts,
        (hx, margin + 0.5),
        h,
        Look {
            size: 7.5,
            bold: true,
            ..small
        },
        f.handling,
    );
    let pages = format!("page {page} of {total}");
    text(
        layer,
        fonts,
        (
            w - margin - fonts.width_mm(&pages, 8.0, false),
            h - margin + 2.0,
        ),
        h,
        small,
        &pages,
    );
}
