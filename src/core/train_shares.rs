//! Training spread over several trainer workers (the browser, where workers share no memory):
//! which worker trains which share of a model, and how the shares merge into the model one
//! worker would train, bit for bit.
//!
//! * [`plan`]: the shares of a model for `workers` workers. A random forest's trees are
//!   independent (tree `t` draws from its own forked stream), so each worker grows a
//!   contiguous range of them; every other model is one share, trained by one worker (its
//!   fit is sequential rounds or iterations that would need a message exchange per step).
//! * [`fit_share`]: trains one share on a worker's copy of the prepared matrix.
//! * [`merge`]: joins the shares, in plan order, into the whole model.
//!
//! The shares' boundaries depend on the worker count, but no tree does: the merged forest is
//! the same for 1 to 8 workers, and the same as the command line's.

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};
use crate::core::eval::ExportedModel;
use crate::core::experiment::RunConfig;
use crate::core::models::forest::ForestModel;
use crate::core::models::{AnyModel, Model, ModelParams, Monitor, TrainData};
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
}

/// The shares of `params` for `workers` workers (1 to [`MAX_WORKERS`]): as many as there are
/// workers for a forest (fewer when it has fewer trees), trees split as evenly as possible in
/// order; one [`Share::Whole`] for every other model.
pub fn plan(params: &ModelParams, workers: usize) -> Result<Vec<Share>> {
    if !(1..=MAX_WORKERS).contains(&workers) {
        let valid = format!("a whole number from 1 to {MAX_WORKERS}");
        return Err(Error::invalid_param("training", "workers", workers, valid));
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
        (Share::Trees { .. }, other) => Err(Error::invalid_param(
            "training",
            "share",
            "trees",
            format!("the whole model: {} is not split over workers", other.kind().id()),
        )),
    }
}

/// The whole model from its shares' models, in plan order.
pub fn merge(parts: Vec<AnyModel>) -> Result<AnyModel> {
    if parts.len() == 1 {
        return Ok(parts.into_iter().next().expect("one part"));
    }
    let mut forests = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            AnyModel::RandomForest(f) => forests.push(f),
            other => {
                return Err(Error::invalid_model(format!(
                    "a share of a split run is a {} model; only forests are split",
                    other.kind().id()
                )))
            }
        }
    }
    ForestModel::merge(forests).map(AnyModel::RandomForest)
}

/// A share's fitted model as it travels between workers: the run and share it was trained for
/// go with it, so the worker that merges can refuse a share of another run, a share out of
/// order or a model of the wrong kind by name (the bytes are treated as untrusted).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedShare {
    /// The run it belongs to.
    pub run: RunConfig,
    /// Which share of it.
    pub share: Share,
    /// The share's model.
    pub model: AnyModel,
}

impl FittedShare {
    /// Its JSON bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self).map_err(|e| Error::other(format!("a share could not be written: {e}")))
    }

    /// Reads share `index` of `count` from its bytes (size-capped like a model file).
    pub fn from_slice(bytes: &[u8], index: usize, count: usize) -> Result<FittedShare> {
        ExportedModel::check_size(bytes.len() as u64)?;
        serde_json::from_slice(bytes).map_err(|e| {
            Error::invalid_model(format!(
                "share {} of {count} from the training workers is damaged ({e})",
                index + 1
            ))
        })
    }
}

/// The model of `run` from its shares' bytes (one per share of [`plan`], in order): each is
/// read, checked against the run and the plan, merged ([`merge`]) and the whole validated.
pub fn merge_fitted(run: &RunConfig, parts: &[Vec<u8>]) -> Result<AnyModel> {
    let expected = plan(&run.model, parts.len().clamp(1, MAX_WORKERS))?;
    if expected.len() != parts.len() {
        return Err(Error::shape("shares of the split run", expected.len(), parts.len()));
    }
    let count = parts.len();
    let mut models = Vec::with_capacity(count);
    for (index, (bytes, share)) in parts.iter().zip(&expected).enumerate() {
        let fitted = FittedShare::from_slice(bytes, index, count)?;
        let which = format!("share {} of {count}", index + 1);
        if fitted.run != *run {
            return Err(Error::invalid_model(format!("{which} was trained for another run; train again")));
        }
        if fitted.share != *share {
            return Err(Error::invalid_model(format!(
                "{which} holds {}, where {} was expected",
                fitted.share.describe(),
                share.describe()
            )));
        }
        if let (Share::Trees { start, end }, AnyModel::RandomForest(f)) = (share, &fitted.model) {
            if f.trees.len() != end - start {
                return Err(Error::shape(format!("trees in {which}"), end - start, f.trees.len()));
            }
        }
        models.push(fitted.model);
    }
    let model = merge(models)?;
    model.validate()?;
    Ok(model)
}

impl Share {
    /// What it holds, for people: "the whole model", "trees 4 to 7".
    pub fn describe(&self) -> String {
        match self {
            Share::Whole => "the whole model".to_owned(),
            Share::Trees { start, end } => format!("trees {} to {}", start + 1, end),
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
    fn only_forests_are_split_and_the_count_is_checked() {
        use crate::core::models::{forest::ForestParams, ModelKind};
        let forest = ModelParams::RandomForest(ForestParams { n_trees: 3, ..Default::default() });
        assert_eq!(plan(&forest, 8).unwrap().len(), 3);
        assert_eq!(
            plan(&forest, 2).unwrap(),
            vec![Share::Trees { start: 0, end: 2 }, Share::Trees { start: 2, end: 3 }]
        );
        assert_eq!(plan(&ModelKind::Gbdt.default_params(), 4).unwrap(), vec![Share::Whole]);
        assert!(plan(&forest, 0).is_err() && plan(&forest, 9).is_err());
    }
}
