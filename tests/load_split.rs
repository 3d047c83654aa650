//! Any split of a file gives exactly the dataset of one parse: a property test over seeded
//! random files (quoted fields with delimiters, doubled quotes, LF and CRLF inside quotes, text
//! that looks like records inside quotes, ragged rows, blank lines, CR-only line endings, a
//! truncated last line) and 1–8 parts cut at random offsets.

use crimelab::core::data::{load_bytes, load_path};
use crimelab::core::rng::Rng;

use crate::support::{assert_same_dataset, parse_in_parts};

const HEADER: [&str; 8] = ["DR_NO", "DATE OCC", "TIME OCC", "AREA", "Crm Cd", "notes", "amount", "when"];

/// One random field for column `col` of a row.
fn field(rng: &mut Rng, col: usize, delimiter: char) -> String {
    let pick = rng.below(100);
    match col {
        0 => (200_000_000 + rng.below(1_000_000)).to_string(),
        1 | 7 if pick < 85 => format!("{}/{}/2021", 1 + rng.below(12), 1 + rng.below(28)),
        2 => rng.below(2400).to_string(),
        3 => (1 + rng.below(21)).to_string(),
        4 => ["624", "510", "330", "\"624\""][rng.below(4) as usize].to_owned(),
        // Extra columns that widen in some files: integers, decimals, text, padded numbers.
        6 => match pick {
            0..=79 => rng.below(500).to_string(),
            80..=87 => format!("00{}", rng.below(9)),
            88..=93 => format!("{}.50", rng.below(9)),
            _ => "n/a".to_owned(),
        },
        _ => quoted_text(rng, delimiter),
    }
}

/// Text that needs quoting: delimiters, doubled quotes, LF and CRLF line endings, text that looks
/// like a whole record, a stray quote inside an unquoted field, invalid UTF-8.
fn quoted_text(rng: &mut Rng, delimiter: char) -> String {
    let parts = [
        "plain".to_owned(),
        format!("a{delimiter} b"),
        "say \"\"hi\"\"".to_owned(),
        "line\none".to_owned(),
        "line\r\ntwo".to_owned(),
        format!("\n1{d}1/2/2021{d}5{d}3{d}624{d}x{d}1{d}1/2/2021\n", d = delimiter),
        "\r\n\r\n".to_owned(),
        String::new(),
    ];
    match rng.below(12) {
        0 => "ab\"c".to_owned(),
        1 => "caf\u{e9}".to_owned(),
        2 => String::from_utf8_lossy(b"bad \xff byte").into_owned().replace('\u{fffd}', "\u{1}"),
        _ => {
            let n = 1 + rng.below(3);
            let body: String =
                (0..n).map(|_| parts[rng.below(parts.len() as u64) as usize].clone()).collect();
            format!("\"{body}\"")
        }
    }
}

/// A random file: maybe a BOM or blank lines first, header, rows (some ragged or blank), mixed
/// line endings, maybe a truncated last line.
fn random_file(rng: &mut Rng) -> Vec<u8> {
    let delimiter = if rng.below(5) == 0 { ';' } else { ',' };
    let endings = ["\n", "\r\n", "\r"];
    let style = rng.below(4) as usize; // 0–2: one ending for the file, 3: mixed
    let ending = |rng: &mut Rng| endings[if style == 3 { rng.below(3) as usize } else { style }];
    let mut out: Vec<u8> = Vec::new();
    match rng.below(12) {
        0 | 1 => out.extend_from_slice("\u{feff}".as_bytes()),
        2 => out.extend_from_slice(b"\n\r\n"),
        3 => out.extend_from_slice("\u{feff}\n".as_bytes()),
        _ => {}
    }
    out.extend_from_slice(HEADER.join(&delimiter.to_string()).as_bytes());
    out.extend_from_slice(ending(rng).as_bytes());
    let rows = 1 + rng.below(80);
    for _ in 0..rows {
        match rng.below(40) {
            0 => {} // a blank line
            1 => out.extend_from_slice(b"   "),
            _ => {
                let cols = match rng.below(25) {
                    0 => 5,
                    1 => 10,
                    _ => HEADER.len(),
                };
                let fields: Vec<String> = (0..cols).map(|c| field(rng, c.min(7), delimiter)).collect();
                let mut row = fields.join(&delimiter.to_string()).into_bytes();
                for b in row.iter_mut().filter(|b| **b == 1) {
                    *b = 0xFF; // the invalid byte placeholder
                }
                out.extend_from_slice(&row);
            }
        }
        out.extend_from_slice(ending(rng).as_bytes());
    }
    if rng.below(4) == 0 {
        let cut = rng.below(out.len().min(300) as u64) as usize;
        out.truncate(out.len() - cut);
    }
    out
}

/// `n - 1` random cut offsets in `0..=len`, sorted (repeats allowed).
fn random_cuts(rng: &mut Rng, len: usize, n: usize) -> Vec<u64> {
    let mut cuts: Vec<u64> = (1..n).map(|_| rng.below(len as u64 + 1)).collect();
    cuts.sort_unstable();
    cuts
}

#[test]
fn every_split_gives_the_dataset_of_one_parse() {
    let mut rng = Rng::new(20_240_517);
    let (mut files, mut splits, mut again, mut loaded) = (0, 0, 0, 0);
    for case in 0..300 {
        let bytes = random_file(&mut rng);
        let (whole, none_again) = match parse_in_parts(&bytes, &[], false) {
            Ok(whole) => whole,
            Err(_) => continue, // e.g. only a header: the same error for every split below
        };
        assert_eq!(none_again, 0);
        assert_same_dataset(&load_bytes(&bytes, "f").unwrap().dataset, &whole, "load_bytes");
        files += 1;
        loaded += whole.rows();
        for n in 1..=9 {
            let cuts = match n {
                // Cuts in the first bytes: through a byte-order mark and leading blank lines.
                9 => vec![rng.below(4), 4 + rng.below(4)],
                _ => random_cuts(&mut rng, bytes.len(), n),
            };
            let via_wire = rng.below(2) == 0;
            let (split, reparsed) = parse_in_parts(&bytes, &cuts, via_wire).unwrap();
            let context = format!("case {case}, cuts {cuts:?}");
            assert_same_dataset(&whole, &split, &context);
            splits += 1;
            again += reparsed;
        }
    }
    assert!(files > 250 && loaded > 8_000, "{files} files, {loaded} rows");
    // The guesses are checked, not trusted: some were wrong and the part was parsed again.
    assert!(again > 0 && again < splits, "{again} parts parsed again in {splits} splits");
}

#[test]
fn a_split_at_every_offset_of_a_small_file_gives_the_same_dataset() {
    let mut rng = Rng::new(7);
    let bytes = loop {
        let bytes = random_file(&mut rng);
        if (700..1400).contains(&bytes.len())
            && bytes.starts_with(b"\n")
            && bytes.windows(2).any(|w| w == b"\r\n")
        {
            break bytes;
        }
    };
    let (whole, _) = parse_in_parts(&bytes, &[], false).unwrap();
    for cut in 0..=bytes.len() as u64 {
        let (split, _) = parse_in_parts(&bytes, &[cut], false).unwrap();
        assert_same_dataset(&whole, &split, &format!("cut at {cut}"));
    }
}

#[test]
fn load_path_gives_the_same_dataset_for_any_thread_count() {
    // Over 8 MB, so that threads split it: rows whose notes hold quoted line endings.
    let mut text = String::from("DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,notes\n");
    let mut i = 0u64;
    while text.len() < 9 << 20 {
        let note = if i % 3 == 0 { "\"first line\nsecond, line\r\nthird\"" } else { "plain" };
        text.push_str(&format!(
            "{},1/{}/2021,{},{},624,{note}\n",
            200_000_000 + i,
            1 + i % 28,
            i % 2400,
            1 + i % 21
        ));
        i += 1;
    }
    let dir = crate::support::TempDir::new("load-split");
    let path = dir.join("split.csv");
    std::fs::write(&path, &text).unwrap();
    let one = load_path(&path, 1).unwrap();
    assert_eq!(one.dataset.rows() as u64, i);
    assert_eq!(one.card.skipped, 0);
    for threads in [2, 3, 4, 7] {
        let many = load_path(&path, threads).unwrap();
        assert_same_dataset(&one.dataset, &many.dataset, &format!("{threads} threads"));
    }
}
