//! Browser entry point of Crime Lab's Web Workers (built by Trunk for wasm32).

fn main() {
    #[cfg(target_arch = "wasm32")]
    crimelab::web::worker::start();
}
