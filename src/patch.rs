//! Re-deriving a [`Prepared`] site after saves that changed only Markdown bodies; what a
//! page's front matter shows (`title`, `description`, `extra`) or its place in its
//! section's order (`weight`, `date`, `updated`), for a page that is not a home or a
//! top-level section; or templates. The headings keep their anchors and the pages their
//! URLs, so the site's tree, translations and every other page's links stay as they are.
//! What `serve` does on the commonest saves instead of preparing the whole site again; any
//! other change is neither a [`BodyEdit`] nor a [`TemplateEdit`], and the caller prepares
//! the site again.
//!
//! A patched page is parsed and rendered again, its links resolved again, and the problems
//! its body gives ([`resolve::body_diagnostics`]) and the translations' state are taken back
//! and reported again; the same functions `prepare` runs, on one page.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::inputs::{InputFile, Root, content_hash};
use crate::markdown;
use crate::pipeline::Prepared;
use crate::resolve;
use crate::resolve::tree::sort_section;
use crate::template_uses;

/// A saved page whose body changed, or whose front matter changed only in what the page
/// shows or in its place in its section (see [`in_place_only`]).
pub struct BodyEdit {
    /// The page as loaded now.
    page: Page,
    /// The indexes of the site's pages made from it (itself, and the fallbacks that stand
    /// in for its missing translations).
    at: Vec<usize>,
    /// Whether its front matter changed.
    front: bool,
}

/// What [`apply`] changed: the pages whose Markdown was rendered again, and the pages whose
/// values in other pages' contexts may have changed (`page.translations`, `previous`,
/// `next`, `ancestors` and `section.pages` show titles); and the pages edited.
pub struct Patched {
    pub bodies: Vec<usize>,
    pub shown: Vec<usize>,
    pub edited: Vec<usize>,
}

/// Whether `new` differs from `old` only in what a page shows (`title`, `description`,
/// `extra`) and where its section lists it (`weight`, `date`, `updated`): never in where
/// it is, what it is made with, or whether it is dated.
fn in_place_only(old: &FrontMatter, new: &FrontMatter) -> bool {
    // A page that gains or loses its date can make or unmake a feed, which every page's
    // head links.
    old.date.is_some() == new.date.is_some()
        && old.draft == new.draft
        && old.slug == new.slug
        && old.template == new.template
        && old.translation_key == new.translation_key
        && old.aliases == new.aliases
        && old.image == new.image
        && old.sort_by == new.sort_by
        && old.paginate_by == new.paginate_by
}

/// Whether page `i` can change what it shows and its place in its section's order in
/// place: not a home or a top-level section, which every page shows (the header's
/// sections, the landing page).
fn placeable(site: &resolve::Site, i: usize) -> bool {
    site.info[i].parent.is_some() && !site.languages[site.pages[i].lang].sections.contains(&i)
}

/// Sorts again the section holding page `i`, as the tree does ([`sort_section`]);
/// returns its pages whose neighbours changed.
fn sort_again(site: &mut resolve::Site, i: usize) -> Vec<usize> {
    let Some(s) = site.info[i].parent else {
        return Vec::new();
    };
    let neighbours = |info: &[resolve::PageInfo], p: usize| (info[p].previous, info[p].next);
    let before: Vec<_> = (site.info[s].pages.iter())
        .map(|&p| (p, neighbours(&site.info, p)))
        .collect();
    sort_section(&site.pages, &mut site.info, s);
    (before.into_iter())
        .filter(|&(p, was)| neighbours(&site.info, p) != was)
        .map(|(p, _)| p)
        .collect()
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
        if page.same_text(old) {
            continue;
        }
        if page.lang != old.lang || page.kind != old.kind {
            return None;
        }
        let front = !page.same_front(old);
        if front
            && !(in_place_only(&old.front, &page.front) && at.iter().all(|&i| placeable(site, i)))
        {
            return None;
        }
        edits.push(BodyEdit { page, at, front });
    }
    Some(edits)
}

/// Applies `edits` to `prepared`; returns what changed, or `None`, with nothing changed,
/// when a page gained or lost a heading anchor (links from other pages may reach it or
/// break: the whole site must be prepared again).
pub fn apply(prepared: &mut Prepared, edits: Vec<BodyEdit>) -> Option<Patched> {
    let site = &prepared.site;
    // As `resolve` writes every page's Markdown.
    let writing = markdown::Writing {
        print: prepared.sources.templates.contains_key("print.html"),
        highlight: site.config.markdown.highlight.then_some(&site.highlighted),
    };
    let mut analyses = Vec::new();
    for edit in &edits {
        for &i in &edit.at {
            if edit.page.same_body(&site.pages[i]) {
                continue;
            }
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
    // A page whose text was released had no problem (see `pipeline::release_texts`), and
    // a patch gives a page problems only with a text.
    let had: Vec<usize> = (patched.iter().copied())
        .filter(|&i| !site.pages[i].is_released())
        .collect();
    let before = resolve::body_diagnostics(site, &prepared.statics, &had, print);
    let stale_before = prepared.translations.warnings();
    let site = &mut prepared.site;
    let mut moved = Vec::new();
    for edit in &edits {
        for &i in &edit.at {
            site.pages[i].take_text_of(&edit.page);
        }
    }
    for &i in edits.iter().filter(|e| e.front).flat_map(|e| &e.at) {
        moved.extend(sort_again(site, i));
    }
    if edits.iter().any(|e| e.front) {
        // Feed entries are the newest dated pages.
        let codes = site.config.language_codes();
        site.feeds =
            resolve::feeds::plan(&site.pages, &site.info, &codes, site.config.feeds.entries);
    }
    for (i, analysis) in analyses {
        site.info[i].analysis = analysis;
    }
    for &i in &patched {
        site.info[i].links = site.lookup.resolve_page_links(&site.pages, &site.info, i).0;
    }
    for &i in &patched {
        site.info[i].html = Some(resolve::page_html(site, i));
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
    // The edited pages' entries are made again whole, their titles (a unit too) with them.
    let edited: Vec<usize> = edits.iter().flat_map(|e| e.at.iter().copied()).collect();
    if !crate::translations::status::refresh_bodies(status, site, lock, &edited) {
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
    let mut shown = shown_by_others(site, edits.iter().filter(|e| e.front).flat_map(|e| &e.at));
    shown.extend(moved);
    shown.sort_unstable();
    shown.dedup();
    Some(Patched {
        bodies: patched,
        shown,
        edited,
    })
}

/// The pages whose values in other pages' contexts show what the front matter of `edited`
/// gives: each of them, its translations (`page.translations`), its neighbours (`previous`,
/// `next`) and, for a section, every page under it (`ancestors`, `section.parent`).
fn shown_by_others<'a>(
    site: &resolve::Site,
    edited: impl Iterator<Item = &'a usize>,
) -> Vec<usize> {
    let mut shown = BTreeSet::new();
    let mut under: Vec<usize> = Vec::new();
    for &i in edited {
        let info = &site.info[i];
        shown.insert(i);
        shown.extend(info.translations.iter().flatten());
        shown.extend(info.previous);
        shown.extend(info.next);
        under.extend(info.pages.iter().chain(&info.subsections));
    }
    while let Some(p) = under.pop() {
        if shown.insert(p) {
            let info = &site.info[p];
            under.extend(info.pages.iter().chain(&info.subsections));
        }
    }
    shown.into_iter().collect()
}

/// Removes one occurrence of each of `gone` from `diagnostics`.
fn take_back(diagnostics: &mut Vec<Diagnostic>, gone: impl Iterator<Item = Diagnostic>) {
    for d in gone {
        if let Some(at) = diagnostics.iter().position(|x| *x == d) {
            diagnostics.remove(at);
        }
    }
}

/// A save of templates the site already renders with, and their new texts.
pub struct TemplateEdit {
    texts: Vec<(String, String)>,
}

/// The template edits that `changed` (paths under the site folder) are, `None` when one of
/// them is anything else (a page, data, a template that is new or that another one
/// overrides…). Templates that did not change are left out.
pub fn template_edits(prepared: &Prepared, changed: &[&Path]) -> Option<TemplateEdit> {
    let root = &prepared.site.config.root;
    let mut texts = Vec::new();
    for rel in changed {
        let path = root.join(rel);
        let (name, source) = (prepared.sources.templates.iter()).find(|(_, s)| s.path == path)?;
        let text = std::fs::read_to_string(&path).ok()?;
        if text != source.text {
            texts.push((name.clone(), text));
        }
    }
    Some(TemplateEdit { texts })
}

/// Applies `edit` to `prepared` and checks the templates again (their message keys and
/// `data.` reads); returns the templates whose output may have changed, or `None`, with
/// nothing changed, when which templates use which cannot be told (see
/// [`crate::template_uses`]).
pub fn apply_templates(prepared: &mut Prepared, edit: TemplateEdit) -> Option<BTreeSet<String>> {
    let names: BTreeSet<String> = edit.texts.iter().map(|(n, _)| n.clone()).collect();
    let mut users = template_uses::users_of(&prepared.sources.templates, &names)?;
    let before = template_checks(prepared);
    let mut old = Vec::new();
    for (name, text) in edit.texts {
        let source = (prepared.sources.templates.get_mut(&name))
            .expect("template_edits names templates of the site");
        old.push((name, std::mem::replace(&mut source.text, text)));
    }
    let Some(now) = template_uses::users_of(&prepared.sources.templates, &names) else {
        for (name, text) in old {
            if let Some(source) = prepared.sources.templates.get_mut(&name) {
                source.text = text;
            }
        }
        return None;
    };
    users.extend(now);
    let after = template_checks(prepared);
    let diagnostics = &mut prepared.site.diagnostics;
    take_back(diagnostics, before.into_iter());
    diagnostics.extend(after);
    Some(users)
}

/// What `prepare` finds in the templates themselves: message keys no language has, and
/// `data.` reads of what the data files lack.
fn template_checks(prepared: &Prepared) -> Vec<Diagnostic> {
    let (sources, config) = (&prepared.sources, &prepared.site.config);
    let mut out = resolve::keys::check(sources, &prepared.locales, config);
    out.extend(resolve::data_reads::check(
        sources,
        &prepared.data_files,
        config,
    ));
    out
}
