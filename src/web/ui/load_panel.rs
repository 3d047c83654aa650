//! Choosing data: a drop zone with a file input, the "Try the sample" button, and "Add a
//! file" that appends another export to the loaded one.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DragEvent, HtmlInputElement};

use crate::core::share::SAMPLE_FILE_NAME;
use crate::web::bridge::{self, load::now_ms};
use crate::web::ui::state::{DataSignals, Notices};

/// Where the bundled sample is served from.
const SAMPLE_URL: &str = "data/sample.csv";

fn load_file(file: web_sys::File) {
    let started = now_ms();
    let name = file.name();
    bridge::with(|b| b.load_blob(file.into(), name, started));
}

/// The drop zone, file input and sample button.
#[component]
pub fn LoadPanel() -> impl IntoView {
    let notices = expect_context::<Notices>();
    let data = expect_context::<DataSignals>();
    let dragging = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            load_file(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            load_file(file);
        }
    };
    let on_sample = move |_| load_sample(notices);
    let on_add = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            let started = now_ms();
            let name = file.name();
            bridge::with(|b| b.add_blob(file.into(), name, started));
        }
        input.set_value("");
    };
    let loading = move || notices.progress.with(Option::is_some);
    let cannot_add = move || loading() || data.dataset.with(Option::is_none);
    view! {
        <section class="load-panel">
            <label
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <input type="file" accept=".csv,text/csv" data-testid="file-input" class="visually-hidden" on:change=on_change />
                <span class="drop-title">"Drop the LA crime CSV export here, or click to choose it"</span>
                <span class="drop-hint">
                    "\"Crime Data from 2020 to Present\" from data.lacity.org (about 255 MB). "
                    "It never leaves your computer: everything runs in this page."
                </span>
            </label>
            <div class="or">"or"</div>
            <button data-testid="load-sample" class="primary" on:click=on_sample disabled=loading>
                "Try the sample"
            </button>
            <p class="sample-note">"12,954 real incidents, West LA division, 2020–2021."</p>
            <label class="add-file" class:disabled=cannot_add>
                <span>"Add a file: another export with the same columns (say 2010–2019 next to 2020–present). "
                "Incidents already loaded (same DR_NO) are counted and dropped."</span>
                <input type="file" accept=".csv,text/csv" data-testid="add-file" disabled=cannot_add on:change=on_add />
            </label>
        </section>
    }
}

/// Fetches the bundled sample and loads it.
pub fn load_sample(notices: Notices) {
    let started = now_ms();
    notices.error.set(None);
    notices.busy.set(Some("Fetching the sample…".into()));
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_blob(SAMPLE_URL).await {
            Ok(blob) => bridge::with(|b| b.load_blob(blob, SAMPLE_FILE_NAME.into(), started)),
            Err(message) => {
                notices.busy.set(None);
                notices.error.set(Some(format!("Could not fetch the sample: {message}")));
            }
        }
    });
}

async fn fetch_blob(url: &str) -> Result<Blob, String> {
    let response = crate::web::fetch::fetch_ok(url).await?;
    let blob = crate::web::fetch::body(response.blob()).await?;
    blob.dyn_into().map_err(|_| "not a blob".to_owned())
}
