//! The page's entry point.

/// Installs the panic hook (a message in the page) and mounts the [`App`](crate::web::ui::App).
pub fn start() {
    crate::web::fatal::install_panic_hook();
    leptos::mount::mount_to_body(crate::web::ui::App);
    crate::web::fatal::install_test_hooks();
}
