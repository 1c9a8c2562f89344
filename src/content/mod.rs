//! The content of a site as loaded from disk: pages, data files and assets, each with the
//! place it came from. Nothing here is resolved yet (no URLs, no translations).

mod load;
pub mod statics;

pub use load::{decode_utf8, load, load_page};
pub use statics::{StaticFile, StaticFiles};

use std::path::{Path, PathBuf};

use crate::frontmatter::FrontMatter;

/// What a Markdown file is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    /// `content/_index.<lang>.md`
    Home,
    /// `content/<dir>/_index.<lang>.md`
    Section,
    /// Any other `*.md`.
    Page,
}

/// One Markdown file.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, as a path the user recognises (`<site>/content/partners/mit.en.md`).
    pub source: PathBuf,
    /// The path under `content/`, with `/` separators: `partners/mit.en.md`.
    pub rel: String,
    pub kind: PageKind,
    /// Index into the site's languages.
    pub lang: usize,
    /// The folder under `content/`: `partners` (empty for the root).
    pub dir: String,
    /// The file name without language suffix and `.md`: `mit`, `_index`, `index`.
    pub stem: String,
    pub front: FrontMatter,
    /// The whole file.
    pub text: String,
    /// Byte offset of the Markdown body (after the front matter) in `text`.
    pub body_offset: usize,
    /// A stand-in for a missing translation: the default language's page, shown in the
    /// tree of language `lang` (`translations: {fallback: true}` in site.yaml).
    pub fallback: bool,
}

impl Page {
    /// The language the page's text is written in (the default language's for a
    /// fallback).
    pub fn text_lang(&self) -> usize {
        if self.fallback { 0 } else { self.lang }
    }

    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The path under `content/` without the language suffix: `partners/mit.md`.
    pub fn neutral_rel(&self) -> String {
        join_rel(&self.dir, &format!("{}.md", self.stem))
    }

    /// The 1-based (line, column) of a byte offset in the body.
    pub fn body_position(&self, offset: usize) -> (usize, usize) {
        let index = crate::diagnostic::LineIndex::new(&self.text);
        index.locate(&self.text, self.body_offset + offset)
    }
}

/// One YAML data file under `content/`.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub source: PathBuf,
    /// `history/timeline.yaml`
    pub rel: String,
    pub text: String,
    pub value: serde_yaml::Value,
}

/// Any other file under `content/`, copied beside the pages.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// `partners/logo.png`
    pub rel: String,
    /// Where it is written under the default language's folder: `rel` with each folder
    /// renamed by its section's `slug` (`docs/a.png` → `wendang/a.png`), so that it stays
    /// beside its pages. Set by the resolver; `rel` until then.
    pub published: String,
    pub bytes: std::sync::Arc<[u8]>,
    /// [`crate::inputs::content_hash`] of `bytes`.
    pub hash: u64,
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// In path order.
    pub pages: Vec<Page>,
    pub data: Vec<DataFile>,
    /// In path order.
    pub assets: Vec<Asset>,
    /// Markdown files that could not be loaded (reported already), by path under
    /// `content/`; links to them are not reported again.
    pub failed: Vec<String>,
    /// Drafts left out of this build, by path under `content/`: a link to one says so.
    pub drafts: Vec<String>,
}

/// `path` relative to `root`, with `/` separators whatever the platform: the form every
/// path inside a site or an output takes. `path` must be under `root`.
pub fn slash_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .expect("a path found under its root")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Joins a content folder and a name with `/`.
pub fn join_rel(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}
