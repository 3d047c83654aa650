//! Permutation importance of one result, on demand: repeats and sample size, progress and
//! cancel, then the mean ± std chart (or one class's recall drop) and its PNG.

use crate::web::model_json::ModelJson;
use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;

use super::chart_png::save_result_png;
use crate::core::charts::results::{draw_result, ResultChart, ResultData};
use crate::core::eval::ImportanceOptions;
use crate::core::experiment::RunResult;
use crate::web::bridge;
use crate::web::ui::format::{duration, thousands};
use crate::web::ui::plot::{device_ratio, draw_on_canvas};
use crate::web::ui::state::{Notices, TrainingSignals};

/// Default sample of test rows scored per shuffle.
const DEFAULT_ROWS: usize = 20_000;

/// The permutation importance panel of one result.
#[component]
pub fn PermutationImportanceView(
    /// The run.
    result: Arc<RunResult>,
    /// Its number on the page.
    run_id: u64,
    /// Its exported model (what the worker computes from).
    model: ModelJson,
) -> impl IntoView {
    let train = expect_context::<TrainingSignals>();
    let notices = expect_context::<Notices>();
    let repeats = RwSignal::new(5usize);
    let rows = RwSignal::new(DEFAULT_ROWS.min(result.test_rows.max(1)));
    let class = RwSignal::new(None::<usize>);
    let classes = result.evaluation.classes.clone();
    let running = move || train.importance_job.with(|j| j.as_ref().is_some_and(|j| j.result_id == run_id));
    let busy = move || train.importance_job.with(Option::is_some) || train.training.with(Option::is_some);
    let computed = move || train.permutation.with(|m| m.get(&run_id).cloned());
    let on_run = move |_| {
        let options = ImportanceOptions {
            repeats: repeats.get_untracked().clamp(1, 100),
            per_class: true,
            max_rows: Some(rows.get_untracked().max(100)),
            ..Default::default()
        };
        bridge::with(|b| b.permutation_importance(run_id, &model, options));
    };
    let number = move |signal: RwSignal<usize>| {
        move |ev: leptos::ev::Event| {
            if let Ok(v) = event_target_value(&ev).replace([',', ' '], "").parse::<usize>() {
                signal.set(v);
            }
        }
    };
    let progress = move || {
        train.importance_job.get().filter(|j| j.result_id == run_id).map(|j| {
            view! {
                <div class="perm-progress">
                    <progress data-testid="permutation-progress" data-value=format!("{:.4}", j.fraction)
                        max="1" value=format!("{:.4}", j.fraction)></progress>
                    <button class="secondary" data-testid="permutation-cancel"
                        on:click=move |_| bridge::with(|b| b.cancel_importance())>"Cancel"</button>
                    <div class="hint">{j.stage}</div>
                </div>
            }
        })
    };
    let chart_result = result.clone();
    let chart = move || {
        computed().map(|p| {
            let select = (classes.len() > 2).then(|| {
                let options = classes
                    .iter()
                    .enumerate()
                    .map(|(i, c)| view! { <option value=i.to_string()>{format!("recall of {c}")}</option> })
                    .collect_view();
                view! {
                    <label class="perm-class">"Show "
                        <select data-testid="permutation-class" on:change=move |ev| class.set(event_target_value(&ev).parse().ok())>
                            <option value="">"overall (macro F1)"</option>
                            {options}
                        </select>
                    </label>
                }
            });
            let result = chart_result.clone();
            let importance = p.importance.clone();
            let png_result = result.clone();
            let png_importance = importance.clone();
            let summary = format!(
                "{} features, {} repeats on {} test rows, in {}.",
                importance.features.len(),
                importance.repeats,
                thousands(importance.rows as u64),
                duration(p.ms)
            );
            view! {
                {select}
                <PermutationCanvas result=result importance=Arc::new(importance) class=class />
                <p class="chart-tools">
                    <span class="hint" data-testid="permutation-ms" data-value=format!("{:.0}", p.ms)>{summary}</span>
                    <button class="link" data-testid="download-png-permutation-importance"
                        on:click=move |_| {
                            let data = ResultData { result: &png_result, permutation: Some(&png_importance), class: class.get_untracked() };
                            save_result_png(notices, ResultChart::PermutationImportance, &data, run_id);
                        }>"PNG ↓"</button>
                </p>
            }
        })
    };
    view! {
        <div class="permutation" data-testid="permutation-importance">
            <h4>"Permutation importance (held-out rows)"</h4>
            <div class="perm-controls">
                <label>"repeats "<input type="number" min="1" max="100" data-testid="permutation-repeats"
                    prop:value=move || repeats.get().to_string() on:change=number(repeats) /></label>
                <label>"test rows "<input type="number" min="100" step="1000" data-testid="permutation-rows"
                    prop:value=move || rows.get().to_string() on:change=number(rows) /></label>
                <button class="secondary" data-testid="permutation-run" disabled=busy on:click=on_run
                    title="Shuffle each feature on the test rows and measure how much macro F1 drops">
                    {move || if running() { "Computing…" } else { "Permutation importance" }}</button>
            </div>
            {progress}
            {chart}
        </div>
    }
}

/// The permutation chart on a canvas, redrawn when the class changes.
#[component]
fn PermutationCanvas(
    result: Arc<RunResult>,
    importance: Arc<crate::core::eval::PermutationImportance>,
    class: RwSignal<Option<usize>>,
) -> impl IntoView {
    let notices = expect_context::<Notices>();
    let canvas = NodeRef::<Canvas>::new();
    let features = importance.features.len();
    let height = ResultData { result: &result, permutation: Some(&importance), class: None }
        .size(ResultChart::PermutationImportance)
        .1;
    Effect::new(move |_| {
        let class = class.get();
        let Some(el) = canvas.get() else { return };
        let (result, importance) = (result.clone(), importance.clone());
        request_animation_frame(move || {
            let data = ResultData { result: &result, permutation: Some(&importance), class };
            let size = (el.client_width().max(300) as u32, height);
            if let Err(message) = draw_on_canvas(&el, size, device_ratio(), |area| {
                draw_result(ResultChart::PermutationImportance, &data, area)
            }) {
                notices.error.set(Some(format!("Drawing the permutation importance failed: {message}")));
            }
        });
    });
    view! {
        <canvas node_ref=canvas data-testid="permutation-importance-chart" role="img"
            aria-label=format!("Permutation importance of {features} features: the drop of the score when each one is shuffled")
            data-value=features.to_string()
            class="permutation-chart" style:height=format!("{height}px")></canvas>
    }
}
