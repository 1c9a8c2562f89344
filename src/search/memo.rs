//! What `serve` keeps of a language's last search index, so that the next one, after a
//! save, costs what the save changed: the terms of every page (by a hash of what the index
//! reads of it), each block of page texts, and the postings and shard files themselves.
//! When only a few pages' texts changed, their postings are patched in place and only the
//! shards holding a term whose postings changed are written again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::index::{
    Doc, Merged, PageTerms, encode_packed, pack, page_terms, push_term, shard_count, shard_of,
    shard_text, term_size,
};
use super::tokenize::Stemmer;

/// More changed pages than this and the index is merged again, which is as fast then.
const PATCH_LIMIT: usize = 64;

/// What the last index of a language computed (see the module's comment).
#[derive(Default)]
pub struct Memo {
    /// Block texts by a hash of what they were made of.
    pub(super) blocks: rustc_hash::FxHashMap<u64, Arc<str>>,
    last: Option<Last>,
}

/// The last index's postings and shards.
struct Last {
    /// Per page, in order: the hash of what the index reads of it
    /// ([`super::index::doc_key`]) and its terms.
    keys: Vec<u64>,
    pages: Vec<Arc<PageTerms>>,
    /// Per shard, its terms (in order) with their [`pack`]ed postings.
    shards: Vec<BTreeMap<String, Vec<u32>>>,
    /// The sum of the terms' [`term_size`]s, which the count of shards comes from.
    total: usize,
    /// The shard files' texts.
    texts: Vec<Arc<str>>,
}

/// The shard files of the index of `docs`, each with whether it is the last index's file,
/// from what `memo` kept of the last: patched when the same pages are indexed with a few
/// texts changed, else merged again from the pages' terms (tokenizing again only the
/// pages whose text changed).
pub(super) fn shards(
    code: &str,
    docs: &[Doc],
    keys: &[u64],
    stemmer: Option<Stemmer>,
    memo: &mut Memo,
) -> Vec<(Arc<str>, bool)> {
    if let Some(last) = memo.last.as_mut()
        && let Some(dirty) = patch(last, code, docs, keys, stemmer)
    {
        return (last.texts.iter().enumerate())
            .map(|(k, text)| (Arc::clone(text), !dirty.contains(&k)))
            .collect();
    }
    let known: rustc_hash::FxHashMap<u64, Arc<PageTerms>> = (memo.last.take())
        .map(|last| last.keys.into_iter().zip(last.pages).collect())
        .unwrap_or_default();
    let pages: Vec<Arc<PageTerms>> = (docs.par_iter().zip(keys))
        .map(|(d, key)| match known.get(key) {
            Some(terms) => Arc::clone(terms),
            None => Arc::new(page_terms(d, stemmer)),
        })
        .collect();
    drop(known);
    let last = merge(code, keys.to_vec(), pages);
    let texts = (last.texts.iter())
        .map(|text| (Arc::clone(text), false))
        .collect();
    memo.last = Some(last);
    texts
}

/// The index of `pages` (their terms), merged whole.
fn merge(code: &str, keys: Vec<u64>, pages: Vec<Arc<PageTerms>>) -> Last {
    let mut merged = Merged::default();
    for (page, terms) in pages.iter().enumerate() {
        merged.add(page as u32, terms);
    }
    let encoded: Vec<(String, Vec<u32>, String)> = (merged.sorted().into_par_iter())
        .map(|(t, p)| {
            let e = encode_packed(&p);
            (t, p, e)
        })
        .collect();
    let total = encoded.iter().map(|(t, _, e)| term_size(t, e)).sum();
    let count = shard_count(total);
    let mut shards = vec![BTreeMap::new(); count];
    let mut bodies = vec![String::new(); count];
    for (term, postings, e) in encoded {
        let k = shard_of(&term, count);
        push_term(&mut bodies[k], &term, &e);
        shards[k].insert(term, postings);
    }
    let texts = (bodies.iter().enumerate())
        .map(|(k, body)| Arc::from(shard_text(code, k, body)))
        .collect();
    Last {
        keys,
        pages,
        shards,
        total,
        texts,
    }
}

/// Brings `last` up to the index of `docs` (whose [`super::index::doc_key`]s are `keys`)
/// by patching the postings of the pages whose text changed, and writing again the shards
/// that hold a term whose postings changed; returns those shards. `None` when it cannot: other
/// pages, too many changed, or a count of shards that changed (the pages' terms in `last`
/// are up to date then).
fn patch(
    last: &mut Last,
    code: &str,
    docs: &[Doc],
    keys: &[u64],
    stemmer: Option<Stemmer>,
) -> Option<BTreeSet<usize>> {
    if keys.len() != last.keys.len() {
        return None;
    }
    let changed: Vec<usize> = (0..keys.len())
        .filter(|&p| keys[p] != last.keys[p])
        .collect();
    if changed.len() > PATCH_LIMIT {
        return None;
    }
    let fresh: Vec<Arc<PageTerms>> = (changed.par_iter())
        .map(|&p| Arc::new(page_terms(&docs[p], stemmer)))
        .collect();
    let count = last.shards.len();
    let mut dirty = BTreeSet::new();
    for (&p, terms) in changed.iter().zip(fresh) {
        let old = std::mem::replace(&mut last.pages[p], terms);
        last.keys[p] = keys[p];
        for (term, score) in score_changes(&old, &last.pages[p]) {
            let k = shard_of(&term, count);
            let (before, after) = repost(&mut last.shards[k], term, p as u32, score);
            last.total = last.total + after - before;
            dirty.insert(k);
        }
    }
    if shard_count(last.total) != count {
        return None;
    }
    for &k in &dirty {
        let mut body = String::new();
        for (term, postings) in &last.shards[k] {
            push_term(&mut body, term, &encode_packed(postings));
        }
        last.texts[k] = Arc::from(shard_text(code, k, &body));
    }
    Some(dirty)
}

/// The terms whose score in a page differs between its `old` and `new` terms, with the
/// new score (0: no longer in the page).
fn score_changes(old: &PageTerms, new: &PageTerms) -> Vec<(String, u32)> {
    let mut scores: rustc_hash::FxHashMap<String, (u32, u32)> = Default::default();
    for (term, score) in old.each() {
        scores.entry(term).or_default().0 = score;
    }
    for (term, score) in new.each() {
        scores.entry(term).or_default().1 = score;
    }
    (scores.into_iter())
        .filter(|(_, (before, after))| before != after)
        .map(|(term, (_, after))| (term, after))
        .collect()
}

/// Sets the score of `page` in the postings of `term` in `shard` (0: removes it); returns
/// the term's [`term_size`] before and after (0 when it is not in the shard).
fn repost(
    shard: &mut BTreeMap<String, Vec<u32>>,
    term: String,
    page: u32,
    score: u32,
) -> (usize, usize) {
    let size = |term: &str, postings: &[u32]| match postings {
        [] => 0,
        _ => term_size(term, &encode_packed(postings)),
    };
    let before = shard.get(&term).map_or(0, |p| size(&term, p));
    let postings = shard.entry(term.clone()).or_default();
    match (postings.binary_search_by_key(&page, |&p| p >> 5), score) {
        (Ok(i), 0) => {
            postings.remove(i);
        }
        (Ok(i), _) => postings[i] = pack(page, score),
        (Err(_), 0) => {}
        (Err(i), _) => postings.insert(i, pack(page, score)),
    }
    let after = size(&term, postings);
    if postings.is_empty() {
        shard.remove(&term);
    }
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{build, build_with};

    fn docs(texts: &[String]) -> Vec<Doc<'_>> {
        (texts.iter().enumerate())
            .map(|(i, t)| Doc {
                url: format!("en/p{i}/"),
                title: format!("Page {i}").into(),
                text: t.as_str().into(),
                ..Doc::default()
            })
            .collect()
    }

    /// Texts of `n` pages, each with words of its own and words shared with others, in
    /// English and Chinese.
    fn texts(n: usize, seed: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                let k = i * 7 + seed;
                format!(
                    "word{} shared{} common 合作办学{} 上海理工大学 partners{} {}",
                    k % 13,
                    k % 5,
                    ["雪城", "麻省", "汉堡"][k % 3],
                    i,
                    "filler ".repeat(k % 4)
                )
            })
            .collect()
    }

    fn same_files(memo: &mut Memo, texts: &[String]) -> bool {
        let docs = docs(texts);
        let patched = build_with("en", &docs, Some(Stemmer::English), Some(memo));
        let fresh = build("en", &docs, Some(Stemmer::English));
        patched.files == fresh.files
    }

    #[test]
    fn a_patched_index_is_the_index_built_again() {
        let mut memo = Memo::default();
        let mut pages = texts(600, 0);
        assert!(same_files(&mut memo, &pages));
        assert!(memo.last.as_ref().is_some_and(|l| l.shards.len() > 1));
        // One page changed, a few words gained and lost; then the same again (nothing
        // changed); then many pages, which merges again.
        pages[3] = "entirely new words 新的文字 word1".to_string();
        assert!(same_files(&mut memo, &pages));
        pages[3].clear();
        pages[599] = pages[0].clone();
        assert!(same_files(&mut memo, &pages));
        assert!(same_files(&mut memo, &pages));
        let others = texts(600, 3);
        assert!(same_files(&mut memo, &others));
        // Fewer pages; then a page whose text makes the index grow by a shard.
        assert!(same_files(&mut memo, &others[..599]));
        let mut grown = others[..599].to_vec();
        let shards = memo.last.as_ref().map(|l| l.shards.len());
        grown[10] = (0..4000).map(|i| format!("unique{i} ")).collect();
        assert!(same_files(&mut memo, &grown));
        assert!(memo.last.as_ref().map(|l| l.shards.len()) > shards);
    }

    #[test]
    fn a_patch_writes_again_only_the_shards_it_changed() {
        let pages = texts(600, 0);
        let mut memo = Memo::default();
        let before = build_with("en", &docs(&pages), None, Some(&mut memo));
        let mut edited = pages.clone();
        edited[5].push_str(" onenewword");
        let after = build_with("en", &docs(&edited), None, Some(&mut memo));
        let changed = (before.files.iter().zip(&after.files))
            .filter(|(a, b)| a != b)
            .count();
        // The new word's shard and page 5's block; the others are known to be the same
        // (the small index file is always written).
        assert_eq!(changed, 2, "{} files", after.files.len());
        let written: Vec<&str> = (after.files.iter().zip(&after.same))
            .filter(|(_, same)| !**same)
            .map(|((path, _), _)| path.as_str())
            .collect();
        assert_eq!(written.len(), 3, "{written:?}");
        assert!(written.contains(&"search/en/p1.js"), "{written:?}");
        for ((file, same), old) in after.files.iter().zip(&after.same).zip(&before.files) {
            assert!(!same || file == old, "{} is not the same", file.0);
        }
    }
}
