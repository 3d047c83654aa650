//! Hostile input: mutated copies of a small real extract and crafted files each end in a
//! dataset or a clear, short error (never a panic or a hang), and loading them in one part or
//! in several gives the same answer.

use crimelab::core::data::{load_bytes, Dataset, MAX_COLUMNS, MAX_RECORD_BYTES};
use crimelab::core::rng::Rng;
use crimelab::core::ErrorKind;

use crate::support::{assert_same_dataset, parse_in_parts, sample_bytes};

/// Longest error message accepted: a few names and "and N more", whatever the file holds.
const MAX_MESSAGE: usize = 500;

/// The header and the first `rows` rows of the real extract.
fn extract(rows: usize) -> Vec<u8> {
    let sample = sample_bytes();
    let end =
        sample.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(rows).map_or(sample.len(), |(i, _)| i + 1);
    sample[..end].to_vec()
}

/// Loads `bytes` in one part and, when that works, in `parts` random parts: both must agree,
/// and an error must be short. Returns the dataset or the error message.
fn check(bytes: &[u8], rng: &mut Rng, what: &str) -> Result<Dataset, String> {
    let one = load_bytes(bytes, "hostile.csv");
    let cuts = {
        let n = 1 + rng.below(5) as usize;
        let mut cuts: Vec<u64> = (0..n).map(|_| rng.below(bytes.len() as u64 + 1)).collect();
        cuts.sort_unstable();
        cuts
    };
    let many = parse_in_parts(bytes, &cuts, rng.below(2) == 0);
    match (one, many) {
        (Ok(one), Ok((many, _))) => {
            assert_same_dataset(&one.dataset, &many, &format!("{what}, cuts {cuts:?}"));
            Ok(one.dataset)
        }
        (Err(a), Err(b)) => {
            let message = a.to_string();
            assert_eq!(message, b.to_string(), "{what}");
            assert!(
                !message.is_empty() && message.len() <= MAX_MESSAGE,
                "{what}: {} chars: {message}",
                message.len()
            );
            Err(message)
        }
        (a, b) => panic!(
            "{what}: one part gave {:?}, several gave {:?}",
            a.map(|l| l.card.rows),
            b.map(|d| d.0.rows())
        ),
    }
}

/// A random mutation of `base`.
fn mutate(base: &[u8], rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let mut bytes = base.to_vec();
    let at = |rng: &mut Rng, len: usize| rng.below(len as u64 + 1) as usize;
    let kind = rng.below(9);
    let name = match kind {
        0 => {
            bytes.truncate(at(rng, base.len()));
            "truncated"
        }
        1 => {
            for _ in 0..1 + rng.below(20) {
                let i = at(rng, bytes.len() - 1);
                bytes[i] = rng.below(256) as u8;
            }
            "flipped bytes"
        }
        2 => {
            const NASTY: &[u8] = b"\"\n\r,;\0\xff\xfe\t ";
            for _ in 0..1 + rng.below(20) {
                let i = at(rng, bytes.len());
                bytes.insert(i, NASTY[rng.below(NASTY.len() as u64) as usize]);
            }
            "inserted bytes"
        }
        3 => {
            for _ in 0..1 + rng.below(5) {
                let i = at(rng, bytes.len());
                let n = (rng.below(400) as usize).min(bytes.len() - i);
                bytes.drain(i..i + n);
            }
            "deleted ranges"
        }
        4 => {
            for _ in 0..1 + rng.below(6) {
                let i = at(rng, bytes.len());
                bytes.insert(i, b'"');
            }
            "injected quotes"
        }
        5 => {
            for _ in 0..1 + rng.below(10) {
                let i = at(rng, bytes.len() - 1);
                bytes[i] = 0;
            }
            "NULs"
        }
        6 => {
            // A giant field: over the record cap (skipped) or under it (kept).
            let len = if rng.below(2) == 0 { MAX_RECORD_BYTES as usize + 1000 } else { 300_000 };
            let line_starts: Vec<usize> =
                bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1).collect();
            let i = line_starts[rng.below(line_starts.len() as u64) as usize];
            let field = if rng.below(2) == 0 {
                vec![b'x'; len]
            } else {
                [b"\"".as_slice(), &vec![b'\n'; len], b"\","].concat()
            };
            bytes.splice(i..i, field);
            "giant field"
        }
        7 => {
            bytes.retain(|&b| b != b'\n' && b != b'\r');
            "no line endings"
        }
        _ => {
            let i = at(rng, bytes.len());
            bytes.splice(i..i, b"\"".iter().copied().chain(std::iter::repeat_n(b',', 3000)));
            "a quote and 3,000 delimiters"
        }
    };
    (bytes, name)
}

#[test]
fn mutated_extracts_end_in_a_dataset_or_a_short_error_the_same_for_any_split() {
    let base = extract(120);
    let mut rng = Rng::new(14);
    let (mut datasets, mut errors) = (0, 0);
    for case in 0..250 {
        let (bytes, name) = mutate(&base, &mut rng);
        match check(&bytes, &mut rng, &format!("case {case}: {name}")) {
            Ok(_) => datasets += 1,
            Err(_) => errors += 1,
        }
    }
    assert!(datasets > 150 && errors > 0, "{datasets} datasets, {errors} errors");
}

#[test]
fn a_row_over_the_record_cap_is_skipped_and_reported_with_its_line() {
    let mut bytes = extract(20);
    let line_3 = bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(1).unwrap().0 + 1;
    bytes.splice(line_3..line_3, vec![b'x'; 3 << 20]);
    let mut rng = Rng::new(1);
    let ds = check(&bytes, &mut rng, "giant row").unwrap();
    assert_eq!(ds.rows(), 19);
    let reason = &ds.skipped().reasons["row longer than 1 MiB"];
    assert_eq!((reason.count, reason.lines.as_slice()), (1, [3].as_slice()));
}

#[test]
fn hostile_headers_get_a_clear_short_error() {
    let mut rng = Rng::new(2);
    let row = "1,1/1/2020,1,1,624";
    let wide = format!("DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,{}\n{row}\n", vec!["x"; 20_000].join(","));
    let message = check(wide.as_bytes(), &mut rng, "20,000 columns").unwrap_err();
    assert_eq!(message, "Too many columns: 20,005 in the header, where Crime Lab accepts at most 1,000.");
    let dups = format!("{}\n", vec!["AREA"; 10_000].join(","));
    let message = check(dups.as_bytes(), &mut rng, "10,000 duplicate names").unwrap_err();
    assert!(message.starts_with("Too many columns: 10,000"), "{message}");
    // Under the cap, duplicates load with unique names.
    let n = MAX_COLUMNS - 5;
    let dups =
        format!("DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,{}\n{row}{}\n", vec!["x"; n].join(","), ",1".repeat(n));
    let ds = check(dups.as_bytes(), &mut rng, "995 duplicate names").unwrap();
    assert_eq!(ds.columns().len(), MAX_COLUMNS);
    assert_eq!(ds.columns().last().unwrap().name, format!("x ({n})"));
    // A header that names nothing the export has.
    let other: String = (0..900).map(|i| format!("a rather long column name number {i},")).collect();
    let message = check(format!("{other}\n1\n").as_bytes(), &mut rng, "900 other names").unwrap_err();
    assert!(message.contains("and 893 more"), "{message}");
    // A header line without end, longer than the head read to plan.
    let endless = format!("DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,{}", "y".repeat(2 << 20));
    let err = load_bytes(endless.as_bytes(), "h").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Limit { .. }), "{err}");
}

#[test]
fn crafted_files_end_in_a_clear_outcome() {
    let mut rng = Rng::new(3);
    let header_only = extract(0);
    assert_eq!(
        check(&header_only, &mut rng, "only a header").unwrap_err(),
        "The file has a header but no data rows."
    );
    let no_newline = &header_only[..header_only.len() - 2];
    assert_eq!(
        check(no_newline, &mut rng, "a header without newline").unwrap_err(),
        "The file has a header but no data rows."
    );
    let mut utf16 = vec![0xEF, 0xBB, 0xBF];
    utf16.extend("DR_NO,DATE OCC\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert!(check(&utf16, &mut rng, "BOM + UTF-16").unwrap_err().contains("not a CSV"));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("DR_NO,DATE OCC\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert!(check(&utf16, &mut rng, "UTF-16 with its BOM").unwrap_err().contains("UTF-16"));
    // NULs after the first 4 kB (before them the file would look binary): one short last row.
    let nul_rows = [extract(30), vec![0; 5000]].concat();
    let ds = check(&nul_rows, &mut rng, "NUL tail").unwrap();
    assert_eq!((ds.rows(), ds.skipped().total()), (30, 1));
    for text in ["", "\n\n\r\n", "\u{feff}", "\"", "DR_NO"] {
        assert!(check(text.as_bytes(), &mut rng, text).is_err(), "{text:?}");
    }
}

#[test]
fn cli_refuses_a_hostile_header_with_a_short_message() {
    let dir = crate::support::TempDir::new("load-wide");
    let path = dir.join("wide.csv");
    std::fs::write(&path, format!("{}\n", vec!["DR_NO"; 20_000].join(","))).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crimelab"))
        .args(["load", path.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Too many columns: 20,000 in the header") && stderr.len() < 300, "{stderr}");
}
