//! One class palette everywhere: on a real run on the sample, every class has the same colour in
//! the map of predictions, the ROC and precision–recall curves and the HTML report, and it is
//! the palette's colour for that class.

use crimelab::core::charts::palette::class_hex;
use crimelab::core::charts::prediction_map::{draw_prediction_map, MapData, MapOptions};
use crimelab::core::charts::results::{result_svg, ResultChart, ResultData};
use crimelab::core::geo::Divisions;
use crimelab::core::report::{render_html, ReportInput, ReportRun};
use plotters::prelude::*;

use crate::predictions::sample_run;

/// The fills of the swatches drawn just before a legend text naming class `label` of `classes`:
/// the map's `Violent`, the curves' `AUC 0.912 · Violent`, or either cut short with `…` when
/// what is left names no other class.
fn swatches_of(svg: &str, label: &str, classes: &[String]) -> Vec<String> {
    let names = |text: &str, class: &str| match text.strip_suffix('…') {
        Some(cut) => class.starts_with(cut.trim_end()),
        None => text == class,
    };
    let mut fills = Vec::new();
    for (text, _) in svg.match_indices("<text") {
        let Some(open) = svg[text..].find('>') else { continue };
        let Some(close) = svg[text..].find("</text>") else { continue };
        let content = svg[text + open + 1..text + close].trim();
        let name = content.rsplit(" · ").next().unwrap_or(content);
        if !names(name, label) || classes.iter().filter(|c| names(name, c)).count() != 1 {
            continue;
        }
        let Some(rect) = svg[..text].rfind("<rect") else { continue };
        let element = &svg[rect..text];
        let Some(end) = element.find("/>") else { continue };
        if !element[end + 2..].trim().is_empty() {
            continue;
        }
        if let Some(fill) = element.split("fill=\"").nth(1) {
            fills.push(fill[..7].to_ascii_lowercase());
        }
    }
    fills
}

fn map_svg() -> String {
    let (_, p) = sample_run();
    let geo = Divisions::bundled();
    let data = MapData::new(p).unwrap();
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (900, 560)).into_drawing_area();
        draw_prediction_map(&area, p, &data, &geo, &MapOptions::default()).unwrap();
        area.present().unwrap();
    }
    svg
}

#[test]
fn every_class_has_the_palettes_colour_in_the_map_the_curves_and_the_report() {
    let (result, p) = sample_run();
    let classes = &result.evaluation.classes;
    assert_eq!(classes, &p.classes);
    assert!(classes.len() >= 6, "a multiclass run colours several classes: {classes:?}");
    let data = ResultData::of(result);
    let roc = result_svg(ResultChart::Roc, &data).unwrap();
    let pr = result_svg(ResultChart::PrecisionRecall, &data).unwrap();
    let map = map_svg();
    let report = render_html(&ReportInput {
        created: "2025-01-02 03:04".into(),
        dataset: None,
        dashboard: None,
        runs: vec![ReportRun { id: 1, result: result.clone(), permutation: None }],
    })
    .unwrap();
    for (i, class) in classes.iter().enumerate() {
        let want = class_hex(i);
        for (name, svg) in [("map", &map), ("ROC", &roc), ("precision-recall", &pr), ("report", &report)] {
            let fills = swatches_of(svg, class, classes);
            assert!(!fills.is_empty(), "class {i} ({class}) has a swatch in the {name}");
            assert!(
                fills.iter().all(|f| *f == want),
                "class {i} ({class}) in the {name}: {fills:?}, want {want}"
            );
        }
    }
}
