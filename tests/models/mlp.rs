//! Neural network.

use crimelab::core::models::mlp::MlpParams;
use crimelab::core::models::{Learner, ModelParams, TrainProgress};

fn params() -> ModelParams {
    ModelParams::Mlp(MlpParams { max_epochs: 8, learning_rate: 0.003, dropout: 0.1, ..Default::default() })
}

#[test]
fn mlp_learns_on_the_sample() {
    super::assert_learns(&params(), [0.08, 0.08]);
}

#[test]
fn mlp_is_reproducible_round_trips_and_cancels() {
    let quick = ModelParams::Mlp(MlpParams { max_epochs: 2, dropout: 0.2, ..Default::default() });
    super::assert_reproducible_and_round_trips(&quick);
    super::assert_cancels(&quick);
}

/// Every epoch reports a train and a validation loss; with patience 1 and many epochs the fit
/// stops early and keeps the best epoch.
#[test]
fn mlp_reports_losses_and_stops_early() {
    let (data, _, _) = super::train_data("crime", 2, true);
    let p = MlpParams { max_epochs: 200, patience: 1, learning_rate: 0.01, ..Default::default() };
    let mut reports = Vec::new();
    let model = p
        .fit(&data, &mut |r: &TrainProgress| {
            reports.push(r.clone());
            true
        })
        .unwrap();
    assert!(reports.len() < 200, "stopped early after {} epochs", reports.len());
    assert_eq!(model.epochs, reports.len());
    assert!(reports.iter().all(|r| r.train_loss.is_some() && r.valid_loss.is_some()));
    // The kept epoch has the lowest validation loss (improvements under 1e-4 do not count).
    let min = reports.iter().map(|r| r.valid_loss.unwrap()).fold(f64::MAX, f64::min);
    let kept = reports[model.best_epoch - 1].valid_loss.unwrap();
    assert!(kept <= min + 1e-4, "kept {kept}, best {min}");
    assert!(MlpParams { hidden: vec![], ..Default::default() }.validate().is_err());
}
