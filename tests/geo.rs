//! Division polygons: parsing the bundled GeoJSON and locating the extract's points.

use crimelab::core::geo::{Divisions, Projection, LA_BOUNDS};

use crate::support::{fixtures, sample_csv};

fn divisions() -> Divisions {
    Divisions::from_geojson(&std::fs::read_to_string("static/data/lapd_divisions.geojson").unwrap()).unwrap()
}

#[test]
fn parses_the_21_divisions() {
    let d = divisions();
    assert_eq!(d.items.len(), 21);
    let areas: Vec<i32> = d.items.iter().map(|x| x.area).collect();
    assert_eq!(areas, (1..=21).collect::<Vec<_>>());
    assert_eq!(d.get(8).unwrap().name, "WEST LOS ANGELES");
    assert_eq!(d.get(12).unwrap().title(), "77th Street");
    assert!((d.bounds.lon_min - LA_BOUNDS.lon_min).abs() < 1e-9);
    assert!((d.bounds.lat_max - LA_BOUNDS.lat_max).abs() < 1e-9);
    assert!(Divisions::from_geojson("{}").is_err());
    assert_eq!(Divisions::bundled(), d);
}

/// How many located points (LAT not 0) of `(AREA, LAT, LON)` records fall in their own
/// division, and how many are located at all.
fn in_own_division(d: &Divisions, points: impl Iterator<Item = (i32, f64, f64)>) -> (usize, usize) {
    let (mut located, mut home) = (0, 0);
    for (area, lat, lon) in points {
        if lat == 0.0 {
            continue;
        }
        located += 1;
        home += usize::from(d.find(lon, lat) == Some(area));
    }
    (home, located)
}

/// `(AREA, LAT, LON)` of each record of a CSV with the export's header.
fn area_points<'a>(
    header: &csv::StringRecord,
    rows: impl Iterator<Item = &'a csv::StringRecord> + 'a,
) -> impl Iterator<Item = (i32, f64, f64)> + 'a {
    let col = |name: &str| header.iter().position(|x| x.trim() == name).unwrap();
    let (area, lat, lon) = (col("AREA"), col("LAT"), col("LON"));
    rows.map(move |r| (r[area].trim().parse().unwrap(), r[lat].parse().unwrap(), r[lon].parse().unwrap()))
}

#[test]
fn sample_points_fall_in_west_la() {
    // The extract is West LA (AREA 8) only: its points must fall in division 8.
    let d = divisions();
    let csv = sample_csv();
    assert!(csv.values("AREA").all(|a| a == "8"));
    let (home, located) = in_own_division(&d, area_points(&csv.header, csv.rows.iter()));
    assert!(home as f64 > 0.97 * located as f64, "{home} of {located}");
    // Points never fall in two divisions.
    let p = d.get(8).unwrap().bounds.center();
    let hits = d.items.iter().filter(|x| x.contains(p.0, p.1)).count();
    assert!(hits <= 1);
}

#[test]
fn several_divisions_fixture_places_every_point_in_its_own_division() {
    // The fixture's points were moved by tests/data/make.py; every located one must land in
    // the polygon of the AREA its row names, for all six divisions.
    let d = divisions();
    let (header, rows) = fixtures::records("several_divisions.csv");
    let (home, located) = in_own_division(&d, area_points(&header, rows.iter()));
    assert_eq!(home, located);
    let areas: std::collections::BTreeSet<i32> = area_points(&header, rows.iter()).map(|p| p.0).collect();
    assert_eq!(areas, fixtures::DIVISION_ROWS.iter().map(|d| d.0).collect());
}

#[test]
fn projection_fits_the_city() {
    let p = Projection::fit(LA_BOUNDS, (0, 0, 500, 300));
    assert!(p.view.width() >= LA_BOUNDS.width() - 1e-12);
    assert!(p.view.height() >= LA_BOUNDS.height() - 1e-12);
}
