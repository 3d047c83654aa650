//! Benchmark of the exploratory analysis: profile, dashboard, a filter change, and drawing
//! every chart to SVG. Run in release mode:
//!
//! ```text
//! cargo run --release --example eda_bench -- target/bench/full.csv
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

/// CPU time of this thread in ms (Linux `schedstat`), which a busy shared machine does not
/// inflate the way it inflates wall time; `None` elsewhere.
fn cpu_ms() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(text.split_whitespace().next()?.parse::<f64>().ok()? / 1e6)
}

/// Runs `f` `n` times; returns the fastest wall time in ms, the fastest CPU time in ms (the
/// machine is shared, so minima are the most stable figures) and the last result.
fn best<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut wall = Vec::with_capacity(n);
    let mut cpu = Vec::with_capacity(n);
    let mut out = None;
    for _ in 0..n {
        let c = cpu_ms();
        let t = Instant::now();
        out = Some(f());
        wall.push(ms(t));
        if let (Some(a), Some(b)) = (c, cpu_ms()) {
            cpu.push(b - a);
        }
    }
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    (wall[0], cpu.first().copied().unwrap_or(f64::NAN), out.unwrap())
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "static/data/sample.csv".into());
    let t = Instant::now();
    let loaded = load_path(path.as_ref(), 2).expect("load");
    let ds = &loaded.dataset;
    println!("load             {:8.1} ms  ({} rows, 2 threads)", ms(t), ds.rows());

    let opt = Options::default();
    let none = Filters::default();
    let (p_min, p_cpu, p) = best(5, || profile(ds, &none).unwrap());
    let (d_min, d_cpu, d) = best(5, || dashboard(ds, &none, &opt).unwrap());
    println!(
        "no filter: profile {p_min:.1} ms wall / {p_cpu:.1} ms CPU ({} columns) | dashboard {d_min:.1} ms wall / {d_cpu:.1} ms CPU ({} rows)",
        p.columns.len(),
        d.rows
    );

    // Where the dashboard time goes (no filter).
    {
        use crimelab::core::data::Official;
        use crimelab::core::eda::{associations, crimes, places, time, victims, Selection};
        let sel = Selection::all(ds.rows());
        let part = |name: &str, f: &mut dyn FnMut()| {
            let t = Instant::now();
            f();
            print!("{name} {:.1} · ", ms(t));
        };
        print!("  parts (ms): ");
        part("missing", &mut || {
            crimelab::core::eda::dashboard::missing_counts(ds, &sel);
        });
        part("top lists", &mut || {
            crimes::top_of(ds, &sel, Official::CrmCdDesc, 15);
            crimes::top_of(ds, &sel, Official::PremisDesc, 15);
            crimes::weapon_use(ds, &sel, 15);
        });
        part("days+months", &mut || {
            time::monthly(&time::day_counts(ds, &sel).unwrap());
        });
        part("hour×weekday", &mut || {
            time::hour_weekday(ds, &sel);
        });
        part("delay", &mut || {
            time::reporting_delay(ds, &sel);
        });
        part("victims", &mut || {
            victims::ages(ds, &sel);
            victims::sex_descent(ds, &sel);
        });
        part("divisions", &mut || {
            places::division_counts(ds, &sel);
        });
        part("density", &mut || {
            places::density(ds, &sel, None, 160);
        });
        part("associations", &mut || {
            associations::associations(ds, &sel, &opt);
        });
        println!();
    }

    {
        let sel = crimelab::core::eda::Selection::all(ds.rows());
        print!("  profile columns over 5 ms: ");
        for c in ds.columns() {
            let t = Instant::now();
            crimelab::core::eda::profile::column(c, &sel);
            let e = ms(t);
            if e > 5.0 {
                print!("{} {:.1} · ", c.name, e);
            }
        }
        println!();
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
        let (d_min, d_cpu, d) = best(3, || dashboard(ds, f, &opt).unwrap());
        let (p_min, p_cpu, _) = best(3, || profile(ds, f).unwrap());
        println!(
            "filter {name:12}: dashboard {d_min:6.1} ms wall / {d_cpu:6.1} CPU, profile {p_min:6.1} wall / {p_cpu:6.1} CPU ({} rows)",
            d.rows
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
    let (draw_wall, draw_cpu, _) = best(3, || {
        for kind in ChartKind::ALL {
            let mut svg = String::new();
            let area = SVGBackend::with_string(&mut svg, (600, 360)).into_drawing_area();
            charts::draw(*kind, &d, &inputs, &area).unwrap();
            area.present().unwrap();
        }
    });
    let mut bytes = 0;
    let mut svgs = Vec::new();
    for kind in ChartKind::ALL {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (600, 360)).into_drawing_area();
            charts::draw(*kind, &d, &inputs, &area).unwrap();
            area.present().unwrap();
        }
        bytes += svg.len();
        svgs.push((kind.name(), svg));
    }
    println!(
        "draw all {} charts to SVG {draw_wall:6.1} ms wall / {draw_cpu:6.1} ms CPU ({:.0} kB)",
        ChartKind::ALL.len(),
        bytes as f64 / 1e3
    );
    // Keep the pictures for people to look at.
    let dir = std::path::Path::new("target/bench-svg");
    std::fs::create_dir_all(dir).unwrap();
    for (name, svg) in svgs {
        std::fs::write(dir.join(format!("{name}.svg")), svg).unwrap();
    }
    println!("SVGs written to {}", dir.display());
}
