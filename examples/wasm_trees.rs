//! The tree models' and logistic regression's training compiled to WebAssembly, to time it
//! under Node (the V8 engine of Chromium's workers) against the same code natively
//! (`trees_bench`), without the page, the workers or their messages: it isolates the cost of
//! wasm itself.
//!
//! ```text
//! cargo build --release --example wasm_trees --target wasm32-unknown-unknown
//! node bench/wasm_trees.mjs FILE [--rounds 10] [--trees 10] [--iters 100]
//! ```
//!
//! The module exports `alloc`, `prepare` (parse the export and build the features of
//! `common/crime_features.rs` with `trees_bench`'s time split), `fit` (GBDT, the forest or
//! logistic regression, one thread) and `score` (macro-F1 on the test rows, to check that the
//! model is the native one). Natively this example is empty.

#![cfg(target_arch = "wasm32")]

#[path = "common/crime_features.rs"]
mod crime_features;

use std::cell::RefCell;

use crimelab::core::frame::FeatureFrame;
use crimelab::core::models::forest::ForestParams;
use crimelab::core::models::gbdt::GbdtParams;
use crimelab::core::models::{quiet, Learner, Model, TrainData};

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
