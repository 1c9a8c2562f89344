//! `translations.lock`: what each translation was translated from.
//!
//! One YAML file at the site's root rather than a key in each translation's front matter:
//! it records Fluent messages too (an `.ftl` file has no front matter), `done` and `import`
//! then never rewrite a page an editor may have open, and the per-block hashes that say
//! how much changed stay out of the pages. One line per translation, sorted, so a diff or
//! a merge conflict names exactly the translations that moved:
//!
//! ```yaml
//! content/history/_index.en.md: {source: content/history/_index.zh.md, hash: "c1195ce9ec835e1f", blocks: "88c0d414 6670f28b …"}
//! locales/en#nav-home: {source: locales/zh/theme.ftl, hash: "f2f786e55431201c"}
//! ```
//!
//! A site without the file does not track staleness (every translation is shown as
//! unrecorded, and `check` is silent about it); `translations done` creates it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Failure, Location, Result};

/// The file's name, at the site's root.
pub const LOCK_FILE: &str = "translations.lock";

const HEADER: &str = "# What each translation was translated from: the source, its hash and the hash of each of\n# its blocks. Written by `brochure translations done` and `brochure translations import`.\n";

/// What one translation was last marked done against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The source, from the site's root: `content/history/_index.zh.md`.
    pub source: String,
    /// The source's hash (16 hex digits).
    pub hash: String,
    /// The hash of each of the source's units then (8 hex digits each).
    pub blocks: Vec<String>,
}

/// The records of a site, by translation: `content/<page>` or `locales/<code>#<message>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    pub records: BTreeMap<String, Record>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    source: String,
    hash: String,
    #[serde(default)]
    blocks: String,
}

/// The record key of a page: `content/history/_index.en.md` (`rel` under `content/`).
pub fn page_key(rel: &str) -> String {
    format!("content/{rel}")
}

/// The record key of a message: `locales/en#nav-home`.
pub fn message_key(code: &str, id: &str) -> String {
    format!("locales/{code}#{id}")
}

impl Lock {
    /// The lock file of the site at `root`.
    pub fn path(root: &Path) -> PathBuf {
        root.join(LOCK_FILE)
    }

    /// Reads `text`, the lock file at `path`. Every problem is an error at its line.
    pub fn parse(path: &Path, text: &str) -> Result<Lock> {
        if text.trim().is_empty()
            || text
                .lines()
                .all(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        {
            return Ok(Lock::default());
        }
        let raw: BTreeMap<String, RawRecord> =
            crate::yaml::parse(text, path, 1, &["source", "hash", "blocks"]).map_err(
                |Failure(ds)| {
                    Failure(
                        ds.into_iter()
                            .map(|d| lock_error(d.location, d.message))
                            .collect(),
                    )
                },
            )?;
        let mut records = BTreeMap::new();
        let mut errors = Vec::new();
        for (key, r) in raw {
            match record(&key, r) {
                Ok(r) => {
                    records.insert(key, r);
                }
                Err(why) => errors.push(lock_error(
                    Location::new(path, key_line(text, &key), 1),
                    why,
                )),
            }
        }
        if errors.is_empty() {
            Ok(Lock { records })
        } else {
            Err(Failure(errors))
        }
    }

    /// The file's text: a header, then one line per record, sorted.
    pub fn to_text(&self) -> String {
        let mut out = HEADER.to_string();
        for (key, r) in &self.records {
            let blocks = if r.blocks.is_empty() {
                String::new()
            } else {
                format!(", blocks: \"{}\"", r.blocks.join(" "))
            };
            out.push_str(&format!(
                "{}: {{source: {}, hash: \"{}\"{blocks}}}\n",
                yaml_key(key),
                yaml_key(&r.source),
                r.hash
            ));
        }
        out
    }

    /// Writes the lock file of the site at `root`, whole or not at all.
    pub fn write(&self, root: &Path) -> Result<()> {
        crate::atomic::write(&Lock::path(root), self.to_text().as_bytes())
    }
}

/// A line of the file as a record, checked.
fn record(key: &str, r: RawRecord) -> std::result::Result<Record, String> {
    let blocks: Vec<String> = r.blocks.split_whitespace().map(str::to_string).collect();
    if !(key.starts_with("content/") || key.starts_with("locales/")) {
        return Err(format!(
            "`{key}` is neither a page (`content/…`) nor a message (`locales/<code>#<id>`)"
        ));
    }
    if !is_hex(&r.hash, 16) {
        return Err(format!(
            "the hash of `{key}` is `{}`, not 16 hex digits",
            r.hash
        ));
    }
    if let Some(b) = blocks.iter().find(|b| !is_hex(b, 8)) {
        return Err(format!("block hash `{b}` of `{key}` is not 8 hex digits"));
    }
    Ok(Record {
        source: r.source,
        hash: r.hash,
        blocks,
    })
}

/// The 1-based line of `key`'s record (1 when it cannot be found).
fn key_line(text: &str, key: &str) -> usize {
    let (plain, quoted) = (format!("{key}:"), format!("\"{key}\":"));
    text.lines()
        .position(|l| l.starts_with(&plain) || l.starts_with(&quoted))
        .map_or(1, |i| i + 1)
}

fn lock_error(at: Location, message: String) -> Diagnostic {
    Diagnostic::error("translations-lock", at, message).with_hint(format!(
        "{LOCK_FILE} is written by `brochure translations done`: delete the line and run `brochure translations done FILE` for that translation again"
    ))
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// A path as a YAML key or value: plain when it is safe, else double-quoted.
fn yaml_key(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "/._-#@".contains(c) || !c.is_ascii())
        && !s.starts_with(['#', '@', '-', '.']);
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).expect("a string serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(hash: &str) -> Record {
        Record {
            source: "content/a b.zh.md".into(),
            hash: hash.into(),
            blocks: vec!["0000ffff".into(), "12345678".into()],
        }
    }

    #[test]
    fn round_trips_one_sorted_line_per_record() {
        let mut lock = Lock::default();
        lock.records.insert(
            "locales/en#z".into(),
            Record {
                blocks: vec![],
                ..record("00000000000000ff")
            },
        );
        lock.records
            .insert("content/a.en.md".into(), record("0123456789abcdef"));
        let text = lock.to_text();
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("content/a.en.md: {source: \"content/a b.zh.md\""),
            "{text}"
        );
        assert_eq!(Lock::parse(Path::new("t.lock"), &text).unwrap(), lock);
    }

    #[test]
    fn bad_lines_are_located_errors() {
        let text = "content/a.en.md: {source: content/a.zh.md, hash: \"123\"}\n";
        let e = Lock::parse(Path::new("t.lock"), text).unwrap_err();
        assert_eq!(e.0[0].location.line, 1);
        assert!(e.0[0].message.contains("16 hex"), "{}", e.0[0].message);
        let text = "# c\ncontent/a.en.md: {source: x, hash: \"0123456789abcdef\", color: red}\n";
        let e = Lock::parse(Path::new("t.lock"), text).unwrap_err();
        assert_eq!(e.0[0].location.line, 2, "{}", e.0[0]);
        let e = Lock::parse(Path::new("t.lock"), "a: [unclosed\n").unwrap_err();
        assert!(e.0[0].location.line >= 1);
    }
}
