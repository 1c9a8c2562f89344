//! A content hash that stays the same across platforms and Rust versions (64-bit FNV-1a),
//! written as hex in `translations.lock`.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// The FNV-1a hash of `parts`, each followed by a separator byte (so `["ab", "c"]` and
/// `["a", "bc"]` differ).
pub fn of(parts: &[&str]) -> u64 {
    let mut h = OFFSET;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    h
}

/// A whole unit's hash: 16 hex digits.
pub fn long(h: u64) -> String {
    format!("{h:016x}")
}

/// A block's hash in the per-block list: 8 hex digits (the list only counts changes).
pub fn short(h: u64) -> String {
    format!("{:08x}", (h >> 32) as u32 ^ h as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_separated() {
        assert_eq!(long(of(&[])), "cbf29ce484222325");
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        assert_eq!(short(of(&["x"])).len(), 8);
    }
}
