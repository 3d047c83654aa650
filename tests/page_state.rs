//! The page's state, driven by real worker replies: load → dashboard → train → result, a
//! failed load that keeps the dataset, a replaced engine, and what each change marks as
//! changed (so only those signals notify).

use crimelab::core::data::{wire, LoadProgress};
use crimelab::core::eda::Filters;
use crimelab::core::eval::ImportanceOptions;
use crimelab::core::experiment::RunConfig;
use crimelab::core::features::FeatureConfig;
use crimelab::core::models::ModelKind;
use crimelab::core::protocol::{EngineRequest, EngineResponse, TrainerRequest, TrainerResponse};
use crimelab::core::session::page::{Effect, Effects, Field};
use crimelab::core::session::{EngineSession, PageState, TrainerSession};

use crate::support::{quick_dataset, quick_params};

type Page = PageState<Vec<u8>>;

/// The engine's reply to `request` as the page receives it: the response and its payloads'
/// bytes.
fn engine_reply(
    engine: &mut EngineSession,
    request: EngineRequest,
    sent: &[Vec<u8>],
) -> (EngineResponse, Vec<Vec<u8>>) {
    let reply = engine.handle(request, sent);
    let bytes = reply.payloads.iter().map(|p| p.to_bytes(sent)).collect();
    (reply.response, bytes)
}

/// The trainer's progress messages and final reply, as the page receives them.
fn trainer_replies(
    trainer: &mut TrainerSession,
    request: TrainerRequest,
    sent: &[Vec<u8>],
) -> Vec<(TrainerResponse, Vec<Vec<u8>>)> {
    let mut out = Vec::new();
    let reply = trainer.handle(request, sent, &mut |r| {
        out.push((r, Vec::new()));
        true
    });
    if let Some(reply) = reply {
        let bytes = reply.payloads.iter().map(|p| p.to_bytes(sent)).collect();
        out.push((reply.response, bytes));
    }
    out
}

fn asked(fx: &Effects<Vec<u8>>) -> Vec<&EngineRequest> {
    fx.effects
        .iter()
        .filter_map(|e| match e {
            Effect::AskEngine(r) => Some(r),
            _ => None,
        })
        .collect()
}

fn ingest(load: u64) -> EngineRequest {
    EngineRequest::Ingest {
        load,
        file_name: "head.csv".into(),
        append: false,
        file_bytes: 2_000_000,
        elapsed_ms: 10.0,
        page_size: 20,
        stages_ms: Default::default(),
    }
}

/// A page that loaded the quick dataset through `engine`, the load started at 100 ms and
/// answered at 600 ms.
fn loaded(engine: &mut EngineSession) -> Page {
    let mut page = Page::new();
    page.error = Some("an old error".into());
    let fx = page.load_started(1, "head.csv", LoadProgress::new(2_000_000, 1), 100.0);
    assert_eq!(page.busy.as_deref(), Some("Parsing head.csv…"));
    assert!(page.progress.is_some() && page.error.is_none());
    assert!(fx.changed.contains(Field::Progress) && fx.changed.contains(Field::Error));
    let (response, payloads) = engine_reply(engine, ingest(1), &[wire::encode(quick_dataset())]);
    let fx = page.apply_engine(response, payloads, 600.0);
    assert_eq!(fx.effects[0], Effect::LoadEnded { load: 1, loaded: true });
    assert!(matches!(asked(&fx)[..], [EngineRequest::Dashboard { .. }, EngineRequest::Profile { .. }]));
    page
}

#[test]
fn load_then_dashboard_then_train_then_result() {
    let mut engine = EngineSession::new();
    let mut page = loaded(&mut engine);
    let card = page.dataset.as_ref().expect("a dataset");
    assert_eq!((card.rows, card.parse_ms), (quick_dataset().rows(), 500.0), "timed from the page's start");
    assert_eq!((page.generation, page.progress.is_none(), page.busy.is_none()), (1, true, true));
    assert_eq!(page.page.as_ref().map(|p| p.rows.len()), Some(20));

    // The dashboard the load asked for arrives.
    let fx = page.request_dashboard();
    let request = asked(&fx)[0].clone();
    assert!(page.dashboard.is_none(), "the old dashboard goes while the new one is computed");
    let (response, payloads) = engine_reply(&mut engine, request, &[]);
    let fx = page.apply_engine(response, payloads, 700.0);
    assert!(page.dashboard.is_some());
    assert!(fx.changed.contains(Field::Dashboard) && !fx.changed.contains(Field::Dataset));

    // The trainer takes a copy of the dataset, as the page hands it over.
    let (response, payloads) = engine_reply(&mut engine, EngineRequest::ShareDataset, &[]);
    let fx = page.apply_engine(response, payloads, 710.0);
    let Some(Effect::GiveTrainer { file_name, dataset }) = fx.effects.first() else {
        panic!("{:?}", fx.effects)
    };
    let mut trainer = TrainerSession::new();
    let set = TrainerRequest::SetDataset { file_name: file_name.clone() };
    assert!(trainer_replies(&mut trainer, set, std::slice::from_ref(dataset)).is_empty());

    // A run: its stages, then its result with predictions and model.
    let run = RunConfig {
        features: FeatureConfig::default(),
        model: quick_params(ModelKind::Logreg),
        seed: 1,
        tuning: None,
    };
    for round in 1..=2u64 {
        page.start_training("Logistic regression");
        assert_eq!(page.training.as_ref().map(|t| t.stage.as_str()), Some("Preparing features…"));
        let replies = trainer_replies(&mut trainer, TrainerRequest::Train { run: run.clone() }, &[]);
        let (last, progress) = replies.split_last().unwrap();
        for (i, (response, payloads)) in progress.iter().enumerate() {
            let fx = page.apply_trainer(response.clone(), payloads.clone(), 1_000.0 + i as f64);
            assert!(!fx.changed.contains(Field::Results), "progress leaves the results alone");
        }
        let training = page.training.clone().expect("under way");
        assert_eq!(training.stage, "Evaluating on the test rows…");
        assert!(!training.curve.is_empty() && training.eta.is_some());
        assert!(page.feature_summary.is_some());
        let TrainerResponse::Trained { result: sent } = &last.0 else { panic!("{:?}", last.0) };
        assert!(sent.card.metrics.is_none(), "the card's metrics are not sent twice");
        let fx = page.apply_trainer(last.0.clone(), last.1.clone(), 2_000.0);
        assert!(fx.changed.contains(Field::Results) && fx.changed.contains(Field::Training));
        assert!(page.training.is_none());
        let result = page.results.last().unwrap();
        assert_eq!(result.id, round, "ids count up");
        let predictions = result.predictions.as_ref().expect("predictions decoded");
        assert_eq!(predictions.0.len(), result.result.test_rows);
        assert_eq!(result.model, last.1[1], "the model's JSON is kept as it came");
        assert_eq!(result.result.card.metrics.as_ref(), Some(&result.result.evaluation), "metrics restored");
    }
    assert!(page.error.is_none(), "{:?}", page.error);

    // The report gathers every result.
    let (fx, input) = page.start_report("now".into());
    assert!(page.reporting && fx.changed.contains(Field::Reporting));
    assert_eq!(input.runs.len(), 2);
    let (response, payloads) =
        engine_reply(&mut engine, EngineRequest::Report { input: Box::new(input) }, &[]);
    let fx = page.apply_engine(response, payloads, 3_000.0);
    assert!(!page.reporting);
    assert!(matches!(&fx.effects[..], [Effect::SaveText { mime: "text/html;charset=utf-8", .. }]));
}

#[test]
fn a_failed_load_keeps_the_dataset_already_shown() {
    let mut engine = EngineSession::new();
    let mut page = loaded(&mut engine);
    let before = page.dataset.clone();

    // The engine refuses what the parse workers sent.
    page.load_started(2, "broken.csv", LoadProgress::new(10, 1), 1_000.0);
    let (response, payloads) = engine_reply(&mut engine, ingest(2), &[b"junk".to_vec()]);
    let fx = page.apply_engine(response, payloads, 1_100.0);
    assert_eq!(fx.effects, vec![Effect::LoadEnded { load: 2, loaded: false }]);
    assert_eq!(page.dataset, before);
    assert_eq!(page.generation, 1);
    assert!(page.progress.is_none() && page.busy.is_none());
    assert!(page.error.as_deref().unwrap().starts_with("Internal data transfer failed"));

    // A parse worker fails.
    page.load_started(3, "bad.csv", LoadProgress::new(10, 1), 2_000.0);
    assert!(page.error.is_none());
    page.load_failed("bad.csv: The file is empty.".into());
    assert_eq!(page.dataset, before);
    assert_eq!(page.error.as_deref(), Some("bad.csv: The file is empty."));
}

#[test]
fn a_replaced_engine_loads_the_file_again_and_puts_the_filters_back_once() {
    let mut engine = EngineSession::new();
    let mut page = loaded(&mut engine);
    let filters = Filters { divisions: vec![8], ..Default::default() };
    let fx = page.set_filters(filters.clone());
    assert!(matches!(asked(&fx)[..], [EngineRequest::Dashboard { filters: f, .. }] if *f == filters));
    let (response, _) = engine_reply(&mut engine, asked(&fx)[0].clone(), &[]);
    page.apply_engine(response, Vec::new(), 700.0);
    assert!(page.dashboard.is_some());

    // The engine dies: a new one (with no dataset) loads the file again.
    let (fx, reload) = page.engine_replaced("The analysis worker stopped (out of memory)", &[], 1);
    assert!(reload);
    assert!(fx.changed.contains(Field::Error));
    assert!(
        fx.changed.contains(Field::Dashboard) && page.dashboard.is_none(),
        "no filters apply until the reload"
    );
    let message = page.error.clone().unwrap();
    assert!(message.contains("head.csv is being loaded again; your results are kept"), "{message}");
    let mut engine = EngineSession::new();
    page.load_started(2, "head.csv", LoadProgress::new(2_000_000, 1), 5_000.0);
    assert_eq!(page.error.as_ref(), Some(&message), "the reason stays while restoring");
    // A request made meanwhile finds no dataset: not news.
    let (response, _) = engine_reply(&mut engine, EngineRequest::Page { offset: 0, limit: 5 }, &[]);
    let fx = page.apply_engine(response, Vec::new(), 5_100.0);
    assert!(fx.changed.is_empty() && fx.effects.is_empty());
    let (response, payloads) = engine_reply(&mut engine, ingest(2), &[wire::encode(quick_dataset())]);
    let fx = page.apply_engine(response, payloads, 5_500.0);
    assert_eq!(page.filters, filters, "the filters come back");
    assert!(matches!(asked(&fx)[0], EngineRequest::Dashboard { filters: f, .. } if *f == filters));
    assert!(!page.engine_replaced && page.restoring.is_none());

    // Dying again while restoring gives up rather than loop.
    let (_, reload) = page.engine_replaced("It stopped", &[], 1);
    assert!(reload);
    page.load_started(3, "head.csv", LoadProgress::new(2_000_000, 1), 6_000.0);
    let (_, reload) = page.engine_replaced("It stopped again", &["head.csv".into()], 1);
    assert!(!reload);
    assert!(page.dataset.is_none());
    assert_eq!(
        page.error.as_deref(),
        Some("It stopped again. The analysis worker was restarted; load your file again.")
    );
}

#[test]
fn a_load_interrupted_by_a_crash_is_named_and_given_up() {
    let mut page = Page::new();
    page.load_started(1, "huge.csv", LoadProgress::new(10, 1), 0.0);
    let (_, reload) = page.engine_replaced("It stopped", &["huge.csv".into()], 0);
    assert!(!reload);
    assert!(page.progress.is_none() && page.busy.is_none());
    assert_eq!(
        page.error.as_deref(),
        Some("It stopped while huge.csv was loading; it was not loaded. The analysis worker was restarted; load your file again.")
    );
    // One file with the engine, the next being parsed: both are named.
    page.load_started(2, "next.csv", LoadProgress::new(10, 1), 0.0);
    page.engine_replaced("It stopped", &["huge.csv".into(), "next.csv".into()], 0);
    assert_eq!(
        page.error.as_deref(),
        Some("It stopped while huge.csv and next.csv were loading; they were not loaded. The analysis worker was restarted; load your file again.")
    );
}

#[test]
fn a_failed_or_cancelled_run_keeps_the_results_and_forgets_what_was_pending() {
    let mut page = Page::new();
    page.start_apply("saved", b"model".to_vec());
    assert_eq!(page.training.as_ref().unwrap().stage, "Predicting every row of the loaded data…");
    page.start_importance(3);
    let fx = page.apply_trainer(
        TrainerResponse::Failed { message: "No dataset is loaded.".into() },
        Vec::new(),
        0.0,
    );
    assert!(fx.changed.contains(Field::Training) && fx.changed.contains(Field::ImportanceJob));
    assert!(page.training.is_none() && page.importance_job.is_none());
    assert_eq!(page.error.as_deref(), Some("No dataset is loaded."));
    // A late answer to the forgotten apply adds nothing.
    let summary = crimelab::core::apply::ApplySummary {
        model: "nb".into(),
        model_label: "Naive Bayes".into(),
        target: "crime_group".into(),
        rows: 10,
        labelled_rows: 0,
        accuracy: None,
        macro_f1: None,
        evaluation: None,
        unscored: None,
        warnings: Vec::new(),
        predict_ms: 1.0,
    };
    page.apply_trainer(
        TrainerResponse::Applied { summary: Box::new(summary), result: None },
        Vec::new(),
        0.0,
    );
    assert!(page.results.is_empty());

    page.start_training("x");
    page.cancel_training();
    assert!(page.training.is_none());
}

#[test]
fn tuning_importance_and_applying_update_their_views() {
    let mut trainer = TrainerSession::new();
    trainer_replies(
        &mut trainer,
        TrainerRequest::SetDataset { file_name: "head.csv".into() },
        &[wire::encode(quick_dataset())],
    );
    let mut page = Page::new();

    let tune = crimelab::core::search::TuneConfig {
        space: serde_json::from_value(
            serde_json::json!([{"name": "c", "kind": "values", "values": [0.5, 1.0]}]),
        )
        .unwrap(),
        strategy: crimelab::core::search::Strategy::Grid,
        folds: 2,
        max_rows: 600,
        base: Some(quick_params(ModelKind::Logreg)),
        ..Default::default()
    };
    page.start_tuning(ModelKind::Logreg, tune.clone());
    let request = TrainerRequest::Tune { features: FeatureConfig::default(), model: ModelKind::Logreg, tune };
    for (response, payloads) in trainer_replies(&mut trainer, request, &[]) {
        page.apply_trainer(response, payloads, 0.0);
    }
    let tuning = page.tuning.clone().unwrap();
    assert_eq!(tuning.fraction, 1.0);
    assert_eq!(tuning.record.expect("ranked").candidates.len(), 2);
    assert!(page.training.is_none());

    let run = RunConfig {
        features: FeatureConfig::default(),
        model: quick_params(ModelKind::NaiveBayes),
        seed: 2,
        tuning: None,
    };
    page.start_training("nb");
    for (response, payloads) in trainer_replies(&mut trainer, TrainerRequest::Train { run }, &[]) {
        page.apply_trainer(response, payloads, 0.0);
    }
    let model = page.results[0].model.clone();

    page.start_importance(1);
    let options = ImportanceOptions { repeats: 1, max_rows: Some(150), ..Default::default() };
    let replies =
        trainer_replies(&mut trainer, TrainerRequest::Importance { options }, std::slice::from_ref(&model));
    for (response, payloads) in replies {
        page.apply_trainer(response, payloads, 0.0);
    }
    assert!(page.importance_job.is_none());
    assert!(page.permutation.contains_key(&1));

    page.start_apply("saved nb", model.clone());
    let replies =
        trainer_replies(&mut trainer, TrainerRequest::Apply { model_name: "saved nb".into() }, &[model]);
    for (response, payloads) in replies {
        page.apply_trainer(response, payloads, 0.0);
    }
    assert_eq!(page.results.len(), 2);
    assert_eq!(page.results[1].id, 2);
    assert!(page.results[1].predictions.is_some());
    assert!(page.error.is_none(), "{:?}", page.error);
}

#[test]
fn model_files_what_if_and_csv_answers_reach_the_page() {
    let mut sandbox = EngineSession::new();
    let mut page = Page::new();
    let model = crate::support::quick_runs()[0].1.export().to_json().unwrap().into_bytes();
    let (response, payloads) = engine_reply(
        &mut sandbox,
        EngineRequest::CheckModel { file_name: "m.json".into() },
        std::slice::from_ref(&model),
    );
    let fx = page.apply_engine(response, payloads, 0.0);
    assert!(fx.changed.contains(Field::Imported));
    assert_eq!(page.imported.len(), 1);
    assert_eq!(page.imported[0].1, model);

    let (response, payloads) = engine_reply(
        &mut sandbox,
        EngineRequest::CheckModel { file_name: "bad.json".into() },
        &[b"{".to_vec()],
    );
    page.apply_engine(response, payloads, 0.0);
    assert_eq!(page.imported.len(), 1);
    assert!(page.error.as_deref().unwrap().starts_with("bad.json: "));

    let incident =
        crimelab::core::whatif::Incident { date: "2022-01-01".into(), area: 8, ..Default::default() };
    let request = EngineRequest::WhatIf { names: vec!["m".into(), "x".into()], incident };
    let (response, payloads) = engine_reply(&mut sandbox, request, &[model, b"x".to_vec()]);
    page.apply_engine(response, payloads, 0.0);
    assert_eq!(page.whatif.as_ref().map(Vec::len), Some(1));
    assert!(page.error.as_deref().unwrap().starts_with("x: "));

    let fx = page.apply_engine(
        EngineResponse::PredictionsCsv { file_name: "p.csv".into(), rows: 0, error: Some("no".into()) },
        Vec::new(),
        0.0,
    );
    assert_eq!(
        fx.effects,
        vec![Effect::PredictionsCsv { file_name: "p.csv".into(), outcome: Err("no".into()) }]
    );
    let fx = page.apply_engine(
        EngineResponse::PredictionsCsv { file_name: "p.csv".into(), rows: 3, error: None },
        vec![b"a\n1\n2\n3\n".to_vec()],
        0.0,
    );
    assert_eq!(
        fx.effects,
        vec![Effect::PredictionsCsv {
            file_name: "p.csv".into(),
            outcome: Ok((b"a\n1\n2\n3\n".to_vec(), 3))
        }]
    );
}

#[test]
fn a_dataset_of_two_files_is_restored_file_by_file_before_the_filters_come_back() {
    let mut engine = EngineSession::new();
    let mut page = loaded(&mut engine);
    let add = |load| EngineRequest::Ingest {
        load,
        file_name: "more.csv".into(),
        append: true,
        file_bytes: 10,
        elapsed_ms: 1.0,
        page_size: 20,
        stages_ms: Default::default(),
    };
    page.load_started(2, "more.csv", LoadProgress::new(10, 1), 700.0);
    let (response, payloads) =
        engine_reply(&mut engine, add(2), &[wire::encode(&crate::support::sample_head(4000))]);
    let fx = page.apply_engine(response, payloads, 800.0);
    assert!(!fx.effects.contains(&Effect::AddNextFile));
    let card = page.dataset.clone().unwrap();
    assert_eq!((card.sources.len(), page.generation), (2, 2));
    let filters = Filters { divisions: vec![8], ..Default::default() };
    page.set_filters(filters.clone());

    // The engine dies: the first file, then the second, then the filters.
    let (_, reload) = page.engine_replaced("It stopped", &[], 2);
    assert!(reload);
    let mut engine = EngineSession::new();
    page.load_started(3, "head.csv", LoadProgress::new(10, 1), 900.0);
    let (response, payloads) = engine_reply(&mut engine, ingest(3), &[wire::encode(quick_dataset())]);
    let fx = page.apply_engine(response, payloads, 950.0);
    assert_eq!(fx.effects, vec![Effect::LoadEnded { load: 3, loaded: true }, Effect::AddNextFile]);
    assert_eq!(page.generation, 2, "not a new dataset yet");
    page.load_started(4, "more.csv", LoadProgress::new(10, 1), 960.0);
    let (response, payloads) =
        engine_reply(&mut engine, add(4), &[wire::encode(&crate::support::sample_head(4000))]);
    let fx = page.apply_engine(response, payloads, 990.0);
    assert!(!fx.effects.contains(&Effect::AddNextFile));
    assert_eq!(page.dataset.as_ref().map(|c| c.rows), Some(card.rows));
    assert_eq!((page.generation, page.filters.clone()), (3, filters));
    assert!(page.restoring.is_none() && !page.engine_replaced);
}

#[test]
fn a_load_the_engine_finishes_while_the_next_file_parses_is_shown_and_the_next_load_goes_on() {
    let mut engine = EngineSession::new();
    let mut page = loaded(&mut engine);
    // Load 2's parts went to the engine ("Finishing…"); the user chooses another file meanwhile:
    // the page cancels what is being parsed (nothing) and starts load 3.
    page.load_started(2, "second.csv", LoadProgress::new(10, 1), 1_000.0);
    page.load_progress("second.csv", LoadProgress::new(10, 1), true);
    page.cancel_load();
    page.load_started(3, "third.csv", LoadProgress::new(10, 1), 1_100.0);
    let third = page.progress.clone();
    let (response, payloads) =
        engine_reply(&mut engine, ingest(2), &[wire::encode(&crate::support::sample_head(300))]);
    let fx = page.apply_engine(response, payloads, 1_200.0);
    // Load 2's dataset is the engine's now, so the page shows it (a new generation, its
    // dashboard asked for), and load 3's progress stays.
    assert_eq!(fx.effects[0], Effect::LoadEnded { load: 2, loaded: true });
    assert_eq!(page.dataset.as_ref().map(|c| c.rows), Some(300));
    assert_eq!(page.generation, 2);
    assert!(matches!(asked(&fx)[..], [EngineRequest::Dashboard { .. }, EngineRequest::Profile { .. }]));
    assert_eq!(page.progress, third);
    assert_eq!(page.busy.as_deref(), Some("Parsing third.csv…"));

    // Load 3 ends as usual, timed from its own start.
    let (response, payloads) = engine_reply(&mut engine, ingest(3), &[wire::encode(quick_dataset())]);
    let fx = page.apply_engine(response, payloads, 1_600.0);
    assert_eq!(fx.effects[0], Effect::LoadEnded { load: 3, loaded: true });
    let card = page.dataset.as_ref().unwrap();
    assert_eq!((card.rows, card.parse_ms, page.generation), (quick_dataset().rows(), 500.0, 3));
    assert!(page.progress.is_none() && page.busy.is_none());
}

#[test]
fn a_refused_earlier_load_or_another_failure_leaves_the_load_under_way_alone() {
    let mut engine = EngineSession::new();
    let mut page = loaded(&mut engine);
    let before = page.dataset.clone();
    page.load_started(3, "third.csv", LoadProgress::new(10, 1), 1_100.0);
    let third = page.progress.clone();
    // Load 2 (chosen before, already with the engine) is refused.
    let (response, payloads) = engine_reply(&mut engine, ingest(2), &[b"junk".to_vec()]);
    let fx = page.apply_engine(response, payloads, 1_200.0);
    assert_eq!(fx.effects, vec![Effect::LoadEnded { load: 2, loaded: false }]);
    assert!(page.error.as_deref().unwrap().starts_with("Internal data transfer failed"));
    // A request unrelated to loading fails.
    let failed = EngineResponse::Failed { message: "The report could not be made.".into() };
    let fx = page.apply_engine(failed, Vec::new(), 1_300.0);
    assert!(fx.effects.is_empty(), "{:?}", fx.effects);
    assert_eq!((page.progress.clone(), page.dataset.clone()), (third, before));
    assert_eq!(page.busy.as_deref(), Some("Parsing third.csv…"));
}
