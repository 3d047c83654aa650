//! Encodings of categorical features, fitted on the training rows only.
//!
//! * [`Encoding::OneHot`] keeps the feature categorical in the [`FeatureFrame`]: models treat
//!   it as an implicit one-hot block (nothing is expanded in memory).
//! * [`Encoding::Ordinal`] turns the level code into a number (levels ordered naturally for
//!   weekday, month, age band…, else by training frequency).
//! * [`Encoding::Frequency`] replaces a level by its share of the training rows.
//! * [`Encoding::Target`] replaces a level by the smoothed class shares among training rows
//!   with that level (one column for a binary target, else one per class but the last, as
//!   the shares sum to one). Two-level features (yes/no flags) are encoded ordinally instead:
//!   their target encoding would carry the same split at a higher cost. The training
//!   rows themselves are encoded out of fold ([`TARGET_FOLDS`] folds), so a row's own label
//!   never feeds its encoding; validation, test and new rows use the full-training table.
//!
//! [`FeatureFrame`]: crate::core::frame::FeatureFrame

use serde::{Deserialize, Serialize};

use super::split::fold_assignment;
use crate::core::frame::{Feature, FeatureValues, MISSING_LEVEL};

/// Folds used for out-of-fold target encoding of the training rows.
pub const TARGET_FOLDS: usize = 5;

/// Pseudo-count pulling rare levels' target encoding towards the overall class shares.
pub const TARGET_SMOOTHING: f64 = 10.0;

/// How categorical features are encoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// Implicit one-hot (kept categorical).
    #[default]
    OneHot,
    /// Level index as a number.
    Ordinal,
    /// Share of training rows with the level.
    Frequency,
    /// Smoothed class shares of the level (out of fold on training rows).
    Target,
}

impl crate::core::listed::Listed for Encoding {
    const SETTING: &'static str = "encoding";
    const VALUES: &'static [(Encoding, &'static str, &'static str)] = &[
        (Encoding::OneHot, "one_hot", "one-hot"),
        (Encoding::Ordinal, "ordinal", "ordinal codes"),
        (Encoding::Frequency, "frequency", "frequency"),
        (Encoding::Target, "target", "target encoding (out of fold)"),
    ];
}

/// A fitted encoding of one base column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "encoding", rename_all = "snake_case", deny_unknown_fields)]
pub enum FittedEncoding {
    /// A numeric base column, passed through.
    Numeric,
    /// Kept categorical.
    OneHot,
    /// Level code as a number.
    Ordinal,
    /// Training share per level; the last entry is for missing values.
    Frequency {
        /// `levels + 1` shares.
        shares: Vec<f32>,
    },
    /// Smoothed class shares per level; the last row is for missing values.
    Target {
        /// Output columns: 1 for a binary target (the share of class 1), else one per class
        /// but the last (the shares sum to one, so the last adds nothing).
        outputs: usize,
        /// Class names used in output names.
        classes: Vec<String>,
        /// `(levels + 1) × outputs`, row-major.
        table: Vec<f32>,
    },
}

impl FittedEncoding {
    /// Number of output columns.
    pub fn outputs(&self) -> usize {
        match self {
            FittedEncoding::Target { outputs, .. } => *outputs,
            _ => 1,
        }
    }

    /// Names of the output columns of base column `name`.
    pub fn output_names(&self, name: &str) -> Vec<String> {
        match self {
            FittedEncoding::Target { outputs, classes, .. } if *outputs > 1 => {
                classes[..*outputs].iter().map(|c| format!("{name}_te_{c}")).collect()
            }
            FittedEncoding::Target { classes, .. } => {
                vec![format!("{name}_te_{}", classes.last().map_or("1", |c| c))]
            }
            _ => vec![name.to_owned()],
        }
    }

    /// The `id` of the encoding as configured.
    pub fn label(&self) -> &'static str {
        match self {
            FittedEncoding::Numeric => "numeric",
            FittedEncoding::OneHot => "one_hot",
            FittedEncoding::Ordinal => "ordinal",
            FittedEncoding::Frequency { .. } => "frequency",
            FittedEncoding::Target { .. } => "target",
        }
    }
}

fn level_counts(codes: &[u16], n_levels: usize, y: &[u32], k: usize) -> Vec<u64> {
    let mut counts = vec![0u64; (n_levels + 1) * k];
    for (&c, &class) in codes.iter().zip(y) {
        let row = if c == MISSING_LEVEL { n_levels } else { c as usize };
        counts[row * k + class as usize] += 1;
    }
    counts
}

/// The classes whose shares a target encoding with `outputs` columns holds.
fn encoded_classes(k: usize, outputs: usize) -> std::ops::Range<usize> {
    if k == 2 {
        1..2
    } else {
        0..outputs
    }
}

fn target_table(counts: &[u64], k: usize, outputs: usize) -> Vec<f32> {
    let mut prior = vec![0f64; k];
    for row in counts.chunks_exact(k) {
        prior.iter_mut().zip(row).for_each(|(p, &c)| *p += c as f64);
    }
    let total: f64 = prior.iter().sum::<f64>().max(1.0);
    prior.iter_mut().for_each(|p| *p /= total);
    let mut table = Vec::with_capacity(counts.len() / k * outputs);
    for row in counts.chunks_exact(k) {
        let n: f64 = row.iter().map(|&c| c as f64).sum();
        for c in encoded_classes(k, outputs) {
            let v = (row[c] as f64 + TARGET_SMOOTHING * prior[c]) / (n + TARGET_SMOOTHING);
            table.push(v as f32);
        }
    }
    table
}

/// Fits an encoding on a base column's training values and classes.
pub fn fit(encoding: Encoding, train: &FeatureValues, y: &[u32], classes: &[String]) -> FittedEncoding {
    let FeatureValues::Categorical { codes, levels } = train else {
        return FittedEncoding::Numeric;
    };
    let k = classes.len();
    let encoding = match encoding {
        Encoding::Target if levels.len() <= 2 => Encoding::Ordinal,
        other => other,
    };
    match encoding {
        Encoding::OneHot => FittedEncoding::OneHot,
        Encoding::Ordinal => FittedEncoding::Ordinal,
        Encoding::Frequency => {
            let mut counts = vec![0u64; levels.len() + 1];
            for &c in codes {
                counts[if c == MISSING_LEVEL { levels.len() } else { c as usize }] += 1;
            }
            let n = codes.len().max(1) as f64;
            FittedEncoding::Frequency { shares: counts.iter().map(|&c| (c as f64 / n) as f32).collect() }
        }
        Encoding::Target => {
            let outputs = k - 1;
            let counts = level_counts(codes, levels.len(), y, k);
            FittedEncoding::Target {
                outputs,
                classes: classes.to_vec(),
                table: target_table(&counts, k, outputs),
            }
        }
    }
}

/// Applies a fitted encoding to base values, returning the output columns.
pub fn apply(fitted: &FittedEncoding, name: &str, values: FeatureValues) -> Vec<Feature> {
    let names = fitted.output_names(name);
    match (fitted, values) {
        (FittedEncoding::Numeric | FittedEncoding::OneHot, values) => {
            vec![Feature { name: names[0].clone(), values }]
        }
        (FittedEncoding::Ordinal, FeatureValues::Categorical { codes, .. }) => {
            vec![Feature::numeric(
                names[0].clone(),
                codes.iter().map(|&c| if c == MISSING_LEVEL { f32::NAN } else { c as f32 }).collect(),
            )]
        }
        (FittedEncoding::Frequency { shares }, FeatureValues::Categorical { codes, .. }) => {
            let missing = shares.len() - 1;
            vec![Feature::numeric(
                names[0].clone(),
                codes
                    .iter()
                    .map(|&c| shares[if c == MISSING_LEVEL { missing } else { c as usize }])
                    .collect(),
            )]
        }
        (FittedEncoding::Target { outputs, table, .. }, FeatureValues::Categorical { codes, .. }) => {
            let missing = table.len() / outputs - 1;
            (0..*outputs)
                .map(|o| {
                    Feature::numeric(
                        names[o].clone(),
                        codes
                            .iter()
                            .map(|&c| {
                                let row = if c == MISSING_LEVEL { missing } else { c as usize };
                                table[row * outputs + o]
                            })
                            .collect(),
                    )
                })
                .collect()
        }
        (_, values) => vec![Feature { name: names[0].clone(), values }],
    }
}

/// Target-encodes the training rows out of fold: each row is encoded with a table fitted on
/// the other folds (`folds[i]` in `0..TARGET_FOLDS`, see [`train_folds`]). Other encodings
/// are applied as they are.
pub fn apply_train(
    fitted: &FittedEncoding,
    name: &str,
    values: FeatureValues,
    y: &[u32],
    folds: &[u8],
) -> Vec<Feature> {
    let (FittedEncoding::Target { outputs, .. }, FeatureValues::Categorical { codes, levels }) =
        (fitted, &values)
    else {
        return apply(fitted, name, values);
    };
    let outputs = *outputs;
    let k = outputs + 1;
    let n_levels = levels.len();
    let mut per_fold = vec![vec![0u64; (n_levels + 1) * k]; TARGET_FOLDS];
    for ((&c, &class), &f) in codes.iter().zip(y).zip(folds) {
        let row = if c == MISSING_LEVEL { n_levels } else { c as usize };
        per_fold[f as usize][row * k + class as usize] += 1;
    }
    let all: Vec<u64> = (0..per_fold[0].len()).map(|i| per_fold.iter().map(|f| f[i]).sum()).collect();
    let tables: Vec<Vec<f32>> = per_fold
        .iter()
        .map(|f| {
            let rest: Vec<u64> = all.iter().zip(f).map(|(a, b)| a - b).collect();
            target_table(&rest, k, outputs)
        })
        .collect();
    let names = fitted.output_names(name);
    (0..outputs)
        .map(|o| {
            Feature::numeric(
                names[o].clone(),
                codes
                    .iter()
                    .zip(folds)
                    .map(|(&c, &f)| {
                        let row = if c == MISSING_LEVEL { n_levels } else { c as usize };
                        tables[f as usize][row * outputs + o]
                    })
                    .collect(),
            )
        })
        .collect()
}

/// The out-of-fold assignment of the training rows used by [`apply_train`].
pub fn train_folds(y: &[u32], n_classes: usize, seed: u64) -> Vec<u8> {
    fold_assignment(y, n_classes, TARGET_FOLDS, seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_encoding_is_smoothed_class_share() {
        let classes = vec!["no".to_string(), "yes".to_string()];
        let values = FeatureValues::Categorical {
            codes: vec![0, 0, 0, 0, 1, 1, MISSING_LEVEL, 1],
            levels: vec!["a".into(), "b".into(), "c".into()],
        };
        let y = [1, 1, 1, 0, 0, 0, 1, 0];
        let fitted = fit(Encoding::Target, &values, &y, &classes);
        let FittedEncoding::Target { table, outputs, .. } = &fitted else { panic!() };
        assert_eq!(*outputs, 1);
        // level a: 3 of 4 are class 1; prior 4/8.
        let expect = (3.0 + 10.0 * 0.5) / (4.0 + 10.0);
        assert!((table[0] - expect as f32).abs() < 1e-6);
        let out = apply(&fitted, "x", values.clone());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].name, "x_te_yes");
        // Two-level features are encoded ordinally.
        let flag = FeatureValues::Categorical { codes: vec![0, 1], levels: vec!["no".into(), "yes".into()] };
        assert_eq!(fit(Encoding::Target, &flag, &[0, 1], &classes), FittedEncoding::Ordinal);
        let freq = fit(Encoding::Frequency, &values, &y, &classes);
        let out = apply(&freq, "x", values);
        assert_eq!(out[0].value(0), 0.5);
        assert_eq!(out[0].value(6), 0.125);
    }
}
