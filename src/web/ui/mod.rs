//! The Leptos user interface: small components over the signal groups of [`state`].

pub mod chart_table;
pub mod column_window;
pub mod csv_button;
pub mod dashboard;
pub mod data_table;
pub mod dataset_card;
pub mod format;
pub mod later;
pub mod load_panel;
pub mod plot;
pub mod progress;
pub mod share;
pub mod state;
pub mod training;
pub mod update_notice;
pub mod whatif;

use leptos::prelude::*;

use dashboard::DashboardView;
use data_table::DataTable;
use dataset_card::DatasetCardView;
use load_panel::LoadPanel;
use progress::LoadProgressBar;
use state::{AppState, Notices};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    state.provide();
    crate::web::bridge::init(state);
    share::read_link_at_start(state.links, state.notices);
    later::after_frames(2, plot::warm_chart_fonts);
    // Whether data is loaded, changing only when that does: a dataset replaced by another
    // keeps the what-if panel (and a model file being imported in it) instead of rebuilding it.
    let has_data = Memo::new(move |_| state.data.dataset.with(Option::is_some));
    view! {
        <header class="top">
            <h1>"Crime Lab"</h1>
            <p class="tagline">"LA crime data: exploration and machine learning, entirely in your browser."</p>
        </header>
        <main>
            <update_notice::UpdateNotice />
            <ErrorBanner />
            <LoadPanel />
            <LoadProgressBar />
            <DatasetCardView />
            <share::ShareLink />
            <DashboardView />
            <training::TrainingPanel />
            {move || has_data.get().then(|| view! { <later::Later frames=2><whatif::WhatIfPanel /></later::Later> })}
            <DataTable />
        </main>
    }
}

/// The current error, if any, with a dismiss button.
#[component]
fn ErrorBanner() -> impl IntoView {
    let notices = expect_context::<Notices>();
    move || {
        notices.error.get().map(|message| {
            view! {
                <div class="error" role="alert" data-testid="error">
                    <span>{message}</span>
                    <button class="link" on:click=move |_| notices.error.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
