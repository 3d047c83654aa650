//! [`Coefficients`]: the largest weights of a linear model (logistic regression, linear SVM)
//! for each class, named by feature and level, for the result card.
//!
//! A categorical feature is a one-hot block, so each of its levels has its own weight
//! ("premise = PARKING LOT"); a numeric feature's weight is given **per standard deviation**
//! of its training values, whatever the scaling, so weights of different features compare; a
//! "was missing" input shows as the level `missing`. With two classes logistic regression has
//! a single output, the log-odds of the second class: the first class's weights are its
//! opposite.

use serde::{Deserialize, Serialize};

use crate::core::frame::{FeatureFrame, FeatureValues};
use crate::core::models::linear_input::{InputBlock, LinearInput};
use crate::core::models::AnyModel;

/// Weights listed per class and sign on the result card.
pub const TOP_COEFFICIENTS: usize = 5;

/// One input's weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coefficient {
    /// Feature column name (`premise`, `hour`, `mocode_0344`…).
    pub feature: String,
    /// The level of a categorical feature (`missing` for a numeric feature's missing input).
    pub level: Option<String>,
    /// The weight.
    pub weight: f64,
}

impl Coefficient {
    /// `feature = level`, or the feature alone.
    pub fn label(&self) -> String {
        match &self.level {
            Some(level) => format!("{} = {level}", self.feature),
            None => self.feature.clone(),
        }
    }
}

/// The largest weights towards and against one class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassCoefficients {
    /// The class.
    pub class: String,
    /// Largest positive weights, largest first.
    pub positive: Vec<Coefficient>,
    /// Most negative weights, most negative first.
    pub negative: Vec<Coefficient>,
}

/// The top weights of a linear model, per class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coefficients {
    /// What a weight adds to, for people.
    pub meaning: String,
    /// One entry per class, in class order.
    pub classes: Vec<ClassCoefficients>,
}

/// The top `top` positive and negative weights per class of `model`, when it is linear
/// (logistic regression or linear SVM); `train` is the frame it was fitted on (for level names
/// and the numeric features' spread).
pub fn coefficients(
    model: &AnyModel,
    train: &FeatureFrame,
    classes: &[String],
    top: usize,
) -> Option<Coefficients> {
    let k = classes.len();
    let (input, weights, outputs, meaning) = match model {
        AnyModel::Logreg(m) if k == 2 => (m.input(), m.weights(), 1, "the log-odds of the class"),
        AnyModel::Logreg(m) => (m.input(), m.weights(), k, "the class's softmax score"),
        AnyModel::SvmLinear(m) => (m.input(), m.weights(), k, "the class's one-vs-rest margin"),
        _ => return None,
    };
    let inputs = named_inputs(input, train)?;
    if weights.len() != input.width() * outputs {
        return None;
    }
    let classes = classes
        .iter()
        .enumerate()
        .map(|(c, class)| {
            // With one output (two classes) it is the second class's; the first's is its opposite.
            let (output, sign) = if outputs == 1 { (0, if c == 1 { 1.0 } else { -1.0 }) } else { (c, 1.0) };
            let mut all: Vec<Coefficient> = inputs
                .iter()
                .map(|(i, feature, level, per)| Coefficient {
                    feature: feature.clone(),
                    level: level.clone(),
                    weight: sign * weights[i * outputs + output] as f64 * per,
                })
                .filter(|w| w.weight.is_finite() && w.weight != 0.0)
                .collect();
            all.sort_by(|a, b| b.weight.total_cmp(&a.weight).then_with(|| a.label().cmp(&b.label())));
            let positive = all.iter().filter(|w| w.weight > 0.0).take(top).cloned().collect();
            let negative = all.iter().rev().filter(|w| w.weight < 0.0).take(top).cloned().collect();
            ClassCoefficients { class: class.clone(), positive, negative }
        })
        .collect();
    Some(Coefficients {
        meaning: format!(
            "Weights on {meaning}: for a category, when it takes the level; for a number, per standard deviation of its training values."
        ),
        classes,
    })
}

/// One model input: `(index, feature, level, factor)`, where `factor` turns the weight of a
/// numeric input into a weight per standard deviation of the feature.
type NamedInput = (usize, String, Option<String>, f64);

/// Every input of the mapping, named.
fn named_inputs(input: &LinearInput, train: &FeatureFrame) -> Option<Vec<NamedInput>> {
    if input.blocks().len() != train.columns.len() {
        return None;
    }
    let mut out = Vec::with_capacity(input.width());
    for (block, col) in input.blocks().iter().zip(&train.columns) {
        match (block, &col.values) {
            (InputBlock::Numeric { offset, inv_std, indicator, .. }, FeatureValues::Numeric(v)) => {
                out.push((*offset as usize, col.name.clone(), None, *inv_std as f64 * std_dev(v)));
                if let Some(i) = indicator {
                    out.push((*i as usize, col.name.clone(), Some("missing".to_owned()), 1.0));
                }
            }
            (
                InputBlock::Categorical { offset, levels },
                FeatureValues::Categorical { levels: names, .. },
            ) => {
                for l in 0..*levels as usize {
                    let level = names.get(l).cloned().unwrap_or_else(|| format!("level {l}"));
                    out.push((*offset as usize + l, col.name.clone(), Some(level), 1.0));
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Population standard deviation of the non-missing values (0 without any).
fn std_dev(values: &[f32]) -> f64 {
    let (mut n, mut sum) = (0usize, 0f64);
    for &v in values.iter().filter(|v| !v.is_nan()) {
        n += 1;
        sum += v as f64;
    }
    if n == 0 {
        return 0.0;
    }
    let mean = sum / n as f64;
    let ss: f64 = values.iter().filter(|v| !v.is_nan()).map(|&v| (v as f64 - mean).powi(2)).sum();
    (ss / n as f64).sqrt()
}
