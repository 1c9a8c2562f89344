//! What `serve` keeps between rebuilds: the prepared site of the last good build, what its
//! pages showed, and the folder it was written to. A save that changed only Markdown
//! bodies, what some front matter shows, or templates ([`crate::patch`]) re-derives just
//! that and renders again just the outputs that show it, in place in that folder; any
//! other save is a whole build into a new folder, as `brochure build` makes it.
//!
//! A save of templates renders again, in place, the pages whose template uses one of them
//! through `extends` or `include` ([`crate::template_uses`]), their listing pages, the 404
//! pages, landing page and print editions when their templates do, and the search indexes
//! of those pages' languages; the templates' message keys and `data.` reads are checked
//! again.
//!
//! A front matter edit that changes only `title`, `description`, `extra`, `weight`, `date`
//! or `updated` of a page that is not a home or top-level section ([`crate::patch`])
//! renders again, besides, the pages whose contexts show those values of P: its
//! translations, its neighbours (old and new, when its section's order changed) and, for a
//! section, every page under it, with the sections that hold them, the redirects and the
//! sitemap.
//!
//! What a body edit of page P renders again: P (and the fallbacks made from it), every
//! section that holds it up to its language's home (their lists show its summary, table of
//! contents and counts; a home's `section` holds every section below it) with their
//! listing pages, the feeds (entries show summaries or content), the print editions with
//! P's language (they hold every page of it) and the search index of P's language. Nothing else shows a body: the
//! switcher, neighbours and breadcrumbs show titles and URLs, which front matter gives.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Instant;

use crate::build::{self, BuildOptions, Built, Summary};
use crate::diagnostic::{Result, fail_on_errors};
use crate::output::in_place::InPlace;
use crate::output::kind::Run;
use crate::output::{
    OutputKind, aliases, feeds, landing, listings, not_found, pages, print, search, sitemap,
};
use crate::patch::Patched;
use crate::pipeline::{self, Prepared, Reuse};

/// How a rebuild went about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// The whole site, into a new folder.
    Whole,
    /// Only what the changed bodies show, in place; how many files changed.
    Partial { changed: usize },
}

/// The state kept between rebuilds.
pub struct Session {
    site: PathBuf,
    drafts: bool,
    kept: Option<Kept>,
}

/// The last good build, in step with its folder.
struct Kept {
    prepared: Arc<Prepared>,
    reuse: Reuse,
    root: PathBuf,
}

impl Session {
    /// A session for the site at `site`, with nothing built yet.
    pub fn new(site: &Path, drafts: bool) -> Session {
        Session {
            site: site.to_path_buf(),
            drafts,
            kept: None,
        }
    }

    /// Brings the output up to date with the sources after the saves of `changed` (paths
    /// under the site folder): in place in the folder of the last good build when only
    /// bodies, front matter values or templates changed ([`crate::patch`]), holding `folder`
    /// for writing meanwhile, else whole into `fresh`.
    /// Returns the build's summary, the folder that now holds the output and how it was
    /// made. After a failure the next rebuild is whole.
    pub fn update(
        &mut self,
        changed: &BTreeSet<PathBuf>,
        fresh: &Path,
        folder: &RwLock<()>,
    ) -> Result<(Summary, PathBuf, How)> {
        if let Some(kept) = self.kept.as_mut() {
            let start = Instant::now();
            let writing = folder.write().unwrap_or_else(|p| p.into_inner());
            let outcome = partial(kept, changed);
            drop(writing);
            let_go_of_html(kept);
            match outcome {
                Some(Ok((warnings, changed))) => {
                    let summary =
                        Summary::of(&kept.prepared, kept.root.clone(), start.elapsed(), warnings);
                    return Ok((summary, kept.root.clone(), How::Partial { changed }));
                }
                Some(Err(failure)) => {
                    self.kept = None;
                    return Err(failure);
                }
                None => {}
            }
        }
        if let Some(old) = self.kept.take() {
            drop(old);
            give_back_freed_memory();
        }
        let options = BuildOptions {
            site: self.site.clone(),
            out: Some(fresh.to_path_buf()),
            offline: false,
            drafts: self.drafts,
        };
        let (summary, built) = build::build_keeping(&options)?;
        self.kept = built.map(|Built { prepared, reuse }| {
            let mut kept = Kept {
                prepared,
                reuse,
                root: fresh.to_path_buf(),
            };
            let_go_of_html(&mut kept);
            kept
        });
        Ok((summary, fresh.to_path_buf(), How::Whole))
    }

    /// Forgets the last build (after a panic, when it may be half patched): the next
    /// rebuild is whole.
    pub fn forget(&mut self) {
        self.kept = None;
    }
}

/// Gives the memory freed since back to the system: what the allocator keeps of a site
/// let go would otherwise stay resident beside the next whole build's (on the 5k benchmark
/// site, serve's peak RSS over whole rebuilds 314 -> 282 MB). glibc only; elsewhere nothing.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free memory of the allocator's own to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Lets go of the HTML of the pages a rebuild seldom shows again (the largest part of
/// what is kept): one that shows such a page writes its HTML again from its file.
fn let_go_of_html(kept: &mut Kept) {
    if let Some(prepared) = Arc::get_mut(&mut kept.prepared) {
        prepared.site.let_go_of_html();
    }
}

/// The partial rebuild of `kept` after `changed`, `None` when the changes are not body
/// edits only (or the site is shared and cannot be patched); else its warnings and how
/// many files changed, or its errors.
fn partial(
    kept: &mut Kept,
    changed: &BTreeSet<PathBuf>,
) -> Option<Result<(Vec<crate::diagnostic::Diagnostic>, usize)>> {
    let paths: Vec<&Path> = changed.iter().map(PathBuf::as_path).collect();
    if let Some(edits) = crate::patch::body_edits(&kept.prepared, &paths) {
        let prepared = Arc::get_mut(&mut kept.prepared)?;
        let patched = crate::patch::apply(prepared, edits)?;
        return Some(render_again(kept, &patched));
    }
    let edit = crate::patch::template_edits(&kept.prepared, &paths)?;
    let prepared = Arc::get_mut(&mut kept.prepared)?;
    let users = crate::patch::apply_templates(prepared, edit)?;
    Some(render_users(kept, &users))
}

/// Renders again, into the kept folder, what the templates `users` make: the pages (and
/// listing pages) whose template is one of them, the 404 pages, landing page and print
/// editions when theirs is, and the search index of the languages of those pages (what
/// their `<main>` shows may have changed).
fn render_users(
    kept: &mut Kept,
    users: &BTreeSet<String>,
) -> Result<(Vec<crate::diagnostic::Diagnostic>, usize)> {
    let site = &kept.prepared.site;
    let warnings = fail_on_errors(site.diagnostics.clone())?;
    let pages: Vec<usize> = (0..site.pages.len())
        .filter(|&i| users.contains(&site.info[i].template))
        .collect();
    let all: Vec<usize> = (0..site.config.languages.len()).collect();
    let mut reuse = std::mem::take(&mut kept.reuse);
    // The listing values kept for body and front matter edits are let go: kept through this
    // run they would grow to every listing's (about 200 MB at 5k), and set aside meanwhile
    // they would add theirs to what this run holds (peak RSS 302 MB at 5k, 263 without).
    // The next body edit makes its language's again (once: about 250 ms at 5k).
    reuse.listed = None;
    let changed = write_in_place(kept, reuse, &pages, None, |run, sink, _| {
        if users.contains("404.html") {
            not_found::NotFound.write(run, sink)?;
        }
        if users.contains("landing.html") {
            landing::Landing.write(run, sink)?;
        }
        if users.contains("print.html") {
            print::write_editions_of(run, sink, &all)?;
        }
        Ok(())
    })?;
    Ok((warnings, changed))
}

/// Renders `pages` and their listing pages again into the kept folder (what their `<main>`
/// showed is forgotten), then what `more` writes (given the pages' languages), then the
/// search indexes of those languages; returns how many files changed. With listing values
/// kept, the pages are rendered one language after the other, `last` (the language of the
/// pages edited) last, so that its values are the ones held after.
fn write_in_place(
    kept: &mut Kept,
    mut reuse: Reuse,
    pages: &[usize],
    last: Option<usize>,
    more: impl Fn(&Run, &InPlace, &[usize]) -> Result<()>,
) -> Result<usize> {
    let site = &kept.prepared.site;
    for &i in pages {
        reuse.shown[i] = OnceLock::new();
    }
    let langs: BTreeSet<usize> = pages.iter().map(|&i| site.pages[i].lang).collect();
    let langs: Vec<usize> = langs.into_iter().collect();
    let sink = InPlace::new(&kept.root);
    let root = site.config.root.clone();
    let (_, reuse) = pipeline::run_with(&kept.prepared, reuse, |run| {
        crate::render::guard(&root, || {
            match &run.listed {
                Some(listed) => {
                    let mut order = langs.clone();
                    order.sort_by_key(|&l| Some(l) == last.or(listed.language()));
                    for lang in order {
                        let of_lang: Vec<usize> = (pages.iter().copied())
                            .filter(|&i| site.pages[i].lang == lang)
                            .collect();
                        listed.hold(lang);
                        pages::write_pages(run, &sink, &of_lang)?;
                    }
                }
                None => pages::write_pages(run, &sink, pages)?,
            }
            listings::write_listings(run, &sink, pages)?;
            more(run, &sink, &langs)?;
            if site.config.search {
                search::write_languages(run, &sink, &langs)?;
                for &lang in &langs {
                    let code = &site.config.languages[lang].code;
                    sink.remove_unwritten(&format!("search/{code}"));
                }
            }
            Ok(())
        })
    })?;
    kept.reuse = reuse;
    Ok(sink.changed())
}

/// Renders again what shows the bodies and the front matter of `patched`, into the kept
/// folder.
fn render_again(
    kept: &mut Kept,
    patched: &Patched,
) -> Result<(Vec<crate::diagnostic::Diagnostic>, usize)> {
    let prepared = &kept.prepared;
    let site = &prepared.site;
    let warnings = fail_on_errors(site.diagnostics.clone())?;
    let changed: BTreeSet<usize> = patched
        .bodies
        .iter()
        .chain(&patched.shown)
        .copied()
        .collect();
    let changed: Vec<usize> = changed.into_iter().collect();
    let mut shown_again: BTreeSet<usize> = BTreeSet::new();
    for &i in &changed {
        let mut at = Some(i);
        while let Some(p) = at {
            shown_again.insert(p);
            at = site.info[p].parent;
        }
    }
    let pages: Vec<usize> = shown_again.iter().copied().collect();
    let mut reuse = std::mem::take(&mut kept.reuse);
    // Kept from the first partial rebuild on, for the listings rendered again only: a
    // home's `section` holds a value per page of its language (one language's at a time).
    reuse.listed.get_or_insert_default().forget(&changed);
    let last = patched.edited.first().map(|&i| site.pages[i].lang);
    let changed = write_in_place(kept, reuse, &pages, last, |run, sink, langs| {
        feeds::Feeds.write(run, sink)?;
        if !patched.shown.is_empty() {
            // A redirect page shows its target's title, the sitemap its date.
            aliases::Aliases.write(run, sink)?;
            sitemap::Sitemap.write(run, sink)?;
        }
        print::write_editions_of(run, sink, langs)
    })?;
    Ok((warnings, changed))
}
