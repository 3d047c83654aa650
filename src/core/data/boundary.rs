//! Guessing where the first record of a part of a file starts.
//!
//! A worker that parses bytes `[start, end)` of a file begins mid-file: byte `start - 1` may sit in
//! an unquoted field, inside a quoted field (which may hold line endings), just after a quote…
//! [`guess_start`] follows each of these hypotheses through a window of bytes with the same state
//! machine as `csv-core` until the record under way ends, and scores each distinct candidate by
//! how many of the records after it have the header's number of fields. The guess only decides
//! how fast a load is: [`reconcile`](fn@super::reconcile) checks every guess against the record
//! boundary the previous part really ended on and re-parses a part whose guess was wrong.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// Records after a candidate start that are tokenised to score it.
const SCORED_RECORDS: usize = 32;

/// Tokeniser states a byte can be read in (the subset of `csv-core`'s that matter mid-record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field (after a delimiter).
    StartField,
    /// Inside an unquoted field.
    InField,
    /// Inside a quoted field.
    InQuoted,
    /// Just after a quote inside a quoted field (closing it, or the first of a doubled `""`).
    AfterQuote,
}

/// The hypotheses tried for the state before the window's first byte, most likely first.
const HYPOTHESES: [State; 4] = [State::InField, State::InQuoted, State::StartField, State::AfterQuote];

/// Where the first record at or after `window[1]` most likely starts, as an absolute offset.
///
/// `window` holds the file's bytes from absolute offset `window_start` (one byte before the
/// part's nominal start); `reaches_eof` says whether it runs to the end of the file. A record
/// starts at its first byte that is not a line ending (`\r`, `\n`); the end of the file counts
/// as a start (of nothing). `None` when no hypothesis finds a record end inside the window.
pub fn guess_start(
    window: &[u8],
    window_start: u64,
    reaches_eof: bool,
    fields: usize,
    delimiter: u8,
) -> Option<u64> {
    let mut best: Option<(i64, usize)> = None;
    let mut tried: Vec<usize> = Vec::with_capacity(HYPOTHESES.len());
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    for state in HYPOTHESES {
        let Some(candidate) = first_record_after(window, state, delimiter, reaches_eof) else {
            continue;
        };
        if tried.contains(&candidate) {
            continue;
        }
        tried.push(candidate);
        reader.reset();
        let score = score(&mut reader, &window[candidate..], reaches_eof, fields);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| window_start + candidate as u64)
}

/// Index in `window` of the first record start after the record under way ends, reading
/// `window[0]` in `state`.
fn first_record_after(window: &[u8], mut state: State, delimiter: u8, reaches_eof: bool) -> Option<usize> {
    let is_end = |b: u8| b == b'\n' || b == b'\r';
    for (i, &b) in window.iter().enumerate() {
        state = match state {
            State::InQuoted if b == b'"' => State::AfterQuote,
            State::InQuoted => State::InQuoted,
            State::StartField if b == b'"' => State::InQuoted,
            State::AfterQuote if b == b'"' => State::InQuoted,
            _ if b == delimiter => State::StartField,
            _ if is_end(b) => {
                let next = window[i..].iter().position(|&b| !is_end(b)).map(|p| i + p);
                return match next {
                    Some(p) => Some(p),
                    None if reaches_eof => Some(window.len()),
                    None => None,
                };
            }
            _ => State::InField,
        };
    }
    reaches_eof.then_some(window.len())
}

/// Records with `fields` fields minus records without, among the first [`SCORED_RECORDS`]
/// complete records of `bytes` (blank records count for neither).
fn score(reader: &mut Reader, bytes: &[u8], reaches_eof: bool, fields: usize) -> i64 {
    let mut out = vec![0u8; bytes.len().min(1 << 16) + 1];
    let mut ends = vec![0usize; fields + 2];
    let (mut input, mut score, mut records) = (bytes, 0i64, 0usize);
    let (mut count, mut blank) = (0usize, true);
    while records < SCORED_RECORDS {
        // With no input left the tokeniser ends the record under way: only a real end counts.
        if input.is_empty() && !reaches_eof {
            break;
        }
        let (result, nin, nout, nend) = reader.read_record(input, &mut out, &mut ends);
        input = &input[nin..];
        count += nend;
        blank &= nout == 0;
        match result {
            ReadRecordResult::Record => {
                records += 1;
                if !(blank && count == 1) {
                    score += if count == fields { 1 } else { -1 };
                }
                (count, blank) = (0, true);
            }
            ReadRecordResult::End => break,
            // Output space is reused: only the count of fields matters here.
            ReadRecordResult::InputEmpty
            | ReadRecordResult::OutputFull
            | ReadRecordResult::OutputEndsFull => {}
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guess for a part starting at `at` in `text`.
    fn guess(text: &str, at: usize, fields: usize) -> Option<u64> {
        guess_start(&text.as_bytes()[at - 1..], at as u64 - 1, true, fields, b',')
    }

    #[test]
    fn a_plain_split_starts_at_the_next_line() {
        let text = "a,b\n1,2\n3,4\n5,6\n";
        assert_eq!(guess(text, 5, 2), Some(8)); // mid "1,2"
        assert_eq!(guess(text, 8, 2), Some(8)); // exactly at "3,4"
        assert_eq!(guess(text, 15, 2), Some(16)); // in the last line ending: the end of the file
    }

    #[test]
    fn a_split_inside_a_quoted_newline_is_seen_through() {
        let mut text = String::from("a,b,c\n");
        for i in 0..40 {
            text.push_str(&format!("{i},\"note\nmore, text\r\nend\",x\n"));
        }
        // Split right after the first quoted line ending of row 10.
        let row10 = text.match_indices("10,\"note\n").next().unwrap().0;
        let at = row10 + "10,\"note\n".len();
        let next_row = text[at..].find("\n11,").unwrap() + at + 1;
        assert_eq!(guess(&text, at, 3), Some(next_row as u64));
    }

    #[test]
    fn crlf_and_cr_only_line_endings() {
        let text = "a,b\r\n1,2\r\n3,4\r\n";
        assert_eq!(guess(text, 9, 2), Some(10)); // between \r and \n
        let text = "a,b\r1,2\r3,4\r";
        assert_eq!(guess(text, 5, 2), Some(8));
    }

    #[test]
    fn no_record_end_in_the_window_is_no_guess() {
        let text = "a,b\n\"open quote and no end";
        assert_eq!(guess_start(&text.as_bytes()[5..], 5, false, 2, b','), None);
    }
}
