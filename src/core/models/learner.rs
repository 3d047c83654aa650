//! Params → validated params → model: a fit runs only on params that passed their checks.
//!
//! As in linfa's `ParamGuard`, a params type is checked once, by [`Learner::check`], which
//! returns a [`Valid`]: a wrapper that nothing else can make, so holding one proves every value
//! is in its documented range. Training ([`Learner::fit_valid`]) takes a `&Valid<Self>` only,
//! so a fit can neither run on unchecked params nor needs to check them again.
//! [`Learner::fit`] (and [`Valid::fit`]) are the usual ways in: the first checks and trains,
//! the second trains params checked before (a search checks each candidate once, then fits it
//! on every fold).
//!
//! The fit cannot be handed unchecked params; this does not compile (mismatched types):
//!
//! ```compile_fail,E0308
//! use crimelab::core::models::{quiet, tree::TreeParams, Learner, TrainData};
//! fn train(data: &TrainData) {
//!     let unchecked = TreeParams { max_bins: 1, ..TreeParams::default() };
//!     let _ = TreeParams::fit_valid(&unchecked, data, &mut quiet()); // expects &Valid<TreeParams>
//! }
//! ```
//!
//! nor can a `Valid` be made other than by checking (its field is private):
//!
//! ```compile_fail,E0423
//! use crimelab::core::models::{tree::TreeParams, Valid};
//! let forged = Valid(TreeParams { max_bins: 1, ..TreeParams::default() }); // private field
//! ```
//!
//! Checking first is what compiles:
//!
//! ```
//! use crimelab::core::models::{quiet, tree::TreeParams, Learner, TrainData};
//! fn train(data: &TrainData) -> crimelab::core::Result<()> {
//!     let valid = TreeParams { max_depth: 6, ..TreeParams::default() }.check()?;
//!     let _model = TreeParams::fit_valid(&valid, data, &mut quiet())?;
//!     let _same = valid.fit(data, &mut quiet())?; // the same call, as a method
//!     Ok(())
//! }
//! let err = TreeParams { max_bins: 1, ..TreeParams::default() }.check().unwrap_err();
//! assert!(err.to_string().contains("max_bins"));
//! ```

use super::{Model, Monitor, TrainData};
use crate::core::error::Result;

/// Params that have passed their checks ([`Learner::check`] is the only way to make one), so
/// every value is in its documented range. Reads as the params it holds (`Deref`).
#[derive(Debug, Clone, PartialEq)]
pub struct Valid<P>(P);

impl<P> Valid<P> {
    /// The checked params.
    pub fn get(&self) -> &P {
        &self.0
    }

    /// The params, giving up the proof that they were checked.
    pub fn into_inner(self) -> P {
        self.0
    }
}

impl<P> std::ops::Deref for Valid<P> {
    type Target = P;

    fn deref(&self) -> &P {
        &self.0
    }
}

impl<P: Learner> Valid<P> {
    /// Trains on `data`, reporting to `monitor`, without checking again.
    pub fn fit(&self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<P::Model> {
        P::fit_valid(self, data, monitor)
    }
}

/// Params of a model: checked once into [`Valid`] params, which train a model.
pub trait Learner: Clone {
    /// The trained model.
    type Model: Model;

    /// Checks every value against its documented range, naming the first that is not in it
    /// ([`ErrorKind::InvalidParam`](crate::core::error::ErrorKind::InvalidParam): model,
    /// setting, value, valid range).
    fn validate(&self) -> Result<()>;

    /// The params as [`Valid`] params when [`validate`](Learner::validate) finds them in
    /// range.
    fn check(self) -> Result<Valid<Self>> {
        self.validate()?;
        Ok(Valid(self))
    }

    /// Trains on `data`, reporting to `monitor`. It takes checked params only (see the module
    /// doc: calling it with unchecked ones does not compile) and does not check them again.
    fn fit_valid(params: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<Self::Model>;

    /// Checks the params (once), then trains on `data`: an out-of-range value is refused by
    /// name before any work.
    fn fit(&self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<Self::Model> {
        Self::fit_valid(&self.clone().check()?, data, monitor)
    }
}
