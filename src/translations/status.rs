//! What state every translation is in: each page and each Fluent message of the default
//! language, in every other language, is up to date (its source has not changed since it
//! was marked done), stale, or missing.

use serde::Serialize;

use super::blocks::{self, Block};
use super::fluent::Message;
use super::hash;
use super::lock::{self, Lock, Record};
use crate::content::{Page, join_rel};
use crate::diagnostic::{Diagnostic, Location};
use crate::resolve::Site;

/// How a translation stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    UpToDate,
    Stale(Change),
    Missing,
}

/// Why a translation is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `changed` of the source's `total` units are new or changed since the translation
    /// was marked done; `removed` of the units then are gone.
    Blocks {
        changed: usize,
        total: usize,
        removed: usize,
    },
    /// The translation was never marked done.
    Unrecorded,
    /// It was marked done against another source (its `translation_key` changed).
    Moved { was: String },
}

/// Whether a translation is of a page or of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Page,
    Message,
}

/// One translation (or missing translation) of one source into one language.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    /// Index of the translation's language.
    pub lang: usize,
    /// The source from the site's root: `content/history/_index.zh.md`, `locales/zh/theme.ftl`.
    pub source: String,
    pub source_at: Location,
    /// The translation from the site's root (where it would be, when missing).
    pub target: String,
    /// Where the translation is (`None` when missing).
    pub target_at: Option<Location>,
    /// The message id, for messages.
    pub message: Option<String>,
    /// The key of its line in the lock file.
    pub key: String,
    pub state: State,
    /// What `done` records for it now.
    pub record: Record,
}

/// Every translation of a site.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Whether the site has a lock file (without one nothing is tracked, nor warned about).
    pub tracked: bool,
    /// Language codes, in the site's order.
    pub codes: Vec<String>,
    /// Pages first (in path order), then messages (in file order), language by language.
    pub entries: Vec<Entry>,
}

/// Stale and missing translations of a site, over every language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub up_to_date: usize,
    pub stale: usize,
    pub missing: usize,
}

/// The units of page `i` of `site`, as a translation source.
pub fn source_blocks(site: &Site, i: usize) -> Vec<Block> {
    blocks::page_blocks(&site.pages[i], site.script(site.pages[i].lang))
}

/// Where the translation of `page` into language `code` goes when it is missing:
/// `history/_index.en.md` beside `history/_index.zh.md`.
pub fn missing_rel(page: &Page, code: &str) -> String {
    join_rel(&page.dir, &format!("{}.{code}.md", page.stem))
}

/// The state of every translation of `site` (whose messages per language are `messages`)
/// against `lock` (`None`: the site has no lock file).
pub fn compute(site: &Site, messages: &[Vec<Message>], lock: Option<&Lock>) -> Status {
    let empty = Lock::default();
    let records = lock.unwrap_or(&empty);
    let codes: Vec<String> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.clone())
        .collect();
    let mut entries: Vec<Entry> = (site.pages_of(0))
        .flat_map(|i| page_entries(site, i, &codes, records))
        .collect();
    if let Some(sources) = messages.first() {
        for (l, code) in codes.iter().enumerate().skip(1) {
            let translated: std::collections::HashMap<&str, &Message> = (messages.get(l))
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|m| (m.id.as_str(), m))
                .collect();
            for m in sources {
                entries.push(message_entry(m, l, code, &translated, records));
            }
        }
    }
    Status {
        tracked: lock.is_some(),
        codes,
        entries,
    }
}

/// The entries of page `i` of the default language, one per other language.
fn page_entries(site: &Site, i: usize, codes: &[String], records: &Lock) -> Vec<Entry> {
    let mut out = Vec::with_capacity(codes.len().saturating_sub(1));
    let record = page_record(&site.pages[i], &site.info[i].analysis.block_hashes);
    for (l, code) in codes.iter().enumerate().skip(1) {
        // A fallback stands in for a missing translation: it is still missing.
        let target = (site.info[i].translations.get(l).copied().flatten())
            .filter(|&t| !site.pages[t].fallback);
        let page = &site.pages[i];
        let (target, target_at) = match target {
            Some(t) => (
                site.pages[t].rel.clone(),
                Some(Location::file_start(&site.pages[t].source)),
            ),
            None => (missing_rel(page, code), None),
        };
        let key = lock::page_key(&target);
        let state = state_of(target_at.is_some(), records.records.get(&key), &record);
        out.push(Entry {
            kind: Kind::Page,
            lang: l,
            source: lock::page_key(&page.rel),
            source_at: Location::file_start(&page.source),
            target: lock::page_key(&target),
            target_at,
            message: None,
            key,
            state,
            record: record.clone(),
        });
    }
    out
}

/// `status` (of `site` against `lock`) brought up to date after only the bodies of
/// `pages`, or what their front matter shows (a title), changed: only the entries of
/// those pages' sources are made again, in place.
/// Returns `false`, with `status` unchanged, when a source's entries are not where they
/// should be (then [`compute`] it whole).
pub fn refresh_bodies(
    status: &mut Status,
    site: &Site,
    lock: Option<&Lock>,
    pages: &[usize],
) -> bool {
    let empty = Lock::default();
    let records = lock.unwrap_or(&empty);
    let per_page = status.codes.len().saturating_sub(1);
    if per_page == 0 {
        return true;
    }
    let mut sources: Vec<usize> = (pages.iter())
        .filter_map(|&p| match site.pages[p].lang {
            0 => Some(p),
            _ => site.info[p].translations.first().copied().flatten(),
        })
        .filter(|&s| site.pages[s].lang == 0)
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let mut fresh = Vec::new();
    for s in sources {
        let key = lock::page_key(&site.pages[s].rel);
        let Some(at) =
            (status.entries.iter()).position(|e| e.kind == Kind::Page && e.source == key)
        else {
            return false;
        };
        let entries = page_entries(site, s, &status.codes, records);
        if entries.len() != per_page || at + per_page > status.entries.len() {
            return false;
        }
        fresh.push((at, entries));
    }
    for (at, entries) in fresh {
        status.entries.splice(at..at + per_page, entries);
    }
    true
}

fn page_record(page: &Page, body: &[u64]) -> Record {
    let units = blocks::unit_hashes(page, body);
    Record {
        source: lock::page_key(&page.rel),
        hash: hash::long(blocks::hash_of_hashes(&units)),
        blocks: units.iter().map(|&h| hash::short(h)).collect(),
    }
}

fn message_entry(
    m: &Message,
    l: usize,
    code: &str,
    translated: &std::collections::HashMap<&str, &Message>,
    lock: &Lock,
) -> Entry {
    let record = Record {
        source: m.rel.clone(),
        hash: hash::long(m.hash),
        blocks: Vec::new(),
    };
    let target = translated.get(m.id.as_str()).copied();
    let key = lock::message_key(code, &m.id);
    let state = state_of(target.is_some(), lock.records.get(&key), &record);
    let default_file = m.rel.rsplit('/').next().unwrap_or("main.ftl");
    Entry {
        kind: Kind::Message,
        lang: l,
        source: m.rel.clone(),
        source_at: Location::new(&m.path, m.line, 1),
        target: target.map_or_else(
            || format!("locales/{code}/{default_file}"),
            |t| t.rel.clone(),
        ),
        target_at: target.map(|t| Location::new(&t.path, t.line, 1)),
        message: Some(m.id.clone()),
        key,
        state,
        record,
    }
}

fn state_of(exists: bool, recorded: Option<&Record>, now: &Record) -> State {
    if !exists {
        return State::Missing;
    }
    let Some(then) = recorded else {
        return State::Stale(Change::Unrecorded);
    };
    if then.source != now.source {
        return State::Stale(Change::Moved {
            was: then.source.clone(),
        });
    }
    if then.hash == now.hash {
        return State::UpToDate;
    }
    let mut left: Vec<&String> = then.blocks.iter().collect();
    let mut changed = 0;
    for b in &now.blocks {
        match left.iter().position(|x| *x == b) {
            Some(k) => {
                left.swap_remove(k);
            }
            None => changed += 1,
        }
    }
    let total = now.blocks.len().max(1);
    let changed = if now.blocks.is_empty() { 1 } else { changed };
    State::Stale(Change::Blocks {
        changed,
        total,
        // A changed block is one new and one gone: count it once.
        removed: left.len().saturating_sub(changed),
    })
}

impl State {
    /// `up to date`, `stale`, `missing`.
    pub fn name(&self) -> &'static str {
        match self {
            State::UpToDate => "up to date",
            State::Stale(_) => "stale",
            State::Missing => "missing",
        }
    }
}

impl Change {
    /// What changed, in words: `3 of 12 blocks changed`.
    pub fn describe(&self) -> String {
        match self {
            Change::Blocks {
                changed,
                total,
                removed,
            } => {
                let mut s = match (*changed, *removed) {
                    (0, 0) => "its blocks were reordered".to_string(),
                    (0, _) => String::new(),
                    (c, _) => format!("{c} of {total} {} changed", plural(*total, "block")),
                };
                if *removed > 0 {
                    if !s.is_empty() {
                        s.push_str(", ");
                    }
                    s.push_str(&format!("{removed} {} removed", plural(*removed, "block")));
                }
                s
            }
            Change::Unrecorded => "never marked done".to_string(),
            Change::Moved { was } => format!("it was translated from {was}"),
        }
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

impl Status {
    /// The counts of language `lang` (`None`: every language), of `kind` (`None`: both).
    pub fn counts(&self, lang: Option<usize>, kind: Option<Kind>) -> Counts {
        let mut c = Counts::default();
        for e in &self.entries {
            if lang.is_some_and(|l| l != e.lang) || kind.is_some_and(|k| k != e.kind) {
                continue;
            }
            match e.state {
                State::UpToDate => c.up_to_date += 1,
                State::Stale(_) => c.stale += 1,
                State::Missing => c.missing += 1,
            }
        }
        c
    }

    /// `translations: 1 stale, 2 missing` for a console (`None` when the site has one
    /// language).
    pub fn console(&self) -> Option<String> {
        if self.codes.len() < 2 {
            return None;
        }
        let c = self.counts(None, None);
        Some(if self.tracked {
            format!("translations: {} stale, {} missing", c.stale, c.missing)
        } else {
            format!(
                "translations: {} missing (staleness not tracked: no {})",
                c.missing,
                super::LOCK_FILE
            )
        })
    }

    /// A warning for each stale translation (none when the site has no lock file).
    /// Missing ones are reported by the loader already (`missing-translation`,
    /// `missing-key`).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        if !self.tracked {
            return Vec::new();
        }
        self.entries
            .iter()
            .filter_map(|e| match (&e.state, &e.target_at) {
                (State::Stale(change), Some(at)) => Some(stale_warning(e, change, at)),
                _ => None,
            })
            .collect()
    }
}

fn stale_warning(e: &Entry, change: &Change, at: &Location) -> Diagnostic {
    let (message, done) = match &e.message {
        None => (
            format!(
                "this translation of {} is stale: {} since it was translated",
                e.source,
                change.describe()
            ),
            e.target.clone(),
        ),
        Some(id) => (
            format!(
                "message `{id}` is stale: its text in {} changed since it was translated",
                e.source
            ),
            format!("{}#{id}", e.target),
        ),
    };
    let message = if *change == Change::Unrecorded {
        match &e.message {
            None => format!(
                "this translation of {} was never marked done, so nobody knows whether it is up to date",
                e.source
            ),
            Some(id) => format!("message `{id}` was never marked done against {}", e.source),
        }
    } else {
        message
    };
    Diagnostic::warning("stale-translation", at.clone(), message)
        .with_note(e.source_at.clone(), "the source")
        .with_hint(format!(
            "update the translation, then record it: `brochure translations done {done}`"
        ))
}

/// The source of entry `e` as its path or message, for listings.
fn shown(e: &Entry) -> String {
    match &e.message {
        Some(id) => format!("{}#{id}", e.target),
        None => e.target.clone(),
    }
}

/// The status as text: one line per translation, then a summary per language.
pub fn to_text(status: &Status, lang: Option<usize>) -> String {
    let mut out = String::new();
    for e in status
        .entries
        .iter()
        .filter(|e| lang.is_none_or(|l| l == e.lang))
    {
        let detail = match &e.state {
            State::Stale(Change::Blocks { .. }) if e.kind == Kind::Message => {
                format!(" (its {} text changed)", status.codes[0])
            }
            State::Stale(c) => format!(" ({})", c.describe()),
            State::Missing => format!(" (from {})", e.source),
            State::UpToDate => String::new(),
        };
        out.push_str(&format!(
            "{:<3} {:<10}  {}{detail}\n",
            status.codes[e.lang],
            e.state.name(),
            shown(e)
        ));
    }
    for (l, code) in status.codes.iter().enumerate().skip(1) {
        if lang.is_some_and(|x| x != l) {
            continue;
        }
        let p = status.counts(Some(l), Some(Kind::Page));
        let m = status.counts(Some(l), Some(Kind::Message));
        out.push_str(&format!(
            "{code}: pages {} up to date, {} stale, {} missing; messages {} up to date, {} stale, {} missing\n",
            p.up_to_date, p.stale, p.missing, m.up_to_date, m.stale, m.missing
        ));
    }
    if !status.tracked {
        out.push_str(&format!(
            "no {} in this site: nothing is recorded yet; `brochure translations done FILE…` records translations as up to date\n",
            super::LOCK_FILE
        ));
    }
    out
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    kind: Kind,
    lang: &'a str,
    state: &'static str,
    source: &'a str,
    target: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changed_blocks: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed_blocks: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocks: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

#[derive(Serialize)]
struct JsonLanguage<'a> {
    lang: &'a str,
    pages: Counts,
    messages: Counts,
}

#[derive(Serialize)]
struct JsonStatus<'a> {
    tracked: bool,
    languages: Vec<JsonLanguage<'a>>,
    translations: Vec<JsonEntry<'a>>,
}

/// The status as one JSON document, for scripts.
pub fn to_json(status: &Status, lang: Option<usize>) -> String {
    let keep = |l: usize| lang.is_none_or(|x| x == l);
    let languages = (1..status.codes.len())
        .filter(|&l| keep(l))
        .map(|l| JsonLanguage {
            lang: &status.codes[l],
            pages: status.counts(Some(l), Some(Kind::Page)),
            messages: status.counts(Some(l), Some(Kind::Message)),
        })
        .collect();
    let translations = status
        .entries
        .iter()
        .filter(|e| keep(e.lang))
        .map(|e| {
            let blocks = match &e.state {
                State::Stale(Change::Blocks {
                    changed,
                    total,
                    removed,
                }) => Some((*changed, *total, *removed)),
                _ => None,
            };
            JsonEntry {
                kind: e.kind,
                lang: &status.codes[e.lang],
                state: e.state.name(),
                source: &e.source,
                target: &e.target,
                message: e.message.as_deref(),
                changed_blocks: blocks.map(|b| b.0),
                blocks: blocks.map(|b| b.1),
                removed_blocks: blocks.map(|b| b.2),
                reason: match &e.state {
                    State::Stale(c) => Some(c.describe()),
                    _ => None,
                },
            }
        })
        .collect();
    let doc = JsonStatus {
        tracked: status.tracked,
        languages,
        translations,
    };
    serde_json::to_string_pretty(&doc).expect("the status serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(hash: &str, blocks: &[&str]) -> Record {
        Record {
            source: "content/a.zh.md".into(),
            hash: hash.into(),
            blocks: blocks.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn counts_changed_and_removed_blocks() {
        let now = rec("1111111111111111", &["a", "b", "c", "d"]);
        assert_eq!(state_of(false, None, &now), State::Missing);
        assert_eq!(state_of(true, None, &now), State::Stale(Change::Unrecorded));
        assert_eq!(state_of(true, Some(&now), &now), State::UpToDate);
        let then = rec("2222222222222222", &["a", "x", "c", "y", "z"]);
        let State::Stale(change) = state_of(true, Some(&then), &now) else {
            panic!()
        };
        assert_eq!(change.describe(), "2 of 4 blocks changed, 1 block removed");
    }
}
