//! A small, fast, non-cryptographic hasher (the "Fx" hash of rustc and
//! Firefox) for the interpreter's name tables: globals and builtins are looked
//! up on every name in every statement, and SipHash (std's default, built to
//! resist hash flooding from untrusted keys) was half of the instructions of a
//! simple script loop (callgrind, bench W1). Also the identity map's hasher.
//! Keys here are identifiers and primary keys of the
//! user's own script and database, so flooding is not a concern.

use std::hash::{BuildHasherDefault, Hasher};

/// Multiplier of the Fx hash (rustc-hash, 64-bit).
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher state: one word, mixed per 8 bytes of input.
#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// `BuildHasher` for maps keyed by names.
pub type FxBuild = BuildHasherDefault<FxHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn h<T: Hash + ?Sized>(v: &T) -> u64 {
        FxBuild::default().hash_one(v)
    }

    #[test]
    fn equal_keys_hash_equal_and_near_keys_differ() {
        assert_eq!(h("session"), h(&*String::from("session")));
        let names = ["a", "b", "ab", "ba", "i", "objs", "objs2", "customer_name", "customer_namf", ""];
        let hashes: std::collections::HashSet<u64> = names.iter().map(|n| h(*n)).collect();
        assert_eq!(hashes.len(), names.len());
    }

    #[test]
    fn a_map_with_it_finds_what_was_put() {
        let mut m: indexmap::IndexMap<std::rc::Rc<str>, i32, FxBuild> = indexmap::IndexMap::default();
        for i in 0..1000 {
            m.insert(std::rc::Rc::from(format!("name{i}")), i);
        }
        assert_eq!(m.get("name517"), Some(&517));
        assert_eq!(m.get("name1000"), None);
    }
}
