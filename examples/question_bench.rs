//! GBDT on the app's own feature pipeline, for comparing with scikit-learn on the same rows:
//!
//! ```text
//! cargo run --release --example question_bench -- FILE --config '{"target": "part-1-2", …}'
//!     [--out DIR] [--gbdt '{"n_rounds": 100}']
//! ```
//!
//! Prepares the matrix exactly as `crimelab train` does (the `FeatureConfig` JSON given, time
//! split by default) and trains GBDT three ways: early stopping on the validation rows, then
//! refitted on training + validation rows with the round count it chose (`refit`, the
//! default); early stopping alone (`early-stopping`); every round on training + validation
//! rows (`all-rounds`, as scikit-learn's "matched" run trains). One JSON line per fit
//! (seconds, rounds, macro-F1 and accuracy on the test rows). With `--out
//! DIR` it writes the matrix for `bench/question_vs_sklearn.py`: `meta.json` (row counts of the
//! training, validation and test parts, classes, column names, which are categorical), `X.f32`
//! (column-major, categorical codes as numbers, NaN for missing) and `y.u32`, rows in
//! training, validation, test order.

use std::io::Write;

use crimelab::core::eval::Evaluation;
use crimelab::core::features::{prepare, FeatureConfig};
use crimelab::core::frame::{FeatureFrame, FeatureValues, MISSING_LEVEL};
use crimelab::core::models::gbdt::GbdtParams;
use crimelab::core::models::{quiet, Learner, Model, TrainData};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.first().ok_or("usage: question_bench FILE --config JSON [--out DIR] [--gbdt JSON]")?;
    let opt = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned());
    let config: FeatureConfig = serde_json::from_str(&opt("--config").unwrap_or_else(|| "{}".into()))?;
    let gbdt: GbdtParams = serde_json::from_str(&opt("--gbdt").unwrap_or_else(|| "{}".into()))?;
    let ds = crimelab::core::data::load_path(file.as_ref(), 2)?.dataset;
    let p = prepare(&ds, &config)?;
    eprintln!(
        "{}: {} training, {} validation, {} test rows × {} features, {} classes",
        p.summary.question_label,
        p.train.rows,
        p.valid.rows,
        p.test.rows,
        p.train.n_features(),
        p.classes.len()
    );
    if let Some(dir) = opt("--out") {
        write_matrix(&dir, &p.train.clone().append_rows(&p.valid).append_rows(&p.test), &p)?;
    }
    // Early stopping then the refit (the default), early stopping alone, and every round on
    // training + validation rows without early stopping (as scikit-learn "matched" trains).
    let all_x = p.train.clone().append_rows(&p.valid);
    let all_y: Vec<u32> = p.y_train.iter().chain(&p.y_valid).copied().collect();
    let all = TrainData { x: &all_x, y: &all_y, weights: None, valid: None, ..p.train_data(42) };
    let fits = [
        (
            "refit",
            GbdtParams { refit_max_rows: gbdt.refit_max_rows.max(1), ..gbdt.clone() },
            p.train_data(42),
        ),
        ("early-stopping", GbdtParams { refit_max_rows: 0, ..gbdt.clone() }, p.train_data(42)),
        ("all-rounds", GbdtParams { early_stopping_rounds: 0, ..gbdt.clone() }, all),
    ];
    for (fit, params, data) in fits {
        let started = std::time::Instant::now();
        let model = params.fit(&data, &mut quiet())?;
        let fit_s = started.elapsed().as_secs_f64();
        let e = Evaluation::compute(&p.y_test, &model.predict_proba(&p.test)?, &p.classes)?;
        println!(
            "{}",
            serde_json::json!({
                "question": p.summary.question, "model": "gbdt", "fit": fit, "rounds": model.rounds,
                "fit_s": fit_s, "macro_f1": e.macro_f1, "accuracy": e.accuracy,
                "train_rows": p.train.rows, "valid_rows": p.valid.rows, "test_rows": p.test.rows,
            })
        );
    }
    Ok(())
}

fn write_matrix(dir: &str, x: &FeatureFrame, p: &crimelab::core::features::Prepared) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(format!("{dir}/X.f32"))?);
    let (mut names, mut categorical) = (Vec::new(), Vec::new());
    for col in &x.columns {
        names.push(col.name.clone());
        match &col.values {
            FeatureValues::Numeric(v) => {
                categorical.push(false);
                v.iter().try_for_each(|value| out.write_all(&value.to_le_bytes()))?;
            }
            FeatureValues::Categorical { codes, .. } => {
                categorical.push(true);
                for &c in codes {
                    let value = if c == MISSING_LEVEL { f32::NAN } else { c as f32 };
                    out.write_all(&value.to_le_bytes())?;
                }
            }
        }
    }
    out.flush()?;
    let y: Vec<u8> =
        p.y_train.iter().chain(&p.y_valid).chain(&p.y_test).flat_map(|c| c.to_le_bytes()).collect();
    std::fs::write(format!("{dir}/y.u32"), y)?;
    let meta = serde_json::json!({
        "rows": x.rows, "n_train": p.train.rows, "n_valid": p.valid.rows, "n_test": p.test.rows,
        "n_classes": p.classes.len(), "names": names, "categorical": categorical,
        "question": p.summary.question,
    });
    std::fs::write(format!("{dir}/meta.json"), meta.to_string())
}
