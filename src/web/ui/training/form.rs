//! The training form: target, split, model, seed and the honest-evaluation switches.

use crate::core::search::Strategy;
use leptos::prelude::*;

use crate::core::data::Kind;
use crate::core::experiment::RunConfig;
use crate::core::features::{catalog, FeatureConfig, SplitConfig, Target};
use crate::core::models::ModelKind;
use crate::web::bridge;
use crate::web::ui::state::AppState;

const PRESETS: [(&str, &str); 4] = [
    ("crime-group", "Crime group (10 groups)"),
    ("part-1-2", "Part 1 vs Part 2 (serious vs less serious)"),
    ("arrest", "Arrest made"),
    ("division", "Division (21 LAPD areas)"),
];

/// Form state: plain values the signals wrap.
#[derive(Debug, Clone, PartialEq)]
struct Choices {
    target: String,
    split: String,
    model: String,
    seed: u64,
    exclude_2024: bool,
    class_weights: bool,
    keep_leaky: bool,
    features: Vec<String>,
    encoding: String,
    scaling: String,
    keep_top_k: Option<usize>,
    /// Hyper-parameters as edited (JSON of the model's params), if the user changed them.
    params: Option<String>,
}

impl Choices {
    fn run(&self) -> Result<RunConfig, String> {
        let mut features = FeatureConfig {
            target: Target::parse(&self.target),
            features: self.features.clone(),
            ..FeatureConfig::default()
        };
        features.split = if self.split == "random" {
            SplitConfig::Random { test_fraction: 0.2, valid_fraction: 0.1 }
        } else {
            SplitConfig::default()
        };
        features.seed = self.seed;
        features.exclude_records_change = self.exclude_2024;
        features.class_weights = self.class_weights;
        features.leakage.guard = !self.keep_leaky;
        features.encoding =
            serde_json::from_value(serde_json::Value::String(self.encoding.clone())).unwrap_or_default();
        features.scaling =
            serde_json::from_value(serde_json::Value::String(self.scaling.clone())).unwrap_or_default();
        features.selection.keep_top_k = self.keep_top_k;
        let kind = ModelKind::from_id(&self.model).unwrap_or(ModelKind::Gbdt);
        let model = match &self.params {
            Some(text) => {
                let value: serde_json::Value = serde_json::from_str(text)
                    .map_err(|e| format!("The hyper-parameters are not valid JSON: {e}"))?;
                serde_json::from_value(serde_json::json!({ "model": kind.id(), "params": value }))
                    .map_err(|e| format!("The hyper-parameters do not fit the {} model: {e}", kind.label()))?
            }
            None => kind.default_params(),
        };
        Ok(RunConfig { features, model, seed: self.seed })
    }

    /// Pretty JSON of the chosen model's default hyper-parameters.
    fn default_params_json(&self) -> String {
        let kind = ModelKind::from_id(&self.model).unwrap_or(ModelKind::Gbdt);
        let value = serde_json::to_value(kind.default_params()).unwrap_or_default();
        serde_json::to_string_pretty(&value["params"]).unwrap_or_default()
    }
}

/// Target, split and model choices with the Train / Cancel buttons.
#[component]
pub fn TrainForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let choices = RwSignal::new(Choices {
        target: "crime-group".into(),
        split: "time".into(),
        model: "gbdt".into(),
        seed: 42,
        exclude_2024: true,
        class_weights: false,
        keep_leaky: false,
        features: catalog::default_ids(),
        encoding: "one_hot".into(),
        scaling: "standard".into(),
        keep_top_k: None,
        params: None,
    });
    let busy = move || state.training.with(Option::is_some);
    let column_targets = move || {
        state.dataset.with(|card| {
            card.as_ref()
                .map(|c| {
                    c.column_info
                        .iter()
                        .filter(|col| {
                            col.kind == Kind::Category && col.distinct.is_some_and(|d| (2..=60).contains(&d))
                        })
                        .map(|col| col.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let with_run = move |f: &dyn Fn(RunConfig)| match choices.get_untracked().run() {
        Ok(run) => f(run),
        Err(message) => state.error.set(Some(message)),
    };
    let on_train = move |_| with_run(&|run| bridge::with(|b| b.train(run)));
    // How Tune searches: strategy, validation, rows.
    let tune_strategy = RwSignal::new("random-8".to_owned());
    let tune_validation = RwSignal::new("cv-3".to_owned());
    let tune_rows = RwSignal::new(20_000usize);
    let on_tune = move |_| {
        let model = ModelKind::from_id(&choices.get_untracked().model).unwrap_or(ModelKind::Gbdt);
        with_run(&|run| {
            let strategy = match tune_strategy.get_untracked().as_str() {
                "grid" => Strategy::Grid,
                "random-20" => Strategy::Random { n: 20, seed: run.seed },
                _ => Strategy::Random { n: 8, seed: run.seed },
            };
            let validation = tune_validation.get_untracked();
            let tune = crate::core::search::TuneConfig {
                base: Some(run.model.clone()),
                seed: run.seed,
                strategy,
                folds: if validation == "cv-5" { 5 } else { 3 },
                time_split: validation == "time",
                max_rows: tune_rows.get_untracked(),
                ..Default::default()
            };
            bridge::with(|b| b.tune(run.features.clone(), model, tune))
        })
    };
    let on_preview = move |_| with_run(&|run| bridge::with(|b| b.prepare_features(run.features)));
    view! {
        <div class="train-form">
            <label>"Predict"
                <select data-testid="target" on:change=move |ev| { let v = event_target_value(&ev); choices.update(|c| c.target = v) }>
                    {PRESETS.iter().map(|(id, label)| view! { <option value=*id selected=*id == "crime-group">{*label}</option> }).collect_view()}
                    <optgroup label="Any column">
                        {move || column_targets().into_iter().map(|name| view! { <option value=name.clone()>{name.clone()}</option> }).collect_view()}
                    </optgroup>
                </select>
            </label>
            <label>"Test on"
                <select data-testid="split" on:change=move |ev| { let v = event_target_value(&ev); choices.update(|c| c.split = v) }>
                    <option value="time" selected=true>"Later dates (time split, recommended)"</option>
                    <option value="random">"A random 20% (stratified)"</option>
                </select>
            </label>
            <label>"Model"
                <select data-testid="model" on:change=move |ev| { let v = event_target_value(&ev); choices.update(|c| { c.model = v; c.params = None; }) }>
                    {ModelKind::ALL.iter().filter(|k| **k != ModelKind::Stratified).map(|k| view! {
                        <option value=k.id() selected=*k == ModelKind::Gbdt>{k.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Categories as"
                <select data-testid="encoding" on:change=move |ev| { let v = event_target_value(&ev); choices.update(|c| c.encoding = v) }>
                    <option value="one_hot" selected=true>"one-hot"</option>
                    <option value="ordinal">"ordinal codes"</option>
                    <option value="frequency">"frequency"</option>
                    <option value="target">"target encoding (out of fold)"</option>
                </select>
            </label>
            <label>"Scaling"
                <select data-testid="scaling" on:change=move |ev| { let v = event_target_value(&ev); choices.update(|c| c.scaling = v) }>
                    <option value="standard" selected=true>"standard"</option>
                    <option value="min_max">"min–max"</option>
                    <option value="none">"none"</option>
                </select>
            </label>
            <label>"Keep top K"
                <input type="number" data-testid="keep-top-k" min="1" placeholder="all" class="seed"
                    on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); choices.update(|c| c.keep_top_k = v) } />
            </label>
            <label>"Seed"
                <input type="number" data-testid="seed" min="0" value="42" class="seed"
                    on:change=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(42); choices.update(|c| c.seed = v) } />
            </label>
            <label class="check">
                <input type="checkbox" data-testid="exclude-2024" checked=true
                    on:change=move |ev| { let v = event_target_checked(&ev); choices.update(|c| c.exclude_2024 = v) } />
                "Leave out rows from 7 March 2024 on (records-system change)"
            </label>
            <label class="check">
                <input type="checkbox" data-testid="class-weights"
                    on:change=move |ev| { let v = event_target_checked(&ev); choices.update(|c| c.class_weights = v) } />
                "Balance classes with weights"
            </label>
            <label class="check warn">
                <input type="checkbox" data-testid="keep-leaky"
                    on:change=move |ev| { let v = event_target_checked(&ev); choices.update(|c| c.keep_leaky = v) } />
                "Keep features that leak the answer (results will be flagged)"
            </label>
            <FeaturePicker choices=choices />
            <details class="params-editor">
                <summary>"Hyper-parameters"</summary>
                <textarea data-testid="params" rows="8" spellcheck="false"
                    prop:value=move || choices.with(|c| c.params.clone().unwrap_or_else(|| c.default_params_json()))
                    on:change=move |ev| { let v = event_target_value(&ev); choices.update(|c| c.params = Some(v)) }></textarea>
                <p class="hint">"JSON over the model's defaults; each model documents its ranges. Changing the model resets them."</p>
            </details>
            <details class="tune-options">
                <summary>"Tuning"</summary>
                <div class="tune-row">
                    <label>"Search"
                        <select data-testid="tune-strategy" on:change=move |ev| tune_strategy.set(event_target_value(&ev))>
                            <option value="random-8" selected=true>"random, 8 candidates"</option>
                            <option value="random-20">"random, 20 candidates"</option>
                            <option value="grid">"grid (every combination)"</option>
                        </select>
                    </label>
                    <label>"Scored by"
                        <select data-testid="tune-validation" on:change=move |ev| tune_validation.set(event_target_value(&ev))>
                            <option value="cv-3" selected=true>"3-fold cross-validation"</option>
                            <option value="cv-5">"5-fold cross-validation"</option>
                            <option value="time">"the validation rows (later dates on a time split)"</option>
                        </select>
                    </label>
                    <label>"On"
                        <select data-testid="tune-rows" on:change=move |ev| tune_rows.set(event_target_value(&ev).parse().unwrap_or(20_000))>
                            <option value="20000" selected=true>"a sample of 20,000 training rows"</option>
                            <option value="100000">"a sample of 100,000 training rows"</option>
                            <option value="0">"every training row"</option>
                        </select>
                    </label>
                </div>
            </details>
            <div class="train-buttons">
                <button class="secondary" data-testid="preview-features" on:click=on_preview disabled=busy>"Preview features"</button>
                <button class="secondary" data-testid="tune" on:click=on_tune disabled=busy
                    title="Search the model's key hyper-parameters as set under “Tuning”, then pick a candidate to train">"Tune"</button>
                <button class="primary" data-testid="train" on:click=on_train disabled=busy>"Train"</button>
                <button class="secondary" data-testid="train-cancel" disabled=move || !busy()
                    on:click=move |_| bridge::with(|b| b.cancel_training())>"Cancel"</button>
            </div>
            <TuneResults on_pick=move |params: String| {
                choices.update(|c| c.params = Some(params));
                with_run(&|run| bridge::with(|b| b.train(run)));
            } />
        </div>
    }
}

/// The ranked candidates of the last search, each with a button to train it on all rows.
#[component]
fn TuneResults(
    /// Called with a candidate's params (JSON) to train with them.
    on_pick: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let tuning = state.tuning.get()?;
        let result = tuning.result?;
        let rows = result
            .candidates
            .iter()
            .map(|c| {
                let values = c.values.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ");
                let score = match (c.mean, c.std, &c.error) {
                    (Some(m), _, _) if result.folds == 1 => format!("{m:.4}"),
                    (Some(m), Some(s), _) => format!("{m:.4} ± {s:.4}"),
                    (_, _, Some(e)) => format!("failed: {e}"),
                    _ => "–".into(),
                };
                let params = serde_json::to_value(&c.params).ok().map(|v| serde_json::to_string_pretty(&v["params"]).unwrap_or_default());
                view! {
                    <tr>
                        <td>{c.rank}</td><td class="values">{values}</td><td>{score}</td>
                        <td>{crate::web::ui::format::duration(c.fit_ms)}</td>
                        <td>{params.map(|p| view! { <button class="link" on:click=move |_| on_pick(p.clone())>"train with these"</button> })}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <div class="tune-results" data-testid="tune-results">
                <h3>{format!("Tuning {}: {} candidates × {}, ranked by {:?} ({})", tuning.model_label, result.candidates.len(),
                    if result.folds == 1 { "the time split".to_owned() } else { format!("{} folds", result.folds) }, result.score,
                    crate::web::ui::format::duration(result.elapsed_ms))}</h3>
                <table class="report"><thead><tr><th>"rank"</th><th>"hyper-parameters"</th><th>"score"</th><th>"fit time"</th><th></th></tr></thead>
                    <tbody>{rows}</tbody></table>
            </div>
        })
    }
}

/// Checkboxes for the derived features and every column of the file.
#[component]
fn FeaturePicker(
    /// The form's choices (the feature list is edited in place).
    choices: RwSignal<Choices>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let toggle = move |id: String, on: bool| {
        choices.update(|c| {
            c.features.retain(|f| *f != id);
            if on {
                c.features.push(id);
            }
        })
    };
    let checkbox = move |id: String, label: String, title: String| {
        let checked_id = id.clone();
        view! {
            <label class="feature-option" title=title>
                <input type="checkbox" data-testid="feature" value=id.clone()
                    prop:checked=move || choices.with(|c| c.features.contains(&checked_id))
                    on:change=move |ev| toggle(id.clone(), event_target_checked(&ev)) />
                {label}
            </label>
        }
    };
    let derived = catalog::DERIVED
        .iter()
        .map(|d| checkbox(d.id.to_owned(), d.label.to_owned(), d.description.to_owned()))
        .collect_view();
    let columns = move || {
        state.dataset.with(|card| {
            card.as_ref().map(|c| {
                c.column_info
                    .iter()
                    .map(|col| {
                        checkbox(
                            catalog::column_id(&col.name),
                            col.name.clone(),
                            format!("the column {} as it is", col.name),
                        )
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <details class="feature-picker">
            <summary>{move || format!("Features: {} selected", choices.with(|c| c.features.len()))}</summary>
            <div class="feature-group"><strong>"Derived"</strong>{derived}</div>
            <div class="feature-group"><strong>"Columns as they are"</strong>{columns}</div>
        </details>
    }
}
