//! What `serve` keeps of a language's last search index, so that the next one, after a
//! save, costs what the save changed: a hash of what the index read of every page, every
//! term's postings by shard, and the lengths of the files it wrote (not their texts: the
//! output holds them). When only a few pages' texts changed, their postings are patched
//! in place, their old terms read back from the postings, and only the shards holding a
//! term whose postings changed are written again.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::index::{
    Doc, Out, Terms, Written, encode_sorted, merged, pack, push_term, shard_count, shard_of,
    shard_path, shard_start, term_size, terms_of, write_shard, write_shards,
};
use super::postings::Postings;
use super::tokenize::Stemmer;
use crate::diagnostic::Result;

/// More changed pages than this and the index is made again from every page, which is as
/// fast then.
const PATCH_LIMIT: usize = 64;

/// What the last index of a language computed (see the module's comment).
#[derive(Default)]
pub struct Memo {
    /// Per block of page texts: a hash of what it was made of, and its file's length.
    pub(super) blocks: Vec<(u64, usize)>,
    /// Per bundle of blocks: a hash of its blocks' hashes.
    pub(super) bundles: Vec<u64>,
    last: Option<Last>,
}

/// The last index's postings and the lengths of its shard files.
struct Last {
    /// Per page, in order: the hash of what the index reads of it
    /// ([`super::index::doc_key`]).
    keys: Vec<u64>,
    /// Per shard, its terms (in order) with their [`pack`]ed postings, sorted.
    shards: Vec<BTreeMap<String, Postings>>,
    /// The sum of the terms' [`term_size`]s, which the count of shards comes from.
    total: usize,
    /// The shard files' lengths.
    lengths: Vec<usize>,
}

/// Writes the shard files of the index of `docs` into `out`, from what `memo` kept of the
/// last: patched when the same pages are indexed with a few texts changed, else made
/// again; returns their lengths. A shard the patch left as it was is not written when
/// `out` keeps the last index's file.
pub(super) fn shards(
    code: &str,
    docs: &[Doc],
    keys: &[u64],
    stemmer: Option<Stemmer>,
    memo: &mut Memo,
    mut terms: Terms,
    out: &dyn Out,
) -> Result<Vec<usize>> {
    if let Some(last) = memo.last.as_mut()
        && let Some(dirty) = patch(last, docs, keys, stemmer, &mut terms)?
    {
        let lengths = (last.shards.par_iter().enumerate())
            .map(
                |(k, shard)| match dirty.contains(&k) || !out.keep(&shard_path(code, k)) {
                    false => Ok(last.lengths[k]),
                    true => write_shard(code, k, begun(code, k, shard), out),
                },
            )
            .collect::<Result<Vec<usize>>>();
        // Unknown after a failed write: the next index is made again.
        match &lengths {
            Ok(lengths) => last.lengths.clone_from(lengths),
            Err(_) => memo.last = None,
        }
        return lengths;
    }
    memo.last = None;
    let Written {
        lengths,
        total,
        kept,
    } = write_shards(
        code,
        merged(docs, stemmer, terms.gathered, terms.full)?,
        true,
        out,
    )?;
    memo.last = Some(Last {
        keys: keys.to_vec(),
        shards: kept,
        total,
        lengths: lengths.clone(),
    });
    Ok(lengths)
}

/// Shard `k`'s file, of its terms, begun (see [`write_shard`]).
fn begun(code: &str, k: usize, shard: &BTreeMap<String, Postings>) -> String {
    let mut file = shard_start(code, k);
    for (term, postings) in shard {
        push_term(&mut file, term, &encode_sorted(postings));
    }
    file
}

/// Brings `last` up to the index of `docs` (whose [`super::index::doc_key`]s are `keys`)
/// by patching the postings of the pages whose text changed; returns the shards that hold
/// a term whose postings changed (every shard, when their count changed). `None` when it
/// cannot: other pages, or too many changed. The changed pages' terms come from `terms`.
fn patch(
    last: &mut Last,
    docs: &[Doc],
    keys: &[u64],
    stemmer: Option<Stemmer>,
    terms: &mut Terms,
) -> Result<Option<BTreeSet<usize>>> {
    if keys.len() != last.keys.len() {
        return Ok(None);
    }
    let changed: Vec<u32> = (0..keys.len())
        .filter(|&p| keys[p] != last.keys[p])
        .map(|p| p as u32)
        .collect();
    if changed.len() > PATCH_LIMIT {
        return Ok(None);
    }
    if changed.is_empty() {
        return Ok(Some(BTreeSet::new()));
    }
    let old = old_scores(&last.shards, &changed);
    let fresh = fresh_scores(docs, &changed, stemmer, terms)?;
    let count = last.shards.len();
    let mut dirty = BTreeSet::new();
    for ((&p, old), new) in changed.iter().zip(old).zip(fresh) {
        last.keys[p as usize] = keys[p as usize];
        for (term, score) in score_changes(old, new) {
            let k = shard_of(&term, count);
            let (before, after) = repost(&mut last.shards[k], term, p, score);
            last.total = last.total + after - before;
            dirty.insert(k);
        }
    }
    if shard_count(last.total) != count {
        rebucket(last);
        return Ok(Some((0..last.shards.len()).collect()));
    }
    Ok(Some(dirty))
}

/// The terms of each of the pages `changed` (in order) with their scores, as they are now:
/// gathered, or from their docs.
fn fresh_scores(
    docs: &[Doc],
    changed: &[u32],
    stemmer: Option<Stemmer>,
    terms: &mut Terms,
) -> Result<Vec<Vec<(String, u32)>>> {
    let gathered: Vec<u32> = (changed.iter().copied())
        .filter(|&p| terms.gathered.has(p))
        .collect();
    let mut found = terms.gathered.terms_of(&gathered).into_iter();
    let full = terms.full;
    let others: Vec<Option<Vec<(String, u32)>>> = (changed.par_iter())
        .map(|&p| match terms.gathered.has(p) {
            true => Ok(None),
            false => Ok(Some(
                terms_of(docs, p as usize, stemmer, full)?.each().collect(),
            )),
        })
        .collect::<Result<_>>()?;
    Ok(others
        .into_iter()
        .map(|own| own.unwrap_or_else(|| found.next().unwrap_or_default()))
        .collect())
}

/// The terms of each of the pages `changed` (in order) with their scores, as the postings
/// of `shards` hold them.
fn old_scores(shards: &[BTreeMap<String, Postings>], changed: &[u32]) -> Vec<Vec<(String, u32)>> {
    let found: Vec<(usize, String, u32)> = (shards.par_iter())
        .flat_map_iter(|shard| {
            shard.iter().flat_map(|(term, postings)| {
                (postings.scores_of(changed).into_iter()).map(|(j, score)| (j, term.clone(), score))
            })
        })
        .collect();
    let mut old = vec![Vec::new(); changed.len()];
    for (j, term, score) in found {
        old[j].push((term, score));
    }
    old
}

/// Spreads the terms of `last` over as many shards as their size now asks for.
fn rebucket(last: &mut Last) {
    let count = shard_count(last.total);
    let mut shards = vec![BTreeMap::new(); count];
    for shard in std::mem::take(&mut last.shards) {
        for (term, postings) in shard {
            let k = shard_of(&term, count);
            shards[k].insert(term, postings);
        }
    }
    last.shards = shards;
    last.lengths = vec![0; count];
}

/// The terms whose score in a page differs between its `old` and `new` terms, with the
/// new score (0: no longer in the page).
fn score_changes(old: Vec<(String, u32)>, new: Vec<(String, u32)>) -> Vec<(String, u32)> {
    let mut scores: rustc_hash::FxHashMap<String, (u32, u32)> = Default::default();
    for (term, score) in old {
        scores.entry(term).or_default().0 = score;
    }
    for (term, score) in new {
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
    shard: &mut BTreeMap<String, Postings>,
    term: String,
    page: u32,
    score: u32,
) -> (usize, usize) {
    let size = |term: &str, postings: &Postings| match postings.is_empty() {
        true => 0,
        false => term_size(term, postings),
    };
    let before = shard.get(&term).map_or(0, |p| size(&term, p));
    let entry = shard.entry(term.clone()).or_default();
    let mut postings = entry.sorted();
    match (postings.binary_search_by_key(&page, |&p| p >> 5), score) {
        (Ok(i), 0) => {
            postings.remove(i);
        }
        (Ok(i), _) => postings[i] = pack(page, score),
        (Err(_), 0) => {}
        (Err(i), _) => postings.insert(i, pack(page, score)),
    }
    *entry = Postings::from_sorted(&postings);
    let after = size(&term, entry);
    if entry.is_empty() {
        shard.remove(&term);
    }
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{build, write_index};

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

    /// An output folder: the files the indexes wrote, by path.
    type Output = BTreeMap<String, String>;

    /// A folder an index is written into over the last one's, as `serve`'s.
    #[derive(Default)]
    struct Folder {
        files: std::sync::Mutex<Output>,
        /// What this index wrote, and what it kept.
        written: std::sync::Mutex<Vec<String>>,
        kept: std::sync::Mutex<Vec<String>>,
    }

    impl Out for Folder {
        fn write(&self, path: &str, text: &str) -> Result<()> {
            self.files.lock().unwrap().insert(path.into(), text.into());
            self.written.lock().unwrap().push(path.into());
            Ok(())
        }

        fn keep(&self, path: &str) -> bool {
            let there = self.files.lock().unwrap().contains_key(path);
            if there {
                self.kept.lock().unwrap().push(path.into());
            }
            there
        }
    }

    /// Writes the index of `texts` made with `memo` into `out` (files neither written nor
    /// kept are removed, as `serve` does); whether `out` then holds the index built afresh,
    /// and the paths written.
    fn same_files(memo: &mut Memo, out: &mut Output, texts: &[String]) -> (bool, Vec<String>) {
        let docs = docs(texts);
        let folder = Folder {
            files: std::sync::Mutex::new(std::mem::take(out)),
            ..Folder::default()
        };
        let written = write_index(
            "en",
            &docs,
            Some(Stemmer::English),
            Some(memo),
            Terms::whole(),
            &folder,
        );
        written.expect("a test's files are written");
        let written = folder.written.into_inner().unwrap();
        let kept = folder.kept.into_inner().unwrap();
        *out = folder.files.into_inner().unwrap();
        out.retain(|path, _| written.contains(path) || kept.contains(path));
        let fresh: Output = build("en", &docs, Some(Stemmer::English))
            .into_iter()
            .collect();
        (*out == fresh, written)
    }

    #[test]
    fn a_patched_index_is_the_index_built_again() {
        let mut memo = Memo::default();
        let mut out = Output::new();
        let mut same = |memo: &mut Memo, texts: &[String]| same_files(memo, &mut out, texts).0;
        let mut pages = texts(600, 0);
        assert!(same(&mut memo, &pages));
        assert!(memo.last.as_ref().is_some_and(|l| l.shards.len() > 1));
        // One page changed, a few words gained and lost; then the same again (nothing
        // changed); then many pages, which makes it again.
        pages[3] = "entirely new words 新的文字 word1".to_string();
        assert!(same(&mut memo, &pages));
        pages[3].clear();
        pages[599] = pages[0].clone();
        assert!(same(&mut memo, &pages));
        assert!(same(&mut memo, &pages));
        let others = texts(600, 3);
        assert!(same(&mut memo, &others));
        // Fewer pages; then a page whose text makes the index grow by a shard, and shrink.
        assert!(same(&mut memo, &others[..599]));
        let mut grown = others[..599].to_vec();
        let shards = memo.last.as_ref().map(|l| l.shards.len());
        grown[10] = (0..4000).map(|i| format!("unique{i} ")).collect();
        assert!(same(&mut memo, &grown));
        assert!(memo.last.as_ref().map(|l| l.shards.len()) > shards);
        assert!(same(&mut memo, &others[..599]));
        assert_eq!(memo.last.as_ref().map(|l| l.shards.len()), shards);
    }

    #[test]
    fn a_patch_writes_again_only_the_files_it_changed() {
        let pages = texts(600, 0);
        let mut memo = Memo::default();
        let mut out = Output::new();
        let (same, first) = same_files(&mut memo, &mut out, &pages);
        assert!(same);
        let mut edited = pages.clone();
        edited[5].push_str(" onenewword");
        let (same, written) = same_files(&mut memo, &mut out, &edited);
        assert!(same);
        // The new word's shard, page 5's block and its bundle, and the small index file
        // (always written).
        assert_eq!(written.len(), 4, "{written:?} of {}", first.len());
        for file in ["search/en/p1.js", "search/en/b0.js"] {
            assert!(written.contains(&file.to_string()), "{written:?}");
        }
        // A file the output lost is written again, though it did not change.
        let lost = first[first.len() / 2].clone();
        out.remove(&lost);
        let (same, written) = same_files(&mut memo, &mut out, &pages);
        assert!(same);
        assert!(written.contains(&lost), "{lost} not in {written:?}");
    }
}
