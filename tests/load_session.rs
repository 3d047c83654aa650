//! The page's side of a load ([`LoadSession`]), driven natively as the page drives it: parts
//! parsed as the parse workers parse them, their messages delivered in a seeded random order,
//! a part parsed again when the session asks, and the parts joined as the engine joins them.

use crimelab::core::data::{
    load_bytes, parse_part, wire, Dataset, ParsePlan, Part, PartProgress, HEAD_BYTES,
};
use crimelab::core::protocol::ParseEvent;
use crimelab::core::rng::Rng;
use crimelab::core::session::load::{check_browser_size, parse_workers};
use crimelab::core::session::payload::join_parts;
use crimelab::core::session::{LoadSession, LoadStep};
use crimelab::core::ErrorKind;

use crate::support::{assert_same_dataset, sample, sample_bytes};

/// A file whose notes hold quoted, record-shaped lines: a part that starts inside one guesses
/// its first record wrong.
fn trap_file() -> Vec<u8> {
    let mut text = String::from("DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,notes\n");
    for i in 0..400u64 {
        let note = if i % 4 == 0 {
            let fake: String = (0..12)
                .map(|j| format!("{},1/{}/2021,{},3,624,plain\n", 900_000_000 + j, 1 + j % 28, j))
                .collect();
            format!("\"{fake}\"")
        } else {
            "plain".to_owned()
        };
        text.push_str(&format!(
            "{},1/{}/2021,{},{},624,{note}\n",
            200_000_000 + i,
            1 + i % 28,
            i % 2400,
            1 + i % 21
        ));
    }
    text.into_bytes()
}

/// What a parse worker posts for `part` of `bytes`: its progress reports, then `Done` with the
/// part's columns (through the wire format, as the browser transfers them).
fn worker_messages(bytes: &[u8], part: Part) -> Vec<(ParseEvent, Option<Vec<u8>>)> {
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let plan = ParsePlan::from_head(head, bytes.len() <= HEAD_BYTES).unwrap();
    let mut reports: Vec<PartProgress> = Vec::new();
    let parsed = parse_part(&bytes[part.read_from() as usize..], &plan, part, &mut |p| {
        reports.push(p);
        true
    })
    .unwrap();
    let mut out: Vec<_> = reports.into_iter().map(|p| (ParseEvent::Progress(p), None)).collect();
    let rows = parsed.dataset.rows() as u64;
    let done = ParseEvent::Done { bounds: parsed.bounds, rows, parse_ms: 1.0, encode_ms: 0.5 };
    out.push((done, Some(wire::encode(&parsed.dataset))));
    out
}

/// Drives a load of `bytes` cut into `parts` with messages in a seeded random order (each
/// worker's own messages stay in order, as a worker's do); returns the joined dataset, how many
/// parts were parsed again and the stage names.
fn drive(bytes: &[u8], parts: Vec<Part>, seed: u64) -> (Dataset, usize, Vec<String>) {
    let mut rng = Rng::new(seed);
    let mut session: LoadSession<Vec<u8>> = LoadSession::new("trap.csv", bytes.len() as u64, parts);
    session.record_stage("start parse workers", 2.0);
    // One queue per worker; a random non-empty queue delivers next.
    let mut queues: Vec<Vec<(ParseEvent, Option<Vec<u8>>)>> =
        session.parts().iter().map(|&p| worker_messages(bytes, p)).collect();
    let mut again = 0;
    loop {
        let ready: Vec<usize> = (0..queues.len()).filter(|&i| !queues[i].is_empty()).collect();
        assert!(!ready.is_empty(), "every worker is done but the load did not complete");
        let index = ready[rng.below(ready.len() as u64) as usize];
        let (event, payload) = queues[index].remove(0);
        match session.on_event(index, event, payload, 10.0) {
            LoadStep::Nothing | LoadStep::Progress | LoadStep::Waiting => {}
            LoadStep::Again { index, part } => {
                assert!(part.exact, "a part parsed again starts at a true boundary");
                assert!(queues[index].is_empty(), "only a finished part is parsed again");
                queues[index] = worker_messages(bytes, part);
                again += 1;
            }
            LoadStep::Complete { parts, stages_ms } => {
                assert!(queues.iter().all(Vec::is_empty), "complete while a worker still had messages");
                let joined = join_parts(&parts).unwrap();
                let datasets = parts.iter().map(|b| wire::decode(b).unwrap()).collect();
                assert_same_dataset(&Dataset::concat(datasets), &joined, "joined as concat joins");
                return (joined, again, stages_ms.into_keys().collect());
            }
            LoadStep::Failed(message) => panic!("the load failed: {message}"),
        }
    }
}

#[test]
fn any_split_and_any_message_order_give_the_dataset_of_one_parse() {
    let bytes = trap_file();
    let whole = load_bytes(&bytes, "trap.csv").unwrap().dataset;
    assert_eq!(whole.rows(), 400);
    let mut again_total = 0;
    for workers in 1..=6 {
        for seed in 0..5 {
            let parts = Part::split(bytes.len() as u64, workers);
            let (joined, again, stages) = drive(&bytes, parts, seed * 31 + workers as u64);
            assert_same_dataset(&whole, &joined, &format!("{workers} workers, order {seed}"));
            again_total += again;
            assert!(stages.contains(&"start parse workers".to_owned()));
            assert!(stages.contains(&format!("part {workers} parse")), "{stages:?}");
            if again > 0 {
                assert!(stages.iter().any(|s| s.contains(" again parse")), "{stages:?}");
            }
        }
    }
    // The trap's record-shaped notes do make some guesses wrong; the session catches them.
    assert!(again_total > 0, "no part was parsed again");
}

#[test]
fn the_bundled_sample_loads_the_same_in_four_parts() {
    // About loading: the session parses the bytes itself, compared with the cached load.
    let bytes = sample_bytes();
    let (joined, _, _) = drive(bytes, Part::split(bytes.len() as u64, 4), 7);
    assert_same_dataset(sample(), &joined, "sample in four parts");
}

#[test]
fn progress_sums_the_parts_and_a_failure_ends_the_load() {
    let mut session: LoadSession<()> = LoadSession::new("f.csv", 1000, Part::split(1000, 2));
    let report = |bytes, rows| ParseEvent::Progress(PartProgress { bytes, rows });
    assert!(matches!(session.on_event(0, report(300, 10), None, 5.0), LoadStep::Progress));
    assert!(matches!(session.on_event(1, report(200, 7), None, 6.0), LoadStep::Progress));
    assert_eq!((session.progress().bytes(), session.progress().rows()), (500, 17));
    // A message for a part the load does not have changes nothing.
    assert!(matches!(session.on_event(5, report(1, 1), None, 7.0), LoadStep::Nothing));
    let failed = ParseEvent::Failed { message: "the file is not UTF-8".into() };
    match session.on_event(1, failed, None, 8.0) {
        LoadStep::Failed(message) => assert_eq!(message, "f.csv: the file is not UTF-8"),
        other => panic!("{other:?}"),
    }
    // After the failure, late messages from the other worker change nothing.
    assert!(matches!(session.on_event(0, report(400, 12), None, 9.0), LoadStep::Nothing));
    assert_eq!(session.progress().bytes(), 500);
}

#[test]
fn a_done_message_without_its_columns_fails_the_load_by_name() {
    let mut session: LoadSession<()> = LoadSession::new("f.csv", 1000, Part::split(1000, 1));
    let bounds = crimelab::core::data::PartBounds { start: Some(0), end: 1000 };
    let done = ParseEvent::Done { bounds, rows: 3, parse_ms: 1.0, encode_ms: 1.0 };
    match session.on_event(0, done, None, 1.0) {
        LoadStep::Failed(message) => assert!(message.starts_with("f.csv: part 1"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn worker_counts_and_the_browser_size_cap() {
    let small = 1 << 20;
    let large = 100 << 20;
    assert_eq!(parse_workers(small, 8), 1, "a small file is parsed by one worker");
    assert_eq!(parse_workers(large, 2), 2);
    assert_eq!(parse_workers(large, 16), 4, "at most four parse workers");
    assert_eq!(parse_workers(large, 0), 1);
    assert!(check_browser_size(0, 1_000_000_000).is_ok());
    let err = check_browser_size(1_000_000_000, 600_000_000).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooLarge { bytes: 1_600_000_000, .. }), "{err}");
}

/// Two small parts with the same columns and different dictionaries.
fn small_parts() -> Vec<Vec<u8>> {
    let head = "DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,Mocodes,AREA NAME,LAT\n";
    let bodies = [
        "1,1/2/2020,5,3,510,0344 1822,Central,34.1\n2,1/3/2020,,4,624,,,0\n",
        "3,1/4/2020,7,5,624,0416,Newton,34.2\n4,1/5/2020,8,3,510,,Central,34.3\n",
    ];
    let encode = |body: &str| {
        let csv = format!("{head}{body}");
        wire::encode(&load_bytes(csv.as_bytes(), "t").unwrap().dataset)
    };
    bodies.iter().map(|b| encode(b)).collect()
}

#[test]
fn the_engine_joins_parts_as_concat_does_and_refuses_a_truncated_part() {
    let parts = small_parts();
    let joined = join_parts(&parts).unwrap();
    let concat = Dataset::concat(parts.iter().map(|p| wire::decode(p).unwrap()).collect());
    assert_eq!(joined.rows(), 4);
    assert_same_dataset(&concat, &joined, "two small parts");
    let mut cut = parts.clone();
    let len = cut[1].len();
    cut[1].truncate(len - 3);
    assert!(join_parts(&cut).is_err());
}
