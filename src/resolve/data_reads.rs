//! The `data.…` paths templates read, checked against the site's YAML data before any page
//! renders. A theme's block that reads data the site never had (a new site without a
//! timeline) is the theme's choice and stays quiet; a read that *used* to work does not:
//! a data file that lacks the key read, a folder of data where the read file is not, or a
//! file of the read name that sits elsewhere (the editor renamed `content/history/`). Each
//! of those would silently drop a block from the pages, so each is a warning at the read.

use std::collections::BTreeSet;

use serde_yaml::Value;

use crate::config::Config;
use crate::content::DataFile;
use crate::data::is_localized;
use crate::diagnostic::{Diagnostic, LineIndex, Location};
use crate::templates::Sources;

/// A `data.a.b.c` chain written in a template: its segments and the offset of `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Read {
    offset: usize,
    segments: Vec<String>,
}

/// Warnings for reads of data that does not exist but evidently should (see the module doc).
pub fn check(sources: &Sources, files: &[DataFile], config: &Config) -> Vec<Diagnostic> {
    let codes = config.language_codes();
    let tree = DataTree {
        files,
        codes: &codes,
    };
    let mut out = Vec::new();
    for source in sources.templates.values() {
        let index = LineIndex::new(&source.text);
        let mut reported = BTreeSet::new();
        for read in reads(&source.text) {
            let Some(miss) = tree.miss(&read.segments) else {
                continue;
            };
            if !reported.insert(miss.path.clone()) {
                continue;
            }
            let (line, col) = index.locate(&source.text, read.offset);
            out.push(miss.diagnostic(Location::new(&source.path, line, col)));
        }
    }
    out
}

/// Every `data.…` chain inside the template's `{{ }}` and `{% %}` tags, outside strings.
fn reads(text: &str) -> Vec<Read> {
    let mut found = Vec::new();
    for (start, tag) in tags(text) {
        for (at, segments) in chains(tag) {
            if segments.len() > 1 && segments[0] == "data" {
                let segments = segments[1..].iter().map(|s| s.to_string()).collect();
                found.push(Read {
                    offset: start + at,
                    segments,
                });
            }
        }
    }
    found
}

/// (offset, text) of each expression or statement tag; comments are skipped.
fn tags(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find('{') {
        let open = at + i;
        let close = match text[open + 1..].chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let body = open + 2;
        let Some(len) = text[body..].find(close) else {
            break;
        };
        if close != "#}" {
            out.push((body, &text[body..body + len]));
        }
        at = body + len + 2;
    }
    out
}

/// (offset, segments) of each dotted identifier chain in `tag`, string literals skipped.
fn chains(tag: &str) -> Vec<(usize, Vec<&str>)> {
    let bytes = tag.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' || b == b'\'' || b == b'`' {
            i += tag[i + 1..].find(b as char).map_or(tag.len(), |n| n + 2);
            continue;
        }
        let starts = (b.is_ascii_alphabetic() || b == b'_') && (i == 0 || bytes[i - 1] != b'.');
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let mut segments = Vec::new();
        loop {
            let from = i;
            while i < bytes.len() && ident(bytes[i]) {
                i += 1;
            }
            segments.push(&tag[from..i]);
            if i + 1 < bytes.len() && bytes[i] == b'.' && ident(bytes[i + 1]) {
                i += 1;
            } else {
                break;
            }
        }
        out.push((start, segments));
    }
    out
}

/// The site's data files, looked up by the path a template reads.
struct DataTree<'a> {
    files: &'a [DataFile],
    codes: &'a [&'a str],
}

/// A read that misses, and why that is worth a warning.
struct Miss {
    /// `data.history.timeline.events`: the whole read.
    read: String,
    /// `data.history`: the shortest prefix of the read that does not exist.
    path: String,
    why: String,
    hint: String,
}

impl Miss {
    fn diagnostic(&self, at: Location) -> Diagnostic {
        Diagnostic::warning(
            "missing-data",
            at,
            format!(
                "this template reads `{}`, but `{}` does not exist: {}",
                self.read, self.path, self.why
            ),
        )
        .with_hint(self.hint.clone())
    }
}

impl DataTree<'_> {
    /// The file's data path as segments: `history/timeline.yaml` → `[history, timeline]`.
    fn segments(file: &DataFile) -> Vec<&str> {
        let rel = file.rel.strip_suffix(".yaml").unwrap_or(&file.rel);
        rel.split('/').collect()
    }

    fn miss(&self, read: &[String]) -> Option<Miss> {
        let shown = |n: usize| format!("data.{}", read[..n].join("."));
        for file in self.files {
            let path = Self::segments(file);
            if read.len() <= path.len() && path[..read.len()] == *read {
                return None; // a folder of data, or the file itself
            }
            if path.len() < read.len() && read[..path.len()] == *path {
                let depth = self.missing_key(&file.value, &read[path.len()..])?;
                let n = path.len() + depth + 1;
                return Some(Miss {
                    read: shown(read.len()),
                    path: shown(n),
                    why: format!(
                        "`content/{}` has no `{}`",
                        file.rel,
                        read[path.len()..n].join(".")
                    ),
                    hint: format!(
                        "add `{}:` to content/{} (or change the template, if the key was renamed)",
                        read[n - 1],
                        file.rel
                    ),
                });
            }
        }
        let mut miss = self
            .moved(read)
            .or_else(|| self.missing_in_folder(read, &shown))?;
        miss.read = shown(read.len());
        Some(miss)
    }

    /// How many of `keys` exist in `value` before the first that does not (`None`: all do,
    /// or the walk reached a list or a scalar, whose insides are not checked).
    fn missing_key(&self, mut value: &Value, keys: &[String]) -> Option<usize> {
        for (depth, key) in keys.iter().enumerate() {
            let Value::Mapping(map) = value else {
                return None;
            };
            let mut map = map;
            while is_localized(map, self.codes) {
                match map.get(self.codes[0]).or_else(|| map.values().next()) {
                    Some(Value::Mapping(inner)) => map = inner,
                    _ => return None,
                }
            }
            match map.get(key.as_str()) {
                Some(inner) => value = inner,
                None => return Some(depth),
            }
        }
        None
    }

    /// How many leading segments of `read` name a data folder or file (a prefix of some
    /// file's path), plus one: `data.history.timeline` with only `content/figures.yaml` is 1.
    fn first_missing(&self, read: &[String]) -> usize {
        let known = |n: usize| {
            self.files.iter().any(|f| {
                let path = Self::segments(f);
                path.len() >= n && path[..n] == read[..n]
            })
        };
        (1..=read.len()).find(|&n| !known(n)).unwrap_or(read.len())
    }

    /// The read file lives elsewhere now: a data file named like a segment at or after the
    /// first missing one (`development/timeline.yaml` for `data.history.timeline`).
    fn moved(&self, read: &[String]) -> Option<Miss> {
        let k = self.first_missing(read);
        let (file, at) = self.files.iter().find_map(|f| {
            let name = *Self::segments(f).last()?;
            (k - 1..read.len())
                .find(|&i| read[i] == name)
                .map(|i| (f, i))
        })?;
        let now = Self::segments(file).join(".");
        let wanted = read[..=at].join("/");
        Some(Miss {
            read: String::new(),
            path: format!("data.{}", read[..k].join(".")),
            why: format!("`content/{}` is `data.{now}`", file.rel),
            hint: format!(
                "move it back to content/{wanted}.yaml, or change the template to read `data.{now}`"
            ),
        })
    }

    /// The folder exists but not the file read from it.
    fn missing_in_folder(&self, read: &[String], shown: &dyn Fn(usize) -> String) -> Option<Miss> {
        let k = self.first_missing(read);
        if k < 2 {
            return None; // the site never had data there: the theme's block is optional
        }
        let folder = read[..k - 1].join("/");
        Some(Miss {
            read: String::new(),
            path: shown(k),
            why: format!("content/{folder}/ has no `{}.yaml`", read[k - 1]),
            hint: format!(
                "add content/{folder}/{}.yaml, or change the template if the file was renamed",
                read[k - 1]
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, yaml: &str) -> DataFile {
        DataFile {
            source: format!("content/{rel}").into(),
            rel: rel.into(),
            text: yaml.into(),
            value: serde_yaml::from_str(yaml).unwrap(),
        }
    }

    fn miss(files: &[DataFile], read: &str) -> Option<String> {
        let tree = DataTree {
            files,
            codes: &["zh", "en"],
        };
        let read: Vec<String> = read.split('.').map(String::from).collect();
        tree.miss(&read).map(|m| format!("{} | {}", m.path, m.why))
    }

    #[test]
    fn finds_data_chains_in_tags_only() {
        let text = r#"data.no {{ data.a.b | length }} {% if data.c is defined and x.data.d %}{# data.e #}{{ "data.f" ~ data_uri(path="x") }}"#;
        let found: Vec<Vec<String>> = reads(text).into_iter().map(|r| r.segments).collect();
        assert_eq!(found, [vec!["a", "b"], vec!["c"]]);
        let at = reads(text)[0].offset;
        assert_eq!(&text[at..at + 8], "data.a.b");
    }

    #[test]
    fn a_missing_key_of_an_existing_file_is_reported() {
        let files = [file(
            "figures.yaml",
            "figures: [1]\ngoals: { zh: {a: 1}, en: {a: 2} }\n",
        )];
        assert_eq!(miss(&files, "figures.figures"), None);
        assert_eq!(miss(&files, "figures.goals.a"), None);
        assert_eq!(
            miss(&files, "figures.goals.b.c").as_deref(),
            Some("data.figures.goals.b | `content/figures.yaml` has no `goals.b`")
        );
        assert_eq!(
            miss(&files, "figures.figures.x"),
            None,
            "lists are not walked"
        );
    }

    #[test]
    fn a_moved_file_is_reported_and_absent_data_is_not() {
        let files = [
            file("development/timeline.yaml", "events: []\n"),
            file("partners/list.yaml", "a: 1\n"),
        ];
        assert_eq!(
            miss(&files, "history.timeline.events").as_deref(),
            Some(
                "data.history | `content/development/timeline.yaml` is `data.development.timeline`"
            )
        );
        assert_eq!(
            miss(&files, "partners.founding").as_deref(),
            Some("data.partners.founding | content/partners/ has no `founding.yaml`")
        );
        assert_eq!(miss(&files, "figures.goals"), None, "never had it: quiet");
        assert_eq!(miss(&files, "development"), None);
    }
}
