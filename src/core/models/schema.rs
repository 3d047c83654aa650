//! What a fitted model expects of the frames it predicts: one [`InputKind`] per feature column.
//!
//! Every [`Model`](super::Model) states the columns it was fitted on
//! ([`Model::inputs`](super::Model::inputs)); [`check_frame`] compares a frame with them before
//! anything reads the frame, so a frame that does not match (other columns, a column that was
//! numeric and is now categorical, columns of different lengths) is an error, never a panic or
//! an out-of-bounds read.

use crate::core::error::{short_list, Error, Result};
use crate::core::frame::{FeatureFrame, FeatureValues};

/// The kind of one feature column a model was fitted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Real values.
    Numeric,
    /// Level codes; `levels` is how many levels the training column had.
    Categorical {
        /// Number of training levels.
        levels: usize,
    },
}

impl InputKind {
    /// The kind of a frame column (its level count for a categorical one).
    pub fn of(values: &FeatureValues) -> InputKind {
        match values {
            FeatureValues::Numeric(_) => InputKind::Numeric,
            FeatureValues::Categorical { levels, .. } => InputKind::Categorical { levels: levels.len() },
        }
    }

    /// Whether both are numeric or both categorical (level counts aside).
    pub fn same_kind(self, other: InputKind) -> bool {
        matches!(
            (self, other),
            (InputKind::Numeric, InputKind::Numeric)
                | (InputKind::Categorical { .. }, InputKind::Categorical { .. })
        )
    }

    /// `numeric` or `categorical`, for messages.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Numeric => "numeric",
            InputKind::Categorical { .. } => "categorical",
        }
    }
}

/// Checks that every column of `x` holds `x.rows` values, and, when the model states them, that
/// `x` has the model's columns: as many, of the same kinds, with the same names when `names` is
/// given. Level counts may differ (codes a model did not see in training are handled as unknown).
pub fn check_frame(
    model: &str,
    inputs: Option<&[InputKind]>,
    names: Option<&[String]>,
    x: &FeatureFrame,
) -> Result<()> {
    if let Some(col) = x.columns.iter().find(|c| c.len() != x.rows) {
        return Err(Error::shape(
            format!("feature columns given to {model}"),
            format!("{} values in every column", x.rows),
            format!("{} in column '{}'", col.len(), col.name),
        ));
    }
    let Some(inputs) = inputs else { return Ok(()) };
    if x.n_features() != inputs.len() {
        return Err(Error::shape(
            format!("feature columns given to {model}"),
            format!("{} columns (the columns it was trained on)", inputs.len()),
            format!("{}: {}", x.n_features(), short_list(&x.names(), 6)),
        ));
    }
    for (j, (col, &kind)) in x.columns.iter().zip(inputs).enumerate() {
        let found = InputKind::of(&col.values);
        if !found.same_kind(kind) {
            return Err(Error::shape(
                format!("feature columns given to {model}"),
                format!("column {j} ('{}') {}", col.name, kind.name()),
                found.name(),
            ));
        }
        if let Some(name) = names.and_then(|n| n.get(j)) {
            if name != &col.name {
                return Err(Error::shape(
                    format!("feature columns given to {model}"),
                    format!("column {j} named '{name}'"),
                    format!("'{}'", col.name),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;
    use crate::core::frame::Feature;

    #[test]
    fn refuses_frames_that_do_not_match() {
        let x = FeatureFrame::new(vec![
            Feature::numeric("a", vec![1.0, 2.0]),
            Feature::categorical("b", vec![0, 1], vec!["x".into(), "y".into()]),
        ]);
        let inputs = [InputKind::Numeric, InputKind::Categorical { levels: 5 }];
        check_frame("m", Some(&inputs), None, &x).unwrap();
        check_frame("m", None, None, &x).unwrap();
        let swapped = [InputKind::Categorical { levels: 2 }, InputKind::Numeric];
        let err = check_frame("m", Some(&swapped), None, &x).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::ShapeMismatch { .. }), "{err}");
        assert!(check_frame("m", Some(&inputs[..1]), None, &x).is_err());
        let names = ["a".to_string(), "c".to_string()];
        assert!(check_frame("m", Some(&inputs), Some(&names), &x).is_err());
        let mut ragged = x.clone();
        ragged.rows = 3;
        assert!(check_frame("m", None, None, &ragged).is_err());
    }
}
