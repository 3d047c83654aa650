//! Loading the export: the parser on the real extract and on bad input.

use crimelab::core::data::{
    date::days_from_civil, load_bytes, parse_part, wire, ColumnData, Dataset, Kind, Official, ParsePlan,
    Part, MISSING_INT,
};
use crimelab::core::ErrorKind;

// These tests are about loading itself, so they run the loader on the sample's bytes rather
// than take the cached `support::sample()`.
use crate::support::{sample_bytes, sample_csv, sample_path};

fn load(text: &str) -> crimelab::core::Result<crimelab::core::data::Loaded> {
    load_bytes(text.as_bytes(), "test.csv")
}

fn ints(ds: &Dataset, o: Official) -> &[i32] {
    match &ds.official(o).unwrap().data {
        ColumnData::Int(v) | ColumnData::Date(v) | ColumnData::Time(v) => v,
        other => panic!("{o:?} is {:?}", other.kind()),
    }
}

fn text(ds: &Dataset, o: Official, row: usize) -> String {
    ds.official(o).unwrap().data.format(row)
}

/// The header of the official export, in order.
const OFFICIAL_HEADER: &str = "DR_NO,Date Rptd,DATE OCC,TIME OCC,AREA ,AREA NAME,Rpt Dist No,Part 1-2,Crm Cd,Crm Cd Desc,Mocodes,Vict Age,Vict Sex,Vict Descent,Premis Cd,Premis Desc,Weapon Used Cd,Weapon Desc,Status,Status Desc,Crm Cd 1,Crm Cd 2,Crm Cd 3,Crm Cd 4,LOCATION,Cross Street,LAT,LON";
const OFFICIAL_ROW: &str = "200815333,10/15/2020 12:00:00 AM,10/15/2020 12:00:00 AM,2000,08,West LA,0814,2,624,BATTERY - SIMPLE ASSAULT,0417 0344 1823,50,F,W,501,SINGLE FAMILY DWELLING,400,\"STRONG-ARM (HANDS, FIST, FEET OR BODILY FORCE)\",AO,Adult Other,624,,,,100 S  ACARI                        DR,,34.0701,-118.4679";

#[test]
fn real_extract_row_count_and_range() {
    let loaded = load_bytes(sample_bytes(), "sample.csv").unwrap();
    assert_eq!(loaded.card.rows, 12_954);
    assert_eq!(loaded.card.columns, 36);
    assert_eq!(loaded.card.skipped, 0);
    assert_eq!(loaded.card.date_min.as_deref(), Some("2020-03-15"));
    assert_eq!(loaded.card.date_max.as_deref(), Some("2021-07-31"));
    // The duplicate DATE OCC column is kept under a new name, as an extra integer column.
    let dup = loaded.dataset.column("DATE OCC (2)").unwrap();
    assert!(dup.official.is_none());
    assert_eq!(dup.data.kind(), Kind::Int);
    assert_eq!(loaded.dataset.column("month_text").unwrap().data.kind(), Kind::Category);
}

#[test]
fn real_extract_known_values() {
    let ds = load_bytes(sample_bytes(), "sample.csv").unwrap().dataset;
    // First data row: 200815333,10/15/2020 0:00,10/15/2020 0:00,...,2000,8,West LA,814,2,624,...
    assert_eq!(ints(&ds, Official::DrNo)[0], 200_815_333);
    assert_eq!(ints(&ds, Official::DateRptd)[0], days_from_civil(2020, 10, 15));
    assert_eq!(ints(&ds, Official::TimeOcc)[0], 20 * 60);
    assert_eq!(ints(&ds, Official::Area)[0], 8);
    assert_eq!(ints(&ds, Official::CrmCd)[0], 624);
    assert_eq!(ints(&ds, Official::VictAge)[0], 50);
    assert_eq!(text(&ds, Official::CrmCdDesc, 0), "BATTERY - SIMPLE ASSAULT");
    assert_eq!(text(&ds, Official::Mocodes, 0), "0417 0344 1823");
    assert_eq!(text(&ds, Official::WeaponDesc, 0), "STRONG-ARM (HANDS, FIST, FEET OR BODILY FORCE)");
    assert_eq!(text(&ds, Official::Location, 0), "100 S ACARI DR");
    assert_eq!(text(&ds, Official::Lat, 0), "34.0701");
    assert_eq!(text(&ds, Official::Lon, 0), "-118.4679");
    // Second row: reported 11/24/2021, occurred 4/28/2020 at 100 (= 01:00), no weapon.
    assert_eq!(ints(&ds, Official::DateRptd)[1], days_from_civil(2021, 11, 24));
    assert_eq!(ints(&ds, Official::DateOcc)[1], days_from_civil(2020, 4, 28));
    assert_eq!(ints(&ds, Official::TimeOcc)[1], 60);
    assert_eq!(ints(&ds, Official::WeaponUsedCd)[1], MISSING_INT);
    assert!(ds.official(Official::WeaponDesc).unwrap().data.is_missing(1));
}

#[test]
fn real_extract_matches_an_independent_read() {
    // Read the file with the csv crate directly and compare whole columns.
    let csv = sample_csv();
    let col = |name: &str| csv.col(name);
    let (age, lat, crm, area_name) = (col("Vict Age"), col("LAT"), col("Crm Cd"), col("AREA NAME"));
    let records = &csv.rows;
    let ds = load_bytes(sample_bytes(), "sample.csv").unwrap().dataset;
    let ages = ints(&ds, Official::VictAge);
    let crimes = ints(&ds, Official::CrmCd);
    let ColumnData::Float(lats) = &ds.official(Official::Lat).unwrap().data else { panic!() };
    let mut zero_lat = 0;
    for (i, r) in records.iter().enumerate() {
        assert_eq!(ages[i], r[age].parse::<i32>().unwrap(), "row {i}");
        assert_eq!(crimes[i], r[crm].parse::<i32>().unwrap(), "row {i}");
        let expected: f64 = r[lat].parse().unwrap();
        if expected == 0.0 {
            zero_lat += 1;
            assert!(lats[i].is_nan(), "LAT 0 is missing");
        } else {
            assert_eq!(lats[i], expected);
        }
        assert_eq!(text(&ds, Official::AreaName, i), r[area_name].trim());
    }
    assert_eq!(ds.official(Official::Lat).unwrap().data.missing_count(), zero_lat);
    let descs = match &ds.official(Official::CrmCdDesc).unwrap().data {
        ColumnData::Category { dict, .. } => dict.len(),
        _ => panic!(),
    };
    let distinct: std::collections::HashSet<&str> = records.iter().map(|r| &r[col("Crm Cd Desc")]).collect();
    assert_eq!(descs, distinct.len());
}

#[test]
fn parallel_parts_equal_a_single_parse() {
    let bytes = sample_bytes();
    let plan = ParsePlan::from_head(&bytes[..1 << 20], false).unwrap();
    let whole = load_bytes(bytes, "s").unwrap().dataset;
    for n in [2, 3, 7] {
        let parts = Part::split(bytes.len() as u64, n)
            .into_iter()
            .map(|part| {
                let from = part.read_from() as usize;
                let ds = parse_part(&bytes[from..], &plan, part, &mut |_| true).unwrap().dataset;
                // Parts also survive the trip between workers.
                wire::decode(&wire::encode(&ds)).unwrap()
            })
            .collect();
        let joined = Dataset::concat(parts);
        assert_eq!(joined.rows(), whole.rows(), "{n} parts");
        for (a, b) in joined.columns().iter().zip(whole.columns()) {
            for row in (0..whole.rows()).step_by(97) {
                assert_eq!(a.data.format(row), b.data.format(row), "{} row {row}, {n} parts", a.name);
            }
        }
    }
}

#[test]
fn accepts_official_header_any_order_and_trailing_space() {
    let loaded = load(&format!("{OFFICIAL_HEADER}\n{OFFICIAL_ROW}\n")).unwrap();
    assert_eq!(loaded.card.rows, 1);
    assert_eq!(loaded.card.columns, 28);
    assert!(loaded.card.warnings.is_empty(), "{:?}", loaded.card.warnings);
    assert_eq!(ints(&loaded.dataset, Official::Area)[0], 8);
    // Reversed column order.
    let rev = |line: &str| {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
        let rec = rdr.records().next().unwrap().unwrap();
        let mut w = csv::Writer::from_writer(vec![]);
        w.write_record(rec.iter().rev()).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    };
    let loaded = load(&format!("{}{}", rev(OFFICIAL_HEADER), rev(OFFICIAL_ROW))).unwrap();
    assert_eq!(ints(&loaded.dataset, Official::CrmCd)[0], 624);
    assert_eq!(text(&loaded.dataset, Official::Location, 0), "100 S ACARI DR");
}

#[test]
fn accepts_api_names_semicolons_and_bom() {
    let csv = "\u{feff}dr_no;date_occ;time_occ;area;crm_cd;part_1_2\n1;2020-01-02T00:00:00.000;5;3;510;1\n";
    let loaded = load(csv).unwrap();
    assert_eq!(loaded.card.rows, 1);
    assert_eq!(loaded.card.date_min.as_deref(), Some("2020-01-02"));
    assert_eq!(ints(&loaded.dataset, Official::Part12)[0], 1);
}

#[test]
fn extra_columns_are_typed_by_inference_and_widened() {
    let mut csv = String::from("DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,count,score,when,label,later\n");
    for i in 0..10 {
        csv.push_str(&format!("{i},1/2/2020,5,3,510,{i},{i}.5,3/4/2021,x{i},{i}\n"));
    }
    csv.push_str("99,1/2/2020,5,3,510,7,1.5,3/4/2021,y,not a number\n");
    let ds = load(&csv).unwrap().dataset;
    assert_eq!(ds.column("count").unwrap().data.kind(), Kind::Int);
    assert_eq!(ds.column("score").unwrap().data.kind(), Kind::Float);
    assert_eq!(ds.column("when").unwrap().data.kind(), Kind::Date);
    assert_eq!(ds.column("label").unwrap().data.kind(), Kind::Category);
    let later = &ds.column("later").unwrap().data;
    assert_eq!(later.kind(), Kind::Category);
    assert_eq!(later.format(3), "3");
    assert_eq!(later.format(10), "not a number");
}

#[test]
fn ragged_rows_are_counted_not_fatal() {
    let csv =
        format!("{OFFICIAL_HEADER}\n{OFFICIAL_ROW}\n1,2,3\n{OFFICIAL_ROW}\n{OFFICIAL_ROW},extra,fields\n");
    let loaded = load(&csv).unwrap();
    assert_eq!(loaded.card.rows, 2);
    assert_eq!(loaded.card.skipped, 2);
    let r = &loaded.card.skipped_reasons[0];
    assert_eq!(r.reason, "wrong number of fields");
    assert_eq!(r.lines, vec![3, 5]);
}

#[test]
fn a_truncated_last_line_is_reported_as_such() {
    let cut = &OFFICIAL_ROW[..60];
    let loaded = load(&format!("{OFFICIAL_HEADER}\n{OFFICIAL_ROW}\n{cut}")).unwrap();
    assert_eq!(loaded.card.rows, 1);
    assert_eq!(loaded.card.skipped_reasons.len(), 1);
    assert_eq!(loaded.card.skipped_reasons[0].reason, "truncated last line");
    assert_eq!(loaded.card.skipped_reasons[0].lines, vec![3]);
}

#[test]
fn invalid_utf8_is_read_with_replacements_and_reported() {
    let mut bytes = format!("{OFFICIAL_HEADER}\n").into_bytes();
    bytes.extend_from_slice(OFFICIAL_ROW.replace("West LA", "West L\u{0}A").as_bytes());
    let row = bytes.iter().position(|&b| b == 0).unwrap();
    bytes[row] = 0xE9; // Latin-1 'é', invalid UTF-8
    bytes.push(b'\n');
    let loaded = load_bytes(&bytes, "latin1.csv").unwrap();
    assert_eq!(loaded.card.rows, 1);
    assert_eq!(text(&loaded.dataset, Official::AreaName, 0), "West L\u{FFFD}A");
    assert!(loaded.card.warnings.iter().any(|w| w.contains("not valid UTF-8")), "{:?}", loaded.card.warnings);
}

#[test]
fn invalid_values_in_typed_columns_become_missing_and_are_counted() {
    let row = OFFICIAL_ROW.replacen(",50,F,", ",fifty,F,", 1);
    let loaded = load(&format!("{OFFICIAL_HEADER}\n{row}\n")).unwrap();
    assert_eq!(ints(&loaded.dataset, Official::VictAge)[0], MISSING_INT);
    let info = loaded.card.column_info.iter().find(|c| c.name == "Vict Age").unwrap();
    assert_eq!(info.invalid, 1);
    assert!(loaded.card.warnings.iter().any(|w| w.starts_with("Vict Age: 1 values")));
}

fn kind_of(err: crimelab::core::Error) -> ErrorKind {
    err.into_kind()
}

#[test]
fn empty_and_header_only_files() {
    assert!(matches!(kind_of(load("").unwrap_err()), ErrorKind::Empty { header_only: false }));
    assert!(matches!(kind_of(load("  \n\n").unwrap_err()), ErrorKind::Empty { header_only: false }));
    let err = load(&format!("{OFFICIAL_HEADER}\n")).unwrap_err();
    assert_eq!(err.to_string(), "The file has a header but no data rows.");
}

#[test]
fn files_that_are_not_csv_say_what_they_look_like() {
    let cases: [(&[u8], &str); 5] = [
        (b"\x89PNG\r\n\x1a\n\0\0", "an image"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"\xff\xfeD\0R\0", "UTF-16"),
        (b"{\"type\": \"FeatureCollection\"}", "JSON"),
        (b"\x1f\x8b\x08\0", "gzip"),
    ];
    for (bytes, expected) in cases {
        let err = load_bytes(bytes, "x").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NotCsv { .. }));
        assert!(err.to_string().contains(expected), "{err}");
    }
}

#[test]
fn a_csv_without_the_export_columns_names_what_is_missing() {
    let err = load("name,age\nann,3\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "This does not look like the LA crime export: missing columns DR_NO, DATE OCC, TIME OCC, AREA, Crm Cd. Found: name, age."
    );
    let err = load("DR_NO,DATE OCC,TIME OCC,AREA\n1,1/1/2020,1,1\n").unwrap_err();
    assert!(err.to_string().contains("missing columns Crm Cd."), "{err}");
}

#[test]
fn streaming_reader_matches_in_memory_load() {
    let bytes = sample_bytes();
    let streamed = crimelab::core::data::load_reader(std::io::Cursor::new(&bytes)).unwrap();
    assert_eq!(streamed.rows(), 12_954);
    assert_eq!(streamed.date_range(), load_bytes(bytes, "s").unwrap().dataset.date_range());
}

#[test]
fn cli_load_prints_the_card_as_json() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crimelab"))
        .args(["load", sample_path(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rows"], 12954);
    assert_eq!(json["columns"], 36);
    assert_eq!(json["date_min"], "2020-03-15");
    assert_eq!(json["date_max"], "2021-07-31");
    assert_eq!(json["skipped"], 0);
    assert!(json["skipped_reasons"].as_array().unwrap().is_empty());
}

#[test]
fn cli_load_rejects_bad_input_with_a_message() {
    let dir = crate::support::TempDir::new("load-bad");
    let path = dir.join("bad.csv");
    std::fs::write(&path, "name,age\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crimelab"))
        .args(["load", path.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not look like the LA crime export"));
}
