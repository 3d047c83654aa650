//! Progress of a load split across several parts, for the progress bar.

use serde::{Deserialize, Serialize};

use super::parser::PartProgress;

/// Aggregated progress of all parts of one load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadProgress {
    /// Size of the file.
    pub file_bytes: u64,
    /// Latest report of each part.
    pub parts: Vec<PartProgress>,
    /// Milliseconds since the load started, at the latest report.
    pub elapsed_ms: f64,
}

impl LoadProgress {
    /// Progress of a file about to be parsed in `parts` parts.
    pub fn new(file_bytes: u64, parts: usize) -> LoadProgress {
        LoadProgress { file_bytes, parts: vec![PartProgress::default(); parts], elapsed_ms: 0.0 }
    }

    /// Records a report from part `index` at `elapsed_ms`.
    pub fn update(&mut self, index: usize, progress: PartProgress, elapsed_ms: f64) {
        if let Some(slot) = self.parts.get_mut(index) {
            *slot = progress;
        }
        self.elapsed_ms = elapsed_ms;
    }

    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.parts.iter().map(|p| p.bytes).sum()
    }

    /// Rows parsed so far.
    pub fn rows(&self) -> u64 {
        self.parts.iter().map(|p| p.rows).sum()
    }

    /// Fraction of the file read, 0–1.
    pub fn fraction(&self) -> f64 {
        if self.file_bytes == 0 {
            return 0.0;
        }
        (self.bytes() as f64 / self.file_bytes as f64).clamp(0.0, 1.0)
    }

    /// Rows parsed per second so far.
    pub fn rows_per_second(&self) -> f64 {
        if self.elapsed_ms <= 0.0 {
            0.0
        } else {
            self.rows() as f64 / (self.elapsed_ms / 1e3)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_parts() {
        let mut p = LoadProgress::new(1000, 2);
        p.update(0, PartProgress { bytes: 250, rows: 10 }, 500.0);
        p.update(1, PartProgress { bytes: 250, rows: 10 }, 1000.0);
        assert_eq!(p.fraction(), 0.5);
        assert_eq!(p.rows(), 20);
        assert_eq!(p.rows_per_second(), 20.0);
    }
}
