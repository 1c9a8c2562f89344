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
    /// The whole file, until [`Page::release`] (a build keeps only what it renders from).
    text: String,
    /// Byte offset of the Markdown body (after the front matter) in the text.
    pub body_offset: usize,
    /// What the front matter and the body were, which stays when the text is released.
    made_of: MadeOf,
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

    /// The page as loaded from `text`, the whole file, whose body starts at `body_offset`.
    fn loaded(
        source: PathBuf,
        rel: String,
        (kind, lang): (PageKind, usize),
        (dir, stem): (String, String),
        front: FrontMatter,
        text: String,
        body_offset: usize,
    ) -> Page {
        let made_of = MadeOf::of(&text, body_offset);
        Page {
            source,
            rel,
            kind,
            lang,
            dir,
            stem,
            front,
            text,
            body_offset,
            made_of,
            fallback: false,
        }
    }

    /// The whole file. Empty once released (a debug build panics: nothing reads the text of
    /// a released page but through [`Page::reread_body`]).
    pub fn text(&self) -> &str {
        debug_assert!(
            !self.made_of.released,
            "{}: text read after release",
            self.rel
        );
        &self.text
    }

    /// The Markdown after the front matter (empty once released: see [`Page::text`]).
    pub fn body(&self) -> &str {
        self.text().get(self.body_offset..).unwrap_or("")
    }

    /// Forgets the text (what was made of it stays): the page's front matter, body and
    /// Markdown parse are all a build renders from. [`Page::reread_body`] gives the body back.
    pub fn release(&mut self) {
        self.text = String::new();
        self.made_of.released = true;
    }

    /// Whether the text was released.
    pub fn is_released(&self) -> bool {
        self.made_of.released
    }

    /// The body, read again from the file when the text was released; an error when the
    /// file no longer holds what the page was made of (it changed since, or went).
    pub fn reread_body(&self) -> crate::diagnostic::Result<std::borrow::Cow<'_, str>> {
        if !self.made_of.released {
            return Ok(self.body().into());
        }
        let same = |text: &str, body_offset: usize| {
            let made_of = MadeOf::of(text, body_offset);
            made_of.front == self.made_of.front && made_of.body == self.made_of.body
        };
        let text = std::fs::read_to_string(&self.source).ok();
        let body = text.and_then(|text| {
            let body_offset = crate::frontmatter::split(&text)?.body_offset;
            same(&text, body_offset).then(|| text[body_offset..].to_string())
        });
        body.map(Into::into).ok_or_else(|| {
            crate::diagnostic::Diagnostic::error(
                "changed-meanwhile",
                crate::diagnostic::Location::file_start(&self.source),
                "this file changed (or went) while the site was built from it",
            )
            .with_hint("build again once the file is saved")
            .into()
        })
    }

    /// Whether `other` (a page loaded again) has this page's front matter and body.
    pub fn same_text(&self, other: &Page) -> bool {
        self.same_front(other) && self.same_body(other)
    }

    /// Whether `other` has this page's front matter, as written.
    pub fn same_front(&self, other: &Page) -> bool {
        self.made_of.front == other.made_of.front
    }

    /// Whether `other` has this page's body, as written.
    pub fn same_body(&self, other: &Page) -> bool {
        self.made_of.body == other.made_of.body
    }

    /// Takes the text of `other` (the same file loaded again) and its front matter.
    pub fn take_text_of(&mut self, other: &Page) {
        self.text.clone_from(&other.text);
        self.body_offset = other.body_offset;
        self.made_of = other.made_of;
        self.front = other.front.clone();
    }

    /// The path under `content/` without the language suffix: `partners/mit.md`.
    pub fn neutral_rel(&self) -> String {
        join_rel(&self.dir, &format!("{}.md", self.stem))
    }

    /// The 1-based (line, column) of a byte offset in the body.
    pub fn body_position(&self, offset: usize) -> (usize, usize) {
        let text = self.text();
        let index = crate::diagnostic::LineIndex::new(text);
        index.locate(text, self.body_offset + offset)
    }
}

/// The length and hash of a page's front matter and of its body, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MadeOf {
    front: (usize, u64),
    body: (usize, u64),
    released: bool,
}

impl MadeOf {
    fn of(text: &str, body_offset: usize) -> MadeOf {
        let part = |s: &str| (s.len(), crate::inputs::content_hash(s.as_bytes()));
        MadeOf {
            front: part(&text[..body_offset]),
            body: part(&text[body_offset..]),
            released: false,
        }
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
