//! Machine-learning models: one trait family, many models.
//!
//! Every model has a params type (`XParams`, serde, with documented defaults) that implements
//! [`Learner`]: `params.check()` turns it into [`Valid`] params (naming the first value out of
//! range), and only those train (`valid.fit(&data, &mut monitor)`, or `params.fit(…)` to check
//! and train at once), returning a model that implements [`Model`] (class probabilities for a
//! [`FeatureFrame`]). See [`learner`].
//! [`ModelParams`] and [`AnyModel`] wrap every model in one serialisable enum each, which is
//! what the CLI, the worker, hyper-parameter search and model export work with.
//!
//! Training reports progress through a [`Monitor`]; returning `false` from it cancels the fit,
//! which then returns [`ErrorKind::Cancelled`].

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::frame::FeatureFrame;
use crate::core::parallel::Parallelism;
pub use learner::{Learner, Valid};
pub use schema::InputKind;

pub mod baseline;
pub mod fastmath;
pub mod fitted;
pub mod forest;
pub mod gbdt;
pub mod hist;
pub mod knn;
pub mod lbfgs;
pub mod learner;
pub mod linear_input;
pub mod logreg;
pub mod margin_proba;
pub mod mlp;
pub mod naive_bayes;
pub mod row_ops;
pub mod sampling;
pub mod schema;
pub mod softmax_loss;
pub mod sparse_levels;
pub mod svm_kernel;
pub mod svm_linear;
pub mod tree;
pub mod validation;
pub mod warm_up;

/// What a learner trains on.
#[derive(Debug, Clone, Copy)]
pub struct TrainData<'a> {
    /// Training features.
    pub x: &'a FeatureFrame,
    /// Class id of each training row.
    pub y: &'a [u32],
    /// Number of classes (class ids are `0..n_classes`).
    pub n_classes: usize,
    /// Optional weight per training row (class weights, already expanded per row).
    pub weights: Option<&'a [f32]>,
    /// Optional validation set for early stopping and progress scores.
    pub valid: Option<(&'a FeatureFrame, &'a [u32])>,
    /// Seed for every random choice of the fit.
    pub seed: u64,
    /// Whether the numeric columns are already scaled as the user chose (by the feature
    /// pipeline's [`Scaling`](crate::core::features::Scaling), which may be none): models that
    /// need scaled inputs (linear models, MLP, k-NN, SVMs) then take them as they are, only
    /// centred, instead of standardising them again. False for frames built by hand.
    pub prescaled: bool,
    /// Threads the fit may use ([`Parallelism::ONE`] in a wasm worker). The model never depends
    /// on it: the same seed gives the same model, bit for bit, with any thread count.
    pub parallelism: Parallelism,
}

/// A progress report from a fit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainProgress {
    /// Fraction of the planned work done, 0–1.
    pub fraction: f64,
    /// Iteration (round, epoch, tree) just finished.
    pub iteration: usize,
    /// Training loss, when the model has one.
    pub train_loss: Option<f64>,
    /// Validation loss, when a validation set was given.
    pub valid_loss: Option<f64>,
    /// Validation accuracy, when a validation set was given.
    pub valid_accuracy: Option<f64>,
}

/// Receives progress; returning `false` cancels the fit.
pub trait Monitor {
    /// Called after each iteration.
    fn report(&mut self, progress: &TrainProgress) -> bool;
}

impl<F: FnMut(&TrainProgress) -> bool> Monitor for F {
    fn report(&mut self, progress: &TrainProgress) -> bool {
        self(progress)
    }
}

/// A monitor that never cancels and ignores reports.
pub fn quiet() -> impl Monitor {
    |_: &TrainProgress| true
}

/// A trained classifier.
///
/// A model may come from a file: [`validate`](Model::validate) checks it is safe to run before
/// anything predicts with it, and [`predict_proba`](Model::predict_proba) checks every frame
/// against the columns the model was fitted on ([`inputs`](Model::inputs)), so a frame that does
/// not match is an error, never a panic.
pub trait Model {
    /// Number of classes it predicts.
    fn n_classes(&self) -> usize;

    /// The feature columns it was fitted on, in frame order; `None` when it reads no feature
    /// (the baselines), so any frame will do.
    fn inputs(&self) -> Option<Vec<InputKind>>;

    /// The names of the feature columns it was fitted on, when it records them (then frames
    /// must use the same names).
    fn input_names(&self) -> Option<&[String]> {
        None
    }

    /// Checks that the fitted model is consistent and safe to run: every index in range, every
    /// length as declared, every number finite, sizes within [`fitted`]'s limits. Errors are
    /// [`ErrorKind::InvalidModel`] naming the part at fault.
    fn validate(&self) -> Result<()>;

    /// Class probabilities, row-major `rows × n_classes`, of a frame that has passed
    /// [`check_frame`](Model::check_frame). Call [`predict_proba`](Model::predict_proba).
    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>>;

    /// Class probabilities, row-major: `rows × n_classes`; an error when `x` does not have the
    /// columns the model was fitted on.
    fn predict_proba(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        self.check_frame(x)?;
        self.proba_checked(x)
    }

    /// Checks `x` against the columns the model was fitted on.
    fn check_frame(&self, x: &FeatureFrame) -> Result<()> {
        schema::check_frame("the model", self.inputs().as_deref(), self.input_names(), x)
    }

    /// [`proba_checked`](Model::proba_checked) with the rows spread over `parallelism`'s
    /// threads, where the model does so (tree models); the probabilities are the same for any
    /// thread count.
    fn proba_checked_with(&self, x: &FeatureFrame, _parallelism: Parallelism) -> Result<Vec<f32>> {
        self.proba_checked(x)
    }

    /// [`predict_proba`](Model::predict_proba) with the rows spread over `parallelism`'s threads.
    fn predict_proba_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
        self.check_frame(x)?;
        self.proba_checked_with(x, parallelism)
    }

    /// The most probable class of each row.
    fn predict(&self, x: &FeatureFrame) -> Result<Vec<u32>> {
        Ok(argmax_rows(&self.predict_proba(x)?, self.n_classes()))
    }

    /// Built-in importance per feature (gain for trees), if the model has one.
    fn importance(&self) -> Option<Vec<f64>> {
        None
    }

    /// A faster way to predict `base` with one column replaced at a time (permutation
    /// importance), when the model has one; `None` predicts each frame in full. `base` must
    /// have passed [`check_frame`](Model::check_frame).
    fn column_predictor<'a>(&'a self, _base: &FeatureFrame) -> Option<Box<dyn ColumnPredictor + 'a>> {
        None
    }
}

/// Predicts a base frame with one column replaced (see [`Model::column_predictor`]).
pub trait ColumnPredictor {
    /// The most probable class of each row of the base frame with column `j` holding `values`
    /// (an error when `values` is not a column of the base frame's kind and length).
    fn predict_with(&mut self, j: usize, values: &crate::core::frame::FeatureValues) -> Result<Vec<u32>>;
}

/// Index of the largest value in each row of a row-major `rows × k` matrix.
pub fn argmax_rows(proba: &[f32], k: usize) -> Vec<u32> {
    proba
        .chunks_exact(k.max(1))
        .map(|row| {
            let mut best = 0;
            for (i, &p) in row.iter().enumerate() {
                if p > row[best] {
                    best = i;
                }
            }
            best as u32
        })
        .collect()
}

/// The error for training data with fewer than two classes.
pub fn too_few_classes(model: &str, found: usize) -> Error {
    Error::new(ErrorKind::TooFewClasses { what: format!("The training data of {model}"), found })
}

macro_rules! model_registry {
    ($($variant:ident => $id:literal, $label:literal, $params:ty, $model:ty;)*) => {
        /// Every model Crime Lab can train, by its stable id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ModelKind { $(#[doc = $label] #[serde(rename = $id)] $variant,)* }

        impl ModelKind {
            /// All models, in menu order.
            pub const ALL: &'static [ModelKind] = &[$(ModelKind::$variant,)*];

            /// The stable id (`gbdt`, `random-forest`…), used in the UI, the CLI and JSON.
            pub fn id(self) -> &'static str {
                match self { $(ModelKind::$variant => $id,)* }
            }

            /// A human name.
            pub fn label(self) -> &'static str {
                match self { $(ModelKind::$variant => $label,)* }
            }

            /// The model with this id.
            pub fn from_id(id: &str) -> Option<ModelKind> {
                ModelKind::ALL.iter().copied().find(|k| k.id() == id)
            }

            /// Default params for this model.
            pub fn default_params(self) -> ModelParams {
                match self { $(ModelKind::$variant => ModelParams::$variant(<$params>::default()),)* }
            }
        }

        impl crate::core::listed::Listed for ModelKind {
            const SETTING: &'static str = "model";
            const VALUES: &'static [(ModelKind, &'static str, &'static str)] = &[$((ModelKind::$variant, $id, $label),)*];
        }

        /// Hyper-parameters of any model.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "model", content = "params", deny_unknown_fields)]
        pub enum ModelParams { $(#[doc = $label] #[serde(rename = $id)] $variant($params),)* }

        /// A trained model of any kind, as `{"model": id, "fitted": {…}}`.
        ///
        /// Reading one parses the fitted model straight into its type when `model` comes first
        /// (as written); a file whose keys were reordered (sorted by a tool) keeps the fitted
        /// model's text aside until the id is known, never an untyped JSON tree. Any other key is
        /// refused.
        #[derive(Debug, Clone, Serialize)]
        #[serde(tag = "model", content = "fitted")]
        pub enum AnyModel { $(#[doc = $label] #[serde(rename = $id)] $variant($model),)* }

        impl AnyModel {
            /// Reads the fitted model of kind `id` from `map`'s next value.
            fn fitted_from_map<'de, A: serde::de::MapAccess<'de>>(
                id: &str,
                map: &mut A,
            ) -> std::result::Result<AnyModel, A::Error> {
                match id {
                    $($id => Ok(AnyModel::$variant(map.next_value()?)),)*
                    other => Err(serde::de::Error::unknown_variant(other, &[$($id),*])),
                }
            }

            /// Reads the fitted model of kind `id` from its JSON text.
            fn fitted_from_text<E: serde::de::Error>(id: &str, text: &str) -> std::result::Result<AnyModel, E> {
                let parsed = match id {
                    $($id => serde_json::from_str(text).map(AnyModel::$variant),)*
                    other => return Err(E::unknown_variant(other, &[$($id),*])),
                };
                parsed.map_err(E::custom)
            }
        }

        impl<'de> Deserialize<'de> for AnyModel {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<AnyModel, D::Error> {
                use serde::de::{Error as _, MapAccess, Visitor};
                struct Tagged;
                impl<'de> Visitor<'de> for Tagged {
                    type Value = AnyModel;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("an object {\"model\": id, \"fitted\": {…}}")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<AnyModel, A::Error> {
                        const KEYS: &[&str] = &["model", "fitted"];
                        let mut id: Option<String> = None;
                        let mut text: Option<Box<serde_json::value::RawValue>> = None;
                        let mut model: Option<AnyModel> = None;
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                "model" if id.is_none() => id = Some(map.next_value()?),
                                "fitted" if model.is_none() && text.is_none() => match &id {
                                    Some(id) => model = Some(AnyModel::fitted_from_map(id, &mut map)?),
                                    None => text = Some(map.next_value()?),
                                },
                                "model" | "fitted" => return Err(A::Error::duplicate_field(KEYS[(key == "fitted") as usize])),
                                _ => return Err(A::Error::unknown_field(&key, KEYS)),
                            }
                        }
                        let id = id.ok_or_else(|| A::Error::missing_field("model"))?;
                        match (model, text) {
                            (Some(model), _) => Ok(model),
                            (None, Some(text)) => AnyModel::fitted_from_text(&id, text.get()),
                            (None, None) => Err(A::Error::missing_field("fitted")),
                        }
                    }
                }
                d.deserialize_map(Tagged)
            }
        }

        impl ModelParams {
            /// Which model these params are for.
            pub fn kind(&self) -> ModelKind {
                match self { $(ModelParams::$variant(_) => ModelKind::$variant,)* }
            }

            /// The params of `kind` from a JSON object of hyper-parameters over its defaults,
            /// refusing unknown names and values of the wrong type by name
            /// ([`strict`](crate::core::strict)).
            pub fn from_json(kind: ModelKind, value: serde_json::Value) -> Result<ModelParams> {
                match kind {
                    $(ModelKind::$variant => Ok(ModelParams::$variant(
                        crate::core::strict::from_value::<$params>($id, value)?,
                    )),)*
                }
            }

            /// The hyper-parameters alone, as the JSON object [`ModelParams::from_json`] reads.
            pub fn params_json(&self) -> serde_json::Value {
                match self {
                    $(ModelParams::$variant(p) => serde_json::to_value(p).unwrap_or_default(),)*
                }
            }

            /// Checks every hyper-parameter against its range, naming the first that is not
            /// valid ([`ErrorKind::InvalidParam`]).
            pub fn validate(&self) -> Result<()> {
                match self { $(ModelParams::$variant(p) => p.validate(),)* }
            }

            /// The params as [`ValidModelParams`] when every value is in range, else the first
            /// that is not ([`ErrorKind::InvalidParam`]).
            pub fn check(self) -> Result<ValidModelParams> {
                match self { $(ModelParams::$variant(p) => Ok(ValidModelParams::$variant(p.check()?)),)* }
            }

            /// Checks (once) and trains.
            pub fn fit(&self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<AnyModel> {
                self.clone().check()?.fit(data, monitor)
            }
        }

        /// Checked hyper-parameters of any model ([`ModelParams::check`]): each variant holds its
        /// model's [`Valid`] params, so they train without being checked again.
        #[derive(Debug, Clone, PartialEq)]
        pub enum ValidModelParams { $(#[doc = $label] $variant(Valid<$params>),)* }

        impl ValidModelParams {
            /// Trains on `data`, reporting to `monitor`.
            pub fn fit(&self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<AnyModel> {
                match self { $(ValidModelParams::$variant(p) => Ok(AnyModel::$variant(p.fit(data, monitor)?)),)* }
            }

            /// The params, as they serialise.
            pub fn params(&self) -> ModelParams {
                match self { $(ValidModelParams::$variant(p) => ModelParams::$variant(p.get().clone()),)* }
            }

            /// Which model they train.
            pub fn kind(&self) -> ModelKind {
                match self { $(ValidModelParams::$variant(_) => ModelKind::$variant,)* }
            }
        }

        impl AnyModel {
            /// Which model this is.
            pub fn kind(&self) -> ModelKind {
                match self { $(AnyModel::$variant(_) => ModelKind::$variant,)* }
            }
        }

        impl Model for AnyModel {
            fn n_classes(&self) -> usize {
                match self { $(AnyModel::$variant(m) => m.n_classes(),)* }
            }
            fn inputs(&self) -> Option<Vec<InputKind>> {
                match self { $(AnyModel::$variant(m) => m.inputs(),)* }
            }
            fn input_names(&self) -> Option<&[String]> {
                match self { $(AnyModel::$variant(m) => m.input_names(),)* }
            }
            fn validate(&self) -> Result<()> {
                match self { $(AnyModel::$variant(m) => m.validate(),)* }
            }
            fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
                match self { $(AnyModel::$variant(m) => m.proba_checked(x),)* }
            }
            fn proba_checked_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<Vec<f32>> {
                match self { $(AnyModel::$variant(m) => m.proba_checked_with(x, parallelism),)* }
            }
            fn importance(&self) -> Option<Vec<f64>> {
                match self { $(AnyModel::$variant(m) => m.importance(),)* }
            }
            fn column_predictor<'a>(&'a self, base: &FeatureFrame) -> Option<Box<dyn ColumnPredictor + 'a>> {
                match self { $(AnyModel::$variant(m) => m.column_predictor(base),)* }
            }
        }
    };
}

impl ModelKind {
    /// Why the feature settings' scaling cannot change this model, if it cannot: trees split
    /// on value order, which scaling keeps, and the baselines ignore the features. The linear
    /// models, MLP, k-NN and SVMs take the scaled values as they are; naive Bayes fits a mean
    /// and variance per class, so only its `var_smoothing` (a share of the largest variance)
    /// sees the scale.
    pub fn scaling_inert(self) -> Option<&'static str> {
        match self {
            ModelKind::Gbdt | ModelKind::RandomForest | ModelKind::Tree => {
                Some("trees split on the order of values, which scaling keeps")
            }
            ModelKind::Majority | ModelKind::Stratified => Some("the baseline does not look at the features"),
            _ => None,
        }
    }
}

model_registry! {
    Majority => "majority", "Majority class (baseline)", baseline::MajorityParams, baseline::MajorityModel;
    Stratified => "stratified", "Stratified random (baseline)", baseline::StratifiedParams, baseline::StratifiedModel;
    Logreg => "logreg", "Logistic regression", logreg::LogregParams, logreg::LogregModel;
    Gbdt => "gbdt", "Gradient-boosted trees", gbdt::GbdtParams, gbdt::GbdtModel;
    RandomForest => "random-forest", "Random forest", forest::ForestParams, forest::ForestModel;
    Tree => "tree", "Decision tree", tree::TreeParams, tree::TreeModel;
    SvmLinear => "svm-linear", "Linear SVM", svm_linear::SvmLinearParams, svm_linear::SvmLinearModel;
    SvmKernel => "svm-kernel", "Kernel SVM", svm_kernel::SvmKernelParams, svm_kernel::SvmKernelModel;
    Knn => "knn", "k-nearest neighbours", knn::KnnParams, knn::KnnModel;
    NaiveBayes => "naive-bayes", "Naive Bayes", naive_bayes::NaiveBayesParams, naive_bayes::NaiveBayesModel;
    Mlp => "mlp", "Neural network (MLP)", mlp::MlpParams, mlp::MlpModel;
}
