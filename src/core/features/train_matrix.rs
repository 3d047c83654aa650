//! The part of a [`Prepared`] matrix that a fit reads (training and validation rows, classes,
//! row weights), as framed blocks ([`wire::Layout`]), so that one trainer worker can hand its
//! matrix to the others of a split run instead of each building it again from the dataset.
//!
//! The header names the columns (kind, levels) and row counts; every column's values follow
//! as one block, training rows then validation rows, then the classes and the weights.
//! Decoding checks what a fit relies on (codes within their levels, classes within the
//! class list, weights finite and not negative) and refuses anything else by name.

use serde::{Deserialize, Serialize};

use super::prepare::split_train_data;
use super::Prepared;
use crate::core::data::wire::{self, wire_error};
use crate::core::error::Result;
use crate::core::frame::{Feature, FeatureFrame, FeatureValues, MISSING_LEVEL};
use crate::core::models::TrainData;

/// The format's version: a worker refuses a matrix of another.
const VERSION: u32 = 1;

/// What the blocks hold.
#[derive(Serialize, Deserialize)]
struct Header {
    version: u32,
    train_rows: usize,
    valid_rows: usize,
    classes: Vec<String>,
    weighted: bool,
    columns: Vec<ColumnHeader>,
}

/// A column: its name and, for a categorical one, its levels (none for a numeric one).
#[derive(Serialize, Deserialize)]
struct ColumnHeader {
    name: String,
    levels: Option<Vec<String>>,
}

/// The training part of a [`Prepared`] matrix, as another worker received it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainMatrix {
    /// Training features.
    pub train: FeatureFrame,
    /// Validation features (may have no rows).
    pub valid: FeatureFrame,
    /// Class of each training row.
    pub y_train: Vec<u32>,
    /// Class of each validation row.
    pub y_valid: Vec<u32>,
    /// Class names.
    pub classes: Vec<String>,
    /// Weight of each training row, if the matrix has weights.
    pub train_weights: Option<Vec<f32>>,
}

impl TrainMatrix {
    /// The training data for a learner, as [`Prepared::train_data`] gives it.
    pub fn train_data(&self, seed: u64) -> TrainData<'_> {
        let (train, valid) = ((&self.train, &self.y_train[..]), (&self.valid, &self.y_valid[..]));
        split_train_data(train, valid, self.classes.len(), self.train_weights.as_deref(), seed)
    }

    /// The training part of `prepared`, copied (native use and tests).
    pub fn of(prepared: &Prepared) -> TrainMatrix {
        TrainMatrix {
            train: prepared.train.clone(),
            valid: prepared.valid.clone(),
            y_train: prepared.y_train.clone(),
            y_valid: prepared.y_valid.clone(),
            classes: prepared.classes.clone(),
            train_weights: prepared.train_weights.clone(),
        }
    }

    /// Decodes what [`layout`] wrote into one buffer ([`wire::to_bytes`]).
    pub fn decode(bytes: &[u8]) -> Result<TrainMatrix> {
        wire::read_framed(bytes, TrainMatrix::decode_with)
    }

    /// Decodes from the header JSON, calling `fill` with each block's destination in order.
    pub fn decode_with(header: &[u8], fill: &mut dyn FnMut(&mut [u8]) -> Result<()>) -> Result<TrainMatrix> {
        let header: Header = serde_json::from_slice(header).map_err(|e| wire_error(&e.to_string()))?;
        if header.version != VERSION {
            return Err(wire_error("training matrix version mismatch"));
        }
        let (n, nv) = (header.train_rows, header.valid_rows);
        let mut fill = |dst: &mut [u8]| fill(dst);
        let mut train = Vec::with_capacity(header.columns.len());
        let mut valid = Vec::with_capacity(header.columns.len());
        for column in header.columns {
            match column.levels {
                None => {
                    train.push(Feature::numeric(column.name.clone(), wire::block(n, &mut fill)?));
                    valid.push(Feature::numeric(column.name, wire::block(nv, &mut fill)?));
                }
                Some(levels) => {
                    let codes: Vec<u16> = wire::block(n, &mut fill)?;
                    let valid_codes: Vec<u16> = wire::block(nv, &mut fill)?;
                    let known = |c: &u16| (*c as usize) < levels.len() || *c == MISSING_LEVEL;
                    if !codes.iter().chain(&valid_codes).all(known) || levels.len() >= MISSING_LEVEL as usize
                    {
                        return Err(wire_error(&format!(
                            "column {} has codes beyond its levels",
                            column.name
                        )));
                    }
                    train.push(Feature::categorical(column.name.clone(), codes, levels.clone()));
                    valid.push(Feature::categorical(column.name, valid_codes, levels));
                }
            }
        }
        let y_train: Vec<u32> = wire::block(n, &mut fill)?;
        let y_valid: Vec<u32> = wire::block(nv, &mut fill)?;
        let k = header.classes.len();
        if k == 0 || !y_train.iter().chain(&y_valid).all(|&c| (c as usize) < k) {
            return Err(wire_error("training matrix classes beyond its class list"));
        }
        let train_weights = match header.weighted {
            true => Some(wire::block::<f32>(n, &mut fill)?),
            false => None,
        };
        if train_weights.as_ref().is_some_and(|w| !w.iter().all(|v| v.is_finite() && *v >= 0.0)) {
            return Err(wire_error("training matrix weights that are not finite and positive"));
        }
        Ok(TrainMatrix {
            train: FeatureFrame { rows: n, columns: train },
            valid: FeatureFrame { rows: nv, columns: valid },
            y_train,
            y_valid,
            classes: header.classes,
            train_weights,
        })
    }
}

/// The training part of `prepared` as framed blocks, borrowing its values (each copied once,
/// into the buffer the layout is written to).
pub fn layout(prepared: &Prepared) -> wire::Layout<'_> {
    let (train, valid) = (&prepared.train, &prepared.valid);
    let mut blocks = Vec::with_capacity(2 * train.columns.len() + 3);
    let mut columns = Vec::with_capacity(train.columns.len());
    for (t, v) in train.columns.iter().zip(&valid.columns) {
        let levels = match (&t.values, &v.values) {
            (FeatureValues::Numeric(a), FeatureValues::Numeric(b)) => {
                blocks.extend([bytemuck::cast_slice(a), bytemuck::cast_slice(b)]);
                None
            }
            (
                FeatureValues::Categorical { codes: a, levels },
                FeatureValues::Categorical { codes: b, .. },
            ) => {
                blocks.extend([bytemuck::cast_slice(a), bytemuck::cast_slice(b)]);
                Some(levels.clone())
            }
            _ => unreachable!("the validation rows have the training rows' columns"),
        };
        columns.push(ColumnHeader { name: t.name.clone(), levels });
    }
    blocks.extend([bytemuck::cast_slice(&prepared.y_train), bytemuck::cast_slice(&prepared.y_valid)]);
    if let Some(w) = &prepared.train_weights {
        blocks.push(bytemuck::cast_slice(w));
    }
    let header = Header {
        version: VERSION,
        train_rows: train.rows,
        valid_rows: valid.rows,
        classes: prepared.classes.clone(),
        weighted: prepared.train_weights.is_some(),
        columns,
    };
    let header = serde_json::to_vec(&header).expect("a training matrix header serialises");
    wire::Layout::from_parts(header, blocks)
}
