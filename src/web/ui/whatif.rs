//! "What if": describe one incident and see what every trained or imported model predicts;
//! load a model exported earlier to predict without retraining, or apply it to the loaded data.
//! Model files are read and run in the sandbox and trainer workers, never in the engine.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::core::eval::ExportedModel;
use crate::core::protocol::EngineRequest;
use crate::core::whatif::{Incident, DIVISIONS};
use crate::web::bridge;
use crate::web::model_json::ModelJson;
use crate::web::ui::state::AppState;
use wasm_bindgen::JsCast;

const PREMISES: [(i32, &str); 10] = [
    (101, "STREET"),
    (501, "SINGLE FAMILY DWELLING"),
    (502, "MULTI-UNIT DWELLING (APARTMENT, DUPLEX, ETC)"),
    (108, "PARKING LOT"),
    (102, "SIDEWALK"),
    (203, "OTHER BUSINESS"),
    (707, "GARAGE/CARPORT"),
    (122, "VEHICLE, PASSENGER/TRUCK"),
    (404, "DEPARTMENT STORE"),
    (210, "RESTAURANT/FAST FOOD"),
];

const WEAPONS: [(i32, &str); 6] = [
    (0, "none"),
    (400, "STRONG-ARM (HANDS, FIST, FEET OR BODILY FORCE)"),
    (500, "UNKNOWN WEAPON/OTHER WEAPON"),
    (511, "VERBAL THREAT"),
    (102, "HAND GUN"),
    (200, "KNIFE WITH BLADE 6INCHES OR LESS"),
];

/// The what-if form, the import input and the predictions.
#[component]
pub fn WhatIfPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let incident = RwSignal::new(Incident {
        date: "2021-06-15".into(),
        time: "21:30".into(),
        area: 8,
        premise_code: Some(101),
        premise: "STREET".into(),
        victim_age: Some(30),
        victim_sex: "M".into(),
        victim_descent: "H".into(),
        lat: Some(34.05),
        lon: Some(-118.44),
        ..Default::default()
    });
    let models = move || {
        let mut list: Vec<(String, ModelJson)> = state.results.with(|r| {
            r.iter().map(|v| (format!("#{} {}", v.id, v.result.model_label), v.model.clone())).collect()
        });
        list.extend(state.imported.get());
        list
    };
    let on_predict = move |_| {
        let (names, buffers): (Vec<String>, Vec<_>) =
            models().into_iter().map(|(name, model)| (name, model.copy())).unzip();
        let request = EngineRequest::WhatIf { names, incident: incident.get_untracked() };
        state.whatif.set(None);
        bridge::with(|b| b.ask_sandbox(&request, buffers));
    };
    let on_import = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        // Over the cap, the file is refused before a byte of it is read.
        if let Err(err) = ExportedModel::check_size(file.size() as u64) {
            state.error.set(Some(format!("{}: {err}", file.name())));
            return;
        }
        state.error.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            let buffer = JsFuture::from(file.array_buffer())
                .await
                .ok()
                .and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok())
                .unwrap_or_else(|| js_sys::ArrayBuffer::new(0));
            // The sandbox worker checks it (a forest is tens of megabytes of JSON) and sends it
            // back when it is a usable model.
            let request = EngineRequest::CheckModel { file_name: file.name() };
            bridge::with(|b| b.ask_sandbox(&request, vec![buffer]));
        });
    };
    let field = move |f: fn(&mut Incident, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            incident.update(|i| f(i, v))
        }
    };
    view! {
        <section class="panel whatif">
            <h2>"What if? Predict one incident"</h2>
            <p class="hint">"Every trained model (and any model you load from an exported JSON file) predicts the incident below, through its own feature pipeline."</p>
            <div class="train-form" data-testid="whatif-form">
                <label>"Date" <input type="date" data-testid="whatif-date" prop:value=move || incident.with(|i| i.date.clone()) on:change=field(|i, v| i.date = v) /></label>
                <label>"Time" <input type="time" data-testid="whatif-time" prop:value=move || incident.with(|i| i.time.clone()) on:change=field(|i, v| i.time = v) /></label>
                <label>"Division"
                    <select data-testid="whatif-division" on:change=field(|i, v| i.area = v.parse().unwrap_or(0))>
                        {DIVISIONS.iter().map(|(code, name)| view! { <option value=code.to_string() selected=*code == 8>{*name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Premise"
                    <select data-testid="whatif-premise" on:change=field(|i, v| {
                        let code: i32 = v.parse().unwrap_or(0);
                        i.premise_code = Some(code);
                        i.premise = PREMISES.iter().find(|p| p.0 == code).map_or(String::new(), |p| p.1.to_owned());
                    })>
                        {PREMISES.iter().map(|(code, name)| view! { <option value=code.to_string()>{*name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Weapon"
                    <select data-testid="whatif-weapon" on:change=field(|i, v| {
                        let code: i32 = v.parse().unwrap_or(0);
                        i.weapon_code = (code != 0).then_some(code);
                        i.weapon = WEAPONS.iter().find(|w| w.0 == code && code != 0).map_or(String::new(), |w| w.1.to_owned());
                    })>
                        {WEAPONS.iter().map(|(code, name)| view! { <option value=code.to_string()>{*name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Victim age" <input type="number" class="seed" min="0" max="120" data-testid="whatif-age" prop:value=move || incident.with(|i| i.victim_age.unwrap_or(0).to_string()) on:change=field(|i, v| i.victim_age = v.parse().ok()) /></label>
                <label>"Sex"
                    <select data-testid="whatif-sex" on:change=field(|i, v| i.victim_sex = v)>
                        <option value="M" selected=true>"male"</option><option value="F">"female"</option><option value="X">"unknown"</option>
                    </select>
                </label>
                <label>"Descent"
                    <select data-testid="whatif-descent" on:change=field(|i, v| i.victim_descent = v)>
                        <option value="H" selected=true>"Hispanic"</option><option value="W">"White"</option><option value="B">"Black"</option>
                        <option value="A">"Other Asian"</option><option value="O">"Other"</option><option value="X">"unknown"</option>
                    </select>
                </label>
                <label>"Load an exported model"
                    <input type="file" accept=".json,application/json" data-testid="import-model" on:change=on_import />
                </label>
                <ImportedModels />
                <div class="train-buttons">
                    <span class="hint">{move || format!("{} model(s)", models().len())}</span>
                    <button class="primary" data-testid="whatif-predict" on:click=on_predict disabled=move || models().is_empty()>"Predict"</button>
                </div>
            </div>
            {move || state.whatif.get().map(|predictions| { let count = predictions.len().to_string(); view! {
                <div class="whatif-results" data-testid="whatif-result" data-value=count>
                    {predictions.into_iter().map(|p| {
                        let top = p.classes.iter().take(3).map(|(c, pr)| format!("{c} {:.0}%", pr * 100.0)).collect::<Vec<_>>().join(" · ");
                        let best = p.classes.first().map(|c| c.0.clone()).unwrap_or_default();
                        view! { <div class="whatif-row" data-class=best><strong>{p.model.clone()}</strong>": "{top}
                            {(!p.warnings.is_empty()).then(|| view! { <span class="flag">" ⚠ leaky features"</span> })}</div> }
                    }).collect_view()}
                </div>
            }})}
        </section>
    }
}

/// The models loaded from files, each with a button that applies it to the loaded data.
#[component]
fn ImportedModels() -> impl IntoView {
    let state = expect_context::<AppState>();
    let busy = move || state.training.with(Option::is_some);
    move || {
        let imported = state.imported.get();
        (!imported.is_empty()).then(|| {
            let rows = imported
                .into_iter()
                .map(|(name, model)| {
                    let label = name.clone();
                    view! {
                        <li class="imported-model" data-testid="imported-model">
                            <span>{label}</span>
                            <button class="secondary" data-testid="apply-model" disabled=busy
                                title="Predict every row of the loaded data with this model, and score the rows whose class is known"
                                on:click=move |_| bridge::with(|b| b.apply_model(&name, &model))>
                                "Apply to the loaded data"
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="imported-models">{rows}</ul> }
        })
    }
}
