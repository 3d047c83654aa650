//! Training spread over several trainer workers (the browser, where workers share no memory):
//! which worker trains which share of a model, and how the shares merge into the model one
//! worker would train, bit for bit.
//!
//! * [`plan`]: the shares of a model for `workers` workers. A random forest's trees are
//!   independent (tree `t` draws from its own forked stream), so each worker grows a
//!   contiguous range of them. Boosting's rounds are sequential, but the trees of a round (one
//!   per class) are independent: each worker grows some classes' trees of every round, and the
//!   page passes each round's trees to every worker
//!   ([`rounds`](crate::core::models::gbdt::rounds)). Logistic regression's L-BFGS steps are
//!   sequential, but each evaluation of the objective is a sum over fixed blocks of rows: each
//!   worker sums its blocks and the page passes every worker's sums to the others
//!   ([`logreg::fit`](crate::core::models::logreg::fit)). Every other model is one share,
//!   trained by one worker.
//! * [`fit_share`]: trains one share on a worker's copy of the prepared matrix.
//! * [`merge`]: joins the shares, in plan order, into the whole model (the trainer first checks
//!   each share it receives: [`crate::core::session::fitted_share`]).
//!
//! The shares' boundaries depend on the worker count, but no tree does: the merged forest is
//! the same for 1 to 8 workers, and the same as the command line's.

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};
use crate::core::models::forest::ForestModel;
use crate::core::models::gbdt::GbdtModel;
use crate::core::models::logreg::LogregModel;
use crate::core::models::{AnyModel, ModelParams, Monitor, TrainData};
pub use crate::core::parallel::even_ranges;

/// Most trainer workers a run may use.
pub const MAX_WORKERS: usize = 8;

/// One worker's part of a training run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Share {
    /// The whole model.
    Whole,
    /// Trees `start..end` of a forest.
    Trees {
        /// First tree.
        start: usize,
        /// One past the last tree.
        end: usize,
    },
    /// Boosting worker `worker` of `workers`: it grows its classes' trees of every round
    /// ([`output_shares`](crate::core::models::gbdt::rounds::output_shares)) and takes every
    /// round whole; at the end each worker holds the whole model.
    Rounds {
        /// Which worker (from 0).
        worker: usize,
        /// How many workers.
        workers: usize,
    },
    /// Logistic-regression worker `worker` of `workers`: it sums its blocks of rows for every
    /// evaluation of the objective and takes the others' sums; at the end each worker holds
    /// the whole model.
    Blocks {
        /// Which worker (from 0).
        worker: usize,
        /// How many workers.
        workers: usize,
    },
}

/// The shares of `params` for `workers` workers (1 to [`MAX_WORKERS`]): as many as there are
/// workers for a forest (fewer when it has fewer trees), trees split as evenly as possible in
/// order; one [`Share::Rounds`] per worker for boosting; one [`Share::Blocks`] per worker for
/// logistic regression; one [`Share::Whole`] for every other model.
pub fn plan(params: &ModelParams, workers: usize) -> Result<Vec<Share>> {
    if !(1..=MAX_WORKERS).contains(&workers) {
        let valid = format!("a whole number from 1 to {MAX_WORKERS}");
        return Err(Error::invalid_param("training", "workers", workers, valid));
    }
    match (params, workers) {
        (ModelParams::Gbdt(_), 2..) => {
            return Ok((0..workers).map(|worker| Share::Rounds { worker, workers }).collect())
        }
        (ModelParams::Logreg(_), 2..) => {
            return Ok((0..workers).map(|worker| Share::Blocks { worker, workers }).collect())
        }
        _ => {}
    }
    let ModelParams::RandomForest(p) = params else { return Ok(vec![Share::Whole]) };
    if workers == 1 || p.n_trees < 2 {
        return Ok(vec![Share::Whole]);
    }
    let parts = workers.min(p.n_trees);
    Ok(even_ranges(p.n_trees, parts)
        .into_iter()
        .map(|r| Share::Trees { start: r.start, end: r.end })
        .collect())
}

/// Trains `share` of `params` on `data` (validated first).
pub fn fit_share(
    params: &ModelParams,
    share: &Share,
    data: &TrainData,
    monitor: &mut dyn Monitor,
) -> Result<AnyModel> {
    match (share, params) {
        (Share::Whole, _) => params.fit(data, monitor),
        (Share::Trees { start, end }, ModelParams::RandomForest(p)) => {
            Ok(AnyModel::RandomForest(p.fit_trees(data, *start..*end, monitor)?))
        }
        (Share::Rounds { .. }, ModelParams::Gbdt(_)) => Err(Error::invalid_param(
            "training",
            "share",
            "rounds",
            "the whole model: boosting rounds are driven message by message (gbdt::rounds)",
        )),
        (Share::Blocks { .. }, ModelParams::Logreg(_)) => Err(Error::invalid_param(
            "training",
            "share",
            "blocks",
            "the whole model: logistic regression's evaluations are driven message by message (logreg::fit)",
        )),
        (Share::Trees { .. } | Share::Rounds { .. } | Share::Blocks { .. }, other) => {
            Err(Error::invalid_param(
                "training",
                "share",
                "a part",
                format!("the whole model: {} is not split over workers", other.kind().id()),
            ))
        }
    }
}

/// The whole model from its shares' models, in plan order.
pub fn merge(parts: Vec<AnyModel>) -> Result<AnyModel> {
    if parts.len() == 1 {
        return Ok(parts.into_iter().next().expect("one part"));
    }
    let boosted: Vec<&GbdtModel> =
        parts.iter().filter_map(|p| if let AnyModel::Gbdt(m) = p { Some(m) } else { None }).collect();
    if boosted.len() == parts.len() {
        return agreed(&boosted, "boosting").map(|_| parts.into_iter().next().expect("several parts"));
    }
    let linear: Vec<&LogregModel> =
        parts.iter().filter_map(|p| if let AnyModel::Logreg(m) = p { Some(m) } else { None }).collect();
    if linear.len() == parts.len() {
        return agreed(&linear, "logistic-regression")
            .map(|_| parts.into_iter().next().expect("several parts"));
    }
    let mut forests = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            AnyModel::RandomForest(f) => forests.push(f),
            other => {
                return Err(Error::invalid_model(format!(
                    "a share of a split run is a {} model where a forest's trees were expected",
                    other.kind().id()
                )))
            }
        }
    }
    ForestModel::merge(forests).map(AnyModel::RandomForest)
}

/// Every worker of a run whose workers each end with the whole model must hold the same model,
/// bit for bit.
fn agreed<M: PartialEq>(models: &[&M], who: &str) -> Result<()> {
    match models.iter().position(|m| *m != models[0]) {
        Some(i) => Err(Error::invalid_model(format!(
            "{who} workers 1 and {} ended with different models; train again",
            i + 1
        ))),
        None => Ok(()),
    }
}

impl Share {
    /// What it holds, for people: "the whole model", "trees 4 to 7".
    pub fn describe(&self) -> String {
        match self {
            Share::Whole => "the whole model".to_owned(),
            Share::Trees { start, end } => format!("trees {} to {}", start + 1, end),
            Share::Rounds { worker, workers } => {
                format!("the rounds of boosting worker {} of {workers}", worker + 1)
            }
            Share::Blocks { worker, workers } => {
                format!("the row blocks of logistic-regression worker {} of {workers}", worker + 1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn even_ranges_cover_everything_in_order() {
        assert_eq!(even_ranges(10, 3), vec![0..4, 4..7, 7..10]);
        assert_eq!(even_ranges(2, 2), vec![0..1, 1..2]);
        assert_eq!(even_ranges(5, 1), vec![0..5]);
    }

    #[test]
    fn forests_boosting_and_logreg_are_split_and_the_count_is_checked() {
        use crate::core::models::{forest::ForestParams, ModelKind};
        let forest = ModelParams::RandomForest(ForestParams { n_trees: 3, ..Default::default() });
        assert_eq!(plan(&forest, 8).unwrap().len(), 3);
        assert_eq!(
            plan(&forest, 2).unwrap(),
            vec![Share::Trees { start: 0, end: 2 }, Share::Trees { start: 2, end: 3 }]
        );
        assert_eq!(plan(&ModelKind::Gbdt.default_params(), 1).unwrap(), vec![Share::Whole]);
        assert_eq!(
            plan(&ModelKind::Gbdt.default_params(), 2).unwrap(),
            vec![Share::Rounds { worker: 0, workers: 2 }, Share::Rounds { worker: 1, workers: 2 }]
        );
        assert_eq!(plan(&ModelKind::Logreg.default_params(), 1).unwrap(), vec![Share::Whole]);
        assert_eq!(
            plan(&ModelKind::Logreg.default_params(), 2).unwrap(),
            vec![Share::Blocks { worker: 0, workers: 2 }, Share::Blocks { worker: 1, workers: 2 }]
        );
        assert_eq!(plan(&ModelKind::Knn.default_params(), 4).unwrap(), vec![Share::Whole]);
        assert!(plan(&forest, 0).is_err() && plan(&forest, 9).is_err());
    }
}
