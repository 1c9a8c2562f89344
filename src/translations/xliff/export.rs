//! `brochure translations export`: the stale and missing translations of one language as
//! an XLIFF 1.2 document. One `<file>` per source page (its title, description and
//! blocks) and per source `.ftl` file (its messages); Markdown markup and Fluent
//! placeables are inline codes (`<g>`, `<x/>`, `<ph>`), so the translator's tool keeps
//! them; each unit has a note naming the page and the block. The current translation is
//! the target when it lines up with the source.

use quick_xml::escape::escape;

use crate::pipeline::Prepared;
use crate::translations::blocks::Block;
use crate::translations::inline::{self, Piece};
use crate::translations::status::{self, Change, Entry, Kind, State};

/// The XML namespace of XLIFF 1.2.
pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// `datatype` of a page's `<file>`.
pub const MARKDOWN: &str = "x-markdown";
/// `datatype` of an `.ftl` file's `<file>`.
pub const FLUENT: &str = "x-fluent";

/// One unit to write.
struct Unit {
    id: String,
    source: Vec<Piece>,
    target: Option<(Vec<Piece>, TargetState)>,
    note: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TargetState {
    /// Up to date: `state="translated"`, `approved="yes"`.
    Done,
    /// Its source changed since: `state="needs-review-translation"`.
    Review,
}

/// The XLIFF document for language `lang` (its stale and missing translations, or all of
/// them with `all`) and a one-line summary of what it holds.
pub fn export(prepared: &Prepared, lang: usize, all: bool) -> (String, String) {
    let site = &prepared.site;
    let source_lang = &site.config.languages[0].locale;
    let target_lang = &site.config.languages[lang].locale;
    let chosen: Vec<&Entry> = (prepared.translations.entries.iter())
        .filter(|e| e.lang == lang && (all || e.state != State::UpToDate))
        .collect();
    let mut files = String::new();
    let (mut pages, mut units) = (0, 0);
    for e in chosen.iter().filter(|e| e.kind == Kind::Page) {
        let page_units = page_units(prepared, e);
        units += page_units.len();
        pages += 1;
        let header = format!("translation: {} ({})", e.target, describe(&e.state));
        files.push_str(&file(
            &e.source,
            MARKDOWN,
            source_lang,
            target_lang,
            &header,
            &page_units,
        ));
    }
    let mut messages = 0;
    let mut ftl: Vec<&str> = chosen
        .iter()
        .filter(|e| e.kind == Kind::Message)
        .map(|e| e.source.as_str())
        .collect();
    ftl.dedup();
    for source in ftl {
        let of_file: Vec<&&Entry> = chosen
            .iter()
            .filter(|e| e.kind == Kind::Message && e.source == source)
            .collect();
        let mut file_units = Vec::new();
        for e in &of_file {
            file_units.extend(message_units(prepared, e));
        }
        messages += of_file.len();
        units += file_units.len();
        let header = format!(
            "messages of {source} in {}",
            site.config.languages[lang].code
        );
        files.push_str(&file(
            source,
            FLUENT,
            source_lang,
            target_lang,
            &header,
            &file_units,
        ));
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"{NAMESPACE}\">\n{files}</xliff>\n"
    );
    let summary = format!(
        "exported {pages} {} and {messages} {} into {} ({units} units)",
        plural(pages, "page"),
        plural(messages, "message"),
        site.config.languages[lang].code
    );
    (xml, summary)
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

fn describe(state: &State) -> String {
    match state {
        State::Stale(c) => format!("stale: {}", c.describe()),
        other => other.name().to_string(),
    }
}

/// The units of a page: each block of the source, with the translation's block of the
/// same place as target when the two line up.
fn page_units(prepared: &Prepared, e: &Entry) -> Vec<Unit> {
    let site = &prepared.site;
    let source_page = site
        .pages
        .iter()
        .position(|p| crate::translations::lock::page_key(&p.rel) == e.source);
    let Some(s) = source_page else {
        return Vec::new();
    };
    let source = status::source_blocks(site, s);
    let target_page = site
        .pages
        .iter()
        .position(|p| crate::translations::lock::page_key(&p.rel) == e.target);
    let target = target_page
        .map(|t| status::source_blocks(site, t))
        .unwrap_or_default();
    let unchanged = |b: &Block| match &e.state {
        State::UpToDate => true,
        State::Stale(Change::Blocks { .. }) => prepared.lock.records.get(&e.key).is_some_and(|r| {
            r.blocks
                .contains(&crate::translations::hash::short(b.hash()))
        }),
        _ => false,
    };
    // Counted as `brochure translations` counts them: title and description included.
    let total = source.len();
    source
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let twin = target.iter().find(|t| t.id == b.id && t.kind == b.kind);
            let lined_up = twin.filter(|t| {
                same_codes(&t.pieces, &b.pieces, false) && target.len() == source.len()
            });
            let state = if unchanged(b) {
                TargetState::Done
            } else {
                TargetState::Review
            };
            let place = match b.range {
                Some(_) => format!("{} line {}", e.source, b.line),
                None => format!("{} front matter", e.source),
            };
            let mut note = format!("{place}: {}, block {} of {total}", b.kind.name(), k + 1);
            if let (Some(t), None) = (twin, lined_up) {
                note.push_str(&format!(
                    "; the current translation ({}) has here: {}",
                    e.target,
                    inline::plain(&t.pieces)
                ));
            }
            Unit {
                id: b.id.clone(),
                source: b.pieces.clone(),
                target: lined_up.map(|t| (t.pieces.clone(), state)),
                note,
            }
        })
        .collect()
}

/// The units of a message: its value and attributes.
fn message_units(prepared: &Prepared, e: &Entry) -> Vec<Unit> {
    let Some(id) = &e.message else {
        return Vec::new();
    };
    let l = e.lang;
    let find = |lang: usize| {
        prepared
            .messages
            .get(lang)
            .and_then(|ms| ms.iter().find(|m| &m.id == id))
    };
    let Some(source) = find(0) else {
        return Vec::new();
    };
    let target = find(l);
    let state = if e.state == State::UpToDate {
        TargetState::Done
    } else {
        TargetState::Review
    };
    source
        .units
        .iter()
        .map(|(unit, pieces)| {
            let twin = target
                .and_then(|t| t.units.iter().find(|(u, _)| u == unit))
                .map(|(_, p)| p);
            let lined_up = twin.filter(|t| same_codes(t, pieces, true));
            let mut note = format!("{} line {}: message {unit}", e.source, source.line);
            if let (Some(t), None) = (twin, lined_up) {
                note.push_str(&format!(
                    "; the current translation ({}) is: {}",
                    e.target,
                    inline::render(t, "")
                ));
            }
            Unit {
                id: unit.clone(),
                source: pieces.clone(),
                target: lined_up.map(|t| (t.clone(), state)),
                note,
            }
        })
        .collect()
}

/// Whether a translation's codes are the source's, in order (then their ids match): the
/// same kinds, and for Fluent (`exact`) the same placeables.
fn same_codes(a: &[Piece], b: &[Piece], exact: bool) -> bool {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    flatten(a, &mut x);
    flatten(b, &mut y);
    x.len() == y.len()
        && x.iter().zip(&y).all(|(p, q)| match (p, q) {
            (Piece::Pair { .. }, Piece::Pair { .. })
            | (Piece::Break { .. }, Piece::Break { .. }) => true,
            (Piece::Holder { native: n, .. }, Piece::Holder { native: m, .. }) => !exact || n == m,
            _ => false,
        })
}

fn flatten<'a>(pieces: &'a [Piece], out: &mut Vec<&'a Piece>) {
    for p in pieces {
        match p {
            Piece::Text(_) => {}
            Piece::Pair { inner, .. } => {
                out.push(p);
                flatten(inner, out);
            }
            other => out.push(other),
        }
    }
}

fn file(
    original: &str,
    datatype: &str,
    source: &str,
    target: &str,
    header: &str,
    units: &[Unit],
) -> String {
    let mut out = format!(
        "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"{datatype}\" tool-id=\"brochure\">\n    <header>\n      <tool tool-id=\"brochure\" tool-name=\"brochure\" tool-version=\"{}\"/>\n      <note from=\"brochure\">{}</note>\n    </header>\n    <body>\n",
        escape(original),
        escape(source),
        escape(target),
        env!("CARGO_PKG_VERSION"),
        escape(header)
    );
    for u in units {
        out.push_str(&unit(u));
    }
    out.push_str("    </body>\n  </file>\n");
    out
}

fn unit(u: &Unit) -> String {
    let approved = match u.target {
        Some((_, TargetState::Done)) => " approved=\"yes\"",
        _ => "",
    };
    let mut out = format!(
        "      <trans-unit id=\"{}\" resname=\"{}\"{approved} xml:space=\"preserve\">\n        <source>{}</source>\n",
        escape(&u.id),
        escape(&u.id),
        content(&u.source)
    );
    if let Some((pieces, state)) = &u.target {
        let state = match state {
            TargetState::Done => "translated",
            TargetState::Review => "needs-review-translation",
        };
        out.push_str(&format!(
            "        <target state=\"{state}\">{}</target>\n",
            content(pieces)
        ));
    }
    out.push_str(&format!(
        "        <note from=\"brochure\">{}</note>\n      </trans-unit>\n",
        escape(&u.note)
    ));
    out
}

/// A unit's pieces as XLIFF inline content.
pub fn content(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Pair {
                id, ctype, inner, ..
            } => {
                out.push_str(&format!(
                    "<g id=\"{id}\" ctype=\"{}\">{}</g>",
                    escape(ctype),
                    content(inner)
                ));
            }
            Piece::Break { id, .. } => out.push_str(&format!("<x id=\"{id}\" ctype=\"lb\"/>")),
            Piece::Holder { id, native } => {
                out.push_str(&format!("<ph id=\"{id}\">{}</ph>", escape(native)))
            }
        }
    }
    out
}
