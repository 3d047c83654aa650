//! The feature matrix that models train on.
//!
//! A [`FeatureFrame`] stores features by column and compactly: real values as `f32` (with
//! `NaN` for missing) and categorical features as `u16` codes with their level names. Nothing
//! is one-hot encoded in memory: linear models and neural networks treat a categorical column
//! as an implicit one-hot block (one weight per level, looked up by code), and tree models bin
//! codes directly. So 800k rows × 30 features cost ~100 MB, not gigabytes.
//!
//! [`Labels`] holds the class of each row as a dense index into `classes`.

use serde::{Deserialize, Serialize};

/// Code of a missing categorical value.
pub const MISSING_LEVEL: u16 = u16::MAX;

/// Most levels a categorical feature may have (codes are `u16`, one is reserved for missing).
pub const MAX_LEVELS: usize = 4096;

/// Values of one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeatureValues {
    /// Real values; `NaN` marks missing.
    Numeric(Vec<f32>),
    /// Codes `0..levels.len()`; [`MISSING_LEVEL`] marks missing.
    Categorical {
        /// One code per row.
        codes: Vec<u16>,
        /// Level names, indexed by code.
        levels: Vec<String>,
    },
}

/// One named feature column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    /// Display name (`hour`, `premise`, `mocode_0344`…).
    pub name: String,
    /// The values.
    pub values: FeatureValues,
}

/// Features by column; every column has `rows` values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeatureFrame {
    /// Number of rows.
    pub rows: usize,
    /// The feature columns.
    pub columns: Vec<Feature>,
}

/// Class labels of the rows of a frame.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    /// Class names, indexed by class id.
    pub classes: Vec<String>,
    /// Class id of each row.
    pub y: Vec<u32>,
}

impl Feature {
    /// A numeric feature.
    pub fn numeric(name: impl Into<String>, values: Vec<f32>) -> Feature {
        Feature { name: name.into(), values: FeatureValues::Numeric(values) }
    }

    /// A categorical feature.
    pub fn categorical(name: impl Into<String>, codes: Vec<u16>, levels: Vec<String>) -> Feature {
        Feature { name: name.into(), values: FeatureValues::Categorical { codes, levels } }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match &self.values {
            FeatureValues::Numeric(v) => v.len(),
            FeatureValues::Categorical { codes, .. } => codes.len(),
        }
    }

    /// Whether the feature has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Width once one-hot encoded: 1 for numeric, the number of levels for categorical.
    pub fn width(&self) -> usize {
        match &self.values {
            FeatureValues::Numeric(_) => 1,
            FeatureValues::Categorical { levels, .. } => levels.len(),
        }
    }

    /// The value of row `row` as `f32` (categorical codes as numbers; missing as `NaN`).
    pub fn value(&self, row: usize) -> f32 {
        match &self.values {
            FeatureValues::Numeric(v) => v[row],
            FeatureValues::Categorical { codes, .. } => {
                if codes[row] == MISSING_LEVEL {
                    f32::NAN
                } else {
                    codes[row] as f32
                }
            }
        }
    }

    /// A copy holding only the given rows, in that order.
    pub fn take(&self, rows: &[u32]) -> Feature {
        let values = match &self.values {
            FeatureValues::Numeric(v) => {
                FeatureValues::Numeric(rows.iter().map(|&r| v[r as usize]).collect())
            }
            FeatureValues::Categorical { codes, levels } => FeatureValues::Categorical {
                codes: rows.iter().map(|&r| codes[r as usize]).collect(),
                levels: levels.clone(),
            },
        };
        Feature { name: self.name.clone(), values }
    }
}

impl FeatureFrame {
    /// A frame from columns of equal length.
    pub fn new(columns: Vec<Feature>) -> FeatureFrame {
        let rows = columns.first().map_or(0, Feature::len);
        assert!(columns.iter().all(|c| c.len() == rows), "feature columns differ in length");
        FeatureFrame { rows, columns }
    }

    /// Number of feature columns.
    pub fn n_features(&self) -> usize {
        self.columns.len()
    }

    /// Width once every categorical column is one-hot encoded.
    pub fn one_hot_width(&self) -> usize {
        self.columns.iter().map(Feature::width).sum()
    }

    /// Feature names.
    pub fn names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// A copy holding only the given rows, in that order.
    pub fn take(&self, rows: &[u32]) -> FeatureFrame {
        FeatureFrame { rows: rows.len(), columns: self.columns.iter().map(|c| c.take(rows)).collect() }
    }

    /// This frame's rows followed by `other`'s (same columns, as frames from one pipeline have).
    pub fn append_rows(mut self, other: &FeatureFrame) -> FeatureFrame {
        for (col, more) in self.columns.iter_mut().zip(&other.columns) {
            match (&mut col.values, &more.values) {
                (FeatureValues::Numeric(a), FeatureValues::Numeric(b)) => a.extend_from_slice(b),
                (
                    FeatureValues::Categorical { codes: a, .. },
                    FeatureValues::Categorical { codes: b, .. },
                ) => a.extend_from_slice(b),
                _ => panic!("append_rows: column '{}' differs in kind", col.name),
            }
        }
        self.rows += other.rows;
        self
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.columns
            .iter()
            .map(|c| match &c.values {
                FeatureValues::Numeric(v) => v.len() * 4,
                FeatureValues::Categorical { codes, levels } => {
                    codes.len() * 2 + levels.iter().map(|l| l.len() + 24).sum::<usize>()
                }
            })
            .sum()
    }
}

impl Labels {
    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.classes.len()
    }

    /// Rows per class.
    pub fn counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.classes.len()];
        for &c in &self.y {
            counts[c as usize] += 1;
        }
        counts
    }

    /// A copy holding only the given rows.
    pub fn take(&self, rows: &[u32]) -> Labels {
        Labels { classes: self.classes.clone(), y: rows.iter().map(|&r| self.y[r as usize]).collect() }
    }
}
