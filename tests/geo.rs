//! Division polygons: parsing the bundled GeoJSON and locating the extract's points.

use crimelab::core::geo::{Divisions, Projection, LA_BOUNDS};

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

#[test]
fn sample_points_fall_in_west_la() {
    // The extract is West LA (AREA 8) only: its points must fall in division 8.
    let d = divisions();
    let mut rdr = csv::Reader::from_path("static/data/sample.csv").unwrap();
    let h = rdr.headers().unwrap().clone();
    let lat_i = h.iter().position(|x| x == "LAT").unwrap();
    let lon_i = h.iter().position(|x| x == "LON").unwrap();
    let (mut located, mut in8, mut elsewhere) = (0, 0, 0);
    for r in rdr.records() {
        let r = r.unwrap();
        let (lat, lon): (f64, f64) = (r[lat_i].parse().unwrap(), r[lon_i].parse().unwrap());
        if lat == 0.0 {
            continue;
        }
        located += 1;
        match d.find(lon, lat) {
            Some(8) => in8 += 1,
            Some(_) => elsewhere += 1,
            None => {}
        }
    }
    assert!(in8 as f64 > 0.97 * located as f64, "{in8} of {located}, {elsewhere} elsewhere");
    // Points never fall in two divisions.
    let p = d.get(8).unwrap().bounds.center();
    let hits = d.items.iter().filter(|x| x.contains(p.0, p.1)).count();
    assert!(hits <= 1);
}

#[test]
fn projection_fits_the_city() {
    let p = Projection::fit(LA_BOUNDS, (0, 0, 500, 300));
    assert!(p.view.width() >= LA_BOUNDS.width() - 1e-12);
    assert!(p.view.height() >= LA_BOUNDS.height() - 1e-12);
}
