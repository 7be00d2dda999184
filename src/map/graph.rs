//! The road graph: compact arrays indexed by `u32` ids with CSR adjacency.
//!
//! A *segment* is the piece of one OSM way between two graph nodes (intersections, way
//! ends, the ends of a run clipped by missing nodes, and nodes that carry a flag such
//! as traffic signals). Its geometry is stored once. An *edge* is one direction of
//! travel along a segment; a two-way street gives two edges, a oneway street gives one
//! car edge and (for pedestrians) one foot-only edge back. Edges are sorted by tail
//! node so that `first_out[n]..first_out[n + 1]` are the edges leaving node `n`.

use geo::Coord;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Index of a graph node.
pub type NodeId = u32;
/// Index of a directed edge.
pub type EdgeId = u32;
/// Index of an undirected segment (the geometry shared by an edge and its reverse).
pub type SegmentId = u32;
/// Marks "no edge" in [`RoadGraph::segment_edges`] storage.
pub const NO_EDGE: EdgeId = u32::MAX;
/// Index of a road way in [`RoadGraph::ways`].
pub type WayIdx = u32;

/// The OSM `highway` classes Cordon routes on, from the biggest road to the smallest path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum RoadClass {
    Motorway,
    MotorwayLink,
    Trunk,
    TrunkLink,
    Primary,
    PrimaryLink,
    Secondary,
    SecondaryLink,
    Tertiary,
    TertiaryLink,
    Unclassified,
    Residential,
    LivingStreet,
    Service,
    Track,
    Road,
    Pedestrian,
    Footway,
    Path,
    Cycleway,
    Bridleway,
    Steps,
    Corridor,
}

impl RoadClass {
    /// Every class, in the order above.
    pub const ALL: [RoadClass; 23] = [
        Self::Motorway,
        Self::MotorwayLink,
        Self::Trunk,
        Self::TrunkLink,
        Self::Primary,
        Self::PrimaryLink,
        Self::Secondary,
        Self::SecondaryLink,
        Self::Tertiary,
        Self::TertiaryLink,
        Self::Unclassified,
        Self::Residential,
        Self::LivingStreet,
        Self::Service,
        Self::Track,
        Self::Road,
        Self::Pedestrian,
        Self::Footway,
        Self::Path,
        Self::Cycleway,
        Self::Bridleway,
        Self::Steps,
        Self::Corridor,
    ];

    /// The OSM `highway=*` value of this class.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Motorway => "motorway",
            Self::MotorwayLink => "motorway_link",
            Self::Trunk => "trunk",
            Self::TrunkLink => "trunk_link",
            Self::Primary => "primary",
            Self::PrimaryLink => "primary_link",
            Self::Secondary => "secondary",
            Self::SecondaryLink => "secondary_link",
            Self::Tertiary => "tertiary",
            Self::TertiaryLink => "tertiary_link",
            Self::Unclassified => "unclassified",
            Self::Residential => "residential",
            Self::LivingStreet => "living_street",
            Self::Service => "service",
            Self::Track => "track",
            Self::Road => "road",
            Self::Pedestrian => "pedestrian",
            Self::Footway => "footway",
            Self::Path => "path",
            Self::Cycleway => "cycleway",
            Self::Bridleway => "bridleway",
            Self::Steps => "steps",
            Self::Corridor => "corridor",
        }
    }

    /// The class of a `highway=*` value, or `None` for values that are not routable
    /// (construction, proposed, platform, raceway, ...).
    pub fn from_highway(value: &str) -> Option<RoadClass> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }

    /// Whether cars may use this class when no access tag says otherwise.
    pub fn car_by_default(self) -> bool {
        !matches!(
            self,
            Self::Pedestrian
                | Self::Footway
                | Self::Path
                | Self::Cycleway
                | Self::Bridleway
                | Self::Steps
                | Self::Corridor
        )
    }

    /// Whether pedestrians may use this class when no access tag says otherwise.
    pub fn foot_by_default(self) -> bool {
        !matches!(self, Self::Motorway | Self::MotorwayLink)
    }
}

/// Legal access for one kind of traffic, from the OSM access tags, from the most open
/// to the most closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Open to all (`yes`, `designated`, `permissive`, or the class default).
    Yes,
    /// Only to reach a destination on it (`destination`, `delivery`, `customers`).
    Destination,
    /// Private (`private`, `permit`): usable only with permission.
    Private,
    /// Not allowed.
    No,
}

impl Access {
    /// Whether the road physically and legally carries this traffic at all (anything but
    /// `No`); profiles decide whether `Destination` and `Private` are acceptable.
    pub fn is_usable(self) -> bool {
        self != Access::No
    }
}

/// Direction of a oneway restriction for vehicles, relative to the way's node order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Oneway {
    /// Both directions.
    No,
    /// Only in the way's node order (`oneway=yes`, roundabouts, motorways).
    Forward,
    /// Only against the way's node order (`oneway=-1`).
    Backward,
}

macro_rules! bit_flags {
    ($(#[$meta:meta])* $name:ident($t:ty) { $($(#[$fmeta:meta])* $flag:ident = $bit:expr;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub struct $name(pub $t);
        impl $name {
            $($(#[$fmeta])* pub const $flag: $name = $name(1 << $bit);)*
            /// True when every bit of `other` is set.
            pub fn contains(self, other: $name) -> bool { self.0 & other.0 == other.0 }
            /// Sets the bits of `other`.
            pub fn insert(&mut self, other: $name) { self.0 |= other.0; }
            /// True when no bit is set.
            pub fn is_empty(self) -> bool { self.0 == 0 }
        }
        impl std::ops::BitOr for $name {
            type Output = $name;
            fn bitor(self, o: $name) -> $name { $name(self.0 | o.0) }
        }
    };
}

bit_flags! {
    /// Structural facts about a way that risk assessment and routing need.
    WayFlags(u8) {
        /// `bridge=*` other than `no`.
        BRIDGE = 0;
        /// `tunnel=*` other than `no` (includes `building_passage`).
        TUNNEL = 1;
        /// `covered=yes` or `tunnel=building_passage`: an underpass.
        COVERED = 2;
        /// `junction=roundabout` or `circular`.
        ROUNDABOUT = 3;
        /// An unpaved `surface` (gravel, dirt, grass, ...).
        UNPAVED = 4;
        /// `toll=yes`.
        TOLL = 5;
    }
}

bit_flags! {
    /// Facts about a node on the road network.
    NodeFlags(u16) {
        /// Traffic lights: `highway=traffic_signals` or `crossing=traffic_signals`.
        TRAFFIC_SIGNALS = 0;
        /// `railway=level_crossing` or `railway=crossing`.
        LEVEL_CROSSING = 1;
        /// `highway=crossing`: a pedestrian crossing.
        CROSSING = 2;
        /// `highway=stop`.
        STOP = 3;
        /// `highway=give_way`.
        GIVE_WAY = 4;
        /// `barrier=*` (gate, bollard, lift gate, ...).
        BARRIER = 5;
        /// `highway=mini_roundabout`.
        MINI_ROUNDABOUT = 6;
        /// The lights are a pedestrian crossing's (`crossing=traffic_signals`), not a
        /// junction's.
        CROSSING_SIGNALS = 7;
        /// `traffic_signals:direction=forward`: the lights face traffic along the way.
        SIGNALS_FORWARD = 8;
        /// `traffic_signals:direction=backward`: the lights face traffic against it.
        SIGNALS_BACKWARD = 9;
    }
}

bit_flags! {
    /// Which traffic may use an edge, and how its geometry runs.
    EdgeFlags(u8) {
        /// Cars may drive this direction (access is not `no`; see the way for details).
        CAR = 0;
        /// Pedestrians may walk this direction.
        FOOT = 1;
        /// The edge runs against its segment's stored geometry.
        REVERSED = 2;
    }
}

/// What Cordon keeps of a routable OSM way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WayInfo {
    /// The OSM way id, for reporting.
    pub osm_id: i64,
    /// Road class from `highway=*`.
    pub class: RoadClass,
    /// `name=*`.
    pub name: Option<Box<str>>,
    /// `ref=*` (road number).
    pub road_ref: Option<Box<str>>,
    /// Parsed `maxspeed=*` in km/h.
    pub maxspeed_kmh: Option<f32>,
    /// Oneway for vehicles (`oneway:motorcar` ... `oneway`, and directional access
    /// such as `motor_vehicle:backward=no`).
    pub oneway: Oneway,
    /// Oneway for pedestrians (`oneway:foot`; they walk both ways otherwise).
    #[serde(default = "two_way")]
    pub foot_oneway: Oneway,
    /// Car access.
    pub car: Access,
    /// Foot access.
    pub foot: Access,
    /// Bridge, tunnel, roundabout, ...
    pub flags: WayFlags,
    /// `lanes=*`.
    pub lanes: Option<u8>,
    /// Parsed `width=*` in metres.
    pub width_m: Option<f32>,
    /// `layer=*`, 0 when absent.
    pub layer: i8,
}

fn two_way() -> Oneway {
    Oneway::No
}

impl WayInfo {
    /// A plain two-way residential street: the base that tag parsing refines.
    pub fn new(osm_id: i64, class: RoadClass) -> WayInfo {
        WayInfo {
            osm_id,
            class,
            name: None,
            road_ref: None,
            maxspeed_kmh: None,
            oneway: Oneway::No,
            foot_oneway: Oneway::No,
            car: if class.car_by_default() {
                Access::Yes
            } else {
                Access::No
            },
            foot: if class.foot_by_default() {
                Access::Yes
            } else {
                Access::No
            },
            flags: WayFlags::default(),
            lanes: None,
            width_m: None,
            layer: 0,
        }
    }
}

/// A `barrier=*` node: what it is and who its access tags shut out. Profiles decide
/// which kinds their mode passes (`assets/profiles.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Barrier {
    /// The kind: the `barrier` value, refined by its own key where that matters
    /// (`bollard=rising`, `kerb=lowered`).
    pub kind: Box<str>,
    /// Its access tags close it to cars (`motorcar`, `motor_vehicle`, `vehicle` or
    /// `access` = no).
    pub car_no: bool,
    /// Its access tags close it to pedestrians (`foot` or `access` = no).
    pub foot_no: bool,
    /// `maxheight=*` in metres (height restrictors).
    pub maxheight_m: Option<f32>,
}

/// Whether a restriction forbids one turn or mandates one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionKind {
    /// `no_*`: the turn from `from_way` into `to_way` is forbidden.
    No,
    /// `only_*`: from `from_way`, `to_way` is the only way out.
    Only,
}

/// A turn restriction (`type=restriction`) whose `via` is a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnRestriction {
    /// The OSM relation id.
    pub osm_id: i64,
    /// Forbidden or mandatory.
    pub kind: RestrictionKind,
    /// The tag value, e.g. `no_left_turn`.
    pub value: Box<str>,
    /// Way the vehicle arrives on.
    pub from_way: WayIdx,
    /// The node where the turn happens.
    pub via: NodeId,
    /// Way the vehicle leaves on.
    pub to_way: WayIdx,
}

/// The routable network of a map. Fields are crate-visible so the loader can build it;
/// readers use the accessors.
#[derive(Debug, Default, Clone)]
pub struct RoadGraph {
    pub(crate) node_coord: Vec<Coord<f64>>,
    pub(crate) node_osm_id: Vec<i64>,
    pub(crate) node_flags: Vec<NodeFlags>,
    pub(crate) first_out: Vec<u32>,
    pub(crate) edge_tail: Vec<NodeId>,
    pub(crate) edge_head: Vec<NodeId>,
    pub(crate) edge_segment: Vec<SegmentId>,
    pub(crate) edge_flags: Vec<EdgeFlags>,
    /// The edge along and the edge against each segment's geometry (`u32::MAX`: none).
    pub(crate) seg_edges: Vec<[EdgeId; 2]>,
    pub(crate) seg_way: Vec<WayIdx>,
    pub(crate) seg_length_m: Vec<f64>,
    pub(crate) seg_first_point: Vec<u32>,
    pub(crate) seg_points: Vec<Coord<f64>>,
    pub(crate) ways: Vec<WayInfo>,
    pub(crate) restrictions: Vec<TurnRestriction>,
    /// The barrier at each graph node that has one.
    pub(crate) barriers: std::collections::HashMap<NodeId, Barrier>,
}

/// Which kind of traffic a graph query is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Cars and motorcades.
    Car,
    /// Pedestrians.
    Foot,
}

impl Mode {
    fn flag(self) -> EdgeFlags {
        match self {
            Mode::Car => EdgeFlags::CAR,
            Mode::Foot => EdgeFlags::FOOT,
        }
    }
}

impl RoadGraph {
    /// Number of graph nodes.
    pub fn node_count(&self) -> usize {
        self.node_coord.len()
    }

    /// Number of directed edges.
    pub fn edge_count(&self) -> usize {
        self.edge_head.len()
    }

    /// Number of undirected segments.
    pub fn segment_count(&self) -> usize {
        self.seg_way.len()
    }

    /// Position of a node (x = lon, y = lat).
    pub fn node_coord(&self, n: NodeId) -> Coord<f64> {
        self.node_coord[n as usize]
    }

    /// OSM id of a node.
    pub fn node_osm_id(&self, n: NodeId) -> i64 {
        self.node_osm_id[n as usize]
    }

    /// The barrier at a node, if it has one.
    pub fn barrier(&self, n: NodeId) -> Option<&Barrier> {
        self.barriers.get(&n)
    }

    /// Every barrier node.
    pub fn barriers(&self) -> impl Iterator<Item = (NodeId, &Barrier)> + '_ {
        self.barriers.iter().map(|(&n, b)| (n, b))
    }

    /// Signals, crossings and barriers at a node.
    pub fn node_flags(&self, n: NodeId) -> NodeFlags {
        self.node_flags[n as usize]
    }

    /// The edges leaving `n`.
    pub fn out_edges(&self, n: NodeId) -> Range<EdgeId> {
        self.first_out[n as usize]..self.first_out[n as usize + 1]
    }

    /// The node an edge starts from.
    pub fn tail(&self, e: EdgeId) -> NodeId {
        self.edge_tail[e as usize]
    }

    /// The node an edge leads to.
    pub fn head(&self, e: EdgeId) -> NodeId {
        self.edge_head[e as usize]
    }

    /// Who may use an edge and how its geometry runs.
    pub fn edge_flags(&self, e: EdgeId) -> EdgeFlags {
        self.edge_flags[e as usize]
    }

    /// Whether `mode` may travel along `e`.
    pub fn allows(&self, e: EdgeId, mode: Mode) -> bool {
        self.edge_flags[e as usize].contains(mode.flag())
    }

    /// The segment an edge runs along.
    pub fn edge_segment(&self, e: EdgeId) -> SegmentId {
        self.edge_segment[e as usize]
    }

    /// Length of an edge in metres (the haversine length of its geometry).
    pub fn edge_length_m(&self, e: EdgeId) -> f64 {
        self.seg_length_m[self.edge_segment[e as usize] as usize]
    }

    /// The way an edge belongs to.
    pub fn edge_way(&self, e: EdgeId) -> &WayInfo {
        self.segment_way(self.edge_segment(e))
    }

    /// Index of the way an edge belongs to.
    pub fn edge_way_idx(&self, e: EdgeId) -> WayIdx {
        self.seg_way[self.edge_segment(e) as usize]
    }

    /// The edges of a segment: along its geometry and against it, where they exist.
    pub fn segment_edges(&self, s: SegmentId) -> impl Iterator<Item = EdgeId> + '_ {
        self.seg_edges[s as usize]
            .into_iter()
            .filter(|&e| e != NO_EDGE)
    }

    /// Index of the way a segment belongs to.
    pub fn seg_way_idx(&self, s: SegmentId) -> WayIdx {
        self.seg_way[s as usize]
    }

    /// The way a segment belongs to.
    pub fn segment_way(&self, s: SegmentId) -> &WayInfo {
        &self.ways[self.seg_way[s as usize] as usize]
    }

    /// Length of a segment in metres.
    pub fn segment_length_m(&self, s: SegmentId) -> f64 {
        self.seg_length_m[s as usize]
    }

    /// The stored geometry of a segment, in its way's node order.
    pub fn segment_points(&self, s: SegmentId) -> &[Coord<f64>] {
        let s = s as usize;
        &self.seg_points[self.seg_first_point[s] as usize..self.seg_first_point[s + 1] as usize]
    }

    /// The geometry of an edge in its direction of travel, tail first.
    pub fn edge_points(&self, e: EdgeId) -> Vec<Coord<f64>> {
        let mut pts = self.segment_points(self.edge_segment(e)).to_vec();
        if self.edge_flags(e).contains(EdgeFlags::REVERSED) {
            pts.reverse();
        }
        pts
    }

    /// Every routable way, indexed by [`WayIdx`].
    pub fn ways(&self) -> &[WayInfo] {
        &self.ways
    }

    /// Turn restrictions whose via is a node.
    pub fn restrictions(&self) -> &[TurnRestriction] {
        &self.restrictions
    }

    /// Strongly connected components of the network for `mode`: a component id per
    /// node (ids are arbitrary), found with an iterative Tarjan search.
    pub fn strongly_connected_components(&self, mode: Mode) -> Vec<u32> {
        self.strongly_connected_components_by(|e| self.allows(e, mode))
    }

    /// Strongly connected components over the edges `keep` accepts.
    pub fn strongly_connected_components_by(&self, keep: impl Fn(EdgeId) -> bool) -> Vec<u32> {
        scc::tarjan(
            self.node_count(),
            |v| self.out_edges(v),
            |_, e| keep(e).then(|| self.head(e)),
        )
    }
}

/// Strongly connected components of any graph given by its arcs, without recursion.
pub mod scc {
    use std::ops::Range;

    const UNSEEN: u32 = u32::MAX;

    struct State {
        index: Vec<u32>,
        low: Vec<u32>,
        on_stack: Vec<bool>,
        stack: Vec<u32>,
        comp: Vec<u32>,
        next_index: u32,
        next_comp: u32,
    }

    /// The component of each of `n` vertices (Tarjan). Vertex `v`'s candidate arcs are
    /// numbered `arcs(v)`; `head(v, a)` is where arc `a` leads, or `None` when it is not
    /// an arc after all.
    pub fn tarjan(
        n: usize,
        arcs: impl Fn(u32) -> Range<u32>,
        head: impl Fn(u32, u32) -> Option<u32>,
    ) -> Vec<u32> {
        let mut st = State {
            index: vec![UNSEEN; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            comp: vec![UNSEEN; n],
            next_index: 0,
            next_comp: 0,
        };
        for root in 0..n as u32 {
            if st.index[root as usize] == UNSEEN {
                visit(&arcs, &head, root, &mut st);
            }
        }
        st.comp
    }

    fn open(st: &mut State, v: u32) {
        st.index[v as usize] = st.next_index;
        st.low[v as usize] = st.next_index;
        st.next_index += 1;
        st.stack.push(v);
        st.on_stack[v as usize] = true;
    }

    fn visit(
        arcs: &impl Fn(u32) -> Range<u32>,
        head: &impl Fn(u32, u32) -> Option<u32>,
        root: u32,
        st: &mut State,
    ) {
        // Call stack of (vertex, arcs left to look at).
        let mut calls: Vec<(u32, Range<u32>)> = vec![(root, arcs(root))];
        open(st, root);
        while let Some((v, rest)) = calls.last_mut() {
            let v = *v;
            if let Some(a) = rest.next() {
                let Some(w) = head(v, a) else { continue };
                if st.index[w as usize] == UNSEEN {
                    open(st, w);
                    calls.push((w, arcs(w)));
                } else if st.on_stack[w as usize] {
                    st.low[v as usize] = st.low[v as usize].min(st.index[w as usize]);
                }
                continue;
            }
            calls.pop();
            if let Some((parent, _)) = calls.last() {
                let p = *parent as usize;
                st.low[p] = st.low[p].min(st.low[v as usize]);
            }
            if st.low[v as usize] == st.index[v as usize] {
                close_component(st, v);
            }
        }
    }

    fn close_component(st: &mut State, v: u32) {
        while let Some(w) = st.stack.pop() {
            st.on_stack[w as usize] = false;
            st.comp[w as usize] = st.next_comp;
            if w == v {
                break;
            }
        }
        st.next_comp += 1;
    }
}
