//! Permutation importance on the real extract: a pure-noise feature ranks last, a feature
//! that leaks the label ranks first, and the held-out frame comes back unchanged.

use crimelab::core::eval::importance::{permutation_importance, ImportanceOptions};
use crimelab::core::frame::{Feature, FeatureFrame, Labels};
use crimelab::core::models::{quiet, Learner};
use crimelab::core::rng::Rng;

use crate::support::{part_task, plain_data, split_rows, ToyNbParams};

/// The `Part 1-2` task plus extra columns, split by file position into train and held-out.
fn task_with(extra: impl Fn(&Labels, usize) -> Feature) -> (FeatureFrame, Labels, FeatureFrame, Labels) {
    let (mut x, labels) = part_task();
    x.columns.push(extra(&labels, x.rows));
    let (train, test) = split_rows(x.rows, 0.7);
    (x.take(&train), labels.take(&train), x.take(&test), labels.take(&test))
}

fn noise(_: &Labels, rows: usize) -> Feature {
    let mut rng = Rng::new(99);
    let codes = (0..rows).map(|_| rng.below(20) as u16).collect();
    Feature::categorical("noise", codes, (0..20).map(|i| format!("n{i}")).collect())
}

fn fit(x: &FeatureFrame, labels: &Labels) -> crate::support::ToyNb {
    let data = plain_data(x, &labels.y, labels.n_classes(), 3);
    ToyNbParams::default().fit(&data, &mut quiet()).unwrap()
}

#[test]
fn pure_noise_ranks_last() {
    let (x, y, mut test_x, test_y) = task_with(noise);
    let model = fit(&x, &y);
    let before = test_x.clone();
    let options = ImportanceOptions { repeats: 3, per_class: true, ..Default::default() };
    let imp = permutation_importance(&model, &mut test_x, &test_y.y, &options, &mut |_| true).unwrap();
    assert_eq!(test_x, before, "the held-out frame is restored");
    let order: Vec<&str> = imp.features.iter().map(|f| f.feature.as_str()).collect();
    assert_eq!(order.last(), Some(&"noise"), "{order:?}");
    let top = &imp.features[0];
    assert!(top.mean > 0.02, "{top:?}");
    let last = imp.features.last().unwrap();
    assert!(last.mean.abs() < 0.01, "{last:?}");
    assert_eq!(last.drops.len(), 3);
    assert_eq!(top.per_class_recall.as_ref().map(Vec::len), Some(2));
}

#[test]
fn leaking_feature_ranks_first() {
    let leak = |labels: &Labels, _: usize| {
        let codes = labels.y.iter().map(|&c| c as u16).collect();
        Feature::categorical("leak", codes, labels.classes.clone())
    };
    let (x, y, mut test_x, test_y) = task_with(leak);
    let model = fit(&x, &y);
    let options = ImportanceOptions { repeats: 2, ..Default::default() };
    let imp = permutation_importance(&model, &mut test_x, &test_y.y, &options, &mut |_| true).unwrap();
    assert_eq!(imp.features[0].feature, "leak");
    // The leak makes the model perfect; shuffling it costs far more than any real feature.
    assert!(imp.baseline > 0.99, "{}", imp.baseline);
    assert!(imp.features[0].mean > 3.0 * imp.features[1].mean.max(0.01));
}
