//! [`fit_features`]: the feature pipeline fitted on a given set of training rows (steps 3–6
//! of [`prepare`](super::prepare())), with those rows' matrix.
//!
//! 3. for each feature, derive its base columns and fit their levels (top K, rare values
//!    pooled) on the training rows;
//! 4. the leakage guard measures each base column against the target on the training rows and
//!    applies its rules; flagged columns are excluded unless overridden (with a warning);
//! 5. variance threshold and ranking (training rows), optional "keep top K";
//! 6. fit encodings and scalers on the training rows; the training rows themselves are target
//!    encoded out of fold.
//!
//! Every step sees the given rows' labels and nothing else, so fitting on a cross-validation
//! fold's training part and transforming its validation part ([`FeatureFit::transform`]) keeps
//! the validation labels out of everything the model is scored with.

use super::catalog;
use super::columns::{base_columns, fit_base, top_mocodes};
use super::config::{records_change_day, FeatureConfig, RECORDS_CHANGE_DATE};
use super::contingency::Contingency;
use super::crime_groups::MAPPING_VERSION;
use super::derive::{derive, Derive, DeriveCtx};
use super::encode;
use super::leakage::{self, LeakageNote};
use super::pipeline::{FittedColumn, FittedPipeline};
use super::rows::dates;
use super::scale::Affine;
use super::select::{self, RankEntry};
use super::target::Target;
use crate::core::data::{Dataset, Official};
use crate::core::error::{Error, Result};
use crate::core::frame::{FeatureFrame, FeatureValues};

/// A feature pipeline fitted on some training rows, with their matrix and what the fit found.
#[derive(Debug, Clone)]
pub struct FeatureFit {
    /// The fitted pipeline.
    pub pipeline: FittedPipeline,
    /// The training rows' matrix (target encoding out of fold).
    pub train: FeatureFrame,
    /// Features flagged by the leakage guard.
    pub leakage: Vec<LeakageNote>,
    /// Whether a flagged feature was kept by an override.
    pub leakage_override: bool,
    /// Base columns dropped by the variance threshold.
    pub low_variance: Vec<String>,
    /// Ranking of the base columns on the training rows, best first.
    pub ranking: Vec<RankEntry>,
    /// Notes (features skipped for missing columns).
    pub notes: Vec<String>,
    /// Lookups the pipeline's columns are derived with.
    ctx: DeriveCtx,
}

impl FeatureFit {
    /// The matrix of other rows (validation, test), transformed with this fit.
    pub fn transform(&self, ds: &Dataset, rows: &[u32]) -> Result<FeatureFrame> {
        let mut columns = Vec::new();
        for c in &self.pipeline.columns {
            columns.extend(c.output(c.base(ds, rows, &self.ctx)?)?);
        }
        Ok(FeatureFrame { rows: rows.len(), columns })
    }
}

/// A base column being considered, with its training values.
struct Candidate {
    feature: String,
    name: String,
    derive: Derive,
    levels: Option<Vec<String>>,
    train: FeatureValues,
    rule: Option<String>,
}

/// Fits the feature pipeline of `config` on `rows` of `ds`, whose classes (ids into `classes`)
/// are `y`. See the module docs for the steps.
pub fn fit_features(
    ds: &Dataset,
    config: &FeatureConfig,
    rows: &[u32],
    y: &[u32],
    classes: &[String],
) -> Result<FeatureFit> {
    let k = classes.len();

    // 3. Base columns, levels fitted on the training rows.
    let ids = config.feature_ids();
    let top_mocodes = if ids.iter().any(|i| i == "mocodes") && catalog::is_available(ds, "mocodes") {
        top_mocodes(ds, rows, config)?
    } else {
        Vec::new()
    };
    let ctx = DeriveCtx::new(ds).with_mocodes(ds, &top_mocodes);
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    let cutoff = records_change_day();
    if !config.exclude_records_change
        && dates(ds, Official::DateOcc).is_some_and(|v| v.iter().any(|&d| d >= cutoff))
    {
        warnings.push(format!(
            "Rows from the records-system change ({RECORDS_CHANGE_DATE}) on are included: they are incomplete and coded differently."
        ));
    }
    let mut candidates = Vec::new();
    for id in ids {
        if !catalog::is_available(ds, &id) {
            notes.push(format!("feature {id} skipped: this file lacks the columns it needs"));
            continue;
        }
        let rule = leakage::rule_reason(&config.target, &id);
        for (mut name, d, top_k) in base_columns(&id, config, &top_mocodes) {
            // A column of the file named like a derived feature (the extract's own `month`)
            // keeps its full id, so that every output name is unique.
            if candidates.iter().any(|c: &Candidate| c.name == name) {
                name = id.clone();
            }
            let raw = derive(ds, &d, rows, &ctx)?;
            let (train, levels) = fit_base(raw, top_k, config.min_level_count);
            candidates.push(Candidate {
                feature: id.clone(),
                name,
                derive: d,
                levels,
                train,
                rule: rule.clone(),
            });
        }
    }

    // 4. Leakage guard; 5. variance and ranking — all on the training rows.
    let mut leakage_notes = Vec::new();
    let mut low_variance = Vec::new();
    let mut ranking: Vec<RankEntry> = Vec::new();
    let mut kept = Vec::new();
    let mut leakage_override = false;
    for c in candidates {
        let table = Contingency::new(&c.train, y, k);
        let u = leakage::measure(&table, &config.leakage);
        let reason = c.rule.clone().or_else(|| {
            (u >= config.leakage.threshold).then(|| {
                format!(
                    "on the training rows it nearly determines the target (uncertainty coefficient {u:.2} ≥ {:.2})",
                    config.leakage.threshold
                )
            })
        });
        if let Some(reason) = reason {
            let keep = !config.leakage.guard || config.leakage.allow.contains(&c.feature);
            leakage_notes.push(LeakageNote {
                feature: c.feature.clone(),
                column: c.name.clone(),
                reason: reason.clone(),
                rule: c.rule.is_some(),
                uncertainty: Some(u),
                excluded: !keep,
            });
            if !keep {
                continue;
            }
            leakage_override = true;
            warnings.push(format!(
                "Leakage: {} is kept although {reason}. Scores with it are not honest estimates.",
                c.name
            ));
        }
        if !select::has_variance(&c.train, config.selection.variance_threshold) {
            low_variance.push(c.name.clone());
            continue;
        }
        ranking.push(select::score(&c.name, &c.feature, &table));
        kept.push(c);
    }
    select::sort_ranking(&mut ranking, config.selection.rank_by);
    if let Some(top) = config.selection.keep_top_k {
        for (i, e) in ranking.iter_mut().enumerate() {
            e.kept = i < top;
        }
        kept.retain(|c| ranking.iter().any(|e| e.kept && e.column == c.name));
    }
    if kept.is_empty() {
        return Err(Error::no_features("training"));
    }

    // 6. Encodings and scalers fitted on the training rows.
    let folds = encode::train_folds(y, k, config.seed);
    let mut fitted = Vec::with_capacity(kept.len());
    let mut train_cols = Vec::new();
    for c in kept {
        let encoding = encode::fit(config.encoding_of(&c.feature), &c.train, y, classes);
        let mut out = encode::apply_train(&encoding, &c.name, c.train, y, &folds);
        let scalers: Vec<Option<Affine>> = out
            .iter()
            .map(|f| match &f.values {
                FeatureValues::Numeric(v) => Affine::fit(config.scaling, v),
                FeatureValues::Categorical { .. } => None,
            })
            .collect();
        let col = FittedColumn {
            feature: c.feature,
            name: c.name,
            derive: c.derive,
            levels: c.levels,
            encoding,
            scalers,
        };
        col.scale(&mut out);
        train_cols.extend(out);
        fitted.push(col);
    }
    let pipeline = FittedPipeline {
        target: config.target.clone(),
        classes: classes.to_vec(),
        mapping_version: (config.target == Target::CrimeGroup).then_some(MAPPING_VERSION),
        columns: fitted,
        warnings,
    };
    Ok(FeatureFit {
        pipeline,
        train: FeatureFrame { rows: rows.len(), columns: train_cols },
        leakage: leakage_notes,
        leakage_override,
        low_variance,
        ranking,
        notes,
        ctx,
    })
}
