//! YAML parsing behind one door: typed parsing with located, helpful errors, and finding
//! where a key or a path sits in the text (serde_yaml reports some errors at 1:1).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Location, Result};

/// Parses `text` (which starts at line `first_line` of `path`) into `T`.
///
/// `allowed` lists the top-level keys, for the hint on an unknown or missing key.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
    allowed: &[&str],
) -> Result<T> {
    serde_yaml::from_str(text)
        .map_err(|e| to_diagnostic(&e, text, path, first_line, allowed).into())
}

/// Parses `text` as an untyped YAML value.
pub fn parse_value(text: &str, path: &Path) -> Result<serde_yaml::Value> {
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, path, 1, &[]).into())
}

fn to_diagnostic(
    err: &serde_yaml::Error,
    text: &str,
    path: &Path,
    first_line: usize,
    allowed: &[&str],
) -> Diagnostic {
    let message = strip_marks(&err.to_string());
    let (line, col) = err
        .location()
        .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
    let at = |line: usize, col: usize| Location::new(path, first_line + line - 1, col);
    let keys = allowed.join(", ");
    if let Some(field) = quoted_after(&message, "unknown field `") {
        return Diagnostic::error("yaml", at(line, col), format!("unknown key `{field}`"))
            .with_hint(format!("the allowed keys are: {keys}; check the spelling"));
    }
    if let Some(field) = quoted_after(&message, "missing field `") {
        // serde_yaml reports this at 1:1: point at the block, say which key.
        return Diagnostic::error(
            "yaml",
            at(1, 1),
            format!("required key `{field}` is missing"),
        )
        .with_hint(format!("add `{field}: …` (allowed keys: {keys})"));
    }
    if let Some(field) = quoted_after(&message, "duplicate field `") {
        let (line, col) = nth_key_position(text, &field, 1).unwrap_or((1, 1));
        return Diagnostic::error(
            "yaml",
            at(line, col),
            format!("key `{field}` is given twice"),
        )
        .with_hint("keep one of the two");
    }
    let hint = if message.contains("tab") || message.contains("cannot start any token") {
        "indent with spaces, never tabs; quote values that start with `@`, `` ` `` or `%`"
    } else if message.contains("invalid type") {
        "check the value's type (text, number, list or map); quote text that looks like a number"
    } else {
        "check the YAML syntax near this place: indentation, `key: value` pairs, closing quotes and brackets"
    };
    Diagnostic::error("yaml", at(line, col), format!("invalid YAML: {message}")).with_hint(hint)
}

/// The text between `prefix` and the next backtick.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

/// Removes libyaml's ` at line N column M` marks: the location is printed separately.
fn strip_marks(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let skip = tail
            .find(|c: char| !(c.is_ascii_digit() || c == ' ' || "column".contains(c)))
            .unwrap_or(tail.len());
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Where top-level `key:` first appears: 1-based (line, column).
pub fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    nth_key_position(text, key, 0)
}

/// Where top-level `key:` appears for the `n`-th time (0-based).
fn nth_key_position(text: &str, key: &str, n: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| is_key_line(line, key))
        .nth(n)
        .map(|(i, _)| (i + 1, 1))
}

fn is_key_line(line: &str, key: &str) -> bool {
    let unquoted = line.strip_prefix(key);
    let quoted = line
        .strip_prefix('"')
        .and_then(|l| l.strip_prefix(key))
        .and_then(|l| l.strip_prefix('"'));
    unquoted
        .or(quoted)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Best-effort 1-based (line, column) of the value at `path` in block-style YAML.
///
/// serde_yaml values carry no positions; this walks the text forward, key by key and
/// list item by list item, which is right for the block style data files use.
pub fn path_position(text: &str, path: &[Step]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut pos = 0; // line index to search from
    let mut found = (1, 1);
    for step in path {
        let (line, col) = match step {
            Step::Key(key) => find_key(&lines, pos, key)?,
            Step::Index(i) => find_item(&lines, pos, *i)?,
        };
        found = (line + 1, col + 1);
        pos = line;
    }
    Some(found)
}

fn find_key(lines: &[&str], from: usize, key: &str) -> Option<(usize, usize)> {
    lines.iter().enumerate().skip(from).find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let body = trimmed.trim_start_matches("- ");
        let col = line.len() - body.len();
        if is_key_line(body, key) {
            return Some((i, line[..col].chars().count()));
        }
        // a flow mapping on the line: `label: { zh: …, en: … }`
        let needle = format!("{key}:");
        let at = line
            .find(&needle)
            .filter(|&p| p > 0 && matches!(line.as_bytes()[p - 1], b'{' | b' ' | b','))?;
        Some((i, line[..at].chars().count()))
    })
}

fn find_item(lines: &[&str], from: usize, index: usize) -> Option<(usize, usize)> {
    let mut indent = None;
    let mut count = 0;
    for (i, line) in lines.iter().enumerate().skip(from) {
        let trimmed = line.trim_start();
        let this_indent = line.len() - trimmed.len();
        let is_item = trimmed.starts_with("- ") || trimmed == "-";
        match indent {
            None if is_item => indent = Some(this_indent),
            Some(ind) if is_item && this_indent == ind => count += 1,
            Some(ind) if !trimmed.is_empty() && !trimmed.starts_with('#') && this_indent < ind => {
                return None;
            }
            _ => continue,
        }
        if count == index {
            return Some((i, this_indent));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_marks() {
        assert_eq!(
            strip_marks(
                "did not find expected key at line 3 column 5, while parsing a block mapping at line 1 column 1"
            ),
            "did not find expected key, while parsing a block mapping"
        );
    }

    #[test]
    fn finds_paths_in_block_yaml() {
        let text = "figures:\n  - id: a\n    label: { zh: 甲, en: A }\n  - id: b\n    label:\n      zh: 乙\n";
        let path = [
            Step::Key("figures".into()),
            Step::Index(1),
            Step::Key("label".into()),
        ];
        assert_eq!(path_position(text, &path), Some((5, 5)));
        let first = [
            Step::Key("figures".into()),
            Step::Index(0),
            Step::Key("label".into()),
        ];
        assert_eq!(path_position(text, &first), Some((3, 5)));
    }

    #[test]
    fn duplicate_key_points_at_the_second() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            title: String,
        }
        let err = parse::<T>("title: a\ntitle: b\n", Path::new("x.md"), 2, &["title"]).unwrap_err();
        assert_eq!(err.0[0].location.line, 3);
        assert!(err.0[0].message.contains("given twice"));
    }
}
