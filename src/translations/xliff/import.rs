//! `brochure translations import FILE.xlf`: writes the translations of an XLIFF file back
//! into the site and records them as up to date.
//!
//! A translated page is the source page with each block's text replaced by its
//! translation: structure, links, code blocks and HTML stay the source's; the front
//! matter is the translation's own (the source's for a new page) with the translated
//! title and description. A message is written in place of the old translation, or
//! appended to the language's `.ftl` file of the same name.
//!
//! Nothing is written unless every unit is sound: a unit whose source changed since the
//! export, or whose codes were damaged, is an error with its place in the XLIFF file. A
//! page or message with untranslated units is left as it is (and said so). Every file is
//! written beside its place first and moved there only when all are written.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::read::{self, File, Unit};
use super::{export::FLUENT, export::MARKDOWN};
use crate::diagnostic::{Diagnostic, Failure, Location, Result, display_path};
use crate::pipeline::Prepared;
use crate::translations::blocks::{self, Block};
use crate::translations::inline::{self, Piece};
use crate::translations::status::{self, Entry, Kind};
use crate::translations::{done, fluent};

/// What an import will write.
#[derive(Default)]
struct Plan<'a> {
    /// New file contents by path.
    files: BTreeMap<PathBuf, String>,
    /// The translations written, to record as done.
    done: Vec<&'a Entry>,
    errors: Vec<Diagnostic>,
    /// Pages and messages left alone, and why.
    skipped: Vec<String>,
    pages: usize,
    messages: usize,
}

/// Imports the XLIFF file `file` into the site at `root` (prepared as `prepared`).
/// Returns the summary line; the skipped translations are printed as notes.
pub fn import(prepared: &Prepared, root: &Path, file: &Path) -> Result<String> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::one(crate::diagnostic::io_error(file, "read", &e)))?;
    let text = crate::content::decode_utf8(file, bytes)?;
    let files = read::read(file, &text)?;
    let mut plan = Plan::default();
    for f in &files {
        match language_of(prepared, f) {
            Ok(lang) if f.datatype == FLUENT || f.original.starts_with("locales/") => {
                plan_messages(prepared, root, f, lang, &mut plan)
            }
            Ok(lang) if f.datatype == MARKDOWN || f.original.starts_with("content/") => {
                plan_page(prepared, f, lang, &mut plan)
            }
            Ok(_) => plan.errors.push(unit_error(
                &f.at,
                format!(
                    "<file original=\"{}\"> is neither a page nor an .ftl file of the site",
                    f.original
                ),
            )),
            Err(e) => plan.errors.push(*e),
        }
    }
    if !plan.errors.is_empty() {
        return Err(Failure(plan.errors));
    }
    for s in &plan.skipped {
        eprintln!("note: {s}");
    }
    let mut lock = prepared.lock.clone();
    done::record(&mut lock, &prepared.translations, plan.done.iter().copied());
    plan.files
        .insert(crate::translations::Lock::path(root), lock.to_text());
    write_all(&plan.files)?;
    Ok(format!(
        "imported {} {} and {} {} from {}; recorded in {}",
        plan.pages,
        if plan.pages == 1 { "page" } else { "pages" },
        plan.messages,
        if plan.messages == 1 {
            "message"
        } else {
            "messages"
        },
        display_path(file),
        crate::translations::LOCK_FILE
    ))
}

/// Writes every file beside its place, then moves them all into place.
fn write_all(files: &BTreeMap<PathBuf, String>) -> Result<()> {
    use std::io::Write;
    let mut ready = Vec::new();
    for (path, text) in files {
        let beside = crate::atomic::Beside::new(path)?;
        beside
            .file()
            .write_all(text.as_bytes())
            .and_then(|()| beside.file().sync_all())
            .map_err(|e| crate::diagnostic::io_error(beside.path(), "write", &e))?;
        ready.push(beside);
    }
    for beside in ready {
        beside.commit()?;
    }
    Ok(())
}

fn unit_error(at: &Location, message: String) -> Diagnostic {
    Diagnostic::error("xliff-unit", at.clone(), message).with_hint(
        "export the language again (`brochure translations export`) and translate the new file; a code (<g>, <x/>, <ph>) must stay in the translation exactly once",
    )
}

/// The site language a `<file>` translates into, from its `target-language`.
fn language_of(prepared: &Prepared, f: &File) -> std::result::Result<usize, Box<Diagnostic>> {
    let config = &prepared.site.config;
    let Some(tag) = &f.target_language else {
        return Err(Box::new(unit_error(
            &f.at,
            format!("<file original=\"{}\"> has no target-language", f.original),
        )));
    };
    config
        .languages
        .iter()
        .position(|l| l.locale.eq_ignore_ascii_case(tag) || l.code.eq_ignore_ascii_case(tag))
        .filter(|&l| l > 0)
        .ok_or_else(|| {
            Box::new(unit_error(
                &f.at,
                format!(
                    "target-language `{tag}` is not a translated language of this site ({})",
                    config.language_codes()[1..].join(", ")
                ),
            ))
        })
}

/// Checks the units of a page's `<file>` and plans the translated page.
fn plan_page<'a>(prepared: &'a Prepared, f: &File, lang: usize, plan: &mut Plan<'a>) {
    let site = &prepared.site;
    let entry = prepared
        .translations
        .entries
        .iter()
        .find(|e| e.kind == Kind::Page && e.lang == lang && e.source == f.original);
    let Some(entry) = entry else {
        plan.errors.push(unit_error(&f.at, format!("{} is not a page of the site's default language (was it moved or removed since the export?)", f.original)));
        return;
    };
    let s = site
        .pages
        .iter()
        .position(|p| crate::translations::lock::page_key(&p.rel) == entry.source)
        .expect("an entry's source is a page");
    let source = status::source_blocks(site, s);
    let Some(translated) = check_units(&f.units, &source, &f.original, &f.at, plan) else {
        return;
    };
    if translated.len() < source.len() {
        plan.skipped.push(format!(
            "{}: {} of {} units are not translated; the page was left as it is",
            entry.target,
            source.len() - translated.len(),
            source.len()
        ));
        return;
    }
    let page = &site.pages[s];
    let target = site
        .pages
        .iter()
        .find(|p| crate::translations::lock::page_key(&p.rel) == entry.target);
    match compose_page(page, target, &source, &translated) {
        Ok(text) => {
            let path = match target {
                Some(t) => t.source.clone(),
                None => site.config.root.join(&entry.target),
            };
            plan.files.insert(path, text);
            plan.done.push(entry);
            plan.pages += 1;
        }
        Err(why) => plan
            .errors
            .push(unit_error(&f.at, format!("{}: {why}", entry.target))),
    }
}

/// The translation of each unit of `source` that `units` translates, checked: a unit must
/// be a unit of the source as it is now, with its codes intact. `None` (errors added to
/// `plan`) when any unit is refused.
fn check_units(
    units: &[Unit],
    source: &[Block],
    original: &str,
    file_at: &Location,
    plan: &mut Plan,
) -> Option<BTreeMap<String, Vec<Piece>>> {
    let mut out = BTreeMap::new();
    let before = plan.errors.len();
    for u in units {
        let Some(block) = source.iter().find(|b| b.id == u.id) else {
            plan.errors.push(unit_error(&u.at, format!("unit `{}` of {original}: the page has no such block now (it changed since the export)", u.id)));
            continue;
        };
        if !inline::same_shape(&u.source, &block.pieces) {
            plan.errors.push(unit_error(&u.at, format!("unit `{}` of {original}: its source changed since the export (line {} of the page now reads “{}”)", u.id, block.line, inline::plain(&block.pieces))));
            continue;
        }
        // A unit of codes alone (`{ $value }`) has nothing to translate: it stays as it is.
        let codes_only = !inline::has_text(&block.pieces);
        let target = match &u.target {
            Some(t) if codes_only || inline::has_text(t) => t,
            None if codes_only => &block.pieces,
            _ => continue,
        };
        match inline::fill(target, &block.pieces) {
            Ok(filled) => {
                out.insert(u.id.clone(), filled);
            }
            Err(why) => plan.errors.push(unit_error(
                &u.at,
                format!("unit `{}` of {original}: {why}", u.id),
            )),
        }
    }
    if let Some(b) = source.iter().find(|b| !units.iter().any(|u| u.id == b.id)) {
        plan.errors.push(unit_error(file_at, format!("{original} now has a block `{}` (line {}) that the file does not: the page changed since the export", b.id, b.line)));
    }
    (plan.errors.len() == before).then_some(out)
}

/// The translated page: the source with each block replaced, under the translation's
/// front matter (the source's for a new page) with the translated title and description.
fn compose_page(
    source: &crate::content::Page,
    target: Option<&crate::content::Page>,
    blocks: &[Block],
    translated: &BTreeMap<String, Vec<Piece>>,
) -> std::result::Result<String, String> {
    let replaced: Vec<(&Range<usize>, String)> = blocks
        .iter()
        .filter_map(|b| {
            Some((
                b.range.as_ref()?,
                inline::render(&translated[&b.id], &b.continuation),
            ))
        })
        .collect();
    let body_text = blocks::replace(source.text(), &replaced);
    // Blocks lie in the body, so the front matter before it keeps its length.
    let body = &body_text[source.body_offset..];
    let front = match target {
        Some(t) => &t.text()[..t.body_offset],
        None => &source.text()[..source.body_offset],
    };
    let mut front = front.to_string();
    let plain = |id: &str| translated.get(id).map(|p| inline::render(p, ""));
    if let Some(title) = plain("title") {
        front = set_front_value(&front, "title", &title, None)?;
    }
    if let Some(description) = plain("description") {
        front = set_front_value(&front, "description", &description, Some("title"))?;
    }
    let text = format!("{front}{body}");
    crate::frontmatter::parse(&text, &source.source, source.stem == "_index").map_err(
        |Failure(e)| {
            format!(
                "the translated front matter does not read back: {}",
                e.first().map_or(String::new(), |d| d.message.clone())
            )
        },
    )?;
    Ok(text)
}

/// `front` (a front matter block with its `---` lines) with top-level `key` set to
/// `value`; a missing key is added after `after` (or at the end).
fn set_front_value(
    front: &str,
    key: &str,
    value: &str,
    after: Option<&str>,
) -> std::result::Result<String, String> {
    let lines: Vec<&str> = front.split_inclusive('\n').collect();
    // The value is written as the old one was: double-quoted, single-quoted or plain.
    let old = lines
        .iter()
        .find_map(|l| l.strip_prefix(key)?.trim_start().strip_prefix(':'));
    let scalar = yaml_scalar(value, old.map(str::trim_start));
    let is_key = |l: &str| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    let mut out = String::new();
    if let Some(k) = lines.iter().position(|l| is_key(l)) {
        // The value may go on over more indented lines (a block or folded scalar).
        let mut end = k + 1;
        while end < lines.len() && lines[end].starts_with([' ', '\t']) {
            end += 1;
        }
        for l in &lines[..k] {
            out.push_str(l);
        }
        out.push_str(&format!("{key}: {scalar}\n"));
        for l in &lines[end..] {
            out.push_str(l);
        }
        return Ok(out);
    }
    let anchor = after.and_then(|a| {
        lines.iter().position(|l| {
            l.strip_prefix(a)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    });
    let at = anchor.map_or(lines.len().saturating_sub(1), |a| a + 1);
    for (i, l) in lines.iter().enumerate() {
        if i == at {
            out.push_str(&format!("{key}: {scalar}\n"));
        }
        out.push_str(l);
    }
    Ok(out)
}

/// `value` as a YAML scalar, quoted like `old` (the value it replaces) when that was
/// quoted; otherwise plain when it reads back as the same text, else double-quoted.
fn yaml_scalar(value: &str, old: Option<&str>) -> String {
    if old.is_some_and(|o| o.starts_with('\'')) && !value.contains('\n') {
        return format!("'{}'", value.replace('\'', "''"));
    }
    if old.is_some_and(|o| o.starts_with('"')) {
        return serde_json::to_string(value).expect("a string serializes");
    }
    let plain_ok = !value.contains(": ")
        && !value.contains(" #")
        && !value.contains('\n')
        && value.trim() == value
        && !value.is_empty()
        && !value.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && serde_yaml::from_str::<serde_yaml::Value>(value).ok()
            == Some(serde_yaml::Value::String(value.to_string()));
    if plain_ok {
        value.to_string()
    } else {
        serde_json::to_string(value).expect("a string serializes")
    }
}

/// New message texts per `.ftl` file: the range each replaces, or `None` to append.
type Edits = BTreeMap<PathBuf, Vec<(Option<Range<usize>>, String)>>;

/// Checks the units of an `.ftl` file's `<file>` and plans the translated messages.
fn plan_messages<'a>(
    prepared: &'a Prepared,
    root: &Path,
    f: &File,
    lang: usize,
    plan: &mut Plan<'a>,
) {
    let code = &prepared.site.config.languages[lang].code;
    let sources = prepared.messages.first().map_or(&[][..], Vec::as_slice);
    let targets = prepared.messages.get(lang).map_or(&[][..], Vec::as_slice);
    let mut by_message: BTreeMap<&str, Vec<&Unit>> = BTreeMap::new();
    for u in &f.units {
        by_message
            .entry(u.id.split('.').next().unwrap_or(&u.id))
            .or_default()
            .push(u);
    }
    // Edits per file: (range to replace, or None to append, new text).
    let mut edits = Edits::new();
    for (id, units) in by_message {
        let Some(m) = sources.iter().find(|m| m.id == id && m.rel == f.original) else {
            plan.errors.push(unit_error(
                &units[0].at,
                format!(
                    "message `{id}` is not in {} now (it changed since the export)",
                    f.original
                ),
            ));
            continue;
        };
        let Some(entry) = prepared
            .translations
            .entries
            .iter()
            .find(|e| e.lang == lang && e.message.as_deref() == Some(id))
        else {
            continue;
        };
        let blocks: Vec<Block> = m
            .units
            .iter()
            .map(|(uid, pieces)| Block {
                id: uid.clone(),
                kind: blocks::Kind::Text,
                pieces: pieces.clone(),
                range: None,
                continuation: String::new(),
                line: m.line,
                raw: String::new(),
            })
            .collect();
        let owned: Vec<Unit> = units.iter().map(|u| (*u).clone()).collect();
        let at = units[0].at.clone();
        let Some(translated) = check_units(&owned, &blocks, &f.original, &at, plan) else {
            continue;
        };
        if translated.len() < blocks.len() {
            plan.skipped.push(format!(
                "message `{id}` ({code}) is not translated; it was left as it is"
            ));
            continue;
        }
        let rendered: Vec<(String, String)> = blocks
            .iter()
            .map(|b| (b.id.clone(), inline::render(&translated[&b.id], "")))
            .collect();
        let source_text = fluent::write_message(id, &rendered);
        if let Err(why) = fluent::check_message(&source_text, id) {
            plan.errors
                .push(unit_error(&at, format!("message `{id}`: {why}")));
            continue;
        }
        match targets.iter().find(|t| t.id == id) {
            Some(t) => edits
                .entry(t.path.clone())
                .or_default()
                .push((Some(t.range.clone()), source_text)),
            None => {
                let name = f.original.rsplit('/').next().unwrap_or("main.ftl");
                let path = root.join("locales").join(code).join(name);
                edits.entry(path).or_default().push((None, source_text));
            }
        }
        plan.done.push(entry);
        plan.messages += 1;
    }
    apply_edits(edits, plan);
}

/// Plans each edited `.ftl` file: its text with the messages replaced or appended.
fn apply_edits(edits: Edits, plan: &mut Plan) {
    for (path, mut list) in edits {
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        list.sort_by_key(|(r, _)| r.as_ref().map_or(usize::MAX, |r| r.start));
        let mut text = String::new();
        let mut pos = 0;
        let mut appended = String::new();
        for (range, new) in list {
            match range {
                Some(r) => {
                    text.push_str(&old[pos..r.start]);
                    text.push_str(&new);
                    pos = r.end;
                }
                None => appended.push_str(&format!("\n{new}\n")),
            }
        }
        text.push_str(&old[pos..]);
        if !appended.is_empty() {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&appended);
        }
        plan.files.insert(path, text);
    }
}
