//! Browser entry point of the Crime Lab page (built by Trunk for wasm32).

fn main() {
    #[cfg(target_arch = "wasm32")]
    crimelab::web::app::start();
}
