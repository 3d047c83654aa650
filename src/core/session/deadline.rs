//! Deadlines of a worker's requests: no worker can hang the page.
//!
//! A request is due within a deadline of the worker's *silence*: any message from the worker
//! (progress included) restarts the clock, so a long run that reports progress is never
//! overdue, while a worker stuck in a loop is. Workers answer requests in order, so the oldest
//! waiting request is the one being worked on, and its deadline is the one that counts.
//! Times are milliseconds on any monotonic clock the caller passes in.

use std::collections::VecDeque;

use crate::core::protocol::EngineRequest;

/// Silence allowed to the trainer on any request (preparing the full export's features sends
/// no progress for a while; training, tuning, importance and applying report often).
pub const TRAINER_DEADLINE_MS: f64 = 300_000.0;

/// Silence allowed to the sandbox reading a model file (up to the 256 MB cap) or predicting.
pub const SANDBOX_DEADLINE_MS: f64 = 120_000.0;

/// What an engine request is, for people, and the silence it is allowed (ms).
pub fn engine_deadline(request: &EngineRequest) -> (&'static str, f64) {
    match request {
        EngineRequest::Ingest { .. } => ("assembling the dataset", 300_000.0),
        EngineRequest::Dashboard { .. } => ("the dashboard", 120_000.0),
        EngineRequest::Profile { .. } => ("the column profiles", 120_000.0),
        EngineRequest::Page { .. } => ("a page of rows", 60_000.0),
        EngineRequest::WhatIfOptions => ("the what-if form's lists", 60_000.0),
        EngineRequest::ClassBalance { .. } => ("the class balance", 60_000.0),
        EngineRequest::ShareDataset => ("a copy of the dataset for training", 120_000.0),
        EngineRequest::PredictionsCsv { .. } => ("the predictions CSV", 120_000.0),
        EngineRequest::Report { .. } => ("the report", 300_000.0),
        EngineRequest::CheckModel { .. } => ("reading a model file", SANDBOX_DEADLINE_MS),
        EngineRequest::WhatIf { .. } => ("the what-if predictions", SANDBOX_DEADLINE_MS),
        EngineRequest::Busy { .. } => ("a test of deadlines", 1_000.0),
    }
}

/// The requests a worker has not answered yet, and when it was last heard from.
#[derive(Debug, Clone)]
pub struct Deadlines {
    /// Requests sent and not yet answered, oldest first: what, and its deadline in ms.
    waiting: VecDeque<(String, f64)>,
    /// When the worker last sent a message, or the oldest waiting request started.
    heard_ms: f64,
}

impl Deadlines {
    /// No request waiting; the worker was last heard at `now_ms` (when it was started).
    pub fn new(now_ms: f64) -> Deadlines {
        Deadlines { waiting: VecDeque::new(), heard_ms: now_ms }
    }

    /// A request `what` was sent at `now_ms`, due within `deadline_ms` of silence. When no
    /// other request is waiting, its clock starts now.
    pub fn request(&mut self, what: &str, deadline_ms: f64, now_ms: f64) {
        if self.waiting.is_empty() {
            self.heard_ms = now_ms;
        }
        self.waiting.push_back((what.to_owned(), deadline_ms));
    }

    /// The worker sent a message at `now_ms` (any message: progress restarts the clock).
    pub fn heard(&mut self, now_ms: f64) {
        self.heard_ms = now_ms;
    }

    /// The oldest waiting request was answered at `now_ms`; the clock of the next starts then.
    pub fn answered(&mut self, now_ms: f64) {
        self.waiting.pop_front();
        self.heard_ms = now_ms;
    }

    /// What the oldest waiting request is, if any.
    pub fn waiting_for(&self) -> Option<&str> {
        self.waiting.front().map(|(what, _)| what.as_str())
    }

    /// The oldest waiting request and its deadline (ms), when the worker has been silent for
    /// longer than that deadline at `now_ms`.
    pub fn overdue(&self, now_ms: f64) -> Option<(String, f64)> {
        let (what, deadline) = self.waiting.front()?;
        (now_ms - self.heard_ms > *deadline).then(|| (what.clone(), *deadline))
    }
}
