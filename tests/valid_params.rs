//! Params are checked once, by type, before any work: every model's fit refuses an
//! out-of-range value by name before it reads a row or reports progress, and a search refuses
//! such a candidate before building any fold. (That a fit cannot be called with unchecked
//! params at all is a compile-time property: see the `compile_fail` examples in
//! `crimelab::core::models::learner`.)

use std::cell::Cell;

use crimelab::core::frame::FeatureFrame;
use crimelab::core::models::tree::TreeParams;
use crimelab::core::models::{Learner, ModelKind, ModelParams, TrainProgress};

use crate::support::plain_data;
use crimelab::core::search::{search_folds, Candidate, FoldFrames, FoldSource, SearchOptions};
use crimelab::core::{Error, ErrorKind, Result};
use serde_json::json;

/// One out-of-range value for every model that has hyper-parameters, and the setting named.
fn out_of_range() -> Vec<(ModelKind, serde_json::Value, &'static str)> {
    vec![
        (ModelKind::Gbdt, json!({"learning_rate": 0}), "learning_rate"),
        (ModelKind::RandomForest, json!({"n_trees": 0}), "n_trees"),
        (ModelKind::RandomForest, json!({"max_samples": 1.5}), "max_samples"),
        (ModelKind::Tree, json!({"min_samples_split": 1}), "min_samples_split"),
        (ModelKind::Logreg, json!({"c": -1}), "c"),
        (ModelKind::SvmLinear, json!({"epochs": 0}), "epochs"),
        (ModelKind::SvmKernel, json!({"sample_size": 5}), "sample_size"),
        (ModelKind::Knn, json!({"k": 0}), "k"),
        (ModelKind::NaiveBayes, json!({"alpha": 101}), "alpha"),
        (ModelKind::Mlp, json!({"hidden": []}), "hidden"),
    ]
}

/// The model and setting an [`ErrorKind::InvalidParam`] names.
fn named(err: Error) -> (String, String) {
    match err.into_kind() {
        ErrorKind::InvalidParam { owner, param, .. } => (owner, param),
        other => panic!("expected an invalid parameter, got {other:?}"),
    }
}

/// Data no model can train on (no rows, no columns, one class): a fit that got as far as
/// reading it would fail with another error.
fn unusable() -> (FeatureFrame, Vec<u32>) {
    (FeatureFrame { rows: 0, columns: Vec::new() }, Vec::new())
}

#[test]
fn every_fit_refuses_an_out_of_range_value_by_name_before_any_work() {
    let (x, y) = unusable();
    let data = plain_data(&x, &y, 1, 1);
    let covered: std::collections::HashSet<ModelKind> = out_of_range().iter().map(|c| c.0).collect();
    for &kind in ModelKind::ALL {
        let has_params = kind.default_params().params_json().as_object().is_some_and(|o| !o.is_empty());
        assert_eq!(covered.contains(&kind), has_params, "{}: one out-of-range case per model", kind.id());
    }
    for (kind, value, param) in out_of_range() {
        let params = ModelParams::from_json(kind, value.clone()).unwrap();
        let reports = Cell::new(0);
        let mut monitor = |_: &TrainProgress| {
            reports.set(reports.get() + 1);
            true
        };
        let err = params.fit(&data, &mut monitor).unwrap_err();
        assert_eq!(named(err), (kind.id().to_owned(), param.to_owned()), "{value}");
        assert_eq!(reports.get(), 0, "{}: no progress before the check", kind.id());
        // The same data with the defaults fails otherwise (or trains nothing): the check came first.
        if let Err(e) = kind.default_params().fit(&data, &mut monitor) {
            assert!(!matches!(e.kind(), ErrorKind::InvalidParam { .. }), "{}: {e}", kind.id());
        }
    }
}

#[test]
fn check_makes_valid_params_that_keep_their_json() {
    for &kind in ModelKind::ALL {
        let params = kind.default_params();
        let valid = params.clone().check().unwrap();
        assert_eq!(valid.params(), params, "{}", kind.id());
        assert_eq!(serde_json::to_value(valid.params()).unwrap(), serde_json::to_value(&params).unwrap());
    }
    let err = TreeParams { max_bins: 1, ..TreeParams::default() }.check().unwrap_err();
    assert_eq!(named(err), ("tree".to_owned(), "max_bins".to_owned()));
    let valid = TreeParams { max_depth: 3, ..TreeParams::default() }.check().unwrap();
    assert_eq!(valid.max_depth, 3, "valid params read as the params they hold");
    assert_eq!(valid.into_inner(), TreeParams { max_depth: 3, ..TreeParams::default() });
}

#[test]
fn forest_shares_check_their_params_too() {
    let (x, y) = unusable();
    let data = plain_data(&x, &y, 1, 1);
    let bad = crimelab::core::models::forest::ForestParams { max_samples: 0.0, ..Default::default() };
    let err = bad.fit_trees(&data, 0..1, &mut crimelab::core::models::quiet()).unwrap_err();
    assert_eq!(named(err), ("random-forest".to_owned(), "max_samples".to_owned()));
}

/// Folds that must never be built.
struct NoFolds {
    built: Cell<usize>,
}

impl FoldSource for NoFolds {
    fn n_folds(&self) -> usize {
        3
    }
    fn n_classes(&self) -> usize {
        2
    }
    fn frames(&self, _: usize) -> Result<FoldFrames> {
        self.built.set(self.built.get() + 1);
        Err(Error::invalid_param("test", "folds", "built", "never built for an invalid candidate"))
    }
}

#[test]
fn search_refuses_an_invalid_candidate_before_building_its_folds() {
    let candidates: Vec<Candidate<ModelParams>> = out_of_range()
        .into_iter()
        .map(|(kind, value, _)| Candidate {
            params: ModelParams::from_json(kind, value).unwrap(),
            values: Default::default(),
        })
        .collect();
    let source = NoFolds { built: Cell::new(0) };
    let result = search_folds(&candidates, &source, &SearchOptions::default(), &mut |_| true).unwrap();
    assert_eq!(source.built.get(), 0, "no fold was built");
    assert!(result.best.is_none());
    for r in &result.candidates {
        let (_, _, param) = &out_of_range()[r.index];
        let error = r.error.as_deref().unwrap_or_default();
        assert!(error.contains(param) && error.contains("is not valid"), "{error}");
        assert!(r.fold_scores.is_empty());
    }
}

#[test]
fn a_run_refuses_out_of_range_params_before_preparing_the_features() {
    use crimelab::core::experiment::{run, RunConfig};
    let config = RunConfig {
        features: Default::default(),
        model: ModelParams::from_json(ModelKind::Gbdt, json!({"learning_rate": 2})).unwrap(),
        seed: 42,
        tuning: None,
    };
    let events = Cell::new(0);
    let outcome = run(crate::support::quick_dataset(), None, &config, &mut |_| {
        events.set(events.get() + 1);
        true
    });
    let Err(err) = outcome else { panic!("the run trained on out-of-range params") };
    assert_eq!(named(err), ("gbdt".to_owned(), "learning_rate".to_owned()));
    assert_eq!(events.get(), 0, "no stage (not even the prepared matrix) before the check");
}
