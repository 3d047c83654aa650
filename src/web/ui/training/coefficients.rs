//! A linear model's top coefficients per class on its result card: for each class the weights
//! that push most towards it and most against it, by feature and level.

use leptos::prelude::*;

use crate::core::eval::{Coefficient, Coefficients};

/// One weight: `feature = level  +1.23`.
fn weight(c: &Coefficient) -> impl IntoView {
    let class = if c.weight > 0.0 { "coef pos" } else { "coef neg" };
    view! {
        <span class=class data-feature=c.feature.clone() data-level=c.level.clone() data-value=format!("{:.4}", c.weight)>
            {c.label()}<b>{format!(" {:+.2}", c.weight)}</b>
        </span>
    }
}

/// The table of top weights (nothing for models without coefficients).
#[component]
pub fn CoefficientsView(
    /// The run's coefficients, when its model is linear.
    coefficients: Option<Coefficients>,
) -> impl IntoView {
    let c = coefficients?;
    let rows = c
        .classes
        .iter()
        .map(|class| {
            view! {
                <tr data-class=class.class.clone()>
                    <th>{class.class.clone()}</th>
                    <td>{class.positive.iter().map(weight).collect_view()}</td>
                    <td>{class.negative.iter().map(weight).collect_view()}</td>
                </tr>
            }
        })
        .collect_view();
    Some(view! {
        <div class="coefficients" data-testid="coefficients" data-value=c.classes.len().to_string()>
            <h4>"Top coefficients per class"</h4>
            <p class="hint">{c.meaning.clone()}</p>
            <table class="report">
                <thead><tr><th>"class"</th><th>"towards the class"</th><th>"against it"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    })
}
