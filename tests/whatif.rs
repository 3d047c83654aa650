//! Single-incident predictions with an exported model (issue: results, what-if and export).

use crimelab::core::data::load_bytes;
use crimelab::core::eval::ExportedModel;
use crimelab::core::experiment::{run, RunConfig};
use crimelab::core::features::FeatureConfig;
use crimelab::core::models::ModelKind;
use crimelab::core::whatif::{predict, Incident};

#[test]
fn an_exported_model_reloads_and_predicts_an_incident() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/static/data/sample.csv")).unwrap();
    let ds = load_bytes(&bytes, "sample.csv").unwrap().dataset;
    let config = RunConfig {
        features: FeatureConfig::default(),
        model: ModelKind::NaiveBayes.default_params(),
        seed: 7,
        tuning: None,
    };
    let output = run(&ds, Some("sample.csv"), &config, &mut |_| true).unwrap();
    let json = output.export().to_json().unwrap();
    let exported = ExportedModel::from_json(&json).unwrap();
    let incident = Incident {
        date: "2021-06-01".into(),
        time: "02:15".into(),
        area: 8,
        premise_code: Some(101),
        premise: "STREET".into(),
        victim_age: Some(0),
        lat: Some(34.05),
        lon: Some(-118.44),
        ..Default::default()
    };
    let p = predict("nb", &exported, &incident).unwrap();
    assert_eq!(p.classes.len(), output.prepared.classes.len());
    let total: f32 = p.classes.iter().map(|c| c.1).sum();
    assert!((total - 1.0).abs() < 1e-4, "{total}");
    assert!(p.classes.windows(2).all(|w| w[0].1 >= w[1].1));
    // Same answer as the model in memory on the same features.
    let pipeline = &exported.pipeline;
    let x = pipeline.transform(&incident.dataset().unwrap(), &[0]).unwrap();
    use crimelab::core::models::Model;
    let direct = output.model.predict_proba(&x).unwrap();
    let top = direct.iter().cloned().fold(f32::MIN, f32::max);
    assert_eq!(p.classes[0].1, top);
}
