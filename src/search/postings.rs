//! A term's postings as they are gathered, page by page in any order: each [`pack`]ed
//! posting as a varint of its difference from the one before (zigzag, for the pages a
//! thread renders out of order), about a byte or two where a `u32` takes four. A build
//! holds every term's postings of a language at once, until its index is written.
//!
//! [`pack`]: super::index::pack

/// The postings of one term, in the order they were pushed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    bytes: Vec<u8>,
    /// The last posting pushed (0 when none).
    last: u32,
}

impl Postings {
    /// One posting.
    pub fn of(posting: u32) -> Postings {
        let mut p = Postings::default();
        p.push(posting);
        p
    }

    /// Adds `posting` after the others.
    pub fn push(&mut self, posting: u32) {
        let delta = i64::from(posting) - i64::from(self.last);
        push_varint(&mut self.bytes, zigzag(delta));
        self.last = posting;
    }

    /// Adds the postings of `other` after these: its first is written again, relative to
    /// this one's last, the rest copied as they are.
    pub fn append(&mut self, other: Postings) {
        let Some((first, len)) = read_varint(&other.bytes) else {
            return;
        };
        self.push(unzigzag(first) as u32);
        self.bytes.extend_from_slice(&other.bytes[len..]);
        self.last = other.last;
    }

    /// The postings, in the order they were pushed.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut at = 0;
        let mut value: i64 = 0;
        std::iter::from_fn(move || {
            let (v, len) = read_varint(&self.bytes[at..])?;
            at += len;
            value += unzigzag(v);
            Some(value as u32)
        })
    }

    /// The postings, sorted (by page: a page has one posting per term).
    pub fn sorted(&self) -> Vec<u32> {
        let mut all: Vec<u32> = self.iter().collect();
        all.sort_unstable();
        all
    }

    /// The same postings sorted, without room to spare.
    pub fn sort(&mut self) {
        *self = Postings::from_sorted(&self.sorted());
    }

    /// `sorted` (postings in order), without room to spare.
    pub fn from_sorted(sorted: &[u32]) -> Postings {
        let mut p = Postings {
            bytes: Vec::with_capacity(sorted.len()),
            last: 0,
        };
        for &v in sorted {
            p.push(v);
        }
        p.bytes.shrink_to_fit();
        p
    }

    /// How many bytes they take (about as many as there are postings).
    pub fn bytes(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// For each of `pages` (in order) that these postings (sorted) hold, its index in
    /// `pages` and its score.
    pub fn scores_of(&self, pages: &[u32]) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        let mut j = 0;
        for p in self.iter() {
            while j < pages.len() && pages[j] < p >> 5 {
                j += 1;
            }
            if j == pages.len() {
                break;
            }
            if pages[j] == p >> 5 {
                out.push((j, p & 31));
            }
        }
        out
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The varint at the start of `bytes` and its length in bytes.
fn read_varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7F) << (7 * i);
        if b < 0x80 {
            return Some((v, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: &[u32]) -> Postings {
        let mut p = Postings::default();
        for &v in values {
            p.push(v);
        }
        p
    }

    #[test]
    fn postings_come_back_as_pushed_in_any_order() {
        let values = [5 << 5 | 3, 2 << 5 | 31, 0, u32::MAX, 7 << 5, 7 << 5 | 1, 1];
        let p = of(&values);
        assert_eq!(p.iter().collect::<Vec<_>>(), values);
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        assert_eq!(p.sorted(), sorted);
        let mut q = p.clone();
        q.sort();
        assert_eq!(q.iter().collect::<Vec<_>>(), sorted);
    }

    #[test]
    fn scores_of_pages_are_found_in_sorted_postings() {
        let p = Postings::from_sorted(&[1 << 5 | 4, 3 << 5 | 9, 8 << 5 | 1, 9 << 5 | 30]);
        assert_eq!(p.scores_of(&[0, 3, 4, 9, 12]), [(1, 9), (3, 30)]);
        assert_eq!(p.scores_of(&[]), []);
        assert!(Postings::default().scores_of(&[1]).is_empty());
        assert!(!p.is_empty() && Postings::default().is_empty());
    }

    #[test]
    fn appended_postings_follow_the_others() {
        let (a, b) = ([40u32, 9, 300_000], [12u32, 13, 2, 4_000_000_000]);
        let mut p = of(&a);
        p.append(of(&b));
        p.append(Postings::default());
        let all: Vec<u32> = a.iter().chain(&b).copied().collect();
        assert_eq!(p.iter().collect::<Vec<_>>(), all);
        p.push(3);
        assert_eq!(p.iter().last(), Some(3));
        let mut empty = Postings::default();
        empty.append(of(&b));
        assert_eq!(empty.iter().collect::<Vec<_>>(), b);
    }

    #[test]
    fn pages_in_order_take_a_byte_or_two() {
        // Consecutive pages, scores under 32: one byte each.
        let p = of(&(0..1000).map(|page| page << 5 | 7).collect::<Vec<_>>());
        assert_eq!(p.bytes.len(), 1000);
        // Every fourth page: two bytes.
        let p = of(&(0..1000).map(|page| (page * 4) << 5).collect::<Vec<_>>());
        assert!(p.bytes.len() <= 2000);
    }
}
