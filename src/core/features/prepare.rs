//! [`prepare`]: from a [`Dataset`] and a [`FeatureConfig`] to a leakage-free [`Prepared`]
//! training matrix.
//!
//! The order matters and is what keeps evaluation honest:
//!
//! 1. read the target of every row; leave out rows the row filters exclude, rows without a
//!    target (and, by default, rows from the records-system change on);
//! 2. split the rows (time or stratified random, seeded) — steps 1–2 are [`plan_rows`];
//! 3. for each feature, derive its base columns and fit their levels **on the training rows**;
//! 4. the leakage guard measures each base column against the target on the training rows and
//!    applies its rules; flagged columns are excluded unless overridden (with a warning);
//! 5. variance threshold and ranking (training rows), optional "keep top K";
//! 6. fit encodings and scalers **on the training rows** and apply them to every set — steps
//!    3–6 are [`fit_features`], which tuning also runs on each fold's training part;
//! 7. resample (training rows only) and compute class weights ([`balance_training`]).

use web_time::Instant;

use super::balance::{balance_training, BalancedTraining};
use super::config::{FeatureConfig, Resampling, RECORDS_CHANGE_DATE};
use super::derive::Derive;
use super::fit::{fit_features, FeatureFit};
use super::pipeline::FittedPipeline;
use super::rows::{dates, plan_rows, RowPlan};
use super::split::{Split, SplitConfig};
use super::summary::{ClassCount, FeatureInfo, FeatureSummary};
use crate::core::data::date::format_iso;
use crate::core::data::{Dataset, Official, MISSING_INT};
use crate::core::error::Result;
use crate::core::frame::{FeatureFrame, FeatureValues};
use crate::core::listed::Listed;
use crate::core::models::TrainData;

/// Matrices larger than this (bytes) get a warning: they strain a browser tab.
pub const LARGE_MATRIX_BYTES: usize = 512_000_000;

/// A training matrix ready for the models.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Training features (after resampling, if any).
    pub train: FeatureFrame,
    /// Validation features (may have no rows).
    pub valid: FeatureFrame,
    /// Test features.
    pub test: FeatureFrame,
    /// Class of each training row.
    pub y_train: Vec<u32>,
    /// Class of each validation row.
    pub y_valid: Vec<u32>,
    /// Class of each test row.
    pub y_test: Vec<u32>,
    /// Class names.
    pub classes: Vec<String>,
    /// Weight of each training row (class weights), if asked for.
    pub train_weights: Option<Vec<f32>>,
    /// Dataset row of each training row (repeats when oversampled).
    pub train_rows: Vec<u32>,
    /// Dataset row of each validation row.
    pub valid_rows: Vec<u32>,
    /// Dataset row of each test row (for maps and exports).
    pub test_rows: Vec<u32>,
    /// The fitted pipeline, to transform other rows the same way.
    pub pipeline: FittedPipeline,
    /// The summary for the UI and the CLI.
    pub summary: FeatureSummary,
}

impl Prepared {
    /// The training data for a learner, with the validation set when it has rows.
    pub fn train_data(&self, seed: u64) -> TrainData<'_> {
        let (train, valid) = ((&self.train, &self.y_train[..]), (&self.valid, &self.y_valid[..]));
        split_train_data(train, valid, self.classes.len(), self.train_weights.as_deref(), seed)
    }
}

/// The training data of a prepared matrix's training rows and (when it has rows) validation
/// rows: what [`Prepared::train_data`] and
/// [`TrainMatrix::train_data`](super::TrainMatrix::train_data) give a learner.
pub(super) fn split_train_data<'a>(
    (x, y): (&'a FeatureFrame, &'a [u32]),
    (valid_x, valid_y): (&'a FeatureFrame, &'a [u32]),
    n_classes: usize,
    weights: Option<&'a [f32]>,
    seed: u64,
) -> TrainData<'a> {
    TrainData {
        x,
        y,
        n_classes,
        weights,
        valid: (valid_x.rows > 0).then_some((valid_x, valid_y)),
        seed,
        prescaled: true,
        parallelism: Default::default(),
    }
}

/// Builds the training, validation and test matrices. See the module docs for the steps.
pub fn prepare(ds: &Dataset, config: &FeatureConfig) -> Result<Prepared> {
    let start = Instant::now();
    // 1–2. Rows, classes, split.
    let plan = plan_rows(ds, config)?;
    let y_train = plan.labels_of(&plan.split.train);
    let (y_valid, y_test) = (plan.labels_of(&plan.split.valid), plan.labels_of(&plan.split.test));
    let RowPlan { classes, split, dropped, mut notes, unknown_codes, .. } = plan;
    let k = classes.len();
    let occ = dates(ds, Official::DateOcc);
    let is_time = matches!(config.split, SplitConfig::Time { .. });

    // 3–6. The pipeline, fitted on the training rows; validation and test rows transformed.
    let fit = fit_features(ds, config, &split.train, &y_train, &classes)?;
    let valid = fit.transform(ds, &split.valid)?;
    let test = fit.transform(ds, &split.test)?;
    let FeatureFit {
        pipeline,
        train,
        leakage: leakage_notes,
        leakage_override,
        low_variance,
        ranking,
        notes: fit_notes,
        ..
    } = fit;
    notes.extend(fit_notes);
    let mut warnings = pipeline.warnings.clone();

    // 7. Resampling (training rows only) and class weights.
    let Split { train: train_rows, valid: valid_rows, test: test_rows, split_date, valid_date } = split;
    let balanced = balance_training(config, k, train, y_train, train_rows);
    if config.resampling != Resampling::None {
        notes.push(format!(
            "training rows {:?}d to {} (validation and test rows untouched)",
            config.resampling,
            balanced.y.len()
        ));
    }
    let BalancedTraining {
        x: train,
        y: y_train,
        rows: train_rows,
        class_weight,
        weights: train_weights,
        counts,
    } = balanced;
    let count = |y: &[u32]| {
        let mut n = vec![0usize; k];
        y.iter().for_each(|&c| n[c as usize] += 1);
        n
    };
    let (n_train, n_valid, n_test) = (counts, count(&y_valid), count(&y_test));

    // Summary.
    let delay_kept = pipeline.columns.iter().any(|c| c.derive == Derive::ReportDelay);
    if config.exclude_records_change && delay_kept && dropped.records_change > 0 {
        notes.push(format!(
            "rows reported from {RECORDS_CHANGE_DATE} on are left out, so crimes that occurred shortly before it appear only when reported quickly: report_delay_days is biased low for the latest dates"
        ));
    }
    if !is_time {
        notes.push(
            "random split: test dates overlap training dates; for forecasting-style questions use a time split"
                .into(),
        );
    }
    let date_range = |set: &[u32]| -> Option<[String; 2]> {
        let v = occ?;
        let (lo, hi) = set
            .iter()
            .map(|&r| v[r as usize])
            .filter(|&d| d != MISSING_INT)
            .fold((i32::MAX, i32::MIN), |(a, b), d| (a.min(d), b.max(d)));
        (lo <= hi).then(|| [format_iso(lo), format_iso(hi)])
    };
    let features: Vec<FeatureInfo> = train
        .columns
        .iter()
        .zip(pipeline.columns.iter().flat_map(|c| std::iter::repeat_n(c, c.encoding.outputs())))
        .map(|(f, c)| FeatureInfo {
            name: f.name.clone(),
            feature: c.feature.clone(),
            kind: match f.values {
                FeatureValues::Numeric(_) => "numeric".into(),
                FeatureValues::Categorical { .. } => "categorical".into(),
            },
            encoding: c.encoding.label().into(),
            width: f.width(),
            levels: match &f.values {
                FeatureValues::Categorical { levels, .. } => Some(levels.clone()),
                FeatureValues::Numeric(_) => None,
            },
        })
        .collect();
    let memory_bytes = train.heap_bytes()
        + valid.heap_bytes()
        + test.heap_bytes()
        + 8 * (y_train.len() + y_valid.len() + y_test.len())
        + train_weights.as_ref().map_or(0, |w| w.len() * 4);
    if memory_bytes > LARGE_MATRIX_BYTES {
        warnings.push(format!(
            "The matrices take {:.0} MB, a lot for a browser tab: keep fewer features or levels, or use one-hot instead of target encoding.",
            memory_bytes as f64 / 1e6
        ));
    }
    let summary = FeatureSummary {
        target: config.target.id().to_owned(),
        target_label: config.target.label(),
        question: config.question.id().to_owned(),
        question_label: config.question.label().to_owned(),
        mapping_version: pipeline.mapping_version,
        classes: classes
            .iter()
            .enumerate()
            .map(|(i, name)| ClassCount {
                name: name.clone(),
                train: n_train[i],
                valid: n_valid[i],
                test: n_test[i],
                weight: class_weight.as_ref().map(|w| w[i]),
            })
            .collect(),
        n_features: train.n_features(),
        one_hot_width: train.one_hot_width(),
        features,
        total_rows: ds.rows(),
        dropped,
        row_filter: (!config.filters.is_empty()).then(|| config.filters.describe()),
        train_rows: train.rows,
        valid_rows: valid.rows,
        test_rows: test.rows,
        shape: [train.rows, train.n_features()],
        memory_bytes,
        split_kind: config.split.kind().into(),
        seed: config.seed,
        split_date: split_date.filter(|_| is_time).map(format_iso),
        valid_date: valid_date.filter(|_| is_time).map(format_iso),
        train_dates: date_range(&train_rows),
        test_dates: date_range(&test_rows),
        leakage: leakage_notes,
        leakage_override,
        warnings,
        notes,
        unknown_crime_codes: unknown_codes,
        low_variance,
        ranking,
        prepare_ms: start.elapsed().as_secs_f64() * 1000.0,
    };
    Ok(Prepared {
        train,
        valid,
        test,
        y_train,
        y_valid,
        y_test,
        classes,
        train_weights,
        train_rows,
        valid_rows,
        test_rows,
        pipeline,
        summary,
    })
}
