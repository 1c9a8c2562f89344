//! Fluent messages as translation units: each message of `locales/<code>/*.ftl` with its
//! place, its value and attributes as text with placeables as codes, and the hash of its
//! definition. Also writes a translated message back into a file.

use std::ops::Range;
use std::path::PathBuf;

use fluent_syntax::ast::{self, Entry, Expression, Pattern, PatternElement};

use super::hash;
use super::inline::Piece;
use crate::config::Config;
use crate::inputs::{Inputs, Root};

/// One message of one language.
#[derive(Debug, Clone)]
pub struct Message {
    pub id: String,
    /// The file, as the user sees it.
    pub path: PathBuf,
    /// From the site's root: `locales/zh/theme.ftl`.
    pub rel: String,
    pub line: usize,
    /// The whole definition (its comment left out) in the file's text.
    pub range: Range<usize>,
    /// The value (unit id = the message id) and each attribute (`id.attr`).
    pub units: Vec<(String, Vec<Piece>)>,
    pub hash: u64,
}

/// The messages of every site language (in the site's order), each in file then
/// definition order. A message defined twice keeps its first definition (the second is
/// reported by the loader).
pub fn load(config: &Config, inputs: &Inputs) -> Vec<Vec<Message>> {
    config
        .languages
        .iter()
        .map(|lang| {
            let mut out: Vec<Message> = Vec::new();
            let mut ids = std::collections::HashSet::new();
            for f in inputs.files(Root::Locales) {
                let Some(name) = f.rel.strip_prefix(&format!("{}/", lang.code)) else {
                    continue;
                };
                if name.contains('/') || !name.ends_with(".ftl") {
                    continue;
                }
                let Ok(text) = std::str::from_utf8(&f.bytes) else {
                    continue;
                };
                for m in parse(f.path.clone(), format!("locales/{}", f.rel), text) {
                    if ids.insert(m.id.clone()) {
                        out.push(m);
                    }
                }
            }
            out
        })
        .collect()
}

/// The messages of one `.ftl` file (entries the loader refuses are left out).
pub fn parse(path: PathBuf, rel: String, text: &str) -> Vec<Message> {
    let (shallow, _) = crate::i18n::refuse_entries(text);
    let resource = match fluent_syntax::parser::parse(shallow.as_str()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let lines = Lines::new(text);
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for entry in resource.body {
        let Entry::Message(m) = entry else { continue };
        let nth = seen.entry(m.id.name).or_default();
        let Some(range) = lines.definition(m.id.name, *nth) else {
            continue;
        };
        *nth += 1;
        let line = lines.line_of(range.start);
        out.push(Message {
            units: units(&m),
            hash: message_hash(&m),
            id: m.id.name.to_string(),
            path: path.clone(),
            rel: rel.clone(),
            line,
            range,
        });
    }
    out
}

/// The value and attributes of `m` as units.
fn units(m: &ast::Message<&str>) -> Vec<(String, Vec<Piece>)> {
    let id = m.id.name;
    let mut out = Vec::new();
    if let Some(value) = &m.value {
        out.push((id.to_string(), pattern_pieces(value)));
    }
    for a in &m.attributes {
        out.push((format!("{id}.{}", a.id.name), pattern_pieces(&a.value)));
    }
    out
}

/// A pattern as text and placeables (`<ph>`, their Fluent source as the code).
pub fn pattern_pieces(pattern: &Pattern<&str>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut next = 1;
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => match out.last_mut() {
                Some(Piece::Text(t)) => t.push_str(value),
                _ => out.push(Piece::Text(value.to_string())),
            },
            PatternElement::Placeable { expression } => {
                out.push(Piece::Holder {
                    id: next,
                    native: placeable_source(expression),
                });
                next += 1;
            }
        }
    }
    out
}

/// `{ $count }` for a placeable, as the Fluent serializer writes it (a select expression
/// on several lines, its lines indented from the `{`).
fn placeable_source(expression: &Expression<&str>) -> String {
    let message = ast::Message {
        id: ast::Identifier { name: "x" },
        value: Some(Pattern {
            elements: vec![PatternElement::Placeable {
                expression: expression.clone(),
            }],
        }),
        attributes: Vec::new(),
        comment: None,
    };
    let text = serialize(message);
    let value = text
        .strip_prefix("x =")
        .unwrap_or(&text)
        .trim_end_matches('\n');
    match value.strip_prefix('\n') {
        Some(block) => block
            .lines()
            .map(|l| l.strip_prefix("    ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n"),
        None => value.trim_start().to_string(),
    }
}

fn serialize(message: ast::Message<&str>) -> String {
    fluent_syntax::serializer::serialize(&ast::Resource {
        body: vec![Entry::Message(message)],
    })
}

/// The hash of a message's definition, its comment and spacing left out.
fn message_hash(m: &ast::Message<&str>) -> u64 {
    let mut m = m.clone();
    m.comment = None;
    hash::of(&[&serialize(m)])
}

/// The lines of an `.ftl` file, with where each message's definitions start.
struct Lines<'a> {
    /// (offset, line without its end).
    lines: Vec<(usize, &'a str)>,
    /// Message id → indices of the lines that define it, in order.
    starts: std::collections::HashMap<&'a str, Vec<usize>>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut offset = 0;
        let mut lines = Vec::new();
        let mut starts: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for (k, l) in text.split_inclusive('\n').enumerate() {
            let content = l.trim_end_matches(['\n', '\r']);
            if let Some((name, _)) = content.split_once('=') {
                let name = name.trim_end_matches([' ', '\t']);
                if !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    starts.entry(name).or_default().push(k);
                }
            }
            lines.push((offset, content));
            offset += l.len();
        }
        Lines { lines, starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|(at, _)| *at <= offset)
    }

    /// Where the `nth` definition of `id` is: from its first line to its last line of
    /// text (indented) or of a placeable closing (`}`).
    fn definition(&self, id: &str, nth: usize) -> Option<Range<usize>> {
        let k = *self.starts.get(id)?.get(nth)?;
        let (start, first) = self.lines[k];
        let mut end = start + first.len();
        for (at, content) in &self.lines[k + 1..] {
            if content.trim().is_empty() {
                continue;
            }
            // Text goes on on indented lines; a placeable may close at the line's start.
            if !content.starts_with([' ', '\t', '}', '[', '*', '.']) {
                break;
            }
            end = at + content.len();
        }
        Some(start..end)
    }
}

/// The Fluent source of message `id` with `units` (rendered pieces) as value and
/// attributes (unit ids `id` and `id.attr`).
pub fn write_message(id: &str, units: &[(String, String)]) -> String {
    let mut out = String::new();
    for (unit, text) in units {
        let head = match unit.strip_prefix(id).and_then(|r| r.strip_prefix('.')) {
            Some(attr) => format!("\n    .{attr} ="),
            None => format!("{id} ="),
        };
        out.push_str(&head);
        let indent = if head.starts_with('\n') {
            "        "
        } else {
            "    "
        };
        if text.contains('\n') {
            for line in text.lines() {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(indent);
                    out.push_str(line);
                }
            }
        } else {
            out.push(' ');
            out.push_str(text);
        }
    }
    out
}

/// Whether `source` is one well-formed message `id`; otherwise what the parser says.
pub fn check_message(source: &str, id: &str) -> Result<(), String> {
    let (shallow, refused) = crate::i18n::refuse_entries(source);
    if !refused.is_empty() {
        return Err("the translation nests placeables too deep or has a bad escape".into());
    }
    match fluent_syntax::parser::parse(shallow.as_str()) {
        Err((_, errors)) => Err(format!(
            "the translation is not valid Fluent ({:?}); a `{{` or `}}` in text must be written {{\"{{\"}}",
            errors[0].kind
        )),
        Ok(r) => match r.body.as_slice() {
            [Entry::Message(m)] if m.id.name == id => Ok(()),
            _ => Err("the translation does not make one message (does a line start with `[`, `*` or `.`?)".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translations::inline::render;

    const FTL: &str = "# comment\ndate = { $m ->\n    [1] Jan\n   *[2] Feb\n} { $y }\nnav-home = 首页\nreading-time = 阅读约需{ $count }分钟\n\nplural = { $count ->\n        [one] one page\n       *[other] { $count } pages\n    }\n    .title = Pages\nafter = x\n";

    #[test]
    fn messages_with_their_places_and_placeables() {
        let ms = parse("t.ftl".into(), "locales/zh/t.ftl".into(), FTL);
        let ids: Vec<&str> = ms.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["date", "nav-home", "reading-time", "plural", "after"]);
        assert!(FTL[ms[0].range.clone()].ends_with("} { $y }"));
        let ms = &ms[1..];
        assert_eq!(ms[0].line, 6);
        assert_eq!(&FTL[ms[0].range.clone()], "nav-home = 首页");
        assert!(FTL[ms[2].range.clone()].ends_with(".title = Pages"));
        let pieces = &ms[1].units[0].1;
        assert_eq!(pieces.len(), 3);
        assert!(matches!(&pieces[1], Piece::Holder { native, .. } if native == "{ $count }"));
        assert_eq!(ms[2].units.len(), 2);
    }

    #[test]
    fn written_messages_parse_back_to_the_same_units() {
        let ms = parse("t.ftl".into(), "locales/zh/t.ftl".into(), FTL);
        for m in &ms {
            let units: Vec<(String, String)> = m
                .units
                .iter()
                .map(|(u, p)| (u.clone(), render(p, "")))
                .collect();
            let text = write_message(&m.id, &units);
            check_message(&text, &m.id).unwrap();
            let again = parse("t.ftl".into(), "x".into(), &text);
            assert_eq!(again[0].units, m.units, "{text}");
            assert_eq!(again[0].hash, m.hash, "{text}");
        }
        assert!(check_message("a = broken {", "a").is_err());
    }
}
