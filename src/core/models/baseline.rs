//! Baselines every real model is compared with: the majority class, and stratified random
//! guessing (each class with its training frequency).

use serde::{Deserialize, Serialize};

use super::fitted::{ensure, ensure_classes, ensure_finite};
use super::{InputKind, Learner, Model, Monitor, TrainData, TrainProgress, Valid};
use crate::core::error::Result;
use crate::core::frame::FeatureFrame;
use crate::core::rng::Rng;

/// Majority-class baseline: no hyper-parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MajorityParams {}

/// Predicts the most frequent training class for every row, with the training class shares as
/// probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MajorityModel {
    priors: Vec<f32>,
}

/// Stratified random baseline: no hyper-parameters (the fit's seed drives the draws).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratifiedParams {}

/// Predicts a random class per row, drawn with the training class shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratifiedModel {
    priors: Vec<f32>,
    seed: u64,
}

/// Weighted class shares of the training rows.
pub fn class_priors(data: &TrainData) -> Vec<f32> {
    let mut counts = vec![0f64; data.n_classes];
    for (i, &c) in data.y.iter().enumerate() {
        counts[c as usize] += data.weights.map_or(1.0, |w| w[i] as f64);
    }
    let total: f64 = counts.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    counts.iter().map(|&c| (c / total) as f32).collect()
}

impl Learner for MajorityParams {
    type Model = MajorityModel;
    /// Nothing to check: there are no hyper-parameters.
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn fit_valid(_: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<MajorityModel> {
        let priors = class_priors(data);
        monitor.report(&TrainProgress { fraction: 1.0, iteration: 1, ..Default::default() });
        Ok(MajorityModel { priors })
    }
}

/// Checks class shares read from a file: 2 or more classes, finite and not negative.
fn validate_priors(priors: &[f32]) -> Result<()> {
    ensure_classes(priors.len())?;
    ensure_finite("priors", priors)?;
    ensure(priors.iter().all(|&p| p >= 0.0), || "priors: a class share is negative".into())
}

impl Model for MajorityModel {
    fn n_classes(&self) -> usize {
        self.priors.len()
    }
    fn inputs(&self) -> Option<Vec<InputKind>> {
        None
    }
    fn validate(&self) -> Result<()> {
        validate_priors(&self.priors)
    }
    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        let mut out = Vec::with_capacity(x.rows * self.priors.len());
        for _ in 0..x.rows {
            out.extend_from_slice(&self.priors);
        }
        Ok(out)
    }
}

impl Learner for StratifiedParams {
    type Model = StratifiedModel;
    /// Nothing to check: there are no hyper-parameters.
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    fn fit_valid(_: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<StratifiedModel> {
        let priors = class_priors(data);
        monitor.report(&TrainProgress { fraction: 1.0, iteration: 1, ..Default::default() });
        Ok(StratifiedModel { priors, seed: data.seed })
    }
}

impl Model for StratifiedModel {
    fn n_classes(&self) -> usize {
        self.priors.len()
    }
    fn inputs(&self) -> Option<Vec<InputKind>> {
        None
    }
    fn validate(&self) -> Result<()> {
        validate_priors(&self.priors)
    }
    /// One-hot probabilities of the drawn class (so log-loss shows how poor guessing is).
    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        let k = self.priors.len();
        let mut rng = Rng::new(self.seed);
        let mut out = vec![0.0; x.rows * k];
        for row in 0..x.rows {
            let u = rng.f32();
            let mut acc = 0.0;
            let mut pick = k - 1;
            for (c, &p) in self.priors.iter().enumerate() {
                acc += p;
                if u < acc {
                    pick = c;
                    break;
                }
            }
            out[row * k + pick] = 1.0;
        }
        Ok(out)
    }
}
