//! Reading `content/`: classify each file the walker found, parse pages and data in parallel.

use std::path::Path;

use rayon::prelude::*;

use super::{Asset, Content, DataFile, Page, PageKind};
use crate::config::{Config, is_language_code};
use crate::diagnostic::{Diagnostic, Failure, LineIndex, Location, Result, display_path};
use crate::inputs::{InputFile, Inputs, Root};
use crate::{frontmatter, yaml};

/// What a file under `content/` is.
enum Entry<'a> {
    Markdown(&'a InputFile),
    Data(&'a InputFile),
    Asset(&'a InputFile),
}

/// Loads every page, data file and asset under `<root>/content/`.
///
/// Drafts are left out unless `drafts`. A file that cannot be loaded is reported and left
/// out (its path is kept in [`Content::failed`]); only a missing or unreadable `content/`
/// folder stops the load.
pub fn load(config: &Config, inputs: &Inputs, drafts: bool) -> Result<(Content, Vec<Diagnostic>)> {
    let dir = config.content_dir();
    if !dir.is_dir() {
        return Err(Diagnostic::error(
            "content",
            Location::file_start(&dir),
            format!("no content folder at `{}`", display_path(&dir)),
        )
        .with_hint("create `content/` with `_index.<lang>.md` home pages")
        .into());
    }
    let entries = classify(inputs.files(Root::Content));
    let results: Vec<(Option<String>, Result<Loaded>)> = entries
        .into_par_iter()
        .map(|entry| {
            let markdown = match &entry {
                Entry::Markdown(f) => Some(f.rel.clone()),
                _ => None,
            };
            (markdown, load_entry(config, entry))
        })
        .collect();
    let mut content = Content::default();
    let mut errors = Vec::new();
    for (markdown, result) in results {
        match result {
            Ok(Loaded::Page(page)) if page.front.draft && !drafts => content.drafts.push(page.rel),
            Ok(Loaded::Page(page)) => content.pages.push(*page),
            Ok(Loaded::Data(data)) => content.data.push(data),
            Ok(Loaded::Asset(asset)) => content.assets.push(asset),
            Err(Failure(mut ds)) => {
                errors.append(&mut ds);
                content.failed.extend(markdown);
            }
        }
    }
    content.assets.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok((content, errors))
}

enum Loaded {
    Page(Box<Page>),
    Data(DataFile),
    Asset(Asset),
}

/// Classifies the content files the walker found.
fn classify(files: &[InputFile]) -> Vec<Entry<'_>> {
    files
        .iter()
        .map(
            |f| match Path::new(&f.rel).extension().and_then(|e| e.to_str()) {
                Some("md") => Entry::Markdown(f),
                Some("yaml" | "yml") => Entry::Data(f),
                _ => Entry::Asset(f),
            },
        )
        .collect()
}

fn load_entry(config: &Config, entry: Entry) -> Result<Loaded> {
    match entry {
        Entry::Markdown(f) => load_page(config, f).map(|p| Loaded::Page(Box::new(p))),
        Entry::Data(f) => load_data(f).map(Loaded::Data),
        Entry::Asset(f) => {
            check_asset_name(&f.rel, &f.path)?;
            Ok(Loaded::Asset(Asset {
                source: f.path.clone(),
                rel: f.rel.clone(),
                published: f.rel.clone(),
                bytes: std::sync::Arc::clone(&f.bytes),
                hash: f.hash,
            }))
        }
    }
}

/// An asset is linked by its path: a `#` would start a fragment, `?` a query, `:` a scheme (and `serve`
/// refuses both `:` and `\` in request paths), a control character is invisible. Anything
/// else is percent-encoded in links.
fn check_asset_name(rel: &str, source: &Path) -> Result<()> {
    let Some(c) = rel.chars().find(|&c| "#?:\\".contains(c) || c.is_control()) else {
        return Ok(());
    };
    let shown = if c.is_control() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    };
    Err(Diagnostic::error(
        "file-name",
        Location::file_start(source),
        format!("the path `content/{rel}` contains {shown}, so no link can reach the file"),
    )
    .with_hint("rename the file or folder: a file beside the pages may not have `#`, `?`, `:`, `\\` or control characters in its path")
    .into())
}

/// The bytes of `path` as UTF-8 text, pointing at the first invalid byte (or NUL) otherwise.
pub fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).expect("valid up to here");
        let (line, col) = LineIndex::new(prefix).locate(prefix, valid);
        Diagnostic::error(
            "encoding",
            Location::new(path, line, col),
            format!("this file is not valid UTF-8 (byte 0x{:02X})", bytes[valid]),
        )
        .with_hint("save the file as UTF-8 (in most editors: “Save with encoding” → UTF-8)")
    })?;
    match text.find('\0') {
        None => Ok(text),
        Some(at) => {
            let (line, col) = LineIndex::new(&text).locate(&text, at);
            Err(Diagnostic::error(
                "encoding",
                Location::new(path, line, col),
                "this file contains a NUL byte (U+0000), which is invisible and not allowed in HTML",
            )
            .with_hint("delete the character at this place; if the file is UTF-16, save it as UTF-8")
            .into())
        }
    }
}

/// Loads the Markdown file `f` as a page (drafts included: the caller decides).
pub fn load_page(config: &Config, f: &InputFile) -> Result<Page> {
    let (source, rel) = (f.path.clone(), f.rel.clone());
    let (folder, file) = rel.rsplit_once('/').unwrap_or(("", rel.as_str()));
    let (stem, lang) = split_language(config, file.trim_end_matches(".md"), &source)?;
    let text = decode_utf8(&source, f.bytes.to_vec())?;
    let (front, split) = frontmatter::parse(&text, &source, stem == "_index")?;
    let body_offset = split.body_offset;
    let kind = match (stem.as_str(), folder) {
        ("_index", "") => PageKind::Home,
        ("_index", _) => PageKind::Section,
        _ => PageKind::Page,
    };
    let dir = folder.to_string();
    Ok(Page::loaded(
        source,
        rel,
        (kind, lang),
        (dir, stem),
        front,
        text,
        body_offset,
    ))
}

/// `mit.en` → (`mit`, en); `mit` → (`mit`, default). An unknown code is an error.
fn split_language(config: &Config, name: &str, source: &Path) -> Result<(String, usize)> {
    let Some((stem, suffix)) = name.rsplit_once('.') else {
        return Ok((name.to_string(), 0));
    };
    if let Some(lang) = config.language_index(suffix) {
        return Ok((stem.to_string(), lang));
    }
    if is_language_code(suffix) {
        let codes = config.language_codes().join(", ");
        return Err(Diagnostic::error(
            "language",
            Location::file_start(source),
            format!("unknown language suffix `.{suffix}` in the file name"),
        )
        .with_hint(format!(
            "the site's languages are {codes} (site.yaml); rename the file to `{stem}.<code>.md`, or add `{suffix}` to `languages`"
        ))
        .into());
    }
    Ok((name.to_string(), 0))
}

fn load_data(f: &InputFile) -> Result<DataFile> {
    let source = f.path.clone();
    let text = decode_utf8(&source, f.bytes.to_vec())?;
    let value = yaml::parse_value(&text, &source)?;
    Ok(DataFile {
        source,
        rel: f.rel.clone(),
        text,
        value,
    })
}
