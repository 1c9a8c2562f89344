//! Resolve: from loaded content to a site whose every page knows its URL, its
//! translations, its place in the section tree and where each of its links goes.

pub mod data_reads;
pub mod feeds;
mod html;
pub mod keys;
mod links;
pub mod lints;
mod paths;
pub mod tree;

pub use html::{page_html, render_markdown};
pub use links::{Lookup, Missing, Target};
pub use paths::alias_path;
pub use tree::translation_key;

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::statics::StaticFiles;
use crate::content::{Asset, Content, Page, PageKind};
use crate::data::Data;
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::{self, Analysis, highlight};
use crate::script::Script;

/// How the build was asked to run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Write `index.html` into folder links, for `file://`.
    pub offline: bool,
    /// The print editions whose PDF the output holds, by name (see
    /// [`crate::pipeline::Options::pdfs`]).
    pub pdfs: std::collections::BTreeSet<String>,
}

/// What the resolver adds to a page.
#[derive(Debug, Clone, Default)]
pub struct PageInfo {
    /// Site path: `/en/partners/mit/`.
    pub path: String,
    pub analysis: Analysis,
    /// Where each link and image goes, in order: a site path, or `None` to keep the
    /// destination as written (external links, `#anchor`s of the page itself).
    pub links: Vec<Option<String>>,
    /// The page in each site language (itself included), by language index.
    pub translations: Vec<Option<usize>>,
    /// The section or home that holds this page.
    pub parent: Option<usize>,
    /// For sections and homes: the pages they hold, in order.
    pub pages: Vec<usize>,
    /// For sections and homes: the sections they hold, in order.
    pub subsections: Vec<usize>,
    pub previous: Option<usize>,
    pub next: Option<usize>,
    /// The template that renders the page.
    pub template: String,
    /// The page's HTML, its links relative to the page ([`render_markdown`]); `None` once
    /// let go ([`Site::let_go_of_html`]): [`Site::html`] writes it again.
    pub html: Option<String>,
}

/// One language of the resolved site.
#[derive(Debug, Clone, Default)]
pub struct LanguageSite {
    pub home: Option<usize>,
    /// Top-level sections, in order.
    pub sections: Vec<usize>,
}

/// A resolved site, ready to render. Read-only from here on.
pub struct Site {
    pub config: Config,
    pub options: Options,
    pub pages: Vec<Page>,
    /// Parallel to `pages`.
    pub info: Vec<PageInfo>,
    pub languages: Vec<LanguageSite>,
    pub data: Data,
    pub assets: Vec<Asset>,
    /// What each asset is as an image, parallel to `assets` (set by the pipeline).
    pub images: Vec<Option<crate::images::Info>>,
    /// Finds pages by content path (for `url()` in templates).
    pub lookup: Lookup,
    /// The Atom feeds to write, with their entries.
    pub feeds: Vec<feeds::Feed>,
    /// Every problem found while loading and resolving, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The highlighted code blocks, kept for `serve`'s next edit.
    pub highlighted: highlight::Kept,
}

impl Site {
    /// What page `i` is about, in a sentence: its `description`, else its summary (for
    /// share cards and feeds).
    pub fn description_of(&self, i: usize) -> String {
        self.pages[i]
            .front
            .description
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| self.info[i].analysis.summary.clone())
    }

    /// The hrefs of page `i`'s links as seen from site path `from`.
    pub fn hrefs(&self, i: usize, from: &str) -> Vec<String> {
        let info = &self.info[i];
        info.links
            .iter()
            .zip(&info.analysis.links)
            .map(|(target, link)| match target {
                Some(path) => crate::urls::relative(from, path, self.options.offline),
                None => crate::urls::as_written(&link.dest),
            })
            .collect()
    }

    /// The asset a site path names, with what it is as an image, if it is one.
    pub fn image_at(&self, path: &str) -> Option<(usize, &crate::images::Info)> {
        let code = &self.config.default_language().code;
        let published = path
            .strip_prefix('/')?
            .strip_prefix(code.as_str())?
            .strip_prefix('/')?;
        let a = self.lookup.asset_at(published)?;
        Some((a, self.images.get(a)?.as_ref()?))
    }

    /// The site path where the asset at content path `rel` is stored: beside the default
    /// language's pages, under its sections' slugs.
    pub fn asset_path(&self, rel: &str) -> Option<String> {
        let a = self.lookup.asset_by_rel(rel)?;
        let code = &self.config.default_language().code;
        Some(format!("/{code}/{}", self.assets[a].published))
    }

    /// What each of page `i`'s images gains in its `<img>` (seen from site path `from`):
    /// its size and variants; every image but the page's first loads lazily.
    pub fn image_decorations(
        &self,
        i: usize,
        from: &str,
    ) -> Vec<Option<markdown::slots::Decoration>> {
        let info = &self.info[i];
        let mut first = true;
        let url = |rel: &str| crate::urls::relative(from, &format!("/{rel}"), self.options.offline);
        info.links
            .iter()
            .zip(&info.analysis.links)
            .map(|(target, link)| {
                // A raw `<img>` is written as its author wrote it.
                if !link.is_image || link.raw {
                    return None;
                }
                let eager = std::mem::replace(&mut first, false);
                let (a, image) = self.image_at(target.as_deref()?)?;
                let rel = format!(
                    "{}/{}",
                    self.config.default_language().code,
                    self.assets[a].published
                );
                let plan = crate::images::plan(image, &self.config.images.widths);
                let published = crate::images::html::Published {
                    rel: &rel,
                    info: image,
                    plan: &plan,
                };
                Some(published.decoration(eager, &url))
            })
            .collect()
    }

    /// How language `lang` is written.
    pub fn script(&self, lang: usize) -> Script {
        self.config.languages[lang].script
    }

    /// Pages of language `lang`, in path order.
    pub fn pages_of(&self, lang: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.pages.len()).filter(move |&i| self.pages[i].lang == lang)
    }
}

/// Resolves `content`. `templates` names the templates the theme and site provide.
///
/// Never stops early: every problem goes into [`Site::diagnostics`] (after `diagnostics`,
/// those of earlier stages), and the driver decides whether errors end the build.
pub fn resolve(
    config: Config,
    content: Content,
    data: Data,
    templates: &BTreeSet<String>,
    options: Options,
    mut diagnostics: Vec<Diagnostic>,
) -> Site {
    let Content {
        pages,
        mut assets,
        failed,
        drafts,
        ..
    } = content;
    let (paths, mut errors) = paths::assign(&config, &pages, &mut assets, &failed);
    diagnostics.append(&mut errors);
    let highlighted = if config.markdown.highlight {
        highlight::Kept::open(&config.root)
    } else {
        highlight::Kept::in_memory()
    };
    let writing = markdown::Writing {
        print: templates.contains("print.html"),
        highlight: config.markdown.highlight.then_some(&highlighted),
    };
    let analyses: Vec<Analysis> = pages
        .par_iter()
        .map(|p| markdown::analyze(p.body(), config.languages[p.text_lang()].script, writing))
        .collect();
    highlighted.save();
    let (translations, mut errors) = tree::pair_translations(&config, &pages);
    diagnostics.append(&mut errors);
    let mut info: Vec<PageInfo> = paths
        .into_iter()
        .zip(analyses)
        .zip(translations)
        .map(|((path, analysis), translations)| PageInfo {
            path,
            analysis,
            translations,
            ..PageInfo::default()
        })
        .collect();
    let languages = tree::build(&config, &pages, &mut info);
    diagnostics.extend(choose_templates(&pages, &mut info, templates));
    let lookup = Lookup::new(&config, &pages, &assets, &failed, &drafts);
    let results: Vec<(Vec<Option<String>>, Vec<Diagnostic>)> = (0..pages.len())
        .into_par_iter()
        .map(|i| lookup.resolve_page_links(&pages, &info, i))
        .collect();
    for (i, (links, mut ds)) in results.into_iter().enumerate() {
        info[i].links = links;
        // A fallback's problems are its source's, reported there.
        if !pages[i].fallback {
            diagnostics.append(&mut ds);
        }
    }
    diagnostics.extend(strong_warnings(&config, &pages, &info));
    if writing.print {
        diagnostics.extend(links::remote_images(&pages, &info));
    }
    let feeds = feeds::plan(
        &pages,
        &info,
        &config.language_codes(),
        config.feeds.entries,
    );
    Site {
        config,
        options,
        pages,
        info,
        languages,
        data,
        assets,
        images: Vec::new(),
        lookup,
        feeds,
        diagnostics,
        highlighted,
    }
}

/// The template of each page: front matter `template`, else by kind.
fn choose_templates(
    pages: &[Page],
    info: &mut [PageInfo],
    templates: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (page, info) in pages.iter().zip(info.iter_mut()) {
        let name = page.front.template.clone().unwrap_or_else(|| {
            match page.kind {
                PageKind::Home => "index.html",
                PageKind::Section => "section.html",
                PageKind::Page => "page.html",
            }
            .to_string()
        });
        if !templates.contains(&name) {
            errors.push(unknown_template(page, &name, templates));
        }
        info.template = name;
    }
    errors
}

fn unknown_template(page: &Page, name: &str, templates: &BTreeSet<String>) -> Diagnostic {
    let (line, col) = crate::yaml::key_position(page.text(), "template").unwrap_or((1, 1));
    let list = templates
        .iter()
        .filter(|t| t.ends_with(".html"))
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic::error(
        "template",
        Location::new(&page.source, line, col),
        format!("unknown template `{name}`"),
    )
    .with_hint(format!(
        "the theme and the site's templates/ folder have: {list}; fix the name or add the template"
    ))
}

fn strong_warnings(config: &Config, pages: &[Page], info: &[PageInfo]) -> Vec<Diagnostic> {
    pages
        .iter()
        .zip(info)
        .flat_map(|(page, info)| page_strong_warnings(config, page, info))
        .collect()
}

/// The `**` of one page that CommonMark leaves as they are (none for a fallback).
fn page_strong_warnings(config: &Config, page: &Page, info: &PageInfo) -> Vec<Diagnostic> {
    if page.fallback {
        return Vec::new();
    }
    let hint = strong_hint(config.languages[page.lang].script);
    info.analysis
        .leftover_strong
        .iter()
        .map(|&offset| {
            let (line, col) = page.body_position(offset);
            Diagnostic::warning(
                "leftover-strong",
                Location::new(&page.source, line, col),
                "`**` is shown as it is: CommonMark does not make bold text here",
            )
            .with_hint(hint)
        })
        .collect()
}

/// Every problem that comes from the Markdown bodies of `pages` (their links, images and
/// emphasis), as [`resolve`], [`check_against_statics`] and [`lints::editor_warnings`]
/// report them: what `serve` takes back and reports again when only bodies changed.
/// `print` says whether the theme has print editions.
pub fn body_diagnostics(
    site: &Site,
    statics: &StaticFiles,
    pages: &[usize],
    print: bool,
) -> Vec<Diagnostic> {
    let known = links::site_files(site, statics);
    let mut out = Vec::new();
    for &i in pages {
        let (page, info) = (&site.pages[i], &site.info[i]);
        if !page.fallback {
            out.extend(site.lookup.resolve_page_links(&site.pages, &site.info, i).1);
        }
        out.extend(page_strong_warnings(&site.config, page, info));
        if print {
            out.extend(links::page_remote_images(page, info));
        }
        out.extend(links::check_page_site_paths(site, &known, i));
        out.extend(lints::page_images_without_alt(site, i));
    }
    out
}

/// How to make `**` bold in text of `script`: the page's own typography, never another
/// language's (an English page hears nothing of Chinese punctuation).
fn strong_hint(script: Script) -> &'static str {
    match script {
        Script::Han => {
            "put Chinese punctuation outside the markers (“**引号**”后, not **“引号”**后), or use <strong>…</strong>"
        }
        Script::Japanese => {
            "put Japanese punctuation outside the markers (「**引用**」の, not **「引用」**の), or use <strong>…</strong>"
        }
        Script::Hangul | Script::Alphabetic => {
            "when bold text starts or ends with punctuation, CommonMark needs a space or punctuation outside the `**` (`word **\"quoted\"** here`, not `word**\"quoted\"**here`): add the spaces, or use <strong>…</strong>"
        }
    }
}

/// What can be checked only once the static files are listed: links to site paths that
/// reach nothing, and static files that clash with pages, assets or generated files.
pub fn check_against_statics(site: &Site, statics: &StaticFiles) -> Vec<Diagnostic> {
    let mut out = links::check_site_paths(site, statics);
    out.extend(paths::check_statics(site, statics));
    out
}

/// Where each page sits, for diagnostics: the page's file.
pub fn page_location(page: &Page) -> Location {
    Location::file_start(&page.source)
}

/// Pages by site path, to look pages up by URL.
pub fn by_path(info: &[PageInfo]) -> HashMap<&str, usize> {
    info.iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect()
}
