//! Making the parts of a split file agree, so that any split gives the rows of one parse.
//!
//! Each part of a file is parsed from a *guessed* first record ([`boundary`](super::boundary)),
//! except the first, which starts at the file's start. Every part reports where it started and
//! the first record boundary at or after its nominal end, as its own exact tokeniser state saw it
//! ([`PartBounds`]). Part 0's end is a true boundary, so part 1 is right exactly when it started
//! there; then part 1's end is true, and so on. [`reconcile`] names the first part whose start
//! does not match; it is parsed again from the true boundary (sequentially, and rarely: only when
//! a guess was wrong), and the check goes on from it.
//!
//! The browser runs this over its parse workers' messages; [`parse_split`] runs it natively over
//! threads (and in tests over any split).

use std::io::Read;

use serde::{Deserialize, Serialize};

use super::dataset::Dataset;
use super::parser::{parse_part, ParsedPart, Part};
use super::plan::ParsePlan;
use crate::core::error::Result;

/// Where a parsed part really began and ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartBounds {
    /// Offset of the record the part began with (its guess, unless the part was exact), or
    /// `None` when it found no record start to begin with.
    pub start: Option<u64>,
    /// Offset of the first record start at or after the part's nominal end (or the file's end).
    pub end: u64,
}

/// The first part (in file order) that must be parsed again, with the exact [`Part`] to parse:
/// from where the previous part really ended to the part's nominal end. `None` when every part
/// began where the one before it ended, so that their rows are exactly those of one parse.
///
/// `parts` are the nominal ranges (in file order, tiling the file) and `bounds` what parsing
/// each reported.
pub fn reconcile(parts: &[Part], bounds: &[PartBounds]) -> Option<(usize, Part)> {
    (1..parts.len().min(bounds.len())).find_map(|i| {
        let boundary = bounds[i - 1].end;
        (bounds[i].start != Some(boundary)).then(|| (i, Part::at_boundary(boundary, parts[i])))
    })
}

/// Parses `parts` of one file (nominal ranges in file order, tiling it) and joins them into
/// exactly the dataset one parse of the whole file gives: each part from a reader that `open`
/// positions at an offset, natively on a thread each; then [`reconcile`] and re-parse.
pub fn parse_split<R: Read>(
    plan: &ParsePlan,
    parts: &[Part],
    open: impl Fn(u64) -> Result<R> + Sync,
) -> Result<Dataset> {
    let parse =
        |part: Part| -> Result<ParsedPart> { parse_part(open(part.read_from())?, plan, part, &mut |_| true) };
    let mut parsed: Vec<ParsedPart> = run_all(parts, &parse)?;
    loop {
        let bounds: Vec<PartBounds> = parsed.iter().map(|p| p.bounds).collect();
        match reconcile(parts, &bounds) {
            Some((index, exact)) => parsed[index] = parse(exact)?,
            None => break,
        }
    }
    Ok(Dataset::concat(parsed.into_iter().map(|p| p.dataset).collect()))
}

/// Runs `parse` over every part: on a thread each natively, one after the other in wasm32.
fn run_all(parts: &[Part], parse: &(impl Fn(Part) -> Result<ParsedPart> + Sync)) -> Result<Vec<ParsedPart>> {
    #[cfg(not(target_arch = "wasm32"))]
    if parts.len() > 1 {
        return std::thread::scope(|scope| {
            let handles: Vec<_> = parts.iter().map(|&part| scope.spawn(move || parse(part))).collect();
            handles.into_iter().map(|h| h.join().expect("parser thread panicked")).collect()
        });
    }
    parts.iter().map(|&part| parse(part)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_first_part_that_did_not_start_where_the_previous_ended() {
        let parts = Part::split(300, 3);
        let good = [
            PartBounds { start: Some(0), end: 104 },
            PartBounds { start: Some(104), end: 210 },
            PartBounds { start: Some(210), end: 300 },
        ];
        assert_eq!(reconcile(&parts, &good), None);
        let mut bad = good;
        bad[1].start = Some(101);
        let (index, part) = reconcile(&parts, &bad).unwrap();
        assert_eq!(index, 1);
        assert_eq!((part.start, part.end, part.exact), (104, 200, true));
        bad[1] = PartBounds { start: None, end: 0 };
        assert_eq!(reconcile(&parts, &bad).unwrap().0, 1);
        // After the re-parse, the next part is checked against the new end.
        bad[1] = PartBounds { start: Some(104), end: 230 };
        assert_eq!(reconcile(&parts, &bad).unwrap(), (2, Part::at_boundary(230, parts[2])));
    }
}
