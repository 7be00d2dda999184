//! Cursor-on-Target events as TAK writes them: routes (`b-m-r`), spot markers
//! (`b-m-p-s-m`) and free-form shapes (`u-d-f`).
//!
//! Written by hand, not with an XML crate: no Rust crate writes CoT, the TAK schemas
//! fix the order of every detail element, and each event is a dozen flat elements, so
//! a small writer with one escaping rule says exactly what goes out. The element order
//! is that of the TAK Product Center's schemas (`Route.xsd`, `Marker - Spot.xsd`,
//! `Drawing Shapes - Free Form.xsd`) and of ATAK's own files.

use geo::Point;
use std::fmt::Write;

/// The event times: when it was made, and until when it holds.
#[derive(Debug, Clone)]
pub struct Times {
    /// `time` and `start` (ISO 8601, UTC).
    pub now: String,
    /// `stale`.
    pub stale: String,
}

impl Times {
    /// `generated` as CoT writes times, with `stale_days` of validity.
    pub fn at(generated: time::OffsetDateTime, stale_days: i64) -> Times {
        Times {
            now: iso(generated),
            stale: iso(generated + time::Duration::days(stale_days)),
        }
    }
}

/// `2026-12-04T19:52:18.123Z`.
fn iso(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// Escapes text for an XML attribute in single quotes or for element content.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&apos;"),
            '"' => out.push_str("&quot;"),
            // Control characters other than tab and newline, and U+FFFE and U+FFFF,
            // are not XML.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `lat,lon` with 7 decimals (about 1 cm), as TAK links carry points.
pub fn lat_lon(p: Point<f64>) -> String {
    format!("{:.7},{:.7}", p.y(), p.x())
}

/// An ARGB colour as TAK writes it: a signed 32-bit integer.
pub fn argb([r, g, b, a]: [u8; 4]) -> i32 {
    i32::from_be_bytes([a, r, g, b])
}

fn open_event(out: &mut String, uid: &str, kind: &str, how: &str, t: &Times, at: Point<f64>) {
    out.push_str("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n");
    let _ = writeln!(
        out,
        "<event version='2.0' uid='{}' type='{kind}' time='{}' start='{}' stale='{}' how='{how}'>",
        esc(uid),
        t.now,
        t.now,
        t.stale
    );
    let _ = writeln!(
        out,
        "\t<point lat='{:.7}' lon='{:.7}' hae='9999999.0' ce='9999999.0' le='9999999.0' />",
        at.y(),
        at.x()
    );
    out.push_str("\t<detail>\n");
}

fn close_event(out: &mut String) {
    out.push_str("\t</detail>\n</event>\n");
}

/// A point of a route: a named waypoint (a checkpoint, the start, the end) or an
/// unnamed control point that only shapes the line.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteLink {
    /// Its uid (ATAK makes a map item of each waypoint).
    pub uid: String,
    /// Waypoint name; empty for a control point.
    pub callsign: String,
    /// Waypoint (`b-m-p-w`) or control point (`b-m-p-c`).
    pub waypoint: bool,
    /// Where.
    pub at: Point<f64>,
    /// What the waypoint is; empty for a control point.
    pub remarks: String,
}

/// How a route is travelled and drawn.
#[derive(Debug, Clone)]
pub struct RouteStyle {
    /// `Driving` or `Walking`.
    pub method: &'static str,
    /// `Vehicle` or `On Foot` (ATAK's route types).
    pub kind: &'static str,
    /// `Primary` or `Secondary`.
    pub routetype: &'static str,
    /// Line colour.
    pub colour: i32,
}

/// A route event, `type="b-m-r"`.
pub fn route(
    uid: &str,
    name: &str,
    remarks: &str,
    links: &[RouteLink],
    style: &RouteStyle,
    t: &Times,
) -> String {
    let mut out = String::new();
    let at = links.first().map_or(Point::new(0.0, 0.0), |l| l.at);
    open_event(&mut out, uid, "b-m-r", "h-e", t, at);
    for l in links {
        let _ = writeln!(
            out,
            "\t\t<link uid='{}' callsign='{}' type='{}' point='{}' remarks='{}' relation='c'/>",
            esc(&l.uid),
            esc(&l.callsign),
            if l.waypoint { "b-m-p-w" } else { "b-m-p-c" },
            lat_lon(l.at),
            esc(&l.remarks)
        );
    }
    let _ = writeln!(
        out,
        "\t\t<link_attr planningmethod='Infil' color='{}' method='{}' prefix='CP' type='{}' stroke='3' direction='Infil' routetype='{}' order='Ascending Check Points'/>",
        style.colour, style.method, style.kind, style.routetype
    );
    let _ = writeln!(out, "\t\t<strokeColor value='{}'/>", style.colour);
    out.push_str("\t\t<strokeWeight value='3.0'/>\n");
    out.push_str("\t\t<__routeinfo>\n\t\t\t<__navcues/>\n\t\t</__routeinfo>\n");
    let _ = writeln!(out, "\t\t<contact callsign='{}'/>", esc(name));
    let _ = writeln!(out, "\t\t<remarks>{}</remarks>", esc(remarks));
    out.push_str("\t\t<archive/>\n\t\t<labels_on value='false'/>\n");
    let _ = writeln!(out, "\t\t<color value='{}'/>", style.colour);
    close_event(&mut out);
    out
}

/// A spot marker, `type="b-m-p-s-m"`: a haven or a venue.
pub struct Marker<'a> {
    /// Its uid.
    pub uid: &'a str,
    /// The name shown on the map.
    pub callsign: &'a str,
    /// Where.
    pub at: Point<f64>,
    /// What it is, phone, grid reference, marking.
    pub remarks: &'a str,
    /// A phone number in the form ATAK dials (`+` and digits), if any.
    pub phone: Option<&'a str>,
    /// Its colour.
    pub colour: i32,
}

/// A spot marker event.
pub fn marker(m: &Marker, t: &Times) -> String {
    let mut out = String::new();
    open_event(&mut out, m.uid, "b-m-p-s-m", "h-g-i-g-o", t, m.at);
    out.push_str("\t\t<status readiness='true'/>\n\t\t<archive/>\n");
    match m.phone {
        Some(p) => {
            let _ = writeln!(
                out,
                "\t\t<contact callsign='{}' phone='{}'/>",
                esc(m.callsign),
                esc(p)
            );
        }
        None => {
            let _ = writeln!(out, "\t\t<contact callsign='{}'/>", esc(m.callsign));
        }
    }
    let _ = writeln!(out, "\t\t<remarks>{}</remarks>", esc(m.remarks));
    let _ = writeln!(out, "\t\t<color argb='{}'/>", m.colour);
    out.push_str("\t\t<precisionlocation altsrc='???'/>\n");
    let _ = writeln!(
        out,
        "\t\t<usericon iconsetpath='COT_MAPPING_SPOTMAP/b-m-p-s-m/{}'/>",
        m.colour
    );
    close_event(&mut out);
    out
}

/// A closed free-form shape, `type="u-d-f"`: an avoid zone's ring (first point
/// repeated last).
pub fn shape(
    uid: &str,
    name: &str,
    remarks: &str,
    ring: &[Point<f64>],
    stroke: i32,
    fill: i32,
    t: &Times,
) -> String {
    let mut out = String::new();
    let n = ring.len().max(1) as f64;
    let centre = Point::new(
        ring.iter().map(|p| p.x()).sum::<f64>() / n,
        ring.iter().map(|p| p.y()).sum::<f64>() / n,
    );
    open_event(&mut out, uid, "u-d-f", "h-e", t, centre);
    for p in ring {
        let _ = writeln!(out, "\t\t<link point='{}'/>", lat_lon(*p));
    }
    let _ = writeln!(out, "\t\t<strokeColor value='{stroke}'/>");
    out.push_str("\t\t<strokeWeight value='3.0'/>\n");
    let _ = writeln!(out, "\t\t<fillColor value='{fill}'/>");
    let _ = writeln!(out, "\t\t<contact callsign='{}'/>", esc(name));
    let _ = writeln!(out, "\t\t<remarks>{}</remarks>", esc(remarks));
    out.push_str("\t\t<archive/>\n\t\t<labels_on value='true'/>\n");
    let _ = writeln!(out, "\t\t<color value='{stroke}'/>");
    out.push_str("\t\t<precisionlocation altsrc='???'/>\n");
    close_event(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_signed_argb_as_atak_writes_them() {
        assert_eq!(argb([0, 0, 255, 255]), -16_776_961);
        assert_eq!(argb([255, 255, 255, 255]), -1);
        assert_eq!(argb([255, 0, 0, 255]), -65_536);
        assert_eq!(argb([0, 0, 0, 0]), 0);
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            esc("Quai d'Artistes <A&B>"),
            "Quai d&apos;Artistes &lt;A&amp;B&gt;"
        );
        assert_eq!(esc("a\u{1}b\"c"), "a b&quot;c");
        assert_eq!(esc("x\u{FFFE}y"), "x y");
    }

    #[test]
    fn times_are_utc_with_milliseconds() {
        let t = time::OffsetDateTime::from_unix_timestamp_nanos(1_796_413_938_123_000_000)
            .expect("a time");
        let times = Times::at(t, 30);
        assert_eq!(times.now, "2026-12-04T19:52:18.123Z");
        assert_eq!(times.stale, "2027-01-03T19:52:18.123Z");
    }
}
