//! Dictionary encoding for text columns.

use super::byte_index::ByteIndex;

/// Code stored for a missing (empty) text value.
pub const MISSING_CODE: u32 = u32::MAX;

/// Marks an index entry whose key was not valid UTF-8 (codes stay below it).
const INVALID: u32 = 1 << 31;

/// Distinct strings of a text column, each identified by a dense `u32` code.
///
/// Rows store codes, so a column of a million `BATTERY - SIMPLE ASSAULT` strings costs four
/// bytes a row plus one copy of the text.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    values: Vec<String>,
    index: ByteIndex,
    invalid_utf8: u64,
}

impl Dictionary {
    /// An empty dictionary.
    pub fn new() -> Dictionary {
        Dictionary::default()
    }

    /// The code of `bytes`, inserting it when new. Invalid UTF-8 is stored with replacement
    /// characters (and counted, see [`Dictionary::invalid_utf8`]); values that read the same
    /// share one code, so every code is a distinct text.
    #[inline]
    pub fn intern(&mut self, bytes: &[u8]) -> u32 {
        if let Some(entry) = self.index.get(bytes) {
            if entry & INVALID != 0 {
                self.invalid_utf8 += 1;
            }
            return entry & !INVALID;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => self.push_new(bytes, text.to_owned()),
            Err(_) => self.intern_invalid(bytes),
        }
    }

    #[cold]
    fn intern_invalid(&mut self, bytes: &[u8]) -> u32 {
        self.invalid_utf8 += 1;
        let text = String::from_utf8_lossy(bytes).into_owned();
        let code = match self.index.get(text.as_bytes()) {
            Some(entry) => entry & !INVALID,
            None => self.push_new(text.as_bytes(), text.clone()),
        };
        self.index.insert(bytes, code | INVALID);
        code
    }

    /// The code of a string, inserting it when new.
    pub fn intern_str(&mut self, text: &str) -> u32 {
        if let Some(code) = self.index.get(text.as_bytes()) {
            return code;
        }
        self.push_new(text.as_bytes(), text.to_owned())
    }

    fn push_new(&mut self, bytes: &[u8], text: String) -> u32 {
        let code = self.values.len() as u32;
        self.index.insert(bytes, code);
        self.values.push(text);
        code
    }

    /// The code of a string if present.
    pub fn code_of(&self, text: &str) -> Option<u32> {
        self.index.get(text.as_bytes())
    }

    /// The string of a code (`None` for [`MISSING_CODE`]).
    pub fn get(&self, code: u32) -> Option<&str> {
        self.values.get(code as usize).map(String::as_str)
    }

    /// All distinct values, indexed by code.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the dictionary is empty.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// How many values (rows) were not valid UTF-8 and were stored with replacements.
    pub fn invalid_utf8(&self) -> u64 {
        self.invalid_utf8
    }

    /// Adds the invalid UTF-8 count of values merged in from another dictionary.
    pub(crate) fn add_invalid_utf8(&mut self, count: u64) {
        self.invalid_utf8 += count;
    }

    /// Rebuilds a dictionary from its values (codes are the positions).
    pub fn from_values(values: Vec<String>, invalid_utf8: u64) -> Dictionary {
        let mut index = ByteIndex::new();
        for (i, v) in values.iter().enumerate() {
            index.insert(v.as_bytes(), i as u32);
        }
        Dictionary { values, index, invalid_utf8 }
    }

    /// Approximate heap bytes used.
    pub fn heap_bytes(&self) -> usize {
        self.values.iter().map(|v| v.len() * 2 + 48).sum()
    }
}
