//! The metric catalogue: every metric the model comparison shows, with its label, which way is
//! better and how it is written. The page's comparison table, the HTML report and the CLI's
//! text summary all read it, so they list the same metrics and mark the same best values.

use super::RunResult;
use crate::core::format::{bytes, duration, pct};

/// Which way a metric is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Larger values are better (accuracy, F1…).
    HigherIsBetter,
    /// Smaller values are better (log-loss, time, size).
    LowerIsBetter,
}

/// One metric of a run.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    /// Machine name, the JSON key of the value (`macro_f1`).
    pub id: &'static str,
    /// Column header for people (`macro F1`).
    pub label: &'static str,
    /// Its value for a run, when the run has one (ROC AUC needs two classes, …).
    pub value: fn(&RunResult) -> Option<f64>,
    /// Which way is better.
    pub direction: Direction,
    /// How a value is written for people.
    pub format: fn(f64) -> String,
}

/// Four decimals: `0.6123`.
fn decimals(v: f64) -> String {
    format!("{v:.4}")
}

/// Every metric of the comparison, in column order.
pub const METRICS: &[Metric] = &[
    Metric {
        id: "accuracy",
        label: "accuracy",
        value: |r| Some(r.evaluation.accuracy),
        direction: Direction::HigherIsBetter,
        format: pct,
    },
    Metric {
        id: "balanced_accuracy",
        label: "balanced acc.",
        value: |r| Some(r.evaluation.balanced_accuracy),
        direction: Direction::HigherIsBetter,
        format: pct,
    },
    Metric {
        id: "macro_precision",
        label: "macro precision",
        value: |r| Some(r.evaluation.macro_precision),
        direction: Direction::HigherIsBetter,
        format: pct,
    },
    Metric {
        id: "macro_recall",
        label: "macro recall",
        value: |r| Some(r.evaluation.macro_recall),
        direction: Direction::HigherIsBetter,
        format: pct,
    },
    Metric {
        id: "macro_f1",
        label: "macro F1",
        value: |r| Some(r.evaluation.macro_f1),
        direction: Direction::HigherIsBetter,
        format: pct,
    },
    Metric {
        id: "weighted_f1",
        label: "weighted F1",
        value: |r| Some(r.evaluation.weighted_f1),
        direction: Direction::HigherIsBetter,
        format: pct,
    },
    Metric {
        id: "log_loss",
        label: "log-loss",
        value: |r| Some(r.evaluation.log_loss),
        direction: Direction::LowerIsBetter,
        format: decimals,
    },
    Metric {
        id: "roc_auc",
        label: "ROC AUC",
        value: |r| r.evaluation.roc_auc,
        direction: Direction::HigherIsBetter,
        format: decimals,
    },
    Metric {
        id: "train_ms",
        label: "train time",
        value: |r| Some(r.train_ms),
        direction: Direction::LowerIsBetter,
        format: duration,
    },
    Metric {
        id: "model_size_bytes",
        label: "model size",
        value: |r| r.evaluation.model_size_bytes.map(|b| b as f64),
        direction: Direction::LowerIsBetter,
        format: |v| bytes(v as u64),
    },
];

impl Metric {
    /// The metric of `run`, written for people (`–` when the run has none).
    pub fn show(&self, run: &RunResult) -> String {
        (self.value)(run).map_or_else(|| "–".to_owned(), self.format)
    }

    /// The best value among `runs`, when any has one.
    pub fn best<'a>(&self, runs: impl IntoIterator<Item = &'a RunResult>) -> Option<f64> {
        let values = runs.into_iter().filter_map(|r| (self.value)(r));
        match self.direction {
            Direction::HigherIsBetter => values.reduce(f64::max),
            Direction::LowerIsBetter => values.reduce(f64::min),
        }
    }
}

/// For each of `runs` (rows) and each of [`METRICS`] (columns): whether that cell is marked
/// best. Nothing is marked when there is a single run (a best of one says nothing).
pub fn best_cells(runs: &[&RunResult]) -> Vec<Vec<bool>> {
    let best: Vec<Option<f64>> = METRICS.iter().map(|m| m.best(runs.iter().copied())).collect();
    runs.iter()
        .map(|r| {
            METRICS
                .iter()
                .zip(&best)
                .map(|(m, b)| {
                    let v = (m.value)(r);
                    runs.len() > 1 && v.is_some() && v == *b
                })
                .collect()
        })
        .collect()
}
