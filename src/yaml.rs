//! YAML parsing behind one door: typed parsing with located, helpful errors, and finding
//! where a key or a path sits in the text (serde_yaml reports some errors at 1:1).

use std::path::Path;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, Visitor};

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
    // One parse on the way that succeeds: into a value, whose keys are checked, then into
    // `T`. Only a failure reads the text again, for the place of the problem.
    let located = |e: serde_yaml::Error| to_diagnostic(&e, text, path, first_line, allowed);
    let typed = || -> Result<T> {
        let value = serde_yaml::from_str(text).map_err(located)?;
        check_keys(text, path, first_line)?;
        Ok(value)
    };
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        // The typed parse says what is wrong in terms of `T` (a key given twice, …).
        return typed();
    };
    if has_bad_key(&value) {
        check_keys(text, path, first_line)?;
    }
    T::deserialize(value).or_else(|_| typed())
}

/// Parses `text` as an untyped YAML value.
pub fn parse_value(text: &str, path: &Path) -> Result<serde_yaml::Value> {
    let value = serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, path, 1, &[]))?;
    if has_bad_key(&value) {
        check_keys(text, path, 1)?;
    }
    Ok(value)
}

/// Map keys must be text, a whole number or `true`/`false`: templates (and JSON) have no
/// other kind of key, and a null, fractional, list or map key is nearly always a slip
/// (`~: x`, `1.5: x`, `[a]: b`). Re-reads `text` to find the first such key, with its place.
fn check_keys(text: &str, path: &Path, first_line: usize) -> Result<()> {
    let Err(e) = serde_yaml::from_str::<Keys>(text) else {
        return Ok(());
    };
    let message = e.to_string();
    let Some(kind) = message
        .split_once(BAD_KEY)
        .and_then(|(_, rest)| rest.split_once(BAD_KEY_END))
        .map(|(kind, _)| kind)
    else {
        // Not ours: the text parsed a moment ago, so this cannot really happen.
        return Err(to_diagnostic(&e, text, path, first_line, &[]).into());
    };
    let (line, col) = e
        .location()
        .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
    Err(Diagnostic::error(
        "yaml",
        Location::new(path, first_line + line - 1, col),
        format!("this map key is {kind}; map keys must be text"),
    )
    .with_hint(
        "quote the key to make it text (`\"1.5\": …`, `\"~\": …`), or give it a name (`label: …`)",
    )
    .into())
}

/// Whether some map key in `value` is not text, a whole number or a bool.
fn has_bad_key(value: &serde_yaml::Value) -> bool {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => map.iter().any(|(k, v)| {
            let good = matches!(k, Value::String(_) | Value::Bool(_)) || k.is_i64() || k.is_u64();
            !good || has_bad_key(v)
        }),
        Value::Sequence(items) => items.iter().any(has_bad_key),
        Value::Tagged(tagged) => has_bad_key(&tagged.value),
        _ => false,
    }
}

/// The error [`Key`] gives is what the key is between these two marks.
const BAD_KEY: &str = "bad map key \u{1f}";
const BAD_KEY_END: char = '\u{1f}';

/// A whole document, read only to check its map keys.
struct Keys;

impl<'de> de::Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(KeysVisitor)
    }
}

struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = Keys;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<Keys, E> {
        Ok(Keys)
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<Keys, E> {
        Ok(Keys)
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<Keys, E> {
        Ok(Keys)
    }
    fn visit_i128<E>(self, _: i128) -> std::result::Result<Keys, E> {
        Ok(Keys)
    }
    fn visit_u128<E>(self, _: u128) -> std::result::Result<Keys, E> {
        Ok(Keys)
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<Keys, E> {
        Ok(Keys)
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<Keys, E> {
        Ok(Keys)
    }
    fn visit_unit<E>(self) -> std::result::Result<Keys, E> {
        Ok(Keys)
    }
    fn visit_none<E>(self) -> std::result::Result<Keys, E> {
        Ok(Keys)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Keys, A::Error> {
        while seq.next_element::<Keys>()?.is_some() {}
        Ok(Keys)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Keys, A::Error> {
        while map.next_key::<Key>()?.is_some() {
            map.next_value::<Keys>()?;
        }
        Ok(Keys)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> std::result::Result<Keys, A::Error> {
        // A tagged value (`!tag value`): check the value.
        let (IgnoredAny, variant) = data.variant::<IgnoredAny>()?;
        de::VariantAccess::newtype_variant::<Keys>(variant)
    }
}

/// One map key: accepted when text, a whole number or a bool.
struct Key;

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

fn bad_key<E: de::Error>(kind: &str) -> E {
    E::custom(format!("{BAD_KEY}{kind}{BAD_KEY_END}"))
}

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map key")
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<Key, E> {
        Ok(Key)
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<Key, E> {
        Ok(Key)
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<Key, E> {
        Ok(Key)
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<Key, E> {
        Ok(Key)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> std::result::Result<Key, E> {
        Err(bad_key("a number too big for a key"))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> std::result::Result<Key, E> {
        Err(bad_key("a number too big for a key"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Key, E> {
        Err(bad_key(&format!("the number {v}, not a whole number")))
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<Key, E> {
        Err(bad_key("empty (null, `~`)"))
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<Key, E> {
        Err(bad_key("empty (null, `~`)"))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> std::result::Result<Key, A::Error> {
        Err(bad_key("a list"))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> std::result::Result<Key, A::Error> {
        Err(bad_key("a map"))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> std::result::Result<Key, A::Error> {
        Err(bad_key("a tagged value (`!tag …`)"))
    }
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
        let hint = match nested_keys(&message) {
            Some((block, keys)) => {
                format!("the allowed keys of `{block}` are: {keys}; check the spelling")
            }
            None => format!("the allowed keys are: {keys}; check the spelling"),
        };
        return Diagnostic::error("yaml", at(line, col), format!("unknown key `{field}`"))
            .with_hint(hint);
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
    if let Some(slip) = type_slip(&message, text, line) {
        return Diagnostic::error("yaml", at(line, col), slip.message).with_hint(slip.hint);
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

/// A value of the wrong type that an editor typed by habit: a number in Chinese words or
/// full-width digits (`weight: 六`, `weight: ３`), a yes/no in words (`draft: 是`).
struct Slip {
    message: String,
    hint: String,
}

/// serde's `invalid type: string "六", expected i64` at `line` of `text`, said plainly.
fn type_slip(message: &str, text: &str, line: usize) -> Option<Slip> {
    // serde_norway may put the key's path first: `weight: invalid type: …`.
    let marker = "invalid type: string \"";
    let rest = &message[message.find(marker)? + marker.len()..];
    let (value, expected) = rest.split_once("\", expected ")?;
    let key = text
        .lines()
        .nth(line.checked_sub(1)?)?
        .split_once(':')
        .map(|(k, _)| k.trim().trim_start_matches("- ").to_string())
        .filter(|k| !k.is_empty())?;
    let number = ["i64", "u64", "i32", "u32", "usize", "f64", "f32"]
        .iter()
        .any(|t| expected.starts_with(t) || expected.contains("integer"));
    if number {
        let hint = match digits_of(value) {
            Some(n) => format!("write it in ASCII digits: `{key}: {n}`"),
            None => format!("write it in ASCII digits, such as `{key}: 3`"),
        };
        let what = if value.chars().all(|c| ('０'..='９').contains(&c)) {
            "is written in full-width digits"
        } else if digits_of(value).is_some() {
            "is a number written in words"
        } else {
            "is not a number"
        };
        return Some(Slip {
            message: format!("`{key}` takes a number in digits, and `{value}` {what}"),
            hint,
        });
    }
    if expected.starts_with("a boolean") {
        return Some(Slip {
            message: format!("`{key}` takes `true` or `false`, not `{value}`"),
            hint: format!("write `{key}: true` (yes) or `{key}: false` (no)"),
        });
    }
    None
}

/// The number written by `value` in full-width digits or Chinese numerals up to 99
/// (`３` → 3, `六` → 6, `十二` → 12, `二十` → 20), for a hint.
fn digits_of(value: &str) -> Option<u32> {
    if !value.is_empty() && value.chars().all(|c| ('０'..='９').contains(&c)) {
        return value
            .chars()
            .map(|c| char::from_digit(c as u32 - '０' as u32, 10))
            .collect::<Option<String>>()?
            .parse()
            .ok();
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|n| n as u32)
            .or(match c {
                '〇' => Some(0),
                '两' => Some(2),
                _ => None,
            })
    };
    let chars: Vec<char> = value.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// For an unknown key inside a nested block (`identity: unknown field `logoo`, expected one
/// of `logo`, …`): the block's path and the keys it allows, as serde lists them.
fn nested_keys(message: &str) -> Option<(String, String)> {
    let (block, rest) = message.split_once(": unknown field `")?;
    let (_, expected) = rest.split_once("expected ")?;
    let keys: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    (!block.contains(' ') && !keys.is_empty()).then(|| (block.to_string(), keys.join(", ")))
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
    fn numbers_in_words_are_read_for_the_hint() {
        assert_eq!(digits_of("六"), Some(6));
        assert_eq!(digits_of("十"), Some(10));
        assert_eq!(digits_of("十二"), Some(12));
        assert_eq!(digits_of("二十"), Some(20));
        assert_eq!(digits_of("九十九"), Some(99));
        assert_eq!(digits_of("１２"), Some(12));
        assert_eq!(digits_of("six"), None);
        let slip = type_slip(
            "invalid type: string \"六\", expected i64",
            "a: 1\nweight: 六\n",
            2,
        )
        .unwrap();
        assert_eq!(
            slip.message,
            "`weight` takes a number in digits, and `六` is a number written in words"
        );
        assert_eq!(slip.hint, "write it in ASCII digits: `weight: 6`");
    }

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

    fn key_error(text: &str) -> Diagnostic {
        let typed = parse::<serde_yaml::Value>(text, Path::new("a.md"), 2, &[]);
        let untyped = parse_value(text, Path::new("a.md"));
        let d = typed.unwrap_err().0.remove(0);
        let mut u = untyped.unwrap_err().0.remove(0);
        u.location.line += 1; // parse_value starts at line 1
        assert_eq!(d, u, "both doors give the same error");
        d
    }

    #[test]
    fn map_keys_that_are_not_text_are_located_errors() {
        for (text, line, col, kind) in [
            ("extra: { ~: v }\n", 2, 10, "empty"),
            ("title: x\nextra: {1.5: x}\n", 3, 9, "the number 1.5"),
            ("extra:\n  [a]: b\n", 3, 3, "a list"),
            ("a:\n  - ok: 1\n    ? {x: 1}\n    : y\n", 4, 7, "a map"),
            ("a:\n  b:\n    null: v\n", 4, 5, "empty"),
            ("a: {!t x: v}\n", 2, 5, "tagged"),
        ] {
            let d = key_error(text);
            assert_eq!(
                (d.location.line, d.location.col),
                (line, col),
                "{text:?}: {d}"
            );
            assert!(d.message.contains(kind), "{text:?}: {d}");
            assert!(d.message.contains("map keys must be text"), "{d}");
            assert!(d.hint.as_deref().unwrap().contains("quote the key"), "{d}");
        }
    }

    #[test]
    fn text_number_and_bool_keys_are_fine() {
        let text = "a: {x: 1, 2019: b, true: c, -3: d, \"1.5\": e, '~': f}\nb: [{y: 1}]\n";
        assert!(parse_value(text, Path::new("a.yaml")).is_ok());
        assert!(parse::<serde_yaml::Value>(text, Path::new("a.md"), 2, &[]).is_ok());
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
