//! Seeded, stratified row samples for the models that train on a sample (k-NN, kernel SVM).

use crate::core::rng::Rng;

/// About `size` row indices of `y`, stratified: each class keeps its share of the rows
/// (rounded, at least one row for every class present). Sorted ascending. All rows when
/// `size >= y.len()`.
pub fn stratified_sample(y: &[u32], n_classes: usize, size: usize, rng: &mut Rng) -> Vec<u32> {
    let n = y.len();
    if size >= n {
        return (0..n as u32).collect();
    }
    let mut by_class: Vec<Vec<u32>> = vec![Vec::new(); n_classes];
    for (i, &c) in y.iter().enumerate() {
        by_class[c as usize].push(i as u32);
    }
    let mut out = Vec::with_capacity(size + n_classes);
    for (c, rows) in by_class.iter().enumerate() {
        if rows.is_empty() {
            continue;
        }
        let quota = ((rows.len() as f64 * size as f64 / n as f64).round() as usize).clamp(1, rows.len());
        let mut fork = rng.fork(c as u64);
        out.extend(fork.sample_indices(rows.len(), quota).into_iter().map(|i| rows[i as usize]));
    }
    out.sort_unstable();
    out
}

/// Rows per block in [`block_shuffle`].
pub const SHUFFLE_BLOCK: usize = 16;

/// Writes into `order` a random visiting order of rows `0..n` for one SGD epoch: blocks of
/// [`SHUFFLE_BLOCK`] consecutive rows in random order, rows inside a block in random order.
/// Reading a block touches one or two cache lines per feature column instead of one per row,
/// which makes a shuffled pass over column storage several times faster than a full shuffle.
pub fn block_shuffle(n: usize, rng: &mut Rng, order: &mut Vec<u32>) {
    let blocks = n.div_ceil(SHUFFLE_BLOCK);
    let mut ids: Vec<u32> = (0..blocks as u32).collect();
    rng.shuffle(&mut ids);
    order.clear();
    for b in ids {
        let start = b as usize * SHUFFLE_BLOCK;
        let end = (start + SHUFFLE_BLOCK).min(n);
        let first = order.len();
        order.extend(start as u32..end as u32);
        rng.shuffle(&mut order[first..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_class_shares() {
        let y: Vec<u32> = (0..10_000).map(|i| if i % 10 == 0 { 1 } else { 0 }).collect();
        let s = stratified_sample(&y, 2, 1000, &mut Rng::new(1));
        assert_eq!(s.len(), 1000);
        assert_eq!(s.iter().filter(|&&r| y[r as usize] == 1).count(), 100);
        assert_eq!(s, stratified_sample(&y, 2, 1000, &mut Rng::new(1)));
    }
}
