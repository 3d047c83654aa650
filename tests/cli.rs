//! The `crimelab` command line: options and values are validated, settings the core refuses
//! are refused by name, and every example in the README, in `--help` and in the CLI's doc
//! comments runs on the sample.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{sample_path, TempDir};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const COMMANDS: [&str; 6] = ["load", "profile", "features", "train", "predict", "tune"];

fn crimelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crimelab")).args(args).output().expect("crimelab runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `args`, expects failure with nothing on stdout, and returns stderr.
fn refused(args: &[&str]) -> String {
    let out = crimelab(args);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert!(out.stdout.is_empty(), "{args:?} printed {}", String::from_utf8_lossy(&out.stdout));
    let message = stderr(&out);
    assert!(!message.trim().is_empty(), "{args:?}: no message");
    message
}

#[test]
fn a_misspelt_hyper_parameter_is_refused_naming_it_the_model_and_the_valid_names() {
    let message = refused(&["train", sample_path(), "--params", r#"{"rounds": 50}"#, "--json"]);
    for word in ["\"rounds\"", "gbdt", "n_rounds"] {
        assert!(message.contains(word), "{word} missing from: {message}");
    }
    let message = refused(&["train", sample_path(), "--model", "tree", "--params", r#"{"max_depth": -1}"#]);
    assert!(message.contains("tree: max_depth = -1 is not valid"), "{message}");
    let message = refused(&["train", sample_path(), "--model", "tree", "--params", r#"{"max_depth": 99}"#]);
    assert!(message.contains("max_depth = 99") && message.contains("64"), "{message}");
}

#[test]
fn misspelt_options_and_values_are_refused_with_the_near_name() {
    let message = refused(&["train", sample_path(), "--modle", "gbdt"]);
    assert!(message.contains("--modle") && message.contains("'--model'"), "{message}");
    let message = refused(&["train", sample_path(), "--model", "gdbt"]);
    assert!(message.contains("'gbdt'") && message.contains("random-forest"), "{message}");
    let message = refused(&["features", sample_path(), "--encoding", "one-hot"]);
    assert!(message.contains("one_hot"), "{message}");
    let message = refused(&["profile", sample_path(), "--form", "2021-01-01"]);
    assert!(message.contains("'--from'"), "{message}");
    // An option of another command is not accepted either.
    refused(&["load", sample_path(), "--model", "gbdt"]);
    refused(&["load", sample_path(), "--top", "5"]);
}

#[test]
fn values_out_of_range_are_refused_before_loading() {
    let cases: &[(&[&str], &str)] = &[
        (&["load", sample_path(), "--threads", "0"], "--threads"),
        (&["features", sample_path(), "--test-fraction", "1.5"], "--test-fraction"),
        (&["features", sample_path(), "--valid-fraction", "-0.1"], "--valid-fraction"),
        (
            &["features", sample_path(), "--test-fraction", "0.6", "--valid-fraction", "0.4"],
            "split.valid_fraction",
        ),
        (&["features", sample_path(), "--split-date", "2021-02-30"], "--split-date"),
        (&["features", sample_path(), "--split", "random", "--split-date", "2021-01-01"], "split_date"),
        (&["features", sample_path(), "--keep-top-k", "0"], "--keep-top-k"),
        (&["features", sample_path(), "--features", "hour,weekdya"], "weekdya"),
        (&["features", sample_path(), "--class-weights", "yes"], "--class-weights"),
        (&["features", sample_path(), "--seed", "-3"], "--seed"),
        (&["profile", sample_path(), "--divisions", "22"], "--divisions"),
        (&["profile", sample_path(), "--top", "0"], "--top"),
        (&["profile", sample_path(), "--from", "2021-03-01", "--to", "2021-01-01"], "empty"),
        (&["train", sample_path(), "--importance-rows", "50"], "--importance-repeats"),
        (&["train", sample_path(), "--params", "{n_rounds: 5}"], "valid JSON"),
        (&["train", sample_path(), "--params", "[10]"], "a list"),
        (&["train", sample_path(), "--params", "no-such-file.json"], "no-such-file.json"),
    ];
    for (args, word) in cases {
        let message = refused(args);
        assert!(message.contains(word), "{args:?}: {word} missing from: {message}");
    }
}

#[test]
fn a_config_file_is_read_strictly_and_options_override_it() {
    let dir = temp_dir("config");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"leakage": {"treshold": 0.5}}"#).unwrap();
    let message = refused(&["features", sample_path(), "--config", bad.to_str().unwrap()]);
    assert!(message.contains("\"leakage.treshold\"") && message.contains("threshold"), "{message}");
    let good = dir.join("good.json");
    std::fs::write(
        &good,
        r#"{"target": "arrest", "split": {"kind": "random", "test_fraction": 0.3, "valid_fraction": 0}}"#,
    )
    .unwrap();
    let out = crimelab(&[
        "features",
        sample_path(),
        "--config",
        good.to_str().unwrap(),
        "--test-fraction",
        "0.25",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["target"], "arrest");
    assert_eq!(summary["split_kind"], "random");
    assert_eq!(summary["valid_rows"], 0);
    let rows = summary["train_rows"].as_f64().unwrap() + summary["test_rows"].as_f64().unwrap();
    assert!((summary["test_rows"].as_f64().unwrap() / rows - 0.25).abs() < 0.01, "{summary}");
}

#[test]
fn threads_is_accepted_by_every_command_and_changes_no_result() {
    let summary = |threads: &str| {
        let out = crimelab(&["features", sample_path(), "--threads", threads, "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("prepare_ms");
        v
    };
    assert_eq!(summary("1"), summary("3"));
    for command in COMMANDS {
        let out = crimelab(&[command, "--threads", "2", "--help"]);
        assert!(out.status.success(), "{command}: {}", stderr(&out));
    }
}

#[test]
fn every_command_has_help_with_options_defaults_and_values() {
    for command in COMMANDS {
        let out = crimelab(&[command, "--help"]);
        assert!(out.status.success());
        let help = String::from_utf8(out.stdout).unwrap();
        for word in ["Usage: crimelab", "<FILE>", "--json", "--threads", "Examples:"] {
            assert!(help.contains(word), "{command} --help lacks {word}");
        }
    }
    let help = String::from_utf8(crimelab(&["train", "--help"]).stdout).unwrap();
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for word in
        ["[default: gbdt]", "random-forest", "naive-bayes", "min_max", "[default: one_hot]", "[default: 42]"]
    {
        assert!(help.contains(word), "train --help lacks {word}");
    }
}

// ---- Every example runs ------------------------------------------------------------------

fn temp_dir(name: &str) -> TempDir {
    TempDir::new(&format!("cli-{name}"))
}

/// Runs one example line (`crimelab …` with shell quoting) in `dir`, on the bundled sample.
fn run_example(line: &str, dir: &Path) {
    let exe = env!("CARGO_BIN_EXE_crimelab");
    let command = line.trim().replacen("crimelab", exe, 1).replace("static/data/sample.csv", sample_path());
    let out = Command::new("sh").arg("-c").arg(&command).current_dir(dir).output().unwrap();
    assert!(out.status.success(), "example failed: {line}\n{}", stderr(&out));
    if line.contains("--json") {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{line}: stdout is not one JSON object ({e})"));
        assert!(v.is_object(), "{line}");
    }
}

/// The `crimelab …` lines of the "Examples:" sections of `--help` texts.
fn help_examples() -> Vec<String> {
    let mut helps = vec![vec!["--help"]];
    helps.extend(COMMANDS.iter().map(|c| vec![*c, "--help"]));
    let mut lines = Vec::new();
    for args in helps {
        let help = String::from_utf8(crimelab(&args).stdout).unwrap();
        let examples = help.split("Examples:\n").nth(1).unwrap_or_else(|| panic!("{args:?}: no examples"));
        for line in examples.lines().take_while(|l| !l.trim().is_empty()) {
            assert!(line.starts_with("  crimelab "), "{args:?}: a wrapped or odd example line: {line}");
            lines.push(line.trim().to_owned());
        }
    }
    lines
}

/// The `crimelab …` lines of fenced `sh` blocks in a Markdown text or in `//!` doc comments.
fn fenced_examples(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim_start().trim_start_matches("//!").trim_start_matches("///").trim();
        if line.starts_with("```") {
            inside = !inside && line == "```sh";
            continue;
        }
        if inside && line.starts_with("crimelab ") {
            lines.push(line.to_owned());
        }
    }
    lines
}

#[test]
fn every_help_example_runs() {
    let examples = help_examples();
    assert!(examples.len() >= 12, "{examples:?}");
    let dir = temp_dir("help");
    for line in &examples {
        run_example(line, &dir);
    }
    assert!(dir.join("predictions.csv").exists());
}

#[test]
fn every_doc_comment_example_of_the_command_line_runs() {
    let dir = temp_dir("docs");
    let mut count = 0;
    for entry in std::fs::read_dir(Path::new(ROOT).join("src/cli")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in fenced_examples(&text) {
            run_example(&line, &dir);
            count += 1;
        }
    }
    assert!(count >= 8, "{count} examples");
}

#[test]
fn every_readme_example_runs_and_names_real_options() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let examples = fenced_examples(&readme);
    assert!(examples.len() >= 4, "{examples:?}");
    let dir = temp_dir("readme");
    for line in &examples {
        run_example(line, &dir);
    }
}

/// The `--options` that `text` names right after `crimelab <command>` (up to the end of the
/// code span or line).
fn named_options<'a>(text: &'a str, command: &str) -> Vec<&'a str> {
    let needle = format!("crimelab {command} ");
    let mut options = Vec::new();
    for line in text.lines() {
        for (at, _) in line.match_indices(&needle) {
            let snippet = line[at..].split('`').next().unwrap();
            for word in snippet.split_whitespace().filter(|w| w.starts_with("--")) {
                options.push(word.trim_end_matches(|c: char| !c.is_alphanumeric()));
            }
        }
    }
    options
}

#[test]
fn every_option_the_docs_name_exists() {
    let mut files = vec![Path::new(ROOT).join("README.md")];
    for dir in ["docs", "src/cli", "src/core", "src/core/eval", "src/core/features", "bench", "tests/e2e"] {
        for entry in std::fs::read_dir(Path::new(ROOT).join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    let helps: Vec<(&str, String)> =
        COMMANDS.iter().map(|c| (*c, String::from_utf8(crimelab(&[c, "--help"]).stdout).unwrap())).collect();
    let mut checked = 0;
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for (command, help) in &helps {
            for option in named_options(&text, command) {
                let known = help.contains(&format!("{option} ")) || help.contains(&format!("{option}\n"));
                assert!(known, "{}: crimelab {command} has no option {option}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "{checked} options checked");
}

// ---- Several files ---------------------------------------------------------------------

/// The sample's header and its data lines `from..to`, written to `dir/name`.
fn sample_slice(dir: &Path, name: &str, from: usize, to: usize) -> String {
    let path = dir.join(name);
    std::fs::write(&path, crate::support::sample_slice(from, to)).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn several_files_are_read_as_one_dataset_each_incident_once() {
    let dir = temp_dir("several");
    let a = sample_slice(&dir, "a.csv", 0, 8_000);
    let b = sample_slice(&dir, "b.csv", 6_000, 12_954);
    let out = crimelab(&["load", &a, &b, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["rows"], 12_954);
    let sources: Vec<(String, u64, u64)> = card["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["file_name"].as_str().unwrap().to_owned(),
                s["rows"].as_u64().unwrap(),
                s["duplicates"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(sources, [("a.csv".to_owned(), 8_000, 0), ("b.csv".to_owned(), 4_954, 2_000)]);
    // Training and the profile run on the union: the same figures as on the sample itself.
    for command in [&["profile"][..], &["train", "--model", "naive-bayes"]] {
        let union = crimelab(&[command, &[a.as_str(), b.as_str(), "--json"]].concat());
        let whole = crimelab(&[command, &[sample_path(), "--json"]].concat());
        assert!(union.status.success(), "{command:?}: {}", stderr(&union));
        let figures = |o: &Output| {
            let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            if let Some(dashboard) = v["dashboard"].as_object_mut() {
                dashboard.remove("compute_ms");
            }
            let keys = ["rows", "dashboard", "accuracy", "macro_f1", "test_rows"];
            keys.map(|k| v[k].clone())
        };
        assert!(figures(&union) == figures(&whole), "{command:?}: the union differs from the sample");
    }
    // A file with other columns is refused, naming it.
    let other = dir.join("other.csv");
    std::fs::write(
        &other,
        "DR_NO,DATE OCC,TIME OCC,AREA ,Crm Cd,LAT,LON\n1,10/15/2020 12:00:00 AM,2000,8,624,34.07,-118.46\n",
    )
    .unwrap();
    let message = refused(&["load", &a, other.to_str().unwrap(), "--json"]);
    assert!(message.contains("other.csv") && message.contains("Date Rptd"), "{message}");
}
