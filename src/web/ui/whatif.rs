//! "What if": describe one incident and see what every trained or imported model predicts;
//! load a model exported earlier to predict without retraining, or apply it to the loaded data.
//! Model files are read and run in the sandbox and trainer workers, never in the engine.
//!
//! The choices come from the loaded dataset ([`WhatIfOptions`], computed in the engine
//! worker): the divisions with their incidents' median location, premises, weapons and MO
//! codes as searchable lists ordered by frequency. Choosing a division moves the incident to
//! its location; a click on the map ([`map::LocationMap`]) or typed LAT/LON choose the
//! division containing the point.

pub mod map;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::core::eval::ExportedModel;
use crate::core::protocol::EngineRequest;
use crate::core::report::html;
use crate::core::whatif::{CodedChoice, Incident, WhatIfOptions};
use crate::core::Result;
use crate::web::bridge;
use crate::web::model_json::ModelJson;
use crate::web::ui::dashboard::geo;
use crate::web::ui::format::thousands;
use crate::web::ui::state::{DataSignals, LinkSignals, ModelSignals, Notices, TrainingSignals};
use map::{round4, LocationMap};
use wasm_bindgen::JsCast;

/// The location of a division: its incidents' median LAT/LON, else (no incidents in this
/// file) the centre of its outline.
fn division_location(options: &WhatIfOptions, area: i32) -> Option<(f64, f64)> {
    let d = options.division(area)?;
    if let (Some(lat), Some(lon)) = (d.lat, d.lon) {
        return Some((lat, lon));
    }
    let divisions = geo::divisions()?;
    let outline = divisions.get(area)?;
    // The centre of the first of its polygons whose centre lies inside it.
    let (lon, lat) = outline
        .polygons
        .iter()
        .filter_map(|p| p.centroid())
        .find(|&(lon, lat)| outline.contains(lon, lat))?;
    Some((round4(lat), round4(lon)))
}

/// The incident to predict, with the typed premise, weapon and MO codes resolved against the
/// dataset's lists (a value the data never shows is refused by name).
fn resolved(
    incident: &Incident,
    options: &WhatIfOptions,
    premise: &str,
    weapon: &str,
    mocodes: &[u16],
) -> Result<Incident> {
    let mut i = incident.clone();
    let p = options.premise(premise)?;
    i.premise_code = p.and_then(|p| p.code);
    i.premise = p.map_or(String::new(), |p| p.label.clone());
    let w = options.weapon(weapon)?;
    i.weapon_code = w.and_then(|w| w.code);
    i.weapon = w.map_or(String::new(), |w| w.label.clone());
    i.mocodes = mocodes.iter().map(|c| format!("{c:04}")).collect::<Vec<_>>().join(" ");
    i.validate()?;
    Ok(i)
}

/// The what-if form, the import input and the predictions.
#[component]
pub fn WhatIfPanel() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    let model_signals = expect_context::<ModelSignals>();
    let train = expect_context::<TrainingSignals>();
    let notices = expect_context::<Notices>();
    let links = expect_context::<LinkSignals>();
    let incident = RwSignal::new(Incident {
        date: "2021-06-15".into(),
        time: "21:30".into(),
        victim_age: Some(30),
        victim_sex: "M".into(),
        victim_descent: "H".into(),
        ..Default::default()
    });
    let premise = RwSignal::new(String::new());
    let weapon = RwSignal::new(String::new());
    let mocodes = RwSignal::new(Vec::<u16>::new());

    // The choices of each new dataset, from the engine.
    Effect::new(move |_| {
        data.generation.track();
        model_signals.whatif_options.set(None);
        bridge::with(|b| b.ask(&EngineRequest::WhatIfOptions, Vec::new()));
    });
    // When they arrive: the busiest division at its location, its most frequent premise.
    Effect::new(move |_| {
        model_signals.whatif_options.with(|o| {
            let Some(o) = o else { return };
            let busiest = o.divisions.iter().max_by(|a, b| a.rows.cmp(&b.rows).then(b.area.cmp(&a.area)));
            let area = busiest.map_or(0, |d| d.area);
            let location = division_location(o, area);
            incident.update(|i| {
                i.area = area;
                i.lat = location.map(|l| l.0);
                i.lon = location.map(|l| l.1);
            });
            premise.set(o.premises.first().map(|p| p.label.clone()).unwrap_or_default());
            weapon.set(String::new());
            mocodes.set(Vec::new());
        });
        // The incident of the link the page was opened with, over those defaults.
        if model_signals.whatif_options.with(Option::is_some) {
            if let Some(shared) = crate::web::ui::share::take_whatif(links) {
                premise.set(shared.premise.clone());
                weapon.set(shared.weapon.clone());
                mocodes.set(shared.mocodes.split_whitespace().filter_map(|c| c.parse().ok()).collect());
                incident.set(Incident {
                    premise_code: None,
                    weapon_code: None,
                    mocodes: String::new(),
                    ..shared
                });
            }
        }
    });
    // The link follows the incident as typed.
    Effect::new(move |_| {
        let mut shared = incident.get();
        shared.premise = premise.get();
        shared.weapon = weapon.get();
        shared.mocodes = mocodes.with(|l| l.iter().map(|c| format!("{c:04}")).collect::<Vec<_>>().join(" "));
        links.link.update(|v| v.whatif = Some(shared));
    });

    let models = move || {
        let mut list: Vec<(String, ModelJson)> = train.results.with(|r| {
            r.iter().map(|v| (format!("#{} {}", v.id, v.result.model_label), v.model.clone())).collect()
        });
        list.extend(model_signals.imported.get());
        list
    };
    let on_predict = move |_| {
        let built = model_signals.whatif_options.with_untracked(|o| {
            let o = o.as_ref().ok_or_else(|| crate::core::Error::not_ready("the form's lists"))?;
            resolved(
                &incident.get_untracked(),
                o,
                &premise.get_untracked(),
                &weapon.get_untracked(),
                &mocodes.get_untracked(),
            )
        });
        let incident = match built {
            Ok(i) => i,
            Err(err) => {
                notices.error.set(Some(err.to_string()));
                return;
            }
        };
        let (names, buffers): (Vec<String>, Vec<_>) =
            models().into_iter().map(|(name, model)| (name, model.copy())).unzip();
        model_signals.whatif.set(None);
        bridge::with(|b| b.ask_sandbox(&EngineRequest::WhatIf { names, incident }, buffers));
    };
    let on_import = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        // Over the cap, the file is refused before a byte of it is read.
        if let Err(err) = ExportedModel::check_size(file.size() as u64) {
            notices.error.set(Some(format!("{}: {err}", file.name())));
            return;
        }
        notices.error.set(None);
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
    let on_division = move |ev: leptos::ev::Event| {
        let area: i32 = event_target_value(&ev).parse().unwrap_or(0);
        let location = model_signals
            .whatif_options
            .with_untracked(|o| o.as_ref().and_then(|o| division_location(o, area)));
        incident.update(|i| {
            i.area = area;
            if let Some((lat, lon)) = location {
                i.lat = Some(lat);
                i.lon = Some(lon);
            }
        });
    };
    // A typed coordinate moves the incident, and the division follows the point.
    let on_coordinate = move |set: fn(&mut Incident, Option<f64>)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev).trim().parse::<f64>().ok().filter(|v| v.is_finite());
            incident.update(|i| {
                set(i, value);
                let found = (i.lat.zip(i.lon)).and_then(|(lat, lon)| geo::divisions()?.find(lon, lat));
                if let Some(area) = found {
                    i.area = area;
                }
            });
        }
    };
    // A typed premise or weapon of the list is shown as the list spells it.
    let listed =
        move |text: String, find: for<'a> fn(&'a WhatIfOptions, &str) -> Result<Option<&'a CodedChoice>>| {
            model_signals.whatif_options.with_untracked(|o| {
                o.as_ref()
                    .and_then(|o| find(o, &text).ok().flatten().map(|c| c.label.clone()))
                    .unwrap_or(text)
            })
        };
    let on_mocode = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let text = input.value();
        if text.trim().is_empty() {
            return;
        }
        let code = model_signals.whatif_options.with_untracked(|o| o.as_ref().map(|o| o.mocode(&text)));
        match code {
            Some(Ok(code)) => {
                mocodes.update(|list| {
                    if !list.contains(&code) {
                        list.push(code);
                    }
                });
                input.set_value("");
            }
            Some(Err(err)) => notices.error.set(Some(err.to_string())),
            None => {}
        }
    };

    let division_options = move || {
        model_signals.whatif_options.with(|o| {
            o.as_ref().map(|o| {
                o.divisions
                    .iter()
                    .map(|d| {
                        let area = d.area;
                        let label = match d.rows {
                            0 => format!("{} (no incidents in this file)", d.name),
                            n => format!("{} ({})", d.name, thousands(n)),
                        };
                        view! { <option value=area.to_string() prop:selected=move || incident.with(|i| i.area == area)>{label}</option> }
                    })
                    .collect_view()
            })
        })
    };
    let list_options = move |premises: bool| {
        model_signals.whatif_options.with(|o| {
            o.as_ref().map(|o| {
                let list = if premises { &o.premises } else { &o.weapons };
                html::options(list.iter().map(|c| {
                    let code = c.code.map_or(String::new(), |c| format!("{c} · "));
                    (c.label.clone(), format!("{code}{} incidents", thousands(c.count)))
                }))
            })
        })
    };
    let mocode_options = move || {
        model_signals.whatif_options.with(|o| {
            o.as_ref().map(|o| {
                html::options(
                    o.mocodes.iter().map(|m| (m.text(), format!("{} incidents", thousands(m.count)))),
                )
            })
        })
    };
    let chips = move || {
        mocodes
            .get()
            .into_iter()
            .map(|code| {
                view! {
                    <span class="chip" data-testid="whatif-mocode-chip" data-value=format!("{code:04}")>{format!("{code:04}")}
                        <button class="link" title="Remove" on:click=move |_| mocodes.update(|l| l.retain(|c| *c != code))>"×"</button>
                    </span>
                }
            })
            .collect_view()
    };
    let coordinate = move |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.4}"));
    view! {
        <section class="panel whatif">
            <h2>"What if? Predict one incident"</h2>
            <p class="hint">"Every trained model (and any model you load from an exported JSON file) predicts the incident below, through its own feature pipeline. The lists come from the loaded file, most frequent first; type to search them."</p>
            <div class="whatif-body">
                <div class="train-form" data-testid="whatif-form">
                    <label>"Date" <input type="date" data-testid="whatif-date" prop:value=move || incident.with(|i| i.date.clone()) on:change=field(|i, v| i.date = v) /></label>
                    <label>"Time" <input type="time" data-testid="whatif-time" prop:value=move || incident.with(|i| i.time.clone()) on:change=field(|i, v| i.time = v) /></label>
                    <label>"Division"
                        <select data-testid="whatif-division" on:change=on_division>{division_options}</select>
                    </label>
                    <label>"LAT" <input type="number" step="0.0001" min="33.2" max="34.9" class="coordinate" data-testid="whatif-lat"
                        prop:value=move || incident.with(|i| coordinate(i.lat)) on:change=on_coordinate(|i, v| i.lat = v) /></label>
                    <label>"LON" <input type="number" step="0.0001" min="-119" max="-117.6" class="coordinate" data-testid="whatif-lon"
                        prop:value=move || incident.with(|i| coordinate(i.lon)) on:change=on_coordinate(|i, v| i.lon = v) /></label>
                    <label>"Premise"
                        <input list="whatif-premises" data-testid="whatif-premise" class="searchable" placeholder="type to search"
                            prop:value=move || premise.get() on:change=move |ev| premise.set(listed(event_target_value(&ev), |o, t| o.premise(t))) />
                        <datalist id="whatif-premises" inner_html=move || list_options(true).unwrap_or_default()></datalist>
                    </label>
                    <label>"Weapon"
                        <input list="whatif-weapons" data-testid="whatif-weapon" class="searchable" placeholder="none"
                            prop:value=move || weapon.get() on:change=move |ev| weapon.set(listed(event_target_value(&ev), |o, t| o.weapon(t))) />
                        <datalist id="whatif-weapons" inner_html=move || list_options(false).unwrap_or_default()></datalist>
                    </label>
                    <label>"MO codes"
                        <input list="whatif-mocode-list" data-testid="whatif-mocode" class="searchable" placeholder="add a code, e.g. 0344"
                            on:change=on_mocode />
                        <datalist id="whatif-mocode-list" inner_html=move || mocode_options().unwrap_or_default()></datalist>
                    </label>
                    <div class="chips" data-testid="whatif-mocodes"
                        data-value=move || mocodes.with(|l| l.iter().map(|c| format!("{c:04}")).collect::<Vec<_>>().join(" "))>{chips}</div>
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
                        <button class="primary" data-testid="whatif-predict" on:click=on_predict
                            disabled=move || models().is_empty() || model_signals.whatif_options.with(Option::is_none)>"Predict"</button>
                    </div>
                </div>
                <LocationMap incident=incident />
            </div>
            {move || model_signals.whatif.get().map(|predictions| { let count = predictions.len().to_string(); view! {
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
    let train = expect_context::<TrainingSignals>();
    let model_signals = expect_context::<ModelSignals>();
    let busy = move || train.training.with(Option::is_some);
    move || {
        let imported = model_signals.imported.get();
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
