//! The model comparison table and one section per trained model.

use super::html::{escape, facts, figure, list};
use super::{svg, ReportRun};
use crate::core::charts::results::{draw_result, ResultChart, ResultData};
use crate::core::eval::{best_cells, RunResult, METRICS};
use crate::core::format::{duration, pct, thousands};
use crate::core::Result;

/// The comparison table: one row per model, best value of each column in bold.
pub fn comparison_section(runs: &[ReportRun]) -> String {
    let results: Vec<&RunResult> = runs.iter().map(|r| &r.result).collect();
    let best = best_cells(&results);
    let head: String = METRICS.iter().map(|m| format!("<th>{}</th>", escape(m.label))).collect();
    let rows: String = runs
        .iter()
        .zip(&best)
        .map(|(r, best)| {
            let cells: String = METRICS
                .iter()
                .zip(best)
                .map(|(m, &b)| {
                    let class = if b { " class=\"best\"" } else { "" };
                    format!("<td{class}>{}</td>", m.show(&r.result))
                })
                .collect();
            let leaky = if r.result.features.leakage_override { " <span class=\"flag\">⚠ leaky</span>" } else { "" };
            format!(
                "<tr><td><a href=\"#run-{id}\">#{id}</a></td><td>{}{leaky}</td><td>{}</td><td>{}</td>{cells}</tr>",
                escape(&r.result.model_label),
                escape(&r.result.features.target_label),
                thousands(r.result.test_rows as u64),
                id = r.id
            )
        })
        .collect();
    format!(
        "<section id=\"comparison\"><h2>Model comparison</h2><p class=\"hint\">All metrics on the held-out test \
         rows; best value per column in bold.</p><div class=\"scroll\"><table class=\"comparison\" \
         data-testid=\"model-comparison\"><thead><tr><th>run</th><th>model</th><th>target</th><th>test rows</th>\
         {head}</tr></thead><tbody>{rows}</tbody></table></div></section>\n"
    )
}

/// One model: headline metrics, warnings and notes, classification report, charts, run card.
pub fn run_section(run: &ReportRun) -> Result<String> {
    let r = &run.result;
    let e = &r.evaluation;
    let split = match &r.split_date {
        Some(d) => format!("test rows (time split, from {d})"),
        None => format!("test rows ({} split)", r.features.split_kind),
    };
    let figures = [
        figure(&pct(e.accuracy), "accuracy", Some(("metric-accuracy", format!("{:.4}", e.accuracy)))),
        figure(
            &format!("{:.3}", e.macro_f1),
            "macro F1",
            Some(("metric-macro-f1", format!("{:.4}", e.macro_f1))),
        ),
        figure(
            &pct(e.balanced_accuracy),
            "balanced accuracy",
            Some(("metric-balanced-accuracy", format!("{:.4}", e.balanced_accuracy))),
        ),
        figure(&format!("{:.4}", e.log_loss), "log-loss", None),
        figure(&e.roc_auc.map_or("–".to_owned(), |a| format!("{a:.4}")), "ROC AUC", None),
        figure(
            &duration(r.train_ms),
            "training time",
            Some(("metric-train-ms", format!("{:.0}", r.train_ms))),
        ),
        figure(&thousands(r.train_rows as u64), "training rows", None),
        figure(&thousands(r.test_rows as u64), &split, None),
    ]
    .concat();
    let report_rows: String = e
        .report
        .iter()
        .map(|c| {
            format!(
                "<tr><td>{}</td><td>{:.3}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td></tr>",
                escape(&c.class),
                c.precision,
                c.recall,
                c.f1,
                thousands(c.support)
            )
        })
        .collect();
    let support: u64 = e.report.iter().map(|c| c.support).sum();
    let averages = format!(
        "<tr class=\"avg\"><td>macro average</td><td>{:.3}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td></tr>\
         <tr class=\"avg\"><td>weighted average</td><td>{:.3}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td></tr>",
        e.macro_precision,
        e.macro_recall,
        e.macro_f1,
        thousands(support),
        e.weighted_precision,
        e.weighted_recall,
        e.weighted_f1,
        thousands(support)
    );
    let mut charts = String::new();
    let data = ResultData { result: r, permutation: run.permutation.as_ref(), class: None };
    for &chart in ResultChart::ALL {
        if data.has(chart) {
            charts.push_str(&svg::figure(data.size(chart), chart.label(), "chart-figure", |area| {
                draw_result(chart, &data, area)
            })?);
        }
    }
    let no_permutation = if run.permutation.is_none() {
        "<p class=\"hint\">Permutation importance was not computed for this model.</p>"
    } else {
        ""
    };
    Ok(format!(
        "<section id=\"run-{id}\" class=\"run\" data-testid=\"result-{model}\" data-run=\"{id}\">\
         <h2>#{id} {label} <span class=\"arrow\">→</span> {target}</h2><div class=\"figures\">{figures}</div>{warnings}{notes}\
         <h3>Classification report</h3><div class=\"scroll\"><table class=\"report\" data-testid=\"classification-report\">\
         <thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead>\
         <tbody>{report_rows}{averages}</tbody></table></div>\
         <h3>Charts</h3>{no_permutation}<div class=\"chart-grid\">{charts}</div>\
         <h3>Run card</h3>{card}</section>\n",
        id = run.id,
        model = escape(&r.model),
        label = escape(&r.model_label),
        target = escape(&r.features.target_label),
        warnings = list("warnings", &r.warnings),
        notes = list("notes", &r.notes),
        card = run_card(run),
    ))
}

/// Seed, data fingerprint, mapping version, split, classes, features and hyper-parameters.
fn run_card(run: &ReportRun) -> String {
    let c = &run.result.card;
    let params = serde_json::to_string_pretty(&c.params).unwrap_or_default();
    let mut rows = vec![
        ("Created by", c.created_by.clone()),
        ("Seed", c.seed.to_string()),
        ("Data fingerprint", c.dataset.fingerprint.clone()),
        (
            "Data",
            format!(
                "{} ({} rows)",
                c.dataset.file_name.as_deref().unwrap_or("unnamed"),
                thousands(c.dataset.rows as u64)
            ),
        ),
        ("Target", format!("{} (mapping {})", c.target, c.target_mapping_version)),
        ("Split", c.split.clone().unwrap_or_else(|| "–".to_owned())),
        ("Classes", c.classes.join(", ")),
    ];
    if !run.result.features.question_label.is_empty() {
        rows.push(("Question", run.result.features.question_label.clone()));
    }
    if let Some(t) = &c.tuning {
        rows.push(("Tuning", t.summary()));
    }
    if let Some(p) = &run.permutation {
        rows.push((
            "Permutation importance",
            format!(
                "{} repeats on {} test rows, baseline {:.4}",
                p.repeats,
                thousands(p.rows as u64),
                p.baseline
            ),
        ));
    }
    let features = c.features.iter().map(|f| escape(f)).collect::<Vec<_>>().join(", ");
    format!(
        "<div class=\"card\" data-testid=\"run-card\">{}<details><summary>{} features</summary><p class=\"features\">\
         {features}</p></details><details open><summary>Hyper-parameters</summary><pre>{}</pre></details></div>",
        facts(&rows),
        c.features.len(),
        escape(&params)
    )
}
