//! The drivers' shared front half, [`prepare`] (load → resolve, collecting every problem),
//! and the `build` driver (→ render → write).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content;
use crate::data;
use crate::diagnostic::{Diagnostic, Result, fail_on_errors};
use crate::fingerprint;
use crate::i18n::Locales;
use crate::output::static_files::{self, StaticFiles};
use crate::output::{Output, Sink, is_up_to_date, sitemap};
use crate::render::{self, functions::Shared};
use crate::resolve;
use crate::templates::Sources;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder.
    pub site: PathBuf,
    /// The output folder; `<site>/public` when absent.
    pub out: Option<PathBuf>,
    pub offline: bool,
    pub drafts: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// (language code, pages) in site order.
    pub pages: Vec<(String, usize)>,
    pub data_files: usize,
    pub out: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// Nothing changed since the build that wrote the output: nothing was written.
    pub unchanged: bool,
}

/// A loaded and resolved site, ready to render.
pub struct Prepared {
    /// The resolved site with its strings and static files; its `site.diagnostics` holds
    /// every problem found so far.
    pub shared: Arc<Shared>,
    pub sources: Sources,
    pub data_files: usize,
}

/// Loads and resolves the site at `site`. Problems in files are collected, not fatal;
/// only a site that cannot be read at all (no site.yaml, theme or content/) is an error.
pub fn prepare(site: &Path, drafts: bool, options: resolve::Options) -> Result<Prepared> {
    prepare_config(Config::load(site)?, drafts, options)
}

/// As [`prepare`], for a site whose configuration is already loaded.
pub fn prepare_config(config: Config, drafts: bool, options: resolve::Options) -> Result<Prepared> {
    let (content, (locales, (sources, statics))) = rayon::join(
        || content::load(&config, drafts),
        || {
            rayon::join(
                || Locales::load(&config),
                || rayon::join(|| Sources::load(&config), || StaticFiles::load(&config)),
            )
        },
    );
    let ((content, mut diagnostics), (locales, mut locale_errors)) = (content?, locales?);
    let (sources, statics) = (sources?, statics?);
    diagnostics.append(&mut locale_errors);
    let (data, mut data_diagnostics) = data::resolve(&config, &content.data);
    diagnostics.append(&mut data_diagnostics);
    diagnostics.extend(render::keys::check(&sources, &locales, &config));
    let data_files = content.data.len();
    let names = sources.templates.keys().cloned().collect();
    let site = resolve::resolve(config, content, data, &names, options, diagnostics);
    let shared = Arc::new(Shared {
        site,
        locales,
        statics,
    });
    Ok(Prepared {
        shared,
        sources,
        data_files,
    })
}

/// Builds the site into its output folder. Stops on errors, reporting every one found;
/// the old output stays untouched.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.site.join("public"));
    let resolve_options = resolve::Options {
        offline: options.offline,
    };
    let flags = fingerprint::Flags {
        offline: options.offline,
        drafts: options.drafts,
    };
    let config = Config::load(&options.site)?;
    let inputs = fingerprint::inputs(&config, flags);
    if is_up_to_date(&out, inputs) {
        return Ok(Summary {
            pages: Vec::new(),
            data_files: 0,
            out,
            elapsed: start.elapsed(),
            warnings: Vec::new(),
            unchanged: true,
        });
    }
    let prepared = prepare_config(config, options.drafts, resolve_options)?;
    let warnings = fail_on_errors(prepared.shared.site.diagnostics.clone())?;
    let output = Output::prepare(&out)?;
    render_site(&prepared, &output)?;
    output.commit(inputs)?;
    let site = &prepared.shared.site;
    let pages = site
        .config
        .languages
        .iter()
        .enumerate()
        .map(|(lang, l)| (l.code.clone(), site.pages_of(lang).count()))
        .collect();
    Ok(Summary {
        pages,
        data_files: prepared.data_files,
        out,
        elapsed: start.elapsed(),
        warnings,
        unchanged: false,
    })
}

/// Renders every page and writes the sitemap, robots.txt, static files and assets.
pub fn render_site(prepared: &Prepared, sink: &dyn Sink) -> Result<()> {
    let tera = render::templates(&prepared.sources, &prepared.shared)?;
    render::render_all(&tera, &prepared.sources, &prepared.shared, sink)?;
    let site = &prepared.shared.site;
    sink.write("sitemap.xml", sitemap::sitemap(site).as_bytes())?;
    sink.write("robots.txt", sitemap::robots(site).as_bytes())?;
    static_files::copy_all(sink, &prepared.shared.statics, &site.assets, &site.config)
}
