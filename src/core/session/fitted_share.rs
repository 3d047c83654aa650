//! A share of a split run as it travels between trainer workers, and the checked merge of the
//! shares a worker receives ([`merge_fitted`]): the bytes come from another worker, so they are
//! read like a model file (size cap, strict JSON, validation), never trusted.

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};
use crate::core::eval::ExportedModel;
use crate::core::experiment::RunConfig;
use crate::core::models::{AnyModel, Model, TrainProgress};
use crate::core::train_shares::{merge, plan, Share, MAX_WORKERS};

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
    /// Its progress reports (a boosted run's learning curve; empty for forest shares).
    #[serde(default)]
    pub curve: Vec<TrainProgress>,
}

impl FittedShare {
    /// Its JSON bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self)
            .map_err(|e| Error::internal(format!("a share of the model could not be written ({e})")))
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
/// read, checked against the run and the plan, merged ([`merge`]) and the whole validated;
/// with the first share's progress reports (a boosted run's learning curve).
pub fn merge_fitted(run: &RunConfig, parts: &[Vec<u8>]) -> Result<(AnyModel, Vec<TrainProgress>)> {
    let expected = plan(&run.model, parts.len().clamp(1, MAX_WORKERS))?;
    if expected.len() != parts.len() {
        return Err(Error::shape("shares of the split run", expected.len(), parts.len()));
    }
    let count = parts.len();
    let mut models = Vec::with_capacity(count);
    let mut curve = Vec::new();
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
        if index == 0 {
            curve = fitted.curve;
        }
        models.push(fitted.model);
    }
    let model = merge(models)?;
    model.validate()?;
    Ok((model, curve))
}
