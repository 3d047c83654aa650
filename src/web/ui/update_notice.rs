//! "A new version is available": shown when a newer version of the site has installed in the
//! background (see [`crate::web::offline`]); nothing changes until the user reloads.

use leptos::prelude::*;

/// Registers the service worker and shows the notice once a new version waits.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let available = RwSignal::new(false);
    crate::web::offline::register(move || available.set(true));
    move || {
        available.get().then(|| {
            view! {
                <div class="update-available" role="status" data-testid="update-available">
                    <span>"A new version of Crime Lab is available. Reloading clears the loaded data and results."</span>
                    <button class="secondary" on:click=|_| crate::web::offline::activate_update()>"Reload"</button>
                </div>
            }
        })
    }
}
