//! [`FittedPipeline`]: everything fitted on the training rows, serialisable, able to turn
//! any rows of any export into the same feature columns later (model export, what-if).
//!
//! Each [`FittedColumn`] is one base column: how to derive it ([`Derive`]), its levels if
//! categorical, its fitted [`FittedEncoding`] and the [`Affine`] scaling of each output.

use serde::{Deserialize, Serialize};

use super::crime_groups::MAPPING_VERSION;
use super::derive::{derive, Derive, DeriveCtx, Raw};
use super::encode::{self, FittedEncoding};
use super::levels::{apply_levels, MAX_LEVELS};
use super::scale::Affine;
use super::target::{Target, NO_LABEL};
use crate::core::data::{Dataset, MISSING_CODE};
use crate::core::error::{Error, Result};
use crate::core::frame::{Feature, FeatureFrame, FeatureValues, MISSING_LEVEL};
use crate::core::models::fitted::{
    ensure, ensure_classes, ensure_finite, ensure_len, product, within, MAX_FEATURES,
};
use crate::core::models::InputKind;

/// Most warnings a pipeline read from a file may carry.
pub const MAX_WARNINGS: usize = 100;

/// One fitted base column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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

    /// Encodes and scales base values into output columns; an error when the values are not
    /// of the kind the column had in training (a file whose column holds other values).
    pub fn output(&self, base: FeatureValues) -> Result<Vec<Feature>> {
        let numeric = matches!(self.encoding, FittedEncoding::Numeric);
        if numeric != matches!(base, FeatureValues::Numeric(_)) {
            let kind = |n: bool| if n { "numbers" } else { "categories" };
            return Err(Error::shape(
                format!("values of feature column '{}'", self.name),
                format!("{} (as in training)", kind(numeric)),
                kind(!numeric),
            ));
        }
        let mut out = encode::apply(&self.encoding, &self.name, base);
        self.scale(&mut out);
        Ok(out)
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

    /// The kinds of the output columns (one-hot columns keep their levels).
    pub fn output_kinds(&self) -> Vec<InputKind> {
        match &self.encoding {
            FittedEncoding::OneHot => {
                vec![InputKind::Categorical { levels: self.levels.as_ref().map_or(0, Vec::len) }]
            }
            e => vec![InputKind::Numeric; e.outputs()],
        }
    }

    /// Checks a column read from a file (for a pipeline with `classes`): how it is derived,
    /// its levels (at most [`MAX_LEVELS`], present exactly when the column is categorical), its
    /// encoding's tables (one entry per level plus one for missing values, finite) and one
    /// finite scaler per numeric output.
    pub fn validate(&self, classes: &[String]) -> Result<()> {
        if let Derive::GridCell { degrees } = self.derive {
            ensure(degrees.is_finite() && degrees > 0.0 && degrees <= 1.0, || {
                format!("grid cells of {degrees} degrees where (0, 1] is possible")
            })?;
        }
        let numeric = matches!(self.encoding, FittedEncoding::Numeric);
        let n_levels = match (&self.levels, numeric) {
            (None, true) => 0,
            (Some(levels), false) => levels.len(),
            (Some(_), true) => return Err(Error::invalid_model("a numeric column has levels")),
            (None, false) => return Err(Error::invalid_model("a categorical column has no levels")),
        };
        ensure(n_levels <= MAX_LEVELS, || {
            format!("{n_levels} levels where at most {MAX_LEVELS} are possible")
        })?;
        match &self.encoding {
            FittedEncoding::Numeric | FittedEncoding::OneHot | FittedEncoding::Ordinal => {}
            FittedEncoding::Frequency { shares } => {
                ensure_len("frequency shares", shares.len(), n_levels + 1)?;
                ensure_finite("frequency shares", shares)?;
            }
            FittedEncoding::Target { outputs, classes: names, table } => {
                ensure(names.as_slice() == classes, || {
                    "target encoding: its classes are not the model's".into()
                })?;
                ensure(*outputs == classes.len() - 1, || {
                    format!(
                        "target encoding: {outputs} outputs where {} classes need {}",
                        classes.len(),
                        classes.len() - 1
                    )
                })?;
                ensure_len(
                    "target encoding table",
                    table.len(),
                    product("target encoding table", n_levels + 1, *outputs)?,
                )?;
                ensure_finite("target encoding table", table)?;
            }
        }
        let kinds = self.output_kinds();
        ensure_len("scalers", self.scalers.len(), kinds.len())?;
        for (kind, scaler) in kinds.iter().zip(&self.scalers) {
            match (kind, scaler) {
                (_, None) => {}
                (InputKind::Numeric, Some(a)) => ensure(a.shift.is_finite() && a.factor.is_finite(), || {
                    "a scaler is not a pair of finite numbers".into()
                })?,
                (InputKind::Categorical { .. }, Some(_)) => {
                    return Err(Error::invalid_model("a categorical output has a scaler"))
                }
            }
        }
        Ok(())
    }
}

impl FittedPipeline {
    /// Checks a pipeline read from a file: 2 to [`MAX_CLASSES`](crate::core::models::fitted::MAX_CLASSES)
    /// classes, the current crime-group mapping for a crime-group target, 1 to
    /// [`MAX_FEATURES`] columns that each pass [`FittedColumn::validate`], at most
    /// [`MAX_WARNINGS`] warnings.
    pub fn validate(&self) -> Result<()> {
        ensure_classes(self.classes.len()).map_err(within("pipeline"))?;
        if self.target == Target::CrimeGroup {
            ensure(self.mapping_version == Some(MAPPING_VERSION), || {
                format!(
                    "pipeline: it maps crimes to groups with mapping version {} but this Crime Lab uses version {MAPPING_VERSION}; train the model again",
                    self.mapping_version.map_or("none".into(), |v| v.to_string())
                )
            })?;
        }
        ensure((1..=MAX_FEATURES).contains(&self.columns.len()), || {
            format!("pipeline: {} feature columns where 1 to {MAX_FEATURES} are possible", self.columns.len())
        })?;
        ensure(self.warnings.len() <= MAX_WARNINGS, || {
            format!("pipeline: {} warnings where at most {MAX_WARNINGS} are possible", self.warnings.len())
        })?;
        for (j, c) in self.columns.iter().enumerate() {
            c.validate(&self.classes)
                .map_err(within(format!("pipeline column {j} ('{}')", short(&c.name))))?;
        }
        Ok(())
    }

    /// The kinds of the output columns, in order (what a model on this pipeline reads).
    pub fn output_kinds(&self) -> Vec<InputKind> {
        self.columns.iter().flat_map(FittedColumn::output_kinds).collect()
    }

    /// The feature columns of `rows` of `ds`.
    pub fn transform(&self, ds: &Dataset, rows: &[u32]) -> Result<FeatureFrame> {
        self.transform_with(ds, rows, &self.context(ds))
    }

    /// The lookups [`transform_with`](Self::transform_with) needs for `ds` (computed once for
    /// many calls on the same dataset).
    pub fn context(&self, ds: &Dataset) -> DeriveCtx {
        DeriveCtx::new(ds).with_mocodes(ds, &self.mocodes())
    }

    /// [`transform`](Self::transform) with the dataset's lookups from [`context`](Self::context).
    pub fn transform_with(&self, ds: &Dataset, rows: &[u32], ctx: &DeriveCtx) -> Result<FeatureFrame> {
        let mut columns = Vec::new();
        for c in &self.columns {
            columns.extend(c.output(c.base(ds, rows, ctx)?)?);
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

/// A name cut to 60 characters for a message.
fn short(name: &str) -> String {
    crate::core::error::short_list(&[name], 1)
}
