//! Turn-by-turn directions from a route's edges: depart, continue, slight/normal/sharp
//! left and right, U-turn, roundabouts with the exit number, via points and arrival,
//! each with the street, the distance to the next instruction and the time so far.

use super::cost::{TurnKind, turn_angle};
use super::route::{Route, RouteEdge};
use super::search::Costing;
use crate::map::{NodeId, WayFlags};
use geo::Point;
use serde::{Deserialize, Serialize};

/// What the driver or walker does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Maneuver {
    Depart,
    Continue,
    SlightLeft,
    SlightRight,
    Left,
    Right,
    SharpLeft,
    SharpRight,
    UTurn,
    Roundabout,
    Via,
    Arrive,
}

/// One step of the directions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instruction {
    /// What to do.
    pub maneuver: Maneuver,
    /// For roundabouts: which exit (1 = first).
    pub exit: Option<u8>,
    /// Street taken: "Name (REF)", the name, or the road number.
    pub street: Option<String>,
    /// Where (lon/lat).
    pub location: Point<f64>,
    /// Metres from the start of the route to here.
    pub along_m: f64,
    /// Metres from here to the next instruction.
    pub distance_m: f64,
    /// Seconds from the start of the route to here.
    pub time_s: f64,
}

impl Instruction {
    /// The instruction in plain English.
    pub fn text(&self) -> String {
        let onto = |verb: &str| match &self.street {
            Some(s) => format!("{verb} onto {s}"),
            None => verb.to_string(),
        };
        match self.maneuver {
            Maneuver::Depart => match &self.street {
                Some(s) => format!("Depart on {s}"),
                None => "Depart".into(),
            },
            Maneuver::Continue => onto("Continue"),
            Maneuver::SlightLeft => onto("Bear left"),
            Maneuver::SlightRight => onto("Bear right"),
            Maneuver::Left => onto("Turn left"),
            Maneuver::Right => onto("Turn right"),
            Maneuver::SharpLeft => onto("Turn sharp left"),
            Maneuver::SharpRight => onto("Turn sharp right"),
            Maneuver::UTurn => onto("Make a U-turn"),
            Maneuver::Roundabout => {
                let exit = self.exit.map(ordinal).unwrap_or_else(|| "an".into());
                onto(&format!("At the roundabout, take the {exit} exit"))
            }
            Maneuver::Via => "Reach the via point".into(),
            Maneuver::Arrive => "Arrive at the destination".into(),
        }
    }
}

fn ordinal(n: u8) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn street(e: &RouteEdge) -> Option<String> {
    match (&e.name, &e.road_ref) {
        (Some(n), Some(r)) => Some(format!("{n} ({r})")),
        (Some(n), None) => Some(n.clone()),
        (None, Some(r)) => Some(r.clone()),
        (None, None) => None,
    }
}

fn turn_maneuver(kind: TurnKind, angle: f64) -> Maneuver {
    let right = angle > 0.0;
    match (kind, right) {
        (TurnKind::Straight, _) => Maneuver::Continue,
        (TurnKind::Slight, true) => Maneuver::SlightRight,
        (TurnKind::Slight, false) => Maneuver::SlightLeft,
        (TurnKind::Normal, true) => Maneuver::Right,
        (TurnKind::Normal, false) => Maneuver::Left,
        (TurnKind::Sharp, true) => Maneuver::SharpRight,
        (TurnKind::Sharp, false) => Maneuver::SharpLeft,
        (TurnKind::UTurn, _) => Maneuver::UTurn,
    }
}

struct Walker<'a> {
    ctx: &'a Costing<'a>,
    out: Vec<Instruction>,
    roundabout: Option<(usize, u8)>,
}

impl Walker<'_> {
    fn push(
        &mut self,
        maneuver: Maneuver,
        street: Option<String>,
        at: Point<f64>,
        along_m: f64,
        time_s: f64,
    ) {
        self.out.push(Instruction {
            maneuver,
            exit: None,
            street,
            location: at,
            along_m,
            distance_m: 0.0,
            time_s,
        });
    }

    /// Other ways out of `v` than straight back.
    fn options(&self, v: NodeId, prev: &RouteEdge) -> usize {
        let g = self.ctx.map.graph();
        let back = g.edge_segment(prev.edge);
        g.out_edges(v)
            .filter(|&e| self.ctx.costs.allowed[e as usize] && g.edge_segment(e) != back)
            .count()
    }

    fn step(&mut self, prev: &RouteEdge, cur: &RouteEdge, along_m: f64, time_s: f64) {
        let g = self.ctx.map.graph();
        let v = g.tail(cur.edge);
        let at = Point::from(g.node_coord(v));
        let (was_round, is_round) = (
            prev.flags.contains(WayFlags::ROUNDABOUT),
            cur.flags.contains(WayFlags::ROUNDABOUT),
        );
        if is_round && !was_round {
            self.roundabout = Some((self.out.len(), 0));
            self.push(Maneuver::Roundabout, None, at, along_m, time_s);
            return;
        }
        if let Some((i, exits)) = self.roundabout {
            let exits_here = g.out_edges(v).any(|e| {
                self.ctx.costs.allowed[e as usize]
                    && !g.edge_way(e).flags.contains(WayFlags::ROUNDABOUT)
            });
            if is_round {
                self.roundabout = Some((i, exits + u8::from(exits_here)));
            } else {
                self.out[i].exit = Some(exits + 1);
                self.out[i].street = street(cur);
                self.roundabout = None;
            }
            return;
        }
        let angle = turn_angle(
            f64::from(self.ctx.costs.bearing_in[prev.edge as usize]),
            f64::from(self.ctx.costs.bearing_out[cur.edge as usize]),
        );
        let kind = if g.edge_segment(prev.edge) == g.edge_segment(cur.edge) {
            TurnKind::UTurn
        } else {
            TurnKind::from_angle(angle)
        };
        let renamed = street(prev) != street(cur);
        let choice = self.options(v, prev) > 1;
        if kind == TurnKind::UTurn
            || (choice && (renamed || kind != TurnKind::Straight))
            || (renamed && kind != TurnKind::Straight)
        {
            self.push(turn_maneuver(kind, angle), street(cur), at, along_m, time_s);
        } else if renamed {
            self.push(Maneuver::Continue, street(cur), at, along_m, time_s);
        }
    }
}

/// Directions for a route whose edges, legs and snapped points are filled in.
pub(crate) fn build(ctx: &Costing, route: &Route) -> Vec<Instruction> {
    let mut w = Walker {
        ctx,
        out: Vec::new(),
        roundabout: None,
    };
    let Some(first) = route.edges.first() else {
        return w.out;
    };
    let start = route
        .snapped
        .first()
        .copied()
        .unwrap_or(Point::new(0.0, 0.0));
    w.push(Maneuver::Depart, street(first), start, 0.0, 0.0);
    let (mut along, mut time) = (0.0, 0.0);
    for pair in route.edges.windows(2) {
        let (prev, cur) = (&pair[0], &pair[1]);
        along += prev.length_m;
        time += prev.duration_s;
        if cur.leg != prev.leg {
            let at = route.snapped.get(cur.leg).copied().unwrap_or(start);
            w.push(Maneuver::Via, street(cur), at, along, time);
            continue;
        }
        w.step(prev, cur, along, time);
    }
    let end = route.snapped.last().copied().unwrap_or(start);
    w.push(
        Maneuver::Arrive,
        None,
        end,
        route.length_m,
        route.duration_s,
    );
    for i in 0..w.out.len().saturating_sub(1) {
        w.out[i].distance_m = w.out[i + 1].along_m - w.out[i].along_m;
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(3), "3rd");
        assert_eq!(ordinal(4), "4th");
        assert_eq!(ordinal(11), "11th");
    }

    #[test]
    fn maneuvers_by_side_and_sharpness() {
        assert_eq!(turn_maneuver(TurnKind::Normal, 90.0), Maneuver::Right);
        assert_eq!(turn_maneuver(TurnKind::Normal, -90.0), Maneuver::Left);
        assert_eq!(turn_maneuver(TurnKind::Slight, -40.0), Maneuver::SlightLeft);
        assert_eq!(turn_maneuver(TurnKind::Sharp, 150.0), Maneuver::SharpRight);
    }
}
