//! Permutation importance of an exported model on the held-out rows of its own run.
//!
//! Only the exported model is needed besides the data: its run card records the
//! [`FeatureConfig`] that built the training matrix, so the same test rows can be prepared
//! again (prepare is deterministic) after the worker that trained the model is gone. The
//! rebuilt matrix is checked against the card (features and classes) before scoring.

use crate::core::data::Dataset;
use crate::core::error::{Error, Result};
use crate::core::eval::importance::ImportanceProgress;
use crate::core::eval::{
    permutation_importance_with, ExportedModel, ImportanceOptions, PermutationImportance,
};
use crate::core::features::{prepare, FeatureConfig, Prepared};
use crate::core::parallel::Parallelism;

/// The feature settings recorded in the model's run card.
pub fn feature_config(exported: &ExportedModel) -> Result<&FeatureConfig> {
    exported.card.feature_config.as_ref().ok_or_else(|| {
        Error::invalid_model(
            "it does not record its feature settings (it predates them); train it again to compute \
             permutation importance",
        )
    })
}

/// Checks that `prepared` holds the features and classes the model was trained on.
pub fn check_matrix(exported: &ExportedModel, prepared: &Prepared) -> Result<()> {
    let names = prepared.test.names();
    if names != exported.card.features {
        return Err(Error::shape(
            "features of this data and of the model",
            format!("the {} the model was trained on", exported.card.features.len()),
            format!("{} (load the file the model was trained on)", names.len()),
        ));
    }
    if prepared.classes != exported.card.classes {
        return Err(Error::shape(
            "classes of this data and of the model",
            format!("the {} the model was trained on", exported.card.classes.len()),
            format!("{} others (load the file the model was trained on)", prepared.classes.len()),
        ));
    }
    Ok(())
}

/// Permutation importance of `exported` on the test rows of `prepared` (built from the model's
/// [`feature_config`]); `progress` as for [`permutation_importance`](crate::core::eval::permutation_importance).
pub fn importance_on(
    exported: &ExportedModel,
    prepared: &mut Prepared,
    options: &ImportanceOptions,
    progress: &mut dyn FnMut(&ImportanceProgress) -> bool,
) -> Result<PermutationImportance> {
    importance_on_with(exported, prepared, options, Parallelism::ONE, progress)
}

/// [`importance_on`] with the features spread over `parallelism`'s threads (the same result
/// for any thread count).
pub fn importance_on_with(
    exported: &ExportedModel,
    prepared: &mut Prepared,
    options: &ImportanceOptions,
    parallelism: Parallelism,
    progress: &mut dyn FnMut(&ImportanceProgress) -> bool,
) -> Result<PermutationImportance> {
    check_matrix(exported, prepared)?;
    permutation_importance_with(
        &exported.model,
        &mut prepared.test,
        &prepared.y_test,
        options,
        parallelism,
        progress,
    )
}

/// Prepares the model's matrix from `dataset` and computes its permutation importance.
pub fn importance(
    dataset: &Dataset,
    exported: &ExportedModel,
    options: &ImportanceOptions,
    progress: &mut dyn FnMut(&ImportanceProgress) -> bool,
) -> Result<PermutationImportance> {
    let mut prepared = prepare(dataset, feature_config(exported)?)?;
    importance_on(exported, &mut prepared, options, progress)
}
