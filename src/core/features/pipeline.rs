//! [`FittedPipeline`]: everything fitted on the training rows, serialisable, able to turn
//! any rows of any export into the same feature columns later (model export, what-if).
//!
//! Each [`FittedColumn`] is one base column: how to derive it ([`Derive`]), its levels if
//! categorical, its fitted [`FittedEncoding`] and the [`Affine`] scaling of each output.

use serde::{Deserialize, Serialize};

use super::derive::{derive, Derive, DeriveCtx, Raw};
use super::encode::{self, FittedEncoding};
use super::levels::apply_levels;
use super::scale::Affine;
use super::target::{Target, NO_LABEL};
use crate::core::data::{Dataset, MISSING_CODE};
use crate::core::error::Result;
use crate::core::frame::{Feature, FeatureFrame, FeatureValues, MISSING_LEVEL};

/// One fitted base column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedColumn {
    /// Feature id it belongs to.
    pub feature: String,
    /// Base column name.
    pub name: String,
    /// How it is computed.
    pub derive: Derive,
    /// Levels (categorical base columns), fitted on the training rows.
    pub levels: Option<Vec<String>>,
    /// Encoding, fitted on the training rows.
    pub encoding: FittedEncoding,
    /// Scaling of each numeric output (`None` for categorical outputs or no scaling).
    pub scalers: Vec<Option<Affine>>,
}

/// The fitted feature pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedPipeline {
    /// Target.
    pub target: Target,
    /// Class names.
    pub classes: Vec<String>,
    /// Crime-group mapping version (crime-group target only).
    pub mapping_version: Option<u32>,
    /// Base columns, in output order.
    pub columns: Vec<FittedColumn>,
    /// Warnings that must be shown with every result of this pipeline (leakage overrides…).
    pub warnings: Vec<String>,
}

impl FittedColumn {
    /// The base values of `rows` (levels applied, before encoding).
    pub fn base(&self, ds: &Dataset, rows: &[u32], ctx: &DeriveCtx) -> Result<FeatureValues> {
        Ok(match derive(ds, &self.derive, rows, ctx)? {
            Raw::Num(v) => FeatureValues::Numeric(v),
            Raw::Fixed { codes, names } => {
                let levels = self.levels.clone().unwrap_or_default();
                if levels.iter().map(String::as_str).eq(names.iter().copied()) {
                    FeatureValues::Categorical { codes, levels }
                } else {
                    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
                    let raw: Vec<u32> = codes
                        .iter()
                        .map(|&c| if c == MISSING_LEVEL { MISSING_CODE } else { c as u32 })
                        .collect();
                    FeatureValues::Categorical { codes: apply_levels(&raw, &names, &levels), levels }
                }
            }
            Raw::Cat { codes, names, .. } => {
                let levels = self.levels.clone().unwrap_or_default();
                FeatureValues::Categorical { codes: apply_levels(&codes, &names, &levels), levels }
            }
        })
    }

    /// Encodes and scales base values into output columns.
    pub fn output(&self, base: FeatureValues) -> Vec<Feature> {
        let mut out = encode::apply(&self.encoding, &self.name, base);
        self.scale(&mut out);
        out
    }

    /// Applies the fitted scalers to output columns.
    pub fn scale(&self, out: &mut [Feature]) {
        for (f, s) in out.iter_mut().zip(&self.scalers) {
            if let (FeatureValues::Numeric(v), Some(s)) = (&mut f.values, s) {
                s.apply(v);
            }
        }
    }

    /// Output column names.
    pub fn output_names(&self) -> Vec<String> {
        self.encoding.output_names(&self.name)
    }
}

impl FittedPipeline {
    /// The feature columns of `rows` of `ds`.
    pub fn transform(&self, ds: &Dataset, rows: &[u32]) -> Result<FeatureFrame> {
        let ctx = DeriveCtx::new(ds).with_mocodes(ds, &self.mocodes());
        let mut columns = Vec::new();
        for c in &self.columns {
            columns.extend(c.output(c.base(ds, rows, &ctx)?));
        }
        Ok(FeatureFrame { rows: rows.len(), columns })
    }

    /// The feature columns of every row of `ds`.
    pub fn transform_all(&self, ds: &Dataset) -> Result<FeatureFrame> {
        let rows: Vec<u32> = (0..ds.rows() as u32).collect();
        self.transform(ds, &rows)
    }

    /// The class id of `rows` of `ds` ([`NO_LABEL`] where unknown or not a known class).
    pub fn labels(&self, ds: &Dataset, rows: &[u32]) -> Result<Vec<u32>> {
        let labels = self.target.labels(ds)?;
        let remap: Vec<u32> = labels
            .classes
            .iter()
            .map(|c| self.classes.iter().position(|k| k == c).map_or(NO_LABEL, |i| i as u32))
            .collect();
        Ok(rows
            .iter()
            .map(|&r| match labels.y[r as usize] {
                NO_LABEL => NO_LABEL,
                c => remap[c as usize],
            })
            .collect())
    }

    /// The MO codes of the pipeline's MO-code flags.
    pub fn mocodes(&self) -> Vec<u16> {
        self.columns
            .iter()
            .filter_map(|c| match c.derive {
                Derive::MocodeFlag { code } => Some(code),
                _ => None,
            })
            .collect()
    }

    /// Output feature names, in order.
    pub fn feature_names(&self) -> Vec<String> {
        self.columns.iter().flat_map(|c| c.output_names()).collect()
    }
}
