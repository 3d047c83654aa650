//! Training: choose a target, features split and model, train in the trainer worker, compare
//! the results.

mod chart_png;
mod class_balance;
mod coefficients;
mod curve;
mod curves;
mod form;
mod permutation;
mod prediction_map;
mod predictions_csv;
mod progress;
mod report_button;
mod result_card;
mod results;
mod summary;
mod tuning_csv;

use crate::web::ui::later::Later;
use leptos::prelude::*;

use crate::web::ui::state::DataSignals;

/// The training section (shown once a dataset is loaded).
#[component]
pub fn TrainingPanel() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    move || {
        data.dataset.with(Option::is_some).then(|| {
            view! {
                <Later frames=1>
                    <section class="panel training" data-testid="training">
                        <h2>"Train a model"</h2>
                        <form::TrainForm />
                        <class_balance::ClassBalanceView />
                        <progress::TrainProgressView />
                        <summary::FeatureSummaryView />
                    </section>
                    <results::ResultsView />
                </Later>
            }
        })
    }
}
