//! What the planner is working on: the movement and venue selected, the side panel's
//! page, the map tool and the zone being drawn, the route and turn shown, and the risk
//! view choices. Changed only by [`super::Command`]s; not saved.

use crate::plan::{CheckpointKind, RouteRole};
use geo::Point;

/// What a click on the map does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Select and drag markers; drag elsewhere pans.
    Select,
    /// Set the movement's origin.
    Origin,
    /// Set its destination.
    Destination,
    /// Add a via point.
    Via,
    /// Place a checkpoint of the chosen kind.
    Checkpoint,
    /// Add corners of an avoid zone.
    AvoidZone,
}

impl Tool {
    /// Every tool, in toolbar order.
    pub const ALL: [Tool; 6] = [
        Tool::Select,
        Tool::Origin,
        Tool::Destination,
        Tool::Via,
        Tool::Checkpoint,
        Tool::AvoidZone,
    ];

    /// The toolbar's text and hover help.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Tool::Select => ("Select", "Select and drag markers; drag the map to pan"),
            Tool::Origin => (
                "Set origin",
                "Click the map to set where the movement starts",
            ),
            Tool::Destination => ("Set destination", "Click the map to set where it ends"),
            Tool::Via => ("Add via", "Click the map to add a via point"),
            Tool::Checkpoint => (
                "Add checkpoint",
                "Click the map to place a checkpoint of the chosen kind",
            ),
            Tool::AvoidZone => (
                "Draw avoid zone",
                "Click the corners of an area to keep out of; Enter or 'Finish zone' closes it",
            ),
        }
    }
}

/// The side panel's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Plan tree and the movement's settings.
    Plan,
    /// Checkpoints and timing.
    Schedule,
    /// Route comparison, time against risk, turn by turn.
    Routes,
    /// Venue assessment.
    Venue,
    /// Team and comms.
    Team,
    /// The advance log.
    Log,
}

impl Tab {
    /// Every page, in tab order, with its title.
    pub const ALL: [(Tab, &'static str); 6] = [
        (Tab::Plan, "Plan"),
        (Tab::Schedule, "Schedule"),
        (Tab::Routes, "Routes"),
        (Tab::Venue, "Venue"),
        (Tab::Team, "Team"),
        (Tab::Log, "Log"),
    ];
}

/// The selection and the active tool.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// Index of the selected movement.
    pub movement: usize,
    /// Index of the venue on the venue page.
    pub venue: usize,
    /// The route whose turns are listed.
    pub shown_role: RouteRole,
    /// The highlighted turn of that route.
    pub step: Option<usize>,
    /// The side panel's page.
    pub tab: Tab,
    /// What a click on the map does.
    pub tool: Tool,
    /// The kind of checkpoint the checkpoint tool places.
    pub checkpoint_kind: CheckpointKind,
    /// Corners of the avoid zone being drawn.
    pub draft_zone: Vec<Point<f64>>,
    /// Paint the primary's hazards and choke points by score.
    pub risk_colours: bool,
    /// The risk weight whose route is bold in the time-against-risk table.
    pub risk_weight: f64,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            movement: 0,
            venue: 0,
            shown_role: RouteRole::Primary,
            step: None,
            tab: Tab::Plan,
            tool: Tool::Select,
            checkpoint_kind: CheckpointKind::ChokePoint,
            draft_zone: Vec::new(),
            risk_colours: false,
            risk_weight: 2.0,
        }
    }
}
