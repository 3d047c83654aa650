//! Adding a second export: the union of two overlapping slices of the sample is the sample,
//! each incident once; a file with other columns is refused by name and the data stays.

use crimelab::core::data::{load_bytes, Loaded, Official};
use crimelab::core::ErrorKind;

use crate::support::{assert_same_dataset, sample, sample_slice as slice};

fn load(text: &str, name: &str) -> Loaded {
    load_bytes(text.as_bytes(), name).expect("slice loads")
}

#[test]
fn two_overlapping_slices_add_up_to_the_sample_each_incident_once() {
    let mut union = load(&slice(0, 8_000), "a.csv");
    let report = union.append(load(&slice(6_000, 12_954), "b.csv")).unwrap();
    assert_eq!((report.rows_read, report.rows_added, report.duplicates), (6_954, 4_954, 2_000));
    assert_eq!(union.card.rows, 12_954);
    // Same rows, values, dictionaries (in the same order) and card as the sample read whole.
    assert_same_dataset(&union.dataset, sample(), "a.csv + b.csv");
    let sources: Vec<(&str, usize, usize)> =
        union.card.sources.iter().map(|s| (s.file_name.as_str(), s.rows, s.duplicates)).collect();
    assert_eq!(sources, [("a.csv", 8_000, 0), ("b.csv", 4_954, 2_000)]);
    assert_eq!(union.card.file_name, "a.csv + b.csv");
    assert_eq!(union.card.file_bytes, union.card.sources.iter().map(|s| s.file_bytes).sum::<u64>());
}

#[test]
fn a_file_of_the_same_incidents_adds_nothing_and_a_disjoint_one_everything() {
    let mut loaded = load(&slice(0, 3_000), "a.csv");
    let again = loaded.append(load(&slice(0, 3_000), "again.csv")).unwrap();
    assert_eq!((again.rows_added, again.duplicates), (0, 3_000));
    let disjoint = loaded.append(load(&slice(3_000, 4_000), "c.csv")).unwrap();
    assert_eq!((disjoint.rows_added, disjoint.duplicates), (1_000, 0));
    assert_eq!(loaded.dataset.rows(), 4_000);
    assert_eq!(loaded.card.sources.len(), 3);
}

#[test]
fn a_file_with_other_columns_is_refused_by_name_and_the_data_stays() {
    let mut loaded = load(&slice(0, 2_000), "a.csv");
    let before = loaded.card.clone();
    // The same incidents without the `Weapon Desc` column and with a column of its own.
    let text = slice(2_000, 3_000);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        let mut fields: Vec<&str> = record.iter().filter(|f| *f != "Weapon Desc").collect();
        if i > 0 {
            fields.remove(25);
        }
        fields.push(if i == 0 { "Notes" } else { "x" });
        writer.write_record(&fields).unwrap();
    }
    let reshaped = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let err = loaded.append(load(&reshaped, "other.csv")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::ShapeMismatch { .. }), "{err}");
    let message = err.to_string();
    for word in ["other.csv", "Weapon Desc", "Notes"] {
        assert!(message.contains(word), "{word} missing from: {message}");
    }
    assert_eq!(loaded.card, before);
    assert_eq!(loaded.dataset.rows(), 2_000);
}

#[test]
fn the_columns_may_come_in_another_order_and_rows_without_a_dr_no_are_kept() {
    let a = "DR_NO,DATE OCC,TIME OCC,AREA ,Crm Cd,LAT,LON\n\
             1,10/15/2020 12:00:00 AM,2000,8,624,34.07,-118.46\n";
    let b = "LON,LAT,Crm Cd,AREA ,TIME OCC,DATE OCC,DR_NO\n\
             -118.40,34.00,330,8,1200,10/16/2020 12:00:00 AM,\n\
             -118.40,34.00,330,8,1200,10/16/2020 12:00:00 AM,1\n\
             -118.41,34.01,510,7,1300,10/17/2020 12:00:00 AM,2\n";
    let mut loaded = load(a, "a.csv");
    let report = loaded.append(load(b, "b.csv")).unwrap();
    assert_eq!((report.rows_added, report.duplicates), (2, 1));
    let crimes = &loaded.dataset.official(Official::CrmCd).unwrap().data;
    let times = &loaded.dataset.official(Official::TimeOcc).unwrap().data;
    assert_eq!((crimes.format(1), crimes.format(2)), ("330".into(), "510".into()));
    assert_eq!((times.format(1), times.format(2)), ("12:00".into(), "13:00".into()));
}

#[test]
fn an_extra_column_typed_differently_in_the_two_files_is_widened_to_hold_both() {
    let a = "DR_NO,DATE OCC,TIME OCC,AREA ,Crm Cd,LAT,LON,Notes\n\
             1,10/15/2020 12:00:00 AM,2000,8,624,34.07,-118.46,12\n";
    let b = "DR_NO,DATE OCC,TIME OCC,AREA ,Crm Cd,LAT,LON,Notes\n\
             2,10/16/2020 12:00:00 AM,1200,8,330,34.00,-118.40,seen twice\n";
    let mut loaded = load(a, "a.csv");
    assert_eq!(loaded.dataset.column("Notes").unwrap().data.kind(), crimelab::core::data::Kind::Int);
    loaded.append(load(b, "b.csv")).unwrap();
    let notes = &loaded.dataset.column("Notes").unwrap().data;
    assert_eq!(notes.kind(), crimelab::core::data::Kind::Category);
    assert_eq!((notes.format(0), notes.format(1)), ("12".into(), "seen twice".into()));
}
