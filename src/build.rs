//! The `build` driver: the pipeline into an output folder, which is written only when
//! something changed and replaced whole only when the build succeeded.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Result, fail_on_errors};
use crate::fingerprint;
use crate::inputs::Inputs;
use crate::output::{KINDS, Output, is_up_to_date};
use crate::pipeline;

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

/// Builds the site into its output folder. Stops on errors, reporting every one found;
/// the old output stays untouched.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.site.join("public"));
    let flags = fingerprint::Flags {
        offline: options.offline,
        drafts: options.drafts,
    };
    let config = Config::load(&options.site)?;
    let inputs = Inputs::scan(&config)?;
    let fingerprint = inputs.fingerprint(flags);
    if is_up_to_date(&out, fingerprint) {
        return Ok(Summary {
            pages: Vec::new(),
            data_files: 0,
            out,
            elapsed: start.elapsed(),
            warnings: Vec::new(),
            unchanged: true,
        });
    }
    let pipeline_options = pipeline::Options {
        drafts: options.drafts,
        offline: options.offline,
    };
    let prepared = pipeline::prepare(config, inputs, pipeline_options)?;
    let warnings = fail_on_errors(prepared.site.diagnostics.clone())?;
    let output = Output::prepare(&out)?;
    pipeline::run(&prepared, KINDS, &output)?;
    output.commit(fingerprint)?;
    let site = &prepared.site;
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
