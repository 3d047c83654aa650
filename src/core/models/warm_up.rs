//! Warming up a fresh WebAssembly instance before the user's first run.
//!
//! Browsers run a wasm function on a quick baseline compiler first and recompile it with their
//! optimising compiler once it has run a while, in background threads; a call already running
//! keeps its baseline code until it returns. Two fresh workers on two busy cores start a split
//! run on baseline code (a forest trained twice on two workers in one page is faster the second
//! time, even with a fresh second worker). [`warm_up`] fits small models of the slow kinds on a small made-up
//! matrix, which a trainer worker does while the page is idle after a load: the hot loops are
//! optimised before the first real run. It reads no user data and keeps nothing; results never
//! depend on it (it only changes which compiled code runs).

use super::forest::ForestParams;
use super::gbdt::GbdtParams;
use super::logreg::LogregParams;
use super::{ModelParams, Parallelism, TrainData, TrainProgress};
use crate::core::error::Result;
use crate::core::frame::{Feature, FeatureFrame, MISSING_LEVEL};
use crate::core::rng::Rng;

/// Rows of the made-up training matrix: enough for every hot loop to be called many times,
/// few enough that the warm-up takes about a second in a browser.
const ROWS: usize = 12_000;

/// Classes of the made-up target (several, as the multi-class paths are the ones used).
const CLASSES: u32 = 6;

/// Fits a small random forest, boosted model and logistic regression on a made-up matrix of
/// numeric and categorical features with missing values, and drops them.
pub fn warm_up() -> Result<()> {
    let (x, y) = made_up(ROWS, 1);
    let (valid_x, valid_y) = made_up(ROWS / 5, 2);
    let data = TrainData {
        x: &x,
        y: &y,
        n_classes: CLASSES as usize,
        weights: None,
        valid: Some((&valid_x, &valid_y)),
        seed: 7,
        prescaled: false,
        parallelism: Parallelism::ONE,
    };
    let models = [
        ModelParams::RandomForest(ForestParams { n_trees: 6, ..ForestParams::default() }),
        ModelParams::Gbdt(GbdtParams { n_rounds: 6, ..GbdtParams::default() }),
        ModelParams::Logreg(LogregParams { max_iter: 25, ..LogregParams::default() }),
    ];
    for params in models {
        params.fit(&data, &mut |_: &TrainProgress| true)?;
    }
    Ok(())
}

/// `rows` rows of four numeric and four categorical features, a few values missing, and a class
/// that depends on them with noise (so trees grow deep and the linear model has work to do).
fn made_up(rows: usize, seed: u64) -> (FeatureFrame, Vec<u32>) {
    let mut rng = Rng::new(seed);
    let numeric: Vec<Vec<f32>> = (0..4)
        .map(|_| (0..rows).map(|_| if rng.below(50) == 0 { f32::NAN } else { rng.normal() as f32 }).collect())
        .collect();
    let level_counts = [4u16, 21, 60, 300];
    let codes: Vec<Vec<u16>> = level_counts
        .iter()
        .map(|&levels| {
            (0..rows)
                .map(|_| if rng.below(50) == 0 { MISSING_LEVEL } else { rng.below(levels.into()) as u16 })
                .collect()
        })
        .collect();
    let y = (0..rows)
        .map(|r| {
            // (`max` and `min` take the other side of a missing value.)
            let signal =
                numeric[0][r].max(-3.0) + 0.5 * numeric[1][r].min(3.0) + (codes[1][r] % 5) as f32 * 0.4;
            let noisy = signal + rng.normal() as f32 * 0.7;
            ((noisy + 3.0).max(0.0) as u32 + (codes[0][r] % 2) as u32).min(CLASSES - 1)
        })
        .collect();
    let mut columns: Vec<Feature> =
        numeric.into_iter().enumerate().map(|(i, v)| Feature::numeric(format!("x{i}"), v)).collect();
    for (i, (c, levels)) in codes.into_iter().zip(level_counts).enumerate() {
        let names = (0..levels).map(|l| format!("l{l}")).collect();
        columns.push(Feature::categorical(format!("c{i}"), c, names));
    }
    (FeatureFrame { rows, columns }, y)
}

#[cfg(test)]
mod tests {
    #[test]
    fn made_up_classes_are_all_used() {
        let (x, y) = super::made_up(2000, 1);
        assert_eq!(x.rows, 2000);
        for class in 0..super::CLASSES {
            assert!(y.contains(&class), "class {class} missing");
        }
    }
}
