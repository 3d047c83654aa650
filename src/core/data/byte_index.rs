//! A map from byte strings to `u32` codes, for interning text fields while parsing.
//!
//! Interning is on the hottest path of a load (one lookup per text field of every row). A
//! general hash map of boxed keys pays a call to `memcmp` (a byte-at-a-time loop in wasm) for
//! every hit and chases a pointer to each key. Here the keys sit in one arena, each entry keeps
//! its full 64-bit hash so a probe compares bytes only when the hashes agree, and the bytes are
//! compared eight at a time. Open addressing with linear probing, at most half full.

use std::hash::Hasher;

use rustc_hash::FxHasher;

/// Byte strings and the code each maps to.
#[derive(Debug, Clone, Default)]
pub struct ByteIndex {
    /// Entry number + 1 per slot (0: empty); a power of two long, or empty.
    slots: Vec<u32>,
    entries: Vec<Entry>,
    /// Every key's bytes, one after the other.
    arena: Vec<u8>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: u64,
    start: usize,
    len: usize,
    value: u32,
}

impl ByteIndex {
    /// An empty index.
    pub fn new() -> ByteIndex {
        ByteIndex::default()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index has no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The code of `key`, if present.
    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let hash = hash(key);
        self.find(key, hash).ok().map(|e| self.entries[e].value)
    }

    /// Maps `key` to `value` (replacing the code it had).
    pub fn insert(&mut self, key: &[u8], value: u32) {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let hash = hash(key);
        match self.find(key, hash) {
            Ok(e) => self.entries[e].value = value,
            Err(slot) => {
                let start = self.arena.len();
                self.arena.extend_from_slice(key);
                self.entries.push(Entry { hash, start, len: key.len(), value });
                self.slots[slot] = self.entries.len() as u32;
            }
        }
    }

    /// The entry holding `key` (`Ok`), or the empty slot where it would go (`Err`).
    #[inline]
    fn find(&self, key: &[u8], hash: u64) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let at = self.slots[slot];
            if at == 0 {
                return Err(slot);
            }
            let e = &self.entries[at as usize - 1];
            if e.hash == hash && same_bytes(&self.arena[e.start..e.start + e.len], key) {
                return Ok(at as usize - 1);
            }
            slot = (slot + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        self.slots = vec![0; size];
        let mask = size - 1;
        for (i, e) in self.entries.iter().enumerate() {
            let mut slot = e.hash as usize & mask;
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = i as u32 + 1;
        }
    }
}

/// The hash of a key (rustc-hash's, whose low bits are well mixed).
#[inline]
fn hash(key: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(key);
    h.finish()
}

/// Whether two byte strings are equal, compared eight bytes at a time.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        if u64::from_ne_bytes(p.try_into().expect("8 bytes"))
            != u64::from_ne_bytes(q.try_into().expect("8 bytes"))
        {
            return false;
        }
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_and_nothing_else() {
        let mut index = ByteIndex::new();
        assert_eq!(index.get(b"x"), None);
        let keys: Vec<Vec<u8>> =
            (0..5000u32).map(|i| format!("{i:0>width$}", width = (i % 23) as usize).into_bytes()).collect();
        for (i, k) in keys.iter().enumerate() {
            index.insert(k, i as u32);
        }
        assert_eq!(index.len(), keys.len());
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(index.get(k), Some(i as u32), "{:?}", String::from_utf8_lossy(k));
        }
        assert_eq!(index.get(b""), None);
        assert_eq!(index.get(b"12345678x"), None);
        index.insert(&keys[7], 99);
        assert_eq!((index.get(&keys[7]), index.len()), (Some(99), keys.len()));
        assert!(same_bytes(b"abcdefghij", b"abcdefghij") && !same_bytes(b"abcdefghij", b"abcdefghik"));
        assert!(!same_bytes(b"abcdefgh", b"abcdefgx") && !same_bytes(b"ab", b"abc"));
    }
}
