//! Exploratory analysis on the real extract: every figure checked against a separate, simple
//! pass over the CSV text with the `csv` crate (not the loader, not the code under test).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crimelab::core::data::Dataset;
use crimelab::core::eda::{dashboard, profile, AlertKind, Dashboard, Filters, Options, Profile};

use crate::support::{sample, sample_csv, SampleCsv};

/// The sample as the `csv` crate reads it: the independent pass every figure is checked against.
fn raw() -> &'static SampleCsv {
    sample_csv()
}

fn ds() -> &'static Dataset {
    sample()
}

fn dash() -> &'static Dashboard {
    static D: OnceLock<Dashboard> = OnceLock::new();
    D.get_or_init(|| dashboard(ds(), &Filters::default(), &Options::default()).unwrap())
}

fn prof() -> &'static Profile {
    static P: OnceLock<Profile> = OnceLock::new();
    P.get_or_init(|| profile(ds(), &Filters::default()).unwrap())
}

/// `M/D/YYYY …` → (year, month, day).
fn ymd(text: &str) -> (i64, i64, i64) {
    let date = text.split(' ').next().unwrap();
    let p: Vec<i64> = date.split('/').map(|x| x.parse().unwrap()).collect();
    (p[2], p[0], p[1])
}

/// Julian day number (Fliegel–Van Flandern); `jdn % 7 == 0` is a Monday.
fn jdn((y, m, d): (i64, i64, i64)) -> i64 {
    let a = (14 - m) / 12;
    let y2 = y + 4800 - a;
    let m2 = m + 12 * a - 3;
    d + (153 * m2 + 2) / 5 + 365 * y2 + y2 / 4 - y2 / 100 + y2 / 400 - 32045
}

fn count_by<'a>(it: impl Iterator<Item = &'a str>) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for v in it {
        *m.entry(v.to_owned()).or_insert(0) += 1;
    }
    m
}

#[test]
fn row_counts_and_date_range() {
    let d = dash();
    assert_eq!(d.rows, raw().rows.len() as u64);
    assert_eq!(d.rows_total, 12_954);
    let days: Vec<i64> = raw().values("DATE OCC").map(|t| jdn(ymd(t))).collect();
    let first = raw().values("DATE OCC").min_by_key(|t| jdn(ymd(t))).map(ymd).unwrap();
    let last = raw().values("DATE OCC").max_by_key(|t| jdn(ymd(t))).map(ymd).unwrap();
    let iso = |(y, m, d): (i64, i64, i64)| format!("{y:04}-{m:02}-{d:02}");
    assert_eq!(d.date_min, Some(iso(first)));
    assert_eq!(d.date_max, Some(iso(last)));
    assert_eq!(days.len(), 12_954);
}

#[test]
fn division_counts_match() {
    let expected = count_by(raw().values("AREA"));
    let divs = &dash().divisions.as_ref().unwrap().divisions;
    assert_eq!(divs.len(), 21);
    for d in divs {
        let want = expected.get(&d.area.to_string()).copied().unwrap_or(0);
        assert_eq!(d.count, want, "AREA {}", d.area);
    }
    assert_eq!(divs[7].name, "West LA");
    assert_eq!(divs[7].count, 12_954);
    assert_eq!(divs[0].name, "Central");
}

#[test]
fn missing_counts_match() {
    let raw = raw();
    let d = dash();
    for name in [
        "Mocodes",
        "Vict Sex",
        "Vict Descent",
        "Premis Desc",
        "Weapon Used Cd",
        "Weapon Desc",
        "Crm Cd 2",
        "Crm Cd 3",
        "Crm Cd 4",
        "Cross Street",
        "DR_NO",
        "LOCATION",
    ] {
        let want = raw.values(name).filter(|v| v.is_empty()).count() as u64;
        let got = d.missing.iter().find(|m| m.column == name).unwrap();
        assert_eq!(got.missing, want, "{name}");
    }
    // LAT and LON of 0 are withheld locations: missing.
    for name in ["LAT", "LON"] {
        let want =
            raw.values(name).filter(|v| v.is_empty() || v.parse::<f64>().unwrap() == 0.0).count() as u64;
        let got = d.missing.iter().find(|m| m.column == name).unwrap();
        assert_eq!(got.missing, want, "{name}");
        assert_eq!(want, 31);
    }
    let crm4 = d.missing.iter().find(|m| m.column == "Crm Cd 4").unwrap();
    assert!((crm4.pct - 100.0).abs() < 1e-9);
}

#[test]
fn monthly_counts_match() {
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for t in raw().values("DATE OCC") {
        let (y, m, _) = ymd(t);
        *expected.entry(format!("{y:04}-{m:02}")).or_insert(0) += 1;
    }
    let m = dash().monthly.as_ref().unwrap();
    let got: BTreeMap<String, u64> =
        m.months.iter().cloned().zip(m.counts.iter().copied()).filter(|(_, c)| *c > 0).collect();
    assert_eq!(got, expected);
    // Consecutive months, and no 2024 marker in a 2020–2021 extract.
    assert_eq!(m.months.first().unwrap(), expected.keys().next().unwrap());
    assert_eq!(m.months.last().unwrap(), expected.keys().last().unwrap());
    assert!(m.markers.is_empty());
}

#[test]
fn hour_weekday_matches() {
    let raw = raw();
    let (di, ti) = (raw.col("DATE OCC"), raw.col("TIME OCC"));
    let mut expected = vec![vec![0u64; 24]; 7];
    for r in &raw.rows {
        let w = (jdn(ymd(&r[di])) % 7) as usize;
        let t: u32 = r[ti].trim().parse().unwrap();
        expected[w][(t / 100) as usize] += 1;
    }
    let hw = dash().hour_weekday.as_ref().unwrap();
    assert_eq!(hw.counts, expected);
    assert_eq!(hw.weekdays[0], "Monday");
    assert_eq!(hw.total, 12_954);
}

#[test]
fn top_crime_types_and_premises_match() {
    let d = dash();
    for (name, list) in
        [("Crm Cd Desc", d.crime_types.as_ref().unwrap()), ("Premis Desc", d.premises.as_ref().unwrap())]
    {
        let counts = count_by(raw().values(name).filter(|v| !v.is_empty()));
        let mut expected: Vec<(&String, &u64)> = counts.iter().collect();
        expected.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        assert_eq!(list.items.len(), 15);
        for (item, (label, count)) in list.items.iter().zip(&expected) {
            assert_eq!(item.count, **count, "{name} {label}");
        }
        assert_eq!(list.items[0].label, *expected[0].0);
        assert_eq!(list.distinct, counts.len() as u64);
        let shown: u64 = list.items.iter().map(|i| i.count).sum();
        assert_eq!(shown + list.other + list.missing, 12_954);
    }
    let w = d.weapons.as_ref().unwrap();
    let with = raw().values("Weapon Used Cd").filter(|v| !v.is_empty()).count() as u64;
    assert_eq!(w.with_weapon, with);
    assert!((w.share - with as f64 / 12_954.0).abs() < 1e-12);
}

#[test]
fn victim_ages_sex_and_descent_match() {
    let ages: Vec<i64> = raw().values("Vict Age").map(|v| v.parse().unwrap()).collect();
    let a = dash().victim_age.as_ref().unwrap();
    let unknown = ages.iter().filter(|&&x| x <= 0).count() as u64;
    assert_eq!(a.unknown, unknown);
    assert_eq!(a.known, 12_954 - unknown);
    let in_20s = ages.iter().filter(|&&x| (20..25).contains(&x)).count() as u64;
    assert_eq!(a.counts[4], in_20s);
    let old = ages.iter().filter(|&&x| x >= 95).count() as u64;
    assert_eq!(a.counts[19], old);
    // Median of known ages, nearest rank.
    let mut known: Vec<i64> = ages.iter().copied().filter(|&x| x > 0).collect();
    known.sort();
    let rank = (known.len() as f64 * 0.5).ceil() as usize;
    assert_eq!(a.median, known[rank - 1] as f64);

    let v = &dash().victims;
    let sex = count_by(raw().values("Vict Sex"));
    let male = v.sex.iter().find(|s| s.label == "Male (M)").unwrap();
    assert_eq!(male.count, sex["M"]);
    let blank = v.sex.iter().find(|s| s.label == "blank").unwrap();
    assert_eq!(blank.count, sex[""]);
    let descent = count_by(raw().values("Vict Descent"));
    let hisp = v.descent.iter().find(|s| s.label.starts_with("Hispanic")).unwrap();
    assert_eq!(hisp.count, descent["H"]);
    assert_eq!(v.descent[0].label, "White (W)");
}

#[test]
fn reporting_delay_matches() {
    let raw = raw();
    let (o, r) = (raw.col("DATE OCC"), raw.col("Date Rptd"));
    let mut delays: Vec<i64> = raw.rows.iter().map(|x| jdn(ymd(&x[r])) - jdn(ymd(&x[o]))).collect();
    let negative = delays.iter().filter(|&&d| d < 0).count() as u64;
    delays.retain(|&d| d >= 0);
    delays.sort();
    let rd = dash().reporting_delay.as_ref().unwrap();
    assert_eq!(rd.negative, negative);
    assert_eq!(rd.bins[0].count, delays.iter().filter(|&&d| d == 0).count() as u64);
    assert_eq!(rd.bins[2].count, delays.iter().filter(|&&d| (2..=7).contains(&d)).count() as u64);
    assert_eq!(rd.bins[6].count, delays.iter().filter(|&&d| d > 365).count() as u64);
    let rank = (delays.len() as f64 * 0.5).ceil() as usize;
    assert_eq!(rd.median_days, delays[rank - 1] as f64);
    assert_eq!(rd.max_days, *delays.last().unwrap() as f64);
}

#[test]
fn filters_restrict_every_aggregate() {
    let f = Filters {
        date_from: Some("2020-06-01".into()),
        date_to: Some("2020-12-31".into()),
        crime_descs: vec!["BURGLARY".into(), "THEFT OF IDENTITY".into()],
        crime_codes: vec![510], // VEHICLE - STOLEN
        ..Filters::default()
    };
    let raw = raw();
    let (di, ci, ki, hi) =
        (raw.col("DATE OCC"), raw.col("Crm Cd Desc"), raw.col("Crm Cd"), raw.col("TIME OCC"));
    let (lo, hi_day) = (jdn((2020, 6, 1)), jdn((2020, 12, 31)));
    let kept: Vec<&csv::StringRecord> = raw
        .rows
        .iter()
        .filter(|r| {
            let d = jdn(ymd(&r[di]));
            let desc = r[ci].trim();
            (lo..=hi_day).contains(&d)
                && (desc == "BURGLARY" || desc == "THEFT OF IDENTITY" || r[ki].trim() == "510")
        })
        .collect();
    let d = dashboard(ds(), &f, &Options::default()).unwrap();
    assert_eq!(d.rows, kept.len() as u64);
    assert!(d.rows > 500, "{}", d.rows);
    assert_eq!(d.crime_types.as_ref().unwrap().items.len(), 3);
    let monthly_total: u64 = d.monthly.as_ref().unwrap().counts.iter().sum();
    assert_eq!(monthly_total, d.rows);
    assert_eq!(d.monthly.as_ref().unwrap().months.len(), 7);
    let night = kept.iter().filter(|r| r[hi].trim().parse::<u32>().unwrap() < 100).count() as u64;
    let hw = d.hour_weekday.as_ref().unwrap();
    assert_eq!(hw.counts.iter().map(|row| row[0]).sum::<u64>(), night);
    assert_eq!(d.divisions.as_ref().unwrap().divisions[7].count, d.rows);
    let p = profile(ds(), &f).unwrap();
    assert_eq!(p.rows, d.rows);
    let crm = p.columns.iter().find(|c| c.name == "Crm Cd Desc").unwrap();
    assert_eq!(crm.distinct, 3);

    // A division that is not in the extract leaves nothing.
    let none = Filters { divisions: vec![1], ..Filters::default() };
    let d = dashboard(ds(), &none, &Options::default()).unwrap();
    assert_eq!(d.rows, 0);
    assert_eq!(d.monthly, None);
    assert!(serde_json::to_string(&d).is_ok());
    // Bad dates are clear errors.
    let bad = Filters { date_from: Some("2020-13-01".into()), ..Filters::default() };
    let err = dashboard(ds(), &bad, &Options::default()).unwrap_err();
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn profile_figures_and_alerts() {
    let p = prof();
    assert_eq!(p.rows, 12_954);
    assert_eq!(p.columns.len(), ds().columns().len());
    let col = |name: &str| p.columns.iter().find(|c| c.name == name).unwrap();

    let ages: Vec<f64> = raw().values("Vict Age").map(|v| v.parse().unwrap()).collect();
    let age = col("Vict Age");
    let n = age.numeric.as_ref().unwrap();
    assert_eq!(n.min, ages.iter().cloned().fold(f64::INFINITY, f64::min));
    assert_eq!(n.max, ages.iter().cloned().fold(f64::NEG_INFINITY, f64::max));
    let mean = ages.iter().sum::<f64>() / ages.len() as f64;
    assert!((n.mean - mean).abs() < 1e-9);
    let bad = ages.iter().filter(|&&a| a <= 0.0).count() as u64;
    let alert = age.alerts.iter().find(|a| a.kind == AlertKind::InvalidValues).unwrap();
    assert_eq!(alert.count, Some(bad));

    let descs = count_by(raw().values("Crm Cd Desc"));
    let crm = col("Crm Cd Desc");
    assert_eq!(crm.distinct, descs.len() as u64);
    let top = descs.iter().max_by_key(|(k, v)| (**v, std::cmp::Reverse(*k))).unwrap();
    assert_eq!((&crm.top[0].value, crm.top[0].count), (top.0, *top.1));
    assert!(crm.alerts.iter().any(|a| a.kind == AlertKind::Leakage));
    for name in ["Crm Cd", "Crm Cd 1", "Crm Cd 2", "Part 1-2"] {
        assert!(col(name).alerts.iter().any(|a| a.kind == AlertKind::Leakage), "{name}");
    }
    assert!(!col("Premis Desc").alerts.iter().any(|a| a.kind == AlertKind::Leakage));

    // The loader collapses runs of blanks inside LOCATION, so compare collapsed values.
    let collapsed: std::collections::BTreeSet<String> =
        raw().values("LOCATION").map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let loc = col("LOCATION");
    assert_eq!(loc.distinct, collapsed.len() as u64);
    assert!(loc.alerts.iter().any(|a| a.kind == AlertKind::HighCardinality));
    assert!(col("Mocodes").alerts.iter().any(|a| a.kind == AlertKind::HighCardinality));
    let lat = col("LAT");
    let hidden = lat.alerts.iter().find(|a| a.kind == AlertKind::HiddenLocation).unwrap();
    assert_eq!(hidden.count, Some(31));
    assert!(col("AREA").alerts.iter().any(|a| a.kind == AlertKind::Constant));
    assert!(col("DR_NO").alerts.iter().any(|a| a.kind == AlertKind::Unique));
    let date = col("DATE OCC");
    assert_eq!(date.numeric_text.as_ref().unwrap().min, "2020-03-15");
    assert_eq!(Some(&date.numeric_text.as_ref().unwrap().min), dash().date_min.as_ref());
    assert_eq!(date.spark.counts.iter().sum::<u64>(), 12_954);
    assert_eq!(col("TIME OCC").numeric_text.as_ref().unwrap().max.len(), 5);
    assert_eq!(p.alert_count, p.columns.iter().map(|c| c.alerts.len() as u64).sum::<u64>());
}

#[test]
fn density_and_associations() {
    let d = dash();
    let g = d.density.as_ref().unwrap();
    assert_eq!(g.hidden, 31);
    assert_eq!(g.points + g.hidden + g.outside, 12_954);
    assert_eq!(g.counts.iter().map(|&c| c as u64).sum::<u64>(), g.points);
    assert_eq!(g.counts.len(), g.nx * g.ny);
    assert_eq!(g.nx.max(g.ny), 160);
    let lats: Vec<f64> =
        raw().values("LAT").map(|v| v.parse::<f64>().unwrap()).filter(|&v| v != 0.0).collect();
    let b = g.data_bounds.unwrap();
    assert_eq!(b.lat_min, lats.iter().cloned().fold(f64::INFINITY, f64::min));

    let a = &d.associations;
    assert_eq!(a.sample_size, 12_954);
    assert_eq!(a.cramers_v.labels[0], "Division");
    // One division only: no association defined for it.
    assert_eq!(a.cramers_v.values[0][1], None);
    let (ct, pr) = (
        a.cramers_v.labels.iter().position(|l| l == "Crime type").unwrap(),
        a.cramers_v.labels.iter().position(|l| l == "Part 1-2").unwrap(),
    );
    // Part 1-2 is a function of the crime type: strongly associated.
    assert!(a.cramers_v.values[ct][pr].unwrap() > 0.9);
    let (lat, lon) = (
        a.pearson.labels.iter().position(|l| l == "Latitude").unwrap(),
        a.pearson.labels.iter().position(|l| l == "Longitude").unwrap(),
    );
    assert_eq!(a.pearson.values[lat][lat], Some(1.0));
    let r = a.pearson.values[lat][lon].unwrap();
    assert!(r.abs() <= 1.0);

    // Seeded sample: same seed, same figures; the sample size is reported.
    let opt = Options { sample_size: 2000, ..Options::default() };
    let x = dashboard(ds(), &Filters::default(), &opt).unwrap();
    let y = dashboard(ds(), &Filters::default(), &opt).unwrap();
    assert_eq!(x.associations, y.associations);
    assert_eq!(x.associations.sample_size, 2000);
    assert_ne!(x.associations.cramers_v, a.cramers_v);
}

#[test]
fn json_round_trips() {
    let text = serde_json::to_string(dash()).unwrap();
    let back: Dashboard = serde_json::from_str(&text).unwrap();
    assert_eq!(back.rows, dash().rows);
    assert_eq!(back.monthly, dash().monthly);
    assert!(text.len() < 400_000, "{}", text.len());
    let text = serde_json::to_string(prof()).unwrap();
    let back: Profile = serde_json::from_str(&text).unwrap();
    assert_eq!(back.columns.len(), prof().columns.len());
    for (a, b) in back.columns.iter().zip(&prof().columns) {
        assert_eq!((&a.name, a.missing, a.distinct, &a.top), (&b.name, b.missing, b.distinct, &b.top));
    }
    let f: Filters = serde_json::from_str(r#"{"divisions":[8]}"#).unwrap();
    assert_eq!(f.divisions, vec![8]);
}

#[test]
fn density_grid_for_a_zoomed_view() {
    use crimelab::core::geo::Bounds;
    let view = Bounds { lon_min: -118.47, lon_max: -118.42, lat_min: 34.03, lat_max: 34.06 };
    let g = crimelab::core::eda::density_grid(ds(), &Filters::default(), view, 100).unwrap().unwrap();
    assert_eq!(g.bounds, view);
    let inside = raw()
        .rows
        .iter()
        .filter(|r| {
            let lat: f64 = r[raw().col("LAT")].parse().unwrap();
            let lon: f64 = r[raw().col("LON")].parse().unwrap();
            lat != 0.0 && view.contains(lon, lat)
        })
        .count() as u64;
    assert_eq!(g.points, inside);
    assert_eq!(g.points + g.outside + g.hidden, 12_954);
    let (cw, _) = g.cell_size();
    assert!(cw * 111_320.0 * 0.83 < 50.0, "cells of {cw} degrees");
}

// ---- Several divisions (tests/data/several_divisions.csv) --------------------------------

#[test]
fn division_counts_and_the_division_filter_on_several_divisions() {
    use crate::support::fixtures::{self, DIVISION_ROWS};
    let ds = fixtures::several_divisions();
    let (header, rows) = fixtures::records("several_divisions.csv");
    let area = header.iter().position(|h| h == "AREA").unwrap();
    let expected = count_by(rows.iter().map(|r| &r[area]));
    let d = dashboard(ds, &Filters::default(), &Options::default()).unwrap();
    let divs = &d.divisions.as_ref().unwrap().divisions;
    for (code, name, n) in DIVISION_ROWS {
        let div = divs.iter().find(|x| x.area == code).unwrap();
        assert_eq!((div.name.as_str(), div.count), (name, n as u64));
        assert_eq!(expected[&code.to_string()], n as u64, "the fixture's own count for AREA {code}");
    }
    assert_eq!(divs.iter().map(|x| x.count).sum::<u64>(), ds.rows() as u64);

    // Two divisions selected: only their rows reach every aggregate.
    let two = Filters { divisions: vec![1, 12], ..Filters::default() };
    let f = dashboard(ds, &two, &Options::default()).unwrap();
    assert_eq!(f.rows, 288 + 216);
    for div in &f.divisions.as_ref().unwrap().divisions {
        let want = if matches!(div.area, 1 | 12) { expected[&div.area.to_string()] } else { 0 };
        assert_eq!(div.count, want, "AREA {}", div.area);
    }
    assert_eq!(f.monthly.as_ref().unwrap().counts.iter().sum::<u64>(), f.rows);
}
