//! A fast 64-bit fingerprint of a [`Dataset`], recorded in run cards.
//!
//! The fingerprint covers the row count, every column's name and storage kind, and **every
//! value** (not a sample): text by its content, not its dictionary code, so the same file gives
//! the same fingerprint however it was split across parser workers. Values are fed as 64-bit
//! words into an xxHash64-style mixer (multiply, rotate, multiply) and finished with xxHash64's
//! avalanche; missing values hash as their sentinels (`NaN` canonicalised). It identifies a
//! dataset for reproducibility (same file and filters → same fingerprint); it is not a
//! cryptographic hash. [`FINGERPRINT_VERSION`] changes if the recipe ever does.

use crate::core::data::{ColumnData, Dataset, MISSING_CODE};

/// Version of the fingerprint recipe, part of [`fingerprint_hex`]'s output.
pub const FINGERPRINT_VERSION: u32 = 1;

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;

/// An xxHash64-style streaming mixer over 64-bit words.
#[derive(Debug, Clone)]
struct Mixer(u64);

impl Mixer {
    #[inline]
    fn word(&mut self, w: u64) {
        let k = w.wrapping_mul(P2).rotate_left(31).wrapping_mul(P1);
        self.0 = (self.0 ^ k).rotate_left(27).wrapping_mul(P1).wrapping_add(P3);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.word(b.len() as u64);
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            self.word(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.word(u64::from_le_bytes(tail));
    }

    fn i32s(&mut self, v: &[i32]) {
        let mut pairs = v.chunks_exact(2);
        for p in &mut pairs {
            self.word((p[0] as u32 as u64) << 32 | p[1] as u32 as u64);
        }
        if let [last] = pairs.remainder() {
            self.word(*last as u32 as u64);
        }
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(P2);
        h ^= h >> 29;
        h = h.wrapping_mul(P3);
        h ^ (h >> 32)
    }
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut m = Mixer(P3);
    m.bytes(b);
    m.finish()
}

/// The fingerprint of a dataset (see the module documentation for what it covers).
pub fn fingerprint(dataset: &Dataset) -> u64 {
    let mut m = Mixer(P1 ^ FINGERPRINT_VERSION as u64);
    m.word(dataset.rows() as u64);
    m.word(dataset.columns().len() as u64);
    for column in dataset.columns() {
        m.bytes(column.name.as_bytes());
        match &column.data {
            ColumnData::Int(v) => {
                m.word(1);
                m.i32s(v);
            }
            ColumnData::Date(v) => {
                m.word(2);
                m.i32s(v);
            }
            ColumnData::Time(v) => {
                m.word(3);
                m.i32s(v);
            }
            ColumnData::Float(v) => {
                m.word(4);
                for &x in v {
                    m.word(if x.is_nan() { f64::NAN.to_bits() } else { x.to_bits() });
                }
            }
            ColumnData::Category { codes, dict } => {
                m.word(5);
                let by_code: Vec<u64> = dict.values().iter().map(|s| hash_bytes(s.as_bytes())).collect();
                for &c in codes {
                    m.word(if c == MISSING_CODE { 0 } else { by_code[c as usize] });
                }
            }
            ColumnData::CodeList { offsets, values } => {
                m.word(6);
                for w in offsets.windows(2) {
                    m.word((w[1] - w[0]) as u64);
                }
                let mut quads = values.chunks_exact(4);
                for q in &mut quads {
                    m.word((q[0] as u64) << 48 | (q[1] as u64) << 32 | (q[2] as u64) << 16 | q[3] as u64);
                }
                for &v in quads.remainder() {
                    m.word(v as u64);
                }
            }
        }
    }
    m.finish()
}

/// The fingerprint as text: `v1:` followed by 16 hex digits.
pub fn fingerprint_hex(dataset: &Dataset) -> String {
    format!("v{FINGERPRINT_VERSION}:{:016x}", fingerprint(dataset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixer_separates_close_inputs() {
        assert_ne!(hash_bytes(b"ab"), hash_bytes(b"ba"));
        assert_ne!(hash_bytes(b""), hash_bytes(b"\0"));
        assert_ne!(hash_bytes(b"12345678"), hash_bytes(b"12345679"));
    }
}
