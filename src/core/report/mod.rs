//! The one-file HTML report of a session: dataset card, exploration highlights, model
//! comparison and, per model, metrics, classification report, charts and run card.
//!
//! [`render_html`] turns a [`ReportInput`] (plain serde data the page already holds) into one
//! self-contained HTML document: the style is embedded, every chart is inline SVG drawn by the
//! same [`charts`](crate::core::charts) functions the page uses, and nothing is fetched, so
//! the file opens anywhere, offline. The page builds it in a worker and saves it as a file.
//!
//! Figures carry machine-readable `data-value` attributes as on the page (`metric-accuracy`
//! with four decimals), so tests and tools can read numbers back.

mod dataset;
pub mod html;
mod models;
mod svg;

use serde::{Deserialize, Serialize};

use crate::core::data::DatasetCard;
use crate::core::eda::Dashboard;
use crate::core::eval::PermutationImportance;
use crate::core::eval::RunResult;
use crate::core::Result;

pub use html::escape;

/// One trained model in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRun {
    /// Run number on the page (`#1`, `#2`…).
    pub id: u64,
    /// Metrics, curves, card.
    pub result: RunResult,
    /// Permutation importance, when it was computed.
    pub permutation: Option<PermutationImportance>,
}

/// Everything the report shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportInput {
    /// When the report was made (as the page formats it).
    pub created: String,
    /// The dataset card.
    pub dataset: Option<DatasetCard>,
    /// The exploratory dashboard as last shown (with its filters).
    pub dashboard: Option<Dashboard>,
    /// Trained models, in run order.
    pub runs: Vec<ReportRun>,
}

/// The report's file name: `crimelab-report.html`, or with the dataset's stem.
pub fn file_name(input: &ReportInput) -> String {
    let stem = input
        .dataset
        .as_ref()
        .map(|d| d.file_name.rsplit_once('.').map_or(d.file_name.as_str(), |(s, _)| s))
        .map(|s| {
            s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect::<String>()
        })
        .filter(|s| !s.is_empty());
    match stem {
        Some(s) => format!("crimelab-report-{s}.html"),
        None => "crimelab-report.html".to_owned(),
    }
}

/// Renders the whole report as one HTML document.
pub fn render_html(input: &ReportInput) -> Result<String> {
    let mut body = String::new();
    let title = match &input.dataset {
        Some(d) => format!("Crime Lab report: {}", d.file_name),
        None => "Crime Lab report".to_owned(),
    };
    body.push_str(&format!(
        "<header class=\"top\"><h1>{}</h1><p class=\"meta\">Made {} with {}. Every metric is on held-out \
         test rows.</p>{}</header>\n",
        escape(&title),
        escape(&input.created),
        escape(&crate::core::eval::run_card::created_by()),
        toc(input)
    ));
    if let Some(card) = &input.dataset {
        body.push_str(&dataset::card_section(card));
    }
    if let Some(d) = &input.dashboard {
        body.push_str(&dataset::eda_section(d)?);
    }
    if !input.runs.is_empty() {
        body.push_str(&models::comparison_section(&input.runs));
        for run in &input.runs {
            body.push_str(&models::run_section(run)?);
        }
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{REPORT_CSP}\">\n<meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n\
         <body>\n<main>\n{body}</main>\n<footer>Crime Lab · self-contained report, no network access needed.</footer>\n\
         </body>\n</html>\n",
        escape(&title),
        include_str!("style.css")
    ))
}

/// The report's Content-Security-Policy: no script runs and nothing is fetched, whatever a
/// dataset's text or a model's class names put into the page; only its own inline CSS and inline
/// SVG charts apply.
pub const REPORT_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// Links to the sections.
fn toc(input: &ReportInput) -> String {
    let mut links = Vec::new();
    if input.dataset.is_some() {
        links.push("<a href=\"#dataset\">Dataset</a>".to_owned());
    }
    if input.dashboard.is_some() {
        links.push("<a href=\"#exploration\">Exploration</a>".to_owned());
    }
    if !input.runs.is_empty() {
        links.push("<a href=\"#comparison\">Model comparison</a>".to_owned());
    }
    for run in &input.runs {
        links.push(format!(
            "<a href=\"#run-{}\">#{} {}</a>",
            run.id,
            run.id,
            escape(&run.result.model_label)
        ));
    }
    format!("<nav>{}</nav>", links.join(" "))
}
