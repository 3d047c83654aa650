//! Charts of a trained model's results, drawn with plotters on any [`DrawingBackend`]: the
//! page draws them on a `<canvas>` (and saves them as PNG), the HTML report embeds them as SVG.
//!
//! [`ResultChart`] names each chart; [`draw_result`] draws one from a [`RunResult`] (and the
//! permutation importance, once computed), so every consumer makes one call per chart.

pub mod calibration;
pub mod confusion;
pub mod curves;
pub mod importance;
pub mod learning;

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

pub use calibration::draw_calibration;
pub use confusion::draw_confusion;
pub use curves::{draw_precision_recall, draw_roc};
pub use importance::{draw_gain_importance, draw_permutation_importance};
pub use learning::draw_learning_curve;

use super::theme;
use crate::core::eval::PermutationImportance;
use crate::core::eval::RunResult;
use crate::core::Result;

/// A chart of one model's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResultChart {
    /// Row-normalised confusion matrix.
    Confusion,
    /// Built-in (gain or split) importance.
    Importance,
    /// Permutation importance, mean ± standard deviation over repeats.
    PermutationImportance,
    /// ROC curve of each class against the rest.
    Roc,
    /// Precision–recall curve of each class against the rest.
    PrecisionRecall,
    /// Reliability diagram.
    Calibration,
    /// Training and validation loss per iteration.
    LearningCurve,
}

impl ResultChart {
    /// Every result chart, in page order.
    pub const ALL: &'static [ResultChart] = &[
        ResultChart::Confusion,
        ResultChart::Importance,
        ResultChart::PermutationImportance,
        ResultChart::Roc,
        ResultChart::PrecisionRecall,
        ResultChart::Calibration,
        ResultChart::LearningCurve,
    ];

    /// Name used in file names and test ids (`confusion-matrix`).
    pub fn name(self) -> &'static str {
        match self {
            ResultChart::Confusion => "confusion-matrix",
            ResultChart::Importance => "importance",
            ResultChart::PermutationImportance => "permutation-importance",
            ResultChart::Roc => "roc",
            ResultChart::PrecisionRecall => "precision-recall",
            ResultChart::Calibration => "calibration",
            ResultChart::LearningCurve => "learning-curve",
        }
    }

    /// Short label for buttons.
    pub fn label(self) -> &'static str {
        match self {
            ResultChart::Confusion => "confusion matrix",
            ResultChart::Importance => "gain importance",
            ResultChart::PermutationImportance => "permutation importance",
            ResultChart::Roc => "ROC",
            ResultChart::PrecisionRecall => "precision–recall",
            ResultChart::Calibration => "calibration",
            ResultChart::LearningCurve => "learning curve",
        }
    }

    /// Designed size in pixels (width, height); `classes` and `features` grow the tall ones.
    pub fn size(self, classes: usize, features: usize) -> (u32, u32) {
        match self {
            ResultChart::Confusion => {
                let side = (classes as u32 * 34).clamp(160, 520);
                (side + 250, side + 120)
            }
            ResultChart::Importance | ResultChart::PermutationImportance => {
                (600, 110 + 22 * features.clamp(3, importance::TOP) as u32)
            }
            ResultChart::Roc | ResultChart::PrecisionRecall => (600, 400),
            ResultChart::Calibration => (480, 400),
            ResultChart::LearningCurve => (600, 320),
        }
    }
}

/// What the result charts are drawn from.
#[derive(Debug, Clone, Copy)]
pub struct ResultData<'a> {
    /// The run.
    pub result: &'a RunResult,
    /// Its permutation importance, once computed.
    pub permutation: Option<&'a PermutationImportance>,
    /// Class whose recall drop the permutation chart shows (`None`: the overall score).
    pub class: Option<usize>,
}

impl<'a> ResultData<'a> {
    /// Data of a run with no permutation importance.
    pub fn of(result: &'a RunResult) -> ResultData<'a> {
        ResultData { result, permutation: None, class: None }
    }

    /// Whether `chart` has something to show for this run.
    pub fn has(&self, chart: ResultChart) -> bool {
        match chart {
            ResultChart::Importance => !self.result.importance.is_empty(),
            ResultChart::PermutationImportance => self.permutation.is_some(),
            ResultChart::LearningCurve => learning::has_losses(&self.result.curve),
            _ => true,
        }
    }

    /// The designed size of `chart` for this run.
    pub fn size(&self, chart: ResultChart) -> (u32, u32) {
        let features = match chart {
            ResultChart::PermutationImportance => self.permutation.map_or(0, |p| p.features.len()),
            _ => self.result.importance.len(),
        };
        chart.size(self.result.evaluation.classes.len(), features)
    }
}

/// Draws `chart` of `data` filling `area`.
pub fn draw_result<DB: DrawingBackend>(
    chart: ResultChart,
    data: &ResultData,
    area: &DrawingArea<DB, Shift>,
) -> Result<()> {
    let e = &data.result.evaluation;
    match chart {
        ResultChart::Confusion => draw_confusion(area, &e.confusion),
        ResultChart::Importance => draw_gain_importance(area, &data.result.importance),
        ResultChart::PermutationImportance => match data.permutation {
            Some(p) => draw_permutation_importance(area, p, &e.classes, data.class),
            None => {
                let body = theme::header(area, "Permutation importance", "")?;
                theme::no_data(&body, "Not computed yet")
            }
        },
        ResultChart::Roc => draw_roc(area, &e.curves),
        ResultChart::PrecisionRecall => draw_precision_recall(area, &e.curves),
        ResultChart::Calibration => draw_calibration(area, &e.calibration),
        ResultChart::LearningCurve => draw_learning_curve(area, &data.result.curve),
    }
}

/// Renders `chart` of `data` as an SVG document at its designed size.
pub fn result_svg(chart: ResultChart, data: &ResultData) -> Result<String> {
    super::estimated::svg_string(data.size(chart), |area| draw_result(chart, data, area))
}
