//! Permutation importance in the trainer worker: from the exported model and the matrix its
//! card's feature settings rebuild (or the cached one), with throttled progress.

use web_sys::DedicatedWorkerGlobalScope;

use super::trainer::{send, with_prepared, PROGRESS_EVERY_MS};
use crate::core::eval::{ExportedModel, ImportanceOptions};
use crate::core::protocol::TrainerResponse;

/// Computes and posts the permutation importance of an exported model (its UTF-8 JSON).
pub fn run(
    scope: &DedicatedWorkerGlobalScope,
    export_json: &[u8],
    options: &ImportanceOptions,
) -> crate::core::Result<()> {
    let started = js_sys::Date::now();
    let exported = ExportedModel::from_slice(export_json)?;
    let features = crate::core::explain::feature_config(&exported)?.clone();
    let mut last = 0.0;
    let importance = with_prepared(&features, |prepared| {
        crate::core::explain::importance_on(&exported, prepared, options, &mut |progress| {
            let now = js_sys::Date::now();
            if now - last >= PROGRESS_EVERY_MS || progress.done == progress.total {
                last = now;
                send(scope, &TrainerResponse::ImportanceProgress(progress.clone()));
            }
            true
        })
    })??;
    let ms = js_sys::Date::now() - started;
    send(scope, &TrainerResponse::Importance { importance: Box::new(importance), ms });
    Ok(())
}
