//! A "CSV ↓" button: builds a table's CSV in the core when clicked and offers it as a download.

use leptos::prelude::*;

use crate::core::Result;
use crate::web::save::save_bytes;
use crate::web::ui::state::Notices;

/// A button that saves the CSV `csv` returns as `file_name` (an error goes to the banner).
#[component]
pub fn CsvButton(
    /// The button's `data-testid`.
    testid: &'static str,
    /// Name of the saved file.
    #[prop(into)]
    file_name: Signal<String>,
    /// Builds the CSV's bytes (through the core's `safe_csv`).
    csv: impl Fn() -> Result<Vec<u8>> + Send + Sync + 'static,
    /// What the button says when hovered.
    title: &'static str,
) -> impl IntoView {
    let notices = expect_context::<Notices>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        // Inside a <summary>, a click would also open or close its <details>.
        ev.prevent_default();
        ev.stop_propagation();
        let saved = csv()
            .map_err(|e| e.to_string())
            .and_then(|bytes| save_bytes(&file_name.get_untracked(), &bytes, "text/csv;charset=utf-8"));
        if let Err(message) = saved {
            notices.error.set(Some(format!("Could not save the CSV: {message}")));
        }
    };
    view! { <button class="link csv-button" data-testid=testid title=title on:click=on_click>"CSV ↓"</button> }
}
