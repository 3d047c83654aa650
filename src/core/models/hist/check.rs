//! Consistency checks of training data shared by the tree models.

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::models::{too_few_classes, TrainData};

/// Checks that the training data is consistent.
pub(crate) fn check_data(data: &TrainData) -> Result<()> {
    let n = data.x.rows;
    let model = "the tree model";
    if n == 0 {
        return Err(
            ErrorKind::TooFewRows { what: "training a tree model".into(), needed: 1, found: 0 }.into()
        );
    }
    if data.n_classes < 2 {
        return Err(too_few_classes(model, data.n_classes));
    }
    if data.y.len() != n {
        return Err(Error::shape("training labels and feature rows", n, data.y.len()));
    }
    let in_range = |c: &u32| (*c as usize) < data.n_classes;
    if let Some(&c) = data.y.iter().find(|c| !in_range(c)) {
        return Err(Error::shape("training class ids", format!("ids below {}", data.n_classes), c));
    }
    if let Some(w) = data.weights {
        if w.len() != n {
            return Err(Error::shape("row weights and feature rows", n, w.len()));
        }
        if let Some(v) = w.iter().find(|&&v| !(v >= 0.0 && v.is_finite())) {
            return Err(Error::invalid_param(model, "row weights", v, "finite numbers ≥ 0"));
        }
    }
    if let Some((vx, vy)) = data.valid {
        if vx.rows != vy.len() {
            return Err(Error::shape("validation labels and feature rows", vx.rows, vy.len()));
        }
        if vx.n_features() != data.x.n_features() {
            return Err(Error::shape(
                "validation and training features",
                data.x.n_features(),
                vx.n_features(),
            ));
        }
        if let Some(&c) = vy.iter().find(|c| !in_range(c)) {
            return Err(Error::shape("validation class ids", format!("ids below {}", data.n_classes), c));
        }
    }
    Ok(())
}
