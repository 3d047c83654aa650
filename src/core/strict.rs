//! Strict reading of settings written as JSON: what is not understood is refused by name.
//!
//! Every config type of the core (model params, [`FeatureConfig`](crate::core::features::FeatureConfig)
//! and everything nested in it, run and tune configs, dashboard filters…) is declared with
//! `#[serde(deny_unknown_fields)]`. [`from_str`] and [`from_value`] read such a type and turn
//! serde's error into a typed [`Error`] that names the owner of the settings, the setting and
//! what is accepted:
//!
//! * an unknown key → [`ErrorKind::UnknownKey`] with the key (its path, `leakage.treshold`)
//!   and the valid names;
//! * an unknown enum value → [`ErrorKind::InvalidParam`] listing the valid values;
//! * a value of the wrong type → [`ErrorKind::InvalidParam`] saying what is expected.
//!
//! The command line and the page both read settings through these functions, so both show
//! the same message for the same mistake.
//!
//! ```
//! use crimelab::core::models::gbdt::GbdtParams;
//! use crimelab::core::strict;
//!
//! let err = strict::from_str::<GbdtParams>("gbdt", r#"{"rounds": 50}"#).unwrap_err();
//! assert!(err.to_string().starts_with(r#"gbdt: unknown setting "rounds"; valid settings are: n_rounds,"#));
//! let ok: GbdtParams = strict::from_str("gbdt", r#"{"n_rounds": 50}"#).unwrap();
//! assert_eq!(ok.n_rounds, 50);
//! ```

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::core::error::{Error, ErrorKind, Result};

/// Reads `T` from JSON text; `owner` names whose settings these are in messages (`gbdt`,
/// `features`, `run config`…).
pub fn from_str<T: DeserializeOwned + Serialize>(owner: &str, text: &str) -> Result<T> {
    let value: Value = serde_json::from_str(text).map_err(|e| not_json(owner, text, &e))?;
    from_value(owner, value)
}

/// Reads `T` from a JSON value (see [`from_str`]).
pub fn from_value<T: DeserializeOwned + Serialize>(owner: &str, value: Value) -> Result<T> {
    let parsed: T = serde_path_to_error::deserialize(&value).map_err(|e| {
        let path = path_text(e.path());
        error(owner, &path, &e.into_inner().to_string())
    })?;
    // Serde also fills a struct from a list, by position: `[50]` would set the first field.
    // Settings are named, so a list where the type has an object is refused.
    let written = serde_json::to_value(&parsed).unwrap_or(Value::Null);
    positional_struct(&value, &written, "").map_or(Ok(parsed), |path| {
        Err(Error::invalid_param(owner, param_name(&path), "a list", "an object { … } of named settings"))
    })
}

/// The path of the first list in `given` that was read as an object (`written`).
fn positional_struct(given: &Value, written: &Value, path: &str) -> Option<String> {
    match (given, written) {
        (Value::Array(_), Value::Object(_)) => Some(path.to_owned()),
        (Value::Object(g), Value::Object(w)) => g.iter().find_map(|(key, value)| {
            let inner = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            w.get(key).and_then(|written| positional_struct(value, written, &inner))
        }),
        (Value::Array(g), Value::Array(w)) => g
            .iter()
            .zip(w)
            .enumerate()
            .find_map(|(i, (value, written))| positional_struct(value, written, &format!("{path}[{i}]"))),
        _ => None,
    }
}

/// The error for JSON text that does not parse at all.
fn not_json(owner: &str, text: &str, err: &serde_json::Error) -> Error {
    let shown: String = text.trim().chars().take(40).collect();
    let more = if text.trim().chars().count() > 40 { "…" } else { "" };
    Error::invalid_param(owner, "JSON", format!("{shown}{more}"), format!("valid JSON text ({err})"))
}

/// The path of the value where deserialising stopped: `leakage.threshold`, `space[0].low`, or
/// empty at the top.
fn path_text(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// Turns serde's message about the value at `path` into a typed error for `owner`'s settings.
///
/// Serde's messages have a stable form (`unknown field `x`, expected one of `a`, `b``,
/// `unknown variant …`, `invalid type: …, expected …`, `missing field `x``); anything else is
/// reported as it is, naming the setting.
pub fn error(owner: &str, path: &str, message: &str) -> Error {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (key, expected) = quoted_and_rest(rest);
        return Error::new(ErrorKind::UnknownKey {
            owner: owner.to_owned(),
            key: join_key(path, &key),
            valid: names(&expected),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = quoted_and_rest(rest);
        let valid = names(&expected);
        let valid =
            if valid.is_empty() { "nothing".to_owned() } else { format!("one of: {}", valid.join(", ")) };
        return Error::invalid_param(owner, param_name(path), format!("\"{value}\""), valid);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let (field, _) = quoted_and_rest(rest);
        return Error::invalid_param(owner, join_key(path, &field), "", "set (it has no default)");
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        let (field, _) = quoted_and_rest(rest);
        return Error::invalid_param(owner, join_key(path, &field), "given twice", "given once");
    }
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, "something else"));
            // An adjacently tagged enum (`{"model": …, "params": …}`) refuses another key this way.
            if let Some(key) = found.strip_prefix("string \"").and_then(|k| k.strip_suffix('"')) {
                let valid = names(expected);
                if !valid.is_empty() && expected.starts_with('"') && path.ends_with(key) {
                    return Error::new(ErrorKind::UnknownKey {
                        owner: owner.to_owned(),
                        key: path.to_owned(),
                        valid,
                    });
                }
            }
            return Error::invalid_param(
                owner,
                param_name(path),
                value_for_people(found),
                expected_for_people(expected),
            );
        }
    }
    Error::invalid_param(owner, param_name(path), "this value", message.to_owned())
}

/// The setting's name for a message: its path, or `JSON` for the whole value.
fn param_name(path: &str) -> String {
    if path.is_empty() {
        "JSON".to_owned()
    } else {
        path.to_owned()
    }
}

/// `path.key`, unless the path already ends with the key (serde_path_to_error records the
/// key before its value, except inside buffered tagged enums).
fn join_key(path: &str, key: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or("");
    if path.is_empty() {
        key.to_owned()
    } else if last == key {
        path.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Splits "`x`, expected …" into `x` and "expected …".
fn quoted_and_rest(text: &str) -> (String, String) {
    let text = text.trim();
    if let Some(body) = text.strip_prefix('`') {
        if let Some(end) = body.find("`, ").or_else(|| body.rfind('`')) {
            let rest = body[end + 1..].trim_start_matches(',').trim();
            return (body[..end].to_owned(), rest.to_owned());
        }
    }
    (text.to_owned(), String::new())
}

/// The names in "expected one of `a`, `b`" / "expected `a` or `b`" / `"a" or "b"`.
fn names(expected: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['`', '"'] {
        let parts: Vec<&str> = expected.split(quote).collect();
        if parts.len() >= 3 {
            out.extend(parts.iter().skip(1).step_by(2).map(|s| (*s).to_owned()));
            break;
        }
    }
    out
}

/// `string "x"` → `"x"`, `integer `-1`` → `-1`, `sequence` → `a list`.
fn value_for_people(found: &str) -> String {
    for prefix in ["string ", "integer ", "floating point ", "boolean ", "character ", "unit variant "] {
        if let Some(v) = found.strip_prefix(prefix) {
            return v.trim_matches('`').to_owned();
        }
    }
    match found {
        "sequence" => "a list".to_owned(),
        "map" => "an object".to_owned(),
        "null" | "unit value" => "null".to_owned(),
        other => other.to_owned(),
    }
}

/// Rust type names in serde's "expected …" turned into words.
fn expected_for_people(expected: &str) -> String {
    match expected {
        "usize" | "u64" | "u32" | "u16" | "u8" => "a whole number, 0 or more".to_owned(),
        "isize" | "i64" | "i32" | "i16" | "i8" => "a whole number".to_owned(),
        "f64" | "f32" => "a number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a string" => "text in quotes".to_owned(),
        "a sequence" => "a list [ … ]".to_owned(),
        e if e.starts_with("struct ") || e.starts_with("internally tagged enum") || e == "a map" => {
            "an object { … }".to_owned()
        }
        e if e.starts_with("adjacently tagged enum") => "an object { … }".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, Serialize, PartialEq)]
    #[serde(default, deny_unknown_fields)]
    struct Inner {
        threshold: f64,
        guard: bool,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Colour {
        Red,
        DarkBlue,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    #[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
    enum Split {
        Time { test_fraction: f64 },
        Random { test_fraction: f64, valid_fraction: f64 },
    }

    #[derive(Debug, Default, Deserialize, Serialize, PartialEq)]
    #[serde(default, deny_unknown_fields)]
    struct Outer {
        seed: u64,
        inner: Inner,
        colour: Option<Colour>,
        split: Option<Split>,
        list: Vec<Inner>,
    }

    fn err(text: &str) -> ErrorKind {
        from_str::<Outer>("demo", text).unwrap_err().into_kind()
    }

    #[test]
    fn unknown_keys_are_named_with_their_path_and_the_valid_names() {
        match err(r#"{"sed": 1}"#) {
            ErrorKind::UnknownKey { owner, key, valid } => {
                assert_eq!((owner.as_str(), key.as_str()), ("demo", "sed"));
                assert_eq!(valid, ["seed", "inner", "colour", "split", "list"]);
            }
            other => panic!("{other:?}"),
        }
        match err(r#"{"inner": {"treshold": 1}}"#) {
            ErrorKind::UnknownKey { key, valid, .. } => {
                assert_eq!(key, "inner.treshold");
                assert_eq!(valid, ["threshold", "guard"]);
            }
            other => panic!("{other:?}"),
        }
        // Inside an internally tagged enum (serde buffers it), the key still gets its path.
        match err(r#"{"split": {"kind": "time", "test_fractoin": 0.2}}"#) {
            ErrorKind::UnknownKey { key, valid, .. } => {
                assert_eq!(key, "split.test_fractoin");
                assert_eq!(valid, ["test_fraction"]);
            }
            other => panic!("{other:?}"),
        }
        match err(r#"{"list": [{"guard": true}, {"gaurd": true}]}"#) {
            ErrorKind::UnknownKey { key, .. } => assert_eq!(key, "list[1].gaurd"),
            other => panic!("{other:?}"),
        }
        let text = from_str::<Outer>("demo", r#"{"inner": {"treshold": 1}}"#).unwrap_err().to_string();
        assert_eq!(text, "demo: unknown setting \"inner.treshold\"; valid settings are: threshold, guard.");
    }

    #[test]
    fn unknown_values_list_the_valid_ones() {
        let e = from_str::<Outer>("demo", r#"{"colour": "dark-blue"}"#).unwrap_err();
        match e.kind() {
            ErrorKind::InvalidParam { param, value, valid, .. } => {
                assert_eq!((param.as_str(), value.as_str()), ("colour", "\"dark-blue\""));
                assert_eq!(valid, "one of: red, dark_blue");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            e.to_string(),
            "demo: colour = \"dark-blue\" is not valid; it must be one of: red, dark_blue."
        );
        match err(r#"{"split": {"kind": "tim", "test_fraction": 0.2}}"#) {
            ErrorKind::InvalidParam { param, valid, .. } => {
                assert_eq!(param, "split.kind");
                assert_eq!(valid, "one of: time, random");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_types_say_what_is_expected_in_words() {
        match err(r#"{"seed": "x"}"#) {
            ErrorKind::InvalidParam { param, value, valid, .. } => {
                assert_eq!((param.as_str(), value.as_str()), ("seed", "\"x\""));
                assert_eq!(valid, "a whole number, 0 or more");
            }
            other => panic!("{other:?}"),
        }
        match err(r#"{"seed": -1}"#) {
            ErrorKind::InvalidParam { value, .. } => assert_eq!(value, "-1"),
            other => panic!("{other:?}"),
        }
        match err(r#"{"inner": {"guard": 1}}"#) {
            ErrorKind::InvalidParam { param, valid, .. } => {
                assert_eq!((param.as_str(), valid.as_str()), ("inner.guard", "true or false"))
            }
            other => panic!("{other:?}"),
        }
        match err("[1, 2]") {
            ErrorKind::InvalidParam { param, value, valid, .. } => {
                assert_eq!((param.as_str(), value.as_str(), valid.as_str()), ("[1]", "2", "an object { … }"))
            }
            other => panic!("{other:?}"),
        }
        // A list that serde would read as a struct by position is refused, at any depth.
        for (text, path) in
            [("[7]", "JSON"), (r#"{"inner": [0.5, true]}"#, "inner"), (r#"{"list": [{}, [1]]}"#, "list[1]")]
        {
            match err(text) {
                ErrorKind::InvalidParam { param, value, .. } => {
                    assert_eq!((param.as_str(), value.as_str()), (path, "a list"), "{text}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        let missing = from_str::<Outer>("demo", r#"{"split": {"kind": "time"}}"#).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "demo: split.test_fraction is missing; it must be set (it has no default)."
        );
    }

    #[test]
    fn text_that_is_not_json_is_refused_with_its_position() {
        let e = from_str::<Outer>("demo", "{seed: 1}").unwrap_err();
        match e.kind() {
            ErrorKind::InvalidParam { param, value, valid, .. } => {
                assert_eq!((param.as_str(), value.as_str()), ("JSON", "{seed: 1}"));
                assert!(valid.contains("line 1 column 2"), "{valid}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(from_str::<Outer>("demo", r#"{"seed": 7}"#).unwrap().seed, 7);
    }
}
