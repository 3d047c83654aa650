//! Machine-learning models: one trait family, many models.
//!
//! Every model has a params type (`XParams`, serde, with documented defaults) that implements
//! [`Learner`]: `params.fit(&data, &mut monitor)` validates the params, trains, and returns a
//! model that implements [`Model`] (class probabilities for a [`FeatureFrame`]).
//! [`ModelParams`] and [`AnyModel`] wrap every model in one serialisable enum each, which is
//! what the CLI, the worker, hyper-parameter search and model export work with.
//!
//! Training reports progress through a [`Monitor`]; returning `false` from it cancels the fit,
//! which then returns [`ErrorKind::Cancelled`].

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::frame::FeatureFrame;

pub mod baseline;
pub mod fastmath;
pub mod forest;
pub mod gbdt;
pub mod hist;
pub mod knn;
pub mod lbfgs;
pub mod linear_input;
pub mod logreg;
pub mod margin_proba;
pub mod mlp;
pub mod naive_bayes;
pub mod sampling;
pub mod softmax_loss;
pub mod sparse_levels;
pub mod svm_kernel;
pub mod svm_linear;
pub mod tree;
pub mod validation;

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
pub trait Model {
    /// Number of classes it predicts.
    fn n_classes(&self) -> usize;

    /// Class probabilities, row-major: `rows × n_classes`.
    fn predict_proba(&self, x: &FeatureFrame) -> Vec<f32>;

    /// The most probable class of each row.
    fn predict(&self, x: &FeatureFrame) -> Vec<u32> {
        argmax_rows(&self.predict_proba(x), self.n_classes())
    }

    /// Built-in importance per feature (gain for trees), if the model has one.
    fn importance(&self) -> Option<Vec<f64>> {
        None
    }

    /// A faster way to predict `base` with one column replaced at a time (permutation
    /// importance), when the model has one; `None` predicts each frame in full.
    fn column_predictor<'a>(&'a self, _base: &FeatureFrame) -> Option<Box<dyn ColumnPredictor + 'a>> {
        None
    }
}

/// Predicts a base frame with one column replaced (see [`Model::column_predictor`]).
pub trait ColumnPredictor {
    /// The most probable class of each row of the base frame with column `j` holding `values`.
    fn predict_with(&mut self, j: usize, values: &crate::core::frame::FeatureValues) -> Vec<u32>;
}

/// Trains a model from params.
pub trait Learner {
    /// The trained model.
    type Model: Model;

    /// Checks the params; called by `fit` before training.
    fn validate(&self) -> Result<()> {
        Ok(())
    }

    /// Trains on `data`, reporting to `monitor`.
    fn fit(&self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<Self::Model>;
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

        /// A trained model of any kind.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        #[serde(tag = "model", content = "fitted")]
        pub enum AnyModel { $(#[doc = $label] #[serde(rename = $id)] $variant($model),)* }

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

            /// Validates and trains.
            pub fn fit(&self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<AnyModel> {
                match self {
                    $(ModelParams::$variant(p) => {
                        p.validate()?;
                        Ok(AnyModel::$variant(p.fit(data, monitor)?))
                    })*
                }
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
            fn predict_proba(&self, x: &FeatureFrame) -> Vec<f32> {
                match self { $(AnyModel::$variant(m) => m.predict_proba(x),)* }
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
