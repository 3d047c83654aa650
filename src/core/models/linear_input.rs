//! Input handling shared by the linear models, the neural network, k-NN and the kernel SVM.
//!
//! [`LinearInput`] is fitted on the training rows and then maps any [`FeatureFrame`] with the
//! same columns to model inputs, without ever building a dense one-hot matrix:
//!
//! - a numeric column is standardised with the mean and standard deviation of its training
//!   values (`(x - mean) / std`), or only centred (`x - mean`) when the feature pipeline
//!   already scaled it as the user chose ([`InputOptions::standardise`] off); a missing value
//!   becomes 0 after that (mean imputation), and with [`InputOptions::missing_indicator`] a
//!   column that had missing training values gets one more input that is 1 when the value is
//!   missing;
//! - a categorical column is an implicit one-hot block: one input per level, and a row
//!   activates only the input of its code. Missing codes and codes not seen in training
//!   (a level index beyond the training levels) activate nothing. Codes must mean the same
//!   levels at training and prediction time (frames built by the same feature encoder);
//!   [`LinearInput::check`] verifies column names and kinds, not level names.
//!
//! Inputs are numbered `0..width()`; a weight matrix is stored row-major `width × k` (the `k`
//! outputs of input `i` are contiguous), so a categorical value costs one row lookup.
//! [`LinearInput::add_forward`] and [`LinearInput::add_backward`] run over a contiguous range of
//! rows, column by column, which keeps the loops tight over the frame's contiguous columns.
//!
//! For distance-based models [`CompactRows`] stores standardised numeric values and raw codes
//! of a (small) sample; the squared distance between two rows equals the squared Euclidean
//! distance between their standardised one-hot vectors (a code mismatch counts 2).

use serde::{Deserialize, Serialize};

use super::fitted::{ensure, ensure_finite, ensure_len, product, MAX_FEATURES};
use super::row_ops::{add_row, add_scaled_row, RowSum};
use super::schema::{check_frame, InputKind};
use crate::core::error::{Error, Result};
use crate::core::frame::MAX_LEVELS;
use crate::core::frame::{FeatureFrame, FeatureValues, MISSING_LEVEL};

/// Options for how inputs are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InputOptions {
    /// Add a 0/1 "was missing" input for every numeric column with missing training values.
    /// Default `true`.
    pub missing_indicator: bool,
    /// Divide each numeric column by its training standard deviation. Default `true`; `false`
    /// for columns the feature pipeline already scaled as the user chose (they are only
    /// centred, which leaves distances unchanged and shifts only the intercept).
    pub standardise: bool,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions { missing_indicator: true, standardise: true }
    }
}

impl InputOptions {
    /// The options of a model with this `missing_indicator` setting fitted on `data`.
    pub fn of(missing_indicator: bool, data: &crate::core::models::TrainData) -> InputOptions {
        InputOptions { missing_indicator, standardise: !data.prescaled }
    }
}

/// How one feature column maps to inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum InputBlock {
    /// A standardised numeric column.
    Numeric {
        /// Input index of the value.
        offset: u32,
        /// Training mean.
        mean: f32,
        /// `1 / std` of the training values (1 for a constant column).
        inv_std: f32,
        /// Input index of the missing indicator, if any.
        indicator: Option<u32>,
    },
    /// A categorical column as an implicit one-hot block.
    Categorical {
        /// Input index of level 0.
        offset: u32,
        /// Number of training levels.
        levels: u32,
    },
}

/// The fitted mapping from a [`FeatureFrame`] to model inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearInput {
    names: Vec<String>,
    blocks: Vec<InputBlock>,
    width: usize,
}

/// Calls `$body` with the const `$K` equal to `$k` for small output counts (so loops over the
/// outputs of a row unroll and vectorise), and with `$K = 0` (meaning "dynamic") otherwise.
macro_rules! dispatch_k {
    ($k:expr, $K:ident => $body:expr) => {
        match $k {
            1 => {
                const $K: usize = 1;
                $body
            }
            2 => {
                const $K: usize = 2;
                $body
            }
            3 => {
                const $K: usize = 3;
                $body
            }
            4 => {
                const $K: usize = 4;
                $body
            }
            5 => {
                const $K: usize = 5;
                $body
            }
            6 => {
                const $K: usize = 6;
                $body
            }
            7 => {
                const $K: usize = 7;
                $body
            }
            8 => {
                const $K: usize = 8;
                $body
            }
            9 => {
                const $K: usize = 9;
                $body
            }
            10 => {
                const $K: usize = 10;
                $body
            }
            11 => {
                const $K: usize = 11;
                $body
            }
            12 => {
                const $K: usize = 12;
                $body
            }
            16 => {
                const $K: usize = 16;
                $body
            }
            32 => {
                const $K: usize = 32;
                $body
            }
            64 => {
                const $K: usize = 64;
                $body
            }
            _ => {
                const $K: usize = 0;
                $body
            }
        }
    };
}
pub(crate) use dispatch_k;

/// `K` when it is a real size (`K > 0`), else the run-time `k` (for [`dispatch_k`] bodies).
#[inline(always)]
pub(crate) const fn fixed_or<const K: usize>(k: usize) -> usize {
    if K > 0 {
        K
    } else {
        k
    }
}

/// Standardised value of a numeric entry (0 when missing).
#[inline(always)]
fn standardise(v: f32, mean: f32, inv_std: f32) -> f32 {
    if v.is_nan() {
        0.0
    } else {
        (v - mean) * inv_std
    }
}

/// Adds one column's inputs of rows `start..end` times `w` to `z` (see
/// [`LinearInput::add_forward`]); `K` as in [`dispatch_k`].
#[inline(always)]
pub(crate) fn forward_column<const K: usize>(
    values: &FeatureValues,
    block: &InputBlock,
    start: usize,
    end: usize,
    w: &[f32],
    k: usize,
    z: &mut [f32],
) {
    let k = fixed_or::<K>(k);
    match (values, block) {
        (FeatureValues::Numeric(v), &InputBlock::Numeric { offset, mean, inv_std, indicator }) => {
            let wv = &w[offset as usize * k..][..k];
            let wi = indicator.map(|i| &w[i as usize * k..][..k]);
            for (zr, &a) in z.chunks_exact_mut(k).zip(&v[start..end]) {
                if a.is_nan() {
                    if let Some(wi) = wi {
                        add_row::<K>(zr, wi, k);
                    }
                } else {
                    let s = (a - mean) * inv_std;
                    add_scaled_row::<K>(zr, wv, s, k);
                }
            }
        }
        (FeatureValues::Categorical { codes, .. }, &InputBlock::Categorical { offset, levels }) => {
            let block = &w[offset as usize * k..(offset + levels) as usize * k];
            for (zr, &c) in z.chunks_exact_mut(k).zip(&codes[start..end]) {
                if (c as u32) < levels {
                    let wr = &block[c as usize * k..][..k];
                    add_row::<K>(zr, wr, k);
                }
            }
        }
        _ => unreachable!("frame checked against the input mapping"),
    }
}

/// Adds one column's share of the weight gradient, given the output gradient `g` of rows
/// `start..end`, to `grad` (see [`LinearInput::add_backward`]); `K` as in [`dispatch_k`].
#[inline(always)]
pub(crate) fn backward_column<const K: usize>(
    values: &FeatureValues,
    block: &InputBlock,
    start: usize,
    end: usize,
    g: &[f32],
    k: usize,
    grad: &mut [f32],
) {
    let k = fixed_or::<K>(k);
    match (values, block) {
        (FeatureValues::Numeric(v), &InputBlock::Numeric { offset, mean, inv_std, indicator }) => {
            let o = offset as usize * k;
            // Value and indicator rows may be adjacent: update through indices.
            if k <= 64 {
                let (mut gv, mut gi) = (RowSum::<K>::new(k), RowSum::<K>::new(k));
                for (gr, &a) in g.chunks_exact(k).zip(&v[start..end]) {
                    if a.is_nan() {
                        gi.add(gr);
                    } else {
                        gv.add_scaled(gr, (a - mean) * inv_std);
                    }
                }
                gv.add_to(&mut grad[o..]);
                if let Some(i) = indicator {
                    gi.add_to(&mut grad[i as usize * k..]);
                }
            } else {
                for (gr, &a) in g.chunks_exact(k).zip(&v[start..end]) {
                    let (target, s) = if a.is_nan() {
                        match indicator {
                            Some(i) => (i as usize * k, 1.0),
                            None => continue,
                        }
                    } else {
                        (o, (a - mean) * inv_std)
                    };
                    add_scaled_row::<K>(&mut grad[target..], gr, s, k);
                }
            }
        }
        (FeatureValues::Categorical { codes, .. }, &InputBlock::Categorical { offset, levels }) => {
            let block = &mut grad[offset as usize * k..(offset + levels) as usize * k];
            for (gr, &c) in g.chunks_exact(k).zip(&codes[start..end]) {
                if (c as u32) < levels {
                    add_row::<K>(&mut block[c as usize * k..], gr, k);
                }
            }
        }
        _ => unreachable!("frame checked against the input mapping"),
    }
}

impl LinearInput {
    /// Fits the mapping on the rows of `x` (all rows are training rows).
    pub fn fit(x: &FeatureFrame, options: InputOptions) -> Result<LinearInput> {
        if x.columns.is_empty() {
            return Err(Error::no_features("the model"));
        }
        if x.rows == 0 {
            return Err(Error::too_few_rows("the model's training", 1, 0));
        }
        let mut blocks = Vec::with_capacity(x.columns.len());
        let mut width = 0u32;
        for col in &x.columns {
            match &col.values {
                FeatureValues::Numeric(v) => {
                    let (mut n, mut sum) = (0usize, 0f64);
                    for &a in v {
                        if !a.is_nan() {
                            n += 1;
                            sum += a as f64;
                        }
                    }
                    let mean = if n > 0 { sum / n as f64 } else { 0.0 };
                    let mut ss = 0f64;
                    for &a in v {
                        if !a.is_nan() {
                            let d = a as f64 - mean;
                            ss += d * d;
                        }
                    }
                    let std = if n > 0 { (ss / n as f64).sqrt() } else { 0.0 };
                    let inv_std = if options.standardise && std > 1e-12 { 1.0 / std } else { 1.0 };
                    let offset = width;
                    width += 1;
                    let indicator = if options.missing_indicator && n < v.len() {
                        width += 1;
                        Some(width - 1)
                    } else {
                        None
                    };
                    blocks.push(InputBlock::Numeric {
                        offset,
                        mean: mean as f32,
                        inv_std: inv_std as f32,
                        indicator,
                    });
                }
                FeatureValues::Categorical { levels, .. } => {
                    blocks.push(InputBlock::Categorical { offset: width, levels: levels.len() as u32 });
                    width += levels.len() as u32;
                }
            }
        }
        Ok(LinearInput { names: x.names(), blocks, width: width as usize })
    }

    /// Number of inputs (the one-hot width plus missing indicators).
    pub fn width(&self) -> usize {
        self.width
    }

    /// The input blocks, one per feature column.
    pub fn blocks(&self) -> &[InputBlock] {
        &self.blocks
    }

    /// Feature names seen in training.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The kinds of the training columns, in order.
    pub fn inputs(&self) -> Vec<InputKind> {
        self.blocks
            .iter()
            .map(|b| match b {
                InputBlock::Numeric { .. } => InputKind::Numeric,
                InputBlock::Categorical { levels, .. } => InputKind::Categorical { levels: *levels as usize },
            })
            .collect()
    }

    /// Checks that `x` has the training columns, in order, with the same names and kinds.
    pub fn check(&self, x: &FeatureFrame) -> Result<()> {
        check_frame("the model", Some(&self.inputs()), Some(&self.names), x)
    }

    /// Checks a mapping read from a file: one name per block, at most [`MAX_FEATURES`]
    /// blocks laid end to end from input 0 (a numeric value, then its missing indicator; a
    /// categorical block of at most [`MAX_LEVELS`] levels), finite statistics, and `width`
    /// their total.
    pub fn validate(&self) -> Result<()> {
        ensure((1..=MAX_FEATURES).contains(&self.blocks.len()), || {
            format!("{} input columns where 1 to {MAX_FEATURES} are possible", self.blocks.len())
        })?;
        ensure_len("input names", self.names.len(), self.blocks.len())?;
        let mut next = 0u64;
        for (j, block) in self.blocks.iter().enumerate() {
            let starts = |offset: u32, next: u64| {
                ensure(offset as u64 == next, || {
                    format!("input column {j} starts at {offset} where {next} is next")
                })
            };
            match *block {
                InputBlock::Numeric { offset, mean, inv_std, indicator } => {
                    starts(offset, next)?;
                    next += 1;
                    if let Some(i) = indicator {
                        starts(i, next)?;
                        next += 1;
                    }
                    ensure_finite(&format!("input column {j}"), &[mean, inv_std])?;
                }
                InputBlock::Categorical { offset, levels } => {
                    starts(offset, next)?;
                    ensure(levels as usize <= MAX_LEVELS, || {
                        format!(
                            "input column {j} has {levels} levels where at most {MAX_LEVELS} are possible"
                        )
                    })?;
                    next += levels as u64;
                }
            }
        }
        ensure(next == self.width as u64, || {
            format!("the inputs are {next} wide but width says {}", self.width)
        })
    }

    /// Checks a weight matrix read from a file: `width × k` finite values.
    pub fn validate_weights(&self, what: &str, w: &[f32], k: usize) -> Result<()> {
        ensure_len(what, w.len(), product(what, self.width, k)?)?;
        ensure_finite(what, w)
    }

    /// `bias + inputs · w` for `rows` of `x` (`rows.len() × k`, row-major; `w` is `width × k`),
    /// [`add_forward`](Self::add_forward) a chunk of `chunk` rows at a time from the first row.
    pub fn linear_outputs(
        &self,
        x: &FeatureFrame,
        rows: std::ops::Range<usize>,
        (w, bias): (&[f32], &[f32]),
        k: usize,
        chunk: usize,
    ) -> Vec<f32> {
        let mut z = vec![0.0; rows.len() * k];
        for zr in z.chunks_exact_mut(k) {
            zr.copy_from_slice(bias);
        }
        let mut start = rows.start;
        while start < rows.end {
            let end = (start + chunk.max(1)).min(rows.end);
            let at = (start - rows.start) * k;
            self.add_forward(x, start, end, w, k, &mut z[at..at + (end - start) * k]);
            start = end;
        }
        z
    }

    /// Adds the inputs of rows `start..end` times `w` (`width × k`, row-major) to `z`
    /// (`(end - start) × k`, row-major).
    pub fn add_forward(
        &self,
        x: &FeatureFrame,
        start: usize,
        end: usize,
        w: &[f32],
        k: usize,
        z: &mut [f32],
    ) {
        dispatch_k!(k, K => self.add_forward_k::<K>(x, start, end, w, k, z));
    }

    /// [`add_forward`](Self::add_forward) with the output count known at compile time
    /// (`K > 0`; 0 means "use `k`"), so the per-row loops unroll.
    #[inline(always)]
    fn add_forward_k<const K: usize>(
        &self,
        x: &FeatureFrame,
        start: usize,
        end: usize,
        w: &[f32],
        k: usize,
        z: &mut [f32],
    ) {
        debug_assert_eq!(w.len(), self.width * fixed_or::<K>(k));
        debug_assert!(z.len() >= (end - start) * fixed_or::<K>(k));
        for (col, block) in x.columns.iter().zip(&self.blocks) {
            forward_column::<K>(&col.values, block, start, end, w, k, z);
        }
    }

    /// Adds the gradient of the weights, given the gradient `g` of the outputs of rows
    /// `start..end` (`(end - start) × k`), to `grad` (`width × k`).
    pub fn add_backward(
        &self,
        x: &FeatureFrame,
        start: usize,
        end: usize,
        g: &[f32],
        k: usize,
        grad: &mut [f32],
    ) {
        dispatch_k!(k, K => for (col, block) in x.columns.iter().zip(&self.blocks) {
            backward_column::<K>(&col.values, block, start, end, g, k, grad);
        });
    }

    /// Calls `f(input, value)` for every active input of row `row` (at most two per column).
    #[inline]
    pub fn for_each_input(&self, x: &FeatureFrame, row: usize, mut f: impl FnMut(usize, f32)) {
        for (col, block) in x.columns.iter().zip(&self.blocks) {
            match (&col.values, block) {
                (FeatureValues::Numeric(v), &InputBlock::Numeric { offset, mean, inv_std, indicator }) => {
                    let a = v[row];
                    if a.is_nan() {
                        if let Some(i) = indicator {
                            f(i as usize, 1.0);
                        }
                    } else {
                        f(offset as usize, (a - mean) * inv_std);
                    }
                }
                (FeatureValues::Categorical { codes, .. }, &InputBlock::Categorical { offset, levels }) => {
                    let c = codes[row];
                    if (c as u32) < levels {
                        f((offset + c as u32) as usize, 1.0);
                    }
                }
                _ => unreachable!("frame checked against the input mapping"),
            }
        }
    }

    /// Number of values per row in a [`CompactRows`]: standardised numerics and indicators.
    pub fn compact_numeric_width(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                InputBlock::Numeric { indicator, .. } => 1 + indicator.is_some() as usize,
                InputBlock::Categorical { .. } => 0,
            })
            .sum()
    }

    /// Number of codes per row in a [`CompactRows`].
    pub fn compact_code_width(&self) -> usize {
        self.blocks.iter().filter(|b| matches!(b, InputBlock::Categorical { .. })).count()
    }

    /// Writes row `row` of `x` in compact form into `values` and `codes` (unseen levels and
    /// missing codes become [`MISSING_LEVEL`]).
    pub fn compact_row(&self, x: &FeatureFrame, row: usize, values: &mut [f32], codes: &mut [u16]) {
        let (mut vi, mut ci) = (0, 0);
        for (col, block) in x.columns.iter().zip(&self.blocks) {
            match (&col.values, block) {
                (FeatureValues::Numeric(v), &InputBlock::Numeric { mean, inv_std, indicator, .. }) => {
                    let a = v[row];
                    values[vi] = standardise(a, mean, inv_std);
                    vi += 1;
                    if indicator.is_some() {
                        values[vi] = if a.is_nan() { 1.0 } else { 0.0 };
                        vi += 1;
                    }
                }
                (FeatureValues::Categorical { codes: c, .. }, &InputBlock::Categorical { levels, .. }) => {
                    let code = c[row];
                    codes[ci] = if (code as u32) < levels { code } else { MISSING_LEVEL };
                    ci += 1;
                }
                _ => unreachable!("frame checked against the input mapping"),
            }
        }
    }

    /// Compact copies of the given rows of `x`.
    pub fn compact_rows(&self, x: &FeatureFrame, rows: &[u32]) -> CompactRows {
        let nv = self.compact_numeric_width();
        let nc = self.compact_code_width();
        let mut out = CompactRows {
            n_values: nv,
            n_codes: nc,
            values: vec![0.0; rows.len() * nv],
            codes: vec![0; rows.len() * nc],
        };
        for (i, &r) in rows.iter().enumerate() {
            self.compact_row(
                x,
                r as usize,
                &mut out.values[i * nv..(i + 1) * nv],
                &mut out.codes[i * nc..(i + 1) * nc],
            );
        }
        out
    }

    /// Mean of the square of every input over the rows of `x` (`width` values): the share of
    /// rows with a level for one-hot inputs, about 1 for standardised numerics.
    pub fn mean_squares(&self, x: &FeatureFrame) -> Vec<f64> {
        let mut out = vec![0f64; self.width];
        for (col, block) in x.columns.iter().zip(&self.blocks) {
            match (&col.values, block) {
                (FeatureValues::Numeric(v), &InputBlock::Numeric { offset, mean, inv_std, indicator }) => {
                    let (mut sq, mut missing) = (0f64, 0f64);
                    for &a in v {
                        if a.is_nan() {
                            missing += 1.0;
                        } else {
                            let s = ((a - mean) * inv_std) as f64;
                            sq += s * s;
                        }
                    }
                    out[offset as usize] = sq;
                    if let Some(i) = indicator {
                        out[i as usize] = missing;
                    }
                }
                (FeatureValues::Categorical { codes, .. }, &InputBlock::Categorical { offset, levels }) => {
                    for &c in codes {
                        if (c as u32) < levels {
                            out[(offset + c as u32) as usize] += 1.0;
                        }
                    }
                }
                _ => unreachable!("frame checked against the input mapping"),
            }
        }
        let n = x.rows.max(1) as f64;
        for v in out.iter_mut() {
            *v /= n;
        }
        out
    }

    /// An empty query buffer matching [`CompactRows`] of this mapping.
    pub fn query_buffer(&self) -> (Vec<f32>, Vec<u16>) {
        (vec![0.0; self.compact_numeric_width()], vec![0; self.compact_code_width()])
    }
}

/// Standardised rows of a sample, stored row-major: numeric values and categorical codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompactRows {
    /// Values per row.
    pub n_values: usize,
    /// Codes per row.
    pub n_codes: usize,
    /// `rows × n_values` standardised values (missing indicators included).
    pub values: Vec<f32>,
    /// `rows × n_codes` codes ([`MISSING_LEVEL`] for missing or unseen).
    pub codes: Vec<u16>,
}

impl CompactRows {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.values
            .len()
            .checked_div(self.n_values)
            .or_else(|| self.codes.len().checked_div(self.n_codes))
            .unwrap_or(0)
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks rows read from a file: `rows` rows of `input`'s compact form, finite values.
    pub fn validate(&self, input: &LinearInput, rows: usize) -> Result<()> {
        ensure_len("values per row", self.n_values, input.compact_numeric_width())?;
        ensure_len("codes per row", self.n_codes, input.compact_code_width())?;
        ensure_len("row values", self.values.len(), product("row values", rows, self.n_values)?)?;
        ensure_len("row codes", self.codes.len(), product("row codes", rows, self.n_codes)?)?;
        ensure_finite("row values", &self.values)
    }

    /// Squared Euclidean distance, in the one-hot space, between row `i` and a query.
    /// Two different codes differ in two one-hot inputs (distance 2); a missing code against
    /// a present one differs in one (distance 1).
    #[inline]
    pub fn sq_dist(&self, i: usize, values: &[f32], codes: &[u16]) -> f32 {
        let a = &self.values[i * self.n_values..][..self.n_values];
        let mut d = 0f32;
        for (x, y) in a.iter().zip(values) {
            let t = x - y;
            d += t * t;
        }
        let c = &self.codes[i * self.n_codes..][..self.n_codes];
        for (&x, &y) in c.iter().zip(codes) {
            if x != y {
                d += if x == MISSING_LEVEL || y == MISSING_LEVEL { 1.0 } else { 2.0 };
            }
        }
        d
    }

    /// [`sq_dist`](Self::sq_dist), but may stop early and return any value `>= bound` once
    /// the partial sum reaches `bound` (for nearest-neighbour search).
    #[inline]
    pub fn sq_dist_bounded(&self, i: usize, values: &[f32], codes: &[u16], bound: f32) -> f32 {
        let c = &self.codes[i * self.n_codes..][..self.n_codes];
        let mut d = 0f32;
        for (&x, &y) in c.iter().zip(codes) {
            if x != y {
                d += if x == MISSING_LEVEL || y == MISSING_LEVEL { 1.0 } else { 2.0 };
            }
        }
        if d >= bound {
            return d;
        }
        let a = &self.values[i * self.n_values..][..self.n_values];
        for (x, y) in a.iter().zip(values) {
            let t = x - y;
            d += t * t;
        }
        d
    }

    /// Squared distance between rows `i` and `j` of this sample.
    pub fn sq_dist_rows(&self, i: usize, j: usize) -> f32 {
        let v = &self.values[j * self.n_values..][..self.n_values];
        let c = &self.codes[j * self.n_codes..][..self.n_codes];
        self.sq_dist(i, v, c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::frame::Feature;

    fn frame() -> FeatureFrame {
        FeatureFrame::new(vec![
            Feature::numeric("a", vec![1.0, 3.0, f32::NAN, 5.0]),
            Feature::categorical("c", vec![0, 2, 1, MISSING_LEVEL], vec!["x".into(), "y".into(), "z".into()]),
        ])
    }

    #[test]
    fn standardises_and_looks_up_levels() {
        let x = frame();
        let input = LinearInput::fit(&x, InputOptions::default()).unwrap();
        // a: value, indicator; c: 3 levels.
        assert_eq!(input.width(), 5);
        // mean 3, std sqrt(8/3).
        let std = (8.0f32 / 3.0).sqrt();
        let w: Vec<f32> = (0..5).map(|i| (i + 1) as f32).collect();
        let mut z = vec![0.0; 4];
        input.add_forward(&x, 0, 4, &w, 1, &mut z);
        let expect = [-2.0 / std + 3.0, 0.0 + 5.0, 2.0 + 4.0, 2.0 / std];
        for (a, b) in z.iter().zip(expect) {
            assert!((a - b).abs() < 1e-5, "{z:?}");
        }
        let mut grad = vec![0.0; 5];
        input.add_backward(&x, 0, 4, &[1.0, 1.0, 1.0, 1.0], 1, &mut grad);
        assert!((grad[0] - 0.0).abs() < 1e-5);
        assert_eq!(&grad[1..], &[1.0, 1.0, 1.0, 1.0]);
        let rows = input.compact_rows(&x, &[0, 3]);
        assert!((rows.sq_dist_rows(0, 1) - (16.0 / std / std + 1.0)).abs() < 1e-4);
    }

    #[test]
    fn ignores_levels_unseen_in_training() {
        let input = LinearInput::fit(&frame(), InputOptions::default()).unwrap();
        // A prediction frame whose encoder knows a fourth level (code 3).
        let q = FeatureFrame::new(vec![
            Feature::numeric("a", vec![3.0]),
            Feature::categorical("c", vec![3], vec!["x".into(), "y".into(), "z".into(), "new".into()]),
        ]);
        input.check(&q).unwrap();
        let w = vec![1.0; 5];
        let mut z = vec![0.0];
        input.add_forward(&q, 0, 1, &w, 1, &mut z);
        assert_eq!(z[0], 0.0, "mean value and unseen level contribute nothing");
        let renamed = FeatureFrame::new(vec![q.columns[1].clone(), q.columns[0].clone()]);
        assert!(input.check(&renamed).is_err());
    }
}
