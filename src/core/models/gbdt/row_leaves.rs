//! [`RowLeaves`]: which leaf of a tree every training (and validation) row fell in, as the
//! worker that grew the tree knows it from growing, so that the other workers of a boosted fit
//! can add the tree to their scores with one lookup per row instead of walking the tree for
//! every row.
//!
//! A round's leaves travel as one buffer per worker ([`encode`]), beside its trees; a
//! receiving worker decodes them against the round's trees ([`decode_round`]), which checks
//! every byte: the buffer is as untrusted as a model file.

use std::ops::Range;

use crate::core::error::{Error, Result};
use crate::core::models::hist::BinTree;

/// The leaf of each row for one tree (`leaf[r]` for row `r`): the training rows, then the
/// validation rows when the fit has them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowLeaves(pub Vec<u16>);

impl RowLeaves {
    /// Adds `tree`'s value at each row's leaf to `scores` (one output's scores): what
    /// predicting every row would add, as the rows fell in these leaves when the tree grew.
    pub fn add_to(&self, tree: &BinTree, scores: &mut [f32]) {
        Self::add(&self.0, tree, scores);
    }

    /// Adds `tree`'s value at the leaf of each row of `leaves` to `scores` (a part of a
    /// [`RowLeaves`], such as its validation rows).
    pub fn add(leaves: &[u16], tree: &BinTree, scores: &mut [f32]) {
        for (s, &leaf) in scores.iter_mut().zip(leaves) {
            *s += tree.values[leaf as usize];
        }
    }
}

/// Encodes one worker's trees' leaves: the tree count (`u32`, little-endian), then per tree
/// a width byte (0 when not recorded, 1 when every leaf id fits a byte, else 2) and `rows`
/// ids of that width (little-endian).
pub fn encode(leaves: &[Option<RowLeaves>]) -> Vec<u8> {
    let bytes: usize = leaves.iter().map(|l| 1 + l.as_ref().map_or(0, |l| 2 * l.0.len())).sum();
    let mut out = Vec::with_capacity(4 + bytes);
    out.extend((leaves.len() as u32).to_le_bytes());
    for l in leaves {
        let Some(l) = l else {
            out.push(0);
            continue;
        };
        // A max over the ids (vectorised) rather than a test per id with an early exit.
        let narrow = l.0.iter().copied().max().unwrap_or(0) <= u8::MAX as u16;
        out.push(if narrow { 1 } else { 2 });
        if narrow {
            out.extend(l.0.iter().map(|&id| id as u8));
        } else {
            out.extend(l.0.iter().flat_map(|&id| id.to_le_bytes()));
        }
    }
    out
}

/// Decodes the other workers' leaves of a round (their buffers from [`encode`], in worker
/// order) into each output's leaves over `rows` rows: `None` for the outputs this worker grew
/// (`own`) and for trees sent without leaves. Every byte is checked against the round's
/// trees; an error names what is wrong (a short or long buffer, an unknown width, a leaf a
/// tree does not have, more or fewer trees than the round has beside this worker's).
pub fn decode_round(
    buffers: &[&[u8]],
    round: &[BinTree],
    own: Range<usize>,
    rows: usize,
) -> Result<Vec<Option<RowLeaves>>> {
    let mut out: Vec<Option<RowLeaves>> = vec![None; round.len()];
    let mut others = (0..round.len()).filter(|k| !own.contains(k));
    for (w, buffer) in buffers.iter().enumerate() {
        let Some((count, mut rest)) = buffer.split_first_chunk::<4>() else {
            return Err(Error::invalid_model(format!(
                "the row leaves of worker message {} are empty",
                w + 1
            )));
        };
        for _ in 0..u32::from_le_bytes(*count) {
            let Some(k) = others.next() else {
                return Err(Error::invalid_model(format!(
                    "the row leaves of a round name more than its {} trees",
                    round.len()
                )));
            };
            let (leaves, tail) = decode_tree(rest, &round[k], k, rows)?;
            out[k] = leaves;
            rest = tail;
        }
        if !rest.is_empty() {
            return Err(Error::invalid_model(format!(
                "the row leaves of worker message {} carry {} bytes too many",
                w + 1,
                rest.len()
            )));
        }
    }
    if others.next().is_some() {
        return Err(Error::invalid_model(format!(
            "the row leaves of a round name fewer than its {} trees",
            round.len()
        )));
    }
    Ok(out)
}

/// One tree's leaves (tree `k` of the round) at the start of `bytes`, and the bytes after them.
fn decode_tree<'a>(
    bytes: &'a [u8],
    tree: &BinTree,
    k: usize,
    rows: usize,
) -> Result<(Option<RowLeaves>, &'a [u8])> {
    let what = || format!("the row leaves of tree {}", k + 1);
    let Some((&width, tail)) = bytes.split_first() else {
        return Err(Error::invalid_model(format!("{} are missing", what())));
    };
    let width = width as usize;
    if width == 0 {
        return Ok((None, tail));
    }
    if width > 2 {
        return Err(Error::invalid_model(format!("{} have an unknown width {width}", what())));
    }
    if tail.len() < width * rows {
        return Err(Error::shape(what(), width * rows, tail.len()));
    }
    let (data, tail) = tail.split_at(width * rows);
    let ids: Vec<u16> = match width {
        1 => data.iter().map(|&b| b as u16).collect(),
        _ => data.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect(),
    };
    let n_leaves = tree.n_leaves();
    // The largest id (a vectorised max) is the one to check; the message names the first bad one.
    if ids.iter().copied().max().is_some_and(|top| top as usize >= n_leaves) {
        let bad = ids.iter().find(|&&id| id as usize >= n_leaves).expect("the largest id is too large");
        return Err(Error::invalid_model(format!(
            "{} name leaf {bad}, but the tree has {n_leaves} leaves",
            what()
        )));
    }
    Ok((Some(RowLeaves(ids)), tail))
}
