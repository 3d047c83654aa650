//! Split search on histograms.
//!
//! * [`best_gh_split`] (boosting): XGBoost's second-order gain
//!   `½·[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] − γ`, with both children needing a hessian
//!   sum of at least `min_child_weight`.
//! * [`best_class_split`] (decision trees, forests): decrease of weighted Gini impurity or
//!   entropy, with both children needing `min_leaf` rows.
//!
//! Numeric features try every threshold between value bins, sending missing values left and
//! right (the better side is kept, as XGBoost's default direction); "missing vs present" is a
//! candidate too. Categorical features use LightGBM-style ordered partitions: the non-empty
//! bins (missing included, as one more category) are sorted by a score — the gradient ratio
//! `G/(H + cat_smooth)` for boosting, the share of the node's majority class for
//! classification (optimal for two classes, Breiman) — and every prefix of that order is
//! tried as the left side. So a split can group many levels, at `O(b log b)` per feature.

use super::binset::BinSet;
use super::histogram::GhAcc;
use crate::core::math::DetMath;

/// A split found by [`best_gh_split`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GhSplit {
    /// Feature to split on.
    pub feature: u32,
    /// Gain (after `gamma`), > 0.
    pub gain: f64,
    /// Bins going left.
    pub left: BinSet,
    /// Gradient and hessian sums of the left child.
    pub left_sum: [f64; 2],
    /// Gradient and hessian sums of the right child.
    pub right_sum: [f64; 2],
}

/// Regularisation of boosting splits.
#[derive(Debug, Clone, Copy)]
pub struct GhRules {
    /// L2 penalty on leaf values.
    pub lambda: f64,
    /// Minimum gain of a split.
    pub gamma: f64,
    /// Minimum hessian sum in each child.
    pub min_child_weight: f64,
    /// Smoothing of the gradient ratio that orders categories.
    pub cat_smooth: f64,
}

#[inline]
fn score(g: f64, h: f64, lambda: f64) -> f64 {
    if h + lambda > 0.0 {
        g * g / (h + lambda)
    } else {
        0.0
    }
}

/// Reusable memory for the split search.
#[derive(Debug, Default)]
pub struct SplitScratch {
    order: Vec<(f64, u8)>,
    acc: Vec<f64>,
}

/// The best boosting split over `features` of a node with gradient histogram `hist` (pairs
/// per bin, features laid out by `offsets`) and totals `total`, or `None` when no split has
/// positive gain.
#[allow(clippy::too_many_arguments)]
pub fn best_gh_split(
    hist: &[GhAcc],
    offsets: &[usize],
    n_bins: &[usize],
    categorical: &[bool],
    features: &[u32],
    total: [f64; 2],
    rules: &GhRules,
    scratch: &mut SplitScratch,
) -> Option<GhSplit> {
    let [gt, ht] = total;
    let parent = score(gt, ht, rules.lambda);
    let mut best: Option<GhSplit> = None;
    let mut best_gain = 0.0f64;
    let mcw = rules.min_child_weight;
    for &f in features {
        let fu = f as usize;
        let n = n_bins[fu];
        let h = &hist[2 * offsets[fu]..2 * (offsets[fu] + n)];
        let mut consider = |gl: f64, hl: f64, make: &dyn Fn() -> BinSet| {
            let (gr, hr) = (gt - gl, ht - hl);
            if hl < mcw || hr < mcw || hl <= 0.0 || hr <= 0.0 {
                return;
            }
            let gain =
                0.5 * (score(gl, hl, rules.lambda) + score(gr, hr, rules.lambda) - parent) - rules.gamma;
            if gain > best_gain {
                best_gain = gain;
                best =
                    Some(GhSplit { feature: f, gain, left: make(), left_sum: [gl, hl], right_sum: [gr, hr] });
            }
        };
        if categorical[fu] {
            scratch.order.clear();
            for b in 0..n {
                if h[2 * b + 1] > 0.0 {
                    let key = h[2 * b] as f64 / (h[2 * b + 1] as f64 + rules.cat_smooth);
                    scratch.order.push((key, b as u8));
                }
            }
            if scratch.order.len() < 2 {
                continue;
            }
            scratch.order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let order = &scratch.order;
            let (mut gl, mut hl) = (0.0, 0.0);
            for i in 0..order.len() - 1 {
                let b = order[i].1 as usize;
                gl += h[2 * b] as f64;
                hl += h[2 * b + 1] as f64;
                consider(gl, hl, &|| {
                    let mut s = BinSet::EMPTY;
                    for &(_, b) in &order[..=i] {
                        s.insert(b);
                    }
                    s
                });
            }
        } else {
            let (mg, mh) = (h[0] as f64, h[1] as f64);
            let (mut gl, mut hl) = (0.0, 0.0);
            for t in 0..n - 1 {
                if t >= 1 {
                    if h[2 * t + 1] == 0.0 && h[2 * t] == 0.0 {
                        continue;
                    }
                    gl += h[2 * t] as f64;
                    hl += h[2 * t + 1] as f64;
                    consider(gl, hl, &|| BinSet::range(1, t as u8));
                }
                if mh > 0.0 {
                    consider(gl + mg, hl + mh, &|| {
                        let mut s = if t >= 1 { BinSet::range(1, t as u8) } else { BinSet::EMPTY };
                        s.insert(0);
                        s
                    });
                }
            }
        }
    }
    best
}

/// Impurity measure of classification trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Criterion {
    /// Gini impurity `1 − Σ p²`.
    #[default]
    Gini,
    /// Entropy `−Σ p ln p`.
    Entropy,
}

impl Criterion {
    /// Impurity times total weight, for class weights `c` (the weighted impurity of a node).
    #[inline]
    pub fn weighted(self, c: &[f64]) -> f64 {
        let w: f64 = c.iter().sum();
        if w <= 0.0 {
            return 0.0;
        }
        match self {
            Criterion::Gini => w - c.iter().map(|&v| v * v).sum::<f64>() / w,
            Criterion::Entropy => {
                w * w.det_ln() - c.iter().filter(|&&v| v > 0.0).map(|&v| v * v.det_ln()).sum::<f64>()
            }
        }
    }
}

/// A split found by [`best_class_split`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassSplit {
    /// Feature to split on.
    pub feature: u32,
    /// Decrease of weighted impurity, > 0.
    pub gain: f64,
    /// Bins going left.
    pub left: BinSet,
}

/// The best classification split over `features` of a node whose class histogram (`k`
/// weights and a count per bin) is `hist` and whose class weights and row count are `total`
/// (`k + 1` values), or `None` when nothing decreases the impurity. The left child's totals
/// are written to `best_left`.
#[allow(clippy::too_many_arguments)]
pub fn best_class_split(
    hist: &[f64],
    offsets: &[usize],
    n_bins: &[usize],
    categorical: &[bool],
    features: &[u32],
    total: &[f64],
    criterion: Criterion,
    min_leaf: f64,
    scratch: &mut SplitScratch,
    best_left: &mut [f64],
) -> Option<ClassSplit> {
    let width = total.len();
    let k = width - 1;
    let parent = criterion.weighted(&total[..k]);
    let mut best: Option<ClassSplit> = None;
    let mut best_gain = 1e-12 * total[..k].iter().sum::<f64>();
    scratch.acc.resize(3 * width, 0.0);
    let (left, rest) = scratch.acc.split_at_mut(width);
    let (right, with_missing) = rest.split_at_mut(width);
    let majority = (0..k).max_by(|&a, &b| total[a].total_cmp(&total[b])).unwrap_or(0);
    for &f in features {
        let fu = f as usize;
        let n = n_bins[fu];
        let h = &hist[width * offsets[fu]..width * (offsets[fu] + n)];
        let mut consider = |l: &[f64], make: &dyn Fn() -> BinSet, right: &mut [f64]| {
            if l[k] < min_leaf || total[k] - l[k] < min_leaf {
                return;
            }
            for j in 0..width {
                right[j] = total[j] - l[j];
            }
            let gain = parent - criterion.weighted(&l[..k]) - criterion.weighted(&right[..k]);
            if gain > best_gain {
                best_gain = gain;
                best_left.copy_from_slice(l);
                best = Some(ClassSplit { feature: f, gain, left: make() });
            }
        };
        left.fill(0.0);
        if categorical[fu] {
            scratch.order.clear();
            for b in 0..n {
                let bin = &h[width * b..width * (b + 1)];
                if bin[k] > 0.0 {
                    let w: f64 = bin[..k].iter().sum();
                    let key = if w > 0.0 { bin[majority] / w } else { 0.0 };
                    scratch.order.push((key, b as u8));
                }
            }
            if scratch.order.len() < 2 {
                continue;
            }
            scratch.order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let order = &scratch.order;
            for i in 0..order.len() - 1 {
                let b = order[i].1 as usize;
                for j in 0..width {
                    left[j] += h[width * b + j];
                }
                consider(
                    left,
                    &|| {
                        let mut s = BinSet::EMPTY;
                        for &(_, b) in &order[..=i] {
                            s.insert(b);
                        }
                        s
                    },
                    right,
                );
            }
        } else {
            let missing = &h[..width];
            let has_missing = missing[k] > 0.0;
            for t in 0..n - 1 {
                if t >= 1 {
                    let bin = &h[width * t..width * (t + 1)];
                    if bin[k] == 0.0 {
                        continue;
                    }
                    for j in 0..width {
                        left[j] += bin[j];
                    }
                    consider(left, &|| BinSet::range(1, t as u8), right);
                }
                if has_missing {
                    for j in 0..width {
                        with_missing[j] = left[j] + missing[j];
                    }
                    consider(
                        with_missing,
                        &|| {
                            let mut s = if t >= 1 { BinSet::range(1, t as u8) } else { BinSet::EMPTY };
                            s.insert(0);
                            s
                        },
                        right,
                    );
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impurities_match_their_formulas() {
        // Two classes, 2 + 2 rows: Gini 0.5, entropy ln 2, times 4 rows.
        assert!((Criterion::Gini.weighted(&[2.0, 2.0]) - 2.0).abs() < 1e-12);
        let e = Criterion::Entropy.weighted(&[2.0, 2.0]);
        assert!((e - 4.0 * 2f64.det_ln()).abs() < 1e-12);
        assert_eq!(Criterion::Gini.weighted(&[3.0, 0.0]), 0.0);
        assert_eq!(Criterion::Entropy.weighted(&[0.0, 3.0]), 0.0);
    }

    #[test]
    fn missing_values_take_the_better_side() {
        // One numeric feature, bins: missing, 1, 2, 3. Gradients: missing and bin 3 negative,
        // bins 1 and 2 positive, so the best split sends missing with bin 3 (right side).
        let hist: Vec<GhAcc> = vec![-4.0, 1.0, 3.0, 1.0, 3.0, 1.0, -2.0, 1.0];
        let rules = GhRules { lambda: 0.0, gamma: 0.0, min_child_weight: 0.0, cat_smooth: 0.0 };
        let s = best_gh_split(
            &hist,
            &[0, 4],
            &[4],
            &[false],
            &[0],
            [0.0, 4.0],
            &rules,
            &mut SplitScratch::default(),
        )
        .unwrap();
        assert_eq!(s.left, BinSet::range(1, 2));
        assert_eq!(s.left_sum, [6.0, 2.0]);
        // Gain ½·(36/2 + 36/2 − 0) = 18.
        assert!((s.gain - 18.0).abs() < 1e-9);
    }
}
