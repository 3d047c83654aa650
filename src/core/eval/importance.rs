//! Permutation importance: how much a model's held-out score drops when one feature's values
//! are shuffled across rows, breaking its link with the target.
//!
//! [`permutation_importance`] works for any [`Model`]. For each feature and each repeat, the
//! feature's column is replaced in place by a seeded shuffle of itself, the model predicts, the
//! score ([`ImportanceMetric`]) is compared with the unshuffled score, and the column is put
//! back. Only one column-sized scratch buffer exists at a time: the frame is never copied.
//! Models with a [`column_predictor`](Model::column_predictor) (tree ensembles) re-predict
//! only what the shuffled column can change.
//! The result ([`PermutationImportance`]) lists features by mean drop, highest first, with the
//! standard deviation over repeats and, optionally, the drop in each class's recall.

use serde::{Deserialize, Serialize};

use super::confusion::count_pairs;
use super::report::accuracy_and_macro_f1;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::frame::{FeatureFrame, FeatureValues};
use crate::core::models::{ColumnPredictor, Model};
use crate::core::parallel::Parallelism;
use crate::core::rng::Rng;

/// The score whose drop measures importance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportanceMetric {
    /// Share of rows predicted correctly.
    Accuracy,
    /// Unweighted mean F1 over classes.
    #[default]
    MacroF1,
}

/// Settings of [`permutation_importance`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportanceOptions {
    /// Shuffles per feature (default 5, at least 1).
    pub repeats: usize,
    /// Seed of the shuffles; feature `j` uses its own stream, so its result does not depend on
    /// the other features.
    pub seed: u64,
    /// Score whose drop is reported (default macro F1).
    pub metric: ImportanceMetric,
    /// Also report the mean drop of each class's recall (default false).
    pub per_class: bool,
    /// Score at most this many held-out rows, drawn with `seed` (default: all). The cost is
    /// one prediction per feature and repeat, so a sample of 20–50k rows keeps it quick.
    pub max_rows: Option<usize>,
}

impl Default for ImportanceOptions {
    fn default() -> ImportanceOptions {
        ImportanceOptions {
            repeats: 5,
            seed: 42,
            metric: ImportanceMetric::MacroF1,
            per_class: false,
            max_rows: None,
        }
    }
}

/// Most shuffles per feature.
pub const MAX_REPEATS: usize = 100;

impl ImportanceOptions {
    /// Checks the settings, naming the first that is not valid.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_REPEATS).contains(&self.repeats) {
            let valid = format!("a whole number from 1 to {MAX_REPEATS}");
            return Err(Error::invalid_param("importance", "repeats", self.repeats, valid));
        }
        if self.max_rows == Some(0) {
            return Err(Error::invalid_param(
                "importance",
                "max_rows",
                0,
                "at least 1, or unset for every row",
            ));
        }
        Ok(())
    }
}

/// Importance of one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureImportance {
    /// Feature name.
    pub feature: String,
    /// Mean score drop over repeats (baseline − shuffled; can be slightly negative for a
    /// useless feature).
    pub mean: f64,
    /// Standard deviation of the drop over repeats (population, as scikit-learn reports).
    pub std: f64,
    /// The drop of each repeat.
    pub drops: Vec<f64>,
    /// Mean drop of each class's recall, when asked for.
    pub per_class_recall: Option<Vec<f64>>,
}

impl FeatureImportance {
    /// The summary of a feature's drops (and mean class-recall drops).
    fn of(feature: String, drops: Vec<f64>, per_class_recall: Option<Vec<f64>>) -> FeatureImportance {
        let repeats = drops.len().max(1) as f64;
        let mean = drops.iter().sum::<f64>() / repeats;
        let var = drops.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / repeats;
        FeatureImportance { feature, mean, std: var.sqrt(), drops, per_class_recall }
    }
}

/// Permutation importance of every feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermutationImportance {
    /// The score used.
    pub metric: ImportanceMetric,
    /// Score with no feature shuffled.
    pub baseline: f64,
    /// Shuffles per feature.
    pub repeats: usize,
    /// Held-out rows scored.
    pub rows: usize,
    /// Features by decreasing mean drop (ties keep frame order).
    pub features: Vec<FeatureImportance>,
}

/// Progress of [`permutation_importance`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportanceProgress {
    /// Shuffled predictions done.
    pub done: usize,
    /// Shuffled predictions planned (`features × repeats`).
    pub total: usize,
    /// The feature being shuffled.
    pub feature: String,
}

/// Scores predictions: the chosen metric, and the recall of each class into `recall`.
struct Scorer<'a> {
    y: &'a [u32],
    k: usize,
    metric: ImportanceMetric,
    counts: Vec<u64>,
}

impl Scorer<'_> {
    fn score(&mut self, pred: &[u32], recall: &mut [f64]) -> f64 {
        count_pairs(self.y, pred, self.k, &mut self.counts);
        let k = self.k;
        for (c, r) in recall.iter_mut().enumerate() {
            let support: u64 = self.counts[c * k..(c + 1) * k].iter().sum();
            *r = if support == 0 { 0.0 } else { self.counts[c * k + c] as f64 / support as f64 };
        }
        let (accuracy, macro_f1) = accuracy_and_macro_f1(&self.counts, k);
        match self.metric {
            ImportanceMetric::Accuracy => accuracy,
            ImportanceMetric::MacroF1 => macro_f1,
        }
    }
}

/// Permutation importance of each feature of `x` for `model`, on held-out labels `y`.
///
/// `x` is modified while this runs (one column at a time is shuffled in place) and is
/// restored before returning, also on cancel; with [`ImportanceOptions::max_rows`] below the
/// row count, a sample of the rows is copied and shuffled instead. `progress` is called after
/// each shuffled prediction; returning `false` cancels with [`ErrorKind::Cancelled`].
pub fn permutation_importance(
    model: &dyn Model,
    x: &mut FeatureFrame,
    y: &[u32],
    options: &ImportanceOptions,
    progress: &mut dyn FnMut(&ImportanceProgress) -> bool,
) -> Result<PermutationImportance> {
    options.validate()?;
    if y.len() != x.rows {
        return Err(Error::shape(
            "permutation importance's rows and labels",
            format!("{} labels", x.rows),
            y.len(),
        ));
    }
    if y.is_empty() {
        return Err(Error::too_few_rows("permutation importance", 1, 0));
    }
    match options.max_rows {
        Some(max) if max < x.rows => {
            let mut rows = Rng::new(options.seed).sample_indices(x.rows, max.max(1));
            rows.sort_unstable();
            let mut sample = x.take(&rows);
            let sample_y: Vec<u32> = rows.iter().map(|&r| y[r as usize]).collect();
            importance_in_place(model, &mut sample, &sample_y, options, progress)
        }
        _ => importance_in_place(model, x, y, options, progress),
    }
}

/// [`permutation_importance`] with the features spread over `parallelism`'s threads. Each
/// thread has its own [`column_predictor`](Model::column_predictor) (tree ensembles) or, for
/// other models, its own copy of the frame to shuffle; `x` itself is not modified. Every
/// feature draws its shuffles from its own stream, so the result is the same for any thread
/// count. One thread takes the in-place path of [`permutation_importance`].
pub fn permutation_importance_with(
    model: &(dyn Model + Sync),
    x: &mut FeatureFrame,
    y: &[u32],
    options: &ImportanceOptions,
    parallelism: Parallelism,
    progress: &mut dyn FnMut(&ImportanceProgress) -> bool,
) -> Result<PermutationImportance> {
    if parallelism.get() <= 1 || x.n_features() < 2 {
        return permutation_importance(model, x, y, options, progress);
    }
    options.validate()?;
    if y.len() != x.rows || y.is_empty() {
        return permutation_importance(model, x, y, options, progress);
    }
    match options.max_rows {
        Some(max) if max < x.rows => {
            let mut rows = Rng::new(options.seed).sample_indices(x.rows, max.max(1));
            rows.sort_unstable();
            let sample = x.take(&rows);
            let sample_y: Vec<u32> = rows.iter().map(|&r| y[r as usize]).collect();
            importance_threaded(model, &sample, &sample_y, options, parallelism, progress)
        }
        _ => importance_threaded(model, x, y, options, parallelism, progress),
    }
}

/// How a thread of [`permutation_importance_with`] predicts with one column shuffled.
enum Probe<'a> {
    /// The model's column predictor, given the shuffled column.
    Columns(Box<dyn ColumnPredictor + 'a>),
    /// A copy of the frame whose column is swapped with a shuffled one, as in the in-place path.
    Copy { x: FeatureFrame, f32s: Vec<f32>, u16s: Vec<u16> },
}

/// Checks that the labels are the model's classes, then scores the frame as it is: the
/// scorer, the baseline score and each class's recall.
fn score_unshuffled<'y>(
    model: &dyn Model,
    x: &FeatureFrame,
    y: &'y [u32],
    options: &ImportanceOptions,
) -> Result<(Scorer<'y>, f64, Vec<f64>)> {
    let k = model.n_classes();
    if let Some(&bad) = y.iter().find(|&&c| c as usize >= k) {
        return Err(Error::shape(
            "classes of permutation importance's labels",
            format!("classes below the model's {k}"),
            format!("class {bad}"),
        ));
    }
    let mut scorer = Scorer { y, k, metric: options.metric, counts: Vec::new() };
    let mut base_recall = vec![0.0; k];
    let baseline = scorer.score(&model.predict(x)?, &mut base_recall);
    Ok((scorer, baseline, base_recall))
}

/// The threaded path of [`permutation_importance_with`]: the same shuffles as the in-place
/// path (each repeat shuffles the previous repeat's order again), one feature per task.
fn importance_threaded(
    model: &(dyn Model + Sync),
    x: &FeatureFrame,
    y: &[u32],
    options: &ImportanceOptions,
    parallelism: Parallelism,
    progress: &mut dyn FnMut(&ImportanceProgress) -> bool,
) -> Result<PermutationImportance> {
    let k = model.n_classes();
    let (_, baseline, base_recall) = score_unshuffled(model, x, y, options)?;
    let repeats = options.repeats;
    let total = x.n_features() * repeats;
    let root = Rng::new(options.seed);
    let base_recall = &base_recall;
    let init = || {
        let probe = match model.column_predictor(x) {
            Some(p) => Probe::Columns(p),
            None => Probe::Copy { x: x.clone(), f32s: Vec::new(), u16s: Vec::new() },
        };
        (probe, Scorer { y, k, metric: options.metric, counts: Vec::new() })
    };
    let task = |(probe, scorer): &mut (Probe, Scorer), j: usize| {
        let mut rng = root.fork(j as u64);
        let mut recall = vec![0.0; k];
        let mut drops = Vec::with_capacity(repeats);
        let mut class_drop = vec![0.0; if options.per_class { k } else { 0 }];
        // The column as the in-place path keeps it: shuffled again at every repeat.
        let mut values: Option<FeatureValues> = None;
        if let Probe::Copy { x: xc, f32s, u16s } = probe {
            match &xc.columns[j].values {
                FeatureValues::Numeric(v) => {
                    f32s.clear();
                    f32s.extend_from_slice(v);
                }
                FeatureValues::Categorical { codes, .. } => {
                    u16s.clear();
                    u16s.extend_from_slice(codes);
                }
            }
        }
        for _ in 0..repeats {
            let pred = match &mut *probe {
                Probe::Columns(fast) => {
                    let values = values.get_or_insert_with(|| x.columns[j].values.clone());
                    match values {
                        FeatureValues::Numeric(v) => rng.shuffle(v),
                        FeatureValues::Categorical { codes, .. } => rng.shuffle(codes),
                    }
                    fast.predict_with(j, values)
                }
                Probe::Copy { x: xc, f32s, u16s } => {
                    swap_column(xc, j, f32s, u16s, Some(&mut rng));
                    let pred = model.predict(xc);
                    swap_column(xc, j, f32s, u16s, None);
                    pred
                }
            };
            let score = scorer.score(&pred?, &mut recall);
            drops.push(baseline - score);
            for (c, d) in class_drop.iter_mut().enumerate() {
                *d += (base_recall[c] - recall[c]) / repeats as f64;
            }
        }
        Ok(FeatureImportance::of(x.columns[j].name.clone(), drops, options.per_class.then_some(class_drop)))
    };
    let done = |finished: usize, r: &Result<FeatureImportance>| {
        let feature = r.as_ref().map_or_else(|_| String::new(), |f| f.feature.clone());
        r.is_err() || progress(&ImportanceProgress { done: finished * repeats, total, feature })
    };
    let results = parallelism.run_tasks(x.n_features(), init, task, done);
    let Some(results) = results else {
        return Err(Error::new(ErrorKind::Cancelled));
    };
    let mut features = results.into_iter().collect::<Result<Vec<_>>>()?;
    features.sort_by(|a, b| b.mean.total_cmp(&a.mean));
    Ok(PermutationImportance { metric: options.metric, baseline, repeats, rows: x.rows, features })
}

fn importance_in_place(
    model: &dyn Model,
    x: &mut FeatureFrame,
    y: &[u32],
    options: &ImportanceOptions,
    progress: &mut dyn FnMut(&ImportanceProgress) -> bool,
) -> Result<PermutationImportance> {
    let k = model.n_classes();
    let (mut scorer, baseline, base_recall) = score_unshuffled(model, x, y, options)?;
    let repeats = options.repeats;
    // Tree ensembles re-predict only the trees that use the shuffled column.
    let mut fast = model.column_predictor(x);
    let mut recall = vec![0.0; k];
    let total = x.n_features() * repeats;
    let root = Rng::new(options.seed);
    let mut scratch_f32: Vec<f32> = Vec::new();
    let mut scratch_u16: Vec<u16> = Vec::new();
    let mut features = Vec::with_capacity(x.n_features());
    for j in 0..x.n_features() {
        let mut rng = root.fork(j as u64);
        let name = x.columns[j].name.clone();
        // Take a copy of the column into the scratch buffer, then swap it in.
        match &mut x.columns[j].values {
            FeatureValues::Numeric(v) => {
                scratch_f32.clear();
                scratch_f32.extend_from_slice(v);
            }
            FeatureValues::Categorical { codes, .. } => {
                scratch_u16.clear();
                scratch_u16.extend_from_slice(codes);
            }
        }
        let mut drops = Vec::with_capacity(repeats);
        let mut class_drop = vec![0.0; if options.per_class { k } else { 0 }];
        let mut cancelled = false;
        for r in 0..repeats {
            swap_column(x, j, &mut scratch_f32, &mut scratch_u16, Some(&mut rng));
            let pred = match &mut fast {
                Some(p) => p.predict_with(j, &x.columns[j].values),
                None => model.predict(x),
            };
            // The column goes back before an error leaves, as on cancel.
            swap_column(x, j, &mut scratch_f32, &mut scratch_u16, None);
            let score = scorer.score(&pred?, &mut recall);
            drops.push(baseline - score);
            for (c, d) in class_drop.iter_mut().enumerate() {
                *d += (base_recall[c] - recall[c]) / repeats as f64;
            }
            let report = ImportanceProgress { done: j * repeats + r + 1, total, feature: name.clone() };
            if !progress(&report) {
                cancelled = true;
                break;
            }
        }
        if cancelled {
            return Err(Error::new(ErrorKind::Cancelled));
        }
        features.push(FeatureImportance::of(name, drops, options.per_class.then_some(class_drop)));
    }
    features.sort_by(|a, b| b.mean.total_cmp(&a.mean));
    Ok(PermutationImportance { metric: options.metric, baseline, repeats, rows: x.rows, features })
}

/// Swaps column `j`'s values with the scratch buffer of its type; with an `rng`, the scratch
/// buffer (holding the column's values) is shuffled first. Calling it twice restores the frame.
fn swap_column(
    x: &mut FeatureFrame,
    j: usize,
    scratch_f32: &mut Vec<f32>,
    scratch_u16: &mut Vec<u16>,
    rng: Option<&mut Rng>,
) {
    match &mut x.columns[j].values {
        FeatureValues::Numeric(v) => {
            if let Some(rng) = rng {
                rng.shuffle(scratch_f32);
            }
            std::mem::swap(v, scratch_f32);
        }
        FeatureValues::Categorical { codes, .. } => {
            if let Some(rng) = rng {
                rng.shuffle(scratch_u16);
            }
            std::mem::swap(codes, scratch_u16);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::frame::Feature;

    /// Class 0 when `a > 0.5`, else class `1 + b` (b a 0/1 code); `c` is ignored.
    struct Rule;
    impl Model for Rule {
        fn n_classes(&self) -> usize {
            3
        }
        fn inputs(&self) -> Option<Vec<crate::core::models::InputKind>> {
            use crate::core::models::InputKind::{Categorical, Numeric};
            Some(vec![Numeric, Categorical { levels: 2 }, Numeric])
        }
        fn validate(&self) -> Result<()> {
            Ok(())
        }
        fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
            let mut out = vec![0.0; x.rows * 3];
            for r in 0..x.rows {
                let c = if x.columns[0].value(r) > 0.5 { 0 } else { 1 + x.columns[1].value(r) as usize };
                out[r * 3 + c] = 1.0;
            }
            Ok(out)
        }
    }

    #[test]
    fn ranks_used_features_and_restores_the_frame() {
        let n = 600;
        let mut rng = Rng::new(7);
        let a: Vec<f32> = (0..n).map(|_| rng.f32()).collect();
        let b: Vec<u16> = (0..n).map(|_| rng.below(2) as u16).collect();
        let c: Vec<f32> = (0..n).map(|_| rng.f32()).collect();
        let y: Vec<u32> = (0..n).map(|r| if a[r] > 0.5 { 0 } else { 1 + b[r] as u32 }).collect();
        let levels = vec!["no".to_owned(), "yes".to_owned()];
        let mut x = FeatureFrame::new(vec![
            Feature::numeric("a", a),
            Feature::categorical("b", b, levels),
            Feature::numeric("c", c),
        ]);
        let before = x.clone();
        let options =
            ImportanceOptions { per_class: true, metric: ImportanceMetric::Accuracy, ..Default::default() };
        let mut calls = 0;
        let imp = permutation_importance(&Rule, &mut x, &y, &options, &mut |_| {
            calls += 1;
            true
        })
        .unwrap();
        assert_eq!(x, before);
        assert_eq!(calls, 15);
        assert_eq!(imp.baseline, 1.0);
        let names: Vec<&str> = imp.features.iter().map(|f| f.feature.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        let c = &imp.features[2];
        assert_eq!((c.mean, c.std), (0.0, 0.0));
        // Shuffling `b` only confuses classes 1 and 2: class 0's recall does not move.
        let b = imp.features[1].per_class_recall.as_ref().unwrap();
        assert_eq!(b[0], 0.0);
        assert!(b[1] > 0.3 && b[2] > 0.3, "{b:?}");

        let err = permutation_importance(&Rule, &mut x, &y, &options, &mut |p| p.done < 2);
        assert!(matches!(err.unwrap_err().kind(), ErrorKind::Cancelled));
        assert_eq!(x, before);

        let sampled = ImportanceOptions { max_rows: Some(100), ..options };
        let imp = permutation_importance(&Rule, &mut x, &y, &sampled, &mut |_| true).unwrap();
        assert_eq!((imp.rows, imp.baseline), (100, 1.0));
        assert_eq!(imp.features[2].mean, 0.0);
    }
}
