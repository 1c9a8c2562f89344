//! Every file of the Hugo site's content, with its language: per-language trees
//! (`contentDir` per language) and `name.<lang>.md` suffixes in a shared tree.

use std::path::{Path, PathBuf};

use super::Report;
use super::config::HugoConfig;
use crate::diagnostic::{Result, io_error};

/// What a content file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Markdown page (`.md`, `.markdown`).
    Markdown,
    /// An HTML content page (`.html`).
    Html,
    /// Any other file: a page resource or a section's file.
    Asset,
}

/// One content file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path in its content tree, language suffix removed: `docs/intro.md`,
    /// `docs/_index.md`, `docs/bundle/photo.png`.
    pub logical: String,
    /// Its language (index into the config's languages); `None`: an asset of a tree all
    /// languages share.
    pub lang: Option<usize>,
    pub kind: Kind,
}

const PAGE_FORMATS_NOT_READ: &[&str] = &["adoc", "asciidoc", "org", "rst", "pandoc", "pdc"];

/// Walks each content tree of the site, in a stable order.
pub fn walk(src: &Path, config: &HugoConfig, report: &mut Report) -> Result<Vec<SourceFile>> {
    let mut trees: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, lang) in config.languages.iter().enumerate() {
        let dir = lang
            .content_dir
            .clone()
            .unwrap_or_else(|| config.content_dir.clone());
        match trees.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, langs)) => langs.push(i),
            None => trees.push((dir, vec![i])),
        }
    }
    let mut files = Vec::new();
    for (dir, langs) in &trees {
        let root = src.join(dir);
        if root.is_dir() {
            walk_tree(&root, config, langs, &mut files, report)?;
        }
    }
    Ok(files)
}

fn walk_tree(
    root: &Path,
    config: &HugoConfig,
    langs: &[usize],
    out: &mut Vec<SourceFile>,
    report: &mut Report,
) -> Result<()> {
    let entries = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            io_error(&path, "read", &std::io::Error::other(e.to_string()))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if let Some(file) = classify(entry.path(), &rel, config, langs, report) {
            out.push(file);
        }
    }
    Ok(())
}

fn classify(
    path: &Path,
    rel: &str,
    config: &HugoConfig,
    langs: &[usize],
    report: &mut Report,
) -> Option<SourceFile> {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let (base, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let ext = ext.to_ascii_lowercase();
    let kind = match ext.as_str() {
        "md" | "markdown" | "mdown" => Kind::Markdown,
        "html" | "htm" => Kind::Html,
        e if PAGE_FORMATS_NOT_READ.contains(&e) => {
            report.add(
                "dropped",
                format!("pages in .{e} (brochure reads Markdown)"),
            );
            return None;
        }
        _ => Kind::Asset,
    };
    let own = |code: &str| {
        config
            .languages
            .iter()
            .position(|l| l.code == code)
            .filter(|i| langs.contains(i) || langs.len() == 1)
    };
    let (stem, suffix_lang) = match base.rsplit_once('.') {
        Some((stem, code)) if kind != Kind::Asset => match own(code) {
            Some(i) => (stem, Some(i)),
            None => (base, None),
        },
        _ => (base, None),
    };
    let lang = match (kind, suffix_lang) {
        (_, Some(i)) => Some(i),
        (Kind::Asset, None) if langs.len() > 1 => None,
        (_, None) => Some(langs[0]),
    };
    let file = if kind == Kind::Asset {
        name.to_string()
    } else {
        format!("{stem}.md")
    };
    let logical = if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    };
    Some(SourceFile {
        path: path.to_path_buf(),
        logical,
        lang,
        kind,
    })
}
