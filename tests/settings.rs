//! Every JSON config refuses what it does not understand, by name, through the one strict
//! reader (`core::strict`), including the tagged enums; config enums list their values once
//! (`core::listed`); every JSON example of the docs parses strictly.

use std::path::Path;

use crimelab::core::eda::{Filters, Options};
use crimelab::core::eval::{EvalOptions, ImportanceOptions};
use crimelab::core::experiment::RunConfig;
use crimelab::core::features::{
    Encoding, FeatureConfig, RankMethod, Resampling, Scaling, SplitConfig, SplitKind, Target,
};
use crimelab::core::listed::Listed;
use crimelab::core::models::{ModelKind, ModelParams};
use crimelab::core::search::{ModelParamsSpace, SearchOptions, Strategy, TuneConfig};
use crimelab::core::strict;
use crimelab::core::whatif::Incident;
use crimelab::core::ErrorKind;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Parses `value` as `T` and expects an unknown key; returns (owner, key, valid names).
fn unknown<T: DeserializeOwned + Serialize>(owner: &str, value: Value) -> (String, String, Vec<String>) {
    match strict::from_value::<T>(owner, value.clone()).map(|_| ()).unwrap_err().into_kind() {
        ErrorKind::UnknownKey { owner, key, valid } => (owner, key, valid),
        other => panic!("{value}: {other:?}"),
    }
}

/// Every value written by the type reads back strictly (nothing it writes is refused).
fn round_trips<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_value(value).unwrap();
    let back: T = strict::from_value("test", json).unwrap();
    assert_eq!(&back, value);
}

#[test]
fn every_model_refuses_an_unknown_hyper_parameter_naming_the_model_and_its_names() {
    for &kind in ModelKind::ALL {
        let defaults = kind.default_params().params_json();
        let names: Vec<String> = defaults.as_object().unwrap().keys().cloned().collect();
        let err = ModelParams::from_json(kind, json!({ "no_such_param": 1 })).unwrap_err();
        match err.kind() {
            ErrorKind::UnknownKey { owner, key, valid } => {
                assert_eq!((owner.as_str(), key.as_str()), (kind.id(), "no_such_param"));
                let mut valid = valid.clone();
                valid.sort();
                assert_eq!(valid, names, "{}", kind.id());
            }
            other => panic!("{}: {other:?}", kind.id()),
        }
        // The defaults as written read back, and an empty object is the defaults.
        assert_eq!(ModelParams::from_json(kind, defaults).unwrap(), kind.default_params());
        assert_eq!(ModelParams::from_json(kind, json!({})).unwrap(), kind.default_params());
        round_trips(&kind.default_params());
    }
    let text = ModelParams::from_json(ModelKind::Gbdt, json!({"rounds": 50})).unwrap_err().to_string();
    assert!(
        text.starts_with("gbdt: unknown setting \"rounds\"; valid settings are: n_rounds, learning_rate,"),
        "{text}"
    );
    let text = ModelParams::from_json(ModelKind::Majority, json!({"k": 1})).unwrap_err().to_string();
    assert_eq!(text, "majority: unknown setting \"k\"; it takes no settings.");
}

#[test]
fn the_adjacently_tagged_model_params_refuse_unknown_keys_at_both_levels() {
    let (_, key, valid) = unknown::<ModelParams>("run", json!({"model": "tree", "params": {}, "extra": 1}));
    assert_eq!((key.as_str(), valid), ("extra", vec!["model".to_owned(), "params".to_owned()]));
    let (_, key, valid) = unknown::<ModelParams>("run", json!({"model": "tree", "params": {"depth": 3}}));
    assert_eq!(key, "params.depth");
    assert!(valid.contains(&"max_depth".to_owned()));
    match strict::from_value::<ModelParams>("run", json!({"model": "xgboost", "params": {}}))
        .unwrap_err()
        .into_kind()
    {
        ErrorKind::InvalidParam { param, value, valid, .. } => {
            assert_eq!((param.as_str(), value.as_str()), ("model", "\"xgboost\""));
            assert!(valid.contains("gbdt") && valid.contains("random-forest"), "{valid}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_feature_config_refuses_unknown_keys_at_every_depth() {
    let cases = [
        (json!({"traget": "arrest"}), "traget", "target"),
        (json!({"leakage": {"treshold": 0.5}}), "leakage.treshold", "threshold"),
        (json!({"selection": {"keep_top": 5}}), "selection.keep_top", "keep_top_k"),
        (json!({"top_k": {"premises": 5}}), "top_k.premises", "premise"),
        (
            json!({"split": {"kind": "time", "test_fraction": 0.2, "valid_fraction": 0.1, "date": "2021-01-01"}}),
            "split.date",
            "split_date",
        ),
        (
            json!({"split": {"kind": "random", "test_fraction": 0.2, "valid_fraction": 0.1, "split_date": "2021-01-01"}}),
            "split.split_date",
            "valid_fraction",
        ),
    ];
    for (value, key, a_valid_name) in cases {
        let (owner, k, valid) = unknown::<FeatureConfig>("features", value);
        assert_eq!((owner.as_str(), k.as_str()), ("features", key));
        assert!(valid.iter().any(|v| v == a_valid_name), "{key}: {valid:?}");
    }
    // Unknown values of the enums list the valid ids.
    for (value, param) in [
        (json!({"encoding": "one-hot"}), "encoding"),
        (json!({"scaling": "robust"}), "scaling"),
        (json!({"resampling": "smote"}), "resampling"),
        (json!({"selection": {"rank_by": "gini"}}), "selection.rank_by"),
        (json!({"split": {"kind": "later", "test_fraction": 0.2, "valid_fraction": 0.1}}), "split.kind"),
        (json!({"encoding_overrides": {"premise": "hashing"}}), "encoding_overrides.premise"),
    ] {
        match strict::from_value::<FeatureConfig>("features", value).unwrap_err().into_kind() {
            ErrorKind::InvalidParam { param: p, valid, .. } => {
                assert_eq!(p, param);
                assert!(valid.starts_with("one of: "), "{valid}");
            }
            other => panic!("{param}: {other:?}"),
        }
    }
    let config = FeatureConfig {
        split: SplitConfig::Time {
            test_fraction: 0.3,
            valid_fraction: 0.0,
            split_date: Some("2021-01-01".into()),
        },
        target: Target::Column("Status".into()),
        ..FeatureConfig::default()
    };
    round_trips(&config);
    round_trips(&FeatureConfig::default());
}

#[test]
fn run_tune_search_and_other_configs_refuse_unknown_keys() {
    let run = RunConfig {
        features: FeatureConfig::default(),
        model: ModelKind::Tree.default_params(),
        seed: 1,
        tuning: None,
    };
    round_trips(&run);
    let mut value = serde_json::to_value(&run).unwrap();
    value["sed"] = json!(3);
    assert_eq!(unknown::<RunConfig>("run", value).1, "sed");
    let mut value = serde_json::to_value(&run).unwrap();
    value["features"]["leakage"]["gaurd"] = json!(false);
    assert_eq!(unknown::<RunConfig>("run", value).1, "features.leakage.gaurd");

    round_trips(&TuneConfig::default());
    assert_eq!(unknown::<TuneConfig>("tune", json!({"fold": 3})).1, "fold");
    let (_, key, valid) = unknown::<TuneConfig>(
        "tune",
        json!({"strategy": {"strategy": "random", "n": 3, "seed": 1, "count": 4}}),
    );
    assert_eq!(key, "strategy.count");
    assert_eq!(valid, ["n", "seed"]);
    round_trips(&Strategy::Grid);
    let (_, key, valid) = unknown::<TuneConfig>(
        "tune",
        json!({"space": [{"name": "max_depth", "kind": "int", "low": 2, "hi": 8}]}),
    );
    assert_eq!(key, "space[0].hi");
    assert!(valid.contains(&"high".to_owned()), "{valid:?}");
    let space = json!({"base": {"model": "gbdt", "params": {}}, "params": [], "extra": true});
    assert_eq!(unknown::<ModelParamsSpace>("search", space).1, "extra");
    assert_eq!(unknown::<SearchOptions>("search", json!({"treads": 2})).1, "treads");

    round_trips(&Filters::default());
    assert_eq!(unknown::<Filters>("filters", json!({"division": [8]})).1, "division");
    round_trips(&Options::default());
    assert_eq!(
        unknown::<Options>(
            "dashboard",
            json!({"density_view": {"lon_min": 0, "lon_max": 1, "lat_min": 0, "lat_max": 1, "zoom": 2}})
        )
        .1,
        "density_view.zoom"
    );
    round_trips(&ImportanceOptions::default());
    assert_eq!(unknown::<ImportanceOptions>("importance", json!({"repeat": 3})).1, "repeat");
    round_trips(&EvalOptions::default());
    round_trips(&Incident::default());
    let (_, key, valid) = unknown::<Incident>("what-if", json!({"area": 8, "premis": "STREET"}));
    assert_eq!(key, "premis");
    assert!(valid.contains(&"premise".to_owned()));
}

#[test]
fn config_enums_list_their_values_once_with_serde_ids() {
    fn check<T: Listed + Serialize + DeserializeOwned + std::fmt::Debug>() {
        assert!(!T::VALUES.is_empty());
        for (value, id, label) in T::VALUES {
            assert_eq!(serde_json::to_value(value).unwrap(), json!(id), "{value:?}");
            assert_eq!(strict::from_value::<T>("test", json!(id)).unwrap(), *value);
            assert_eq!(T::from_id(id).as_ref(), Some(value));
            assert!(!label.is_empty());
        }
        let mut ids = T::ids();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), T::VALUES.len(), "{} ids repeat", T::SETTING);
        let err = T::parse("owner", "no-such-value").unwrap_err();
        assert!(err.to_string().contains(&T::ids().join(", ")), "{err}");
    }
    check::<Encoding>();
    check::<Scaling>();
    check::<RankMethod>();
    check::<Resampling>();
    check::<SplitKind>();
    check::<Target>();
    check::<ModelKind>();
    check::<crimelab::core::choices::StrategyKind>();
    check::<crimelab::core::choices::TuneValidation>();
    assert_eq!(ModelKind::ids(), ModelKind::ALL.iter().map(|k| k.id()).collect::<Vec<_>>());
}

/// The fenced ```json blocks of a text with their info string's second word (what they are).
fn json_blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        let line = line.trim_start().trim_start_matches("//!").trim_start_matches("///");
        let trimmed = line.trim();
        match &mut current {
            None => {
                if let Some(info) = trimmed.strip_prefix("```json") {
                    current = Some((info.trim().to_owned(), String::new()));
                }
            }
            Some(_) if trimmed == "```" => out.extend(current.take()),
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    out
}

/// Parses one documented JSON example strictly, by what it says it is.
fn parse_example(kind: &str, body: &str) -> Result<(), String> {
    let result = match kind {
        "features" => strict::from_str::<FeatureConfig>("features", body).map(|_| ()),
        "run" => strict::from_str::<RunConfig>("run", body).map(|_| ()),
        "tune" => strict::from_str::<TuneConfig>("tune", body).map(|_| ()),
        "search-space" => strict::from_str::<ModelParamsSpace>("search", body)
            .and_then(|space| space.candidates(&Strategy::Grid))
            .map(|_| ()),
        other => match other.strip_prefix("params:").and_then(ModelKind::from_id) {
            Some(model) => {
                let value: Value = strict::from_str(model.id(), body).map_err(|e| e.to_string())?;
                ModelParams::from_json(model, value).and_then(|p| p.validate())
            }
            None => return Err(format!("a ```json block must say what it is (features, run, tune, search-space, params:<model>), not {other:?}")),
        },
    };
    result.map_err(|e| e.to_string())
}

#[test]
fn every_json_example_in_the_docs_parses_strictly() {
    let mut files = vec![Path::new(ROOT).join("README.md")];
    for dir in ["docs", "src/core/search", "src/core/features", "src/cli"] {
        for entry in std::fs::read_dir(Path::new(ROOT).join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "rs")) {
                files.push(path);
            }
        }
    }
    let mut count = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (kind, body) in json_blocks(&text) {
            parse_example(&kind, &body)
                .unwrap_or_else(|e| panic!("{}: ```json {kind}: {e}\n{body}", path.display()));
            count += 1;
        }
    }
    assert!(count >= 3, "{count} JSON examples");
    // And a wrong one would be caught.
    assert!(parse_example("params:gbdt", r#"{"rounds": 50}"#).is_err());
    assert!(parse_example("features", r#"{"leakage": {"treshold": 1}}"#).is_err());
}

/// The (owner, param) of an `InvalidParam`.
fn invalid_param(err: crimelab::core::Error) -> (String, String, String) {
    match err.into_kind() {
        ErrorKind::InvalidParam { owner, param, valid, .. } => (owner, param, valid),
        other => panic!("{other:?}"),
    }
}

#[test]
fn values_out_of_range_name_the_setting_and_its_range() {
    // One out-of-range value per model: the message names the model, the setting and its range.
    let cases = [
        (ModelKind::Gbdt, json!({"learning_rate": 0}), "learning_rate", "(0, 1]"),
        (ModelKind::Gbdt, json!({"max_leaves": 0, "max_depth": 0}), "max_leaves", "max_depth"),
        (ModelKind::RandomForest, json!({"n_trees": 0}), "n_trees", "10,000"),
        (
            ModelKind::RandomForest,
            json!({"max_features": {"fraction": 1.5}}),
            "max_features.fraction",
            "(0, 1]",
        ),
        (ModelKind::Tree, json!({"min_samples_split": 1}), "min_samples_split", "2 or more"),
        (ModelKind::Logreg, json!({"c": -1}), "c", "> 0"),
        (ModelKind::SvmLinear, json!({"epochs": 0}), "epochs", "1,000"),
        (ModelKind::SvmKernel, json!({"sample_size": 5}), "sample_size", "8,000"),
        (ModelKind::Knn, json!({"k": 0}), "k", "200"),
        (ModelKind::NaiveBayes, json!({"alpha": 101}), "alpha", "100"),
        (ModelKind::Mlp, json!({"hidden": []}), "hidden", "1 to 4"),
    ];
    for (kind, value, param, range) in cases {
        let params = ModelParams::from_json(kind, value.clone()).unwrap();
        let (owner, p, valid) = invalid_param(params.validate().unwrap_err());
        assert_eq!((owner.as_str(), p.as_str()), (kind.id(), param), "{value}");
        assert!(valid.contains(range), "{param}: {valid}");
    }
    for &kind in ModelKind::ALL {
        kind.default_params().validate().unwrap();
    }
    let bad = ImportanceOptions { repeats: 0, ..Default::default() };
    assert_eq!(invalid_param(bad.validate().unwrap_err()).1, "repeats");
    let bad = Options { top_n: 0, ..Default::default() };
    assert_eq!(invalid_param(bad.validate().unwrap_err()).1, "top_n");
    let bad = Filters { date_to: Some("2021-02-30".into()), ..Default::default() };
    assert_eq!(invalid_param(bad.day_range().unwrap_err()).1, "date_to");
    let bad = Incident { area: 22, ..Default::default() };
    assert_eq!(invalid_param(bad.validate().unwrap_err()).1, "area");
    let bad = Incident { area: 8, time: "25:00".into(), ..Default::default() };
    assert_eq!(invalid_param(bad.validate().unwrap_err()).1, "time");
    let bad = Incident { area: 8, date: "2021-13-01".into(), ..Default::default() };
    assert_eq!(invalid_param(bad.validate().unwrap_err()).1, "date");
    Incident { area: 8, date: "2021-06-01".into(), time: "9:30".into(), ..Default::default() }
        .validate()
        .unwrap();
    let bad = FeatureConfig { grid_degrees: 2.0, ..FeatureConfig::default() };
    assert_eq!(invalid_param(bad.validate().unwrap_err()).1, "grid_degrees");
    let bad = FeatureConfig { features: vec!["column:".into()], ..FeatureConfig::default() };
    assert_eq!(invalid_param(bad.validate().unwrap_err()).1, "features");
    let mut bad = FeatureConfig::default();
    bad.encoding_overrides.insert("weapon".into(), Encoding::Target);
    bad.features = vec!["hour".into()];
    assert_eq!(invalid_param(bad.validate().unwrap_err()).1, "encoding_overrides");
    let space: ModelParamsSpace = strict::from_value(
        "search",
        json!({"base": {"model": "tree", "params": {}}, "params": [{"name": "max_depth", "kind": "int", "low": 8, "high": 2}]}),
    )
    .unwrap();
    assert_eq!(invalid_param(space.candidates(&Strategy::Grid).unwrap_err()).1, "range");
}
