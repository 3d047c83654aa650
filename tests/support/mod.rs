//! Shared helpers of the integration tests: the bundled sample loaded once ([`sample`]), the
//! purpose-built files of `tests/data` ([`fixtures`]), the real sample as a small feature frame,
//! a toy naive Bayes learner, and temporary folders that delete themselves ([`TempDir`]).

pub mod fixtures;
mod sample;
mod temp;

use std::sync::OnceLock;

use crimelab::core::data::{ColumnData, Dataset, MISSING_CODE, MISSING_INT};
use crimelab::core::frame::{Feature, FeatureFrame, FeatureValues, Labels, MISSING_LEVEL};
use crimelab::core::models::{Learner, Model, Monitor, TrainData, TrainProgress, Valid};
use crimelab::core::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};

pub use sample::{
    sample, sample_bytes, sample_csv, sample_head, sample_path, sample_slice, sample_text, SampleCsv,
};
pub use temp::TempDir;

/// Training data of `x` and `y` as most tests want it: no weights, no validation set, inputs not
/// scaled beforehand, default parallelism.
pub fn plain_data<'a>(x: &'a FeatureFrame, y: &'a [u32], n_classes: usize, seed: u64) -> TrainData<'a> {
    TrainData {
        x,
        y,
        n_classes,
        weights: None,
        valid: None,
        seed,
        prescaled: false,
        parallelism: Default::default(),
    }
}

/// A text column as a categorical feature.
pub fn categorical(ds: &Dataset, column: &str) -> Feature {
    let ColumnData::Category { codes, dict } = &ds.column(column).unwrap().data else {
        panic!("{column} is not text");
    };
    let codes = codes.iter().map(|&c| if c == MISSING_CODE { MISSING_LEVEL } else { c as u16 }).collect();
    Feature::categorical(column, codes, dict.values().to_vec())
}

/// An integer or time column as a numeric feature (missing as NaN).
pub fn numeric(ds: &Dataset, column: &str) -> Feature {
    let values = match &ds.column(column).unwrap().data {
        ColumnData::Int(v) | ColumnData::Time(v) => {
            v.iter().map(|&x| if x == MISSING_INT { f32::NAN } else { x as f32 }).collect()
        }
        ColumnData::Float(v) => v.iter().map(|&x| x as f32).collect(),
        _ => panic!("{column} is not numeric"),
    };
    Feature::numeric(column, values)
}

/// Predict `Part 1-2` (serious or not) from the premise, weapon, victim sex, victim age and
/// time of the real incidents.
pub fn part_task() -> (FeatureFrame, Labels) {
    let ds = sample();
    let x = FeatureFrame::new(vec![
        categorical(ds, "Premis Desc"),
        categorical(ds, "Weapon Desc"),
        categorical(ds, "Vict Sex"),
        numeric(ds, "Vict Age"),
        numeric(ds, "TIME OCC"),
    ]);
    let ColumnData::Int(part) = &ds.column("Part 1-2").unwrap().data else {
        panic!("Part 1-2 is not an integer column");
    };
    let labels = Labels {
        classes: vec!["Part 1".into(), "Part 2".into()],
        y: part.iter().map(|&p| (p - 1) as u32).collect(),
    };
    (x, labels)
}

/// Toy categorical naive Bayes: numeric features cut into `bins` equal-width bins (plus one
/// for missing), additive smoothing `alpha`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ToyNbParams {
    /// Additive smoothing, > 0.
    pub alpha: f64,
    /// Bins per numeric feature, ≥ 1.
    pub bins: usize,
}

impl Default for ToyNbParams {
    fn default() -> Self {
        ToyNbParams { alpha: 1.0, bins: 16 }
    }
}

/// A fitted [`ToyNbParams`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToyNb {
    k: usize,
    log_prior: Vec<f64>,
    tables: Vec<Table>,
    bins: usize,
}

/// One feature's table: numeric range (`None` for categorical), slots, `log p[slot * k + c]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Table(Option<(f32, f32)>, usize, Vec<f64>);

impl ToyNb {
    fn slot(&self, f: usize, feature: &Feature, row: usize) -> usize {
        let Table(range, slots, _) = &self.tables[f];
        slot_of(*range, *slots, self.bins, feature, row)
    }
}

fn slot_of(range: Option<(f32, f32)>, slots: usize, bins: usize, f: &Feature, row: usize) -> usize {
    match (&f.values, range) {
        (FeatureValues::Numeric(v), Some((lo, hi))) => {
            let x = v[row];
            if x.is_nan() {
                bins
            } else {
                let t = if hi > lo { (x - lo) / (hi - lo) } else { 0.0 };
                ((t * bins as f32) as usize).min(bins - 1)
            }
        }
        (FeatureValues::Categorical { codes, .. }, None) => (codes[row] as usize).min(slots - 1),
        _ => panic!("feature kind changed"),
    }
}

impl Learner for ToyNbParams {
    type Model = ToyNb;

    fn validate(&self) -> Result<()> {
        if self.alpha.is_nan() || self.alpha <= 0.0 {
            return Err(Error::invalid_param("toy-nb", "alpha", self.alpha, "a number > 0"));
        }
        if self.bins == 0 {
            return Err(Error::invalid_param("toy-nb", "bins", self.bins, "1 or more"));
        }
        Ok(())
    }

    fn fit_valid(params: &Valid<Self>, data: &TrainData, monitor: &mut dyn Monitor) -> Result<ToyNb> {
        params.get().train(data, monitor)
    }
}

impl ToyNbParams {
    /// The fit of checked params ([`Learner::fit_valid`]).
    fn train(&self, data: &TrainData, monitor: &mut dyn Monitor) -> Result<ToyNb> {
        let k = data.n_classes;
        let mut class_n = vec![0f64; k];
        for &c in data.y {
            class_n[c as usize] += 1.0;
        }
        let total = data.y.len() as f64;
        let mut model = ToyNb {
            k,
            log_prior: class_n.iter().map(|&n| ((n + 1.0) / (total + k as f64)).ln()).collect(),
            tables: Vec::new(),
            bins: self.bins,
        };
        for (i, f) in data.x.columns.iter().enumerate() {
            let (range, slots) = match &f.values {
                FeatureValues::Numeric(v) => {
                    let lo = v.iter().copied().filter(|x| !x.is_nan()).fold(f32::MAX, f32::min);
                    let hi = v.iter().copied().filter(|x| !x.is_nan()).fold(f32::MIN, f32::max);
                    (Some((lo, hi)), self.bins + 1)
                }
                // Codes beyond the levels and the missing code share the last slot.
                FeatureValues::Categorical { levels, .. } => (None, levels.len() + 1),
            };
            let mut counts = vec![0f64; slots * k];
            for (row, &c) in data.y.iter().enumerate() {
                counts[slot_of(range, slots, self.bins, f, row) * k + c as usize] += 1.0;
            }
            let logp = (0..slots * k)
                .map(|s| {
                    let c = s % k;
                    ((counts[s] + self.alpha) / (class_n[c] + self.alpha * slots as f64)).ln()
                })
                .collect();
            model.tables.push(Table(range, slots, logp));
            let progress = TrainProgress {
                fraction: (i + 1) as f64 / data.x.n_features() as f64,
                iteration: i + 1,
                ..Default::default()
            };
            if !monitor.report(&progress) {
                return Err(Error::new(ErrorKind::Cancelled));
            }
        }
        Ok(model)
    }
}

impl Model for ToyNb {
    fn n_classes(&self) -> usize {
        self.k
    }

    fn inputs(&self) -> Option<Vec<crimelab::core::models::InputKind>> {
        None
    }

    fn validate(&self) -> Result<()> {
        Ok(())
    }

    fn proba_checked(&self, x: &FeatureFrame) -> Result<Vec<f32>> {
        let k = self.k;
        let mut out = vec![0f32; x.rows * k];
        let mut score = vec![0f64; k];
        for row in 0..x.rows {
            score.copy_from_slice(&self.log_prior);
            for (f, feature) in x.columns.iter().enumerate() {
                let s = self.slot(f, feature, row);
                let logp = &self.tables[f].2[s * k..(s + 1) * k];
                score.iter_mut().zip(logp).for_each(|(a, b)| *a += b);
            }
            let max = score.iter().copied().fold(f64::MIN, f64::max);
            let sum: f64 = score.iter().map(|s| (s - max).exp()).sum();
            for c in 0..k {
                out[row * k + c] = ((score[c] - max).exp() / sum) as f32;
            }
        }
        Ok(out)
    }
}

/// Rows `0..n` split into the first `train_share` (by position) and the rest.
pub fn split_rows(n: usize, train_share: f64) -> (Vec<u32>, Vec<u32>) {
    let cut = (n as f64 * train_share) as u32;
    ((0..cut).collect(), (cut..n as u32).collect())
}

/// Params of `kind` that fit in well under a second on a few thousand rows.
pub fn quick_params(kind: crimelab::core::models::ModelKind) -> crimelab::core::models::ModelParams {
    use crimelab::core::models::{
        forest::ForestParams, gbdt::GbdtParams, knn::KnnParams, logreg::LogregParams, mlp::MlpParams,
        svm_kernel::SvmKernelParams, svm_linear::SvmLinearParams, tree::TreeParams, ModelParams,
    };
    match kind.default_params() {
        ModelParams::Gbdt(_) => {
            ModelParams::Gbdt(GbdtParams { n_rounds: 4, max_leaves: 8, ..Default::default() })
        }
        ModelParams::RandomForest(_) => {
            ModelParams::RandomForest(ForestParams { n_trees: 3, max_depth: 6, ..Default::default() })
        }
        ModelParams::Tree(_) => ModelParams::Tree(TreeParams { max_depth: 6, ..Default::default() }),
        ModelParams::Logreg(_) => ModelParams::Logreg(LogregParams { max_iter: 15, ..Default::default() }),
        ModelParams::SvmLinear(_) => {
            ModelParams::SvmLinear(SvmLinearParams { epochs: 1, ..Default::default() })
        }
        ModelParams::SvmKernel(_) => {
            ModelParams::SvmKernel(SvmKernelParams { sample_size: 120, ..Default::default() })
        }
        ModelParams::Knn(_) => ModelParams::Knn(KnnParams { k: 5, sample_size: 150, ..Default::default() }),
        ModelParams::Mlp(_) => {
            ModelParams::Mlp(MlpParams { hidden: vec![6, 4], max_epochs: 2, ..Default::default() })
        }
        other => other,
    }
}

/// Every model kind trained quickly on the first 3,000 rows of the extract with the default
/// features (crime group, a multiclass target), plus GBDT and logistic regression on the binary
/// Part 1-2 target (their one-output form): `(label, dataset, run)`, computed once.
pub fn quick_runs() -> &'static [(String, crimelab::core::experiment::RunOutput)] {
    use crimelab::core::experiment::{run, RunConfig, RunOutput};
    use crimelab::core::features::{FeatureConfig, Target};
    use crimelab::core::models::ModelKind;
    static RUNS: OnceLock<Vec<(String, RunOutput)>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let ds = quick_dataset();
        let fit = |target: Target, kind: ModelKind| {
            let features = FeatureConfig { target: target.clone(), ..Default::default() };
            let config = RunConfig { features, model: quick_params(kind), seed: 5, tuning: None };
            let output = run(ds, Some("head.csv"), &config, &mut |_| true).expect("quick run");
            (format!("{} on {}", kind.id(), target.id()), output)
        };
        let mut runs: Vec<(String, RunOutput)> =
            ModelKind::ALL.iter().map(|&k| fit(Target::CrimeGroup, k)).collect();
        runs.push(fit(Target::Part12, ModelKind::Gbdt));
        runs.push(fit(Target::Part12, ModelKind::Logreg));
        runs
    })
}

/// The dataset of [`quick_runs`].
pub fn quick_dataset() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| sample_head(3000))
}

/// Parses `bytes` split at `cuts` (offsets in increasing order; repeats make empty parts) the
/// way the browser's parse workers do: each part from its guessed first record, then
/// [`reconcile`](crimelab::core::data::reconcile) and parse again until the parts meet, each part
/// through the wire format and joined as the engine joins them when `via_wire`. Returns the joined dataset and how many parts had
/// to be parsed again.
pub fn parse_in_parts(bytes: &[u8], cuts: &[u64], via_wire: bool) -> Result<(Dataset, usize)> {
    use crimelab::core::data::{parse_part, reconcile, wire, ParsePlan, Part, HEAD_BYTES};
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let plan = ParsePlan::from_head(head, bytes.len() <= HEAD_BYTES)?;
    let mut parts = Part::at_offsets(bytes.len() as u64, cuts);
    let parse = |part: Part| parse_part(&bytes[part.read_from() as usize..], &plan, part, &mut |_| true);
    let mut parsed = parts.iter().map(|&p| parse(p)).collect::<Result<Vec<_>>>()?;
    let mut again = 0;
    loop {
        let bounds: Vec<_> = parsed.iter().map(|p| p.bounds).collect();
        let Some((index, exact)) = reconcile(&parts, &bounds) else { break };
        assert!(again <= parts.len(), "reconcile does not converge");
        parts[index] = exact;
        parsed[index] = parse(exact)?;
        again += 1;
    }
    if via_wire {
        // As the engine joins the parts the workers sent.
        let encoded: Vec<Vec<u8>> = parsed.iter().map(|p| wire::encode(&p.dataset)).collect();
        return Ok((crimelab::core::session::payload::join_parts(&encoded)?, again));
    }
    Ok((Dataset::concat(parsed.into_iter().map(|p| p.dataset).collect()), again))
}

/// Asserts that two datasets hold exactly the same thing: rows, every column's name, kind and
/// values (text dictionaries in the same order), invalid counts, the skip report and the card.
pub fn assert_same_dataset(a: &Dataset, b: &Dataset, context: &str) {
    use crimelab::core::data::DatasetCard;
    assert_eq!(a.rows(), b.rows(), "rows: {context}");
    assert_eq!(a.skipped(), b.skipped(), "skip report: {context}");
    assert_eq!(a.columns().len(), b.columns().len(), "columns: {context}");
    for (x, y) in a.columns().iter().zip(b.columns()) {
        let what = format!("column {}: {context}", x.name);
        assert_eq!((&x.name, x.official, x.invalid), (&y.name, y.official, y.invalid), "{what}");
        assert_eq!(x.data.kind(), y.data.kind(), "{what}");
        if let (ColumnData::Category { codes, dict }, ColumnData::Category { codes: c2, dict: d2 }) =
            (&x.data, &y.data)
        {
            assert_eq!(dict.values(), d2.values(), "{what}");
            assert_eq!(codes, c2, "{what}");
            assert_eq!(dict.invalid_utf8(), d2.invalid_utf8(), "{what}");
        }
        for row in 0..a.rows() {
            assert_eq!(x.data.format(row), y.data.format(row), "row {row} of {what}");
        }
    }
    // Memory depends on how the columns grew, not on what they hold.
    let card = |d: &Dataset| DatasetCard { memory_bytes: 0, ..DatasetCard::new(d, "f", 1, 1.0) };
    assert_eq!(card(a), card(b), "card: {context}");
}
