//! Hyper-parameter search on the real extract: folds never leak, the table is ranked, bad
//! candidates are reported, the baselines score what they must, and cancel stops the search.

use std::collections::HashSet;

use crimelab::core::data::{ColumnData, Official};
use crimelab::core::eval::Evaluation;
use crimelab::core::models::{Learner, Model, Monitor, TrainData, Valid};
use crimelab::core::models::{ModelKind, ModelParams};
use crimelab::core::search::{
    kfold, sample_rows, search, stratified_kfold, Candidate, Fold, ParamSpec, ParamsJson, Score, SearchData,
    SearchOptions, SearchSpace, Searchable, Strategy,
};
use crimelab::core::Result;

use crate::support::{part_task, plain_data, sample, ToyNbParams};

impl ParamsJson for ToyNbParams {}

impl Searchable for ToyNbParams {
    type Checked = Valid<ToyNbParams>;

    fn check_candidate(&self) -> Result<Valid<ToyNbParams>> {
        self.clone().check()
    }

    fn fit_model(
        params: &Valid<ToyNbParams>,
        data: &TrainData,
        monitor: &mut dyn Monitor,
    ) -> Result<Box<dyn Model>> {
        Ok(Box::new(params.fit(data, monitor)?))
    }
}

fn assert_no_leak(folds: &[Fold], rows: &[u32]) {
    let all: HashSet<u32> = rows.iter().copied().collect();
    let mut validated = Vec::new();
    for fold in folds {
        let train: HashSet<u32> = fold.train.iter().copied().collect();
        let valid: HashSet<u32> = fold.valid.iter().copied().collect();
        assert_eq!(train.len(), fold.train.len(), "a row twice in training");
        assert!(train.is_disjoint(&valid), "a row in both training and validation");
        let union: HashSet<u32> = train.union(&valid).copied().collect();
        assert_eq!(union, all, "train ∪ valid covers every row");
        validated.extend_from_slice(&fold.valid);
    }
    validated.sort_unstable();
    let mut expected = rows.to_vec();
    expected.sort_unstable();
    assert_eq!(validated, expected, "each row is validated exactly once");
}

#[test]
fn cv_folds_never_leak() {
    let (_, labels) = part_task();
    let rows: Vec<u32> = (0..labels.y.len() as u32).collect();
    assert_no_leak(&kfold(&rows, 5, 1).unwrap(), &rows);
    let folds = stratified_kfold(&rows, &labels.y, 5, 1).unwrap();
    assert_no_leak(&folds, &rows);
    // Each class is spread evenly: per fold within one row of its fifth.
    let counts = labels.counts();
    for fold in &folds {
        for (c, &n) in counts.iter().enumerate() {
            let in_fold = fold.valid.iter().filter(|&&r| labels.y[r as usize] == c as u32).count();
            assert!(in_fold.abs_diff(n / 5) <= 1, "class {c}: {in_fold} of {n}");
        }
    }
    // On a sample, the folds cover exactly the sampled rows.
    let sampled = sample_rows(&rows, 3000, 5);
    assert_eq!(sampled.len(), 3000);
    assert_no_leak(&stratified_kfold(&sampled, &labels.y, 4, 2).unwrap(), &sampled);
}

#[test]
fn grid_search_ranks_candidates_and_reports_bad_ones() {
    let (x, labels) = part_task();
    let rows: Vec<u32> = (0..x.rows as u32).collect();
    let folds = stratified_kfold(&sample_rows(&rows, 4000, 3), &labels.y, 3, 3).unwrap();
    let specs: Vec<ParamSpec> = serde_json::from_str(
        r#"[{"name": "alpha", "kind": "values", "values": [0, 0.1, 1000]},
            {"name": "bins", "kind": "int", "low": 1, "high": 16, "step": 15}]"#,
    )
    .unwrap();
    let candidates = SearchSpace::new(ToyNbParams::default(), specs).candidates(&Strategy::Grid).unwrap();
    assert_eq!(candidates.len(), 6);
    let data = SearchData { x: &x, y: &labels.y, n_classes: 2, weights: None };
    let mut reports = 0;
    let result = search(&candidates, &data, &folds, &SearchOptions::default(), &mut |p| {
        reports += 1;
        assert!((0.0..=1.0).contains(&p.fraction));
        true
    })
    .unwrap();
    assert!(!result.cancelled && reports > 0);
    let table = &result.candidates;
    // alpha = 0 is invalid: both such candidates fail and come last.
    assert!(table[4].error.is_some() && table[5].error.is_some());
    assert!(table[..4].iter().all(|r| r.error.is_none() && r.fold_scores.len() == 3));
    assert!(table.windows(2).take(3).all(|w| w[0].mean >= w[1].mean));
    assert_eq!(table.iter().map(|r| r.rank).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
    // Light smoothing with 16 bins wins: heavy smoothing flattens every feature.
    let best = result.best.clone().unwrap();
    assert_eq!((best.alpha, best.bins), (0.1, 16));
    assert_eq!(table[0].values["alpha"], serde_json::json!(0.1));
    // The fold score is the macro F1 of that fit on that fold, scored independently here.
    let fold = &folds[1];
    let train_y: Vec<u32> = fold.train.iter().map(|&r| labels.y[r as usize]).collect();
    let valid_y: Vec<u32> = fold.valid.iter().map(|&r| labels.y[r as usize]).collect();
    let train_x = x.take(&fold.train);
    let seed = crimelab::core::rng::Rng::new(42).fork(1).next_u64();
    let train = plain_data(&train_x, &train_y, 2, seed);
    let model = best.fit(&train, &mut crimelab::core::models::quiet()).unwrap();
    let e =
        Evaluation::compute(&valid_y, &model.predict_proba(&x.take(&fold.valid)).unwrap(), &labels.classes)
            .unwrap();
    assert!((table[0].fold_scores[1] - e.macro_f1).abs() < 1e-12);
    let mean = table[0].fold_scores.iter().sum::<f64>() / 3.0;
    assert!((table[0].mean.unwrap() - mean).abs() < 1e-12);
}

#[test]
fn baselines_by_time_split_score_what_they_must() {
    // Train before 2021, validate after: the majority baseline's accuracy is the share of the
    // training majority class among the validation rows.
    let ds = sample();
    let ColumnData::Date(days) = &ds.official(Official::DateOcc).unwrap().data else {
        panic!("DATE OCC is not a date column");
    };
    let cut = 18_628; // 2021-01-01
    let (mut train, mut valid) = (Vec::new(), Vec::new());
    for (r, &d) in days.iter().enumerate() {
        if d < cut {
            train.push(r as u32)
        } else {
            valid.push(r as u32)
        }
    }
    let (x, labels) = part_task();
    let mut train_counts = [0usize; 2];
    for &r in &train {
        train_counts[labels.y[r as usize] as usize] += 1;
    }
    let majority = (train_counts[1] > train_counts[0]) as u32;
    let hits = valid.iter().filter(|&&r| labels.y[r as usize] == majority).count();
    let expected = hits as f64 / valid.len() as f64;

    let candidates: Vec<Candidate<ModelParams>> = [ModelKind::Stratified, ModelKind::Majority]
        .iter()
        .map(|k| Candidate { params: k.default_params(), values: Default::default() })
        .collect();
    let data = SearchData { x: &x, y: &labels.y, n_classes: 2, weights: None };
    let options = SearchOptions { score: Score::Accuracy, ..Default::default() };
    let folds = [Fold::holdout(train, valid)];
    let result = search(&candidates, &data, &folds, &options, &mut |_| true).unwrap();
    assert_eq!(result.best.as_ref().map(ModelParams::kind), Some(ModelKind::Majority));
    assert!((result.candidates[0].mean.unwrap() - expected).abs() < 1e-12);
    assert_eq!(result.candidates[0].std, Some(0.0));
    assert!(result.candidates[1].mean.unwrap() < expected);

    // A leaking fold is refused.
    let leaky = [Fold::holdout(vec![0, 1, 2], vec![2, 3])];
    let err = search(&candidates, &data, &leaky, &options, &mut |_| true).unwrap_err();
    assert!(err.to_string().contains("leak"), "{err}");
}

#[test]
fn cancel_keeps_finished_candidates() {
    let (x, labels) = part_task();
    let rows: Vec<u32> = (0..x.rows as u32).step_by(4).collect();
    let folds = kfold(&rows, 2, 1).unwrap();
    let specs: Vec<ParamSpec> =
        serde_json::from_str(r#"[{"name": "bins", "kind": "int", "low": 2, "high": 9}]"#).unwrap();
    let candidates = SearchSpace::new(ToyNbParams::default(), specs)
        .candidates(&Strategy::Random { n: 5, seed: 4 })
        .unwrap();
    let data = SearchData { x: &x, y: &labels.y, n_classes: 2, weights: None };
    let mut stop_after_first = |p: &crimelab::core::search::SearchProgress| p.candidate < 1;
    let result =
        search(&candidates, &data, &folds, &SearchOptions::default(), &mut stop_after_first).unwrap();
    assert!(result.cancelled);
    assert_eq!(result.candidates.len(), 1);
    assert_eq!(result.candidates[0].fold_scores.len(), 2);
}
