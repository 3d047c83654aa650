//! [`prepare`]: from a [`Dataset`] and a [`FeatureConfig`] to a leakage-free [`Prepared`]
//! training matrix.
//!
//! The order matters and is what keeps evaluation honest:
//!
//! 1. read the target of every row; leave out rows without one (and, by default, rows from
//!    the records-system change on);
//! 2. split the rows (time or stratified random, seeded);
//! 3. for each feature, derive its base columns and fit their levels **on the training rows**;
//! 4. the leakage guard measures each base column against the target on the training rows and
//!    applies its rules; flagged columns are excluded unless overridden (with a warning);
//! 5. variance threshold and ranking (training rows), optional "keep top K";
//! 6. fit encodings and scalers **on the training rows** and apply them to every set;
//! 7. resample (training rows only) and compute class weights.

use web_time::Instant;

use super::balance;
use super::catalog;
use super::columns::{base_columns, fit_base, top_mocodes};
use super::config::{FeatureConfig, Resampling, RECORDS_CHANGE_DATE};
use super::contingency::Contingency;
use super::crime_groups::MAPPING_VERSION;
use super::derive::{derive, Derive, DeriveCtx};
use super::encode;
use super::leakage::{self, LeakageNote};
use super::pipeline::{FittedColumn, FittedPipeline};
use super::scale::Affine;
use super::select::{self, RankEntry};
use super::split::{self, Split, SplitConfig};
use super::summary::{ClassCount, DroppedRows, FeatureInfo, FeatureSummary};
use super::target::{Target, NO_LABEL};
use crate::core::data::date::{format_iso, parse_iso};
use crate::core::data::{ColumnData, Dataset, Official, MISSING_INT};
use crate::core::error::{Error, Result};
use crate::core::frame::{FeatureFrame, FeatureValues};
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
        TrainData {
            x: &self.train,
            y: &self.y_train,
            n_classes: self.classes.len(),
            weights: self.train_weights.as_deref(),
            valid: (self.valid.rows > 0).then_some((&self.valid, self.y_valid.as_slice())),
            seed,
        }
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

fn dates(ds: &Dataset, o: Official) -> Option<&[i32]> {
    match ds.official(o).map(|c| &c.data) {
        Some(ColumnData::Date(v)) => Some(v),
        _ => None,
    }
}

/// Builds the training, validation and test matrices. See the module docs for the steps.
pub fn prepare(ds: &Dataset, config: &FeatureConfig) -> Result<Prepared> {
    let start = Instant::now();
    config.validate()?;
    let labels = config.target.labels(ds)?;
    let occ = dates(ds, Official::DateOcc);
    let rptd = dates(ds, Official::DateRptd);
    let is_time = matches!(config.split, SplitConfig::Time { .. });
    if is_time && occ.is_none() {
        return Err(Error::other("a time split needs the DATE OCC column; use a random split"));
    }
    let cutoff = parse_iso(RECORDS_CHANGE_DATE).expect("valid date");
    let after = |v: Option<&[i32]>, r: usize| v.is_some_and(|v| v[r] != MISSING_INT && v[r] >= cutoff);

    // 1. Rows with a target, classes present among them.
    let mut dropped = DroppedRows::default();
    let mut rows = Vec::with_capacity(ds.rows());
    let mut class_rows = vec![0usize; labels.classes.len()];
    for (r, &c) in labels.y.iter().enumerate() {
        if c == NO_LABEL {
            dropped.no_target += 1;
        } else if config.exclude_records_change && (after(occ, r) || after(rptd, r)) {
            dropped.records_change += 1;
        } else if is_time && occ.is_some_and(|v| v[r] == MISSING_INT) {
            dropped.no_date += 1;
        } else {
            rows.push(r as u32);
            class_rows[c as usize] += 1;
        }
    }
    let mut remap = vec![NO_LABEL; labels.classes.len()];
    let mut classes = Vec::new();
    for (i, &n) in class_rows.iter().enumerate() {
        if n > 0 {
            remap[i] = classes.len() as u32;
            classes.push(labels.classes[i].clone());
        }
    }
    if classes.len() < 2 {
        return Err(Error::other(format!(
            "the target {} has {} class among the usable rows; a classifier needs at least two",
            config.target.label(),
            classes.len()
        )));
    }
    let k = classes.len();
    let y_all: Vec<u32> =
        labels.y.iter().map(|&c| if c == NO_LABEL { NO_LABEL } else { remap[c as usize] }).collect();

    // 2. Split.
    let split = match &config.split {
        SplitConfig::Random { test_fraction, valid_fraction } => {
            split::random_stratified(&rows, &y_all, k, *test_fraction, *valid_fraction, config.seed)
        }
        SplitConfig::Time { test_fraction, valid_fraction, split_date } => {
            let date =
                match split_date {
                    Some(text) => Some(parse_iso(text.trim()).ok_or_else(|| {
                        Error::other(format!("split_date {text:?} is not a YYYY-MM-DD date"))
                    })?),
                    None => None,
                };
            split::time_split(&rows, occ.unwrap_or(&[]), *test_fraction, *valid_fraction, date)?
        }
    };
    drop(rows);
    if split.train.is_empty() || split.test.is_empty() {
        return Err(Error::other(
            "the split left no training or no test rows; use more rows or other fractions",
        ));
    }
    let gather = |set: &[u32]| -> Vec<u32> { set.iter().map(|&r| y_all[r as usize]).collect() };
    let y_train = gather(&split.train);

    // 3. Base columns, levels fitted on the training rows.
    let ids = config.feature_ids();
    let top_mocodes = if ids.iter().any(|i| i == "mocodes") && catalog::is_available(ds, "mocodes") {
        top_mocodes(ds, &split.train, config)?
    } else {
        Vec::new()
    };
    let ctx = DeriveCtx::new(ds).with_mocodes(ds, &top_mocodes);
    let mut notes: Vec<String> = labels.notes.clone();
    let mut warnings = Vec::new();
    if !config.exclude_records_change && occ.is_some_and(|v| v.iter().any(|&d| d >= cutoff)) {
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
            let raw = derive(ds, &d, &split.train, &ctx)?;
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
        let table = Contingency::new(&c.train, &y_train, k);
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
        return Err(Error::other("no feature is left after the leakage guard and feature selection"));
    }

    // 6. Encodings and scalers fitted on the training rows.
    let folds = encode::train_folds(&y_train, k, config.seed);
    let mut fitted = Vec::with_capacity(kept.len());
    let mut train_cols = Vec::new();
    for c in kept {
        let encoding = encode::fit(config.encoding_of(&c.feature), &c.train, &y_train, &classes);
        let mut out = encode::apply_train(&encoding, &c.name, c.train, &y_train, &folds);
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
        classes: classes.clone(),
        mapping_version: (config.target == Target::CrimeGroup).then_some(MAPPING_VERSION),
        columns: fitted,
        warnings: warnings.clone(),
    };
    let frame_of = |set: &[u32]| -> Result<FeatureFrame> {
        let mut columns = Vec::new();
        for c in &pipeline.columns {
            columns.extend(c.output(c.base(ds, set, &ctx)?)?);
        }
        Ok(FeatureFrame { rows: set.len(), columns })
    };
    let valid = frame_of(&split.valid)?;
    let test = frame_of(&split.test)?;
    let mut train = FeatureFrame { rows: split.train.len(), columns: train_cols };

    // 7. Resampling (training rows only) and class weights.
    let Split { train: mut train_rows, valid: valid_rows, test: test_rows, split_date, valid_date } = split;
    let mut y_train = y_train;
    if config.resampling != Resampling::None {
        let positions = balance::resample(&y_train, k, config.resampling, config.seed);
        train = train.take(&positions);
        y_train = positions.iter().map(|&p| y_train[p as usize]).collect();
        train_rows = positions.iter().map(|&p| train_rows[p as usize]).collect();
        notes.push(format!(
            "training rows {:?}d to {} (validation and test rows untouched)",
            config.resampling,
            y_train.len()
        ));
    }
    let count = |y: &[u32]| {
        let mut n = vec![0usize; k];
        y.iter().for_each(|&c| n[c as usize] += 1);
        n
    };
    let (n_train, y_valid, y_test) = (count(&y_train), gather(&valid_rows), gather(&test_rows));
    let (n_valid, n_test) = (count(&y_valid), count(&y_test));
    let class_weight = config.class_weights.then(|| balance::balanced_weights(&n_train));
    let train_weights =
        class_weight.as_ref().map(|w| y_train.iter().map(|&c| w[c as usize]).collect::<Vec<f32>>());

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
        unknown_crime_codes: labels.unknown_codes,
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
