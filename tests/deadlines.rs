//! Worker deadlines ([`Deadlines`]): a request is due within a deadline of the worker's silence,
//! progress restarts the clock, and the oldest waiting request is the one that counts.

use crimelab::core::protocol::EngineRequest;
use crimelab::core::session::deadline::{engine_deadline, TRAINER_DEADLINE_MS};
use crimelab::core::session::Deadlines;

#[test]
fn a_silent_worker_is_overdue_and_progress_restarts_the_clock() {
    let mut d = Deadlines::new(0.0);
    assert_eq!(d.overdue(1e9), None, "nothing waiting, nothing overdue");
    d.request("training", 1_000.0, 100.0);
    assert_eq!(d.waiting_for(), Some("training"));
    assert_eq!(d.overdue(1_100.0), None, "exactly at the deadline is not over it");
    // Progress at 900 ms: the worker is alive, the clock starts again.
    d.heard(900.0);
    assert_eq!(d.overdue(1_800.0), None);
    assert_eq!(d.overdue(1_901.0), Some(("training".to_owned(), 1_000.0)));
}

#[test]
fn the_oldest_request_counts_and_the_next_clock_starts_at_its_answer() {
    let mut d = Deadlines::new(0.0);
    d.request("the dashboard", 500.0, 0.0);
    // A second request queued later does not restart the first one's clock.
    d.request("a page of rows", 10_000.0, 400.0);
    assert_eq!(d.overdue(501.0), Some(("the dashboard".to_owned(), 500.0)));
    d.answered(450.0);
    assert_eq!(d.waiting_for(), Some("a page of rows"));
    assert_eq!(d.overdue(10_449.0), None);
    assert_eq!(d.overdue(10_451.0), Some(("a page of rows".to_owned(), 10_000.0)));
    d.answered(10_460.0);
    assert_eq!((d.waiting_for(), d.overdue(1e12)), (None, None));
}

#[test]
fn every_engine_request_has_a_named_generous_deadline() {
    let ingest = EngineRequest::Ingest {
        load: 1,
        file_name: "f.csv".into(),
        append: false,
        file_bytes: 1,
        elapsed_ms: 0.0,
        page_size: 50,
        stages_ms: Default::default(),
    };
    for request in [ingest, EngineRequest::ShareDataset, EngineRequest::WhatIfOptions] {
        let (what, ms) = engine_deadline(&request);
        assert!(!what.is_empty());
        assert!(ms >= 60_000.0, "{what}: {ms} ms is not generous on a slow machine");
    }
    const { assert!(TRAINER_DEADLINE_MS >= 300_000.0) };
}
