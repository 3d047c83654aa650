//! The tree models' and logistic regression's training compiled to WebAssembly, to time it
//! under Node (the V8 engine of Chromium's workers) against the same code natively
//! (`trees_bench`), without the page, the workers or their messages: it isolates the cost of
//! wasm itself.
//!
//! ```text
//! cargo build --release --example wasm_trees --target wasm32-unknown-unknown
//! node bench/wasm_trees.mjs FILE [--rounds 10] [--trees 10] [--iters 100]
//! node bench/wasm_trees.mjs FILE --split 2 [--rounds 10] [--valid]
//! ```
//!
//! The module exports `alloc`, `prepare` (parse the export and build the features of
//! `common/crime_features.rs` with `trees_bench`'s time split), `fit` (GBDT, the forest or
//! logistic regression, one thread) and `score` (macro-F1 on the test rows, to check that the
//! model is the native one). `split_new`, `split_step` and `split_gather` boost GBDT over
//! several `RoundWorker`s as the page's trainer workers do, one worker after the other on this
//! thread, so that the caller can time each worker's share of the rounds. Natively this example
//! is empty.

#![cfg(target_arch = "wasm32")]

#[path = "common/crime_features.rs"]
mod crime_features;

use std::cell::RefCell;

use crimelab::core::frame::FeatureFrame;
use crimelab::core::models::forest::ForestParams;
use crimelab::core::models::gbdt::rounds::{output_shares, Round, RoundCollector, RoundWorker, WorkerStep};
use crimelab::core::models::gbdt::GbdtParams;
use crimelab::core::models::{quiet, Learner, Model, TrainData, Valid};

struct State {
    xtr: FeatureFrame,
    xte: FeatureFrame,
    ytr: Vec<u32>,
    yte: Vec<u32>,
    k: usize,
    model: Option<Box<dyn Model>>,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
    static SPLIT: RefCell<Option<Split>> = const { RefCell::new(None) };
}

/// GBDT boosted over `RoundWorker`s as the page's trainer workers boost it, driven in turn on
/// this one thread so that the caller can time each worker's share (`split_*`).
struct Split {
    params: Valid<GbdtParams>,
    workers: Vec<Option<RoundWorker>>,
    steps: Vec<Option<WorkerStep>>,
    round: Option<Round<Vec<u8>>>,
    /// The test rows serve as the validation set (early stopping off: every round is run).
    valid: bool,
}

fn with_data<T>(f: impl FnOnce(&TrainData, &mut Split) -> T) -> T {
    STATE.with(|s| {
        let s = s.borrow();
        let s = s.as_ref().expect("prepare first");
        let valid = SPLIT.with(|sp| sp.borrow().as_ref().is_some_and(|sp| sp.valid));
        let data = TrainData {
            x: &s.xtr,
            y: &s.ytr,
            n_classes: s.k,
            weights: None,
            valid: valid.then_some((&s.xte, &s.yte[..])),
            seed: 42,
            prescaled: false,
            parallelism: Default::default(),
        };
        SPLIT.with(|sp| f(&data, sp.borrow_mut().as_mut().expect("split_new first")))
    })
}

/// Sets up GBDT of `n` rounds over `workers` round workers, with the test rows as validation
/// set when `valid` is not 0.
#[no_mangle]
pub extern "C" fn split_new(n: u32, workers: u32, valid: u32) {
    let params = GbdtParams { n_rounds: n as usize, early_stopping_rounds: 0, ..Default::default() };
    let params = params.check().expect("valid parameters");
    let workers = workers as usize;
    SPLIT.with(|sp| {
        *sp.borrow_mut() = Some(Split {
            params,
            workers: (0..workers).map(|_| None).collect(),
            steps: (0..workers).map(|_| None).collect(),
            round: None,
            valid: valid != 0,
        })
    });
}

/// Worker `i`'s next step: its first round, or the next one given the last whole round.
#[no_mangle]
pub extern "C" fn split_step(i: u32) {
    let i = i as usize;
    with_data(|data, sp| {
        let step = match &mut sp.workers[i] {
            None => {
                let shares = output_shares(data.n_classes, sp.workers.len());
                let (worker, step) = RoundWorker::start(&sp.params, data, shares[i].clone()).expect("starts");
                sp.workers[i] = Some(worker);
                step
            }
            Some(worker) => {
                let (round, leaves) = sp.round.as_ref().expect("split_gather first");
                let others: Vec<&[u8]> =
                    leaves.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, l)| l.as_slice()).collect();
                worker.next(data, round.clone(), &others, &mut quiet()).expect("next round")
            }
        };
        sp.steps[i] = Some(step);
    })
}

/// Gathers every worker's last step into a round; 1 when the fit is over (the model kept for
/// [`score`]), else 0.
#[no_mangle]
pub extern "C" fn split_gather() -> u32 {
    let model = with_data(|_, sp| {
        let mut collector = RoundCollector::new(sp.workers.len());
        let mut model = None;
        for (i, step) in sp.steps.iter_mut().enumerate() {
            match step.take().expect("split_step first") {
                WorkerStep::Round(trees, leaves) => {
                    if let Some(round) = collector.add(i, trees, leaves).expect("a worker's trees") {
                        sp.round = Some(round);
                    }
                }
                WorkerStep::Finished(m) => model = Some(m),
            }
        }
        model
    });
    let Some(model) = model else { return 0 };
    STATE.with(|s| s.borrow_mut().as_mut().expect("prepare first").model = Some(model as Box<dyn Model>));
    1
}

/// `len` bytes of memory for the caller to fill (never freed: the module lives for one run).
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut v = vec![0u8; len];
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Parses the export at `ptr..ptr + len` and builds the features; returns the training rows.
///
/// # Safety
/// `ptr..ptr + len` must be memory from [`alloc`], filled by the caller.
#[no_mangle]
pub unsafe extern "C" fn prepare(ptr: *const u8, len: usize) -> u32 {
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    let loaded = crimelab::core::data::load_bytes(bytes, "export.csv").expect("a readable export");
    let built = crime_features::build(&loaded.dataset);
    // The time split of `trees_bench`: earliest 80% of days train.
    let mut order: Vec<u32> = (0..built.x.rows as u32).collect();
    order.sort_by_key(|&r| built.day[r as usize]);
    let n_train = built.x.rows * 8 / 10;
    let x = built.x.take(&order);
    let y: Vec<u32> = order.iter().map(|&r| built.labels.y[r as usize]).collect();
    let train_rows: Vec<u32> = (0..n_train as u32).collect();
    let test_rows: Vec<u32> = (n_train as u32..x.rows as u32).collect();
    let state = State {
        xtr: x.take(&train_rows),
        xte: x.take(&test_rows),
        ytr: y[..n_train].to_vec(),
        yte: y[n_train..].to_vec(),
        k: built.labels.n_classes(),
        model: None,
    };
    STATE.with(|s| *s.borrow_mut() = Some(state));
    n_train as u32
}

/// Fits GBDT (`model` 0, `n` rounds), the random forest (`model` 1, `n` trees) or logistic
/// regression (`model` 2, at most `n` iterations) with the defaults otherwise, seed 42, one
/// thread.
#[no_mangle]
pub extern "C" fn fit(model: u32, n: u32) {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let s = s.as_mut().expect("prepare first");
        let data = TrainData {
            x: &s.xtr,
            y: &s.ytr,
            n_classes: s.k,
            weights: None,
            valid: None,
            seed: 42,
            prescaled: false,
            parallelism: Default::default(),
        };
        let n = n as usize;
        s.model = Some(match model {
            0 => {
                let p = GbdtParams { n_rounds: n, early_stopping_rounds: 0, ..Default::default() };
                Box::new(p.fit(&data, &mut quiet()).expect("GBDT fits"))
            }
            2 => {
                let p = crimelab::core::models::logreg::LogregParams { max_iter: n, ..Default::default() };
                Box::new(p.fit(&data, &mut quiet()).expect("logistic regression fits"))
            }
            _ => {
                let p = ForestParams { n_trees: n, ..Default::default() };
                Box::new(p.fit(&data, &mut quiet()).expect("the forest fits"))
            }
        });
    });
}

/// Macro-F1 of the last fitted model on the test rows.
#[no_mangle]
pub extern "C" fn score() -> f64 {
    STATE.with(|s| {
        let s = s.borrow();
        let s = s.as_ref().expect("prepare first");
        let model = s.model.as_ref().expect("fit first");
        let proba = model.predict_proba(&s.xte).expect("the test frame has the training columns");
        let pred = crimelab::core::models::argmax_rows(&proba, s.k);
        crime_features::macro_f1(&pred, &s.yte, s.k)
    })
}
