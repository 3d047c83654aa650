//! Hostile model files: exported models of every kind, edited by hand (the cases named in the
//! issue) and by seeded mutation of their JSON (numbers made huge, negative, zero or not numbers,
//! arrays cut or grown, indices pointed back, keys dropped or added). Each case either loads and
//! then predicts (or fails with an error) without panicking, or is refused with an
//! `InvalidModel` error that names the part of the file.
//!
//! A case that never ends would hang the test: the case being run is written to
//! `target/test/hostile-model-case.txt` first, so a hang can be traced to its mutation.

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::{json, Value};

use crimelab::core::apply::apply_rows;
use crimelab::core::eval::{permutation_importance, ExportedModel, ImportanceOptions, MAX_MODEL_FILE_BYTES};
use crimelab::core::experiment::RunOutput;
use crimelab::core::models::AnyModel;
use crimelab::core::rng::Rng;
use crimelab::core::ErrorKind;

use crate::support::{quick_dataset, quick_runs};

/// Mutations per exported model.
const MUTATIONS: usize = 120;

fn run_of(label_start: &str) -> &'static RunOutput {
    &quick_runs().iter().find(|(l, _)| l.starts_with(label_start)).unwrap().1
}

fn export_value(output: &RunOutput) -> Value {
    serde_json::from_str(&output.export().to_json().unwrap()).unwrap()
}

/// The error of loading `v`, which must be refused as an invalid model.
fn refused(v: &Value) -> String {
    let err = ExportedModel::from_json(&v.to_string()).expect_err("an unsafe model must be refused");
    assert!(matches!(err.kind(), ErrorKind::InvalidModel { .. }), "{err}");
    err.to_string()
}

#[test]
fn a_tree_node_pointing_back_up_is_refused() {
    for id in ["random-forest", "tree", "gbdt"] {
        let original = export_value(run_of(id));
        fn tree_of<'a>(v: &'a mut Value, id: &str) -> &'a mut Value {
            let fitted = &mut v["model"]["fitted"];
            if id == "tree" {
                &mut fitted["tree"]
            } else {
                &mut fitted["trees"][0]
            }
        }
        // The root's right child pointed at the root itself.
        let mut itself = original.clone();
        tree_of(&mut itself, id)["nodes"][0]["right"] = 0.into();
        let err = refused(&itself);
        assert!(
            err.contains("tree") && err.contains("node 0: child 0 points back up the tree"),
            "{id}: {err}"
        );
        // A deeper node pointed at the root.
        let mut deeper = original.clone();
        let nodes = tree_of(&mut deeper, id)["nodes"].as_array_mut().unwrap();
        assert!(nodes.len() > 2, "{id}: the quick tree has splits");
        let child =
            [&nodes[0]["left"], &nodes[0]["right"]].iter().filter_map(|c| c.as_i64()).find(|&c| c > 0);
        let child = child.expect("the root has an internal child") as usize;
        nodes[child]["left"] = 0.into();
        let err = refused(&deeper);
        assert!(err.contains(&format!("node {child}: child 0 points back up the tree")), "{id}: {err}");
    }
}

#[test]
fn the_edits_named_in_the_issue_are_refused_with_the_part_named() {
    // A feature index of 4e9.
    let mut v = export_value(run_of("gbdt on crime"));
    v["model"]["fitted"]["trees"][1]["nodes"][0]["feature"] = 4_000_000_000u64.into();
    let err = refused(&v);
    assert!(err.contains("tree 1, node 0: feature 4000000000 does not exist"), "{err}");
    // n_out 0.
    let mut v = export_value(run_of("gbdt on crime"));
    v["model"]["fitted"]["n_out"] = 0.into();
    assert!(refused(&v).contains("n_out is 0"));
    // A bin count of 60000.
    let mut v = export_value(run_of("gbdt on crime"));
    let mappers = v["model"]["fitted"]["binning"]["mappers"].as_array_mut().unwrap();
    let cat = mappers.iter_mut().position(|m| m.get("categorical").is_some()).expect("a categorical feature");
    mappers[cat]["categorical"]["value_bins"] = 60_000.into();
    let err = refused(&v);
    assert!(err.contains(&format!("binning of feature {cat}, 60000 value bins")), "{err}");
    // A layer of 2^40 units.
    let mut v = export_value(run_of("mlp"));
    v["model"]["fitted"]["layers"][0]["n_out"] = (1u64 << 40).into();
    let err = refused(&v);
    assert!(err.contains("model (mlp)") && err.contains("layer 0"), "{err}");
    // Weights that do not match the declared width.
    let mut v = export_value(run_of("logreg on crime"));
    v["model"]["fitted"]["weights"].as_array_mut().unwrap().pop();
    assert!(refused(&v).contains("weights has"));
    // A pipeline whose output is not what the model reads.
    let mut v = export_value(run_of("knn"));
    let columns = v["pipeline"]["columns"].as_array_mut().unwrap();
    let cat = columns.iter().position(|c| c["encoding"]["encoding"] == "one_hot").expect("a one-hot column");
    columns[cat]["levels"].as_array_mut().unwrap().push("surplus".into());
    let err = refused(&v);
    assert!(
        err.contains("the model reads a categorical column of") && err.contains("the pipeline gives"),
        "{err}"
    );
    // Unknown keys anywhere in the fitted parts.
    let mut v = export_value(run_of("naive-bayes"));
    v["pipeline"]["columns"][0]["surprise"] = 1.into();
    assert!(refused(&v).contains("unknown field `surprise`"));
}

#[test]
fn model_files_over_the_cap_are_refused_before_reading() {
    let err = ExportedModel::check_size(MAX_MODEL_FILE_BYTES + 1).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Limit { .. }), "{err}");
    assert!(err.to_string().contains("256.0 MB"), "{err}");
    ExportedModel::check_size(MAX_MODEL_FILE_BYTES).unwrap();
}

/// A location in a JSON document.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

fn locations(v: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(path.clone());
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                locations(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                path.push(Seg::Key(k.clone()));
                locations(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Index(i) => &mut v[*i],
    })
}

/// Replacement numbers: sizes and indices at and around every limit, signs, zero.
fn hostile_number(rng: &mut Rng, current: &Value, others: &[Value]) -> Value {
    let current = current.as_f64().unwrap_or(0.0);
    match rng.below(16) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(1),
        3 => json!(255),
        4 => json!(256),
        5 => json!(65_535),
        6 => json!(65_536),
        7 => json!(4_000_000_000u64),
        8 => json!(1u64 << 40),
        9 => json!(u64::MAX),
        10 => json!(-2_147_483_648i64),
        11 => json!(1e30),
        12 => json!(1e300),
        13 => Value::Null,
        14 => json!(current + if rng.below(2) == 0 { 1.0 } else { -1.0 }),
        _ => others[rng.below(others.len() as u64) as usize].clone(),
    }
}

/// Every location of the card, the pipeline and the model of a file, and some of its numbers.
struct Spots {
    parts: [Vec<Vec<Seg>>; 3],
    numbers: Vec<Value>,
}

impl Spots {
    fn of(v: &Value) -> Spots {
        let parts = ["card", "pipeline", "model"].map(|part| {
            let mut spots = Vec::new();
            locations(&v[part], &mut vec![Seg::Key(part.into())], &mut spots);
            spots
        });
        let mut copy = v.clone();
        let mut numbers: Vec<Value> = parts[1]
            .iter()
            .chain(&parts[2])
            .step_by(7)
            .take(4096)
            .map(|p| at(&mut copy, p).clone())
            .collect();
        numbers.retain(Value::is_number);
        numbers.push(json!(0));
        Spots { parts, numbers }
    }
}

/// Applies one seeded mutation at one of `spots` of `v`; returns what it did.
fn mutate(v: &mut Value, spots: &Spots, rng: &mut Rng) -> String {
    // Most mutations go to the model and the pipeline, which prediction runs; a few to the card.
    let part = &spots.parts[match rng.below(20) {
        0 => 0,
        1..=4 => 1,
        _ => 2,
    }];
    let path = part[rng.below(part.len() as u64) as usize].clone();
    let target = at(v, &path);
    let what = match target {
        Value::Number(_) => {
            let new = hostile_number(rng, target, &spots.numbers);
            let what = format!("number {target} → {new}");
            *target = new;
            what
        }
        Value::Array(items) => match rng.below(5) {
            0 if !items.is_empty() => {
                items.pop();
                "array: last item dropped".into()
            }
            1 => {
                items.clear();
                "array: emptied".into()
            }
            2 if !items.is_empty() => {
                let last = items[items.len() - 1].clone();
                items.push(last);
                "array: last item repeated".into()
            }
            3 if items.len() > 1 => {
                items.swap(0, 1);
                "array: first two items swapped".into()
            }
            _ => {
                items.push(json!(0));
                "array: 0 appended".into()
            }
        },
        Value::Object(map) if !map.is_empty() && rng.below(2) == 0 => {
            let key = map.keys().nth(rng.below(map.len() as u64) as usize).unwrap().clone();
            map.remove(&key);
            format!("object: key {key} dropped")
        }
        Value::Object(map) => {
            map.insert("extra".into(), json!(1));
            "object: key extra added".into()
        }
        Value::Bool(b) => {
            *b = !*b;
            "bool flipped".into()
        }
        Value::String(s) => {
            let what = format!("string {s:?} → \"\"");
            s.clear();
            what
        }
        Value::Null => {
            *target = json!(0);
            "null → 0".into()
        }
    };
    let path: Vec<String> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => k.clone(),
            Seg::Index(i) => i.to_string(),
        })
        .collect();
    format!("{}: {what}", path.join("."))
}

/// Loads a mutated file; when it loads, applies it to `rows` and, for boosted trees (whose
/// importance re-walks the trees from the shuffled column's splits), computes a quick
/// permutation importance. Errors are fine; panics are not.
/// Returns whether the file loaded.
fn exercise(text: &str, rows: &[u32]) -> Result<bool, String> {
    let exported = match ExportedModel::from_json(text) {
        Ok(m) => m,
        Err(e) => {
            let format =
                e.to_string().contains("format version") || e.to_string().contains("not a Crime Lab");
            return match e.kind() {
                ErrorKind::InvalidModel { .. } => Ok(false),
                _ if format => Ok(false),
                _ => Err(format!("refused without InvalidModel: {e}")),
            };
        }
    };
    let ds = quick_dataset();
    if let Ok(applied) = apply_rows(&exported, ds, rows) {
        assert_eq!(applied.predictions.len(), rows.len());
    }
    if !matches!(exported.model, AnyModel::Gbdt(_)) {
        return Ok(true);
    }
    if let Ok(mut x) = exported.pipeline.transform(ds, rows) {
        let y: Vec<u32> = (0..x.rows as u32).map(|r| r % exported.pipeline.classes.len() as u32).collect();
        let options = ImportanceOptions { repeats: 1, max_rows: Some(30), ..Default::default() };
        let _ = permutation_importance(&exported.model, &mut x, &y, &options, &mut |_| true);
    }
    Ok(true)
}

#[test]
fn seeded_mutations_of_every_model_kind_load_safely_or_are_refused() {
    let case_file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test/hostile-model-case.txt");
    std::fs::create_dir_all(case_file.parent().unwrap()).unwrap();
    let mut loaded = 0;
    let mut total = 0;
    for (m, (label, output)) in quick_runs().iter().enumerate() {
        let original = export_value(output);
        let spots = Spots::of(&original);
        let rows: Vec<u32> = output.prepared.test_rows.iter().copied().take(60).collect();
        let mut rng = Rng::new(0x5eed_0000 + m as u64);
        for case in 0..MUTATIONS {
            let mut v = original.clone();
            let mut what = mutate(&mut v, &spots, &mut rng);
            if rng.below(4) == 0 {
                // A second edit where the first left the document (at a fresh location list).
                what = format!("{what}; {}", {
                    let again = Spots::of(&v);
                    mutate(&mut v, &again, &mut rng)
                });
            }
            let name = format!("{label}, case {case}: {what}");
            std::fs::write(&case_file, &name).unwrap();
            let text = v.to_string();
            let outcome = catch_unwind(AssertUnwindSafe(|| exercise(&text, &rows)));
            match outcome {
                Ok(Ok(ok)) => loaded += ok as usize,
                Ok(Err(why)) => panic!("{name}: {why}"),
                Err(_) => panic!("{name}: panicked"),
            }
            total += 1;
        }
    }
    std::fs::remove_file(&case_file).ok();
    eprintln!("{total} mutated model files: {loaded} loaded, {} refused", total - loaded);
    assert!(loaded > 0 && loaded < total, "mutations both refused and harmless");
}
