//! A language's search index, as classic scripts (see `runtime.js` for the reading side):
//!
//! * `search/<code>.js`: what the runtime needs to know (shard and block counts, the
//!   stemmer, how much one query may load);
//! * `search/<code>/<k>.js`: shard `k` of the postings, `{term: postings}`, a term going to
//!   shard [`shard_of`] (a word by its first three characters, so that a word's beginning is
//!   found in one shard);
//! * `search/<code>/p<k>.js`: block `k` of [`BLOCK`] pages: the start of each one's text
//!   (for excerpts), loaded only for the results shown;
//! * `search/<code>/b<k>.js`: bundle `k`, [`BUNDLE`] blocks in one file, read only from
//!   `file://` once a query is answered (see [`BUNDLE`]).
//!
//! Postings are `(page, score)` pairs, the page as the difference to the previous one,
//! both written in [`ALPHABET`] digits of 5 bits (a digit of 32 or more means "more
//! follows"). A score sums the weights of a term's places in the page ([`Weights`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard};

use rayon::prelude::*;

pub use super::memo::Memo;
use super::postings::Postings;
use super::tokenize::{Stemmer, Token, TokenRef, for_each_token};
use crate::diagnostic::Result;

/// The digits of postings: value `i` is `ALPHABET[i]`.
pub const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Pages per block of page texts.
pub const BLOCK: usize = 4;

/// At most this much of a page's text is kept for its excerpt (bytes).
pub const TEXT_CAP: usize = 1600;

/// Blocks per bundle: `search/<code>/b<k>.js` holds blocks `k * BUNDLE ..` as one file. From
/// `file://`, where each `<script>` costs some milliseconds whatever its size, the runtime
/// reads the bundles once a query is answered, so that later queries find their excerpts
/// in memory; over http it never does (a query loads only what it needs).
pub const BUNDLE: usize = 64;

/// From `file://`, once a query is answered and the bundles are read, the runtime also reads
/// every shard of a language whose shards are this large at most (bytes): 1.9 MB for the
/// 5,000 English pages of the benchmark site, against 23 MB for its Chinese bigrams.
pub const READ_AHEAD_SHARDS: usize = 4 * 1024 * 1024;

/// The shards are about this large (bytes).
const SHARD_TARGET: usize = 32 * 1024;

/// What one query may load, index and page blocks together (bytes).
pub const QUERY_BUDGET: usize = 1024 * 1024;

/// How many blocks of page texts a query may always load (for its excerpts); it loads
/// more, within [`QUERY_BUDGET`], to find a Chinese phrase as typed.
pub const MIN_BLOCKS: usize = 10;

/// The highest score a term gets in one page.
const MAX_SCORE: u32 = 31;

/// How much a term counts where it is: title, then headings, then body, then description.
#[derive(Debug, Clone, Copy)]
pub struct Weights;

impl Weights {
    pub const TITLE: u32 = 8;
    pub const HEADING: u32 = 4;
    pub const BODY: u32 = 2;
    pub const DESCRIPTION: u32 = 1;
}

/// One page, as the index sees it: its texts borrowed from the pipeline where they are
/// there already (the index would otherwise hold a second copy of every page's text).
#[derive(Debug, Clone, Default)]
pub struct Doc<'a> {
    /// From the output's root: `zh/partners/mit/` (offline: `…/index.html`).
    pub url: String,
    pub title: Cow<'a, str>,
    /// The title of the top-level section that holds it (empty for the home page).
    pub section: Cow<'a, str>,
    pub description: Cow<'a, str>,
    pub headings: Vec<Cow<'a, str>>,
    /// The page's Markdown as plain text: read only when `shown` is empty (blank), and
    /// may be left empty otherwise.
    pub text: Cow<'a, str>,
    /// What the page's `<main>` shows, its Markdown and the theme's data blocks (see
    /// [`super::shown`]): its terms not found in the fields above count as body text, and
    /// excerpts come from it.
    pub shown: Cow<'a, str>,
    /// What was kept of `text` and `shown` when the page was rendered, which are then
    /// left empty: the page's body terms are in a [`Gathered`].
    pub kept: Option<&'a Kept>,
}

/// What the index keeps of a page's texts once their terms are gathered (see
/// [`Gathered`]): a hash of them and the page's excerpt, so that every page's text is not
/// held until the index is made.
#[derive(Debug, Clone)]
pub struct Kept {
    /// [`body_hash`] of the texts.
    pub hash: u64,
    /// A hash of the title and description the excerpt was made with.
    pub made_for: u64,
    /// The start of the page's text for its excerpt ([`excerpt_source`], in NFKC, at most
    /// [`TEXT_CAP`] bytes), and whether it is whole.
    pub excerpt: Box<str>,
    pub whole: bool,
}

impl Kept {
    /// What is kept of `doc`, whose texts are whole.
    pub fn of(doc: &Doc) -> Kept {
        let (excerpt, whole) = excerpt(doc);
        Kept {
            hash: body_hash(&doc.shown, &doc.text),
            made_for: made_for(&doc.title, &doc.description),
            excerpt: excerpt.into(),
            whole,
        }
    }
}

/// A hash of a page's title and description, which its excerpt is made with.
pub fn made_for(title: &str, description: &str) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for field in [title, description] {
        h.update(&(field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    h.digest()
}

/// A hash of a page's body texts as the index reads them: the Markdown's text counts
/// only when `shown` is blank.
fn body_hash(shown: &str, text: &str) -> u64 {
    let text = match shown.trim().is_empty() {
        true => text,
        false => "",
    };
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for field in [shown, text] {
        h.update(&(field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    h.digest()
}

/// Where an index's files go, paths relative to the output's root: each file is written
/// as soon as it is made (a language's index is never held whole).
pub trait Out: Sync {
    fn write(&self, path: &str, text: &str) -> Result<()>;

    /// Whether the output holds the last index's file at `path` as it was, and keeps it:
    /// then a file the same as the last (known from a [`Memo`]) is not made again.
    fn keep(&self, path: &str) -> bool;
}

/// The terms a token indexes: a word is itself; a CJK run its character bigrams and each of
/// its characters alone (so that a query of one character is found too).
pub fn index_terms(token: &Token, out: &mut impl FnMut(&str)) {
    visit_terms(token.as_ref(), &mut |term| match term {
        Term::Cjk(key) => out(&cjk_text(key)),
        Term::Word(w) => out(w),
    });
}

/// A term while indexing: CJK terms as [`cjk_key`]s, which cost no allocation.
enum Term<'a> {
    Cjk(u64),
    Word(&'a str),
}

/// [`index_terms`], as [`Term`]s.
fn visit_terms<'a>(token: TokenRef<'a>, out: &mut impl FnMut(Term<'a>)) {
    match token {
        TokenRef::Word(w) => out(Term::Word(w)),
        TokenRef::Cjk(run) => {
            let mut previous: Option<char> = None;
            for c in run.chars() {
                if let Some(p) = previous {
                    out(Term::Cjk(cjk_key(p, Some(c))));
                }
                previous = Some(c);
            }
            for c in run.chars() {
                out(Term::Cjk(cjk_key(c, None)));
            }
        }
    }
}

/// A CJK bigram or character as one number (a character is below 2²¹; none is 0, which is
/// never CJK).
fn cjk_key(first: char, second: Option<char>) -> u64 {
    (u64::from(first) << 21) | second.map_or(0, u64::from)
}

fn cjk_text(key: u64) -> String {
    let first = char::from_u32((key >> 21) as u32).unwrap_or('\u{fffd}');
    let second = char::from_u32((key & 0x1F_FFFF) as u32).filter(|&c| c != '\0');
    [Some(first), second].into_iter().flatten().collect()
}

/// The maps of terms: millions of small keys, none from an attacker who could make them
/// collide on purpose, so FxHash (rustc's) instead of the standard SipHash.
type KeyMap<V> = rustc_hash::FxHashMap<u64, V>;
type WordMap<V> = rustc_hash::FxHashMap<String, V>;

/// The shard of `term` among `shards`: FNV-1a over the code points of the whole term (CJK)
/// or of its first three (a word: so that the beginning of a word being typed finds its
/// shard; `shardOf` in `runtime.js`).
pub fn shard_of(term: &str, shards: usize) -> usize {
    let first = term.chars().next().unwrap_or(' ');
    let take = if super::tokenize::is_cjk(first) {
        usize::MAX
    } else {
        3
    };
    let mut h: u32 = 2_166_136_261;
    for c in term.chars().take(take) {
        h ^= c as u32;
        h = h.wrapping_mul(16_777_619);
    }
    (h as usize) % shards.max(1)
}

/// A hash of everything the index reads of `doc` ([`page_terms`] and [`block`]), which a
/// [`Memo`] keeps its work by. The Markdown's text counts only when the page's `<main>`
/// shows nothing: both read what it shows then (and it is hashed once, not twice).
pub(super) fn doc_key(doc: &Doc, stemmer: Option<Stemmer>) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let fields = [doc.url.as_str(), &doc.title, &doc.section, &doc.description];
    let headings = doc.headings.iter().map(|h| &**h);
    for field in fields.into_iter().chain(headings) {
        h.update(&(field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    let body = doc
        .kept
        .map_or_else(|| body_hash(&doc.shown, &doc.text), |k| k.hash);
    h.update(&body.to_le_bytes());
    h.update(&(doc.headings.len() as u64).to_le_bytes());
    h.update(stemmer.map_or("", Stemmer::name).as_bytes());
    h.digest()
}

/// A hash of what [`block`] `k` reads of its pages, whose [`doc_key`]s are `keys`.
fn block_key(code: &str, k: usize, keys: &[u64]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(code.as_bytes());
    h.update(&(k as u64).to_le_bytes());
    for key in keys {
        h.update(&key.to_le_bytes());
    }
    h.digest()
}

/// A page's terms with their scores: CJK terms by key, words by text.
#[derive(Default)]
pub struct PageTerms {
    cjk: Vec<(u64, u32)>,
    words: Vec<(String, u32)>,
}

impl PageTerms {
    /// Each term as its text, with its score.
    pub(super) fn each(&self) -> impl Iterator<Item = (String, u32)> + '_ {
        (self.cjk.iter().map(|&(k, s)| (cjk_text(k), s)))
            .chain(self.words.iter().map(|(w, s)| (w.clone(), *s)))
    }
}

/// Each term of a page with its score (of a page whose texts are whole: not [`Kept`]).
pub fn page_terms(doc: &Doc, stemmer: Option<Stemmer>) -> PageTerms {
    let mut cjk: KeyMap<u32> = KeyMap::default();
    let mut words: WordMap<u32> = WordMap::default();
    let mut add = |text: &str, weight: u32| {
        for_each_token(text, stemmer, |token| {
            visit_terms(token, &mut |term| match term {
                Term::Cjk(k) => {
                    let s = cjk.entry(k).or_insert(0);
                    *s = (*s + weight).min(MAX_SCORE);
                }
                Term::Word(w) => match words.get_mut(w) {
                    Some(s) => *s = (*s + weight).min(MAX_SCORE),
                    None => {
                        words.insert(w.to_string(), weight);
                    }
                },
            });
        });
    };
    add(&doc.title, Weights::TITLE);
    for h in &doc.headings {
        add(h, Weights::HEADING);
    }
    // The body is what the page's `<main>` shows (its Markdown and the data the theme
    // renders there); the Markdown's text when the page has no `<main>`. Tokenizing one of
    // them, not both, halves the index's work.
    if doc.shown.trim().is_empty() {
        add(&doc.text, Weights::BODY);
    } else {
        add(&doc.shown, Weights::BODY);
    }
    add(&doc.description, Weights::DESCRIPTION);
    PageTerms {
        cjk: cjk.into_iter().collect(),
        words: words.into_iter().collect(),
    }
}

fn push_number(out: &mut String, mut v: u32) {
    let mut digits = [0u8; 7];
    let mut n = 0;
    loop {
        digits[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for k in (0..n).rev() {
        let more = if k > 0 { 32 } else { 0 };
        out.push(ALPHABET[(digits[k] + more) as usize] as char);
    }
}

/// A posting in one number: the page above the score's 5 bits (a score is at most
/// [`MAX_SCORE`]), which halves the index's largest tables.
pub(super) fn pack(page: u32, score: u32) -> u32 {
    (page << 5) | score
}

/// The postings of one term: `(page, score)` in page order.
pub fn encode_postings(postings: &[(u32, u32)]) -> String {
    encode(postings.iter().copied(), postings.len())
}

/// [`encode_postings`] of [`pack`]ed postings (sorted).
pub(super) fn encode_sorted(postings: &Postings) -> String {
    encode(postings.iter().map(|p| (p >> 5, p & 31)), postings.bytes())
}

fn encode(postings: impl Iterator<Item = (u32, u32)>, len: usize) -> String {
    let mut out = String::with_capacity(len * 3);
    let mut last = 0;
    for (page, score) in postings {
        push_number(&mut out, page - last);
        push_number(&mut out, score);
        last = page;
    }
    out
}

/// Pages whose terms are gathered at once: each batch's terms are merged into the index and
/// dropped before the next, so a plain build never holds the terms of every page together.
const BATCH: usize = 256;

/// Where an index finds its pages' terms: those `gathered` as the pages were rendered,
/// and the others' from their docs, made whole by `full` when their texts are [`Kept`].
pub struct Terms<'f, 'a> {
    pub gathered: Gathered,
    pub full: Full<'f, 'a>,
}

impl Terms<'_, '_> {
    /// Nothing gathered, every doc whole (tests).
    #[cfg(test)]
    pub(crate) fn whole() -> Terms<'static, 'static> {
        Terms {
            gathered: Gathered::default(),
            full: &|_| unreachable!("a test's texts are whole"),
        }
    }
}

/// A page's doc with its texts whole, by its place in the language's list: for a page
/// whose texts are [`Kept`] and whose terms were not gathered (its template rendered again).
pub type Full<'f, 'a> = &'f (dyn Fn(usize) -> Result<Doc<'a>> + Sync);

/// Every term of `docs` with its [`pack`]ed postings: those `gathered` holds, and those of
/// the other pages (whose texts are whole, or made whole by `full`).
pub(super) fn merged(
    docs: &[Doc],
    stemmer: Option<Stemmer>,
    mut gathered: Gathered,
    full: Full,
) -> Result<Merged> {
    let missing: Vec<usize> = (0..docs.len())
        .filter(|&p| !gathered.has(p as u32))
        .collect();
    for chunk in missing.chunks(BATCH) {
        let terms: Vec<PageTerms> = (chunk.par_iter())
            .map(|&p| terms_of(docs, p, stemmer, full))
            .collect::<Result<_>>()?;
        for (&p, terms) in chunk.iter().zip(terms) {
            gathered.add(p as u32, terms);
        }
    }
    Ok(gathered.merged)
}

/// The terms of page `p` of `docs`, its texts made whole by `full` when they are [`Kept`].
pub(super) fn terms_of(
    docs: &[Doc],
    p: usize,
    stemmer: Option<Stemmer>,
    full: Full,
) -> Result<PageTerms> {
    match docs[p].kept {
        Some(_) => Ok(page_terms(&full(p)?, stemmer)),
        None => Ok(page_terms(&docs[p], stemmer)),
    }
}

/// Every term of `docs` with its [`pack`]ed postings, terms in order (for tests).
#[cfg(test)]
pub(super) fn postings(docs: &[Doc], stemmer: Option<Stemmer>) -> Vec<(String, Vec<u32>)> {
    let Terms { gathered, full } = Terms::whole();
    let merged = merged(docs, stemmer, gathered, full).expect("whole texts");
    let mut all: Vec<(String, Vec<u32>)> = (merged.shards(1).pop().unwrap_or_default())
        .into_iter()
        .map(|(term, p)| (term, p.sorted()))
        .collect();
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    all
}

/// The terms of the pages a run rendered, gathered as each page is rendered (in any
/// order), so that the index need not hold every page's text until it is made.
#[derive(Default)]
pub struct Gathered {
    merged: Merged,
    /// The pages gathered, by their place in the language's list.
    pages: rustc_hash::FxHashSet<u32>,
}

impl Gathered {
    /// Adds the terms of `page` (its place in the language's list), once: a page gathered
    /// before keeps the terms it had.
    pub fn add(&mut self, page: u32, terms: PageTerms) {
        if self.pages.insert(page) {
            self.merged.add(page, terms);
        }
    }

    /// Adds what `other` gathered, of other pages than this one's.
    fn absorb(&mut self, other: Gathered) {
        self.pages.extend(other.pages);
        for (k, postings) in other.merged.cjk {
            self.merged.cjk.entry(k).or_default().append(postings);
        }
        for (word, postings) in other.merged.words {
            self.merged.words.entry(word).or_default().append(postings);
        }
    }

    pub(super) fn has(&self, page: u32) -> bool {
        self.pages.contains(&page)
    }

    /// The terms of each of `pages` (gathered ones) with their scores.
    pub(super) fn terms_of(&self, pages: &[u32]) -> Vec<Vec<(String, u32)>> {
        let mut out = vec![Vec::new(); pages.len()];
        let mut find = |term: String, postings: &Postings| {
            let postings = postings.sorted();
            for (j, &p) in pages.iter().enumerate() {
                if let Ok(at) = postings.binary_search_by_key(&p, |&x| x >> 5) {
                    out[j].push((term.clone(), postings[at] & 31));
                }
            }
        };
        for (&k, postings) in &self.merged.cjk {
            find(cjk_text(k), postings);
        }
        for (w, postings) in &self.merged.words {
            find(w.clone(), postings);
        }
        out
    }
}

/// The terms of the pages a run renders, gathered by the threads that render them, each
/// into a [`Gathered`] of its own: no thread waits for another, nor grows a list another's
/// allocator holds (which had them wait for each other's locks inside `realloc`).
pub struct Gathering {
    /// One per thread of the pool, and the last for any other thread.
    parts: Vec<Mutex<Gathered>>,
}

impl Default for Gathering {
    fn default() -> Self {
        Gathering {
            parts: (0..=rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
        }
    }
}

impl Gathering {
    /// Adds the terms of `page` (see [`Gathered::add`]); a run gathers a page once.
    pub fn add(&self, page: u32, terms: PageTerms) {
        let last = self.parts.len() - 1;
        let part = rayon::current_thread_index().map_or(last, |t| t.min(last));
        lock(&self.parts[part]).add(page, terms);
    }

    /// Everything gathered so far, which the gathering no longer holds.
    pub fn take(&self) -> Gathered {
        let mut parts = self.parts.iter().map(|p| std::mem::take(&mut *lock(p)));
        let mut all = parts.next().unwrap_or_default();
        for part in parts {
            all.absorb(part);
        }
        all
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// The postings of pages' terms, as they are merged.
#[derive(Default)]
pub(super) struct Merged {
    cjk: KeyMap<Postings>,
    words: WordMap<Postings>,
}

impl Merged {
    /// Sorts every term's postings by page (they are added in any order); returns the sum
    /// of the terms' [`term_size`]s, computed without encoding a posting.
    fn sort(&mut self) -> usize {
        // A CJK term's text is not made: its length is enough.
        let size = |len: usize, p: &mut Postings| {
            p.sort();
            size_of(len, p)
        };
        let cjk: usize = (self.cjk.par_iter_mut())
            .map(|(&k, p)| size(cjk_len(k), p))
            .sum();
        let words: usize = (self.words.par_iter_mut())
            .map(|(w, p)| size(w.len(), p))
            .sum();
        cjk + words
    }

    /// Adds the terms of `page` (in any order: [`Merged::sort`] sorts the postings).
    fn add(&mut self, page: u32, terms: PageTerms) {
        for (k, score) in terms.cjk {
            self.cjk.entry(k).or_default().push(pack(page, score));
        }
        for (word, score) in terms.words {
            match self.words.get_mut(word.as_str()) {
                Some(list) => list.push(pack(page, score)),
                None => {
                    self.words.insert(word, Postings::of(pack(page, score)));
                }
            }
        }
    }

    /// The terms with their postings, in `count` shards by [`shard_of`] (in no order
    /// within a shard). The maps are emptied as the shards fill.
    fn shards(self, count: usize) -> Vec<Vec<(String, Postings)>> {
        let mut shards: Vec<Vec<(String, Postings)>> = vec![Vec::new(); count];
        for (word, p) in self.words {
            shards[shard_of(&word, count)].push((word, p));
        }
        for (k, p) in self.cjk {
            let term = cjk_text(k);
            shards[shard_of(&term, count)].push((term, p));
        }
        shards
    }
}

/// The length of [`cjk_text`] of `key`, in bytes.
fn cjk_len(key: u64) -> usize {
    let first = char::from_u32((key >> 21) as u32).map_or(3, char::len_utf8);
    let second = char::from_u32((key & 0x1F_FFFF) as u32).filter(|&c| c != '\0');
    first + second.map_or(0, char::len_utf8)
}

/// The length of [`encode_sorted`] of `postings`, without making it.
fn encoded_len(postings: &Postings) -> usize {
    let digits = |v: u32| (32 - v.leading_zeros()).div_ceil(5).max(1) as usize;
    let mut last = 0;
    let mut len = 0;
    for p in postings.iter() {
        let (page, score) = (p >> 5, p & 31);
        len += digits(page - last) + digits(score);
        last = page;
    }
    len
}

/// A JavaScript string literal (JSON's, which JavaScript reads the same way).
fn js_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// A language's shards as written from every term's postings: each file's length, the sum
/// of the terms' [`term_size`]s (which the count of shards comes from), and each shard's
/// terms with their postings, without room to spare, when they are kept (for a [`Memo`]).
pub(super) struct Written {
    pub(super) lengths: Vec<usize>,
    pub(super) total: usize,
    pub(super) kept: Vec<BTreeMap<String, Postings>>,
}

/// Writes the shard files, `brochureSearch.shard("zh",k,{…});`, of `merged` (every
/// term's postings) into `out`, keeping each term's postings when `keep`. One shard at a
/// time per thread is made and written: a language's index is never held whole, encoded.
pub(super) fn write_shards(
    code: &str,
    mut merged: Merged,
    keep: bool,
    out: &dyn Out,
) -> Result<Written> {
    let total = merged.sort();
    let shards = merged.shards(shard_count(total));
    let written: Vec<(usize, BTreeMap<String, Postings>)> = (shards.into_par_iter().enumerate())
        .map(|(k, mut terms)| {
            terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut file = shard_start(code, k);
            let mut kept = BTreeMap::new();
            for (term, postings) in terms {
                push_term(&mut file, &term, &encode_sorted(&postings));
                if keep {
                    kept.insert(term, postings);
                }
            }
            let len = write_shard(code, k, file, out)?;
            Ok((len, kept))
        })
        .collect::<Result<_>>()?;
    let (lengths, kept): (Vec<usize>, Vec<_>) = written.into_iter().unzip();
    let kept = if keep { kept } else { Vec::new() };
    Ok(Written {
        lengths,
        total,
        kept,
    })
}

/// Ends shard `k`'s file `file` (begun by [`shard_start`], terms pushed) and writes it;
/// returns its length.
pub(super) fn write_shard(code: &str, k: usize, mut file: String, out: &dyn Out) -> Result<usize> {
    file.push_str(SHARD_END);
    out.write(&shard_path(code, k), &file)?;
    Ok(file.len())
}

/// Where shard `k` of language `code` is.
pub(super) fn shard_path(code: &str, k: usize) -> String {
    format!("search/{code}/{k}.js")
}

/// What a term adds to the index, `term` and its encoded `postings` (about: the count of
/// shards comes from it), without encoding them.
pub(super) fn term_size(term: &str, postings: &Postings) -> usize {
    size_of(term.len(), postings)
}

/// [`term_size`] of a term `len` bytes long.
fn size_of(len: usize, postings: &Postings) -> usize {
    len + encoded_len(postings) + TERM_EXTRA
}

/// What a term adds to its shard besides itself and its postings (about).
const TERM_EXTRA: usize = 6;

/// How many shards an index of `total` [`term_size`]s has.
pub(super) fn shard_count(total: usize) -> usize {
    total.div_ceil(SHARD_TARGET).max(1)
}

/// Adds `term`, its encoded postings `p`, to a shard's file (terms are added in order).
pub(super) fn push_term(file: &mut String, term: &str, p: &str) {
    if !file.ends_with('{') {
        file.push(',');
    }
    let _ = write!(file, "{}:\"{p}\"", js_string(term));
}

/// The start of shard `k`'s file, up to its first term: [`SHARD_END`] ends it.
pub(super) fn shard_start(code: &str, k: usize) -> String {
    format!("brochureSearch.shard({},{k},{{", js_string(code))
}

/// What ends a shard's file.
const SHARD_END: &str = "});\n";

/// At most [`TEXT_CAP`] bytes of `text`, cut at a character boundary; whether it is whole.
fn capped(text: &str) -> (&str, bool) {
    if text.len() <= TEXT_CAP {
        return (text, true);
    }
    let mut end = TEXT_CAP;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], false)
}

/// The text excerpts come from: what the page shows, its title line left out (the result
/// shows the title); a page that shows nothing has its description and Markdown text.
fn excerpt_source(d: &Doc) -> String {
    if !d.shown.is_empty() {
        let shown = d.shown.strip_prefix(&*d.title).unwrap_or(&d.shown);
        return shown.trim_start().to_string();
    }
    if d.description.is_empty() {
        d.text.to_string()
    } else {
        format!("{}\n\n{}", d.description, d.text)
    }
}

/// The text of `d`'s excerpt ([`excerpt_source`] in NFKC, at most [`TEXT_CAP`] bytes), and
/// whether it is whole.
fn excerpt(d: &Doc) -> (String, bool) {
    let nfkc = icu_normalizer::ComposingNormalizerBorrowed::new_nfkc();
    let full = nfkc.normalize(&excerpt_source(d)).into_owned();
    let (text, whole) = capped(&full);
    (text.to_string(), whole)
}

/// Writes the block files, `brochureSearch.block("zh",k,[[text,whole],…]);`,
/// and the bundles, each [`BUNDLE`] blocks' files one after the other; returns the blocks'
/// lengths. The text is [`excerpt_source`]'s, in NFKC like the terms, so that the browser
/// finds matches at the places it tokenizes. With a memo (and the pages' [`doc_key`]s), a
/// block or a bundle made of the same pages as the last index's is left in `out` when `out`
/// keeps it.
fn write_blocks(
    code: &str,
    docs: &[Doc],
    memo: Option<(&mut Memo, &[u64])>,
    out: &dyn Out,
) -> Result<Vec<usize>> {
    let chunks: Vec<&[Doc]> = docs.chunks(BLOCK).collect();
    let Some((memo, keys)) = memo else {
        let lengths: Vec<Vec<usize>> = (chunks.par_chunks(BUNDLE).enumerate())
            .map(|(b, bundle)| write_bundle(code, b, bundle, |_| None, out))
            .collect::<Result<_>>()?;
        return Ok(lengths.concat());
    };
    let keys: Vec<u64> = (keys.chunks(BLOCK).enumerate())
        .map(|(k, chunk)| block_key(code, k, chunk))
        .collect();
    let bundle_keys: Vec<u64> = (keys.chunks(BUNDLE).enumerate())
        .map(|(b, chunk)| block_key(code, b, chunk))
        .collect();
    let last = std::mem::take(&mut memo.blocks);
    let last_bundles = std::mem::take(&mut memo.bundles);
    // Block `k`'s length when the last index wrote it the same and `out` keeps its file.
    let kept = |k: usize| match last.get(k) {
        Some(&(was, len)) if was == keys[k] && out.keep(&block_path(code, k)) => Some(len),
        _ => None,
    };
    let lengths: Vec<Vec<usize>> = (chunks.par_chunks(BUNDLE).enumerate())
        .map(|(b, bundle)| {
            let blocks = b * BUNDLE..b * BUNDLE + bundle.len();
            let same =
                last_bundles.get(b) == Some(&bundle_keys[b]) && out.keep(&bundle_path(code, b));
            match blocks.map(kept).collect::<Option<Vec<usize>>>() {
                Some(lengths) if same => Ok(lengths),
                _ => write_bundle(code, b, bundle, kept, out),
            }
        })
        .collect::<Result<_>>()?;
    let lengths = lengths.concat();
    memo.blocks = keys.into_iter().zip(lengths.iter().copied()).collect();
    memo.bundles = bundle_keys;
    Ok(lengths)
}

/// Writes bundle `b`, the blocks `chunks` (of [`BLOCK`] pages each), and those of its blocks
/// that `kept` gives no length for (a block `out` keeps as the last index wrote it); returns
/// the blocks' lengths.
fn write_bundle(
    code: &str,
    b: usize,
    chunks: &[&[Doc]],
    kept: impl Fn(usize) -> Option<usize>,
    out: &dyn Out,
) -> Result<Vec<usize>> {
    let mut bundle = String::new();
    let mut lengths = Vec::with_capacity(chunks.len());
    for (i, chunk) in chunks.iter().enumerate() {
        let k = b * BUNDLE + i;
        let text = block(code, k, chunk);
        if kept(k).is_none() {
            out.write(&block_path(code, k), &text)?;
        }
        lengths.push(text.len());
        bundle.push_str(&text);
    }
    out.write(&bundle_path(code, b), &bundle)?;
    Ok(lengths)
}

/// Where block `k` of language `code` is.
fn block_path(code: &str, k: usize) -> String {
    format!("search/{code}/p{k}.js")
}

/// Where bundle `b` of language `code` is.
fn bundle_path(code: &str, b: usize) -> String {
    format!("search/{code}/b{b}.js")
}

/// Block `k`, of the pages `chunk`: each page's text for excerpts and whether it is whole
/// (its URL, title and section are in the language's list).
fn block(code: &str, k: usize, chunk: &[Doc]) -> String {
    let code = js_string(code);
    let rows: Vec<String> = chunk
        .iter()
        .map(|d| {
            let made;
            let (text, whole) = match d.kept {
                Some(kept) => (&*kept.excerpt, kept.whole),
                None => {
                    made = excerpt(d);
                    (made.0.as_str(), made.1)
                }
            };
            format!("[{},{}]", js_string(text), u8::from(whole))
        })
        .collect();
    format!("brochureSearch.block({code},{k},[{}]);\n", rows.join(","))
}

/// What a result list shows of each page, in page order: `["url","title","section"],…`.
/// It comes with the language's config, so a query lists its results once its shards are
/// in; each `<script>` costs a few milliseconds from `file://`, and a query's ten page
/// blocks (for the excerpts) are loaded after.
fn listed(docs: &[Doc]) -> String {
    let mut out = String::with_capacity(docs.len() * 64);
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        out.push_str(&js_string(&d.url));
        out.push(',');
        out.push_str(&js_string(&d.title));
        out.push(',');
        out.push_str(&js_string(&d.section));
        out.push(']');
    }
    out
}

/// The files of the index of one language whose pages are `docs`, by path (for tests).
#[cfg(test)]
pub(crate) fn build(code: &str, docs: &[Doc], stemmer: Option<Stemmer>) -> Vec<(String, String)> {
    let files = Files::default();
    let written = write_index(code, docs, stemmer, None, Terms::whole(), &files);
    written.expect("a test's files are written");
    let mut files = files.0.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort();
    files
}

/// An [`Out`] that holds the files written (for tests).
#[cfg(test)]
#[derive(Default)]
pub(crate) struct Files(pub(crate) std::sync::Mutex<Vec<(String, String)>>);

#[cfg(test)]
impl Out for Files {
    fn write(&self, path: &str, text: &str) -> Result<()> {
        let mut files = self.0.lock().unwrap_or_else(|p| p.into_inner());
        files.push((path.to_string(), text.to_string()));
        Ok(())
    }

    fn keep(&self, _path: &str) -> bool {
        false
    }
}

/// Writes the index of one language whose pages are `docs` into `out`, as files under
/// `search/`: its shards and blocks as they are made, then the language's file, which
/// holds their sizes. With a `memo`, it reuses what the memo kept of the pages whose text
/// is the same (the last index itself, patched, when only a few pages changed) and keeps
/// what this index computed in it; a file the same as the last index's is left in `out`
/// when `out` keeps it.
pub fn write_index(
    code: &str,
    docs: &[Doc],
    stemmer: Option<Stemmer>,
    memo: Option<&mut Memo>,
    terms: Terms,
    out: &dyn Out,
) -> Result<()> {
    let (shards, blocks) = match memo {
        Some(memo) => {
            let keys: Vec<u64> = docs.par_iter().map(|d| doc_key(d, stemmer)).collect();
            let shards = super::memo::shards(code, docs, &keys, stemmer, memo, terms, out)?;
            (shards, write_blocks(code, docs, Some((memo, &keys)), out)?)
        }
        None => {
            let merged = merged(docs, stemmer, terms.gathered, terms.full)?;
            (
                write_shards(code, merged, false, out)?.lengths,
                write_blocks(code, docs, None, out)?,
            )
        }
    };
    let largest_shard = shards.iter().copied().max().unwrap_or(0);
    let largest_block = blocks.iter().copied().max().unwrap_or(0);
    let list = listed(docs);
    // The first query loads the list too: what is left of the budget is for shards and blocks.
    let budget = QUERY_BUDGET.saturating_sub(list.len());
    let block_budget = MIN_BLOCKS * largest_block;
    let max_shards = (budget.saturating_sub(block_budget) / largest_shard.max(1)).max(1);
    let config = serde_json::json!({
        "lang": code,
        "stemmer": stemmer.map(Stemmer::name),
        "shards": shards.len(),
        "block": BLOCK,
        "pages": docs.len(),
        "maxShards": max_shards,
        "minBlocks": MIN_BLOCKS,
        "budget": budget,
        "largestShard": largest_shard,
        "largestBlock": largest_block,
        "bundle": BUNDLE,
        "bundles": blocks.len().div_ceil(BUNDLE),
        "readShards": shards.iter().sum::<usize>() <= READ_AHEAD_SHARDS,
    });
    let text = format!("brochureSearch.index({config},[{list}]);\n");
    out.write(&format!("search/{code}.js"), &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokenize::tokens;

    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for t in tokens(text, Some(Stemmer::English)) {
            index_terms(&t, &mut |s| out.push(s.to_string()));
        }
        out
    }

    #[test]
    fn cjk_runs_index_bigrams_and_their_last_character() {
        assert_eq!(
            terms("雪城大学"),
            ["雪城", "城大", "大学", "雪", "城", "大", "学"]
        );
        assert_eq!(terms("城"), ["城"]);
        assert_eq!(terms("MIT 合作"), ["mit", "合作", "合", "作"]);
    }

    #[test]
    fn postings_round_trip_through_the_alphabet() {
        assert_eq!(encode_postings(&[(0, 8), (1, 2)]), "0812");
        // 40 = 1·32 + 8: two digits, the first marked "more follows".
        assert_eq!(encode_postings(&[(40, 31)]), "x8v");
        assert_eq!(encode_postings(&[(5000, 1)]), "AY81");
    }

    #[test]
    fn sizes_are_counted_as_written() {
        let postings = Postings::from_sorted(&[
            pack(0, 0),
            pack(31, 31),
            pack(32, 1),
            pack(5000, 8),
            pack(1 << 20, 2),
        ]);
        assert_eq!(encoded_len(&postings), encode_sorted(&postings).len());
        assert_eq!(encoded_len(&Postings::default()), 0);
        assert_eq!(
            term_size("ab", &postings),
            2 + encode_sorted(&postings).len() + 6
        );
        for (a, b) in [('雪', Some('城')), ('学', None), ('𠀀', Some('a'))] {
            let key = cjk_key(a, b);
            assert_eq!(cjk_len(key), cjk_text(key).len());
        }
    }

    #[test]
    fn pages_gathered_in_any_order_make_the_same_files() {
        let texts: Vec<String> = (0..300)
            .map(|i| format!("合作办学 page{i} partner{} 学院{}", i % 7, i % 11))
            .collect();
        let docs: Vec<Doc> = (texts.iter().enumerate())
            .map(|(i, t)| doc(&format!("en/p{i}/"), "雪城大学", t))
            .collect();
        let stemmer = Stemmer::for_locale("en-US");
        let write = |terms: Terms| {
            let out = Files::default();
            write_index("en", &docs, stemmer, None, terms, &out).expect("written");
            let mut files = out.0.into_inner().unwrap();
            files.sort();
            files
        };
        let mut gathered = Gathered::default();
        for p in (0..docs.len()).rev().filter(|p| p % 3 != 0) {
            gathered.add(p as u32, page_terms(&docs[p], stemmer));
        }
        let full: Full = &|_| unreachable!("texts are whole");
        let reversed = write(Terms { gathered, full });
        assert_eq!(reversed, write(Terms::whole()));
        assert!(reversed.iter().any(|(path, _)| path == "search/en/0.js"));
    }

    #[test]
    fn shards_group_words_by_their_start() {
        for n in [1, 7, 64] {
            assert_eq!(shard_of("partner", n), shard_of("par", n));
            assert!(shard_of("x", n) < n);
        }
    }

    fn doc<'a>(url: &str, title: &'a str, text: &'a str) -> Doc<'a> {
        Doc {
            url: url.into(),
            title: title.into(),
            text: text.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn titles_weigh_more_than_bodies_and_files_are_named_per_language() {
        let docs = [
            doc("zh/a/", "雪城大学", "合作办学"),
            doc("zh/b/", "合作", "与雪城大学的合作"),
        ];
        let p: std::collections::HashMap<String, Vec<(u32, u32)>> = postings(&docs, None)
            .into_iter()
            .map(|(t, p)| (t, p.iter().map(|&x| (x >> 5, x & 31)).collect()))
            .collect();
        assert_eq!(p["雪城"], [(0, Weights::TITLE), (1, Weights::BODY)]);
        assert_eq!(p["合作"], [(0, 2), (1, 8 + 2)]);
        let files = build("zh", &docs, None);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "search/zh.js",
                "search/zh/0.js",
                "search/zh/b0.js",
                "search/zh/p0.js"
            ]
        );
        let block = &files[3].1;
        assert_eq!(
            block,
            "brochureSearch.block(\"zh\",0,[[\"合作办学\",1],[\"与雪城大学的合作\",1]]);\n"
        );
        assert_eq!(&files[2].1, block, "one block: the bundle is that block");
        assert!(
            files[0].1.contains(r#"["zh/a/","雪城大学",""]"#),
            "{}",
            files[0].1
        );
    }

    #[test]
    fn bundles_hold_their_blocks_one_after_the_other() {
        let urls: Vec<String> = (0..BLOCK * BUNDLE + 3)
            .map(|i| format!("en/p{i}/"))
            .collect();
        let docs: Vec<Doc> = urls.iter().map(|u| doc(u, "Page", u)).collect();
        let files: std::collections::HashMap<String, String> =
            build("en", &docs, None).into_iter().collect();
        let block = |k: usize| files[&format!("search/en/p{k}.js")].as_str();
        assert_eq!(
            files["search/en/b0.js"],
            (0..BUNDLE).map(block).collect::<String>()
        );
        assert_eq!(files["search/en/b1.js"], block(BUNDLE));
        assert!(!files.contains_key("search/en/b2.js"));
        let config = &files["search/en.js"];
        for field in [
            format!("\"bundle\":{BUNDLE},\"bundles\":2,"),
            "\"readShards\":true,".to_string(),
        ] {
            assert!(config.contains(&field), "{field} in {}", &config[..300]);
        }
    }

    #[test]
    fn long_texts_are_cut_at_a_character_boundary() {
        let long = "学".repeat(TEXT_CAP);
        let (text, whole) = capped(&long);
        assert!(!whole && text.len() <= TEXT_CAP && text.len() > TEXT_CAP - 3);
    }
}
