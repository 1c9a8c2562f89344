//! Hugo front matter: YAML between `---`, TOML between `+++`, or a JSON object, with
//! keys in any case (`Title`, `LastMod`); read into the keys brochure knows, every other
//! key kept under `extra`.

use std::path::Path;

use serde_json::{Map, Value};

use super::Report;
use super::config::{lowercase_keys, parse_as, scalar_text};
use crate::diagnostic::{Diagnostic, Location, Result};

/// A page's front matter, read.
#[derive(Debug, Clone, Default)]
pub struct HugoFront {
    pub title: Option<String>,
    pub description: Option<String>,
    /// As written (normalized by [`normalize_date`] when converted).
    pub date: Option<String>,
    pub lastmod: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub slug: Option<String>,
    pub url: Option<String>,
    pub aliases: Vec<String>,
    pub translation_key: Option<String>,
    /// Every other key, lowercased, with `params` merged in.
    pub extra: Map<String, Value>,
}

/// A page split into its front matter and body.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    pub front: HugoFront,
    pub body: &'a str,
}

/// Reads the front matter of `text` (the file at `path`); a page without one gets an
/// empty front matter.
pub fn parse<'a>(text: &'a str, path: &Path, report: &mut Report) -> Result<Parsed<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some((format, block, body)) = split(text) else {
        report.add("front matter", "pages without front matter (given one)");
        return Ok(Parsed {
            front: HugoFront::default(),
            body: text,
        });
    };
    let value = if block.trim().is_empty() {
        Value::Object(Map::new())
    } else {
        let first_line = usize::from(format != "json");
        parse_as(format, block, path, first_line)?
    };
    let Value::Object(map) = lowercase_keys(value) else {
        return Err(Diagnostic::error(
            "front-matter",
            Location::new(path, 2, 1),
            "the front matter is not a map of keys",
        )
        .with_hint("write `key: value` lines between the fences")
        .into());
    };
    Ok(Parsed {
        front: read_keys(map, report),
        body,
    })
}

/// (format, block, body) of a text that starts with front matter.
fn split(text: &str) -> Option<(&'static str, &str, &str)> {
    for (fence, format) in [("---", "yaml"), ("+++", "toml")] {
        let Some(rest) = text
            .strip_prefix(fence)
            .and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n")))
        else {
            continue;
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence {
                return Some((format, &rest[..offset], &rest[offset + line.len()..]));
            }
            offset += line.len();
        }
        return None;
    }
    if text.starts_with('{') {
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        stream.next()?.ok()?;
        let end = stream.byte_offset();
        return Some(("json", &text[..end], &text[end..]));
    }
    None
}

fn take_text(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    let v = map.remove(key)?;
    let s = scalar_text(&v);
    (!s.trim().is_empty()).then(|| s.trim().to_string())
}

fn read_keys(mut map: Map<String, Value>, report: &mut Report) -> HugoFront {
    let mut front = HugoFront {
        title: take_text(&mut map, "title"),
        description: take_text(&mut map, "description"),
        slug: take_text(&mut map, "slug"),
        url: take_text(&mut map, "url"),
        translation_key: take_text(&mut map, "translationkey"),
        ..HugoFront::default()
    };
    front.date = take_text(&mut map, "date");
    let publish = take_text(&mut map, "publishdate");
    if front.date.is_none() {
        front.date = publish;
    } else if let Some(p) = publish {
        map.insert("publishdate".into(), Value::String(p));
    }
    front.lastmod = take_text(&mut map, "lastmod").or_else(|| take_text(&mut map, "modified"));
    front.weight = map.remove("weight").and_then(|w| match w {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    front.draft = match map.remove("draft") {
        Some(Value::Bool(b)) => b,
        Some(Value::String(s)) => s.trim() == "true",
        _ => false,
    };
    front.aliases = match map.remove("aliases") {
        Some(Value::Array(a)) => a.iter().map(scalar_text).collect(),
        Some(Value::String(s)) => vec![s],
        _ => Vec::new(),
    };
    if let Some(Value::Object(params)) = map.remove("params") {
        for (k, v) in params {
            map.entry(k).or_insert(v);
        }
    }
    for key in map.keys() {
        report.add("front matter keys moved under extra", key.clone());
    }
    front.extra = map;
    front
}

/// A Hugo date as brochure reads it: a day (`2024-01-02`) or RFC 3339 with an offset.
/// A time without an offset (`2024-01-02 10:00`, `…T10:00:00`) is taken as UTC, as Hugo
/// does without `timeZone`; `None` when it is no date at all.
pub fn normalize_date(text: &str) -> Option<(String, bool)> {
    let t = text.trim();
    if crate::date::PageDate::parse(t).is_some() {
        return Some((t.to_string(), false));
    }
    let mut s = t.replacen(' ', "T", 1);
    if s.len() == 16 {
        s.push_str(":00");
    }
    if crate::date::PageDate::parse(&s).is_some() {
        return Some((s, true));
    }
    let zulu = format!("{s}Z");
    if crate::date::PageDate::parse(&zulu).is_some() {
        return Some((zulu, true));
    }
    // `2024-01-02 10:00:00 +0800 CST` (Go's default layout): take the first three parts.
    let parts: Vec<&str> = t.split_whitespace().collect();
    if parts.len() >= 3 && parts[2].len() == 5 {
        let (sign, hm) = parts[2].split_at(1);
        let with_offset = format!("{}T{}{sign}{}:{}", parts[0], parts[1], &hm[..2], &hm[2..]);
        if crate::date::PageDate::parse(&with_offset).is_some() {
            return Some((with_offset, true));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_yaml_and_json_front_matter_with_any_key_case() {
        let mut r = Report::default();
        for text in [
            "+++\nTitle = \"关于\"\nDate = 2024-03-01T10:00:00+08:00\nweight = 2\n[params]\nauthor = \"x\"\n+++\nbody\n",
            "---\nTitle: 关于\nDate: 2024-03-01T10:00:00+08:00\nweight: 2\nauthor: x\n---\nbody\n",
            "{\"title\": \"关于\", \"date\": \"2024-03-01T10:00:00+08:00\", \"weight\": 2, \"author\": \"x\"}\nbody\n",
        ] {
            let p = parse(text, Path::new("a.md"), &mut r).unwrap();
            assert_eq!(p.front.title.as_deref(), Some("关于"), "{text}");
            assert_eq!(p.front.date.as_deref(), Some("2024-03-01T10:00:00+08:00"));
            assert_eq!(p.front.weight, Some(2));
            assert_eq!(p.front.extra.get("author"), Some(&Value::from("x")));
            assert_eq!(p.body.trim(), "body");
        }
    }

    #[test]
    fn bad_yaml_names_its_line() {
        let mut r = Report::default();
        let err = parse("---\ntitle: a\nx: [1, 2\n---\n", Path::new("a.md"), &mut r).unwrap_err();
        let d = &err.0[0];
        assert!(d.location.line >= 3, "{d}");
        assert!(d.message.contains("YAML"), "{d}");
    }

    #[test]
    fn dates_with_times_get_an_offset() {
        assert_eq!(
            normalize_date("2024-01-02"),
            Some(("2024-01-02".into(), false))
        );
        assert_eq!(
            normalize_date("2024-01-02 10:30"),
            Some(("2024-01-02T10:30:00Z".into(), true))
        );
        assert_eq!(
            normalize_date("2024-01-02T10:30:00"),
            Some(("2024-01-02T10:30:00Z".into(), true))
        );
        assert_eq!(
            normalize_date("2024-01-02 10:30:00 +0800 CST"),
            Some(("2024-01-02T10:30:00+08:00".into(), true))
        );
        assert_eq!(normalize_date("soon"), None);
    }
}
