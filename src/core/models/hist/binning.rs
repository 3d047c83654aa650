//! Feature binning: raw feature values → small bin numbers (`u8`).
//!
//! * [`BinMapper`] maps one feature's values to bins. Bin [`MISSING_BIN`] (0) always holds
//!   missing values (`NaN`, [`MISSING_LEVEL`]); value bins are `1..n_bins`.
//!   Numeric features get quantile edges computed from a seeded sample of rows (every distinct
//!   value gets its own bin when there are few). Categorical features bin by code; when a
//!   feature has more levels than value bins, the most frequent levels keep their own bin and
//!   the rare rest share one "other" bin.
//! * [`Binning`] is the mappers of every feature of a frame, learned once per fit and stored
//!   in the model, so prediction applies the very same edges to raw [`FeatureFrame`] rows.
//! * [`BinnedMatrix`] is the binned frame, row-major (`rows × n_features` bytes): tree growth
//!   gathers the rows of one node at a time, and a row's bins then sit in one cache line.

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};
use crate::core::frame::MAX_LEVELS;
use crate::core::frame::{FeatureFrame, FeatureValues, MISSING_LEVEL};
use crate::core::models::fitted::{ensure, within, MAX_FEATURES};
use crate::core::models::schema::{check_frame, InputKind};
use crate::core::parallel::Parallelism;
use crate::core::rng::Rng;

/// The bin of missing values, in every feature.
pub const MISSING_BIN: u8 = 0;

/// Largest number of value bins per feature (the missing bin comes on top, so every bin
/// number fits in a `u8`).
pub const MAX_VALUE_BINS: usize = 255;

/// How one feature's raw values map to bins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum BinMapper {
    /// A numeric feature: value `v` goes to bin `1 + #{edges < v}` (so bin `i` holds the values
    /// in `(edges[i-2], edges[i-1]]`).
    Numeric {
        /// Ascending upper edges of the value bins but the last.
        edges: Vec<f32>,
    },
    /// A categorical feature: code `c` goes to bin `bins[c]`.
    Categorical {
        /// Bin of each level code.
        bins: Vec<u8>,
        /// Number of value bins.
        value_bins: u16,
    },
}

impl BinMapper {
    /// Number of bins, the missing bin included.
    pub fn n_bins(&self) -> usize {
        match self {
            BinMapper::Numeric { edges } => edges.len() + 2,
            BinMapper::Categorical { value_bins, .. } => *value_bins as usize + 1,
        }
    }

    /// Whether the feature is categorical.
    pub fn is_categorical(&self) -> bool {
        matches!(self, BinMapper::Categorical { .. })
    }

    /// The kind of feature it maps (a categorical one with its number of training levels).
    pub fn input_kind(&self) -> InputKind {
        match self {
            BinMapper::Numeric { .. } => InputKind::Numeric,
            BinMapper::Categorical { bins, .. } => InputKind::Categorical { levels: bins.len() },
        }
    }

    /// Checks a mapper read from a file: at most [`MAX_VALUE_BINS`] value bins (so every bin
    /// fits in a `u8`), edges ascending, every level's bin one of the value bins.
    pub fn validate(&self) -> Result<()> {
        match self {
            BinMapper::Numeric { edges } => {
                ensure(edges.len() < MAX_VALUE_BINS, || {
                    format!("{} bin edges where at most {} are possible", edges.len(), MAX_VALUE_BINS - 1)
                })?;
                ensure(!edges.iter().any(|e| e.is_nan()), || "a bin edge is not a number".into())?;
                ensure(edges.windows(2).all(|w| w[0] <= w[1]), || {
                    "the bin edges are not in ascending order".into()
                })
            }
            BinMapper::Categorical { bins, value_bins } => {
                ensure((1..=MAX_VALUE_BINS).contains(&(*value_bins as usize)), || {
                    format!("{value_bins} value bins where 1 to {MAX_VALUE_BINS} are possible")
                })?;
                ensure(bins.len() <= MAX_LEVELS, || {
                    format!("{} levels where at most {MAX_LEVELS} are possible", bins.len())
                })?;
                match bins.iter().position(|&b| b as u16 > *value_bins) {
                    None => Ok(()),
                    Some(c) => Err(Error::invalid_model(format!(
                        "level {c} goes to bin {} but there are {value_bins} value bins",
                        bins[c]
                    ))),
                }
            }
        }
    }

    /// The bin of a numeric value.
    #[inline]
    pub fn bin_numeric(edges: &[f32], v: f32) -> u8 {
        if v.is_nan() {
            MISSING_BIN
        } else {
            1 + edges.partition_point(|&e| e < v) as u8
        }
    }

    /// The bin of a categorical code (unknown codes count as missing).
    #[inline]
    pub fn bin_code(bins: &[u8], code: u16) -> u8 {
        if code == MISSING_LEVEL {
            MISSING_BIN
        } else {
            bins.get(code as usize).copied().unwrap_or(MISSING_BIN)
        }
    }

    /// Learns numeric edges from sampled values (`NaN`s are ignored).
    pub fn fit_numeric(mut values: Vec<f32>, max_bins: usize) -> BinMapper {
        values.retain(|v| !v.is_nan());
        values.sort_unstable_by(f32::total_cmp);
        // Distinct values and their counts.
        let mut distinct: Vec<(f32, usize)> = Vec::new();
        for v in values {
            match distinct.last_mut() {
                Some((last, n)) if *last == v => *n += 1,
                _ => distinct.push((v, 1)),
            }
        }
        let max_bins = max_bins.clamp(2, MAX_VALUE_BINS);
        let mut edges = Vec::new();
        if distinct.len() <= max_bins {
            for w in distinct.windows(2) {
                edges.push(midpoint(w[0].0, w[1].0));
            }
        } else {
            // Greedy quantiles: cut when a bin holds its share of what is left, so that a few
            // very frequent values (each alone in a bin) do not starve the others.
            let mut remaining: usize = distinct.iter().map(|d| d.1).sum();
            let mut bins_left = max_bins;
            let mut in_bin = 0;
            for i in 0..distinct.len() - 1 {
                in_bin += distinct[i].1;
                let target = remaining as f64 / bins_left as f64;
                // Cut before a value that alone would overfill the bin, or once it is full.
                let next_big = distinct[i + 1].1 as f64 >= target && in_bin > 0;
                if in_bin as f64 >= target || next_big {
                    edges.push(midpoint(distinct[i].0, distinct[i + 1].0));
                    remaining -= in_bin;
                    in_bin = 0;
                    bins_left -= 1;
                    if bins_left == 1 {
                        break;
                    }
                }
            }
        }
        BinMapper::Numeric { edges }
    }

    /// Learns a categorical mapping from level counts.
    pub fn fit_categorical(counts: &[u64], max_bins: usize) -> BinMapper {
        let max_bins = max_bins.clamp(2, MAX_VALUE_BINS);
        if counts.len() <= max_bins {
            let bins = (0..counts.len()).map(|c| (c + 1) as u8).collect();
            return BinMapper::Categorical { bins, value_bins: counts.len().max(1) as u16 };
        }
        // Keep the `max_bins - 1` most frequent levels; the rest share the last bin.
        let mut order: Vec<usize> = (0..counts.len()).collect();
        order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
        let mut keep = vec![false; counts.len()];
        for &c in &order[..max_bins - 1] {
            keep[c] = true;
        }
        let mut bins = vec![max_bins as u8; counts.len()];
        let mut next = 1u8;
        for c in 0..counts.len() {
            if keep[c] {
                bins[c] = next;
                next += 1;
            }
        }
        BinMapper::Categorical { bins, value_bins: max_bins as u16 }
    }
}

/// A value between `a < b` (so unseen values fall to the nearer side).
fn midpoint(a: f32, b: f32) -> f32 {
    let m = ((a as f64 + b as f64) * 0.5) as f32;
    if m >= a && m < b {
        m
    } else {
        a
    }
}

/// The bin mappers of every feature of a frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binning {
    /// One mapper per feature, in frame order.
    pub mappers: Vec<BinMapper>,
}

impl Binning {
    /// Learns the mappers: numeric edges from up to `sample_rows` rows drawn with `seed`,
    /// categorical codes from every row.
    pub fn fit(x: &FeatureFrame, max_bins: usize, sample_rows: usize, seed: u64) -> Binning {
        let sample: Option<Vec<u32>> = if x.rows > sample_rows {
            let mut s = Rng::new(seed).sample_indices(x.rows, sample_rows);
            s.sort_unstable();
            Some(s)
        } else {
            None
        };
        let mappers = x
            .columns
            .iter()
            .map(|col| match &col.values {
                FeatureValues::Numeric(v) => {
                    let values = match &sample {
                        Some(s) => s.iter().map(|&r| v[r as usize]).collect(),
                        None => v.clone(),
                    };
                    BinMapper::fit_numeric(values, max_bins)
                }
                FeatureValues::Categorical { codes, levels } => {
                    let mut counts = vec![0u64; levels.len()];
                    for &c in codes {
                        if let Some(n) = counts.get_mut(c as usize) {
                            *n += 1;
                        }
                    }
                    BinMapper::fit_categorical(&counts, max_bins)
                }
            })
            .collect();
        Binning { mappers }
    }

    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.mappers.len()
    }

    /// The kinds of the features the mappers were learned on.
    pub fn inputs(&self) -> Vec<InputKind> {
        self.mappers.iter().map(BinMapper::input_kind).collect()
    }

    /// Checks mappers read from a file (see [`BinMapper::validate`]).
    pub fn validate(&self) -> Result<()> {
        ensure(self.mappers.len() <= MAX_FEATURES, || {
            format!("binning: {} features where at most {MAX_FEATURES} are possible", self.mappers.len())
        })?;
        for (f, m) in self.mappers.iter().enumerate() {
            m.validate().map_err(within(format!("binning of feature {f}")))?;
        }
        Ok(())
    }

    /// Bins a frame with these mappers; an error when the frame's columns are not the
    /// features the mappers were learned on.
    pub fn bin(&self, x: &FeatureFrame) -> Result<BinnedMatrix> {
        self.bin_with(x, Parallelism::ONE)
    }

    /// [`bin`](Self::bin) with the columns binned side by side on `parallelism`'s threads.
    pub fn bin_with(&self, x: &FeatureFrame, parallelism: Parallelism) -> Result<BinnedMatrix> {
        check_frame("the binning", Some(&self.inputs()), None, x)?;
        let stride = self.mappers.len();
        let mut bins = vec![0u8; x.rows * stride];
        let columns: Vec<_> = x.columns.iter().collect();
        let binned = parallelism.map(columns, |f, col| self.bin_column(f, &col.name, &col.values));
        for (f, column) in binned.into_iter().enumerate() {
            for (r, b) in column?.into_iter().enumerate() {
                bins[r * stride + f] = b;
            }
        }
        let n_bins = self.mappers.iter().map(BinMapper::n_bins).collect::<Vec<_>>();
        Ok(BinnedMatrix::new(bins, x.rows, n_bins))
    }

    /// The bins of one column's values with feature `f`'s mapper (`name` for the message); an
    /// error when there is no feature `f` or the column changed between numeric and categorical
    /// since training.
    pub fn bin_column(&self, f: usize, name: &str, values: &FeatureValues) -> Result<Vec<u8>> {
        match (values, self.mappers.get(f)) {
            (FeatureValues::Numeric(v), Some(BinMapper::Numeric { edges })) => {
                Ok(v.iter().map(|&value| BinMapper::bin_numeric(edges, value)).collect())
            }
            (FeatureValues::Categorical { codes, .. }, Some(BinMapper::Categorical { bins: map, .. })) => {
                Ok(codes.iter().map(|&code| BinMapper::bin_code(map, code)).collect())
            }
            (_, mapper) => Err(Error::shape(
                format!("feature {f} ('{name}')"),
                mapper.map_or("no such feature", |m| m.input_kind().name()),
                InputKind::of(values).name(),
            )),
        }
    }
}

/// A binned frame: row-major bytes (and a column-major copy), plus each feature's bin count and its offset in a
/// histogram that lays all features' bins end to end.
#[derive(Debug, Clone)]
pub struct BinnedMatrix {
    /// `rows × n_features` bins, row after row.
    bins: Vec<u8>,
    /// The same bins, column after column (partitioning a node reads one feature).
    columns: Vec<u8>,
    /// Number of rows.
    pub rows: usize,
    /// Number of bins of each feature (missing bin included).
    n_bins: Vec<usize>,
    /// Offset of each feature's first bin in a histogram; the last entry is the total.
    offsets: Vec<usize>,
}

impl BinnedMatrix {
    /// Wraps row-major bins.
    ///
    /// # Panics
    /// When the length is not `rows × n_bins.len()` or a bin is not below its feature's
    /// bin count (the histogram loops rely on it).
    pub fn new(bins: Vec<u8>, rows: usize, n_bins: Vec<usize>) -> BinnedMatrix {
        assert_eq!(bins.len(), rows * n_bins.len(), "binned matrix has the wrong size");
        assert!(n_bins.iter().all(|&n| (1..=256).contains(&n)));
        if !n_bins.is_empty() {
            for row in bins.chunks_exact(n_bins.len()) {
                assert!(row.iter().zip(&n_bins).all(|(&b, &n)| (b as usize) < n), "bin out of range");
            }
        }
        let mut offsets = Vec::with_capacity(n_bins.len() + 1);
        let mut total = 0;
        for &n in &n_bins {
            offsets.push(total);
            total += n;
        }
        offsets.push(total);
        let p = n_bins.len();
        let mut columns = vec![0u8; bins.len()];
        for (r, row) in bins.chunks_exact(p.max(1)).enumerate().take(rows) {
            for (f, &b) in row.iter().enumerate() {
                columns[f * rows + r] = b;
            }
        }
        BinnedMatrix { bins, columns, rows, n_bins, offsets }
    }

    /// All bins, row after row.
    #[inline]
    pub fn bins(&self) -> &[u8] {
        &self.bins
    }

    /// Number of bins of each feature (missing bin included).
    pub fn n_bins(&self) -> &[usize] {
        &self.n_bins
    }

    /// Offset of each feature's first bin in a histogram; the last entry is the total.
    #[inline]
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// Number of features (the row stride).
    #[inline]
    pub fn n_features(&self) -> usize {
        self.n_bins.len()
    }

    /// Total bins over all features (the length of a histogram in bins).
    pub fn total_bins(&self) -> usize {
        *self.offsets.last().unwrap_or(&0)
    }

    /// The bins of one feature, row by row.
    #[inline]
    pub fn column(&self, f: usize) -> &[u8] {
        &self.columns[f * self.rows..(f + 1) * self.rows]
    }

    /// The bins of one row.
    #[inline]
    pub fn row(&self, r: usize) -> &[u8] {
        let f = self.n_features();
        &self.bins[r * f..r * f + f]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_distinct_values_get_their_own_bins() {
        let m = BinMapper::fit_numeric(vec![3.0, 1.0, 2.0, 2.0, f32::NAN], 255);
        let BinMapper::Numeric { edges } = &m else { panic!() };
        assert_eq!(edges, &[1.5, 2.5]);
        assert_eq!(BinMapper::bin_numeric(edges, 1.0), 1);
        assert_eq!(BinMapper::bin_numeric(edges, 2.0), 2);
        assert_eq!(BinMapper::bin_numeric(edges, 9.0), 3);
        assert_eq!(BinMapper::bin_numeric(edges, f32::NAN), MISSING_BIN);
        assert_eq!(m.n_bins(), 4);
    }

    #[test]
    fn quantile_bins_are_balanced_and_bounded() {
        let values: Vec<f32> = (0..10_000).map(|i| i as f32).collect();
        let m = BinMapper::fit_numeric(values, 10);
        let BinMapper::Numeric { edges } = &m else { panic!() };
        assert_eq!(edges.len(), 9);
        // Every bin holds about 1,000 values.
        let mut prev = -1.0;
        for &e in edges {
            assert!((e - prev - 1000.0).abs() <= 2.0, "{edges:?}");
            prev = e;
        }
    }

    #[test]
    fn rare_levels_share_one_bin() {
        let counts: Vec<u64> = (0..300).map(|c| 1000 - c as u64).collect();
        let m = BinMapper::fit_categorical(&counts, 255);
        let BinMapper::Categorical { bins, value_bins } = &m else { panic!() };
        assert_eq!(*value_bins, 255);
        assert_eq!(bins[0], 1);
        assert_eq!(bins[253], 254);
        assert!(bins[254..].iter().all(|&b| b == 255));
        assert_eq!(BinMapper::bin_code(bins, MISSING_LEVEL), MISSING_BIN);
    }
}
