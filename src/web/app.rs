//! The page's entry point.

/// Installs the panic hook and mounts the [`App`](crate::web::ui::App).
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(crate::web::ui::App);
}
