//! Convenience loaders: a whole file from bytes, from any reader, or (natively) from a path
//! with several threads.

use std::io::Read;

use super::card::DatasetCard;
use super::dataset::Dataset;
use super::parser::{parse_part, Part};
use super::plan::{ParsePlan, HEAD_BYTES};
use crate::core::error::Result;

/// Files smaller than this are parsed as one part: not worth a thread or worker each.
pub const SPLIT_MIN_BYTES: u64 = 8 << 20;

/// A dataset with its card.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The typed columns.
    pub dataset: Dataset,
    /// The summary shown to the user.
    pub card: DatasetCard,
}

/// Parses a complete file held in memory (tests, small files).
pub fn load_bytes(bytes: &[u8], file_name: &str) -> Result<Loaded> {
    let started = web_time::Instant::now();
    let plan = ParsePlan::from_head(&bytes[..bytes.len().min(HEAD_BYTES)], bytes.len() <= HEAD_BYTES)?;
    let dataset = parse_part(bytes, &plan, Part::whole(bytes.len() as u64), &mut |_| true)?.dataset;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    let card = DatasetCard::new(&dataset, file_name, bytes.len() as u64, ms);
    Ok(Loaded { dataset, card })
}

/// Parses a whole file from a reader, streaming (only the first megabyte is held at once).
pub fn load_reader<R: Read>(mut reader: R) -> Result<Dataset> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut reader).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    let plan = ParsePlan::from_head(&head, head.len() < HEAD_BYTES)?;
    Ok(parse_part(head.as_slice().chain(reader), &plan, Part::whole(u64::MAX), &mut |_| true)?.dataset)
}

/// Parses a file from disk, splitting it across `threads` threads. The result does not depend
/// on `threads` (see [`reconcile`](fn@super::reconcile)).
#[cfg(not(target_arch = "wasm32"))]
pub fn load_path(path: &std::path::Path, threads: usize) -> Result<Loaded> {
    use std::io::{Seek, SeekFrom};
    let started = web_time::Instant::now();
    let file_len = std::fs::metadata(path)?.len();
    let mut head = Vec::with_capacity(HEAD_BYTES);
    std::fs::File::open(path)?.take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    let plan = ParsePlan::from_head(&head, file_len <= HEAD_BYTES as u64)?;
    let threads = if file_len < SPLIT_MIN_BYTES { 1 } else { threads.max(1) };
    let dataset = super::reconcile::parse_split(&plan, &Part::split(file_len, threads), |offset| {
        let mut file = std::fs::File::open(path)?;
        file.seek(SeekFrom::Start(offset))?;
        Ok(file)
    })?;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let card = DatasetCard::new(&dataset, &name, file_len, ms);
    Ok(Loaded { dataset, card })
}

/// Loads several exports of the same columns from disk as one dataset: the first file, then
/// each other one appended with [`Loaded::append`] (incidents already loaded are dropped, the
/// card lists every file). A file with other columns is refused, naming it.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_paths(paths: &[std::path::PathBuf], threads: usize) -> Result<Loaded> {
    let Some((first, rest)) = paths.split_first() else {
        return Err(crate::core::Error::invalid_param("load", "FILE", "", "at least one CSV file"));
    };
    let mut loaded = load_path(first, threads)?;
    for path in rest {
        loaded.append(load_path(path, threads)?)?;
    }
    Ok(loaded)
}
