//! Consistency checks of training data shared by the tree models.

use crate::core::error::Result;
use crate::core::models::{invalid_params, TrainData};

/// Checks that the training data is consistent.
pub(crate) fn check_data(data: &TrainData) -> Result<()> {
    let n = data.x.rows;
    let model = "tree model";
    if n == 0 {
        return Err(invalid_params(model, "there are no training rows"));
    }
    if data.n_classes < 2 {
        return Err(invalid_params(model, "the target needs at least two classes"));
    }
    if data.y.len() != n {
        return Err(invalid_params(model, "labels and features differ in length"));
    }
    if let Some(&c) = data.y.iter().find(|&&c| c as usize >= data.n_classes) {
        return Err(invalid_params(model, format!("class id {c} is out of range")));
    }
    if let Some(w) = data.weights {
        if w.len() != n {
            return Err(invalid_params(model, "weights and features differ in length"));
        }
        if w.iter().any(|&v| !(v >= 0.0 && v.is_finite())) {
            return Err(invalid_params(model, "weights must be finite and ≥ 0"));
        }
    }
    if let Some((vx, vy)) = data.valid {
        if vx.rows != vy.len() {
            return Err(invalid_params(model, "validation labels and features differ in length"));
        }
        if vx.n_features() != data.x.n_features() {
            return Err(invalid_params(model, "validation and training features differ"));
        }
        if vy.iter().any(|&c| c as usize >= data.n_classes) {
            return Err(invalid_params(model, "a validation class id is out of range"));
        }
    }
    Ok(())
}
