//! Categorical columns stored as "the rows that differ from the usual level", for the repeated
//! full-batch passes of logistic regression.
//!
//! Most categorical features of the crime data have one dominant level: a modus-operandi flag
//! is "no" on nine rows in ten, `holiday` on 97 %. An implicit one-hot block still costs one
//! weight-row lookup per row in every forward and backward pass. [`SparseLevels`] picks each
//! column's most frequent training level (its *base*) and records, per chunk of rows, only the
//! rows whose code differs. Then, with `B = Σ w[base]` over those columns:
//!
//! - forward: start every row's outputs at `bias + B` and add `w[c] − w[base]` (or `−w[base]`
//!   for a missing code) on the listed rows only;
//! - backward: add each listed row's output gradient to its level, and give the base level the
//!   chunk's total output gradient minus the listed rows' sum.
//!
//! Both are the same sums as the dense pass, regrouped; they differ from it only in `f32`
//! rounding. Columns whose base covers under [`MIN_BASE_SHARE`] of the rows stay dense.

use crate::core::frame::{FeatureFrame, FeatureValues};

use super::linear_input::{backward_column, dispatch_k, fixed_or, forward_column, InputBlock, LinearInput};
use super::row_ops::add_row;

/// Smallest share of rows at the base level for a column to be stored sparsely.
pub const MIN_BASE_SHARE: f64 = 0.4;

/// One sparsely stored categorical column.
#[derive(Debug, Clone)]
struct SparseColumn {
    /// Input index of level 0.
    offset: usize,
    /// Number of training levels.
    levels: usize,
    /// The most frequent level.
    base: usize,
    /// Offsets (within their chunk) of the rows whose code is not `base`.
    rows: Vec<u16>,
    /// `rows[bounds[c]..bounds[c + 1]]` are chunk `c`'s rows.
    bounds: Vec<u32>,
}

/// The sparse layout of a frame's categorical columns for chunks of `chunk` rows.
#[derive(Debug, Clone)]
pub struct SparseLevels {
    chunk: usize,
    /// One entry per column: `Some` when stored sparsely.
    columns: Vec<Option<SparseColumn>>,
    /// Scratch: per sparse column, `(levels + 1) × k` deltas `w[c] − w[base]`, then `−w[base]`.
    deltas: Vec<f32>,
}

impl SparseLevels {
    /// Builds the layout of `x` (checked against `input`) for chunks of `chunk ≤ 65,536` rows.
    pub fn new(input: &LinearInput, x: &FeatureFrame, chunk: usize) -> SparseLevels {
        assert!(chunk > 0 && chunk <= 1 << 16, "chunk must fit u16 offsets");
        let n_chunks = x.rows.div_ceil(chunk);
        let columns = x
            .columns
            .iter()
            .zip(input.blocks())
            .map(|(col, block)| {
                let (FeatureValues::Categorical { codes, .. }, &InputBlock::Categorical { offset, levels }) =
                    (&col.values, block)
                else {
                    return None;
                };
                let levels = levels as usize;
                let mut counts = vec![0usize; levels];
                for &c in codes {
                    if let Some(n) = counts.get_mut(c as usize) {
                        *n += 1;
                    }
                }
                let (base, &top) =
                    counts.iter().enumerate().max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))?;
                if (top as f64) < MIN_BASE_SHARE * x.rows as f64 {
                    return None;
                }
                let mut rows = Vec::with_capacity(x.rows - top);
                let mut bounds = Vec::with_capacity(n_chunks + 1);
                bounds.push(0);
                for part in codes.chunks(chunk) {
                    for (i, &c) in part.iter().enumerate() {
                        if c as usize != base {
                            rows.push(i as u16);
                        }
                    }
                    bounds.push(rows.len() as u32);
                }
                Some(SparseColumn { offset: offset as usize, levels, base, rows, bounds })
            })
            .collect();
        SparseLevels { chunk, columns, deltas: Vec::new() }
    }

    /// Prepares a pass with weights `w` (`width × k`): writes `bias + Σ w[base]` into
    /// `start_outputs` (`k` values) and fills the per-column deltas.
    pub fn prepare(&mut self, w: &[f32], bias: &[f32], k: usize, start_outputs: &mut [f32]) {
        start_outputs.copy_from_slice(bias);
        self.deltas.clear();
        for col in self.columns.iter().flatten() {
            let base = &w[(col.offset + col.base) * k..][..k];
            for (t, &b) in start_outputs.iter_mut().zip(base) {
                *t += b;
            }
            for level in 0..col.levels {
                let wl = &w[(col.offset + level) * k..][..k];
                self.deltas.extend(wl.iter().zip(base).map(|(&a, &b)| a - b));
            }
            self.deltas.extend(base.iter().map(|&b| -b));
        }
    }

    /// Adds the inputs of chunk `chunk_index` (rows `start..end`) times `w` to `z`, which
    /// must start at the outputs [`prepare`](Self::prepare) wrote.
    pub fn add_forward(
        &self,
        input: &LinearInput,
        x: &FeatureFrame,
        chunk_index: usize,
        w: &[f32],
        k: usize,
        z: &mut [f32],
    ) {
        let (start, end) = self.range(x, chunk_index);
        dispatch_k!(k, K => {
            let mut deltas = &self.deltas[..];
            for ((col, block), sparse) in x.columns.iter().zip(input.blocks()).zip(&self.columns) {
                let Some(sparse) = sparse else {
                    forward_column::<K>(&col.values, block, start, end, w, k, z);
                    continue;
                };
                let k = fixed_or::<K>(k);
                let FeatureValues::Categorical { codes, .. } = &col.values else { unreachable!() };
                let (table, rest) = deltas.split_at((sparse.levels + 1) * k);
                deltas = rest;
                let codes = &codes[start..end];
                for &r in sparse.chunk_rows(chunk_index) {
                    let r = r as usize;
                    let slot = (codes[r] as usize).min(sparse.levels);
                    let d = &table[slot * k..][..k];
                    add_row::<K>(&mut z[r * k..], d, k);
                }
            }
        });
    }

    /// Adds the weight gradient of chunk `chunk_index`, given its output gradient `g` and the
    /// sum of `g` over the chunk's rows (`total`, `k` values), to `grad`.
    #[allow(clippy::too_many_arguments)]
    pub fn add_backward(
        &self,
        input: &LinearInput,
        x: &FeatureFrame,
        chunk_index: usize,
        g: &[f32],
        total: &[f32],
        k: usize,
        grad: &mut [f32],
    ) {
        let (start, end) = self.range(x, chunk_index);
        let mut listed = Vec::with_capacity(k);
        dispatch_k!(k, K => {
            for ((col, block), sparse) in x.columns.iter().zip(input.blocks()).zip(&self.columns) {
                let Some(sparse) = sparse else {
                    backward_column::<K>(&col.values, block, start, end, g, k, grad);
                    continue;
                };
                let k = fixed_or::<K>(k);
                let FeatureValues::Categorical { codes, .. } = &col.values else { unreachable!() };
                let codes = &codes[start..end];
                let block = &mut grad[sparse.offset * k..(sparse.offset + sparse.levels) * k];
                listed.clear();
                listed.resize(k, 0.0);
                for &r in sparse.chunk_rows(chunk_index) {
                    let r = r as usize;
                    let gr = &g[r * k..][..k];
                    add_row::<K>(&mut listed, gr, k);
                    let c = codes[r] as usize;
                    if c < sparse.levels {
                        add_row::<K>(&mut block[c * k..], gr, k);
                    }
                }
                let base = &mut block[sparse.base * k..][..k];
                for ((t, &all), &l) in base.iter_mut().zip(total).zip(listed.iter()) {
                    *t += all - l;
                }
            }
        });
    }

    fn range(&self, x: &FeatureFrame, chunk_index: usize) -> (usize, usize) {
        let start = chunk_index * self.chunk;
        (start, (start + self.chunk).min(x.rows))
    }

    /// Number of columns stored sparsely.
    pub fn sparse_columns(&self) -> usize {
        self.columns.iter().flatten().count()
    }
}

impl SparseColumn {
    fn chunk_rows(&self, chunk_index: usize) -> &[u16] {
        &self.rows[self.bounds[chunk_index] as usize..self.bounds[chunk_index + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::frame::{Feature, MISSING_LEVEL};
    use crate::core::models::linear_input::InputOptions;

    fn frame() -> FeatureFrame {
        let n = 1000;
        let flag: Vec<u16> = (0..n).map(|i| if i % 7 == 0 { 1 } else { 0 }).collect();
        let cat: Vec<u16> =
            (0..n).map(|i| if i % 13 == 0 { MISSING_LEVEL } else { [0, 0, 0, 1, 2][i % 5] }).collect();
        let area: Vec<u16> = (0..n).map(|i| (i * 7 % 5) as u16).collect();
        let num: Vec<f32> = (0..n).map(|i| if i % 11 == 0 { f32::NAN } else { (i as f32).sin() }).collect();
        FeatureFrame::new(vec![
            Feature::categorical("flag", flag, vec!["no".into(), "yes".into()]),
            Feature::numeric("num", num),
            Feature::categorical("cat", cat, vec!["a".into(), "b".into(), "c".into()]),
            Feature::categorical("area", area, (0..5).map(|i| i.to_string()).collect()),
        ])
    }

    #[test]
    fn matches_the_dense_passes() {
        let x = frame();
        let input = LinearInput::fit(&x, InputOptions::default()).unwrap();
        let k = 3;
        let w: Vec<f32> = (0..input.width() * k).map(|i| ((i * 37 % 17) as f32 - 8.0) / 8.0).collect();
        let bias = [0.5f32, -0.25, 0.125];
        let chunk = 128;
        let mut sparse = SparseLevels::new(&input, &x, chunk);
        assert_eq!(sparse.sparse_columns(), 2, "flag and cat are sparse, area (20 % each) is dense");
        let mut start_outputs = [0f32; 3];
        sparse.prepare(&w, &bias, k, &mut start_outputs);
        let (mut grad_dense, mut grad_sparse) = (vec![0f32; w.len()], vec![0f32; w.len()]);
        for ci in 0..x.rows.div_ceil(chunk) {
            let (start, end) = (ci * chunk, ((ci + 1) * chunk).min(x.rows));
            let len = end - start;
            let mut dense: Vec<f32> = bias.iter().copied().cycle().take(len * k).collect();
            input.add_forward(&x, start, end, &w, k, &mut dense);
            let mut z: Vec<f32> = start_outputs.iter().copied().cycle().take(len * k).collect();
            sparse.add_forward(&input, &x, ci, &w, k, &mut z);
            for (a, b) in dense.iter().zip(&z) {
                assert!((a - b).abs() < 1e-5, "forward {a} vs {b}");
            }
            let g: Vec<f32> = (0..len * k).map(|i| ((i * 13 % 7) as f32 - 3.0) / 5.0).collect();
            let mut total = [0f32; 3];
            for row in g.chunks_exact(k) {
                for (t, v) in total.iter_mut().zip(row) {
                    *t += v;
                }
            }
            input.add_backward(&x, start, end, &g, k, &mut grad_dense);
            sparse.add_backward(&input, &x, ci, &g, &total, k, &mut grad_sparse);
        }
        for (a, b) in grad_dense.iter().zip(&grad_sparse) {
            assert!((a - b).abs() < 1e-3, "backward {a} vs {b}");
        }
    }
}
