//! A view of the page as a link: [`SharedView`] ↔ the URL's hash.
//!
//! The target, split, model and hyper-parameters of the training form, the dashboard filters and
//! the what-if incident are written as a compact, versioned, URL-safe hash
//! (`#v=1&sample&model=tree&params=%7B%22max_depth%22:8%7D&div=8…`), so that a link opens the
//! same view. A link is read like every other setting, by name: an unknown key, a key given
//! twice or a value that is not valid is reported naming it ([`ParsedLink::problems`]) and
//! the rest still applies; a hash longer than [`MAX_LINK_CHARS`] is refused whole.
//!
//! A link also says which data it was made with: the bundled sample (which the page then loads
//! by itself), or a file by name and rows, so that opening it with other data says so
//! ([`SharedView::data_note`]) instead of failing.
//!
//! ```
//! use crimelab::core::share::{DataRef, SharedView};
//!
//! let view = SharedView {
//!     data: Some(DataRef::Sample),
//!     model: Some("tree".into()),
//!     params: Some(r#"{"max_depth":8}"#.into()),
//!     ..SharedView::default()
//! };
//! let hash = view.to_hash();
//! assert_eq!(hash, "v=1&sample&model=tree&params=%7B%22max_depth%22:8%7D");
//! let parsed = SharedView::from_hash(&format!("#{hash}")).unwrap();
//! assert!(parsed.problems.is_empty());
//! assert_eq!(parsed.view, view);
//! ```

use crate::core::choices::Choices;
use crate::core::data::date;
use crate::core::eda::Filters;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::features::SplitKind;
use crate::core::format::thousands;
use crate::core::listed::Listed;
use crate::core::models::ModelKind;
use crate::core::whatif::Incident;

/// The version of the link format written by [`SharedView::to_hash`].
pub const LINK_VERSION: u32 = 1;

/// Longest hash read, in characters: a view with every setting set fits in a tenth of it.
pub const MAX_LINK_CHARS: usize = 16_384;

/// Most values of a list in a link (divisions, crime types).
pub const MAX_LIST: usize = 200;

/// Longest single text value in a link (a target column, a file name, a crime type), in
/// characters.
pub const MAX_TEXT_CHARS: usize = 300;

/// The name the page gives the bundled sample when it loads it.
pub const SAMPLE_FILE_NAME: &str = "sample.csv (West LA 2020–21)";

/// Who owns the settings of a link, in messages.
const OWNER: &str = "link";

/// Every key a link may have, in the order they are written.
pub const KEYS: [&str; 14] = [
    "v", "sample", "data", "file", "rows", "target", "split", "model", "params", "from", "to", "div",
    "crime", "whatif",
];

/// The data a link was made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataRef {
    /// The bundled sample: opening the link loads it.
    Sample,
    /// A file of the user's (which the link cannot carry): its name and rows.
    File {
        /// The file's name (for several files, their names joined by ` + `).
        name: String,
        /// Its rows.
        rows: usize,
    },
}

/// What a link restores. `None` and empty fields leave the page's setting as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SharedView {
    /// The data the view was made with.
    pub data: Option<DataRef>,
    /// The training target: a preset id (`crime-group`…) or a column name.
    pub target: Option<String>,
    /// The split id (`time`, `random`).
    pub split: Option<String>,
    /// The model id (`gbdt`, `tree`…).
    pub model: Option<String>,
    /// The hyper-parameters box: a JSON object over the model's defaults.
    pub params: Option<String>,
    /// The dashboard filters.
    pub filters: Filters,
    /// The what-if incident.
    pub whatif: Option<Incident>,
}

/// A link read back: the view, and what in it could not be used (each naming its key).
#[derive(Debug, Default)]
pub struct ParsedLink {
    /// Everything that could be read.
    pub view: SharedView,
    /// Keys that were not understood or not valid, and were left out.
    pub problems: Vec<Error>,
}

impl ParsedLink {
    /// The problems as one message for the page (empty when there are none).
    pub fn message(&self) -> String {
        let problems: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        match problems.len() {
            0 => String::new(),
            _ => format!("Parts of this link could not be used and were left out: {}", problems.join(" ")),
        }
    }
}

impl SharedView {
    /// Whether the view sets nothing (a link to it would be the bare page).
    pub fn is_empty(&self) -> bool {
        self == &SharedView::default()
    }

    /// The view as a URL hash (without the `#`): `key=value` pairs joined by `&`, each value
    /// percent-encoded, starting with the version.
    pub fn to_hash(&self) -> String {
        let mut pairs = vec![format!("v={LINK_VERSION}")];
        match &self.data {
            Some(DataRef::Sample) => pairs.push("sample".into()),
            Some(DataRef::File { name, rows }) => {
                pairs.push(format!("file={}", encode(name)));
                pairs.push(format!("rows={rows}"));
            }
            None => {}
        }
        let mut push = |key: &str, value: &Option<String>| {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                pairs.push(format!("{key}={}", encode(v)));
            }
        };
        push("target", &self.target);
        push("split", &self.split);
        push("model", &self.model);
        push("params", &self.params);
        push("from", &self.filters.date_from);
        push("to", &self.filters.date_to);
        if !self.filters.divisions.is_empty() {
            let divisions: Vec<String> = self.filters.divisions.iter().map(i32::to_string).collect();
            pairs.push(format!("div={}", divisions.join(",")));
        }
        for crime in &self.filters.crime_descs {
            pairs.push(format!("crime={}", encode(crime)));
        }
        if let Some(incident) = &self.whatif {
            let json = serde_json::to_string(incident).unwrap_or_default();
            pairs.push(format!("whatif={}", encode(&json)));
        }
        pairs.join("&")
    }

    /// Reads a hash (with or without its `#`). Refused whole only when longer than
    /// [`MAX_LINK_CHARS`]; otherwise every key that is unknown, repeated or not valid is left
    /// out and reported in [`ParsedLink::problems`], and the rest is read.
    pub fn from_hash(hash: &str) -> Result<ParsedLink> {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let chars = hash.chars().count();
        if chars > MAX_LINK_CHARS {
            return Err(Error::new(ErrorKind::Limit {
                what: "characters in the link".into(),
                limit: thousands(MAX_LINK_CHARS as u64),
                found: thousands(chars as u64),
            }));
        }
        let mut parsed = ParsedLink::default();
        let mut seen: Vec<&str> = Vec::new();
        let (mut file, mut rows) = (None, None);
        for pair in hash.split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(&key) = KEYS.iter().find(|k| **k == key) else {
                parsed.problems.push(unknown_key(key));
                continue;
            };
            if key != "crime" && seen.contains(&key) {
                parsed.problems.push(invalid(key, "given twice", "given once"));
                continue;
            }
            seen.push(key);
            let value = match decode(raw) {
                Some(v) if v.chars().count() <= MAX_TEXT_CHARS || matches!(key, "params" | "whatif") => v,
                Some(_) => {
                    parsed.problems.push(invalid(key, "a text too long", "at most 300 characters"));
                    continue;
                }
                None => {
                    parsed.problems.push(invalid(key, "badly encoded", "percent-encoded UTF-8 text"));
                    continue;
                }
            };
            let view = &mut parsed.view;
            let read = match key {
                "v" => read_version(&value),
                "sample" | "data" => read_sample(key, &value).map(|()| view.data = Some(DataRef::Sample)),
                "file" => text(key, &value).map(|v| file = Some(v)),
                "rows" => number(key, &value).map(|n| rows = Some(n)),
                "target" => text(key, &value).map(|v| view.target = Some(v)),
                "split" => SplitKind::parse(OWNER, &value).map(|s| view.split = Some(s.id().to_owned())),
                "model" => ModelKind::parse(OWNER, &value).map(|m| view.model = Some(m.id().to_owned())),
                "params" => {
                    view.params = Some(value);
                    Ok(())
                }
                "from" => day(key, &value).map(|d| view.filters.date_from = Some(d)),
                "to" => day(key, &value).map(|d| view.filters.date_to = Some(d)),
                "div" => divisions(&value).map(|d| view.filters.divisions = d),
                "crime" if view.filters.crime_descs.len() >= MAX_LIST => {
                    Err(invalid(key, "more than 200 crime types", "at most 200 crime types"))
                }
                "crime" => text(key, &value).map(|v| view.filters.crime_descs.push(v)),
                "whatif" => crate::core::strict::from_str::<Incident>("link: whatif", &value)
                    .map(|i| view.whatif = Some(i)),
                _ => unreachable!("every key of KEYS is read"),
            };
            if let Err(err) = read {
                parsed.problems.push(err);
            }
        }
        parsed.check_params();
        parsed.check_dates();
        match (file, rows, &parsed.view.data) {
            (Some(name), Some(rows), None) => parsed.view.data = Some(DataRef::File { name, rows }),
            (Some(_), None, None) => {
                parsed.problems.push(invalid("rows", "", "the file's rows, given with file"))
            }
            (None, Some(_), None) => {
                parsed.problems.push(invalid("file", "", "the file's name, given with rows"))
            }
            (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
                parsed.problems.push(invalid("file", "given with sample", "either sample or file and rows"))
            }
            (None, None, _) => {}
        }
        Ok(parsed)
    }

    /// What to tell the person who opened a link made with other data than what is loaded
    /// (`loaded_name` with `loaded_rows`), or `None` when it was made with the same data.
    pub fn data_note(&self, loaded_name: &str, loaded_rows: usize) -> Option<String> {
        let (name, rows) = match &self.data {
            None => return None,
            Some(DataRef::Sample) if loaded_name == SAMPLE_FILE_NAME => return None,
            Some(DataRef::Sample) => ("the bundled sample", None),
            Some(DataRef::File { name, rows }) if name == loaded_name && *rows == loaded_rows => return None,
            Some(DataRef::File { name, rows }) => (name.as_str(), Some(*rows)),
        };
        let made_with = match rows {
            Some(rows) => format!("{name} ({} rows)", thousands(rows as u64)),
            None => name.to_owned(),
        };
        Some(format!(
            "This link was made with {made_with}; you have {loaded_name} ({} rows) loaded: \
             the settings were applied where they fit.",
            thousands(loaded_rows as u64)
        ))
    }

    /// The data reference for a dataset named `file_name` with `rows` rows.
    pub fn data_of(file_name: &str, rows: usize) -> DataRef {
        if file_name == SAMPLE_FILE_NAME {
            DataRef::Sample
        } else {
            DataRef::File { name: file_name.to_owned(), rows }
        }
    }
}

impl ParsedLink {
    /// Checks the hyper-parameters against the link's model (or the default one): a box the
    /// model would refuse is left out, naming the setting.
    fn check_params(&mut self) {
        let Some(params) = self.view.params.take() else {
            return;
        };
        let choices =
            Choices { model: self.view.model.clone(), params: Some(params.clone()), ..Choices::default() };
        match choices.model() {
            Ok(_) => self.view.params = Some(params.trim().to_owned()),
            Err(err) => self.problems.push(err),
        }
    }

    /// Checks that the date range is not empty (each date was checked as it was read).
    fn check_dates(&mut self) {
        if let Err(err) = self.view.filters.day_range() {
            self.view.filters.date_to = None;
            self.problems.push(err);
        }
    }
}

fn unknown_key(key: &str) -> Error {
    let key: String = key.chars().take(40).collect();
    Error::new(ErrorKind::UnknownKey {
        owner: OWNER.into(),
        key,
        valid: KEYS.iter().map(|k| k.to_string()).collect(),
    })
}

fn invalid(key: &str, value: &str, valid: &str) -> Error {
    Error::invalid_param(OWNER, key, value, valid)
}

fn quoted(value: &str) -> String {
    let short: String = value.chars().take(40).collect();
    let more = if value.chars().count() > 40 { "…" } else { "" };
    format!("\"{short}{more}\"")
}

fn read_version(value: &str) -> Result<()> {
    match value.trim().parse::<u32>() {
        Ok(LINK_VERSION) => Ok(()),
        _ => Err(invalid("v", &quoted(value), "1 (a link made by this version of Crime Lab)")),
    }
}

fn read_sample(key: &str, value: &str) -> Result<()> {
    match (key, value) {
        ("sample", "") | ("data", "sample") => Ok(()),
        _ => Err(invalid(key, &quoted(value), if key == "data" { "sample" } else { "no value" })),
    }
}

fn text(key: &str, value: &str) -> Result<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().any(char::is_control) {
        return Err(invalid(key, &quoted(value), "a non-empty text without control characters"));
    }
    Ok(value.to_owned())
}

fn number(key: &str, value: &str) -> Result<usize> {
    value.trim().parse().map_err(|_| invalid(key, &quoted(value), "a whole number"))
}

fn day(key: &str, value: &str) -> Result<String> {
    date::parse_iso(value.trim())
        .map(date::format_iso)
        .ok_or_else(|| invalid(key, &quoted(value), "a date YYYY-MM-DD"))
}

fn divisions(value: &str) -> Result<Vec<i32>> {
    let valid = "AREA codes from 1 to 21, separated by commas";
    let codes: Vec<&str> = value.split(',').collect();
    if codes.len() > MAX_LIST {
        return Err(invalid("div", "more than 200 codes", valid));
    }
    let mut out = Vec::with_capacity(codes.len());
    for code in codes {
        match code.trim().parse::<i32>() {
            Ok(c) if (1..=21).contains(&c) => {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            _ => return Err(invalid("div", &quoted(code), valid)),
        }
    }
    Ok(out)
}

/// Percent-encodes everything but the unreserved characters (and `,`, `:`, which stay
/// readable and are safe in a hash).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b',' | b':' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes percent-encoding (and `+` as a space); `None` for a broken escape or bytes that
/// are not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_round_trips_any_text() {
        for text in ["", "a b&c=d#e%f+g", "THEFT-GRAND ($950.01 & OVER)EXCPT,GUNS", "Δ 日本 🚓", "%zz"] {
            assert_eq!(decode(&encode(text)).as_deref(), Some(text));
        }
        assert_eq!(decode("%"), None);
        assert_eq!(decode("%4"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%FF"), None, "not UTF-8");
        assert_eq!(decode("%C3%A9"), Some("é".into()));
    }
}
