//! The class balance drawn before training: the classes of the chosen target over the usable
//! rows, per set of the split, exactly as the prepared matrix will have them.

use crimelab::core::eda::Filters;
use crimelab::core::features::{class_balance, prepare, FeatureConfig, SplitConfig, Target};

use crate::support::sample;

#[test]
fn the_balance_before_training_is_the_prepared_matrix_s() {
    let ds = sample();
    let configs = [
        FeatureConfig::default(),
        FeatureConfig { target: Target::Part12, ..FeatureConfig::default() },
        FeatureConfig {
            target: Target::Arrest,
            split: SplitConfig::Random { test_fraction: 0.25, valid_fraction: 0.0 },
            ..FeatureConfig::default()
        },
        FeatureConfig {
            filters: Filters { date_from: Some("2021-01-01".into()), ..Filters::default() },
            ..FeatureConfig::default()
        },
    ];
    for config in configs {
        let balance = class_balance(ds, &config).unwrap();
        let summary = prepare(ds, &config).unwrap().summary;
        assert_eq!(balance.classes, summary.classes, "{:?}", config.target);
        assert_eq!(balance.rows(), summary.train_rows + summary.valid_rows + summary.test_rows);
        assert_eq!(balance.dropped, summary.dropped);
        assert_eq!(balance.split_date, summary.split_date);
        assert_eq!((balance.target.as_str(), balance.total_rows), (config.target.id(), ds.rows()));
    }
    let part =
        class_balance(ds, &FeatureConfig { target: Target::Part12, ..FeatureConfig::default() }).unwrap();
    let names: Vec<&str> = part.classes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Part 1", "Part 2"]);
    assert!(part.classes.iter().all(|c| c.train > 0 && c.test > 0));
}

#[test]
fn a_target_with_one_class_left_is_refused_before_any_feature_is_built() {
    let one = FeatureConfig {
        filters: Filters { crime_codes: vec![510], ..Filters::default() },
        ..FeatureConfig::default()
    };
    let message = class_balance(sample(), &one).unwrap_err().to_string();
    assert!(message.contains("1 class"), "{message}");
}
