//! A small page layout engine for the brief: text that wraps, headings, tables that
//! break across pages with their header repeated, and images; measured with the same
//! font that is embedded in the PDF. Pages are lists of drawing operations in
//! millimetres from the top-left corner; `pdf` turns them into PDF.

use crate::render::text::{self, Fonts};

/// Millimetres per point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 210 x 297 mm.
    A4,
    /// 8.5 x 11 in.
    Letter,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }
}

/// One drawing operation, positions in mm from the page's top-left corner; colours
/// are RGB bytes, text sizes points.
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub enum Op {
    /// Text with its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        rgb: [u8; 3],
        text: String,
    },
    /// A filled rectangle (top-left `x`, `y`).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        rgb: [u8; 3],
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
        rgb: [u8; 3],
    },
    /// Image number `index` (top-left `x`, `y`).
    Image {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// A page's operations.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// In drawing order.
    pub ops: Vec<Op>,
}

/// A table column: header and width in mm.
pub struct Column<'a> {
    /// Header text.
    pub header: &'a str,
    /// Width in mm.
    pub width: f32,
}

/// The document being laid out.
pub struct Layout {
    /// Paper.
    pub paper: Paper,
    /// Pages so far.
    pub pages: Vec<Page>,
    /// Images referenced by `Op::Image`: pixel size and JPEG bytes.
    pub images: Vec<(u32, u32, Vec<u8>)>,
    fonts: Fonts,
    y: f32,
    /// Margins in mm: top band for the header, bottom band for the footer.
    pub margin: f32,
    header_band: f32,
    footer_band: f32,
}

const INK: [u8; 3] = [20, 20, 20];
const GREY: [u8; 3] = [225, 228, 232];
const RULE: [u8; 3] = [150, 150, 150];

impl Layout {
    /// An empty document; `None` only if the embedded fonts failed to parse.
    pub fn new(paper: Paper) -> Option<Layout> {
        let mut l = Layout {
            paper,
            pages: Vec::new(),
            images: Vec::new(),
            fonts: Fonts::load()?,
            y: 0.0,
            margin: 15.0,
            header_band: 14.0,
            footer_band: 14.0,
        };
        l.new_page();
        Some(l)
    }

    fn top(&self) -> f32 {
        self.margin + self.header_band
    }

    fn bottom(&self) -> f32 {
        self.paper.size_mm().1 - self.margin - self.footer_band
    }

    /// Usable width in mm.
    pub fn width(&self) -> f32 {
        self.paper.size_mm().0 - 2.0 * self.margin
    }

    /// Space left on the current page, mm.
    pub fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.top();
    }

    /// Starts a new page unless `h` mm still fit.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() {
            self.new_page();
        }
    }

    /// Moves down `h` mm.
    pub fn space(&mut self, h: f32) {
        self.y += h;
    }

    fn push(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.ops.push(op);
        }
    }

    /// Width of `t` in mm at `size` pt.
    pub fn text_width(&self, t: &str, size: f32, bold: bool) -> f32 {
        text::width(self.fonts.face(bold), t, size) * MM_PER_PT
    }

    /// Splits `t` into lines no wider than `w` mm (words longer than a line are cut).
    pub fn wrap(&self, t: &str, size: f32, bold: bool, w: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in t.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.text_width(&candidate, size, bold) <= w || line.is_empty() {
                    line = candidate;
                } else {
                    lines.push(std::mem::take(&mut line));
                    line = word.to_string();
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Text at an absolute position on the current page.
    pub fn text_at(&mut self, x: f32, y: f32, size: f32, bold: bool, t: &str) {
        self.push(Op::Text {
            x,
            y,
            size,
            bold,
            rgb: INK,
            text: t.to_string(),
        });
    }

    /// The height a table needs at a page's foot: its header and up to three rows.
    fn table_start_mm(rows: usize, size: f32) -> f32 {
        (1.0 + rows.min(3) as f32) * (size * MM_PER_PT * 1.3 + 1.4) + 4.0
    }

    /// A heading kept on the page of the table of `rows` rows in `size` pt under it.
    pub fn table_heading(&mut self, t: &str, level: u8, rows: usize, size: f32) {
        self.ensure(20.0 + Self::table_start_mm(rows, size));
        self.heading(t, level);
    }

    /// A heading: level 1 starts a new page.
    pub fn heading(&mut self, t: &str, level: u8) {
        let size = match level {
            1 => 16.0,
            2 => 12.5,
            _ => 10.5,
        };
        if level == 1 && self.y > self.top() + 1.0 {
            self.new_page();
        }
        let h = size * MM_PER_PT * 1.6;
        self.ensure(h + 12.0);
        let x = self.margin;
        // Long titles wrap instead of running off the page.
        for (i, line) in self.wrap(t, size, true, self.width()).iter().enumerate() {
            if i > 0 {
                self.ensure(h);
            }
            self.y += if i == 0 { h * 0.8 } else { h * 0.75 };
            self.text_at(x, self.y, size, true, line);
        }
        self.y += h * 0.35;
        if level <= 2 {
            let (x2, y) = (self.margin + self.width(), self.y);
            self.push(Op::Line {
                x1: x,
                y1: y,
                x2,
                y2: y,
                width_pt: 0.6,
                rgb: RULE,
            });
            self.y += 1.5;
        }
    }

    /// A wrapped paragraph.
    pub fn paragraph(&mut self, t: &str, size: f32) {
        let lh = size * MM_PER_PT * 1.35;
        for line in self.wrap(t, size, false, self.width()) {
            self.ensure(lh);
            self.y += lh;
            let x = self.margin;
            self.text_at(x, self.y - lh * 0.25, size, false, &line);
        }
        self.y += lh * 0.4;
    }

    /// Label: value lines, the label in bold.
    pub fn key_values(&mut self, rows: &[(&str, String)], size: f32) {
        let label_w = rows
            .iter()
            .map(|(k, _)| self.text_width(k, size, true))
            .fold(0.0, f32::max)
            + 3.0;
        let lh = size * MM_PER_PT * 1.35;
        for (k, v) in rows {
            let lines = self.wrap(v, size, false, self.width() - label_w);
            self.ensure(lh * lines.len() as f32);
            let x = self.margin;
            let top = self.y;
            self.text_at(x, top + lh * 0.75, size, true, k);
            for (i, l) in lines.iter().enumerate() {
                self.text_at(x + label_w, top + lh * (i as f32 + 0.75), size, false, l);
            }
            self.y += lh * lines.len() as f32;
        }
        self.y += lh * 0.4;
    }

    fn table_header(&mut self, cols: &[Column], size: f32) {
        let lh = size * MM_PER_PT * 1.35;
        let h = lh + 1.6;
        let x0 = self.margin;
        let total: f32 = cols.iter().map(|c| c.width).sum();
        self.push(Op::Rect {
            x: x0,
            y: self.y,
            w: total,
            h,
            rgb: GREY,
        });
        let mut x = x0;
        for c in cols {
            self.text_at(x + 1.0, self.y + lh * 0.8 + 0.6, size, true, c.header);
            x += c.width;
        }
        self.y += h;
    }

    /// A table whose rows never split; the header repeats on every page it spans.
    pub fn table(&mut self, cols: &[Column], rows: &[Vec<String>], size: f32) {
        // Never leave a header with fewer than three rows under it at a page's foot.
        self.ensure(Self::table_start_mm(rows.len(), size));
        let lh = size * MM_PER_PT * 1.3;
        self.table_header(cols, size);
        let total: f32 = cols.iter().map(|c| c.width).sum();
        for row in rows {
            let cells: Vec<Vec<String>> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    self.wrap(
                        row.get(i).map(String::as_str).unwrap_or(""),
                        size,
                        false,
                        c.width - 2.0,
                    )
                })
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = lh * n as f32 + 1.4;
            if self.y + h > self.bottom() {
                self.new_page();
                self.table_header(cols, size);
            }
            let mut x = self.margin;
            for (c, lines) in cols.iter().zip(&cells) {
                for (i, l) in lines.iter().enumerate() {
                    self.text_at(
                        x + 1.0,
                        self.y + lh * (i as f32 + 0.8) + 0.4,
                        size,
                        false,
                        l,
                    );
                }
                x += c.width;
            }
            self.y += h;
            let (x0, y) = (self.margin, self.y);
            self.push(Op::Line {
                x1: x0,
                y1: y,
                x2: x0 + total,
                y2: y,
                width_pt: 0.3,
                rgb: [200, 200, 200],
            });
        }
        self.y += 3.0;
    }

    /// A JPEG image `w` mm wide (height from its aspect), on this page if it fits.
    pub fn image(&mut self, width_px: u32, height_px: u32, jpeg: Vec<u8>, w: f32) {
        let h = w * height_px as f32 / width_px.max(1) as f32;
        self.ensure(h + 2.0);
        self.images.push((width_px, height_px, jpeg));
        let index = self.images.len() - 1;
        let (x, y) = (self.margin, self.y);
        self.push(Op::Image { index, x, y, w, h });
        self.y += h + 3.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12, item 16: a long movement title wraps inside the page.
    #[test]
    fn long_headings_wrap_inside_the_page() {
        let mut l = Layout::new(Paper::A4).unwrap();
        let title =
            "Movement m1: ".to_string() + &"Héliport de Monaco to the Hôtel de Paris ".repeat(6);
        l.heading(&title, 1);
        let texts: Vec<(f32, f32, String)> = l.pages[0]
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { x, size, text, .. } => Some((*x, *size, text.clone())),
                _ => None,
            })
            .collect();
        assert!(texts.len() > 1, "the title takes several lines: {texts:?}");
        for (x, size, text) in &texts {
            let right = x + l.text_width(text, *size, true);
            assert!(
                right <= l.margin + l.width() + 0.01,
                "{text} runs off the page"
            );
        }
        let joined: Vec<&str> = texts.iter().map(|t| t.2.as_str()).collect();
        assert_eq!(
            joined.join(" ").split_whitespace().count(),
            title.split_whitespace().count()
        );
    }
}
