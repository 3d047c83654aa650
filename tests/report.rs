//! Permutation importance from an exported model, the result charts and the one-file HTML
//! report, on the real extract with two trained models.
//! The charts go to `target/test/svg/result-*.svg` and the report to `target/test/report.html`.

use std::sync::OnceLock;

use crimelab::core::charts::results::{result_svg, ResultChart, ResultData};
use crimelab::core::eda::{dashboard, Filters, Options};
use crimelab::core::eval::{ExportedModel, ImportanceOptions, PermutationImportance};
use crimelab::core::experiment::{run, RunConfig, RunOutput};
use crimelab::core::models::{gbdt::GbdtParams, ModelKind, ModelParams};
use crimelab::core::report::{render_html, ReportInput, ReportRun};

use crate::support::sample;

fn out_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test");
    std::fs::create_dir_all(dir.join("svg")).unwrap();
    dir
}

/// GBDT (few rounds, to stay quick) and naive Bayes on the default crime-group task.
fn runs() -> &'static [RunOutput; 2] {
    static RUNS: OnceLock<[RunOutput; 2]> = OnceLock::new();
    RUNS.get_or_init(|| {
        let fit = |model: ModelParams| {
            let config = RunConfig { features: Default::default(), model, seed: 7, tuning: None };
            run(sample(), Some("sample.csv"), &config, &mut |_| true).unwrap()
        };
        let gbdt = ModelParams::Gbdt(GbdtParams { n_rounds: 25, ..Default::default() });
        [fit(gbdt), fit(ModelKind::NaiveBayes.default_params())]
    })
}

fn options() -> ImportanceOptions {
    ImportanceOptions { repeats: 3, per_class: true, max_rows: Some(1500), ..Default::default() }
}

/// Permutation importance of GBDT, computed from its exported JSON alone (and the data).
fn gbdt_importance() -> &'static PermutationImportance {
    static IMP: OnceLock<PermutationImportance> = OnceLock::new();
    IMP.get_or_init(|| {
        let json = runs()[0].export().to_json().unwrap();
        let exported = ExportedModel::from_json(&json).unwrap();
        let mut calls = 0;
        let imp = crimelab::core::explain::importance(sample(), &exported, &options(), &mut |p| {
            calls += 1;
            assert!(p.done <= p.total);
            true
        })
        .unwrap();
        assert_eq!(calls, imp.features.len() * 3);
        imp
    })
}

#[test]
fn importance_from_the_export_matches_the_in_memory_run() {
    let from_export = gbdt_importance();
    let output = &runs()[0];
    let mut prepared = output.prepared.clone();
    let exported = output.export();
    let direct =
        crimelab::core::explain::importance_on(&exported, &mut prepared, &options(), &mut |_| true).unwrap();
    assert_eq!(&direct, from_export, "the rebuilt matrix gives the same numbers");
    assert_eq!(from_export.rows, 1500);
    assert_eq!(from_export.features.len(), output.result.card.features.len());
    let classes = output.result.card.classes.len();
    assert!(from_export.features.iter().all(|f| f.per_class_recall.as_ref().map(Vec::len) == Some(classes)));
    assert!(from_export.features[0].mean > 0.01, "{:?}", from_export.features[0]);
    assert!(from_export.features.windows(2).all(|w| w[0].mean >= w[1].mean), "best first");

    // A card without feature settings (an older file) gets a clear message.
    let mut old = output.export();
    old.card.feature_config = None;
    let err = crimelab::core::explain::importance(sample(), &old, &options(), &mut |_| true).unwrap_err();
    assert!(err.to_string().contains("feature settings"), "{err}");
}

#[test]
fn every_result_chart_renders_with_its_title() {
    let result = &runs()[0].result;
    let classes = &result.evaluation.classes;
    let titles = [
        (ResultChart::Confusion, "Confusion matrix"),
        (ResultChart::Importance, "Feature importance (built-in)"),
        (ResultChart::PermutationImportance, "Permutation importance"),
        (ResultChart::Roc, "ROC curves"),
        (ResultChart::PrecisionRecall, "Precision–recall curves"),
        (ResultChart::Calibration, "Calibration"),
        (ResultChart::LearningCurve, "Learning curve"),
    ];
    assert_eq!(titles.len(), ResultChart::ALL.len());
    let data = ResultData { result, permutation: Some(gbdt_importance()), class: None };
    for (chart, title) in titles {
        assert!(data.has(chart), "{chart:?}");
        let svg = result_svg(chart, &data).unwrap();
        assert!(
            svg.contains(&format!(">{title}<"))
                || svg.contains(&format!(">\n{title}\n<"))
                || svg.contains(title),
            "{chart:?}"
        );
        std::fs::write(out_dir().join(format!("svg/result-{}.svg", chart.name())), &svg).unwrap();
    }
    // Every class of the confusion matrix is labelled, and the best permutation feature shown.
    let confusion = result_svg(ResultChart::Confusion, &data).unwrap();
    for (i, c) in classes.iter().enumerate() {
        let label = format!("{} · {}", i + 1, c);
        assert!(confusion.contains(&label[..label.len().min(20)]), "{label}");
    }
    let perm = result_svg(ResultChart::PermutationImportance, &data).unwrap();
    assert!(perm.contains(
        &gbdt_importance().features[0].feature[..12.min(gbdt_importance().features[0].feature.len())]
    ));
    // Per class: the chart names the class and ranks by its recall drop.
    let per_class = ResultData { class: Some(1), ..data };
    let svg = result_svg(ResultChart::PermutationImportance, &per_class).unwrap();
    assert!(svg.contains(&format!("Permutation importance for {}", classes[1])));
    std::fs::write(out_dir().join("svg/result-permutation-importance-class.svg"), &svg).unwrap();
    // Naive Bayes has no built-in importance and no loss curve.
    let nb = ResultData::of(&runs()[1].result);
    assert!(!nb.has(ResultChart::Importance) && !nb.has(ResultChart::PermutationImportance));
}

/// Counts of `<tag …>` openings and `</tag>` closings.
fn balance(html: &str, tag: &str) -> (usize, usize) {
    let open = html.matches(&format!("<{tag} ")).count() + html.matches(&format!("<{tag}>")).count();
    (open, html.matches(&format!("</{tag}>")).count())
}

#[test]
fn the_report_has_every_section_and_the_page_figures() {
    let ds = sample();
    let card = crimelab::core::data::DatasetCard::new(ds, "sample.csv", 3_300_000, 120.0);
    let dash = dashboard(ds, &Filters::default(), &Options::default()).unwrap();
    let [gbdt, nb] = runs();
    let input = ReportInput {
        created: "2025-01-02 03:04".into(),
        dataset: Some(card),
        dashboard: Some(dash),
        runs: vec![
            ReportRun { id: 1, result: gbdt.result.clone(), permutation: Some(gbdt_importance().clone()) },
            ReportRun { id: 2, result: nb.result.clone(), permutation: None },
        ],
    };
    let html = render_html(&input).unwrap();
    std::fs::write(out_dir().join("report.html"), &html).unwrap();

    assert!(html.starts_with("<!DOCTYPE html>"));
    for id in ["dataset", "exploration", "comparison", "run-1", "run-2"] {
        assert!(html.contains(&format!("<section id=\"{id}\"")), "section {id}");
    }
    assert!(html.contains("data-testid=\"dataset-rows\" data-value=\"12954\""));
    // The comparison lists every metric of the catalogue (the page's table reads it too).
    let comparison = html.split("<section id=\"comparison\"").nth(1).unwrap();
    for m in crimelab::core::eval::METRICS {
        assert!(comparison.contains(&format!("<th>{}</th>", m.label)), "{} in the comparison", m.label);
    }
    for (run, model) in [(gbdt, "gbdt"), (nb, "naive-bayes")] {
        let section = html.split(&format!("data-testid=\"result-{model}\"")).nth(1).unwrap();
        let accuracy = format!("data-testid=\"metric-accuracy\" data-value=\"{:.4}\"", run.result.accuracy);
        assert!(section.contains(&accuracy), "{model}: {accuracy}");
        assert!(section.contains(&format!("{:.4}", run.result.macro_f1)));
        assert!(section.contains(&run.result.card.dataset.fingerprint));
        for class in &run.result.evaluation.classes {
            assert!(section.contains(&crimelab::core::report::escape(class)), "{class}");
        }
    }
    // Charts: 6 of the dashboard, 7 for GBDT (with permutation), 4 for naive Bayes.
    assert_eq!(html.matches("<svg ").count(), 6 + 7 + 4);
    assert!(html.contains("Permutation importance"));
    assert!(html.contains("&quot;n_rounds&quot;: 25"), "hyper-parameters");
    // Well-formed enough: balanced elements, nothing fetched from elsewhere.
    for tag in [
        "html", "head", "body", "main", "section", "table", "thead", "tbody", "tr", "ul", "li", "svg",
        "figure", "div", "details", "pre", "text",
    ] {
        let (open, close) = balance(&html, tag);
        assert_eq!(open, close, "<{tag}>: {open} opened, {close} closed");
    }
    for external in ["<script", "<link", "<img", " src=", "url(", "@import"] {
        assert!(!html.contains(external), "{external}");
    }
    // A strict policy in the head: no script may run, nothing may be fetched.
    let csp = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        crimelab::core::report::REPORT_CSP
    );
    let head = html.split("</head>").next().unwrap();
    assert!(head.contains(&csp), "CSP meta in the head");
    assert!(crimelab::core::report::REPORT_CSP.starts_with("default-src 'none';"));
    assert!(!crimelab::core::report::REPORT_CSP.contains("script"), "no script source is allowed");
    let urls = html.matches("http").count() - html.matches("http-equiv").count();
    assert_eq!(urls, html.matches("http://www.w3.org/2000/svg").count(), "only SVG namespaces");
}

/// Hides a model's column predictor, so every shuffled frame is predicted in full.
struct Full<'a>(&'a dyn crimelab::core::models::Model);
impl crimelab::core::models::Model for Full<'_> {
    fn n_classes(&self) -> usize {
        self.0.n_classes()
    }
    fn inputs(&self) -> Option<Vec<crimelab::core::models::InputKind>> {
        self.0.inputs()
    }
    fn validate(&self) -> crimelab::core::Result<()> {
        self.0.validate()
    }
    fn proba_checked(&self, x: &crimelab::core::frame::FeatureFrame) -> crimelab::core::Result<Vec<f32>> {
        self.0.predict_proba(x)
    }
}

#[test]
fn boosted_trees_rescore_only_the_trees_of_the_shuffled_column() {
    use crimelab::core::eval::permutation_importance;
    use crimelab::core::models::Model;
    let output = &runs()[0];
    let mut x = output.prepared.test.clone();
    let y = &output.prepared.y_test;
    assert!(output.model.column_predictor(&x).is_some());
    let options = ImportanceOptions { repeats: 2, per_class: true, ..Default::default() };
    let fast = permutation_importance(&output.model, &mut x, y, &options, &mut |_| true).unwrap();
    let full = permutation_importance(&Full(&output.model), &mut x, y, &options, &mut |_| true).unwrap();
    // Scores are updated rather than summed afresh; here no row sits on a tie.
    assert_eq!(fast, full);
}

#[test]
fn the_metric_catalogue_marks_the_best_run_per_column_in_its_direction() {
    use crimelab::core::eval::{best_cells, Direction, METRICS};
    let [gbdt, bayes] = runs();
    let results = [&gbdt.result, &bayes.result];
    let best = best_cells(&results);
    for (j, m) in METRICS.iter().enumerate() {
        let (a, b) = ((m.value)(results[0]), (m.value)(results[1]));
        let (Some(a), Some(b)) = (a, b) else { continue };
        let first_wins = match m.direction {
            Direction::HigherIsBetter => a >= b,
            Direction::LowerIsBetter => a <= b,
        };
        assert_eq!(best[0][j], first_wins, "{}: {a} vs {b}", m.id);
        assert_eq!(best[1][j], a == b || !first_wins, "{}: {a} vs {b}", m.id);
    }
    // GBDT beats naive Bayes on accuracy here, and log-loss is lower-is-better.
    let accuracy = METRICS.iter().position(|m| m.id == "accuracy").unwrap();
    assert!(best[0][accuracy] && !best[1][accuracy]);
    assert_eq!(METRICS.iter().find(|m| m.id == "log_loss").unwrap().direction, Direction::LowerIsBetter);
    // A single run marks nothing.
    assert!(best_cells(&results[..1]).iter().flatten().all(|b| !b));
}
