//! The boosting loop: [`Learner`] for [`GbdtParams`], and the plan of a fit's runs
//! ([`GbdtParams::first_window`], [`GbdtParams::refit`]) for drivers that grow each round's
//! trees over several workers.

use super::booster::{Booster, RoundEnd};
use super::{GbdtModel, GbdtParams};
use crate::core::error::Result;
use crate::core::frame::FeatureFrame;
use crate::core::models::hist::check::check_data;
use crate::core::models::{Learner, Monitor, TrainData, Valid};

impl Learner for GbdtParams {
    type Model = GbdtModel;

    fn validate(&self) -> Result<()> {
        self.check_ranges()
    }

    fn fit_valid(p: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<GbdtModel> {
        check_data(data)?;
        // Early stopping on the validation rows chooses the round count, …
        let chosen = p.boost(data, monitor, p.first_window(data))?;
        // … then, when planned, every given row trains that many rounds.
        match p.refit(data, chosen.rounds)? {
            None => Ok(chosen),
            Some(refit) => refit.params.boost(&refit.train_data(data), monitor, Refit::WINDOW),
        }
    }
}

/// The second run of a fit that stopped early on its validation rows: every given row (training
/// and validation), as many rounds as the first run kept.
pub struct Refit {
    x: FeatureFrame,
    y: Vec<u32>,
    weights: Option<Vec<f32>>,
    /// The params of the run: the chosen round count, no early stopping.
    pub params: Valid<GbdtParams>,
}

impl Refit {
    /// Where the refit's progress goes: the second half.
    pub const WINDOW: (f64, f64) = (0.5, 0.5);

    /// The refit's data: `data`'s settings over every row, without a validation set.
    pub fn train_data<'a>(&'a self, data: &TrainData<'a>) -> TrainData<'a> {
        TrainData { x: &self.x, y: &self.y, weights: self.weights.as_deref(), valid: None, ..*data }
    }
}

/// The mean weight of each class's rows (the class weight, when weights are class weights).
fn class_weights(y: &[u32], weights: &[f32], k: usize) -> Vec<f32> {
    let mut sum = vec![(0f64, 0usize); k];
    for (&c, &w) in y.iter().zip(weights) {
        sum[c as usize].0 += w as f64;
        sum[c as usize].1 += 1;
    }
    sum.iter().map(|&(s, n)| if n > 0 { (s / n as f64) as f32 } else { 1.0 }).collect()
}

impl GbdtParams {
    /// Whether a fit on `data` refits on every row after early stopping: with a validation
    /// set, early stopping on, and few enough rows in all.
    fn refits(&self, data: &TrainData) -> bool {
        data.valid.is_some_and(|(vx, _)| {
            self.early_stopping_rounds > 0 && data.x.rows + vx.rows <= self.refit_max_rows
        })
    }

    /// Where the first run's progress goes: all of it, or the first half before a refit.
    pub fn first_window(&self, data: &TrainData) -> (f64, f64) {
        if self.refits(data) {
            (0.0, 0.5)
        } else {
            (0.0, 1.0)
        }
    }
}

impl Valid<GbdtParams> {
    /// The refit that follows a first run which kept `chosen_rounds` rounds, if a fit on
    /// `data` refits (its params derived from these and checked).
    pub fn refit(&self, data: &TrainData, chosen_rounds: usize) -> Result<Option<Refit>> {
        let Some((vx, vy)) = data.valid.filter(|_| self.refits(data)) else { return Ok(None) };
        let x = data.x.clone().append_rows(vx);
        let y: Vec<u32> = data.y.iter().chain(vy).copied().collect();
        let weights = data.weights.map(|w| {
            let class_weight = class_weights(data.y, w, data.n_classes);
            w.iter().copied().chain(vy.iter().map(|&c| class_weight[c as usize])).collect::<Vec<f32>>()
        });
        let params =
            GbdtParams { n_rounds: chosen_rounds.max(1), early_stopping_rounds: 0, ..self.get().clone() }
                .check()?;
        Ok(Some(Refit { x, y, weights, params }))
    }

    /// One boosting run: a [`Booster`] over every output, round after round.
    fn boost(&self, data: &TrainData, monitor: &mut dyn Monitor, window: (f64, f64)) -> Result<GbdtModel> {
        let mut booster = Booster::new(self, data, window)?;
        let all = 0..booster.n_out();
        loop {
            let round = booster.grow(all.clone())?;
            if booster.finish_round(round, all.clone(), &[], monitor)? == RoundEnd::Done {
                return Ok(booster.into_model());
            }
        }
    }
}
