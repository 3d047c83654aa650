//! Progress messages at most every [`PROGRESS_EVERY_MS`], the last one always.

use web_time::Instant;

/// Minimum milliseconds between two progress messages of one request.
pub const PROGRESS_EVERY_MS: f64 = 100.0;

/// Lets a progress report through when enough time has passed since the last one.
pub struct Throttle {
    last: Option<Instant>,
}

impl Throttle {
    /// A throttle that lets the first report through.
    pub fn new() -> Throttle {
        Throttle { last: None }
    }

    /// Whether to send this report: always when `last` (the final report), else when the
    /// previous one is at least [`PROGRESS_EVERY_MS`] old.
    pub fn ready(&mut self, last: bool) -> bool {
        let due = self.last.is_none_or(|t| t.elapsed().as_secs_f64() * 1e3 >= PROGRESS_EVERY_MS);
        if due || last {
            self.last = Some(Instant::now());
        }
        due || last
    }
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle::new()
    }
}
