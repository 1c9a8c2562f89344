//! The pipeline every driver runs: [`prepare`] (inputs → load → resolve → Markdown, every
//! problem collected) gives a [`Prepared`] site; [`run`] renders it through a list of
//! [`OutputKind`]s into a [`Sink`]. `build`, `check`, `serve` and `pdf` are drivers of these
//! two functions and re-derive nothing.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, StaticFiles};
use crate::data;
use crate::diagnostic::{Diagnostic, Failure, Result, fail_on_errors};
use crate::i18n::Locales;
use crate::inputs::Inputs;
use crate::output::{OutputKind, Run, Sink};
use crate::render;
use crate::resolve::{self, Site};
use crate::templates::Sources;

/// How the site is prepared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Keep pages with `draft: true`.
    pub drafts: bool,
    /// Write `index.html` into folder links, for `file://`.
    pub offline: bool,
    /// The print editions (by name: `zh`, `bilingual`) whose PDF the output holds, printed
    /// by an earlier `brochure pdf`: the build keeps them and the pages link them.
    pub pdfs: BTreeSet<String>,
    /// Forget each page's text once prepared, but for pages a problem names (what `build`
    /// and `serve` render from is the front matter and the Markdown parse; a problem's
    /// place is found in the text again when the page is edited).
    pub release: bool,
}

/// The pipeline's one value: a loaded and resolved site with its strings, templates and
/// static files, each page's Markdown parsed once (HTML, text, TOC and counts in
/// [`resolve::PageInfo`]). Read-only from here on; template functions share it.
pub struct Prepared {
    /// The resolved site; its `diagnostics` holds every problem found so far.
    pub site: Site,
    pub locales: Locales,
    pub statics: StaticFiles,
    pub sources: Sources,
    /// The site's YAML data files as read (the templates' `data.` reads are checked
    /// against them again after a template edit: [`crate::resolve::data_reads`]).
    pub data_files: Vec<crate::content::DataFile>,
    /// Every translation's state: up to date, stale or missing.
    pub translations: crate::translations::Status,
    /// The translations' lock file as read (empty when the site has none).
    pub lock: crate::translations::Lock,
    /// The Fluent messages of each language, as translation units.
    pub messages: Vec<Vec<crate::translations::fluent::Message>>,
}

/// Loads, resolves and renders the Markdown of the site described by `config`, whose
/// files `inputs` holds (dropped once loaded: the loaded site holds what it needs).
/// Problems in files are collected, not fatal; only a site that cannot be read at all
/// (no theme or content/) is an error.
pub fn prepare(config: Config, inputs: Inputs, options: Options) -> Result<Arc<Prepared>> {
    render::debug_panic(&config.text);
    let (content, (locales, (sources, statics))) = rayon::join(
        || content::load(&config, &inputs, options.drafts),
        || {
            rayon::join(
                || Locales::load(&config, &inputs),
                || {
                    rayon::join(
                        || Sources::load(&config, &inputs),
                        || StaticFiles::load(&inputs),
                    )
                },
            )
        },
    );
    let messages = crate::translations::fluent::load(&config, &inputs);
    let (lock, lock_errors) = read_lock(&inputs);
    drop(inputs);
    let ((mut content, mut diagnostics), (locales, mut locale_errors)) = (content?, locales?);
    if config.translations.fallback {
        crate::translations::fallback::add_pages(&config, &mut content);
    }
    let sources = sources?;
    diagnostics.append(&mut locale_errors);
    diagnostics.extend(lock_errors);
    let (data, mut data_diagnostics) = data::resolve(&config, &content.data);
    diagnostics.append(&mut data_diagnostics);
    diagnostics.extend(resolve::keys::check(&sources, &locales, &config));
    diagnostics.extend(resolve::data_reads::check(&sources, &content.data, &config));
    let data_files = content.data.clone();
    let names = sources.templates.keys().cloned().collect();
    let resolve_options = resolve::Options {
        offline: options.offline,
        pdfs: options.pdfs,
    };
    let mut site = resolve::resolve(config, content, data, &names, resolve_options, diagnostics);
    let more = resolve::check_against_statics(&site, &statics);
    site.diagnostics.extend(more);
    let images = crate::render::share::check_images(&site, &statics);
    site.diagnostics.extend(images);
    site.diagnostics
        .extend(crate::config::check_logo(&site.config, &statics));
    let warnings = resolve::lints::editor_warnings(&site);
    site.diagnostics.extend(warnings);
    let (images, problems) = crate::images::probe_all(&site.assets);
    let widths = &site.config.images.widths;
    let clashes = crate::images::check_clashes(&site.assets, &images, widths);
    site.diagnostics.extend(clashes);
    site.images = images;
    site.diagnostics.extend(problems);
    site.diagnostics
        .extend(crate::images::check_options(&site.config));
    resolve::render_markdown(&mut site);
    let translations = crate::translations::status::compute(&site, &messages, lock.as_ref());
    if options.release {
        release_texts(&mut site);
    }
    site.diagnostics.extend(translations.warnings());
    Ok(Arc::new(Prepared {
        site,
        locales,
        statics,
        sources,
        data_files,
        translations,
        lock: lock.unwrap_or_default(),
        messages,
    }))
}

/// Forgets the text of every page that no problem found so far names: what renders is
/// made (front matter, Markdown parse, HTML), and [`crate::patch`] compares an edited
/// page by what it was made of. A page a problem names keeps its text, for the problem's
/// place to be found again when the page is edited. (A debug build keeps the text of a
/// page with the marker of [`render::debug_panic`].)
fn release_texts(site: &mut Site) {
    let named: std::collections::HashSet<&std::path::Path> = (site.diagnostics.iter())
        .map(|d| d.location.file.as_path())
        .collect();
    let keep: Vec<bool> = (site.pages.iter())
        .map(|page| named.contains(page.source.as_path()) || render::has_debug_panic(page.body()))
        .collect();
    for (page, keep) in site.pages.iter_mut().zip(keep) {
        if !keep {
            page.release();
        }
    }
}

/// The site's `translations.lock`, parsed (`None` when there is none), and its problems.
fn read_lock(inputs: &Inputs) -> (Option<crate::translations::Lock>, Vec<Diagnostic>) {
    let Some(file) = inputs.lock() else {
        return (None, Vec::new());
    };
    let parsed = crate::content::decode_utf8(&file.path, file.bytes.to_vec())
        .and_then(|text| crate::translations::Lock::parse(&file.path, &text));
    match parsed {
        Ok(lock) => (Some(lock), Vec::new()),
        // A broken lock file tracks nothing until it is fixed.
        Err(Failure(errors)) => (Some(crate::translations::Lock::default()), errors),
    }
}

/// Scans the inputs of the site at `root` and prepares it (for drivers that do not need
/// the inputs' fingerprint).
pub fn prepare_site(root: &std::path::Path, options: Options) -> Result<Arc<Prepared>> {
    let config = Config::load(root)?;
    let inputs = Inputs::scan(&config)?;
    prepare(config, inputs, options)
}

/// Renders `prepared` through every kind in `kinds` into `sink`, the kinds in parallel.
/// Every error of every kind is reported.
pub fn run(prepared: &Arc<Prepared>, kinds: &[&dyn OutputKind], sink: &dyn Sink) -> Result<()> {
    run_keeping(prepared, kinds, sink, false).map(drop)
}

/// What a run leaves for the next to reuse (`serve` renders only some pages again): per
/// page the text its `<main>` shows, as the pages kind rendered it (when the site has
/// search; see [`Run::shown`]), per language what the search index kept, and the pages'
/// values in listings.
#[derive(Default)]
pub struct Reuse {
    pub shown: Vec<OnceLock<crate::search::index::Kept>>,
    /// Empty when the run keeps none: the index is then built from nothing.
    pub search: Vec<Mutex<crate::search::index::Memo>>,
    /// The pages' values in listings (`None` when the run keeps none: `serve` starts
    /// keeping them at its first partial run, for the listings it renders again).
    pub listed: Option<crate::render::context::Listed>,
}

impl Reuse {
    /// Nothing to reuse yet, for `prepared`.
    pub fn new(prepared: &Prepared) -> Reuse {
        let site = &prepared.site;
        Reuse {
            shown: site.pages.iter().map(|_| OnceLock::new()).collect(),
            search: site
                .config
                .languages
                .iter()
                .map(|_| Mutex::default())
                .collect(),
            listed: None,
        }
    }
}

/// As [`run`], giving back what the run leaves to reuse (for `serve`, which renders only
/// some pages again); the search indexes' memos only when `memos` (they cost memory).
pub fn run_keeping(
    prepared: &Arc<Prepared>,
    kinds: &[&dyn OutputKind],
    sink: &dyn Sink,
    memos: bool,
) -> Result<Reuse> {
    let mut reuse = Reuse::new(prepared);
    if !memos {
        reuse.search.clear();
    }
    let (errors, reuse) = run_with(prepared, reuse, |run| {
        let phase = |last: bool| -> Vec<Diagnostic> {
            kinds
                .par_iter()
                .filter(|kind| kind.runs_last() == last)
                .filter_map(|kind| {
                    render::guard(&prepared.site.config.root, || kind.write(run, sink)).err()
                })
                .flat_map(|Failure(ds)| ds)
                .collect()
        };
        let mut errors = phase(false);
        errors.extend(phase(true));
        Ok(errors)
    })?;
    if errors.is_empty() {
        Ok(reuse)
    } else {
        fail_on_errors(errors).map(|_| reuse)
    }
}

/// Per page, its place in its language's list of pages.
fn places(site: &Site) -> Vec<u32> {
    let mut next = vec![0u32; site.config.languages.len()];
    (site.pages.iter())
        .map(|page| {
            let place = next[page.lang];
            next[page.lang] += 1;
            place
        })
        .collect()
}

/// Runs `f` with a [`Run`] of `prepared` that reuses `reuse` (whose `shown` is empty for
/// the pages `f` renders), and gives back what `f` gave and what the run leaves.
pub fn run_with<T>(
    prepared: &Arc<Prepared>,
    reuse: Reuse,
    f: impl FnOnce(&Run) -> Result<T>,
) -> Result<(T, Reuse)> {
    let tera = render::templates(prepared)?;
    let run = Run {
        prepared,
        tera: &tera,
        shown: reuse.shown,
        gathered: (prepared.site.config.languages.iter())
            .map(|_| Default::default())
            .collect(),
        places: places(&prepared.site),
        search: reuse.search,
        listed: reuse.listed,
    };
    let value = f(&run)?;
    let reuse = Reuse {
        shown: run.shown,
        search: run.search,
        listed: run.listed,
    };
    Ok((value, reuse))
}
