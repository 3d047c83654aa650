//! The core's layers (ARCHITECTURE.md): a module of `src/core` may use only modules of lower
//! layers, so the core has no dependency cycles; and the core never names the browser or the
//! command line. Read from the source files' `crate::core::…` paths (comments aside).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Every top-level module of `src/core` with its layer, lowest first. A module may use only
/// modules of a strictly lower layer. Keep in step with ARCHITECTURE.md.
const LAYERS: &[(&str, u8)] = &[
    // Foundations: no other core module.
    ("math", 0),
    ("geo", 0),
    ("frame", 0),
    ("eta", 0),
    ("parallel", 0),
    ("format", 0),
    // The error type (its messages use format).
    ("error", 1),
    // Building blocks.
    ("rng", 2),
    ("listed", 2),
    ("strict", 2),
    ("safe_csv", 2),
    ("data", 2),
    ("metrics", 2),
    // Exploring the data; the learners.
    ("eda", 3),
    ("models", 3),
    // The training matrix; a forest's trees shared over trainer workers.
    ("features", 4),
    ("train_shares", 4),
    // Hyper-parameter search; the matrix as ndarray.
    ("search", 5),
    ("frame_ndarray", 5),
    // A run's evaluation, run card and model file.
    ("eval", 6),
    // Runs: training, explaining, single predictions.
    ("experiment", 7),
    ("explain", 7),
    ("whatif", 7),
    // What uses runs: applying a saved model, the form's choices, the charts.
    ("apply", 8),
    ("choices", 8),
    ("charts", 8),
    // The HTML report; a view as a shareable link.
    ("report", 9),
    ("share", 9),
    // The workers' messages, and the sessions that answer them.
    ("protocol", 10),
    ("session", 11),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

fn core_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level core module a file belongs to (`eval` for `src/core/eval/report.rs`).
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(core_dir()).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_str().unwrap();
    first.trim_end_matches(".rs").to_owned()
}

/// A line without its comment (`//`, `///`, `//!`); string contents are kept (no core path
/// hides in one).
fn code(line: &str) -> &str {
    line.find("//").map_or(line, |i| &line[..i])
}

/// The core modules a line of code names: `crate::core::x…` and `crate::core::{x, y::z}`.
fn named_modules(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::core::") {
        rest = &rest[i + "crate::core::".len()..];
        let group = if let Some(inner) = rest.strip_prefix('{') {
            &inner[..inner.find('}').unwrap_or(inner.len())]
        } else {
            rest
        };
        // The first path segment of each item of a group, or of the one path.
        for item in group.split(',') {
            let name: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
            if !rest.starts_with('{') {
                break;
            }
        }
    }
    out
}

/// (module, used module) → the first `file:line` where it is used.
fn core_uses() -> BTreeMap<(String, String), String> {
    let mut files = Vec::new();
    rust_files(&core_dir(), &mut files);
    files.sort();
    let mut uses = BTreeMap::new();
    for file in files {
        let module = module_of(&file);
        if module == "mod" {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for used in named_modules(code(line)) {
                if used != module && core_module_exists(&used) {
                    let place = format!("{}:{}", file.strip_prefix(core_dir()).unwrap().display(), n + 1);
                    uses.entry((module.clone(), used)).or_insert(place);
                }
            }
        }
    }
    uses
}

fn core_module_exists(name: &str) -> bool {
    core_dir().join(format!("{name}.rs")).exists() || core_dir().join(name).is_dir()
}

#[test]
fn every_core_module_has_a_layer() {
    let mut files = Vec::new();
    rust_files(&core_dir(), &mut files);
    let mut missing: Vec<String> =
        files.iter().map(|f| module_of(f)).filter(|m| m != "mod" && layer(m).is_none()).collect();
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "core modules without a layer: {missing:?}; add each to LAYERS in tests/architecture.rs and to \
         ARCHITECTURE.md, below every module that uses it"
    );
}

#[test]
fn core_modules_use_only_lower_layers() {
    let uses = core_uses();
    assert!(uses.len() > 40, "the scan found only {} module uses: is the parser broken?", uses.len());
    let wrong: Vec<String> = uses
        .iter()
        .filter(|((from, to), _)| match (layer(from), layer(to)) {
            (Some(a), Some(b)) => b >= a,
            _ => false,
        })
        .map(|((from, to), at)| {
            format!(
                "{from} (layer {}) uses {to} (layer {}) at {at}",
                layer(from).unwrap(),
                layer(to).unwrap()
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "core modules using a module of their own or a higher layer (move the shared type down a layer):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn known_uses_are_seen() {
    // The scanner itself: a plain path, a group, and a nested file are all found.
    let uses = core_uses();
    for (from, to) in [("eval", "metrics"), ("experiment", "eval"), ("charts", "eval"), ("search", "metrics")]
    {
        assert!(uses.contains_key(&(from.to_owned(), to.to_owned())), "{from} → {to} not found");
    }
    assert_eq!(named_modules("use crate::core::{data::Dataset, error::Result};"), ["data", "error"]);
    assert_eq!(
        named_modules("x: crate::core::eval::RunCard, y: crate::core::models::Kind"),
        ["eval", "models"]
    );
    assert_eq!(code("let a = 1; // crate::core::eval"), "let a = 1; ");
}

#[test]
fn the_core_names_neither_the_browser_nor_the_command_line() {
    let mut files = Vec::new();
    rust_files(&core_dir(), &mut files);
    let banned = ["leptos", "web_sys", "wasm_bindgen", "js_sys", "crate::web", "crate::cli"];
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let line = code(line);
            for word in banned {
                if line.contains(word) {
                    found.push(format!("{}:{}: {word}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "the core must stay free of browser and CLI code:\n{}", found.join("\n"));
}
