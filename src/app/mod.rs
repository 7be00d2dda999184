//! The desktop app (eframe/egui; the only place egui is used). Start-up loads the map
//! on a worker thread; the map view, the search box and the route table sit over the
//! same library calls the CLI uses. Panels return [`Command`]s that are applied after
//! layout, so tests can drive the app headless.

pub mod map_view;

use crate::map::{Map, SearchHit};
use crate::routing::{Profiles, RouteOptions, RouteSet, Router};
use egui::{Color32, Ui};
use geo::Point;
use map_view::{BaseLayer, Camera, OverlayLine, map_view_ui};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// What a panel asks for; applied after the frame's layout.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Command {
    /// Run the name search.
    Search(String),
    /// Set the origin.
    SetOrigin(String, Point<f64>),
    /// Set the destination.
    SetDestination(String, Point<f64>),
    /// Route from origin to destination.
    ComputeRoutes,
}

/// The app's state.
pub struct CordonApp {
    map: Option<Arc<Map>>,
    loading: Option<Receiver<Result<Map, String>>>,
    status: String,
    camera: Option<Camera>,
    query: String,
    hits: Vec<SearchHit>,
    origin: Option<(String, Point<f64>)>,
    destination: Option<(String, Point<f64>)>,
    profile: String,
    routes: Option<RouteSet>,
    error: Option<String>,
    map_rect: Option<egui::Rect>,
    base: BaseLayer,
}

impl CordonApp {
    /// Starts the app and loads `map` on a worker thread.
    pub fn new(map: PathBuf) -> CordonApp {
        let (tx, rx) = channel();
        let path = map.clone();
        std::thread::spawn(move || {
            let _ = tx.send(crate::osm::read(&path).map_err(|e| e.to_string()));
        });
        CordonApp {
            loading: Some(rx),
            status: format!("loading {}…", map.display()),
            ..CordonApp::empty()
        }
    }

    /// The app over an already loaded map (tests, and reuse).
    pub fn with_map(map: Map) -> CordonApp {
        CordonApp {
            map: Some(Arc::new(map)),
            status: "map loaded".into(),
            ..CordonApp::empty()
        }
    }

    fn empty() -> CordonApp {
        CordonApp {
            map: None,
            loading: None,
            status: String::new(),
            camera: None,
            query: String::new(),
            hits: Vec::new(),
            origin: None,
            destination: None,
            profile: "car".into(),
            routes: None,
            error: None,
            map_rect: None,
            base: BaseLayer::default(),
        }
    }

    /// Where a lon/lat point is on screen in the last frame (for tests and tooltips).
    pub fn screen_pos(&self, p: Point<f64>) -> Option<egui::Pos2> {
        Some(self.camera?.to_screen(self.map_rect?, p.0))
    }

    /// The origin, if set.
    pub fn origin(&self) -> Option<Point<f64>> {
        self.origin.as_ref().map(|o| o.1)
    }

    /// The routes computed last, if any.
    pub fn routes(&self) -> Option<&RouteSet> {
        self.routes.as_ref()
    }

    /// The whole window.
    pub fn ui_main(&mut self, ui: &mut Ui) {
        self.poll_loading();
        let mut commands = Vec::new();
        egui::Panel::left("planning")
            .default_size(300.0)
            .show(ui, |ui| commands.extend(self.side_ui(ui)));
        egui::CentralPanel::default().show(ui, |ui| commands.extend(self.central_ui(ui)));
        for c in commands {
            self.apply(c);
        }
    }

    fn poll_loading(&mut self) {
        let Some(rx) = &self.loading else { return };
        match rx.try_recv() {
            Ok(Ok(map)) => {
                self.map = Some(Arc::new(map));
                self.status = "map loaded".into();
                self.loading = None;
            }
            Ok(Err(e)) => {
                self.error = Some(e);
                self.status = "the map could not be loaded".into();
                self.loading = None;
            }
            Err(_) => {}
        }
    }

    fn side_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut out = Vec::new();
        ui.heading("Cordon");
        ui.label(&self.status);
        if let Some(e) = &self.error {
            ui.colored_label(Color32::from_rgb(170, 0, 0), e);
        }
        ui.separator();
        let label = ui.label("Search");
        let edit = ui
            .text_edit_singleline(&mut self.query)
            .labelled_by(label.id);
        if edit.changed() {
            out.push(Command::Search(self.query.clone()));
        }
        for h in self.hits.iter().take(8) {
            ui.horizontal(|ui| {
                ui.label(format!("{} ({})", h.name, h.kind.label()));
                if ui.small_button("from").clicked() {
                    out.push(Command::SetOrigin(h.name.clone(), h.location));
                }
                if ui.small_button("to").clicked() {
                    out.push(Command::SetDestination(h.name.clone(), h.location));
                }
            });
        }
        ui.separator();
        let name = |p: &Option<(String, Point<f64>)>| {
            p.as_ref()
                .map(|x| x.0.clone())
                .unwrap_or_else(|| "(click the map)".into())
        };
        ui.label(format!("Origin: {}", name(&self.origin)));
        ui.label(format!("Destination: {}", name(&self.destination)));
        egui::ComboBox::from_label("profile")
            .selected_text(self.profile.clone())
            .show_ui(ui, |ui| {
                for p in ["car", "motorcade", "foot"] {
                    ui.selectable_value(&mut self.profile, p.to_string(), p);
                }
            });
        if ui.button("Compute routes").clicked() {
            out.push(Command::ComputeRoutes);
        }
        self.route_table_ui(ui);
        out
    }

    fn route_table_ui(&self, ui: &mut Ui) {
        let Some(set) = &self.routes else { return };
        ui.separator();
        egui::Grid::new("routes").striped(true).show(ui, |ui| {
            for h in ["route", "length", "time", "shared"] {
                ui.strong(h);
            }
            ui.end_row();
            let row =
                |ui: &mut Ui, role: String, r: &crate::routing::Route, shared: Option<f64>| {
                    ui.label(role);
                    ui.label(format!("{:.2} km", r.length_m / 1000.0));
                    ui.label(format!("{:.1} min", r.duration_s / 60.0));
                    ui.label(
                        shared
                            .map(|s| format!("{:.0}%", s * 100.0))
                            .unwrap_or_default(),
                    );
                    ui.end_row();
                };
            row(ui, "primary".into(), &set.primary, None);
            for (i, a) in set.alternates.iter().enumerate() {
                row(
                    ui,
                    format!("alternate {}", i + 1),
                    &a.route,
                    Some(a.shared_fraction),
                );
            }
        });
        if let Some(n) = &set.note {
            ui.label(n);
        }
    }

    fn central_ui(&mut self, ui: &mut Ui) -> Vec<Command> {
        let Some(map) = self.map.clone() else {
            ui.centered_and_justified(|ui| ui.spinner());
            return Vec::new();
        };
        let cam = self
            .camera
            .get_or_insert_with(|| Camera::fit(map.extent(), ui.available_size()));
        let mut lines = Vec::new();
        if let Some(set) = &self.routes {
            for a in &set.alternates {
                lines.push(OverlayLine {
                    points: a.route.geometry.0.clone(),
                    colour: Color32::from_rgb(230, 159, 0),
                    width: 4.0,
                });
            }
            lines.push(OverlayLine {
                points: set.primary.geometry.0.clone(),
                colour: Color32::from_rgb(0, 114, 178),
                width: 5.0,
            });
        }
        let markers: Vec<(String, Point<f64>)> = [("A", &self.origin), ("B", &self.destination)]
            .into_iter()
            .filter_map(|(l, p)| p.as_ref().map(|p| (l.to_string(), p.1)))
            .collect();
        let r = map_view_ui(ui, &map, &mut self.base, cam, &lines, &markers);
        self.map_rect = Some(r.rect);
        match r.clicked {
            Some(p) if self.origin.is_none() => {
                vec![Command::SetOrigin(crate::coord::LatLon(p).to_string(), p)]
            }
            Some(p) => vec![Command::SetDestination(
                crate::coord::LatLon(p).to_string(),
                p,
            )],
            None => Vec::new(),
        }
    }

    /// Applies a command.
    pub fn apply(&mut self, c: Command) {
        match c {
            Command::Search(q) => {
                self.hits = self
                    .map
                    .as_ref()
                    .map(|m| m.search(&q, 20))
                    .unwrap_or_default()
            }
            Command::SetOrigin(n, p) => self.origin = Some((n, p)),
            Command::SetDestination(n, p) => self.destination = Some((n, p)),
            Command::ComputeRoutes => self.compute_routes(),
        }
    }

    fn compute_routes(&mut self) {
        let (Some(map), Some(a), Some(b)) = (&self.map, &self.origin, &self.destination) else {
            self.error = Some("set an origin and a destination first".into());
            return;
        };
        let profile = match Profiles::builtin().and_then(|p| p.get(&self.profile).cloned()) {
            Ok(p) => p,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        let router = Router::new(map, profile);
        match router.alternatives(&[a.1, b.1], &RouteOptions::default(), 2) {
            Ok(set) => {
                self.routes = Some(set);
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}

impl eframe::App for CordonApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.ui_main(ui);
        if self.loading.is_some() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
}

/// Opens the app window on `map`.
///
/// # Errors
/// When no window can be opened (no display, no GL).
pub fn run(map: PathBuf) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1400.0, 900.0])
            .with_title("Cordon"),
        ..Default::default()
    };
    eframe::run_native(
        "Cordon",
        options,
        Box::new(move |_cc| Ok(Box::new(CordonApp::new(map)))),
    )
}
