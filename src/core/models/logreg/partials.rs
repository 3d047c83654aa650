//! The blocks' sums one logistic-regression worker sends the others for one evaluation of the
//! objective ([`encode`]), read back by a receiving worker against what it expects
//! ([`decode`]): the bytes come from another worker, so every one is checked.
//!
//! Layout, little-endian: the evaluation index (`u32`), the first block (`u32`), the block
//! count (`u32`), the numbers per block (`u32`), then `count × per block` `f64` values.

use std::ops::Range;

use crate::core::error::{Error, Result};

const HEADER: usize = 16;

/// What a worker sends for evaluation `eval`: the sums of blocks `blocks` (`stride` numbers
/// per block, [`Objective::block_sums`](super::objective::Objective::block_sums)).
pub fn encode(eval: u32, blocks: Range<usize>, stride: usize, sums: &[f64]) -> Vec<u8> {
    debug_assert_eq!(sums.len(), blocks.len() * stride);
    let mut out = Vec::with_capacity(HEADER + 8 * sums.len());
    for v in [eval, blocks.start as u32, blocks.len() as u32, stride as u32] {
        out.extend(v.to_le_bytes());
    }
    out.extend(sums.iter().flat_map(|v| v.to_le_bytes()));
    out
}

/// Reads worker `worker`'s message (`worker` from 0) as the sums of evaluation `eval` over
/// blocks `blocks`, `stride` numbers each. Refused by name: a short or long buffer, another
/// evaluation, other blocks, another width, a value that is not a number, an infinite
/// gradient or a loss of `−∞` (a block's loss may be `+∞`: a step far too long).
pub fn decode(
    bytes: &[u8],
    worker: usize,
    eval: u32,
    blocks: Range<usize>,
    stride: usize,
) -> Result<Vec<f64>> {
    let what = format!("the partial sums of logistic-regression worker {}", worker + 1);
    let Some((header, values)) = bytes.split_first_chunk::<HEADER>() else {
        return Err(Error::invalid_model(format!("{what} are {} bytes, too short", bytes.len())));
    };
    let field = |i: usize| u32::from_le_bytes(header[4 * i..4 * i + 4].try_into().expect("4 bytes")) as usize;
    if field(0) != eval as usize {
        return Err(Error::invalid_model(format!(
            "{what} are of evaluation {}, where evaluation {} was expected; train again",
            field(0) + 1,
            eval as usize + 1
        )));
    }
    let (start, count) = (field(1), field(2));
    if start != blocks.start || count != blocks.len() {
        return Err(Error::invalid_model(format!(
            "{what} cover {count} blocks from block {}, where {} blocks from block {} were expected",
            start + 1,
            blocks.len(),
            blocks.start + 1
        )));
    }
    if field(3) != stride {
        return Err(Error::shape(format!("numbers per block in {what}"), stride, field(3)));
    }
    if values.len() != 8 * count * stride {
        return Err(Error::shape(format!("bytes of {what}"), HEADER + 8 * count * stride, bytes.len()));
    }
    let sums: Vec<f64> =
        values.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes"))).collect();
    for (i, &v) in sums.iter().enumerate() {
        let loss = i % stride == 0;
        if !(v.is_finite() || (loss && v == f64::INFINITY)) {
            return Err(Error::invalid_model(format!(
                "{what} hold {v} in block {} at {}, not a usable number",
                blocks.start + i / stride + 1,
                if loss { "its loss".to_owned() } else { format!("gradient entry {}", i % stride) }
            )));
        }
    }
    Ok(sums)
}

/// The page's side: each worker's partial sums of one evaluation (`P`, opaque here: a
/// transferred buffer in the browser); once every worker's are in, all of them in worker order,
/// to send to every worker. The workers check the bytes.
#[derive(Debug)]
pub struct EvalCollector<P> {
    pending: Vec<Option<P>>,
}

impl<P> EvalCollector<P> {
    /// A collector for `workers` workers.
    pub fn new(workers: usize) -> EvalCollector<P> {
        EvalCollector { pending: (0..workers).map(|_| None).collect() }
    }

    /// Takes worker `index`'s sums; once every worker's are in, all of them (and the collector
    /// is ready for the next evaluation). A worker the run does not have, or one sending twice
    /// for an evaluation, is an error.
    pub fn add(&mut self, index: usize, sums: P) -> Result<Option<Vec<P>>> {
        let workers = self.pending.len();
        let Some(slot) = self.pending.get_mut(index) else {
            return Err(Error::shape("logistic-regression workers", workers, index + 1));
        };
        if slot.replace(sums).is_some() {
            return Err(Error::invalid_model(format!(
                "logistic-regression worker {} sent its sums twice for one evaluation",
                index + 1
            )));
        }
        if self.pending.iter().any(Option::is_none) {
            return Ok(None);
        }
        Ok(Some(self.pending.iter_mut().map(|s| s.take().expect("every worker's sums are in")).collect()))
    }
}
