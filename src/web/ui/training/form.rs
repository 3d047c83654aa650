//! The training form: target, split, model, seed and the honest-evaluation switches.
//!
//! The form fills the core's [`Choices`] and builds every run and search through
//! [`Choices::run`] and [`TuneChoices::tune`], the same builder as the command line: a choice
//! that is not understood shows the builder's message in the error banner, never a default.
//! Every `<select>` is built from the core's value lists ([`Listed`]).

use leptos::prelude::*;

use crate::core::choices::{
    number, optional_number, Choices, StrategyKind, TuneChoices, TuneValidation, DEFAULT_MODEL,
};
use crate::core::data::Kind;
use crate::core::experiment::RunConfig;
use crate::core::features::{catalog, FeatureConfig, Question};
use crate::core::listed::Listed;
use crate::core::models::ModelKind;
use crate::core::train_shares::MAX_WORKERS;
use crate::core::Result;
use crate::web::bridge;
use crate::web::ui::later::Later;
use crate::web::ui::state::{BalanceView, DataSignals, LinkSignals, Notices, TrainingSignals};

/// The options of a `<select>` from a value list, with `selected` chosen.
fn options<T: Listed>(selected: &T, skip: &[T]) -> impl IntoView {
    T::VALUES
        .iter()
        .filter(|(v, _, _)| !skip.contains(v))
        .map(|(v, id, label)| view! { <option value=*id selected=v == selected>{*label}</option> })
        .collect_view()
}

/// The training form's default worker count: one per core but one (left for the page), 1 to
/// [`MAX_WORKERS`].
fn default_workers() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency()) as usize;
    cores.saturating_sub(1).clamp(1, MAX_WORKERS)
}

/// What the worker count does for `model`, in a few words.
fn workers_note(model: Option<&str>, workers: usize) -> &'static str {
    match (model.and_then(ModelKind::from_id), workers) {
        (_, 1) => "one worker",
        (Some(ModelKind::RandomForest), _) => "the forest's trees are split over them, as are Tune's fits",
        (Some(ModelKind::Gbdt), _) => {
            "each round's trees are shared out by class (two-class targets gain nothing); Tune's fits too"
        }
        (Some(ModelKind::Logreg), _) => {
            "each step's pass over the rows is shared out in blocks; Tune's fits too"
        }
        _ => "Tune's fits are shared out; this model trains on one worker",
    }
}

/// Pretty JSON of a model's default hyper-parameters, as the params box shows them.
fn default_params_json(model: Option<&str>) -> String {
    let Some(kind) = model.and_then(ModelKind::from_id) else { return String::new() };
    serde_json::to_string_pretty(&kind.default_params().params_json()).unwrap_or_default()
}

/// Target, split and model choices with the Train / Cancel buttons.
#[component]
pub fn TrainForm() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    let links = expect_context::<LinkSignals>();
    let train = expect_context::<TrainingSignals>();
    let notices = expect_context::<Notices>();
    let choices = RwSignal::new(Choices::defaults());
    // The number inputs as typed: the builder's checks turn them into numbers or a message.
    let initial = FeatureConfig::default();
    let seed_text = RwSignal::new(initial.seed.to_string());
    let top_k_text = RwSignal::new(String::new());
    // Train on the rows the dashboard's filters keep.
    let train_filtered = RwSignal::new(false);
    // A link's target, split, model and params, once data is loaded (after the target's
    // column options are drawn); then the link follows the form.
    Effect::new(move |_| {
        if data.dataset.with(Option::is_none) {
            return;
        }
        if let Some(view) = crate::web::ui::share::take_training(links) {
            request_animation_frame(move || {
                choices.update(|c| {
                    c.target = view.target.or(c.target.take());
                    c.split = view.split.or(c.split.take());
                    if view.model.is_some() {
                        c.model = view.model;
                        c.params = None;
                    }
                    c.params = view.params.or(c.params.take());
                })
            });
        }
    });
    Effect::new(move |_| {
        choices.with(|c| {
            links.link.update(|v| {
                v.target = c.target.clone();
                v.split = c.split.clone();
                v.model = c.model.clone();
                v.params = c.params.clone();
            })
        })
    });
    let busy = move || train.training.with(Option::is_some);
    let scaling_inert = move || {
        choices.with(|c| c.model.as_deref().and_then(ModelKind::from_id).and_then(ModelKind::scaling_inert))
    };
    let column_targets = move || {
        data.dataset.with(|card| {
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
    // The form's choices with the typed numbers and the filters when training on them.
    let complete = move || -> Result<Choices> {
        let mut c = choices.get_untracked();
        c.filters = Some(if train_filtered.get_untracked() {
            data.filters.get_untracked()
        } else {
            Default::default()
        });
        c.seed = Some(number("features", "seed", &seed_text.get_untracked(), "a whole number, 0 or more")?);
        c.keep_top_k = Some(optional_number(
            "features",
            "keep_top_k",
            &top_k_text.get_untracked(),
            "a whole number, 1 or more (or empty to keep every feature)",
        )?);
        Ok(c)
    };
    let build = move || complete()?.run();
    // The class balance follows the target, split, seed, records-change and filter choices.
    Effect::new(move |_| {
        let loaded = data.dataset.with(Option::is_some);
        choices.track();
        seed_text.track();
        if train_filtered.get() {
            data.filters.track();
        }
        if loaded {
            match complete().and_then(|c| c.features()) {
                Ok(features) => bridge::with(|b| b.request_class_balance(features)),
                Err(err) => train.class_balance.set(Some(BalanceView::Failed(err.to_string()))),
            }
        }
    });
    let with_run = move |f: &dyn Fn(RunConfig)| match build() {
        Ok(run) => f(run),
        Err(err) => notices.error.set(Some(err.to_string())),
    };
    // How many trainer workers grow a forest's or a boosted model's trees (the model does not
    // depend on it).
    let workers = RwSignal::new(default_workers());
    let on_train = move |_| with_run(&|run| bridge::with(|b| b.train(run, workers.get_untracked())));
    // How Tune searches: strategy (`random-8` = random, 8 candidates), validation, rows.
    let tune_strategy = RwSignal::new("random-8".to_owned());
    let tune_validation = RwSignal::new(TuneValidation::Cv3.id().to_owned());
    let tune_rows = RwSignal::new("20000".to_owned());
    let tune_choices = move || -> Result<TuneChoices> {
        let strategy = tune_strategy.get_untracked();
        let (strategy, candidates) = match strategy.split_once('-') {
            Some((id, n)) => {
                (id.to_owned(), Some(number("tune", "candidates", n, "a whole number, 1 or more")?))
            }
            None => (strategy, None),
        };
        Ok(TuneChoices {
            strategy: Some(strategy),
            candidates,
            cv: Some(tune_validation.get_untracked()),
            rows: Some(number(
                "tune",
                "rows",
                &tune_rows.get_untracked(),
                "a whole number, 0 for every row",
            )?),
        })
    };
    let on_tune = move |_| {
        with_run(&|run| match tune_choices().and_then(|t| t.tune(&run)) {
            Ok(tune) => bridge::with(|b| {
                b.tune(run.features.clone(), run.model.kind(), tune, workers.get_untracked())
            }),
            Err(err) => notices.error.set(Some(err.to_string())),
        })
    };
    let on_preview = move |_| with_run(&|run| bridge::with(|b| b.prepare_features(run.features)));
    let set = move |f: fn(&mut Choices, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            choices.update(|c| f(c, v))
        }
    };
    let check = move |f: fn(&mut Choices, bool)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_checked(&ev);
            choices.update(|c| f(c, v))
        }
    };
    view! {
        <div class="train-form">
            <label title=move || choices.with(|c| c.question.as_deref().and_then(Question::from_id).map(Question::description).unwrap_or_default())>"Question"
                <select data-testid="question" on:change=set(|c, v| {
                    // A question presets its features.
                    if let Some(q) = Question::from_id(&v) {
                        c.features = Some(q.feature_ids());
                    }
                    c.question = Some(v);
                })>
                    {options(&initial.question, &[])}
                </select>
            </label>
            <label>"Predict"
                <select data-testid="target" prop:value=move || choices.with(|c| c.target.clone().unwrap_or_default())
                    on:change=set(|c, v| c.target = Some(v))>
                    {options(&initial.target, &[])}
                    <optgroup label="Any column">
                        {move || column_targets().into_iter().map(|name| view! { <option value=name.clone()>{name.clone()}</option> }).collect_view()}
                    </optgroup>
                </select>
            </label>
            <label>"Test on"
                <select data-testid="split" prop:value=move || choices.with(|c| c.split.clone().unwrap_or_default())
                    on:change=set(|c, v| c.split = Some(v))>
                    {options(&initial.split.split_kind(), &[])}
                </select>
            </label>
            <label>"Model"
                <select data-testid="model" prop:value=move || choices.with(|c| c.model.clone().unwrap_or_default())
                    on:change=set(|c, v| { c.model = Some(v); c.params = None; })>
                    {options(&DEFAULT_MODEL, &[ModelKind::Stratified])}
                </select>
            </label>
            <label title="Trainer workers grow the trees of a random forest or of gradient-boosted trees in parallel, and share out Tune's candidate × fold fits for every model; the model and the tuning table are the same for any number. Other models train on one worker.">"Trainer workers"
                <select data-testid="train-workers" on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse() { workers.set(n) }
                }>
                    {(1..=MAX_WORKERS).map(|n| view! { <option value=n.to_string() selected=n == workers.get_untracked()>{n.to_string()}</option> }).collect_view()}
                </select>
                <span class="hint" data-testid="train-workers-note">{move || choices.with(|c| workers_note(c.model.as_deref(), workers.get()))}</span>
            </label>
            <label>"Categories as"
                <select data-testid="encoding" on:change=set(|c, v| c.encoding = Some(v))>
                    {options(&initial.encoding, &[])}
                </select>
            </label>
            <label title=move || scaling_inert().map(|why| format!("Scaling changes nothing here: {why}."))>"Scaling"
                <select data-testid="scaling" disabled=move || scaling_inert().is_some() on:change=set(|c, v| c.scaling = Some(v))>
                    {options(&initial.scaling, &[])}
                </select>
                {move || scaling_inert().map(|why| view! { <span class="hint" data-testid="scaling-note">{format!("not used: {why}")}</span> })}
            </label>
            <label>"Keep top K"
                <input type="number" data-testid="keep-top-k" min="1" placeholder="all" class="seed"
                    on:change=move |ev| top_k_text.set(event_target_value(&ev)) />
            </label>
            <label>"Seed"
                <input type="number" data-testid="seed" min="0" value=seed_text.get_untracked() class="seed"
                    on:change=move |ev| seed_text.set(event_target_value(&ev)) />
            </label>
            <label class="check">
                <input type="checkbox" data-testid="exclude-2024" checked=initial.exclude_records_change
                    on:change=check(|c, v| c.exclude_records_change = Some(v)) />
                "Leave out rows from 7 March 2024 on (records-system change)"
            </label>
            <label class="check">
                <input type="checkbox" data-testid="class-weights" checked=initial.class_weights
                    on:change=check(|c, v| c.class_weights = Some(v)) />
                "Balance classes with weights"
            </label>
            <TrainFiltered on=train_filtered />
            <label class="check warn">
                <input type="checkbox" data-testid="keep-leaky"
                    on:change=check(|c, v| c.leakage_guard = Some(!v)) />
                "Keep features that leak the answer (results will be flagged)"
            </label>
            // A frame after the rest of the form: its sixty checkboxes made the form's build a
            // 90 ms task on the full-size file.
            <Later><FeaturePicker choices=choices /></Later>
            <details class="params-editor">
                <summary>"Hyper-parameters"</summary>
                <textarea data-testid="params" rows="8" spellcheck="false"
                    prop:value=move || choices.with(|c| c.params.clone().unwrap_or_else(|| default_params_json(c.model.as_deref())))
                    on:change=set(|c, v| c.params = Some(v))></textarea>
                <p class="hint">"JSON over the model's defaults; each model documents its ranges. Changing the model resets them."</p>
            </details>
            <details class="tune-options">
                <summary>"Tuning"</summary>
                <div class="tune-row">
                    <label>"Search"
                        <select data-testid="tune-strategy" on:change=move |ev| tune_strategy.set(event_target_value(&ev))>
                            {[8, 20].map(|n| {
                                let id = format!("{}-{n}", StrategyKind::Random.id());
                                view! { <option value=id.clone() selected=id == tune_strategy.get_untracked()>{format!("{}, {n} candidates", StrategyKind::Random.label())}</option> }
                            }).collect_view()}
                            <option value=StrategyKind::Grid.id()>{StrategyKind::Grid.label()}</option>
                        </select>
                    </label>
                    <label>"Scored by"
                        <select data-testid="tune-validation" on:change=move |ev| tune_validation.set(event_target_value(&ev))>
                            {options(&TuneValidation::default(), &[])}
                        </select>
                    </label>
                    <label>"On"
                        <select data-testid="tune-rows" on:change=move |ev| tune_rows.set(event_target_value(&ev))>
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
                let record = train.tuning.with_untracked(|t| t.as_ref().and_then(|t| t.record.clone()));
                with_run(&|mut run| {
                    // The card records the search only when it tuned this model.
                    run.tuning = record.clone().filter(|r| r.model == run.model.kind().id());
                    bridge::with(|b| b.train(run, workers.get_untracked()))
                });
            } />
        </div>
    }
}

/// The "train on the filtered rows" switch, with the dashboard's filters it would apply.
#[component]
fn TrainFiltered(
    /// Whether it is on.
    on: RwSignal<bool>,
) -> impl IntoView {
    let data = expect_context::<DataSignals>();
    let what = move || {
        data.filters.with(|f| {
            if f.is_empty() {
                "no filter is set on the dashboard: every row".to_owned()
            } else {
                f.describe()
            }
        })
    };
    view! {
        <label class="check" title="Leave out the rows the dashboard's filters exclude (date range, divisions, crime types) before the split">
            <input type="checkbox" data-testid="train-filtered" prop:checked=move || on.get()
                on:change=move |ev| on.set(event_target_checked(&ev)) />
            "Train on the filtered rows "<small class="hint" data-testid="train-filtered-what">{move || format!("({})", what())}</small>
        </label>
    }
}

/// The ranked candidates of the last search, each with a button to train it on all rows.
/// Each row carries its params (`data-params`, compact JSON) and mean score (`data-value`).
#[component]
fn TuneResults(
    /// Called with a candidate's params (JSON) to train with them.
    on_pick: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let train = expect_context::<TrainingSignals>();
    move || {
        let tuning = train.tuning.get()?;
        let record = tuning.record?;
        let rows = record
            .candidates
            .iter()
            .map(|c| {
                let values = c.values.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ");
                let score = match (c.score, c.std, &c.error) {
                    (Some(m), _, _) if record.folds == 1 => format!("{m:.4}"),
                    (Some(m), Some(s), _) => format!("{m:.4} ± {s:.4}"),
                    (_, _, Some(e)) => format!("failed: {e}"),
                    _ => "–".into(),
                };
                let params = serde_json::to_string_pretty(&c.params).unwrap_or_default();
                view! {
                    <tr data-testid="tune-candidate" data-rank=c.rank data-params=c.params.to_string()
                        data-value=c.score.map(|m| m.to_string()) data-std=c.std.map(|s| s.to_string())>
                        <td>{c.rank}</td><td class="values">{values}</td><td>{score}</td>
                        <td>{crate::web::ui::format::duration(c.fit_ms)}</td>
                        <td>{c.score.map(|_| view! { <button class="link" on:click=move |_| on_pick(params.clone())>"train with these"</button> })}</td>
                    </tr>
                }
            })
            .collect_view();
        let validation = match record.validation.as_str() {
            "time" => "the time split's validation rows".to_owned(),
            v => format!("{v} cross-validation (each fold refits the features)"),
        };
        Some(view! {
            <div class="tune-results" data-testid="tune-results">
                <h3>{format!("Tuning {}: {} candidates, {}, ranked by {} ({}) ", tuning.model_label, record.candidates.len(),
                    validation, record.score.label(), crate::web::ui::format::duration(record.elapsed_ms))}
                    <super::tuning_csv::TuningDownload /></h3>
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
    let data = expect_context::<DataSignals>();
    let toggle = move |id: String, on: bool| {
        choices.update(|c| {
            let features = c.features.get_or_insert_with(Vec::new);
            features.retain(|f| *f != id);
            if on {
                features.push(id);
            }
        })
    };
    let checkbox = move |id: String, label: String, title: String| {
        let checked_id = id.clone();
        // A forecast cannot use what is recorded with the report.
        let refused = Signal::derive({
            let id = id.clone();
            move || {
                choices
                    .with(|c| c.question.as_deref().and_then(Question::from_id).and_then(|q| q.refuses(&id)))
            }
        });
        view! {
            <label class="feature-option" title=move || refused.get().unwrap_or_else(|| title.clone())>
                <input type="checkbox" data-testid="feature" value=id.clone()
                    disabled=move || refused.with(Option::is_some)
                    prop:checked=move || choices.with(|c| c.features.as_ref().is_some_and(|f| f.contains(&checked_id)))
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
        data.dataset.with(|card| {
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
            <summary>{move || format!("Features: {} selected", choices.with(|c| c.features.as_ref().map_or(0, Vec::len)))}</summary>
            <div class="feature-group"><strong>"Derived"</strong>{derived}</div>
            <div class="feature-group"><strong>"Columns as they are"</strong>{columns}</div>
        </details>
    }
}
