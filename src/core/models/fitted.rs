//! Checks of fitted models that come from a file: the limits they must keep and the helpers
//! every model's `validate` uses.
//!
//! A model file is data written by someone else; before anything runs it, every index it holds
//! must point inside what it indexes, every length must match its declared size and every
//! number the prediction reads must be finite (JSON cannot hold NaN, but `1e300` read into an
//! `f32` is infinite). Failures are [`ErrorKind::InvalidModel`] errors whose reason names the
//! part of the file (`tree 3, node 17: …`); [`within`] adds those names as the error travels up.

use std::fmt::Display;

use crate::core::error::{Error, ErrorKind, Result};

/// Most classes a model may predict (targets keep at most a few dozen).
pub const MAX_CLASSES: usize = 256;

/// Deepest a tree read from a file may be (training limits depth to 64 or to what the rows allow).
pub const MAX_TREE_DEPTH: usize = 10_000;

/// Most feature columns a model may read.
pub const MAX_FEATURES: usize = 100_000;

/// Most units in a hidden layer of a neural network (the training limit).
pub const MAX_HIDDEN_UNITS: usize = 1024;

/// Most hidden layers of a neural network (the training limit).
pub const MAX_HIDDEN_LAYERS: usize = 4;

/// An [`ErrorKind::InvalidModel`] unless `ok`; `reason` is only built on failure.
pub fn ensure(ok: bool, reason: impl FnOnce() -> String) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_model(reason()))
    }
}

/// Checks that `what` holds `expected` values.
pub fn ensure_len(what: &str, found: usize, expected: usize) -> Result<()> {
    ensure(found == expected, || format!("{what} has {found} values where {expected} are needed"))
}

/// Checks that every value of `what` is a finite number.
pub fn ensure_finite(what: &str, values: &[f32]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(Error::invalid_model(format!("{what}: value {i} is not a finite number"))),
    }
}

/// Checks a class count: 2 to [`MAX_CLASSES`].
pub fn ensure_classes(n_classes: usize) -> Result<()> {
    ensure((2..=MAX_CLASSES).contains(&n_classes), || {
        format!("it predicts {n_classes} classes where 2 to {MAX_CLASSES} are possible")
    })
}

/// `a × b`, or an error naming `what` when the product does not fit in memory's address space.
pub fn product(what: &str, a: usize, b: usize) -> Result<usize> {
    a.checked_mul(b).ok_or_else(|| Error::invalid_model(format!("{what} is too large ({a} × {b})")))
}

/// Prefixes the reason of an [`ErrorKind::InvalidModel`] with the part of the file it is in
/// (`tree 3` + `node 17: …` → `tree 3, node 17: …`); other errors pass unchanged.
pub fn within(part: impl Display) -> impl FnOnce(Error) -> Error {
    move |err| match err.into_kind() {
        ErrorKind::InvalidModel { reason } => Error::invalid_model(format!("{part}, {reason}")),
        other => Error::new(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_part_of_the_file() {
        let err = ensure_len("values", 3, 4).map_err(within("node 2")).map_err(within("tree 1")).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidModel { .. }));
        assert_eq!(
            err.to_string(),
            "This model file cannot be used: tree 1, node 2, values has 3 values where 4 are needed."
        );
        assert!(ensure_finite("w", &[1.0, f32::INFINITY]).unwrap_err().to_string().contains("value 1"));
        assert!(ensure_classes(1).is_err() && ensure_classes(2).is_ok());
        assert!(product("layer", usize::MAX, 2).is_err());
    }
}
