//! Model export: a trained model, its run card and its feature pipeline as one JSON file that
//! the app and the CLI can load back to predict without retraining.
//!
//! The file is an object `{"format": "crimelab-model", "format_version": 1, "card": …,
//! "model": …, "pipeline": …}`. [`ExportedModel::from_json`] checks the format name and
//! version before anything else, so a wrong or newer file gets a clear message rather than a
//! serde error.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::run_card::RunCard;
use crate::core::error::{Error, Result};
use crate::core::models::{AnyModel, Model};

/// The `format` of an exported model file.
pub const EXPORT_FORMAT: &str = "crimelab-model";

/// The version of the export format this build writes and reads.
pub const EXPORT_VERSION: u32 = 1;

/// A trained model with everything needed to use and judge it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportedModel {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`] of the build that wrote it.
    pub format_version: u32,
    /// What the model was trained from, and its metrics.
    pub card: RunCard,
    /// The trained model.
    pub model: AnyModel,
    /// The fitted feature pipeline that turns dataset rows into the model's features (its
    /// JSON form, owned by the features module; `null` when not recorded).
    pub pipeline: Value,
}

impl ExportedModel {
    /// Bundles a model with its card and pipeline, in the current format.
    pub fn new(card: RunCard, model: AnyModel, pipeline: Value) -> ExportedModel {
        ExportedModel {
            format: EXPORT_FORMAT.to_owned(),
            format_version: EXPORT_VERSION,
            card,
            model,
            pipeline,
        }
    }

    /// The file's text (compact JSON).
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| Error::other(format!("the model could not be exported: {e}")))
    }

    /// Reads an exported model, checking format, version and consistency.
    pub fn from_json(text: &str) -> Result<ExportedModel> {
        Self::from_slice(text.as_bytes())
    }

    /// [`from_json`](Self::from_json) on UTF-8 bytes (as they arrive in a buffer).
    pub fn from_slice(bytes: &[u8]) -> Result<ExportedModel> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| Error::other(format!("This model file is not valid JSON ({e}).")))?;
        let format = value.get("format").and_then(Value::as_str);
        if format != Some(EXPORT_FORMAT) {
            return Err(Error::other(format!(
                "This is not a Crime Lab model file (expected \"format\": \"{EXPORT_FORMAT}\")."
            )));
        }
        let version = value.get("format_version").and_then(Value::as_u64);
        if version != Some(EXPORT_VERSION as u64) {
            let found = version.map_or("none".to_owned(), |v| v.to_string());
            let hint = match version {
                Some(v) if v > EXPORT_VERSION as u64 => {
                    "It was written by a newer Crime Lab; update this one"
                }
                _ => "Export the model again with this version of Crime Lab",
            };
            return Err(Error::other(format!(
                "This model file has format version {found}, but this Crime Lab reads version \
                 {EXPORT_VERSION}. {hint}."
            )));
        }
        let exported: ExportedModel = serde_json::from_value(value)
            .map_err(|e| Error::other(format!("This model file is damaged or incomplete: {e}.")))?;
        if exported.card.params.kind() != exported.model.kind() {
            return Err(Error::other(format!(
                "This model file is inconsistent: its card describes a '{}' model but it holds \
                 a '{}' model.",
                exported.card.params.kind().id(),
                exported.model.kind().id()
            )));
        }
        if exported.model.n_classes() != exported.card.classes.len() {
            return Err(Error::other(format!(
                "This model file is inconsistent: the model predicts {} classes but the card \
                 names {}.",
                exported.model.n_classes(),
                exported.card.classes.len()
            )));
        }
        Ok(exported)
    }
}

/// Bytes of a model's JSON form, for [`Evaluation::model_size_bytes`](super::Evaluation).
pub fn model_size_bytes(model: &AnyModel) -> u64 {
    serde_json::to_vec(model).map_or(0, |v| v.len() as u64)
}
