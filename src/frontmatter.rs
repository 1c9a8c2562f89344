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
    "weight",
    "draft",
    "slug",
    "template",
    "translation_key",
    "extra",
];

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

/// Splits `text` into front matter and body; `None` when there is no front matter block.
pub fn split(text: &str) -> Option<Split<'_>> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
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

/// Parses and checks the front matter of `text` (the whole file at `path`).
pub fn parse<'a>(text: &'a str, path: &Path) -> Result<(FrontMatter, Split<'a>)> {
    let Some(split) = split(text) else {
        return Err(Diagnostic::error(
            "front-matter",
            Location::file_start(path),
            "this page has no front matter",
        )
        .with_hint(
            "start the file with a block such as `---` / `title: …` / `---`; `title` is required",
        )
        .into());
    };
    // An empty block deserializes as null: report the missing title instead.
    let yaml_text = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    let front: FrontMatter =
        yaml::parse(yaml_text, path, 2, KEYS).map_err(|f| locate_dates(f, split.yaml, path))?;
    check(&front, split.yaml, path)?;
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
                let (line, col) = yaml::key_position(yaml_text, "date").unwrap_or((0, 1));
                let value = d.message.split('`').nth(1).unwrap_or_default().to_string();
                Diagnostic::error(
                    "front-matter",
                    Location::new(path, line + 1, col),
                    format!("`date: {value}` is not a date"),
                )
                .with_hint(format!(
                    "write {}, e.g. `date: 2018-12-01`",
                    crate::date::EXPECTED
                ))
            }
            None => d,
        })
        .collect();
    crate::diagnostic::Failure(diagnostics)
}

fn check(front: &FrontMatter, yaml_text: &str, path: &Path) -> Result<()> {
    let at = |key: &str| {
        let (line, col) = yaml::key_position(yaml_text, key).unwrap_or((0, 1));
        Location::new(path, line + 1, col)
    };
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
                .with_hint(
                    "a slug is one URL segment: letters, digits, `-` or `_`, e.g. `slug: history`",
                )
                .into(),
        );
    }
    Ok(())
}

/// Checks that `slug` is one safe URL segment; says why not.
pub fn check_slug(slug: &str) -> std::result::Result<(), &'static str> {
    if slug.is_empty() {
        Err("is empty")
    } else if slug.contains(['/', '\\']) {
        Err("contains a slash, so it would leave its folder")
    } else if slug == "." || slug == ".." || slug.starts_with('.') {
        Err("starts with a dot")
    } else if slug
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "?#%\"<>".contains(c))
    {
        Err("contains a space or a character not allowed in a URL segment")
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
    fn unknown_key_names_the_allowed_ones() {
        let err = parse("---\ntitle: x\ntitel: y\n---\n", Path::new("a.md")).unwrap_err();
        let d = &err.0[0];
        assert_eq!((d.location.line, d.location.col), (3, 1));
        assert!(d.message.contains("unknown key `titel`"), "{}", d.message);
        assert!(d.hint.as_deref().unwrap().contains("translation_key"));
    }

    #[test]
    fn missing_title_points_at_the_block() {
        let err = parse("---\nweight: 1\n---\n", Path::new("a.md")).unwrap_err();
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
    }
}
