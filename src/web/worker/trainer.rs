//! The trainer role: trains models on its own copy of the dataset, so the page can cancel a
//! run by terminating this worker without losing the dataset the engine holds.

use std::cell::RefCell;

use web_sys::DedicatedWorkerGlobalScope;

use super::engine::{set_dataset, with_dataset};
use super::post;
use crate::core::eval::{TestIncidents, TestPredictions};
use crate::core::experiment::{fit_prepared, RunEvent};
use crate::core::features::{prepare, FeatureConfig, Prepared};
use crate::core::protocol::{to_json, TrainerRequest, TrainerResponse};
use crate::web::envelope::{buffer_to_bytes, buffer_to_dataset, bytes_to_buffer, layout_to_buffer, Envelope};

thread_local! {
    /// The last training matrix, reused while the feature settings stay the same.
    static PREPARED: RefCell<Option<(FeatureConfig, Prepared)>> = const { RefCell::new(None) };
}

/// Minimum milliseconds between two training progress messages.
pub(super) const PROGRESS_EVERY_MS: f64 = 40.0;

pub(super) fn send(scope: &DedicatedWorkerGlobalScope, response: &TrainerResponse) {
    post(scope, &Envelope::json(to_json(response)));
}

/// Handles one request, posting progress and the result.
pub fn handle(scope: &DedicatedWorkerGlobalScope, request: TrainerRequest, envelope: &Envelope) {
    let result = match request {
        TrainerRequest::SetDataset { file_name } => {
            let Some(buffer) = envelope.buffers.first() else { return };
            match buffer_to_dataset(buffer) {
                Ok(dataset) => {
                    PREPARED.with(|p| *p.borrow_mut() = None);
                    set_dataset(dataset, &file_name);
                    Ok(())
                }
                Err(err) => Err(err),
            }
        }
        TrainerRequest::Prepare { features } => prepared(&features).map(|summary| {
            send(scope, &TrainerResponse::Prepared { summary: Box::new(summary) });
        }),
        TrainerRequest::Train { run } => train(scope, run),
        TrainerRequest::Importance { options } => match envelope.buffers.first() {
            Some(model) => super::importance::run(scope, &buffer_to_bytes(model), &options),
            None => Err(crate::core::Error::other("the model to explain did not arrive")),
        },
        TrainerRequest::Apply { model_name } => match envelope.buffers.first() {
            Some(model) => apply(scope, &buffer_to_bytes(model), &model_name),
            None => Err(crate::core::Error::other("the model to apply did not arrive")),
        },
        TrainerRequest::Tune { features, model, tune } => prepared(&features).and_then(|summary| {
            send(scope, &TrainerResponse::Prepared { summary: Box::new(summary) });
            let mut last = 0.0;
            let result = with_dataset(|ds, _| {
                crate::core::search::tune(ds, &features, model, &tune, &mut |progress| {
                    let now = js_sys::Date::now();
                    if now - last >= PROGRESS_EVERY_MS || progress.fraction >= 1.0 {
                        last = now;
                        send(scope, &TrainerResponse::TuneProgress(progress.clone()));
                    }
                    true
                })
            })
            .ok_or_else(|| crate::core::Error::other("No dataset is loaded."))??;
            send(scope, &TrainerResponse::Tuned { result: Box::new(result) });
            Ok(())
        }),
    };
    if let Err(err) = result {
        send(scope, &TrainerResponse::Failed { message: err.to_string() });
    }
}

/// Runs `f` on the matrix for `features`, prepared now or reused.
pub(super) fn with_prepared<R>(
    features: &FeatureConfig,
    f: impl FnOnce(&mut Prepared) -> R,
) -> crate::core::Result<R> {
    prepared(features)?;
    Ok(PREPARED.with(|p| f(&mut p.borrow_mut().as_mut().expect("prepared above").1)))
}

/// Prepares (or reuses) the matrix for `features` and returns its summary.
fn prepared(features: &FeatureConfig) -> crate::core::Result<crate::core::features::FeatureSummary> {
    if let Some(summary) =
        PREPARED.with(|p| p.borrow().as_ref().filter(|(c, _)| c == features).map(|(_, p)| p.summary.clone()))
    {
        return Ok(summary);
    }
    let prepared = with_dataset(|ds, _| prepare(ds, features))
        .ok_or_else(|| crate::core::Error::other("No dataset is loaded."))??;
    let summary = prepared.summary.clone();
    PREPARED.with(|p| *p.borrow_mut() = Some((features.clone(), prepared)));
    Ok(summary)
}

fn train(
    scope: &DedicatedWorkerGlobalScope,
    run: crate::core::experiment::RunConfig,
) -> crate::core::Result<()> {
    let summary = prepared(&run.features)?;
    send(scope, &TrainerResponse::Event { event: RunEvent::Prepared { summary: Box::new(summary) } });
    let prepared = PREPARED.with(|p| p.borrow_mut().take()).map(|(_, p)| p).expect("prepared above");
    let mut last = 0.0;
    let mut output = with_dataset(|ds, name| {
        fit_prepared(ds, Some(name), &run, prepared, &mut |event| {
            let now = js_sys::Date::now();
            let last_iteration = matches!(event, RunEvent::Training(p) if p.fraction >= 1.0);
            if !matches!(event, RunEvent::Training(_)) || last_iteration || now - last >= PROGRESS_EVERY_MS {
                last = now;
                send(scope, &TrainerResponse::Event { event: event.clone() });
            }
            true
        })
    })
    .ok_or_else(|| crate::core::Error::other("No dataset is loaded."))??;
    let export_json = output.export().to_json()?;
    let predictions = test_predictions(&output.prepared, std::mem::take(&mut output.test_proba))?;
    output.result.peak_memory_bytes = Some(wasm_memory_bytes());
    let json = to_json(&TrainerResponse::Trained { result: Box::new(output.result) });
    let buffers = vec![layout_to_buffer(&predictions.layout()), bytes_to_buffer(export_json.as_bytes())];
    drop(export_json);
    post(scope, &Envelope { json, blob: None, buffers });
    PREPARED.with(|p| *p.borrow_mut() = Some((run.features, output.prepared)));
    Ok(())
}

/// Applies a saved model (its JSON bytes) to every row of the dataset and posts the outcome.
fn apply(scope: &DedicatedWorkerGlobalScope, model: &[u8], model_name: &str) -> crate::core::Result<()> {
    let exported = crate::core::eval::ExportedModel::from_slice(model)
        .map_err(|e| crate::core::Error::other(format!("{model_name}: {e}")))?;
    let mut last = 0.0;
    let (applied, data_name) = with_dataset(|ds, name| {
        let rows: Vec<u32> = (0..ds.rows() as u32).collect();
        crate::core::apply::apply_with_progress(&exported, ds, &rows, &mut |done, total| {
            let now = js_sys::Date::now();
            if now - last >= PROGRESS_EVERY_MS || done == total {
                last = now;
                send(scope, &TrainerResponse::ApplyProgress { done, total });
            }
            true
        })
        .map(|a| (a, name.to_owned()))
    })
    .ok_or_else(|| crate::core::Error::other("No dataset is loaded."))??;
    let result = applied.run_result(&exported, &data_name).map(|mut r| {
        r.peak_memory_bytes = Some(wasm_memory_bytes());
        Box::new(r)
    });
    let buffers = match result {
        Some(_) => vec![layout_to_buffer(&applied.labelled_predictions()?.layout())],
        None => Vec::new(),
    };
    let json = to_json(&TrainerResponse::Applied { summary: Box::new(applied.summary), result });
    post(scope, &Envelope { json, blob: None, buffers });
    Ok(())
}

/// This worker's wasm linear memory in bytes (it only grows, so this is its peak so far).
fn wasm_memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    return core::arch::wasm32::memory_size(0) as u64 * 65_536;
    #[cfg(not(target_arch = "wasm32"))]
    0
}

/// The test predictions with each incident's facts, for the page's map and CSV.
fn test_predictions(prepared: &Prepared, proba: Vec<f32>) -> crate::core::Result<TestPredictions> {
    let incidents = with_dataset(|ds, _| TestIncidents::of_rows(ds, &prepared.test_rows))
        .ok_or_else(|| crate::core::Error::other("No dataset is loaded."))?;
    TestPredictions::new(
        prepared.classes.clone(),
        prepared.test_rows.clone(),
        prepared.y_test.clone(),
        proba,
        incidents,
    )
}
