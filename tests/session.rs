//! The workers' sessions, driven natively: every engine and trainer request, the payloads that
//! travel beside them, cancellation through the progress callback, and the error paths.

use crimelab::core::data::{wire, Dataset};
use crimelab::core::eval::{ExportedModel, ImportanceOptions, TestIncidents, TestPredictions};
use crimelab::core::experiment::{RunConfig, RunEvent};
use crimelab::core::features::FeatureConfig;
use crimelab::core::models::ModelKind;
use crimelab::core::protocol::{
    from_json, to_json, EngineRequest, EngineResponse, TrainerRequest, TrainerResponse,
};
use crimelab::core::session::{EngineSession, Outgoing, Payload, Reply, TrainerSession};

use crate::support::{quick_dataset, quick_runs};

const NO_DATASET: &str = "No dataset is loaded; load a file first.";

fn encoded(ds: &Dataset) -> Vec<u8> {
    wire::encode(ds)
}

fn failed_message(response: &EngineResponse) -> &str {
    match response {
        EngineResponse::Failed { message } => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// The message of a refused load, which names the load it answers.
fn refused_load(response: &EngineResponse) -> &str {
    match response {
        EngineResponse::LoadFailed { load: LOAD, message } => message,
        other => panic!("expected load {LOAD} refused, got {other:?}"),
    }
}

/// The id the page gave the loads of these tests.
const LOAD: u64 = 7;

/// The bytes each outgoing payload of `reply` becomes, given what came with the request.
fn bytes_of<R>(reply: &Reply<'_, R>, received: &[Vec<u8>]) -> Vec<Vec<u8>> {
    reply.payloads.iter().map(|p| p.to_bytes(received)).collect()
}

/// A session holding the quick dataset, ingested as two parts (so twice its rows).
fn loaded_engine() -> EngineSession {
    let mut engine = EngineSession::new();
    let parts = vec![encoded(quick_dataset()), encoded(quick_dataset())];
    let reply = engine.handle(ingest("head.csv"), &parts);
    assert!(matches!(reply.response, EngineResponse::Loaded { .. }), "{:?}", reply.response);
    engine
}

fn ingest(file_name: &str) -> EngineRequest {
    EngineRequest::Ingest {
        load: LOAD,
        file_name: file_name.into(),
        append: false,
        file_bytes: 1_000,
        elapsed_ms: 5.0,
        page_size: 25,
        stages_ms: [("parse".to_owned(), 4.0)].into(),
    }
}

fn no_payload() -> &'static [Vec<u8>] {
    &[]
}

#[test]
fn engine_requests_on_the_dataset_fail_by_name_before_any_load() {
    let mut engine = EngineSession::new();
    let requests = [
        EngineRequest::Dashboard { filters: Default::default(), options: Default::default() },
        EngineRequest::Profile { filters: Default::default() },
        EngineRequest::Page { offset: 0, limit: 10 },
        EngineRequest::WhatIfOptions,
        EngineRequest::ShareDataset,
    ];
    for request in requests {
        let reply = engine.handle(request.clone(), no_payload());
        assert_eq!(failed_message(&reply.response), NO_DATASET, "{request:?}");
        assert!(reply.payloads.is_empty());
    }
}

#[test]
fn ingest_joins_the_parts_and_every_dataset_request_answers_from_them() {
    let ds = quick_dataset();
    let mut engine = EngineSession::new();
    let parts = vec![encoded(ds), encoded(ds)];
    let reply = engine.handle(ingest("head.csv"), &parts);
    let EngineResponse::Loaded { load: LOAD, card, page } = reply.response else {
        panic!("{:?}", reply.response)
    };
    assert_eq!(card.rows, 2 * ds.rows());
    assert_eq!(card.file_name, "head.csv");
    assert!(card.stages_ms.contains_key("parse") && card.stages_ms.contains_key("engine join"));
    assert_eq!((page.offset, page.rows.len(), page.total), (0, 25, 2 * ds.rows()));
    assert_eq!(engine.dataset().map(|(d, n)| (d.rows(), n)), Some((2 * ds.rows(), "head.csv")));

    // The second copy starts where the first ends: row `ds.rows() + 3` is row 3 again.
    let reply = engine.handle(EngineRequest::Page { offset: ds.rows() + 3, limit: 5 }, no_payload());
    let EngineResponse::Page(page) = reply.response else { panic!() };
    assert_eq!(page.rows, ds.page(3, 5).rows);

    let reply = engine.handle(
        EngineRequest::Dashboard { filters: Default::default(), options: Default::default() },
        no_payload(),
    );
    let EngineResponse::Dashboard(dashboard) = reply.response else { panic!("{:?}", reply.response) };
    let direct =
        crimelab::core::eda::dashboard(engine.dataset().unwrap().0, &Default::default(), &Default::default())
            .unwrap();
    assert_eq!((dashboard.rows, dashboard.date_min.clone()), (direct.rows, direct.date_min));
    assert_eq!(dashboard.rows, 2 * ds.rows() as u64);

    let reply = engine.handle(EngineRequest::Profile { filters: Default::default() }, no_payload());
    let EngineResponse::Profile(profile) = reply.response else { panic!("{:?}", reply.response) };
    assert_eq!(profile.rows, 2 * ds.rows() as u64);

    let reply = engine.handle(EngineRequest::WhatIfOptions, no_payload());
    let EngineResponse::WhatIfOptions(options) = reply.response else { panic!("{:?}", reply.response) };
    assert!(!options.premises.is_empty());
}

#[test]
fn share_dataset_sends_the_current_dataset_beside_its_answer() {
    let mut engine = loaded_engine();
    let reply = engine.handle(EngineRequest::ShareDataset, no_payload());
    assert_eq!(reply.response, EngineResponse::DatasetShared { file_name: "head.csv".into() });
    assert_eq!(reply.payloads.iter().map(Outgoing::name).collect::<Vec<_>>(), ["dataset"]);
    let shared = wire::decode(&bytes_of(&reply, &[])[0]).unwrap();
    assert_eq!(shared.rows(), 2 * quick_dataset().rows());
    assert_eq!(shared.page(0, 3).rows, quick_dataset().page(0, 3).rows);
}

#[test]
fn a_failed_ingest_keeps_the_dataset_already_loaded() {
    let mut engine = loaded_engine();
    let rows = engine.dataset().unwrap().0.rows();

    let reply = engine.handle(ingest("broken.csv"), &[b"not a dataset".to_vec()]);
    assert!(
        refused_load(&reply.response).starts_with("Internal data transfer failed"),
        "{:?}",
        reply.response
    );
    let reply = engine.handle(ingest("none.csv"), no_payload());
    assert_eq!(refused_load(&reply.response), "No data rows could be read from none.csv.");

    assert_eq!(engine.dataset().map(|(d, n)| (d.rows(), n.to_owned())), Some((rows, "head.csv".into())));
    let reply = engine.handle(EngineRequest::Page { offset: 0, limit: 2 }, no_payload());
    assert!(matches!(reply.response, EngineResponse::Page(p) if p.total == rows));
}

fn model_json(index: usize) -> Vec<u8> {
    quick_runs()[index].1.export().to_json().unwrap().into_bytes()
}

#[test]
fn check_model_echoes_a_valid_model_and_names_what_is_wrong_with_a_bad_one() {
    let mut engine = EngineSession::new();
    let model = vec![model_json(0)];
    let reply = engine.handle(EngineRequest::CheckModel { file_name: "m.json".into() }, &model);
    let EngineResponse::ModelChecked { name, error: None } = &reply.response else {
        panic!("{:?}", reply.response)
    };
    assert!(name.ends_with("(m.json)"), "{name}");
    assert!(matches!(reply.payloads[..], [Outgoing::Echo(0)]));
    assert_eq!(bytes_of(&reply, &model), model);

    let bad = vec![b"{\"card\": 1}".to_vec()];
    let reply = engine.handle(EngineRequest::CheckModel { file_name: "bad.json".into() }, &bad);
    let EngineResponse::ModelChecked { name, error: Some(error) } = &reply.response else { panic!() };
    assert_eq!(name, "bad.json");
    assert!(error.starts_with("bad.json: "), "{error}");
    assert!(reply.payloads.is_empty());

    let reply = engine.handle(EngineRequest::CheckModel { file_name: "x.json".into() }, no_payload());
    assert_eq!(failed_message(&reply.response), "The model file did not arrive.");
}

#[test]
fn what_if_predicts_with_each_model_and_reports_the_ones_that_fail() {
    let mut engine = EngineSession::new();
    let incident = crimelab::core::whatif::Incident {
        date: "2021-06-01".into(),
        time: "02:15".into(),
        area: 8,
        premise: "STREET".into(),
        ..Default::default()
    };
    let models = vec![model_json(0), b"garbage".to_vec()];
    let names = vec!["good".to_owned(), "broken".to_owned()];
    let request = EngineRequest::WhatIf { names: names.clone(), incident: incident.clone() };
    let reply = engine.handle(request, &models);
    let EngineResponse::WhatIf { predictions, errors } = reply.response else {
        panic!("{:?}", reply.response)
    };
    assert_eq!(predictions.len(), 1);
    assert_eq!(predictions[0].model, "good");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("broken: "), "{errors:?}");

    // Two names, one model: refused rather than silently paired.
    let reply = engine.handle(EngineRequest::WhatIf { names, incident }, &models[..1]);
    assert!(failed_message(&reply.response).contains("do not match"), "{:?}", reply.response);
}

fn quick_predictions() -> TestPredictions {
    let output = &quick_runs()[0].1;
    let p = &output.prepared;
    let incidents = TestIncidents::of_rows(quick_dataset(), &p.test_rows);
    TestPredictions::new(
        p.classes.clone(),
        p.test_rows.clone(),
        p.y_test.clone(),
        output.test_proba.clone(),
        incidents,
    )
    .unwrap()
}

#[test]
fn predictions_csv_needs_no_dataset_and_reports_bad_payloads_in_its_answer() {
    let mut engine = EngineSession::new();
    let predictions = quick_predictions();
    let sent = vec![predictions.encode()];
    let reply = engine.handle(EngineRequest::PredictionsCsv { file_name: "p.csv".into() }, &sent);
    assert_eq!(
        reply.response,
        EngineResponse::PredictionsCsv { file_name: "p.csv".into(), rows: predictions.len(), error: None }
    );
    let csv = String::from_utf8(bytes_of(&reply, &sent).remove(0)).unwrap();
    assert_eq!(csv.lines().count(), predictions.len() + 1);
    assert!(csv.starts_with("DR_NO"), "{}", &csv[..60]);

    for (sent, why) in
        [(vec![b"xx".to_vec()], "Internal data transfer failed"), (vec![], "The predictions did not arrive.")]
    {
        let reply = engine.handle(EngineRequest::PredictionsCsv { file_name: "p.csv".into() }, &sent);
        let EngineResponse::PredictionsCsv { rows: 0, error: Some(error), .. } = &reply.response else {
            panic!("{:?}", reply.response)
        };
        assert!(error.starts_with(why), "{error}");
        assert!(reply.payloads.is_empty());
    }
}

#[test]
fn report_renders_and_busy_answers_ready() {
    let mut engine = EngineSession::new();
    let input = crimelab::core::report::ReportInput {
        created: "2025-01-02 03:04".into(),
        dataset: None,
        dashboard: None,
        runs: Vec::new(),
    };
    let reply = engine.handle(EngineRequest::Report { input: Box::new(input) }, no_payload());
    let EngineResponse::Report { html, file_name } = reply.response else { panic!("{:?}", reply.response) };
    assert!(html.contains("<html"));
    assert!(file_name.ends_with(".html"), "{file_name}");
    for ms in [1.0, -5.0, f64::NAN] {
        assert_eq!(engine.handle(EngineRequest::Busy { ms }, no_payload()).response, EngineResponse::Ready);
    }
}

#[test]
fn every_engine_reply_survives_its_json_round_trip() {
    let mut engine = loaded_engine();
    let requests = [
        EngineRequest::Page { offset: 5, limit: 3 },
        EngineRequest::WhatIfOptions,
        EngineRequest::Dashboard { filters: Default::default(), options: Default::default() },
        EngineRequest::ShareDataset,
    ];
    for request in requests {
        let text = to_json(&request);
        let request: EngineRequest = from_json(&text).unwrap();
        let response = engine.handle(request, no_payload()).response;
        let back: EngineResponse = from_json(&to_json(&response)).unwrap();
        assert_eq!(back, response);
    }
    assert!(from_json::<EngineRequest>(r#"{"type":"page","offset":1}"#).is_err());
}

// ---- Trainer ----

fn trainer_with_dataset() -> TrainerSession {
    let mut trainer = TrainerSession::new();
    let sent = vec![encoded(quick_dataset())];
    let reply =
        trainer.handle(TrainerRequest::SetDataset { file_name: "head.csv".into() }, &sent, &mut |_| true);
    assert!(reply.is_none(), "taking the dataset answers nothing");
    trainer
}

fn quick_run() -> RunConfig {
    RunConfig {
        features: FeatureConfig::default(),
        model: crate::support::quick_params(ModelKind::Logreg),
        seed: 3,
        tuning: None,
    }
}

/// Handles `request`, collecting the progress messages.
fn trainer_handle(
    trainer: &mut TrainerSession,
    request: TrainerRequest,
    sent: &[Vec<u8>],
) -> (Vec<TrainerResponse>, TrainerResponse, Vec<Vec<u8>>) {
    let mut progress = Vec::new();
    let reply = trainer.handle(request, sent, &mut |r| {
        progress.push(r);
        true
    });
    let reply = reply.expect("an answer");
    let bytes = bytes_of(&reply, sent);
    (progress, reply.response, bytes)
}

fn trainer_failure(response: &TrainerResponse) -> &str {
    match response {
        TrainerResponse::Failed { message } => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn trainer_requests_fail_by_name_without_a_dataset_or_their_payload() {
    let mut trainer = TrainerSession::new();
    let (_, r, _) =
        trainer_handle(&mut trainer, TrainerRequest::Prepare { features: FeatureConfig::default() }, &[]);
    assert_eq!(trainer_failure(&r), NO_DATASET);
    let (_, r, _) = trainer_handle(&mut trainer, TrainerRequest::Train { run: quick_run() }, &[]);
    assert_eq!(trainer_failure(&r), NO_DATASET);
    let (_, r, _) =
        trainer_handle(&mut trainer, TrainerRequest::Apply { model_name: "m".into() }, &[model_json(0)]);
    assert_eq!(trainer_failure(&r), NO_DATASET);
    let (_, r, _) = trainer_handle(
        &mut trainer,
        TrainerRequest::Importance { options: ImportanceOptions::default() },
        &[],
    );
    assert_eq!(trainer_failure(&r), "The model to explain did not arrive.");
    let (_, r, _) = trainer_handle(&mut trainer, TrainerRequest::Apply { model_name: "m".into() }, &[]);
    assert_eq!(trainer_failure(&r), "The model to apply did not arrive.");
    let (_, r, _) = trainer_handle(&mut trainer, TrainerRequest::SetDataset { file_name: "x".into() }, &[]);
    assert_eq!(trainer_failure(&r), "The dataset did not arrive.");
    let (_, r, _) = trainer_handle(
        &mut trainer,
        TrainerRequest::SetDataset { file_name: "x".into() },
        &[b"junk".to_vec()],
    );
    assert!(trainer_failure(&r).starts_with("Internal data transfer failed"));
}

#[test]
fn warm_up_needs_no_dataset_and_changes_no_result() {
    let mut fresh = TrainerSession::new();
    let (progress, r, payloads) = trainer_handle(&mut fresh, TrainerRequest::WarmUp, &[]);
    assert!(progress.is_empty() && payloads.is_empty());
    assert_eq!(r, TrainerResponse::WarmedUp);

    // Warming up between two runs keeps the matrix and gives the same model.
    let mut trainer = trainer_with_dataset();
    let run = quick_run();
    let (_, first, first_model) =
        trainer_handle(&mut trainer, TrainerRequest::Train { run: run.clone() }, &[]);
    let (_, r, _) = trainer_handle(&mut trainer, TrainerRequest::WarmUp, &[]);
    assert_eq!(r, TrainerResponse::WarmedUp);
    assert!(trainer.has_matrix_for(&run.features));
    let (_, again, again_model) = trainer_handle(&mut trainer, TrainerRequest::Train { run }, &[]);
    let (TrainerResponse::Trained { result: first }, TrainerResponse::Trained { result: again }) =
        (first, again)
    else {
        panic!("both runs train")
    };
    assert_eq!((first.accuracy, first.macro_f1), (again.accuracy, again.macro_f1));
    let model_of = |bytes: &[u8]| ExportedModel::from_slice(bytes).unwrap().model;
    assert_eq!(
        serde_json::to_string(&model_of(&first_model[1])).unwrap(),
        serde_json::to_string(&model_of(&again_model[1])).unwrap()
    );
}

#[test]
fn prepare_builds_the_matrix_once_and_a_new_dataset_drops_it() {
    let mut trainer = trainer_with_dataset();
    let features = FeatureConfig::default();
    let (progress, r, _) =
        trainer_handle(&mut trainer, TrainerRequest::Prepare { features: features.clone() }, &[]);
    assert!(progress.is_empty());
    let TrainerResponse::Prepared { summary } = r else { panic!("{r:?}") };
    let direct = crimelab::core::features::prepare(quick_dataset(), &features).unwrap();
    assert_eq!(
        (summary.train_rows, summary.test_rows),
        (direct.summary.train_rows, direct.summary.test_rows)
    );
    assert!(trainer.has_matrix_for(&features));

    let sent = vec![encoded(quick_dataset())];
    trainer.handle(TrainerRequest::SetDataset { file_name: "again.csv".into() }, &sent, &mut |_| true);
    assert!(!trainer.has_matrix_for(&features), "a new dataset needs a new matrix");
}

#[test]
fn train_reports_its_stages_and_sends_predictions_and_the_model_beside_the_result() {
    let mut trainer = trainer_with_dataset();
    let run = quick_run();
    let (progress, r, payloads) =
        trainer_handle(&mut trainer, TrainerRequest::Train { run: run.clone() }, &[]);
    assert!(matches!(progress.first(), Some(TrainerResponse::Event { event: RunEvent::Prepared { .. } })));
    assert!(progress.iter().any(|p| matches!(p, TrainerResponse::Event { event: RunEvent::Training(_) })));
    assert!(matches!(progress.last(), Some(TrainerResponse::Event { event: RunEvent::Evaluating })));
    let TrainerResponse::Trained { result } = r else { panic!("{r:?}") };
    assert_eq!(result.card.dataset.file_name.as_deref(), Some("head.csv"));
    assert_eq!(payloads.len(), 2);
    let predictions = TestPredictions::decode(&payloads[0]).unwrap();
    assert_eq!(predictions.len(), result.test_rows);
    let exported = ExportedModel::from_slice(&payloads[1]).unwrap();
    assert_eq!(exported.card.params.kind(), ModelKind::Logreg);
    assert!(trainer.has_matrix_for(&run.features), "the matrix is kept for the next run");

    // A second run on the same features reuses it and gives the same result.
    let (_, again, _) = trainer_handle(&mut trainer, TrainerRequest::Train { run }, &[]);
    let TrainerResponse::Trained { result: again } = again else { panic!() };
    assert_eq!(again.accuracy, result.accuracy);
}

#[test]
fn a_progress_callback_returning_false_cancels_and_the_session_goes_on() {
    let mut trainer = trainer_with_dataset();
    let mut seen = 0;
    let reply = trainer.handle(TrainerRequest::Train { run: quick_run() }, no_payload(), &mut |r| {
        seen += 1;
        !matches!(r, TrainerResponse::Event { event: RunEvent::Training(_) })
    });
    assert_eq!(trainer_failure(&reply.unwrap().response), "Cancelled.");
    assert_eq!(seen, 2, "the matrix summary, then the first training report that cancels");

    let reply =
        trainer.handle(TrainerRequest::Apply { model_name: "m".into() }, &[model_json(0)], &mut |_| false);
    assert_eq!(trainer_failure(&reply.unwrap().response), "Cancelled.");

    let (_, r, _) = trainer_handle(&mut trainer, TrainerRequest::Train { run: quick_run() }, &[]);
    assert!(matches!(r, TrainerResponse::Trained { .. }), "{r:?}");
}

#[test]
fn a_bad_run_config_fails_naming_the_setting() {
    let mut trainer = trainer_with_dataset();
    let mut run = quick_run();
    run.features.features = vec!["no_such_feature".into()];
    let (_, r, _) = trainer_handle(&mut trainer, TrainerRequest::Train { run }, &[]);
    assert!(trainer_failure(&r).contains("no_such_feature"), "{r:?}");
}

#[test]
fn tune_reports_progress_and_ranks_the_candidates() {
    let mut trainer = trainer_with_dataset();
    let tune = crimelab::core::search::TuneConfig {
        space: serde_json::from_value(
            serde_json::json!([{"name": "c", "kind": "values", "values": [0.1, 1.0]}]),
        )
        .unwrap(),
        strategy: crimelab::core::search::Strategy::Grid,
        folds: 2,
        max_rows: 800,
        base: Some(crate::support::quick_params(ModelKind::Logreg)),
        ..Default::default()
    };
    let request = TrainerRequest::Tune { features: FeatureConfig::default(), model: ModelKind::Logreg, tune };
    let (progress, r, _) = trainer_handle(&mut trainer, request, &[]);
    assert!(matches!(progress.first(), Some(TrainerResponse::Prepared { .. })));
    let last = progress.iter().rev().find_map(|p| match p {
        TrainerResponse::TuneProgress(p) => Some(p.fraction),
        _ => None,
    });
    assert_eq!(last, Some(1.0), "the last progress report always goes through");
    let TrainerResponse::Tuned { result } = r else { panic!("{r:?}") };
    assert_eq!(result.candidates.len(), 2);
}

#[test]
fn importance_and_apply_run_on_a_models_bytes() {
    let mut trainer = trainer_with_dataset();
    let (_, trained, payloads) =
        trainer_handle(&mut trainer, TrainerRequest::Train { run: quick_run() }, &[]);
    assert!(matches!(trained, TrainerResponse::Trained { .. }));
    let model = vec![payloads[1].clone()];

    let options = ImportanceOptions { repeats: 1, max_rows: Some(200), ..Default::default() };
    let (progress, r, _) = trainer_handle(&mut trainer, TrainerRequest::Importance { options }, &model);
    assert!(progress.iter().all(|p| matches!(p, TrainerResponse::ImportanceProgress(_))));
    let TrainerResponse::Importance { importance, .. } = r else { panic!("{r:?}") };
    assert!(!importance.features.is_empty());

    let (progress, r, payloads) =
        trainer_handle(&mut trainer, TrainerRequest::Apply { model_name: "mine".into() }, &model);
    assert!(matches!(progress.last(), Some(TrainerResponse::ApplyProgress { done, total }) if done == total));
    let TrainerResponse::Applied { summary, result: Some(result) } = r else { panic!("{r:?}") };
    assert_eq!(summary.rows, quick_dataset().rows());
    let predictions = TestPredictions::decode(&payloads[0]).unwrap();
    assert_eq!(predictions.len(), result.test_rows);

    let bad = vec![b"{}".to_vec()];
    let (_, r, _) =
        trainer_handle(&mut trainer, TrainerRequest::Apply { model_name: "junk.json".into() }, &bad);
    assert!(trainer_failure(&r).starts_with("junk.json was not applied: "), "{r:?}");
    let (_, r, _) =
        trainer_handle(&mut trainer, TrainerRequest::Importance { options: Default::default() }, &bad);
    assert!(!trainer_failure(&r).is_empty());
}

#[test]
fn payload_reads_arc_and_vec_alike() {
    let bytes = encoded(quick_dataset());
    let shared = std::sync::Arc::new(bytes.clone());
    assert_eq!(shared.to_dataset().unwrap().rows(), bytes.to_dataset().unwrap().rows());
}

#[test]
fn an_appended_file_joins_the_current_dataset_and_a_refused_one_leaves_it() {
    let mut engine = EngineSession::new();
    let append = EngineRequest::Ingest {
        load: LOAD,
        file_name: "more.csv".into(),
        append: true,
        file_bytes: 10,
        elapsed_ms: 1.0,
        page_size: 5,
        stages_ms: Default::default(),
    };
    let part = vec![encoded(quick_dataset())];
    let reply = engine.handle(append.clone(), &part);
    assert_eq!(refused_load(&reply.response), NO_DATASET);

    let mut engine = loaded_engine();
    let rows = engine.dataset().unwrap().0.rows();
    // The same incidents again: every one is already loaded, so nothing is added.
    let reply = engine.handle(append, &[encoded(&crate::support::sample_head(500))]);
    let EngineResponse::Loaded { card, .. } = reply.response else { panic!("{:?}", reply.response) };
    assert_eq!(card.rows, rows);
    assert_eq!(card.sources.len(), 2, "both files are on the card");
}
