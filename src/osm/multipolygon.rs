//! Assembling closed rings from the member ways of a multipolygon relation.
//!
//! Member ways are joined end to end by shared node ids until each chain closes; a chain
//! that cannot close (a member is missing from a clipped file) is dropped, not guessed.
//! Each inner ring goes to the first outer ring that contains it.

use geo::{Contains, Coord, LineString, MultiPolygon, Polygon};
use std::collections::HashMap;

/// A member way as node ids (indices into the node table) and whether it is outer.
pub(crate) struct RingPiece {
    pub outer: bool,
    pub nodes: Vec<u32>,
}

/// Joins pieces into closed rings; returns the rings and how many pieces were left over.
pub(crate) fn close_rings(pieces: Vec<Vec<u32>>) -> (Vec<Vec<u32>>, usize) {
    let mut rings = Vec::new();
    let mut open: Vec<Option<Vec<u32>>> = Vec::new();
    for p in pieces.into_iter().filter(|p| p.len() >= 2) {
        if p.len() >= 4 && p.first() == p.last() {
            rings.push(p);
        } else {
            open.push(Some(p));
        }
    }
    let mut by_end: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, p) in open.iter().enumerate() {
        if let Some(p) = p {
            for end in [p[0], p[p.len() - 1]] {
                by_end.entry(end).or_default().push(i);
            }
        }
    }
    let mut dropped = 0;
    for start in 0..open.len() {
        let Some(mut chain) = open[start].take() else {
            continue;
        };
        while chain.first() != chain.last() {
            let Some(next) = take_touching(&mut open, &by_end, chain[chain.len() - 1]) else {
                break;
            };
            chain.extend_from_slice(&next[1..]);
        }
        if chain.len() >= 4 && chain.first() == chain.last() {
            rings.push(chain);
        } else {
            dropped += 1;
        }
    }
    (rings, dropped)
}

/// Removes and returns an unused piece with an end at `node`, oriented to start there.
fn take_touching(
    open: &mut [Option<Vec<u32>>],
    by_end: &HashMap<u32, Vec<usize>>,
    node: u32,
) -> Option<Vec<u32>> {
    let i = *by_end.get(&node)?.iter().find(|&&i| open[i].is_some())?;
    let mut piece = open[i].take()?;
    if piece[0] != node {
        piece.reverse();
    }
    Some(piece)
}

/// Builds a multipolygon from member pieces; `None` when no outer ring closes.
pub(crate) fn assemble(
    pieces: Vec<RingPiece>,
    pos: impl Fn(u32) -> Coord<f64>,
) -> (Option<MultiPolygon<f64>>, usize) {
    let (outer, inner): (Vec<_>, Vec<_>) = pieces.into_iter().partition(|p| p.outer);
    let (outer_rings, d1) = close_rings(outer.into_iter().map(|p| p.nodes).collect());
    let (inner_rings, d2) = close_rings(inner.into_iter().map(|p| p.nodes).collect());
    let ring = |r: &Vec<u32>| LineString::new(r.iter().map(|&n| pos(n)).collect());
    let mut polys: Vec<Polygon<f64>> = outer_rings
        .iter()
        .map(|r| Polygon::new(ring(r), vec![]))
        .collect();
    for r in &inner_rings {
        let ls = ring(r);
        let probe = geo::Point::from(ls.0[0]);
        if let Some(p) = polys.iter_mut().find(|p| p.contains(&probe)) {
            p.interiors_push(ls);
        }
    }
    let mp = (!polys.is_empty()).then(|| MultiPolygon::new(polys));
    (mp, d1 + d2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_pieces_in_any_direction() {
        // square 0-1-2-3-0 split in three pieces, one reversed
        let (rings, dropped) = close_rings(vec![vec![0, 1], vec![3, 2, 1], vec![3, 0]]);
        assert_eq!(dropped, 0);
        assert_eq!(rings.len(), 1);
        assert_eq!(rings[0].len(), 5);
        assert_eq!(rings[0].first(), rings[0].last());
    }

    #[test]
    fn drops_chains_that_cannot_close() {
        let (rings, dropped) = close_rings(vec![vec![0, 1, 2], vec![5, 6, 7, 5]]);
        assert_eq!(rings.len(), 1);
        assert_eq!(dropped, 1);
    }

    #[test]
    fn inner_ring_goes_into_its_outer() {
        let pts = [
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (0.0, 10.0),
            (4.0, 4.0),
            (6.0, 4.0),
            (6.0, 6.0),
        ];
        let pos = |i: u32| Coord {
            x: pts[i as usize].0,
            y: pts[i as usize].1,
        };
        let pieces = vec![
            RingPiece {
                outer: true,
                nodes: vec![0, 1, 2, 3, 0],
            },
            RingPiece {
                outer: false,
                nodes: vec![4, 5, 6, 4],
            },
        ];
        let (mp, dropped) = assemble(pieces, pos);
        let mp = mp.unwrap();
        assert_eq!(dropped, 0);
        assert_eq!(mp.0.len(), 1);
        assert_eq!(mp.0[0].interiors().len(), 1);
    }
}
