//! The training form: target, split, model, seed and the honest-evaluation switches.

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
}

impl Choices {
    fn run(&self) -> RunConfig {
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
        let model = ModelKind::from_id(&self.model).unwrap_or(ModelKind::Gbdt).default_params();
        RunConfig { features, model, seed: self.seed }
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
    });
    let busy = move || state.training.with(Option::is_some);
    let column_targets = move || {
        state.dataset.with(|card| {
            card.as_ref()
                .map(|c| {
                    c.column_info
                        .iter()
                        .filter(|col| col.kind == Kind::Category && col.distinct.is_some_and(|d| (2..=60).contains(&d)))
                        .map(|col| col.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let on_train = move |_| bridge::with(|b| b.train(choices.get_untracked().run()));
    let on_preview = move |_| bridge::with(|b| b.prepare_features(choices.get_untracked().run().features));
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
                <select data-testid="model" on:change=move |ev| { let v = event_target_value(&ev); choices.update(|c| c.model = v) }>
                    {ModelKind::ALL.iter().filter(|k| **k != ModelKind::Stratified).map(|k| view! {
                        <option value=k.id() selected=*k == ModelKind::Gbdt>{k.label()}</option>
                    }).collect_view()}
                </select>
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
            <div class="train-buttons">
                <button class="secondary" data-testid="preview-features" on:click=on_preview disabled=busy>"Preview features"</button>
                <button class="primary" data-testid="train" on:click=on_train disabled=busy>"Train"</button>
                <button class="secondary" data-testid="train-cancel" disabled=move || !busy()
                    on:click=move |_| bridge::with(|b| b.cancel_training())>"Cancel"</button>
            </div>
        </div>
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
            card.as_ref()
                .map(|c| {
                    c.column_info
                        .iter()
                        .map(|col| checkbox(catalog::column_id(&col.name), col.name.clone(), format!("the column {} as it is", col.name)))
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
