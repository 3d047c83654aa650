//! Model export: a trained model, its run card and its feature pipeline as one JSON file that
//! the app and the CLI can load back to predict without retraining.
//!
//! The file is an object `{"format": "crimelab-model", "format_version": 1, "card": …,
//! "model": …, "pipeline": …}`. A model file is data from outside, never trusted:
//! [`ExportedModel::from_slice`] refuses files over [`MAX_MODEL_FILE_BYTES`], checks the format
//! name and version first (so a wrong or newer file gets a clear message rather than a serde
//! error), parses straight into the typed structs (every fitted type refuses unknown keys), and
//! then [validates](ExportedModel::validate) everything before anything runs it.

use serde::{Deserialize, Serialize};

use super::run_card::RunCard;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::features::FittedPipeline;
use crate::core::format;
use crate::core::models::fitted::{ensure, within};
use crate::core::models::{AnyModel, InputKind, Model};

/// The `format` of an exported model file.
pub const EXPORT_FORMAT: &str = "crimelab-model";

/// The version of the export format this build writes and reads.
pub const EXPORT_VERSION: u32 = 1;

/// Largest model file Crime Lab reads, in bytes; larger files are refused before they are read.
pub const MAX_MODEL_FILE_BYTES: u64 = 256_000_000;

/// Longest parser message quoted in an error (a message may quote the file's own text).
const MAX_PARSER_MESSAGE: usize = 300;

/// A trained model with everything needed to use and judge it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedModel {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_VERSION`] of the build that wrote it.
    pub format_version: u32,
    /// What the model was trained from, and its metrics.
    pub card: RunCard,
    /// The trained model.
    pub model: AnyModel,
    /// The fitted feature pipeline that turns dataset rows into the model's features.
    pub pipeline: FittedPipeline,
}

/// The two keys read before the rest of the file (other keys are skipped, not stored).
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u64>,
}

impl ExportedModel {
    /// Bundles a model with its card and pipeline, in the current format.
    pub fn new(card: RunCard, model: AnyModel, pipeline: FittedPipeline) -> ExportedModel {
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
        serde_json::to_string(self)
            .map_err(|e| Error::internal(format!("the model could not be exported: {e}")))
    }

    /// Reads and validates an exported model (see [`from_slice`](Self::from_slice)).
    pub fn from_json(text: &str) -> Result<ExportedModel> {
        Self::from_slice(text.as_bytes())
    }

    /// An [`ErrorKind::Limit`] when a model file of `bytes` is over [`MAX_MODEL_FILE_BYTES`]:
    /// call it with the file's size before reading the file.
    pub fn check_size(bytes: u64) -> Result<()> {
        if bytes > MAX_MODEL_FILE_BYTES {
            return Err(Error::new(ErrorKind::Limit {
                what: "bytes in the model file".into(),
                limit: format::bytes(MAX_MODEL_FILE_BYTES),
                found: format::bytes(bytes),
            }));
        }
        Ok(())
    }

    /// Reads an exported model from its UTF-8 bytes: size cap, format and version, typed
    /// parse, then [`validate`](Self::validate). Errors say what is wrong with the file.
    pub fn from_slice(bytes: &[u8]) -> Result<ExportedModel> {
        Self::check_size(bytes.len() as u64)?;
        let header: Header = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => not_ours(),
            _ => Error::invalid_model(format!("it is not valid JSON ({})", parser_message(&e))),
        })?;
        if header.format.as_deref() != Some(EXPORT_FORMAT) {
            return Err(not_ours());
        }
        if header.format_version != Some(EXPORT_VERSION as u64) {
            let found = header.format_version.map_or("none".to_owned(), |v| v.to_string());
            let hint = match header.format_version {
                Some(v) if v > EXPORT_VERSION as u64 => {
                    "It was written by a newer Crime Lab; update this one"
                }
                _ => "Export the model again with this version of Crime Lab",
            };
            return Err(Error::invalid_model(format!(
                "it has format version {found}, but this Crime Lab reads version {EXPORT_VERSION}. {hint}"
            )));
        }
        let exported: ExportedModel = serde_json::from_slice(bytes).map_err(|e| {
            Error::invalid_model(format!("the file is damaged or incomplete ({})", parser_message(&e)))
        })?;
        exported.validate()?;
        Ok(exported)
    }

    /// Checks that the model, its pipeline and its card are each sound and agree: same kind,
    /// same classes, and the pipeline's output columns exactly the features the model reads
    /// (names, kinds and level counts). Errors are [`ErrorKind::InvalidModel`] naming the part.
    pub fn validate(&self) -> Result<()> {
        let model = self.model.kind().id();
        self.model.validate().map_err(within(format!("model ({model})")))?;
        self.pipeline.validate()?;
        let card = &self.card;
        ensure(card.params.kind() == self.model.kind(), || {
            format!("its card describes a '{}' model but it holds a '{model}' model", card.params.kind().id())
        })?;
        ensure(card.classes == self.pipeline.classes, || "the card's classes are not the pipeline's".into())?;
        ensure(self.model.n_classes() == card.classes.len(), || {
            format!(
                "the model predicts {} classes but the card names {}",
                self.model.n_classes(),
                card.classes.len()
            )
        })?;
        ensure(card.target == self.pipeline.target.id(), || {
            format!("the card's target '{}' is not the pipeline's", card.target)
        })?;
        let names = self.pipeline.feature_names();
        ensure(card.features == names, || "the card's features are not the pipeline's".into())?;
        if let Some(inputs) = self.model.inputs() {
            check_inputs(&inputs, &self.pipeline.output_kinds(), &names)?;
        }
        if let Some(model_names) = self.model.input_names() {
            ensure(model_names == names.as_slice(), || {
                "the model's feature names are not the pipeline's".into()
            })?;
        }
        if let Some(metrics) = &card.metrics {
            metrics.validate(&card.classes).map_err(within("card metrics"))?;
        }
        Ok(())
    }
}

/// Checks that the pipeline's output columns (`outputs`, named `names`) are what the model
/// reads (`inputs`), level counts included.
fn check_inputs(inputs: &[InputKind], outputs: &[InputKind], names: &[String]) -> Result<()> {
    ensure(inputs.len() == outputs.len(), || {
        format!("the model reads {} features but the pipeline gives {}", inputs.len(), outputs.len())
    })?;
    for (j, (read, given)) in inputs.iter().zip(outputs).enumerate() {
        let describe = |k: &InputKind| match k {
            InputKind::Numeric => "a numeric column".to_owned(),
            InputKind::Categorical { levels } => format!("a categorical column of {levels} levels"),
        };
        ensure(read == given, || {
            format!(
                "feature {j} ('{}'): the model reads {} but the pipeline gives {}",
                crate::core::error::short_list(&names[j..=j], 1),
                describe(read),
                describe(given)
            )
        })?;
    }
    Ok(())
}

fn not_ours() -> Error {
    Error::invalid_model(format!(
        "it is not a Crime Lab model file (expected \"format\": \"{EXPORT_FORMAT}\")"
    ))
}

/// The parser's message, cut short (it may quote the file).
fn parser_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.char_indices().nth(MAX_PARSER_MESSAGE) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Bytes of a model's JSON form, for [`Evaluation::model_size_bytes`](super::Evaluation)
/// (counted as it is written, never held).
pub fn model_size_bytes(model: &AnyModel) -> u64 {
    struct Count(u64);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, model).map_or(0, |()| count.0)
}
