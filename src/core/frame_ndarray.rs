//! The feature matrix as [`ndarray`] arrays, and back: for Rust users who want to run linfa,
//! smartcore or their own code on Crime Lab's prepared features (native builds only).
//!
//! * [`FeatureFrame::to_array2`] gives a dense `rows × columns` [`Array2`] of `f32` or `f64`
//!   with the name of every column. Numeric features are copied as they are (`NaN` where a
//!   value is missing). Categorical features become numbers in one of two ways
//!   ([`Categoricals`]): one 0/1 column per level (`premise=STREET`; a missing value is all
//!   zeros), or the level code as one number (`NaN` where missing).
//! * [`labels_to_array1`] turns class ids into an [`Array1<usize>`].
//! * [`Prepared::to_arrays`] does both for the training, validation and test rows at once.
//! * [`FeatureFrame::from_array2`] goes back: a matrix and its column names become a frame of
//!   numeric columns that Crime Lab's models train on (`NaN` = missing).
//!
//! Most other libraries refuse `NaN`; with the default standard scaling of
//! [`prepare`](crate::core::features::prepare()), replacing it by 0 is mean imputation
//! (`x.mapv_inplace(|v| if v.is_nan() { 0.0 } else { v })`), which is what Crime Lab's linear
//! models do. The dense one-hot matrix is what Crime Lab itself never builds: it costs
//! `rows × one_hot_width × 4` bytes for `f32` (see [`FeatureFrame::one_hot_width`]).
//!
//! ```
//! use crimelab::core::data::load_path;
//! use crimelab::core::features::{prepare, FeatureConfig};
//! use crimelab::core::frame_ndarray::Categoricals;
//!
//! let ds = load_path("static/data/sample.csv".as_ref(), 1).unwrap().dataset;
//! let prepared = prepare(&ds, &FeatureConfig::default()).unwrap();
//! let arrays = prepared.to_arrays::<f64>(Categoricals::OneHot);
//! assert_eq!(arrays.x_train.dim(), (prepared.train.rows, prepared.train.one_hot_width()));
//! assert_eq!(arrays.y_train.len(), prepared.train.rows);
//! assert_eq!(arrays.columns.len(), arrays.x_train.ncols());
//! println!("first columns: {:?}", &arrays.columns[..3]);
//! ```

use ndarray::{Array1, Array2, ArrayView2};

use crate::core::error::{short_list, Error, Result};
use crate::core::features::Prepared;
use crate::core::frame::{Feature, FeatureFrame, FeatureValues, MISSING_LEVEL};

/// How categorical features become numbers in a dense array.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Categoricals {
    /// One 0/1 column per level, named `feature=level`, in level order; a row with a missing
    /// value has zeros in all of them. What linear models, k-NN and SVMs need.
    #[default]
    OneHot,
    /// The level code (0, 1, 2…, an index into the feature's levels) as one number in a
    /// column named after the feature; `NaN` where missing. Compact; what tree models take.
    Codes,
}

/// The element types a frame converts to: `f32` and `f64`.
pub trait FrameFloat: Copy + Send + Sync + std::fmt::Debug + 'static + private::Sealed {
    /// The value of an `f32`.
    fn from_f32(value: f32) -> Self;
    /// The nearest `f32`.
    fn to_f32(self) -> f32;
}

impl FrameFloat for f32 {
    fn from_f32(value: f32) -> f32 {
        value
    }
    fn to_f32(self) -> f32 {
        self
    }
}

impl FrameFloat for f64 {
    fn from_f32(value: f32) -> f64 {
        value as f64
    }
    fn to_f32(self) -> f32 {
        self as f32
    }
}

mod private {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// The training, validation and test rows of a [`Prepared`] set as arrays.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedArrays<T> {
    /// Name of each column of the `x_*` matrices.
    pub columns: Vec<String>,
    /// Class names, indexed by the values of the `y_*` arrays.
    pub classes: Vec<String>,
    /// Training features, `rows × columns`.
    pub x_train: Array2<T>,
    /// Class id of each training row.
    pub y_train: Array1<usize>,
    /// Validation features (no rows when the split has no validation set).
    pub x_valid: Array2<T>,
    /// Class id of each validation row.
    pub y_valid: Array1<usize>,
    /// Test features.
    pub x_test: Array2<T>,
    /// Class id of each test row.
    pub y_test: Array1<usize>,
}

/// Class ids as an ndarray vector.
pub fn labels_to_array1(y: &[u32]) -> Array1<usize> {
    y.iter().map(|&c| c as usize).collect()
}

/// Names of the columns [`FeatureFrame::to_array2`] gives for one feature.
fn column_names(feature: &Feature, categoricals: Categoricals, out: &mut Vec<String>) {
    match (&feature.values, categoricals) {
        (FeatureValues::Categorical { levels, .. }, Categoricals::OneHot) => {
            out.extend(levels.iter().map(|level| format!("{}={level}", feature.name)))
        }
        _ => out.push(feature.name.clone()),
    }
}

impl FeatureFrame {
    /// Names of the columns of [`FeatureFrame::to_array2`] with these `categoricals`.
    pub fn array_column_names(&self, categoricals: Categoricals) -> Vec<String> {
        let mut names = Vec::new();
        for feature in &self.columns {
            column_names(feature, categoricals, &mut names);
        }
        names
    }

    /// A dense `rows × columns` matrix of this frame with the name of each column (see the
    /// [module docs](self) for how categorical and missing values are written).
    pub fn to_array2<T: FrameFloat>(&self, categoricals: Categoricals) -> (Array2<T>, Vec<String>) {
        let names = self.array_column_names(categoricals);
        let mut x = Array2::from_elem((self.rows, names.len()), T::from_f32(0.0));
        let mut at = 0;
        for feature in &self.columns {
            match (&feature.values, categoricals) {
                (FeatureValues::Numeric(values), _) => {
                    for (cell, &v) in x.column_mut(at).iter_mut().zip(values) {
                        *cell = T::from_f32(v);
                    }
                    at += 1;
                }
                (FeatureValues::Categorical { codes, .. }, Categoricals::Codes) => {
                    for (cell, &c) in x.column_mut(at).iter_mut().zip(codes) {
                        *cell = T::from_f32(if c == MISSING_LEVEL { f32::NAN } else { c as f32 });
                    }
                    at += 1;
                }
                (FeatureValues::Categorical { codes, levels }, Categoricals::OneHot) => {
                    for (row, &c) in codes.iter().enumerate() {
                        // A missing code, or one beyond the levels, sets no column.
                        if (c as usize) < levels.len() {
                            x[[row, at + c as usize]] = T::from_f32(1.0);
                        }
                    }
                    at += levels.len();
                }
            }
        }
        (x, names)
    }

    /// A frame of numeric features from a `rows × columns` matrix and the name of each column
    /// (`NaN` = missing). Infinite values are refused: no model can use them.
    pub fn from_array2<T: FrameFloat>(x: ArrayView2<'_, T>, columns: &[String]) -> Result<FeatureFrame> {
        if columns.len() != x.ncols() {
            return Err(Error::shape(
                "column names and matrix columns",
                format!("{} names", x.ncols()),
                format!("{} names", columns.len()),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        let repeated: Vec<&String> = columns.iter().filter(|name| !seen.insert(name.as_str())).collect();
        if !repeated.is_empty() {
            return Err(Error::invalid_param(
                "ndarray import",
                "column names",
                short_list(&repeated, 5),
                "distinct names; these appear more than once",
            ));
        }
        let mut features = Vec::with_capacity(columns.len());
        for (name, column) in columns.iter().zip(x.columns()) {
            let values: Vec<f32> = column.iter().map(|v| v.to_f32()).collect();
            if let Some(row) = values.iter().position(|v| v.is_infinite()) {
                return Err(Error::invalid_param(
                    "ndarray import",
                    format!("{name} (row {row})"),
                    values[row],
                    "a finite number, or NaN for a missing value",
                ));
            }
            features.push(Feature::numeric(name.clone(), values));
        }
        Ok(FeatureFrame { rows: x.nrows(), columns: features })
    }
}

impl Prepared {
    /// The training, validation and test rows as dense arrays with their labels (see the
    /// [module docs](crate::core::frame_ndarray)).
    pub fn to_arrays<T: FrameFloat>(&self, categoricals: Categoricals) -> PreparedArrays<T> {
        let (x_train, columns) = self.train.to_array2(categoricals);
        PreparedArrays {
            columns,
            classes: self.classes.clone(),
            x_train,
            y_train: labels_to_array1(&self.y_train),
            x_valid: self.valid.to_array2(categoricals).0,
            y_valid: labels_to_array1(&self.y_valid),
            x_test: self.test.to_array2(categoricals).0,
            y_test: labels_to_array1(&self.y_test),
        }
    }
}
