//! Heading ids: explicit `{#id}` kept, others made from the heading text with Chinese kept
//! (`入学要求`, then `入学要求-1`), never transliterated.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

/// A heading of a page, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Gives every heading a unique id, in place; returns the headings in order.
pub fn assign_ids<'a, 'e>(events: impl Iterator<Item = &'e mut Event<'a>>) -> Vec<Heading>
where
    'a: 'e,
{
    let mut events: Vec<&'e mut Event<'a>> = events.collect();
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match &**e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &*events[i] {
            let level = level_number(*level);
            let title = heading_text(&events[i + 1..]);
            let id = match &mut *events[i] {
                Event::Start(Tag::Heading { id: id @ None, .. }) => {
                    let fresh = unique(&slugify(&title), &mut used);
                    *id = Some(CowStr::from(fresh.clone()));
                    fresh
                }
                Event::Start(Tag::Heading { id: Some(id), .. }) => id.to_string(),
                _ => unreachable!("matched a heading above"),
            };
            headings.push(Heading { level, id, title });
        }
        i += 1;
    }
    headings
}

/// Prefixes every heading id with `prefix`.
pub fn prefix_ids<'a, 'e>(events: impl Iterator<Item = &'e mut Event<'a>>, prefix: &str)
where
    'a: 'e,
{
    for event in events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            *id = CowStr::from(format!("{prefix}{id}"));
        }
    }
}

/// Moves every heading one level down (`#` → `<h2>`, `##` → `<h3>`; `<h6>` stays).
pub fn demote(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let down = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    };
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: down(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(down(level))),
            other => other,
        })
        .collect()
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The plain text of a heading whose events follow.
fn heading_text(events: &[&mut Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match &**event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// GitHub-style anchor: lowercase, letters and digits of any script kept, spaces to `-`,
/// other punctuation dropped.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

fn unique(base: &str, used: &mut HashSet<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 0;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn ids(md: &str) -> Vec<String> {
        let mut events: Vec<Event> =
            Parser::new_ext(md, Options::ENABLE_HEADING_ATTRIBUTES).collect();
        assign_ids(events.iter_mut())
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn chinese_is_kept_and_duplicates_numbered() {
        assert_eq!(
            ids("## 入学要求\n\n## 入学要求\n\n## Tuition & Fees 2026\n\n### 学费：说明\n"),
            ["入学要求", "入学要求-1", "tuition--fees-2026", "学费说明"]
        );
    }

    #[test]
    fn explicit_ids_are_honoured_and_reserved() {
        assert_eq!(
            ids("## 合作伙伴 {#founding}\n\n## founding\n"),
            ["founding", "founding-1"]
        );
    }

    #[test]
    fn empty_text_gets_a_placeholder() {
        assert_eq!(ids("## ！！\n"), ["section"]);
    }
}
