//! Sharing a view by link: the page's hash follows the training form, the dashboard filters
//! and the what-if incident ([`SharedView`], written with `history.replaceState`, so no history
//! entry per change), and "Copy link" copies it. A page opened with a link reads the hash once
//! at start: a link naming the sample loads it by itself, and once data is loaded each
//! component takes its part of the view ([`LinkSignals::pending_link`]); a link made with other
//! data, or with parts that are not valid, says so.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::core::share::{DataRef, SharedView};
use crate::web::bridge;
use crate::web::ui::later::after_frame;
use crate::web::ui::state::{DataSignals, LinkSignals, Notices};

/// The page's address without its hash.
fn page_address() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    let href = location.href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_owned()
}

/// Reads the link the page was opened with: keeps its view for when data is loaded, notes
/// what in it cannot be used, and loads the sample when the link names it.
pub fn read_link_at_start(links: LinkSignals, notices: Notices) {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    if hash.trim_start_matches('#').is_empty() {
        return;
    }
    match SharedView::from_hash(&hash) {
        Ok(parsed) => {
            let message = parsed.message();
            if !message.is_empty() {
                links.link_note.set(Some(message));
            }
            let sample = parsed.view.data == Some(DataRef::Sample);
            links.pending_link.set(Some(parsed.view));
            if sample {
                crate::web::ui::load_panel::load_sample(notices);
            }
        }
        Err(err) => links.link_note.set(Some(format!("This link could not be used: {err}"))),
    }
}

/// Takes the training form's part of a pending link (target, split, model, params).
pub fn take_training(links: LinkSignals) -> Option<SharedView> {
    links.pending_link.try_update(|p| p.as_mut().map(take_training_of)).flatten().filter(|v| !v.is_empty())
}

fn take_training_of(view: &mut SharedView) -> SharedView {
    SharedView {
        target: view.target.take(),
        split: view.split.take(),
        model: view.model.take(),
        params: view.params.take(),
        ..SharedView::default()
    }
}

/// Takes the what-if part of a pending link.
pub fn take_whatif(links: LinkSignals) -> Option<crate::core::whatif::Incident> {
    links.pending_link.try_update(|p| p.as_mut().and_then(|v| v.whatif.take())).flatten()
}

/// Puts `#hash` in the address bar in place of the current address, unless it is there already.
fn replace_hash(hash: &str) {
    let Some(window) = web_sys::window() else { return };
    let hash = format!("#{hash}");
    if window.location().hash().is_ok_and(|current| current == hash) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
    }
}

/// The "Copy link" button, and the note about the link the page was opened with.
#[component]
pub fn ShareLink() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    let links = expect_context::<LinkSignals>();
    // Once data is loaded: the data note and the filters of a pending link.
    Effect::new(move |_| {
        let Some((name, rows)) = data.dataset.with(|d| d.as_ref().map(|c| (c.file_name.clone(), c.rows)))
        else {
            return;
        };
        let taken = links
            .pending_link
            .try_update(|p| p.as_mut().map(|v| (v.data.take(), std::mem::take(&mut v.filters))));
        let Some(Some((data, filters))) = taken else { return };
        let view = SharedView { data, ..SharedView::default() };
        if let Some(note) = view.data_note(&name, rows) {
            let before = links.link_note.get_untracked();
            links.link_note.set(Some(before.map_or(note.clone(), |b| format!("{note} {b}"))));
        }
        if !filters.is_empty() {
            bridge::with(|b| b.set_filters(filters));
        }
    });
    // Every pending part taken: the link is the page's again.
    Effect::new(move |_| {
        if links.pending_link.with(|p| p.as_ref().is_some_and(SharedView::is_empty)) {
            links.pending_link.set(None);
        }
    });
    let current = Memo::new(move |_| {
        let data_ref =
            data.dataset.with(|d| d.as_ref().map(|c| SharedView::data_of(&c.file_name, c.rows)))?;
        let mut view = links.link.get();
        view.data = Some(data_ref);
        view.filters = data.filters.get();
        Some(view.to_hash())
    });
    // The address follows the view (replaced, not pushed), once a pending link is applied.
    Effect::new(move |_| {
        let Some(hash) = current.get() else { return };
        if links.pending_link.with(Option::is_some) {
            return;
        }
        // `replaceState` is a call into the browser that took 18–36 ms in the task that renders
        // a loaded dataset: it runs in a task of its own, and only when the address changes.
        after_frame(move || replace_hash(&hash));
    });
    let address = move || current.get().map(|hash| format!("{}#{hash}", page_address())).unwrap_or_default();
    let copied = RwSignal::new(false);
    let on_copy = move |_| {
        let text = address();
        let clipboard = web_sys::window()
            .map(|w| w.navigator())
            .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("clipboard")).ok())
            .filter(|c| !c.is_undefined());
        if let Some(clipboard) = clipboard {
            let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
                .ok()
                .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
            if let Some(write) = write {
                if let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(&text)) {
                    if let Ok(promise) = wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(promise) {
                        // A refused clipboard is not an error: the link is in the address bar.
                        wasm_bindgen_futures::spawn_local(async move {
                            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                        });
                    }
                }
            }
        }
        copied.set(true);
    };
    view! {
        {move || links.link_note.get().map(|note| view! {
            <div class="link-note" role="status" data-testid="share-note">
                <span>{note}</span>
                <button class="link" on:click=move |_| links.link_note.set(None)>"Dismiss"</button>
            </div>
        })}
        {move || current.with(Option::is_some).then(|| view! {
            <div class="share">
                <button class="secondary" data-testid="share-link" data-value=address on:click=on_copy
                    title="Copy a link that opens this view: target, split, model, hyper-parameters, filters and the what-if incident">
                    {move || if copied.get() { "Link copied" } else { "Copy link" }}
                </button>
                <span class="hint">"The address bar follows your settings; the link names the data, never sends it."</span>
            </div>
        })}
    }
}
