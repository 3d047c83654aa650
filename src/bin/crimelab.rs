//! `crimelab`: Crime Lab's native command line. See [`crimelab::cli`].

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    crimelab::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
