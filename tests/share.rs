//! Links that restore a view: every setting round-trips through the hash, and a hostile or
//! mistaken link is read key by key, naming what it leaves out.

use crimelab::core::eda::Filters;
use crimelab::core::share::{DataRef, SharedView, MAX_LINK_CHARS, SAMPLE_FILE_NAME};
use crimelab::core::whatif::Incident;
use crimelab::core::ErrorKind;

fn full_view() -> SharedView {
    SharedView {
        data: Some(DataRef::File { name: "crimes-2024 & more.csv".into(), rows: 1_005_000 }),
        target: Some("Weapon Desc".into()),
        split: Some("random".into()),
        model: Some("random-forest".into()),
        params: Some(r#"{"n_trees":40,"max_depth":12}"#.into()),
        filters: Filters {
            date_from: Some("2020-05-01".into()),
            date_to: Some("2021-02-28".into()),
            divisions: vec![8, 14],
            crime_codes: Vec::new(),
            crime_descs: vec![
                "THEFT-GRAND ($950.01 & OVER)EXCPT,GUNS,FOWL,LIVESTK,PROD".into(),
                "BURGLARY".into(),
            ],
        },
        whatif: Some(Incident {
            date: "2021-03-04".into(),
            time: "22:15".into(),
            area: 8,
            premise_code: Some(101),
            premise: "STREET".into(),
            victim_age: Some(34),
            victim_sex: "F".into(),
            lat: Some(34.0701),
            lon: Some(-118.4679),
            mocodes: "0416 1822".into(),
            ..Incident::default()
        }),
    }
}

#[test]
fn every_setting_round_trips_through_a_url_safe_hash() {
    let view = full_view();
    let hash = view.to_hash();
    assert!(hash.starts_with("v=1&file="), "{hash}");
    assert!(
        hash.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~,:%=&".contains(&b)),
        "not URL-safe: {hash}"
    );
    let parsed = SharedView::from_hash(&format!("#{hash}")).unwrap();
    assert!(parsed.problems.is_empty(), "{}", parsed.message());
    assert_eq!(parsed.view, view);
    // An empty view is the bare version; the sample is a flag.
    assert_eq!(SharedView::default().to_hash(), "v=1");
    let sample = SharedView { data: Some(DataRef::Sample), ..SharedView::default() };
    assert_eq!(SharedView::from_hash("#sample").unwrap().view, sample);
    assert_eq!(SharedView::from_hash("data=sample&v=1").unwrap().view, sample);
}

#[test]
fn unknown_keys_and_bad_values_are_named_and_the_rest_still_applies() {
    let parsed = SharedView::from_hash(
        "#v=1&sample&modle=gbdt&split=sideways&model=tree&div=8,99&from=2021-13-01&to=2021-06-30\
         &params=%7B%22max_depht%22%3A3%7D&target=arrest&crime=%ZZ&rows=lots",
    )
    .unwrap();
    let messages: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
    let all = messages.join("\n");
    for expected in [
        "link: unknown setting \"modle\"",
        "link: split = \"sideways\" is not valid; it must be one of: time, random",
        "link: div = \"99\" is not valid",
        "link: from = \"2021-13-01\" is not valid; it must be a date YYYY-MM-DD",
        "tree: unknown setting \"max_depht\"",
        "link: crime = badly encoded",
        "link: rows = \"lots\" is not valid; it must be a whole number",
    ] {
        assert!(all.contains(expected), "{expected} missing from:\n{all}");
    }
    assert!(matches!(parsed.problems[0].kind(), ErrorKind::UnknownKey { .. }));
    assert!(parsed.message().starts_with("Parts of this link could not be used"));
    // What was valid is kept.
    let view = parsed.view;
    assert_eq!(view.data, Some(DataRef::Sample));
    assert_eq!((view.model.as_deref(), view.target.as_deref()), (Some("tree"), Some("arrest")));
    assert_eq!((view.split, view.params), (None, None));
    assert_eq!(view.filters.date_to.as_deref(), Some("2021-06-30"));
    assert!(view.filters.divisions.is_empty() && view.filters.date_from.is_none());
}

#[test]
fn hostile_links_are_refused_or_read_within_bounds() {
    // Over the cap: refused whole, before anything is read.
    let huge = format!("#v=1&target={}", "a".repeat(MAX_LINK_CHARS));
    let err = SharedView::from_hash(&huge).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Limit { .. }), "{err}");
    // Malformed pairs, repeated keys, wrong types, control characters, JSON of the wrong shape.
    let cases: &[(&str, &str)] = &[
        ("v=2", "link: v = \"2\" is not valid"),
        ("model=tree&model=knn", "link: model = given twice"),
        ("sample=yes", "link: sample = \"yes\" is not valid; it must be no value"),
        ("target=a%0Ab", "link: target"),
        ("whatif=%5B1%2C2%5D", "link: whatif"),
        ("whatif=%7B%22area%22%3A%22eight%22%7D", "link: whatif: area"),
        ("whatif=%7B%22colour%22%3A1%7D", "unknown setting \"colour\""),
        ("params=not%20json", "gbdt"),
        ("params=%5B50%5D", "gbdt"),
        ("from=2021-06-01&to=2021-01-01", "date_to"),
        ("file=a.csv", "link: rows is missing"),
        ("sample&file=a.csv&rows=3", "link: file = given with sample"),
        ("div=", "link: div"),
        ("target=", "link: target"),
        ("%F0%9F=1", "unknown setting"),
        ("===&&&=", "unknown setting \"\""),
    ];
    for (hash, expected) in cases {
        let parsed = SharedView::from_hash(hash).unwrap();
        let message = parsed.message();
        assert!(message.contains(expected), "{hash}: {expected} missing from: {message}");
    }
    // Long lists and texts are cut off by name, and nothing in a link grows without bound.
    let divisions = vec!["8"; 300].join(",");
    let parsed = SharedView::from_hash(&format!("div={divisions}")).unwrap();
    assert!(parsed.message().contains("div"), "{}", parsed.message());
    let crimes: String = (0..250).map(|i| format!("crime=C{i}&")).collect();
    let parsed = SharedView::from_hash(&crimes).unwrap();
    assert_eq!(parsed.view.filters.crime_descs.len(), 200);
    assert_eq!(parsed.problems.len(), 50);
    let long = format!("target={}", "x".repeat(400));
    assert!(SharedView::from_hash(&long).unwrap().message().contains("at most 300 characters"));
    // Arbitrary bytes never panic.
    let mut state = 7u64;
    for _ in 0..2_000 {
        let len = (state % 64) as usize;
        let text: String = (0..len)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                b"v=1&%#+sampledivrowsfile0123456789AZaz,:;\xff"[(state >> 33) as usize % 44] as char
            })
            .collect();
        let _ = SharedView::from_hash(&text);
    }
}

#[test]
fn a_link_made_with_other_data_says_so_and_the_same_data_says_nothing() {
    let view = SharedView {
        data: Some(DataRef::File { name: "crimes-2024.csv".into(), rows: 1_005_000 }),
        ..Default::default()
    };
    assert_eq!(
        view.data_note(SAMPLE_FILE_NAME, 12_954).as_deref(),
        Some(
            "This link was made with crimes-2024.csv (1,005,000 rows); you have sample.csv (West LA 2020–21) \
             (12,954 rows) loaded: the settings were applied where they fit."
        )
    );
    assert_eq!(view.data_note("crimes-2024.csv", 1_005_000), None);
    assert!(view.data_note("crimes-2024.csv", 1_000).is_some(), "same name, other rows");
    let sample = SharedView { data: Some(DataRef::Sample), ..Default::default() };
    assert_eq!(sample.data_note(SAMPLE_FILE_NAME, 12_954), None);
    assert!(sample.data_note("mine.csv", 10).unwrap().contains("the bundled sample"));
    assert_eq!(SharedView::default().data_note("mine.csv", 10), None);
    assert_eq!(SharedView::data_of(SAMPLE_FILE_NAME, 12_954), DataRef::Sample);
}
