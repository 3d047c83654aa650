//! Peak memory of importing a model file (prints figures; not a test).
//!
//! ```text
//! cargo run --release --example model_import_memory -- MODEL.json
//! ```
//!
//! Reads the file, then parses and checks it with `ExportedModel::from_slice` (as the app's
//! import and `crimelab predict` do), and prints one JSON line: the file's size, the peak
//! resident set (`VmHWM`) after reading the file and after importing it, and the import's
//! milliseconds. Linux only (it reads `/proc/self/status`).

use crimelab::core::eval::ExportedModel;
use web_time::Instant;

fn peak_resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("VmHWM: 0 kB");
    line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse::<u64>().unwrap_or(0) * 1024
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: model_import_memory MODEL.json");
    let bytes = std::fs::read(&path).expect("the model file reads");
    let after_read = peak_resident_bytes();
    let started = Instant::now();
    let imported = ExportedModel::from_slice(&bytes);
    let ms = started.elapsed().as_secs_f64() * 1e3;
    let after_import = peak_resident_bytes();
    let outcome = match &imported {
        Ok(m) => format!("\"model\": \"{}\"", m.model.kind().id()),
        Err(e) => format!("\"error\": {:?}", e.to_string()),
    };
    println!(
        "{{\"file_bytes\": {}, \"peak_after_read_bytes\": {after_read}, \"peak_after_import_bytes\": {after_import}, \"import_ms\": {ms:.0}, {outcome}}}",
        bytes.len()
    );
}
