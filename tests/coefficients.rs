//! A linear model's top weights per class, named by feature and level.

use crimelab::core::eval::{Coefficient, TOP_COEFFICIENTS};
use crimelab::core::experiment::{run, RunConfig};
use crimelab::core::features::{FeatureConfig, Target};
use crimelab::core::models::ModelKind;

fn trained(kind: ModelKind) -> crimelab::core::experiment::RunOutput {
    let config = RunConfig {
        features: FeatureConfig { target: Target::Part12, ..FeatureConfig::default() },
        model: kind.default_params(),
        seed: 42,
        tuning: None,
    };
    run(crate::support::sample(), Some("sample.csv"), &config, &mut |_| true).unwrap()
}

fn find<'a>(list: &'a [Coefficient], label: &str) -> Option<&'a Coefficient> {
    list.iter().find(|c| c.label() == label)
}

/// On the sample, an MO code of "removes the victim's property" (0344) marks a theft, a Part 1
/// crime: logistic regression gives it one of its largest weights towards Part 1, and the same
/// weight against Part 2.
#[test]
fn logistic_regression_weighs_a_theft_mo_code_towards_part_1() {
    let out = trained(ModelKind::Logreg);
    let c = out.result.coefficients.as_ref().expect("logistic regression has coefficients");
    assert_eq!(c.classes.len(), 2);
    let (part1, part2) = (&c.classes[0], &c.classes[1]);
    assert_eq!((part1.class.as_str(), part2.class.as_str()), ("Part 1", "Part 2"));
    for class in &c.classes {
        assert_eq!(class.positive.len(), TOP_COEFFICIENTS);
        assert_eq!(class.negative.len(), TOP_COEFFICIENTS);
        assert!(class.positive.windows(2).all(|w| w[0].weight >= w[1].weight));
        assert!(class.negative.windows(2).all(|w| w[0].weight <= w[1].weight));
        assert!(
            class.positive.iter().all(|w| w.weight > 0.0) && class.negative.iter().all(|w| w.weight < 0.0)
        );
    }
    let towards = find(&part1.positive, "mocode_0344 = yes").expect("0344 is among Part 1's top weights");
    let against = find(&part2.negative, "mocode_0344 = yes").expect("and among Part 2's most negative");
    assert_eq!(towards.weight, -against.weight);
    // Two classes, one output: Part 1's list is Part 2's mirrored.
    assert_eq!(
        part1.positive.iter().map(Coefficient::label).collect::<Vec<_>>(),
        part2.negative.iter().map(Coefficient::label).collect::<Vec<_>>()
    );
    // The result as the page and the CLI get it carries them.
    let json = serde_json::to_value(&out.result).unwrap();
    assert!(json["coefficients"]["classes"][0]["positive"][0]["feature"].is_string());
}

/// The linear SVM has one weight vector per class (one-vs-rest), each named; trees have none.
#[test]
fn the_linear_svm_names_its_weights_per_class_and_trees_have_none() {
    let out = trained(ModelKind::SvmLinear);
    let c = out.result.coefficients.as_ref().expect("the linear SVM has coefficients");
    assert!(find(&c.classes[0].positive, "mocode_0344 = yes").is_some(), "{:?}", c.classes[0].positive);
    let features: Vec<String> = out.prepared.train.names();
    for w in c.classes.iter().flat_map(|c| c.positive.iter().chain(&c.negative)) {
        assert!(features.contains(&w.feature), "{} is a feature of the matrix", w.feature);
    }
    assert!(trained(ModelKind::Tree).result.coefficients.is_none());
}
