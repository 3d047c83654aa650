//! The full-batch loss and gradient of logistic regression, summed over a fixed structure of
//! row blocks so that the sum is the same whoever computes which part.
//!
//! Rows go in chunks of [`CHUNK`] (a chunk's outputs stay in cache; its partial loss and
//! gradient are `f32`). Chunks are grouped into at most [`MAX_BLOCKS`] consecutive blocks
//! ([`blocks`]: a layout that depends on the row count only). A block's sums are its chunks'
//! partials added in chunk order in `f64` ([`Objective::block_sums`]); the objective is the
//! blocks' sums added in block order ([`combine`]). Threads of one process compute chunks side
//! by side; trainer workers that share no memory each compute whole blocks and exchange the
//! blocks' sums. Either way the additions are the same, in the same order: the gradient is
//! the same bits for any thread or worker count.

use std::ops::Range;

use super::super::linear_input::{dispatch_k, LinearInput};
use super::super::softmax_loss::{self, SoftmaxScratch};
use super::super::sparse_levels::SparseLevels;
use crate::core::frame::FeatureFrame;
use crate::core::parallel::{spread_ranges, Parallelism};

/// Rows per chunk of the loss/gradient pass (keeps the chunk's outputs in cache).
pub const CHUNK: usize = 4096;

/// Most blocks a pass is cut into. It bounds what workers exchange per evaluation
/// (`blocks × (parameters + 1)` numbers, whatever the row count), and 24 splits evenly over
/// 2, 3, 4, 6 and 8 workers.
pub const MAX_BLOCKS: usize = 24;

/// The rows an objective sums over.
#[derive(Clone, Copy)]
pub struct Rows<'a> {
    /// Inputs.
    pub x: &'a FeatureFrame,
    /// Classes.
    pub y: &'a [u32],
    /// Row weights, if any.
    pub weights: Option<&'a [f32]>,
}

/// The blocks of a pass over `rows` rows, as ranges of chunk indices: at most [`MAX_BLOCKS`],
/// as even as possible, in order, the longer ones spread out so that each worker's run of
/// blocks holds about its share of the chunks (none for no rows).
pub fn blocks(rows: usize) -> Vec<Range<usize>> {
    let chunks = rows.div_ceil(CHUNK);
    match chunks {
        0 => Vec::new(),
        _ => spread_ranges(chunks, chunks.min(MAX_BLOCKS)),
    }
}

/// What one thread reuses from chunk to chunk: the chunk's outputs (then their gradient) and
/// the softmax's buffers.
#[derive(Default)]
struct ChunkWork {
    scratch: SoftmaxScratch,
    z: Vec<f32>,
}

/// The loss/gradient pass over one set of rows: their sparse layout, the blocks, and scratch.
pub struct Objective {
    outputs: usize,
    /// The frame's categorical columns as rows off their usual level.
    sparse: SparseLevels,
    blocks: Vec<Range<usize>>,
    w32: Vec<f32>,
    b32: Vec<f32>,
    /// Threads the chunks of rows are spread over.
    parallelism: Parallelism,
    /// Buffers per thread.
    workers: Vec<ChunkWork>,
}

impl Objective {
    /// The pass over `rows` with inputs `input` and `outputs` outputs, on `parallelism` threads.
    pub fn new(input: &LinearInput, rows: Rows, outputs: usize, parallelism: Parallelism) -> Objective {
        let nw = input.width() * outputs;
        Objective {
            outputs,
            sparse: SparseLevels::new(input, rows.x, CHUNK),
            blocks: blocks(rows.x.rows),
            w32: vec![0.0; nw],
            b32: vec![0.0; outputs],
            parallelism,
            workers: Vec::new(),
        }
    }

    /// Numbers per block's sums: the loss, the weights' gradient, the intercepts' gradient.
    pub fn stride(&self) -> usize {
        1 + self.w32.len() + self.outputs
    }

    /// How many blocks the rows make.
    pub fn n_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// The sums of blocks `range` at parameters `p` (weights then intercepts), block after
    /// block, [`stride`](Self::stride) numbers each: the summed loss, then the summed gradient
    /// (weights, intercepts), before dividing by the total weight. A block whose sums are not
    /// all finite (a step far too long) gives `+∞` loss and a zero gradient, so the objective
    /// is plainly not finite whoever summed it.
    pub fn block_sums(
        &mut self,
        input: &LinearInput,
        rows: Rows,
        p: &[f64],
        range: Range<usize>,
    ) -> Vec<f64> {
        dispatch_k!(self.outputs, K => self.block_sums_k::<K>(input, rows, p, range))
    }

    /// [`block_sums`](Self::block_sums) with the output count known at compile time (0 = dynamic).
    #[inline(always)]
    fn block_sums_k<const K: usize>(
        &mut self,
        input: &LinearInput,
        rows: Rows,
        p: &[f64],
        range: Range<usize>,
    ) -> Vec<f64> {
        let k = if K > 0 { K } else { self.outputs };
        let nw = self.w32.len();
        let stride = self.stride();
        for (a, &b) in self.w32.iter_mut().zip(&p[..nw]) {
            *a = b as f32;
        }
        for (a, &b) in self.b32.iter_mut().zip(&p[nw..]) {
            *a = b as f32;
        }
        let mut out = vec![0f64; range.len() * stride];
        if range.is_empty() {
            return out;
        }
        let chunks: Vec<usize> = (self.blocks[range.start].start..self.blocks[range.end - 1].end).collect();
        // Every row's outputs start at the bias plus the weights of its columns' usual levels.
        let mut start_z = vec![0f32; k];
        self.sparse.prepare(&self.w32, &self.b32, k, &mut start_z);
        let n = rows.y.len();
        // Chunks go side by side (each thread with its own buffers); their partials come back
        // in chunk order.
        self.workers.resize_with(self.parallelism.get().max(1), ChunkWork::default);
        let Objective { sparse, w32, workers, parallelism, .. } = self;
        let (sparse, w32) = (&*sparse, &w32[..]);
        let partials = parallelism.map_with(workers, chunks, |work, _, chunk_index| {
            let start = chunk_index * CHUNK;
            let end = (start + CHUNK).min(n);
            let len = end - start;
            work.z.resize(CHUNK * k, 0.0);
            let z = &mut work.z[..len * k];
            for zr in z.chunks_exact_mut(k) {
                zr.copy_from_slice(&start_z);
            }
            sparse.add_forward(input, rows.x, chunk_index, w32, k, z);
            let mut gb = vec![0f32; k];
            let weights = rows.weights.map(|w| &w[start..end]);
            let loss = softmax_loss::loss_and_gradient(
                z,
                k,
                &rows.y[start..end],
                weights,
                &mut gb,
                &mut work.scratch,
            );
            let mut gchunk = vec![0f32; nw];
            sparse.add_backward(input, rows.x, chunk_index, z, &gb, k, &mut gchunk);
            (loss, gchunk, gb)
        });
        // Each block: its chunks' partials in chunk order.
        let mut partials = partials.into_iter();
        for (sums, block) in out.chunks_exact_mut(stride).zip(&self.blocks[range]) {
            for (loss, gw, gb) in partials.by_ref().take(block.len()) {
                sums[0] += loss as f64;
                for (t, &v) in sums[1..1 + nw].iter_mut().zip(&gw) {
                    *t += v as f64;
                }
                for (t, &v) in sums[1 + nw..].iter_mut().zip(&gb) {
                    *t += v as f64;
                }
            }
            if !sums.iter().all(|v| v.is_finite()) {
                sums.fill(0.0);
                sums[0] = f64::INFINITY;
            }
        }
        out
    }

    /// The parameters of the last pass, as the model stores them (weights, intercepts).
    pub fn last_params(&self) -> (&[f32], &[f32]) {
        (&self.w32, &self.b32)
    }
}

/// The objective at `p` (`nw` weights, then intercepts) from every block's sums (`sums`,
/// block after block, `p.len() + 1` numbers each, from [`Objective::block_sums`]): the blocks
/// added in block order, divided by the total weight, plus the L2 penalty `l2` on the weights.
/// Writes the gradient into `grad`.
pub fn combine(sums: &[f64], p: &[f64], nw: usize, grad: &mut [f64], l2: f64, total_weight: f64) -> f64 {
    let stride = p.len() + 1;
    let mut total = vec![0f64; stride];
    for block in sums.chunks_exact(stride) {
        for (t, &v) in total.iter_mut().zip(block) {
            *t += v;
        }
    }
    grad.copy_from_slice(&total[1..]);
    let inv = 1.0 / total_weight;
    let mut penalty = 0f64;
    for (g, &w) in grad[..nw].iter_mut().zip(&p[..nw]) {
        *g = *g * inv + l2 * w;
        penalty += w * w;
    }
    for g in grad[nw..].iter_mut() {
        *g *= inv;
    }
    total[0] * inv + 0.5 * l2 * penalty
}
