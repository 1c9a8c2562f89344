//! The `build` driver: the pipeline into an output folder, which is written only when
//! something changed and replaced whole only when the build succeeded.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Result, fail_on_errors};
use crate::fingerprint;
use crate::inputs::Inputs;
use crate::output::{Input, KINDS, Output, check_overlap, is_up_to_date};
use crate::pipeline::{self, Prepared};

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
    /// How many translations are stale and missing, for `serve`'s console (`None` for a
    /// site of one language, or when nothing was built).
    pub translations: Option<String>,
}

impl Summary {
    /// The summary of a build of `prepared` into `out`.
    pub fn of(
        prepared: &Prepared,
        out: PathBuf,
        elapsed: Duration,
        warnings: Vec<Diagnostic>,
    ) -> Summary {
        let site = &prepared.site;
        let pages = site
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(lang, l)| (l.code.clone(), site.pages_of(lang).count()))
            .collect();
        Summary {
            pages,
            data_files: prepared.data_files.len(),
            out,
            elapsed,
            warnings,
            unchanged: false,
            translations: prepared.translations.console(),
        }
    }

    /// `built 6 zh + 6 en pages, 3 data files, 1 warning in 12 ms` (no warning count when
    /// there are none).
    pub fn line(&self) -> String {
        use crate::diagnostic::count;
        let pages: Vec<String> = self
            .pages
            .iter()
            .map(|(code, n)| format!("{n} {code}"))
            .collect();
        let total: usize = self.pages.iter().map(|(_, n)| n).sum();
        let noun = if total == 1 { "page" } else { "pages" };
        let mut line = format!(
            "built {} {noun}, {}",
            pages.join(" + "),
            count(self.data_files, "data file")
        );
        if !self.warnings.is_empty() {
            line.push_str(&format!(", {}", count(self.warnings.len(), "warning")));
        }
        line.push_str(&format!(" in {} ms", self.elapsed.as_millis()));
        line
    }
}

/// Builds the site into its output folder. Stops on errors, reporting every one found;
/// the old output stays untouched.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    build_with(options, false).map(|(summary, _)| summary)
}

/// What a build rendered from, for `serve` to render parts of it again: the prepared site
/// and what the run left to reuse.
pub struct Built {
    pub prepared: Arc<Prepared>,
    pub reuse: pipeline::Reuse,
}

/// As [`build`], keeping what it rendered from (`None` when the output was up to date).
pub fn build_keeping(options: &BuildOptions) -> Result<(Summary, Option<Built>)> {
    build_with(options, true)
}

/// A build; what it rendered from is kept whole only when `memos` (see [`Built`]).
fn build_with(options: &BuildOptions, memos: bool) -> Result<(Summary, Option<Built>)> {
    let start = Instant::now();
    let out = out_dir(options);
    let flags = fingerprint::Flags {
        offline: options.offline,
        drafts: options.drafts,
    };
    let config = Config::load(&options.site)?;
    // Before the inputs are read: an output inside them would be read as input.
    check_overlap(&out, &input_folders(&config))?;
    let (_, leftovers) = crate::output::remove_leftovers(&out);
    let inputs = Inputs::scan(&config)?;
    let fingerprint = inputs.fingerprint(flags);
    if is_up_to_date(&out, fingerprint) {
        let summary = Summary {
            pages: Vec::new(),
            data_files: 0,
            out,
            elapsed: start.elapsed(),
            warnings: leftovers,
            unchanged: true,
            translations: None,
        };
        return Ok((summary, None));
    }
    // The PDFs an earlier `brochure pdf` printed into the output: kept, and linked.
    let pdfs = crate::output::kept::existing_pdfs(&config, &out);
    let pipeline_options = pipeline::Options {
        drafts: options.drafts,
        offline: options.offline,
        pdfs: pdfs.keys().cloned().collect(),
        release: true,
    };
    // A panic while loading or resolving (a bug) is an error, not an abort.
    let site_yaml = options.site.join("site.yaml");
    let prepared = crate::render::guard(&site_yaml, || {
        pipeline::prepare(config, inputs, pipeline_options)
    })?;
    let mut warnings = fail_on_errors(prepared.site.diagnostics.clone())?;
    let kept: Vec<String> = pdfs.into_values().collect();
    let output = Output::prepare_keeping(&out, &kept)?;
    let reuse = pipeline::run_keeping(&prepared, KINDS, &output, memos)?;
    warnings.extend(output.commit(fingerprint)?);
    warnings.extend(leftovers);
    let summary = Summary::of(&prepared, out, start.elapsed(), warnings);
    Ok((summary, Some(Built { prepared, reuse })))
}

/// The output folder of a build: `--out`, else `public/` in the site.
fn out_dir(options: &BuildOptions) -> PathBuf {
    options
        .out
        .clone()
        .unwrap_or_else(|| options.site.join("public"))
}

/// The folders a build reads (and the current one), which its output must keep clear of.
pub fn input_folders(config: &Config) -> Vec<Input> {
    let root = &config.root;
    let input = |what, path, holds_output| Input {
        what,
        path,
        holds_output,
    };
    vec![
        input("site folder", root.clone(), true),
        input("current folder", PathBuf::from("."), true),
        input("content folder", config.content_dir(), false),
        input("static folder", root.join("static"), false),
        input("theme folder", config.theme_dir(), false),
        input("locales folder", root.join("locales"), false),
        input("templates folder", root.join("templates"), false),
    ]
}

/// Refuses `--zip FILE` before building when the file may not be written (see
/// [`crate::output::zip::check_destination`]).
pub fn check_zip(options: &BuildOptions, zip: &Path) -> Result<()> {
    let config = Config::load(&options.site)?;
    crate::output::zip::check_destination(zip, &out_dir(options), &input_folders(&config))
}
