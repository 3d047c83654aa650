//! How long a run has left, from how far it got and how long that took.
//!
//! [`Eta`] is started at a run's first progress report, so time spent before it (building the
//! matrix, copying the dataset to the trainer) does not skew the rate. The estimate assumes the
//! rest goes at the average rate so far, and is withheld until it means something: at least
//! 1 % of the work and half a second measured.

/// The start of a run's measured progress.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Eta {
    /// When the first report arrived (ms, any clock).
    pub started_ms: f64,
    /// The fraction done at that report, 0–1.
    pub started_fraction: f64,
}

impl Eta {
    /// Starts measuring at `now_ms` with `fraction` done.
    pub fn start(now_ms: f64, fraction: f64) -> Eta {
        Eta { started_ms: now_ms, started_fraction: fraction }
    }

    /// Milliseconds left when `fraction` is done at `now_ms`, if there is enough to go on.
    pub fn remaining_ms(&self, now_ms: f64, fraction: f64) -> Option<f64> {
        let done = fraction - self.started_fraction;
        let elapsed = now_ms - self.started_ms;
        if done < 0.01 || elapsed < 500.0 || fraction >= 1.0 {
            return None;
        }
        Some(elapsed * (1.0 - fraction) / done)
    }
}

/// A remaining time for people: "about 1 min 20 s left", "about 40 s left", "a few seconds left".
pub fn remaining_text(ms: f64) -> String {
    let s = (ms / 1000.0).round() as u64;
    match s {
        0..=4 => "a few seconds left".to_owned(),
        5..=59 => format!("about {s} s left"),
        _ => {
            // Round to 10 s above a minute: the estimate is not better than that.
            let s = (s + 5) / 10 * 10;
            if s % 60 == 0 {
                format!("about {} min left", s / 60)
            } else {
                format!("about {} min {} s left", s / 60, s % 60)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extrapolates_from_the_first_report() {
        // 10 % done at t = 1 s; 30 % at t = 5 s: 20 % took 4 s, 70 % takes 14 s more.
        let eta = Eta::start(1_000.0, 0.1);
        let left = eta.remaining_ms(5_000.0, 0.3).unwrap();
        assert!((left - 14_000.0).abs() < 1e-6, "{left}");
        assert_eq!(eta.remaining_ms(1_200.0, 0.3), None, "too little time measured");
        assert_eq!(eta.remaining_ms(5_000.0, 0.105), None, "too little progress measured");
        assert_eq!(eta.remaining_ms(9_000.0, 1.0), None, "done");
    }

    #[test]
    fn reads_well() {
        assert_eq!(remaining_text(2_400.0), "a few seconds left");
        assert_eq!(remaining_text(41_000.0), "about 41 s left");
        assert_eq!(remaining_text(83_000.0), "about 1 min 20 s left");
        assert_eq!(remaining_text(118_000.0), "about 2 min left");
    }
}
