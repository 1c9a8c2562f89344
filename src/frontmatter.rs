//! Front matter: the YAML block between `---` lines at the top of a Markdown file.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Location, Result};
use crate::yaml;

/// The keys front matter accepts, for error hints.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "slug",
    "template",
    "translation_key",
    "aliases",
    "image",
    "sort_by",
    "paginate_by",
    "extra",
];

/// How a section orders its pages (`sort_by` in its `_index`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Weight, then date (oldest first), then title.
    #[default]
    Weight,
    /// Newest first; undated pages last.
    Date,
    /// By title, then path.
    Title,
}

/// A page's front matter, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// A day or an RFC 3339 instant.
    #[serde(default)]
    pub date: Option<crate::date::PageDate>,
    /// When the page last changed: a day or an RFC 3339 instant.
    #[serde(default)]
    pub updated: Option<crate::date::PageDate>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub translation_key: Option<String>,
    /// Old paths that redirect here (`old/news/`), from the language's root.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The page's share image: a path like any asset (`photo.jpg`, `/logo.svg`).
    #[serde(default)]
    pub image: Option<String>,
    /// A section's page order (only in `_index`).
    #[serde(default)]
    pub sort_by: Option<SortBy>,
    /// Pages per listing page of a section (only in `_index`).
    #[serde(default)]
    pub paginate_by: Option<usize>,
    #[serde(default)]
    pub extra: serde_yaml::Mapping,
}

/// A Markdown file split into front matter and body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// The YAML text between the fences.
    pub yaml: &'a str,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `text` into front matter and body; `None` when there is no front matter block
/// (or it is never closed). A leading UTF-8 byte order mark is skipped.
pub fn split(text: &str) -> Option<Split<'_>> {
    let rest = opening(text)?;
    let yaml_start = text.len() - rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = yaml_start + offset + line.len();
            return Some(Split {
                yaml: &rest[..offset],
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    None
}

/// The text after an opening `---` line (after a byte order mark, if any).
fn opening(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (first, rest) = text.split_once('\n')?;
    (first.trim_end() == "---").then_some(rest)
}

/// Parses and checks the front matter of `text` (the whole file at `path`); `listing` is
/// true for a home or section `_index`, the only files that take `sort_by`/`paginate_by`.
pub fn parse<'a>(text: &'a str, path: &Path, listing: bool) -> Result<(FrontMatter, Split<'a>)> {
    let Some(split) = split(text) else {
        return Err(no_front_matter(text, path).into());
    };
    // An empty block deserializes as null: report the missing title instead.
    let yaml_text = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    let front: FrontMatter = yaml::parse(yaml_text, path, 2, KEYS).map_err(|e| {
        match full_width_colon(split.yaml, path) {
            Some(d) => d.into(),
            None => locate_dates(e, split.yaml, path),
        }
    })?;
    check(&front, split.yaml, path)?;
    check_listing(&front, split.yaml, path, listing)?;
    check_aliases(&front, split.yaml, path)?;
    Ok((front, split))
}

/// A date that does not parse is reported by serde at the start of the block: point at
/// its key instead, and say what a date looks like.
fn locate_dates(
    failure: crate::diagnostic::Failure,
    yaml_text: &str,
    path: &Path,
) -> crate::diagnostic::Failure {
    let crate::diagnostic::Failure(diagnostics) = failure;
    let diagnostics = diagnostics
        .into_iter()
        .map(|d| match d.message.find("is not a date") {
            Some(_) => {
                let value = d.message.split('`').nth(1).unwrap_or_default().to_string();
                let key = date_key_of(yaml_text, &value);
                let (line, col) = yaml::key_position(yaml_text, key).unwrap_or((0, 1));
                Diagnostic::error(
                    "front-matter",
                    Location::new(path, line + 1, col),
                    format!("`{key}: {value}` is not a date"),
                )
                .with_hint(format!(
                    "write {}, e.g. `{key}: 2018-12-01`",
                    crate::date::EXPECTED
                ))
            }
            None => d,
        })
        .collect();
    crate::diagnostic::Failure(diagnostics)
}

/// Which date key holds `value` (`date` unless only `updated` does).
fn date_key_of<'k>(yaml_text: &str, value: &str) -> &'k str {
    let holds = |key: &str| {
        yaml_text.lines().any(|l| {
            l.strip_prefix(key)
                .and_then(|r| r.strip_prefix(':'))
                .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == value)
        })
    };
    if !holds("date") && holds("updated") {
        "updated"
    } else {
        "date"
    }
}

/// Why [`split`] found no block: none at all, or one that is never closed.
fn no_front_matter(text: &str, path: &Path) -> Diagnostic {
    if opening(text).is_some() {
        return Diagnostic::error(
            "front-matter",
            Location::file_start(path),
            "the front matter starting at line 1 is never closed",
        )
        .with_hint("add a line `---` after the last front matter key, before the page's text");
    }
    Diagnostic::error(
        "front-matter",
        Location::file_start(path),
        "this page has no front matter",
    )
    .with_hint(
        "start the file with a block such as `---` / `title: …` / `---`; `title` is required",
    )
}

/// A key written with a full-width colon (`title：历史`), which YAML reads as plain text:
/// the error then says exactly that, at the line.
fn full_width_colon(yaml_text: &str, path: &Path) -> Option<Diagnostic> {
    yaml_text.lines().enumerate().find_map(|(i, line)| {
        let (key, _) = line.split_once('：')?;
        let key = key.trim();
        let plain = !key.is_empty()
            && !key.contains([':', '#', '"', '\''])
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || "_- ".contains(c));
        plain.then(|| {
            let col = line.len() - line.trim_start().len() + 1;
            Diagnostic::error(
                "yaml",
                Location::new(path, i + 2, col),
                format!("`{key}：` is written with a full-width colon `：`"),
            )
            .with_hint(format!(
                "YAML needs an ASCII colon and a space after a key: `{key}: …`"
            ))
        })
    })
}

/// Whether the block's `title` is YAML null (`title: ~`, `title:`), which serde would
/// otherwise read as the text `~` or nothing.
fn title_is_null(front: &FrontMatter, yaml_text: &str) -> bool {
    matches!(front.title.as_str(), "~" | "" | "null" | "Null" | "NULL")
        && serde_yaml::from_str::<serde_yaml::Value>(yaml_text)
            .ok()
            .and_then(|v| v.get("title").map(serde_yaml::Value::is_null))
            .unwrap_or(false)
}

fn check(front: &FrontMatter, yaml_text: &str, path: &Path) -> Result<()> {
    let at = |key: &str| {
        let (line, col) = yaml::key_position(yaml_text, key).unwrap_or((0, 1));
        Location::new(path, line + 1, col)
    };
    if title_is_null(front, yaml_text) {
        return Err(Diagnostic::error(
            "yaml",
            at("title"),
            "required key `title` is missing: its value is empty (YAML null)",
        )
        .with_hint(
            "give the page a title: `title: …` (quote it, `title: \"~\"`, to mean the text `~`)",
        )
        .into());
    }
    if front.title.trim().is_empty() {
        return Err(
            Diagnostic::error("front-matter", at("title"), "`title` is empty")
                .with_hint("give the page a title: `title: …`")
                .into(),
        );
    }
    if let Some(slug) = &front.slug
        && let Err(why) = check_slug(slug)
    {
        return Err(
            Diagnostic::error("front-matter", at("slug"), format!("`slug: {slug}` {why}"))
                .with_hint(format!(
                    "a slug is one URL segment: {SEGMENT_RULE}, e.g. `slug: history`"
                ))
                .into(),
        );
    }
    Ok(())
}

/// `sort_by` and `paginate_by` belong to a section's `_index`; `paginate_by` is at least 1.
fn check_listing(front: &FrontMatter, yaml_text: &str, path: &Path, listing: bool) -> Result<()> {
    let at = |key: &str| {
        let (line, col) = yaml::key_position(yaml_text, key).unwrap_or((0, 1));
        Location::new(path, line + 1, col)
    };
    for (key, set) in [
        ("sort_by", front.sort_by.is_some()),
        ("paginate_by", front.paginate_by.is_some()),
    ] {
        if set && !listing {
            return Err(Diagnostic::error(
                "front-matter",
                at(key),
                format!("`{key}` orders a section's pages, and this file is a page"),
            )
            .with_hint(format!("move `{key}` to the section's `_index.<lang>.md`"))
            .into());
        }
    }
    if front.paginate_by == Some(0) {
        return Err(Diagnostic::error(
            "front-matter",
            at("paginate_by"),
            "`paginate_by: 0` would put no page on a listing page",
        )
        .with_hint("write how many pages each listing page shows, e.g. `paginate_by: 10`")
        .into());
    }
    Ok(())
}

/// Each alias is a path of safe segments: `old/news/`, `news.html`, `/old-site/news/`.
fn check_aliases(front: &FrontMatter, yaml_text: &str, path: &Path) -> Result<()> {
    for (i, alias) in front.aliases.iter().enumerate() {
        let Err(why) = check_alias(alias) else {
            continue;
        };
        let steps = [yaml::Step::Key("aliases".into()), yaml::Step::Index(i)];
        let (line, col) = yaml::path_position(yaml_text, &steps)
            .or_else(|| yaml::key_position(yaml_text, "aliases"))
            .unwrap_or((0, 1));
        return Err(Diagnostic::error(
            "front-matter",
            Location::new(path, line + 1, col),
            format!("alias `{alias}` {why}"),
        )
        .with_hint(format!(
            "an alias is an old path of this language (`old/news/`, `news.html`) or of the site (`/old-site/news/`): segments of {SEGMENT_RULE}"
        ))
        .into());
    }
    Ok(())
}

/// Why `alias` is not a usable old path.
pub fn check_alias(alias: &str) -> std::result::Result<(), String> {
    let inner = alias.strip_prefix('/').unwrap_or(alias);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    if inner.is_empty() {
        return Err("names no path".to_string());
    }
    for segment in inner.split('/') {
        if segment == ".." || segment == "." {
            return Err(format!("contains `{segment}`, which would leave the site"));
        }
        check_slug(segment).map_err(|why| format!("has a segment `{segment}` that {why}"))?;
    }
    Ok(())
}

/// What a URL segment may hold, for hints.
pub const SEGMENT_RULE: &str = "letters (any script), digits, `-`, `_` and `.` (not first)";

/// Checks that `slug` is one safe URL segment; says why not.
///
/// The same rule holds for every folder and file name that becomes part of a page's URL:
/// letters of any script (so Chinese slugs stay legal), digits, `-`, `_` and `.` (not
/// first). Anything else could leave its folder (`/`, `..`), start a scheme
/// (`javascript:`) or need escaping that a server or a `file://` reader may not undo.
pub fn check_slug(slug: &str) -> std::result::Result<(), String> {
    if slug.is_empty() {
        Err("is empty".to_string())
    } else if slug.contains(['/', '\\']) {
        Err("contains a slash, so it would leave its folder".to_string())
    } else if slug.starts_with('.') {
        Err("starts with a dot".to_string())
    } else if let Some(c) = slug
        .chars()
        .find(|&c| !(c.is_alphanumeric() || "-_.".contains(c)))
    {
        let shown = if c.is_whitespace() || c.is_control() {
            format!("U+{:04X}", u32::from(c))
        } else {
            format!("`{c}`")
        };
        Err(format!(
            "contains {shown}, which a URL segment may not hold"
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split("---\ntitle: 历史\n---\n正文\n").unwrap();
        assert_eq!(s.yaml, "title: 历史\n");
        assert_eq!(s.body, "正文\n");
        assert!(split("no front matter").is_none());
        assert!(split("---\ntitle: x\n").is_none());
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let text = "\u{feff}---\ntitle: 历史\n---\n正文\n";
        let (front, s) = parse(text, Path::new("a.md"), false).unwrap();
        assert_eq!(front.title, "历史");
        assert_eq!(s.body, "正文\n");
        assert_eq!(&text[s.body_offset..], "正文\n");
    }

    #[test]
    fn an_unclosed_block_says_so() {
        let err = parse("---\ntitle: x\n\nbody\n", Path::new("a.md"), false).unwrap_err();
        let d = &err.0[0];
        assert_eq!(
            d.message,
            "the front matter starting at line 1 is never closed"
        );
        assert!(d.hint.as_deref().unwrap().contains("add a line `---`"));
        let err = parse("title: x\n", Path::new("a.md"), false).unwrap_err();
        assert!(err.0[0].message.contains("no front matter"));
    }

    #[test]
    fn a_null_title_is_missing() {
        for text in [
            "---\ntitle: ~\n---\n",
            "---\nweight: 1\ntitle:\n---\n",
            "---\ntitle: null\n---\n",
        ] {
            let err = parse(text, Path::new("a.md"), false).unwrap_err();
            let d = &err.0[0];
            assert!(
                d.message.contains("`title` is missing"),
                "{text}: {}",
                d.message
            );
            assert!(d.location.line >= 2, "{text}");
        }
        let (front, _) = parse("---\ntitle: \"~\"\n---\n", Path::new("a.md"), false).unwrap();
        assert_eq!(front.title, "~");
    }

    #[test]
    fn a_full_width_colon_gets_its_hint() {
        for (text, line) in [
            ("---\ntitle：历史\n---\n", 2),
            ("---\ntitle: 历史\nweight：1\n---\n", 3),
        ] {
            let err = parse(text, Path::new("a.md"), false).unwrap_err();
            let d = &err.0[0];
            assert!(d.message.contains("full-width colon `：`"), "{d}");
            assert!(d.hint.as_deref().unwrap().contains("ASCII colon"), "{d}");
            assert_eq!((d.location.line, d.location.col), (line, 1));
        }
    }

    #[test]
    fn unknown_key_names_the_allowed_ones() {
        let err = parse("---\ntitle: x\ntitel: y\n---\n", Path::new("a.md"), false).unwrap_err();
        let d = &err.0[0];
        assert_eq!((d.location.line, d.location.col), (3, 1));
        assert!(d.message.contains("unknown key `titel`"), "{}", d.message);
        assert!(d.hint.as_deref().unwrap().contains("translation_key"));
    }

    #[test]
    fn missing_title_points_at_the_block() {
        let err = parse("---\nweight: 1\n---\n", Path::new("a.md"), false).unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.location.line, 2);
        assert!(d.message.contains("`title` is missing"), "{}", d.message);
    }

    #[test]
    fn slugs_cannot_escape() {
        assert!(check_slug("../etc").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("..").is_err());
        assert!(check_slug("mit").is_ok());
        assert!(check_slug("麻省理工").is_ok());
        assert!(check_slug("v1.2_a-b").is_ok());
    }

    #[test]
    fn slugs_hold_only_letters_digits_and_three_marks() {
        for bad in [
            "javascript:alert(1)",
            "a b",
            "a#b",
            "a?b",
            "a%20b",
            "<x>",
            "a\u{0}b",
            ".x",
        ] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert!(
            check_slug("javascript:alert(1)")
                .unwrap_err()
                .contains("`:`")
        );
    }
}
