//! Messages exchanged by the user interface and its Web Workers.
//!
//! Every message is a serde enum sent as JSON text, with at most one binary payload beside it
//! (a `Blob` to parse, or an `ArrayBuffer` of [`wire`](crate::core::data::wire)-encoded columns),
//! so the whole protocol can be unit-tested natively. The worker glue only moves messages.
//!
//! Two kinds of worker take part:
//! * **parse workers** each parse one byte range of the chosen file ([`ParseRequest`] →
//!   [`ParseEvent`]); the page checks that the parts meet at true record boundaries
//!   ([`reconcile`](fn@crate::core::data::reconcile)), asks a worker to parse a part again when
//!   not, and terminates them to cancel a load, which leaves the engine alone;
//! * one **engine** worker holds the current dataset and does all analysis on it
//!   ([`EngineRequest`] → [`EngineResponse`]). It swaps in a new dataset only once one has been
//!   fully parsed, so a failed or cancelled load loses nothing;
//! * the **trainer** trains, tunes and explains on its own copy of the dataset
//!   ([`TrainerRequest`] → [`TrainerResponse`]), and applies saved models to it;
//! * a **sandbox** worker, which holds no dataset, reads model files and makes what-if
//!   predictions ([`EngineRequest::CheckModel`], [`EngineRequest::WhatIf`]).
//!
//! A model file is never run in the engine: if one could crash or stall the worker it runs in,
//! only a worker the page can replace without losing anything goes with it.

use serde::{Deserialize, Serialize};

use crate::core::data::{DatasetCard, Page, Part, PartBounds, PartProgress};

/// Asks a parse worker to parse one range of the file sent beside it. The worker reads the
/// file's head and makes the [`ParsePlan`](crate::core::data::ParsePlan) itself (every worker
/// makes the same one), so the page never parses anything a file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseRequest {
    /// Which bytes.
    pub part: Part,
}

/// What a parse worker reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ParseEvent {
    /// Part of the range is done.
    Progress(PartProgress),
    /// The range is parsed; its encoded columns travel beside this message.
    Done {
        /// Where the part really began and ended, for
        /// [`reconcile`](fn@crate::core::data::reconcile).
        bounds: PartBounds,
        /// Rows parsed.
        rows: u64,
        /// Milliseconds spent parsing.
        parse_ms: f64,
        /// Milliseconds spent encoding the columns for transfer.
        encode_ms: f64,
    },
    /// Parsing failed.
    Failed {
        /// Message for the user.
        message: String,
    },
}

/// A request to the engine worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EngineRequest {
    /// Join the parsed parts sent beside this message into the new current dataset (or, with
    /// `append`, add them to the current one: see [`Loaded::append`](crate::core::data::Loaded::append)).
    Ingest {
        /// Which load of the page this is: the answer ([`EngineResponse::Loaded`] or
        /// [`EngineResponse::LoadFailed`]) names it, so a page that started another load
        /// meanwhile can tell the two apart.
        load: u64,
        /// Name of the file.
        file_name: String,
        /// Add the file to the current dataset instead of replacing it.
        #[serde(default)]
        append: bool,
        /// Size of the file in bytes.
        file_bytes: u64,
        /// Milliseconds spent so far (reading and parsing), for the card.
        elapsed_ms: f64,
        /// Rows per page of the data table.
        page_size: usize,
        /// Time spent in each stage so far (for the card's breakdown).
        stages_ms: std::collections::BTreeMap<String, f64>,
    },
    /// The exploratory dashboard of the current dataset under these filters.
    Dashboard {
        /// Date range, divisions, crime types.
        filters: crate::core::eda::Filters,
        /// Top-N sizes, sample sizes.
        options: crate::core::eda::Options,
    },
    /// Send a copy of the current dataset (encoded, beside the response) for the trainer.
    ShareDataset,
    /// The column profiles of the current dataset under these filters.
    Profile {
        /// Date range, divisions, crime types.
        filters: crate::core::eda::Filters,
    },
    /// Predict one incident with each of these exported models.
    /// The exported models travel beside as one UTF-8 JSON buffer each, in `names` order.
    WhatIf {
        /// Name of each model.
        names: Vec<String>,
        /// The incident.
        incident: crate::core::whatif::Incident,
    },
    /// What the what-if form offers for the current dataset
    /// ([`options`](crate::core::whatif::options())).
    WhatIfOptions,
    /// The class balance the training form's feature settings would train on
    /// ([`class_balance`](crate::core::features::class_balance())).
    ClassBalance {
        /// The form's feature settings.
        features: Box<crate::core::features::FeatureConfig>,
    },
    /// A page of the data table.
    Page {
        /// First row.
        offset: usize,
        /// Number of rows.
        limit: usize,
    },
    /// Check a model file the user chose (its bytes travel beside; they come back beside the
    /// answer when the file is a valid exported model).
    CheckModel {
        /// The file's name.
        file_name: String,
    },
    /// Write the predictions CSV of the [`TestPredictions`](crate::core::eval::TestPredictions)
    /// encoded beside this message (needs no dataset: the predictions carry `DR_NO`).
    PredictionsCsv {
        /// Name of the file to save, echoed back.
        file_name: String,
    },
    /// Render the one-file HTML report of the session.
    Report {
        /// Dataset card, dashboard and trained models.
        input: Box<crate::core::report::ReportInput>,
    },
    /// Stay busy for `ms` milliseconds, then answer [`EngineResponse::Ready`]: the end-to-end
    /// tests use it to check that the page replaces a worker that stops answering.
    Busy {
        /// How long to stay busy.
        ms: f64,
    },
}

/// A response from the engine worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EngineResponse {
    /// The engine is up and ready for requests.
    Ready,
    /// A new dataset is current.
    Loaded {
        /// The load it came from ([`EngineRequest::Ingest`]'s `load`).
        load: u64,
        /// Its card (boxed: it is by far the largest response).
        card: Box<DatasetCard>,
        /// The first page of rows.
        page: Page,
    },
    /// A page of rows.
    Page(Page),
    /// What each model predicts for the incident (and which models failed, with why).
    WhatIf {
        /// One prediction per model that worked.
        predictions: Vec<crate::core::whatif::Prediction>,
        /// Messages for the models that failed.
        errors: Vec<String>,
    },
    /// What the what-if form offers for the current dataset.
    WhatIfOptions(Box<crate::core::whatif::WhatIfOptions>),
    /// The class balance, or why there is none (a target with one class left…).
    ClassBalance {
        /// The balance.
        balance: Option<Box<crate::core::features::ClassBalance>>,
        /// Why there is none.
        error: Option<String>,
    },
    /// The dashboard's aggregates.
    Dashboard(Box<crate::core::eda::Dashboard>),
    /// A copy of the current dataset travels beside this message.
    DatasetShared {
        /// Name of the file it was loaded from.
        file_name: String,
    },
    /// The column profiles.
    Profile(Box<crate::core::eda::Profile>),
    /// The predictions CSV's bytes travel beside this message (none when `error` is set).
    PredictionsCsv {
        /// Name of the file to save.
        file_name: String,
        /// Data rows written.
        rows: usize,
        /// Why the CSV could not be written.
        error: Option<String>,
    },
    /// The answer to [`EngineRequest::CheckModel`]: with the file's bytes beside it when valid.
    ModelChecked {
        /// The model's name for people (kind and file name).
        name: String,
        /// Why the file is not a usable model.
        error: Option<String>,
    },
    /// The HTML report, ready to save.
    Report {
        /// The document.
        html: String,
        /// Suggested file name.
        file_name: String,
    },
    /// The parts of a load were refused; the current dataset is unchanged.
    LoadFailed {
        /// The load ([`EngineRequest::Ingest`]'s `load`).
        load: u64,
        /// Message for the user.
        message: String,
    },
    /// A request failed; the current dataset is unchanged.
    Failed {
        /// Message for the user.
        message: String,
    },
}

/// Encodes a message as JSON text.
pub fn to_json<T: Serialize>(message: &T) -> String {
    serde_json::to_string(message).expect("protocol messages serialise")
}

/// Decodes a message from JSON text.
pub fn from_json<'a, T: Deserialize<'a>>(text: &'a str) -> crate::core::Result<T> {
    serde_json::from_str(text)
        .map_err(|e| crate::core::ErrorKind::Wire(format!("a message could not be read: {e}")).into())
}

/// A request to the trainer worker: a second engine that trains, so that Cancel can terminate
/// it at once without touching the page's dataset (held by the engine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TrainerRequest {
    /// Train on the dataset encoded beside this message from now on.
    SetDataset {
        /// Name of the file it was loaded from.
        file_name: String,
    },
    /// Build (or reuse) the training matrix and send `copies` copies of its training part
    /// ([`train_matrix`](crate::core::features::train_matrix)) for the other workers of a
    /// split run; answered by [`TrainerResponse::MatrixShared`], after the matrix's
    /// [`RunEvent::Prepared`](crate::core::experiment::RunEvent::Prepared) event.
    ShareMatrix {
        /// Target, features, split.
        features: crate::core::features::FeatureConfig,
        /// How many copies (one per other worker).
        copies: usize,
    },
    /// Fit shares of runs on these features from the training matrix encoded beside this
    /// message (another worker's [`TrainerRequest::ShareMatrix`]) instead of building it.
    SetMatrix {
        /// The features the matrix was built with.
        features: crate::core::features::FeatureConfig,
    },
    /// Build the training matrix only, and report its summary.
    Prepare {
        /// Target, features, split.
        features: crate::core::features::FeatureConfig,
    },
    /// Search hyper-parameters by cross-validation on the training rows.
    Tune {
        /// Target, features, split.
        features: crate::core::features::FeatureConfig,
        /// The model to tune.
        model: crate::core::models::ModelKind,
        /// Space, strategy, folds, sample size.
        tune: crate::core::search::TuneConfig,
    },
    /// Evaluate this worker's part of a search shared out over several trainer workers
    /// ([`SplitTune`](crate::core::session::SplitTune)): refit the feature pipeline of the folds
    /// the part touches and fit its candidates on them, on one thread; answered by
    /// [`TrainerResponse::TunePartDone`], with [`TrainerResponse::TuneProgress`] before it (and,
    /// from worker 0, the training matrix's [`TrainerResponse::Prepared`] summary first).
    TunePart {
        /// What is tuned (the same for every worker).
        job: crate::core::search::TuneJob,
        /// This worker's fits.
        part: crate::core::search::TunePart,
    },
    /// Prepare (or reuse the last matrix), fit and evaluate.
    Train {
        /// Features, model and seed.
        run: crate::core::experiment::RunConfig,
    },
    /// Prepare (or reuse the last matrix) and fit one share of a run split over several
    /// trainer workers ([`train_shares`](crate::core::train_shares)); answered by
    /// [`TrainerResponse::ShareFitted`], with progress events before it.
    FitShare {
        /// The whole run (the share is fitted exactly as [`TrainerRequest::Train`] would fit it).
        run: crate::core::experiment::RunConfig,
        /// Which part of the model.
        share: crate::core::train_shares::Share,
    },
    /// The whole last round of a boosted run split over workers ([`Share::Rounds`](crate::core::train_shares::Share::Rounds)),
    /// with the other workers' row leaves beside it (one buffer each, in worker order, this
    /// worker's left out): take it, then grow this worker's trees of the next round
    /// ([`TrainerResponse::BoostRound`]) or, when the fit is over, answer
    /// [`TrainerResponse::ShareFitted`] with the whole model.
    BoostNext {
        /// Every tree of the round, in class order.
        trees: Vec<crate::core::models::hist::BinTree>,
    },
    /// Every worker's blocks' sums of the last evaluation of a logistic regression split over
    /// workers ([`Share::Blocks`](crate::core::train_shares::Share::Blocks)) travel beside this
    /// message, one buffer per other worker in worker order (this worker's left out): add
    /// them, step the minimiser, and answer [`TrainerResponse::BlockSums`] for the next
    /// evaluation or, when the fit is over, [`TrainerResponse::ShareFitted`] with the whole
    /// model.
    LogregNext,
    /// Finish a split run: the shares' fitted models travel beside this message, one buffer
    /// each in plan order ([`FittedShare`](crate::core::session::fitted_share::FittedShare) JSON); they
    /// are checked and merged instead of fitting, then evaluated as [`TrainerRequest::Train`]
    /// does.
    MergeShares {
        /// The run the shares were fitted for.
        run: crate::core::experiment::RunConfig,
        /// The page's wall time of the share phase (ms), from the first worker fitting to the
        /// last share: the result's training time.
        train_ms: f64,
        /// The peak memory of the other workers that fitted shares, summed (bytes).
        others_memory_bytes: Option<u64>,
    },
    /// Permutation importance of an exported model on the test rows of its run, rebuilt from
    /// the feature settings in its card (or reused when they are the last matrix's).
    /// The exported model (model, run card, pipeline) travels beside as one UTF-8 JSON buffer.
    Importance {
        /// Repeats, sample size, seed.
        options: crate::core::eval::ImportanceOptions,
    },
    /// Apply a saved model (its UTF-8 JSON travels beside) to every row of the dataset, and
    /// score the rows whose class is known ([`crate::core::apply`]).
    Apply {
        /// The model's name for people.
        model_name: String,
    },
    /// Fit small models on made-up data and drop them, so the browser optimises the training
    /// loops while the page is idle ([`warm_up`](crate::core::models::warm_up)); answered by
    /// [`TrainerResponse::WarmedUp`].
    WarmUp,
}

/// What the trainer reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TrainerResponse {
    /// The training matrix's summary.
    Prepared {
        /// The summary.
        summary: Box<crate::core::features::FeatureSummary>,
    },
    /// Progress of a run.
    Event {
        /// What happened.
        event: crate::core::experiment::RunEvent,
    },
    /// Progress of a hyper-parameter search.
    TuneProgress(crate::core::search::SearchProgress),
    /// A hyper-parameter search finished (the caller refits the best params).
    Tuned {
        /// Every candidate, ranked.
        result: Box<crate::core::search::SearchResult<crate::core::models::ModelParams>>,
    },
    /// A worker's part of a shared search is evaluated.
    TunePartDone {
        /// The search it belongs to (as the request gave it; boxed, as it is large beside the
        /// other answers).
        job: Box<crate::core::search::TuneJob>,
        /// Which part.
        part: crate::core::search::TunePart,
        /// One outcome per fit of the part, in order.
        outcomes: Vec<crate::core::search::FitOutcome>,
    },
    /// A run finished. Two buffers travel beside this message: its test predictions
    /// ([`TestPredictions::layout`](crate::core::eval::TestPredictions::layout)), then the
    /// exported model (model, run card, feature pipeline) as UTF-8 JSON. The model is tens of
    /// megabytes for a forest, so it never goes inside this message's JSON.
    Trained {
        /// Its metrics and card (the card without its metrics: they are the evaluation, which
        /// the page copies back into it).
        result: Box<crate::core::experiment::RunResult>,
    },
    /// A share of a split run is fitted; its [`FittedShare`](crate::core::session::fitted_share::FittedShare)
    /// JSON travels beside this message.
    ShareFitted {
        /// Which share.
        share: crate::core::train_shares::Share,
        /// This worker's peak memory (bytes), when known.
        peak_memory_bytes: Option<u64>,
    },
    /// This boosting worker's trees of the next round (its classes', in class order; none when
    /// it grows no class), for the page to join with the other workers' and send to every
    /// worker ([`TrainerRequest::BoostNext`]); the trees' row leaves travel beside it.
    BoostRound {
        /// The trees.
        trees: Vec<crate::core::models::hist::BinTree>,
    },
    /// This logistic-regression worker's blocks' sums of the next evaluation travel beside
    /// this message, for the page to send to every other worker ([`TrainerRequest::LogregNext`]).
    BlockSums,
    /// The copies of the training matrix a [`TrainerRequest::ShareMatrix`] asked for travel
    /// beside this message, one buffer each.
    MatrixShared,
    /// Progress of a permutation importance.
    ImportanceProgress(crate::core::eval::importance::ImportanceProgress),
    /// Progress of applying a saved model.
    ApplyProgress {
        /// Rows predicted so far.
        done: usize,
        /// Rows to predict.
        total: usize,
    },
    /// A saved model was applied. When rows of known class were scored, `result` is their
    /// result card and their predictions travel beside
    /// ([`TestPredictions::layout`](crate::core::eval::TestPredictions::layout)).
    Applied {
        /// Rows, metrics, and why nothing was scored when nothing was.
        summary: Box<crate::core::apply::ApplySummary>,
        /// The result card, when rows were scored.
        result: Option<Box<crate::core::experiment::RunResult>>,
    },
    /// A permutation importance finished.
    Importance {
        /// Features by mean drop, best first.
        importance: Box<crate::core::eval::PermutationImportance>,
        /// Milliseconds it took (matrix rebuild included).
        ms: f64,
    },
    /// The warm-up ([`TrainerRequest::WarmUp`]) is done.
    WarmedUp,
    /// The request failed.
    Failed {
        /// Message for the user.
        message: String,
    },
}
