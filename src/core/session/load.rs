//! The page's side of a load, as plain Rust: which parts of the file go to which parse worker,
//! what each [`ParseEvent`] changes, when a part must be parsed again from a true record
//! boundary, and when every part is in and the engine can take them.
//!
//! The page only posts the parts this session names and hands it the workers' messages, in
//! whatever order they arrive; the encoded columns of each part are an opaque `B` here (a
//! transferred `ArrayBuffer` in the browser, a [`Dataset`](crate::core::data::Dataset) in the
//! native tests).

use std::collections::BTreeMap;

use crate::core::data::loader::SPLIT_MIN_BYTES;
use crate::core::data::{reconcile, LoadProgress, Part, PartBounds, BROWSER_MAX_BYTES};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::protocol::ParseEvent;

/// Most parse workers a load uses.
pub const MAX_PARSE_WORKERS: usize = 4;

/// Parse workers worth starting on a machine with `cores` cores: one per core, 1 to
/// [`MAX_PARSE_WORKERS`].
pub fn max_parse_workers(cores: usize) -> usize {
    cores.clamp(1, MAX_PARSE_WORKERS)
}

/// How many parse workers a file of `file_bytes` gets on a machine with `cores` cores: one
/// below [`SPLIT_MIN_BYTES`], else [`max_parse_workers`].
pub fn parse_workers(file_bytes: u64, cores: usize) -> usize {
    if file_bytes < SPLIT_MIN_BYTES {
        1
    } else {
        max_parse_workers(cores)
    }
}

/// Refuses a browser load whose bytes, with those already loaded when the file is added to
/// them, exceed [`BROWSER_MAX_BYTES`].
pub fn check_browser_size(loaded_bytes: u64, file_bytes: u64) -> Result<()> {
    let bytes = loaded_bytes.saturating_add(file_bytes);
    if bytes > BROWSER_MAX_BYTES {
        return Err(Error::new(ErrorKind::TooLarge { bytes, limit: BROWSER_MAX_BYTES }));
    }
    Ok(())
}

/// What the page does after a parse event.
#[derive(Debug)]
pub enum LoadStep<B> {
    /// Nothing visible changed (e.g. a message for a part that is being parsed again).
    Nothing,
    /// The progress changed: show [`LoadSession::progress`].
    Progress,
    /// A part is in; others are still being parsed.
    Waiting,
    /// Part `index` did not begin where the part before it really ended: have its worker parse
    /// `part` (exact, from the true boundary).
    Again {
        /// Which part.
        index: usize,
        /// The exact range to parse.
        part: Part,
    },
    /// Every part is in and they meet at true record boundaries: the parts' columns in file
    /// order, and the load's stage timings (milliseconds by name).
    Complete {
        /// Each part's encoded columns, in file order.
        parts: Vec<B>,
        /// Milliseconds per stage: each part's parse and encode (`part 2 again parse` for one
        /// parsed again), plus the stages the page recorded.
        stages_ms: BTreeMap<String, f64>,
    },
    /// A part failed: the load ends with this message (naming the file).
    Failed(String),
}

/// A load in progress: the parts, what each worker reported, and the timings.
#[derive(Debug)]
pub struct LoadSession<B> {
    file_name: String,
    parts: Vec<Part>,
    done: Vec<Option<(B, PartBounds)>>,
    again: Vec<bool>,
    progress: LoadProgress,
    stages_ms: BTreeMap<String, f64>,
    finished: bool,
}

impl<B> LoadSession<B> {
    /// A load of `file_name` (`file_bytes` long) cut into `parts` (nominal ranges in file order
    /// tiling the file, e.g. [`Part::split`]).
    pub fn new(file_name: &str, file_bytes: u64, parts: Vec<Part>) -> LoadSession<B> {
        let n = parts.len();
        LoadSession {
            file_name: file_name.to_owned(),
            done: (0..n).map(|_| None).collect(),
            again: vec![false; n],
            progress: LoadProgress::new(file_bytes, n),
            parts,
            stages_ms: BTreeMap::new(),
            finished: false,
        }
    }

    /// The parts to post, in order: part `i` to worker `i`.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Progress over all parts so far.
    pub fn progress(&self) -> &LoadProgress {
        &self.progress
    }

    /// The file's name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// Records a stage timing the page measured (e.g. starting the workers).
    pub fn record_stage(&mut self, name: &str, ms: f64) {
        self.stages_ms.insert(name.to_owned(), ms);
    }

    /// Takes `event` from the worker of part `index`, with the part's columns `payload` when
    /// the event is [`ParseEvent::Done`]; `elapsed_ms` is the time since the load started.
    /// Events after the load completed or failed, or for a part index it does not have, change
    /// nothing.
    pub fn on_event(
        &mut self,
        index: usize,
        event: ParseEvent,
        payload: Option<B>,
        elapsed_ms: f64,
    ) -> LoadStep<B> {
        if self.finished || index >= self.parts.len() {
            return LoadStep::Nothing;
        }
        match event {
            ParseEvent::Progress(p) => {
                self.progress.update(index, p, elapsed_ms);
                LoadStep::Progress
            }
            ParseEvent::Done { bounds, parse_ms, encode_ms, .. } => {
                let Some(payload) = payload else {
                    self.finished = true;
                    return LoadStep::Failed(format!(
                        "{}: part {} of the file came back without its columns.",
                        self.file_name,
                        index + 1
                    ));
                };
                let part = format!("part {}{}", index + 1, if self.again[index] { " again" } else { "" });
                self.stages_ms.insert(format!("{part} parse"), parse_ms);
                self.stages_ms.insert(format!("{part} encode"), encode_ms);
                self.done[index] = Some((payload, bounds));
                if self.done.iter().any(Option::is_none) {
                    return LoadStep::Waiting;
                }
                let bounds: Vec<PartBounds> = self.done.iter().flatten().map(|(_, b)| *b).collect();
                if let Some((again, exact)) = reconcile(&self.parts, &bounds) {
                    self.done[again] = None;
                    self.again[again] = true;
                    self.parts[again] = exact;
                    return LoadStep::Again { index: again, part: exact };
                }
                self.finished = true;
                let parts = self.done.iter_mut().map(|d| d.take().expect("every part is in").0).collect();
                LoadStep::Complete { parts, stages_ms: std::mem::take(&mut self.stages_ms) }
            }
            ParseEvent::Failed { message } => {
                self.finished = true;
                LoadStep::Failed(format!("{}: {message}", self.file_name))
            }
        }
    }
}
