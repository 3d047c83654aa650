//! The exploratory dashboard: filters, one canvas per chart drawn with plotters on the page's
//! thread, pan and zoom on the maps, PNG downloads, and the column profiles.
//!
//! * [`DashboardView`]: the section inserted after the dataset card.
//! * [`context::DashContext`]: its shared signals (outline loading, map views, timing).
//! * [`draw`]: draws every chart once a dashboard arrives and sets `eda-ready`.
//! * [`canvas`]: a chart on a `<canvas>` at its device-pixel size.
//! * [`filters::FilterBar`], [`chart_card::ChartCard`], [`status::EdaStatus`],
//!   [`profile_table::ProfileTable`]: the pieces on screen.
//! * [`geo`] fetches the division outlines once; [`map_view`] is the pan/zoom arithmetic.

pub mod canvas;
pub mod chart_card;
pub mod context;
pub mod download;
pub mod draw;
pub mod filters;
pub mod geo;
pub mod map_view;
pub mod profile_table;
pub mod status;

use leptos::prelude::*;

use crate::core::charts::ChartKind;
use crate::web::ui::csv_button::CsvButton;
use crate::web::ui::state::DataSignals;
use chart_card::ChartCard;
use context::DashContext;
use filters::FilterBar;
use geo::GeoState;
use profile_table::ProfileTable;
use status::EdaStatus;

/// The dashboard section (hidden until a dataset is loaded).
#[component]
pub fn DashboardView() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    let ctx = DashContext::new();
    provide_context(ctx);
    geo::load(ctx.geo);

    // A new dataset starts with the maps fitted.
    Effect::new(move |_| {
        data.generation.track();
        ctx.division_view.set(None);
        ctx.density_view.set(None);
    });
    let _resize = window_event_listener(leptos::ev::resize, move |_| ctx.resized.update(|n| *n += 1));
    // Every new dashboard (and the outlines arriving, and a resize) redraws every chart.
    Effect::new(move |_| {
        data.dashboard.track();
        ctx.resized.track();
        let geo_pending = ctx.geo.with(|g| *g == GeoState::Loading);
        ctx.ready.set(None);
        if data.dashboard.with_untracked(Option::is_some) && !geo_pending {
            // After the frame that lays the canvases out: each has its size, and reading it
            // forces no layout.
            crate::web::ui::later::after_frame(move || draw::draw_all(data, ctx));
        }
    });

    let charts = ChartKind::ALL.iter().map(|&kind| view! { <ChartCard kind=kind /> }).collect_view();
    let geo_note = move || match ctx.geo.get() {
        GeoState::Failed(message) => Some(view! {
            <p class="eda-error">{format!("The division outlines could not be loaded ({message}); the maps show no outlines.")}</p>
        }),
        _ => None,
    };
    view! {
        <section class="dashboard" data-testid="dashboard" class:hidden=move || data.dataset.with(Option::is_none)>
            <div class="dashboard-head">
                <h2>"Exploratory analysis"</h2>
                <EdaStatus />
            </div>
            <FilterBar />
            {geo_note}
            <div class="chart-grid" class:computing=move || data.dashboard.with(Option::is_none)>
                {charts}
            </div>
            <details class="profiles" open>
                <summary>"Column profiles (all rows)"</summary>
                // A button inside <summary> would be a control nested in a control.
                {move || data.profile.with(Option::is_some).then(|| view! {
                        <CsvButton testid="download-profile-csv" file_name="crimelab-profiles.csv".to_owned()
                            title="Download the column profiles as CSV"
                            csv=move || data.profile.with_untracked(|p| match p {
                                Some(p) => crate::core::eda::profile_csv(p),
                                None => Err(crate::core::Error::not_ready("the column profiles")),
                            }) />
                    })}
                <ProfileTable />
            </details>
        </section>
    }
}
