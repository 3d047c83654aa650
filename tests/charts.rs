//! Charts rendered to SVG on the real extract: titles, bar counts, labels and map clipping.
//! Every SVG is also written to `target/test/svg/` for people to look at.

use std::sync::OnceLock;

use crimelab::core::charts::{self, draw, ChartInputs, ChartKind};
use crimelab::core::data::load_bytes;

use crate::support::sample;
use crimelab::core::eda::{dashboard, profile, Dashboard, Filters, Options};
use crimelab::core::geo::{Bounds, Divisions};
use plotters::prelude::*;

fn dash() -> &'static Dashboard {
    static D: OnceLock<Dashboard> = OnceLock::new();
    D.get_or_init(|| dashboard(sample(), &Filters::default(), &Options::default()).unwrap())
}

fn geo() -> &'static Divisions {
    static G: OnceLock<Divisions> = OnceLock::new();
    G.get_or_init(|| {
        Divisions::from_geojson(&std::fs::read_to_string("static/data/lapd_divisions.geojson").unwrap())
            .unwrap()
    })
}

/// Renders one chart to an SVG string and saves it as `target/test/svg/<file>.svg`.
fn render(kind: ChartKind, d: &Dashboard, view: Option<Bounds>, file: &str) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (600, 360)).into_drawing_area();
        let inputs = ChartInputs { divisions: Some(geo()), view };
        draw(kind, d, &inputs, &area).unwrap();
        area.present().unwrap();
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test/svg");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{file}.svg")), &svg).unwrap();
    svg
}

/// Number of filled rectangles of a colour (`#0072B2`).
fn rects(svg: &str, color: &str) -> usize {
    svg.lines().filter(|l| l.contains("<rect") && l.contains(&format!("fill=\"{color}\""))).count()
}

/// The text of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_owned()))
        .map(|t| {
            t.replace("&apos;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn every_chart_renders_with_its_title() {
    let titles = [
        (ChartKind::Missing, "Missing values by column"),
        (ChartKind::CrimeTypes, "Most frequent crime types"),
        (ChartKind::Premises, "Most frequent premises"),
        (ChartKind::Monthly, "Incidents per month"),
        (ChartKind::HourWeekday, "When incidents happen"),
        (ChartKind::ReportingDelay, "Reporting delay"),
        (ChartKind::VictimAge, "Victim age"),
        (ChartKind::VictimSexDescent, "Victim sex and descent"),
        (ChartKind::Divisions, "Incidents per police division"),
        (ChartKind::DivisionMap, "Incidents by police division"),
        (ChartKind::DensityMap, "Where incidents happen"),
        (ChartKind::Associations, "Associations between columns"),
    ];
    assert_eq!(titles.len(), ChartKind::ALL.len());
    for (kind, title) in titles {
        assert_eq!(kind.title(), title);
        let svg = render(kind, dash(), None, kind.name());
        assert!(texts(&svg).iter().any(|t| t == title), "{}", kind.name());
        assert_eq!(ChartKind::from_name(kind.name()), Some(kind));
    }
}

#[test]
fn bar_charts_draw_one_bar_per_item() {
    let d = dash();
    let svg = render(ChartKind::CrimeTypes, d, None, "crime-types");
    assert_eq!(rects(&svg, "#0072B2"), 15);
    let t = texts(&svg);
    // Counts with thousands separators, long names cut with an ellipsis.
    let top = &d.crime_types.as_ref().unwrap().items[0];
    assert!(t.contains(&format!("{},{:03}", top.count / 1000, top.count % 1000)));
    assert!(t.iter().any(|x| x.ends_with('…')));
    assert!(t.iter().all(|x| x.chars().count() <= 95));

    let svg = render(ChartKind::Premises, d, None, "premises");
    assert_eq!(rects(&svg, "#009E73"), 15);

    let svg = render(ChartKind::Divisions, d, None, "divisions");
    assert_eq!(rects(&svg, "#0072B2"), 1);
    assert!(texts(&svg).contains(&"12,954".to_owned()));
    assert!(texts(&svg).contains(&"West LA".to_owned()));

    let svg = render(ChartKind::Missing, d, None, "missing");
    let gaps = d.missing.iter().filter(|m| m.missing > 0).count();
    assert_eq!(rects(&svg, "#E69F00"), gaps.min(16));
    assert!(texts(&svg).contains(&"Crm Cd 4".to_owned()));

    let svg = render(ChartKind::VictimAge, d, None, "victim-age");
    let bins = d.victim_age.as_ref().unwrap().counts.iter().filter(|&&c| c > 0).count();
    assert_eq!(rects(&svg, "#0072B2"), bins);
    assert_eq!(rects(&svg, "#E69F00"), 1);
    assert!(texts(&svg).contains(&"unknown".to_owned()));

    let svg = render(ChartKind::ReportingDelay, d, None, "reporting-delay");
    assert_eq!(rects(&svg, "#56B4E9"), 7);
    assert!(texts(&svg).contains(&"same day".to_owned()));
}

#[test]
fn heatmap_has_168_cells_and_a_legend() {
    let svg = render(ChartKind::HourWeekday, dash(), None, "hour-weekday");
    let cells = svg.lines().filter(|l| l.contains("<rect") && !l.contains("fill=\"#FFFFFF\"")).count();
    // 168 cells plus the legend's 64 colour steps (and its frame, which is not filled).
    assert!(cells >= 168 + 64, "{cells}");
    let t = texts(&svg);
    for label in ["Mon", "Sun", "00", "21", "hour of day (TIME OCC)", "incidents"] {
        assert!(t.contains(&label.to_owned()), "{label}");
    }
    let max = dash().hour_weekday.as_ref().unwrap().max;
    assert!(t.contains(&crimelab::core::format::thousands(max)));
}

#[test]
fn monthly_marks_the_records_system_change() {
    // A small export across March 2024.
    let mut csv = String::from("DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd\n");
    for (i, day) in ["01/15/2024", "02/10/2024", "03/01/2024", "03/20/2024", "04/02/2024"].iter().enumerate()
    {
        csv.push_str(&format!("{i},{day} 12:00:00 AM,1200,1,624\n"));
    }
    let ds = load_bytes(csv.as_bytes(), "t.csv").unwrap().dataset;
    let d = dashboard(&ds, &Filters::default(), &Options::default()).unwrap();
    let m = d.monthly.as_ref().unwrap();
    assert_eq!(m.counts, vec![1, 1, 2, 1]);
    assert_eq!(m.markers.len(), 1);
    assert!((m.markers[0].position - (2.0 + 6.0 / 31.0)).abs() < 1e-12);
    let svg = render(ChartKind::Monthly, &d, None, "monthly-2024");
    assert!(texts(&svg).contains(&"2024-03-07: LAPD records system change".to_owned()));
    assert!(svg.contains("#D55E00"));

    let svg = render(ChartKind::Monthly, dash(), None, "monthly");
    let t = texts(&svg);
    assert!(t.iter().any(|x| x.contains("2021")), "{t:?}");
    assert!(!svg.contains("records system change"));
}

/// Every point of every `<polygon>` / `<polyline>`.
fn shape_points(svg: &str) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for part in svg.split("points=\"").skip(1) {
        let list = part.split('"').next().unwrap();
        for p in list.split_whitespace() {
            let (x, y) = p.split_once(',').unwrap();
            out.push((x.parse().unwrap(), y.parse().unwrap()));
        }
    }
    out
}

#[test]
fn maps_draw_21_divisions_and_clip_to_the_view() {
    let d = dash();
    let svg = render(ChartKind::DivisionMap, d, None, "division-map");
    // One filled outline per division (holes are drawn white on top).
    let filled = svg
        .split("<polygon")
        .skip(1)
        .filter(|p| !p.split('>').next().unwrap().contains("fill=\"#FFFFFF\""))
        .count();
    assert_eq!(filled, 21);
    let t = texts(&svg);
    assert!(t.iter().any(|x| x.contains("most in West LA (12,954)")), "{t:?}");
    assert!(t.contains(&"12,954".to_owned()), "legend maximum");

    // Zoomed on West LA: polygons are cut to the map frame.
    let view = geo().get(8).unwrap().bounds;
    let svg = render(ChartKind::DivisionMap, d, Some(view), "division-map-zoom");
    let pts = shape_points(&svg);
    assert!(!pts.is_empty());
    assert!(pts.iter().all(|&(x, y)| (0.0..=600.0).contains(&x) && (52.0..=360.0).contains(&y)));
    assert!(texts(&svg).contains(&"West LA".to_owned()));

    let svg = render(ChartKind::DensityMap, d, None, "density-map");
    let g = d.density.as_ref().unwrap();
    let cells = g.counts.iter().filter(|&&c| c > 0).count();
    let drawn = svg.lines().filter(|l| l.contains("<rect")).count();
    assert!(drawn >= cells, "{drawn} < {cells}");
    assert!(texts(&svg).iter().any(|x| x.contains("31 without location")));
    let zoom = view.zoom(0.3, view.center().0, view.center().1);
    let svg = render(ChartKind::DensityMap, d, Some(zoom), "density-map-zoom");
    assert!(shape_points(&svg)
        .iter()
        .all(|&(x, y)| (0.0..=600.0).contains(&x) && (52.0..=360.0).contains(&y)));
}

#[test]
fn association_matrices_are_labelled() {
    let svg = render(ChartKind::Associations, dash(), None, "associations");
    let t = texts(&svg);
    assert!(t.iter().any(|x| x.contains("12,954 rows")));
    for label in ["1 Division", "Crime type", "Latitude"] {
        assert!(t.iter().any(|x| x.ends_with(label)), "{label}: {t:?}");
    }
    assert!(t.contains(&"Cramér's V (categorical, 0–1)".to_owned()));
}

#[test]
fn sparklines_fill_their_box() {
    let p = profile(sample(), &Filters::default()).unwrap();
    let col = p.columns.iter().find(|c| c.name == "Vict Age").unwrap();
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (120, 24)).into_drawing_area();
        charts::draw_column_sparkline(&area, col).unwrap();
        area.present().unwrap();
    }
    let bars = col.spark.counts.iter().filter(|&&c| c > 0).count();
    assert_eq!(rects(&svg, "#0072B2"), bars);
}

#[test]
fn map_projection_matches_the_drawing() {
    // The projection the UI gets for mouse handling puts a division's outline where the SVG
    // drew it.
    let d = dash();
    let inputs = ChartInputs { divisions: Some(geo()), view: None };
    let p = charts::map_projection(ChartKind::DivisionMap, d, &inputs, (600, 360)).unwrap();
    let svg = render(ChartKind::DivisionMap, d, None, "division-map");
    let (x, y) = p.to_px(geo().items[0].polygons[0].rings[0][0].0, geo().items[0].polygons[0].rings[0][0].1);
    let first = shape_points(&svg)[0];
    assert!((first.0 - x).abs() <= 1.0 && (first.1 - y).abs() <= 1.0, "{first:?} vs {x},{y}");
    // Zooming in under a point keeps that point under the mouse.
    let (lon, lat) = p.to_lon_lat(300.0, 200.0);
    let zoomed = ChartInputs { view: Some(p.view.zoom(0.5, lon, lat)), ..inputs };
    let q = charts::map_projection(ChartKind::DivisionMap, d, &zoomed, (600, 360)).unwrap();
    let (x2, y2) = q.to_px(lon, lat);
    assert!((x2 - 300.0).abs() < 1.0 && (y2 - 200.0).abs() < 1.0, "{x2},{y2}");
    assert!(charts::map_projection(ChartKind::Monthly, d, &inputs, (600, 360)).is_none());
}

#[test]
fn empty_selections_and_small_canvases_draw_without_error() {
    let ds = sample();
    let none = Filters { divisions: vec![1], ..Filters::default() };
    let empty = dashboard(ds, &none, &Options::default()).unwrap();
    assert_eq!(empty.rows, 0);
    for &kind in ChartKind::ALL {
        let svg = render(kind, &empty, None, &format!("empty-{}", kind.name()));
        assert!(svg.contains("</svg>"), "{}", kind.name());
    }
    let svg = render(ChartKind::CrimeTypes, &empty, None, "empty-crime-types");
    assert!(texts(&svg).contains(&"No incidents match the filters".to_owned()));
    for &kind in ChartKind::ALL {
        for size in [(320, 200), (1200, 700)] {
            let mut svg = String::new();
            let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            let inputs = ChartInputs { divisions: Some(geo()), view: None };
            draw(kind, dash(), &inputs, &area).unwrap();
        }
    }
}

// ---- Fixtures with several divisions and dates across the records change -----------------

#[test]
fn division_bars_and_map_count_several_divisions_most_first() {
    use crate::support::fixtures::{self, DIVISION_ROWS};
    let d = dashboard(fixtures::several_divisions(), &Filters::default(), &Options::default()).unwrap();
    let svg = render(ChartKind::Divisions, &d, None, "divisions-several");
    assert_eq!(rects(&svg, "#0072B2"), DIVISION_ROWS.len());
    let t = texts(&svg);
    assert!(t.iter().any(|x| x.contains("6 of 21 divisions · 1,080 incidents")), "{t:?}");
    // One label and one count per division, drawn most first (ties by AREA code).
    let at = |text: &str| t.iter().position(|x| x == text).unwrap_or_else(|| panic!("{text} in {t:?}"));
    let order: Vec<usize> = DIVISION_ROWS.iter().map(|(_, name, _)| at(name)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    for (_, _, n) in DIVISION_ROWS {
        assert!(t.contains(&n.to_string()), "{n}");
    }

    let svg = render(ChartKind::DivisionMap, &d, None, "division-map-several");
    let t = texts(&svg);
    assert!(t.iter().any(|x| x.contains("1,080 incidents in 21 divisions · most in West LA (360)")), "{t:?}");
    assert!(t.contains(&"360".to_owned()), "legend maximum");
}

#[test]
fn monthly_marks_the_records_change_inside_the_fixtures_range() {
    let d = dashboard(crate::support::fixtures::records_change(), &Filters::default(), &Options::default())
        .unwrap();
    let m = d.monthly.as_ref().unwrap();
    assert_eq!(m.counts.iter().sum::<u64>(), 648);
    // 2023-06 … 2024-11: the change falls in the tenth month (March 2024), 6 days in.
    assert_eq!(m.counts.len(), 18);
    assert_eq!(m.markers.len(), 1);
    assert!((m.markers[0].position - (9.0 + 6.0 / 31.0)).abs() < 1e-12, "{}", m.markers[0].position);
    let svg = render(ChartKind::Monthly, &d, None, "monthly-records-change");
    assert!(texts(&svg).contains(&"2024-03-07: LAPD records system change".to_owned()));
}
