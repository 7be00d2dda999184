//! Name search over streets and places: case- and accent-insensitive substring
//! matching, ranked exact > prefix > word start > substring > all words anywhere,
//! then towns before places before streets, then shorter names.

use super::graph::RoadGraph;
use super::place::{Place, PlaceKind};
use super::settlement::{Settlement, SettlementKind};
use geo::{Coord, Point};
use serde::Serialize;
use std::collections::HashMap;

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "kind")]
pub enum HitKind {
    /// A place of this kind.
    Place(PlaceKind),
    /// A named street (all its segments within a few hundred metres of each other).
    Street,
    /// A city, town, village, hamlet or district.
    Settlement(SettlementKind),
    /// An MGRS or UTM reference typed as the query: the point it names.
    GridReference,
}

impl HitKind {
    /// "street", the settlement kind ("town") or the place kind key.
    pub fn label(self) -> &'static str {
        match self {
            HitKind::Place(k) => k.key(),
            HitKind::Street => "street",
            HitKind::Settlement(k) => k.key(),
            HitKind::GridReference => "grid reference",
        }
    }

    /// Sort order among equally good matches: towns, then places, then streets.
    fn order(self) -> u8 {
        match self {
            HitKind::GridReference | HitKind::Settlement(_) => 0,
            HitKind::Place(_) => 1,
            HitKind::Street => 2,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Place or street.
    pub kind: HitKind,
    /// The name as in the map.
    pub name: String,
    /// A representative point: the place, or the middle of the street's longest segment.
    pub location: Point<f64>,
    /// Index into [`super::Map::places`] for places.
    pub place: Option<u32>,
    /// The district and town the hit lies in ("Monte-Carlo, Monaco"), when a
    /// settlement on the map reaches it: tells apart equal names in different towns.
    pub area: Option<String>,
}

#[derive(Debug)]
struct Entry {
    key: String,
    hit: SearchHit,
}

/// The prepared search index.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    entries: Vec<Entry>,
}

/// Lower-cases, strips accents (transliterates to ASCII) and turns punctuation into
/// single spaces: "Hôtel de Paris Monte-Carlo" -> "hotel de paris monte carlo".
pub fn normalize(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A street cluster being built: name, bbox in degrees, best segment so far.
struct Cluster {
    bbox: [f64; 4],
    best_len: f64,
    mid: Coord<f64>,
}

/// About 500 m in degrees of latitude: segments of one name closer than this are one street.
const STREET_GAP_DEG: f64 = 0.0045;

impl NameIndex {
    pub(crate) fn build(
        graph: &RoadGraph,
        places: &[Place],
        settlements: &[Settlement],
    ) -> NameIndex {
        let mut entries: Vec<Entry> = places
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let name = p.name.clone()?;
                Some(Entry {
                    key: normalize(&name),
                    hit: SearchHit {
                        kind: HitKind::Place(p.kind),
                        name,
                        location: p.location,
                        place: Some(i as u32),
                        area: None,
                    },
                })
            })
            .collect();
        entries.extend(settlements.iter().map(|s| Entry {
            key: normalize(&s.name),
            hit: SearchHit {
                kind: HitKind::Settlement(s.kind),
                name: s.name.clone(),
                location: s.location,
                place: None,
                area: None,
            },
        }));
        entries.extend(street_entries(graph));
        NameIndex { entries }
    }

    /// Up to `limit` hits for `query`, best first.
    pub(crate) fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let q = normalize(query);
        if q.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = q.split(' ').collect();
        let mut hits: Vec<(u8, &Entry)> = self
            .entries
            .iter()
            .filter_map(|e| match_rank(&e.key, &q, &words).map(|r| (r, e)))
            .collect();
        hits.sort_by(|(ra, a), (rb, b)| {
            let kind = |e: &Entry| e.hit.kind.order();
            (ra, kind(a), a.hit.name.len(), &a.hit.name).cmp(&(
                rb,
                kind(b),
                b.hit.name.len(),
                &b.hit.name,
            ))
        });
        hits.into_iter()
            .take(limit)
            .map(|(_, e)| e.hit.clone())
            .collect()
    }
}

/// Rank of a match (lower is better), or `None` when `key` does not match.
fn match_rank(key: &str, q: &str, words: &[&str]) -> Option<u8> {
    if key == q {
        Some(0)
    } else if key.starts_with(q) {
        Some(1)
    } else if key.contains(&format!(" {q}")) {
        Some(2)
    } else if key.contains(q) {
        Some(3)
    } else if words.len() > 1 && words.iter().all(|w| key.contains(w)) {
        Some(4)
    } else {
        None
    }
}

fn street_entries(graph: &RoadGraph) -> Vec<Entry> {
    let mut by_name: HashMap<&str, Vec<Cluster>> = HashMap::new();
    for s in 0..graph.segment_count() as u32 {
        let Some(name) = graph.segment_way(s).name.as_deref() else {
            continue;
        };
        let pts = graph.segment_points(s);
        let len = graph.segment_length_m(s);
        let mid = pts[pts.len() / 2];
        let clusters = by_name.entry(name).or_default();
        let near = clusters.iter_mut().find(|c| {
            mid.x >= c.bbox[0] - STREET_GAP_DEG
                && mid.x <= c.bbox[2] + STREET_GAP_DEG
                && mid.y >= c.bbox[1] - STREET_GAP_DEG
                && mid.y <= c.bbox[3] + STREET_GAP_DEG
        });
        match near {
            Some(c) => {
                c.bbox = [
                    c.bbox[0].min(mid.x),
                    c.bbox[1].min(mid.y),
                    c.bbox[2].max(mid.x),
                    c.bbox[3].max(mid.y),
                ];
                if len > c.best_len {
                    c.best_len = len;
                    c.mid = mid;
                }
            }
            None => clusters.push(Cluster {
                bbox: [mid.x, mid.y, mid.x, mid.y],
                best_len: len,
                mid,
            }),
        }
    }
    let mut out: Vec<Entry> = by_name
        .into_iter()
        .flat_map(|(name, clusters)| {
            clusters.into_iter().map(move |c| Entry {
                key: normalize(name),
                hit: SearchHit {
                    kind: HitKind::Street,
                    name: name.to_string(),
                    location: Point::from(c.mid),
                    place: None,
                    area: None,
                },
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.hit.name, a.hit.location.x(), a.hit.location.y())
            .partial_cmp(&(&b.hit.name, b.hit.location.x(), b.hit.location.y()))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_accents_case_and_punctuation() {
        assert_eq!(
            normalize("Hôtel de Paris Monte-Carlo"),
            "hotel de paris monte carlo"
        );
        assert_eq!(normalize("  Monégasque!! "), "monegasque");
    }

    #[test]
    fn ranks_exact_prefix_word_substring() {
        let words = ["casino"];
        assert_eq!(match_rank("casino", "casino", &words), Some(0));
        assert_eq!(
            match_rank("casino de monte carlo", "casino", &words),
            Some(1)
        );
        assert_eq!(match_rank("cafe de casino", "casino", &words), Some(2));
        assert_eq!(match_rank("xcasinox", "casino", &words), Some(3));
        assert_eq!(match_rank("hotel", "casino", &words), None);
        let words = ["monte", "casino"];
        assert_eq!(
            match_rank("casino de monte carlo", "monte casino", &words),
            Some(4)
        );
    }
}
