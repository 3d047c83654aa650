//! Benchmark of the exploratory analysis: profile, dashboard, a filter change, and drawing
//! every chart to SVG. Run in release mode:
//!
//! ```text
//! cargo run --release --example eda_bench -- /work/big/full.csv
//! ```

use std::time::Instant;

use crimelab::core::charts::{self, ChartInputs, ChartKind};
use crimelab::core::data::load_path;
use crimelab::core::eda::{dashboard, profile, Filters, Options};
use crimelab::core::geo::Divisions;
use plotters::prelude::*;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "static/data/sample.csv".into());
    let t = Instant::now();
    let loaded = load_path(path.as_ref(), 2).expect("load");
    let ds = &loaded.dataset;
    println!("load             {:8.1} ms  ({} rows, 2 threads)", ms(t), ds.rows());

    let opt = Options::default();
    let none = Filters::default();
    for round in 0..3 {
        let t = Instant::now();
        let p = profile(ds, &none).unwrap();
        let tp = ms(t);
        let t = Instant::now();
        let d = dashboard(ds, &none, &opt).unwrap();
        let td = ms(t);
        println!(
            "round {round}: profile {tp:7.1} ms ({} columns) | dashboard {td:7.1} ms ({} rows)",
            p.columns.len(),
            d.rows
        );
    }

    let filters = [
        (
            "one year",
            Filters {
                date_from: Some("2023-01-01".into()),
                date_to: Some("2023-12-31".into()),
                ..Filters::default()
            },
        ),
        ("3 divisions", Filters { divisions: vec![1, 8, 12], ..Filters::default() }),
        (
            "crime type",
            Filters {
                crime_descs: vec!["VEHICLE - STOLEN".into(), "BATTERY - SIMPLE ASSAULT".into()],
                ..Filters::default()
            },
        ),
    ];
    for (name, f) in &filters {
        let t = Instant::now();
        let d = dashboard(ds, f, &opt).unwrap();
        let td = ms(t);
        let t = Instant::now();
        let p = profile(ds, f).unwrap();
        println!(
            "filter {name:12}: dashboard {td:7.1} ms, profile {:7.1} ms ({} rows)",
            ms(t),
            d.rows.min(p.rows)
        );
    }

    let d = dashboard(ds, &none, &opt).unwrap();
    let json = serde_json::to_string(&d).unwrap();
    let pj = serde_json::to_string(&profile(ds, &none).unwrap()).unwrap();
    println!(
        "dashboard JSON   {:8.1} kB, profile JSON {:.1} kB",
        json.len() as f64 / 1e3,
        pj.len() as f64 / 1e3
    );

    let geo =
        Divisions::from_geojson(&std::fs::read_to_string("static/data/lapd_divisions.geojson").unwrap())
            .unwrap();
    let inputs = ChartInputs { divisions: Some(&geo), view: None };
    let t = Instant::now();
    let mut bytes = 0;
    for kind in ChartKind::ALL {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (600, 360)).into_drawing_area();
            charts::draw(*kind, &d, &inputs, &area).unwrap();
            area.present().unwrap();
        }
        bytes += svg.len();
    }
    println!(
        "draw all {} charts to SVG {:6.1} ms ({:.0} kB)",
        ChartKind::ALL.len(),
        ms(t),
        bytes as f64 / 1e3
    );
}
