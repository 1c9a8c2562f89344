//! The `build` driver: load → resolve → render → write, with a summary.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::{self, Content};
use crate::data;
use crate::diagnostic::{Diagnostic, Failure, Result, fail_on_errors};
use crate::i18n::Locales;
use crate::output::static_files::{self, StaticFiles};
use crate::output::{Output, sitemap};
use crate::render::{self, functions::Shared};
use crate::resolve::{self, Site};
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
}

/// Everything the load stage reads from disk.
pub struct Loaded {
    pub config: Config,
    pub content: Content,
    pub locales: Locales,
    pub templates: Sources,
    pub statics: StaticFiles,
}

/// Reads the whole site; reports the errors of every part together.
pub fn load(site: &Path, drafts: bool) -> Result<Loaded> {
    let config = Config::load(site)?;
    let (content, (locales, (templates, statics))) = rayon::join(
        || content::load(&config, drafts),
        || {
            rayon::join(
                || Locales::load(&config),
                || rayon::join(|| Sources::load(&config), || StaticFiles::load(&config)),
            )
        },
    );
    let mut errors = Vec::new();
    let mut take = |r: Result<()>| {
        if let Err(Failure(mut ds)) = r {
            errors.append(&mut ds);
        }
    };
    take(content.as_ref().map(|_| ()).map_err(Clone::clone));
    take(locales.as_ref().map(|_| ()).map_err(|f| f.clone()));
    take(templates.as_ref().map(|_| ()).map_err(Clone::clone));
    take(statics.as_ref().map(|_| ()).map_err(Clone::clone));
    if !errors.is_empty() {
        return Err(Failure(errors));
    }
    Ok(Loaded {
        config,
        content: content?,
        locales: locales?,
        templates: templates?,
        statics: statics?,
    })
}

/// Loads and resolves a site: everything short of rendering.
pub fn resolve_site(
    loaded: Loaded,
    options: resolve::Options,
) -> Result<(Site, Locales, Sources, StaticFiles)> {
    let Loaded {
        config,
        content,
        locales,
        templates,
        statics,
    } = loaded;
    let (data, mut warnings) = data::resolve(&config, &content.data)?;
    warnings.extend(fail_on_errors(render::keys::check(
        &templates, &locales, &config,
    ))?);
    let names = templates.templates.keys().cloned().collect();
    let site = resolve::resolve(config, content, data, &names, options, warnings)?;
    Ok((site, locales, templates, statics))
}

/// Builds the site into its output folder. The old output stays untouched on failure.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let loaded = load(&options.site, options.drafts)?;
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.site.join("public"));
    let output = Output::prepare(&out)?;
    let data_files = loaded.content.data.len();
    let resolve_options = resolve::Options {
        offline: options.offline,
    };
    let (site, locales, sources, statics) = resolve_site(loaded, resolve_options)?;
    let shared = Arc::new(Shared {
        site,
        locales,
        statics,
    });
    let tera = render::templates(&sources, &shared)?;
    render::render_all(&tera, &sources, &shared, &output)?;
    write_extras(&shared, &output)?;
    let site = &shared.site;
    let pages = site
        .config
        .languages
        .iter()
        .enumerate()
        .map(|(lang, l)| (l.code.clone(), site.pages_of(lang).count()))
        .collect();
    let warnings = site.warnings.clone();
    output.commit()?;
    Ok(Summary {
        pages,
        data_files,
        out,
        elapsed: start.elapsed(),
        warnings,
    })
}

/// Sitemap, robots.txt, static files and assets.
fn write_extras(shared: &Shared, output: &Output) -> Result<()> {
    let site = &shared.site;
    output.write("sitemap.xml", sitemap::sitemap(site).as_bytes())?;
    output.write("robots.txt", sitemap::robots(site).as_bytes())?;
    static_files::copy_all(output, &shared.statics, &site.assets, &site.config)
}
