//! Re-deriving a [`Prepared`] site after saves that changed only Markdown bodies: the
//! front matter of every changed page is the same byte for byte and its headings keep
//! their anchors, so the site's tree, URLs, translations, feeds and every other page's
//! links stay as they are. What `serve` does on the commonest save instead of preparing
//! the whole site again; any other change is not a [`BodyEdit`], and the caller prepares
//! the site again.
//!
//! A patched page is parsed and rendered again, its links resolved again, and the problems
//! its body gives ([`resolve::body_diagnostics`]) and the translations' state are taken back
//! and reported again; the same functions `prepare` runs, on one page.

use std::path::Path;

use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::inputs::{InputFile, Root, content_hash};
use crate::markdown;
use crate::pipeline::Prepared;
use crate::resolve;

/// A saved page whose body alone changed.
pub struct BodyEdit {
    /// The page as loaded now.
    page: Page,
    /// The indexes of the site's pages made from it (itself, and the fallbacks that stand
    /// in for its missing translations).
    at: Vec<usize>,
}

/// The body edits that `changed` (paths under the site folder) are, `None` when one of them
/// is anything else (a new, removed or renamed file, front matter, a template, data…).
/// Files that did not change at all are left out.
pub fn body_edits(prepared: &Prepared, changed: &[&Path]) -> Option<Vec<BodyEdit>> {
    let site = &prepared.site;
    let content = site.config.content_dir();
    let mut edits = Vec::new();
    for rel in changed {
        let source = site.config.root.join(rel);
        let rel = source.strip_prefix(&content).ok()?;
        let rel = crate::content::slash_path(Path::new(""), rel);
        let own = (0..site.pages.len()).find(|&i| site.pages[i].rel == rel)?;
        let at: Vec<usize> = (0..site.pages.len())
            .filter(|&i| site.pages[i].source == site.pages[own].source)
            .collect();
        let bytes = std::fs::read(&source).ok()?;
        let file = InputFile {
            root: Root::Content,
            rel,
            path: site.pages[own].source.clone(),
            hash: content_hash(&bytes),
            bytes: bytes.into(),
        };
        let page = crate::content::load_page(&site.config, &file).ok()?;
        let old = &site.pages[own];
        if page.text == old.text {
            continue;
        }
        let front = |p: &Page| p.text[..p.body_offset].to_string();
        if front(&page) != front(old) || page.lang != old.lang || page.kind != old.kind {
            return None;
        }
        edits.push(BodyEdit { page, at });
    }
    Some(edits)
}

/// Applies `edits` to `prepared`; returns the pages whose Markdown changed, or `None`, with
/// nothing changed, when a page gained or lost a heading anchor (links from other pages
/// may reach it or break: the whole site must be prepared again).
pub fn apply(prepared: &mut Prepared, edits: Vec<BodyEdit>) -> Option<Vec<usize>> {
    let site = &prepared.site;
    // As `resolve` writes every page's Markdown.
    let writing = markdown::Writing {
        print: prepared.sources.templates.contains_key("print.html"),
        highlight: site.config.markdown.highlight.then_some(&site.highlighted),
    };
    let mut analyses = Vec::new();
    for edit in &edits {
        for &i in &edit.at {
            let script = site.config.languages[site.pages[i].text_lang()].script;
            let analysis = markdown::analyze(edit.page.body(), script, writing);
            if analysis.anchors != site.info[i].analysis.anchors {
                return None;
            }
            analyses.push((i, analysis));
        }
    }
    let patched: Vec<usize> = analyses.iter().map(|(i, _)| *i).collect();
    let print = writing.print;
    let before = resolve::body_diagnostics(site, &prepared.statics, &patched, print);
    let stale_before = prepared.translations.warnings();
    let site = &mut prepared.site;
    for edit in &edits {
        for &i in &edit.at {
            site.pages[i].text.clone_from(&edit.page.text);
            site.pages[i].body_offset = edit.page.body_offset;
        }
    }
    for (i, analysis) in analyses {
        site.info[i].analysis = analysis;
    }
    for &i in &patched {
        site.info[i].links = site.lookup.resolve_page_links(&site.pages, &site.info, i).0;
    }
    for &i in &patched {
        site.info[i].html = resolve::page_html(site, i);
        site.info[i].analysis.rendered.forget_web();
    }
    let after = resolve::body_diagnostics(site, &prepared.statics, &patched, print);
    take_back(
        &mut site.diagnostics,
        before.into_iter().chain(stale_before),
    );
    site.diagnostics.extend(after);
    let lock = Some(&prepared.lock).filter(|_| prepared.translations.tracked);
    let status = &mut prepared.translations;
    if !crate::translations::status::refresh_bodies(status, site, lock, &patched) {
        *status = crate::translations::status::compute(site, &prepared.messages, lock);
    }
    // Debug builds (the tests, `tests/serve_edits.rs` among them) check the refresh
    // against the whole computation.
    debug_assert_eq!(
        format!("{:?}", status.entries),
        format!(
            "{:?}",
            crate::translations::status::compute(site, &prepared.messages, lock).entries
        ),
        "translation status refreshed after a body edit"
    );
    site.diagnostics.extend(prepared.translations.warnings());
    Some(patched)
}

/// Removes one occurrence of each of `gone` from `diagnostics`.
fn take_back(diagnostics: &mut Vec<Diagnostic>, gone: impl Iterator<Item = Diagnostic>) {
    for d in gone {
        if let Some(at) = diagnostics.iter().position(|x| *x == d) {
            diagnostics.remove(at);
        }
    }
}
