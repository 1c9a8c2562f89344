//! The command line: `brochure build | serve | check | pdf | new | translations`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildOptions};
use crate::check;
use crate::diagnostic::{Diagnostic, Failure, Result, display_path};
use crate::pdf::{self, Engine, PdfOptions};
use crate::scaffold;
use crate::serve;

/// A static site generator for bilingual (Simplified Chinese + English) sites.
#[derive(Debug, Parser)]
#[command(name = "brochure", version, about)]
pub struct Cli {
    /// The site folder (holding site.yaml).
    #[arg(long, global = true, default_value = ".")]
    pub site: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --out DIR).
    Build {
        /// The output folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write links that work from file:// (folder links end in index.html).
        #[arg(long)]
        offline: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also write the offline site as one zip file (needs --offline).
        #[arg(long, requires = "offline", value_name = "FILE")]
        zip: Option<PathBuf>,
    },
    /// Report every problem of the site, with its place and a fix.
    Check {
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        strict: bool,
        /// `text` for people, `json` for CI and editors.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Build, serve on 127.0.0.1:1111, rebuild and reload the browser on every change.
    Serve {
        /// The port (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a working two-language site in DIR to start from.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Print the brochure editions of the built output to PDF, beside them.
    Pdf {
        /// Which edition: a language code (`zh`), `bilingual` (or `zh-ja` on a site of three
        /// languages), or `all`.
        #[arg(long, default_value = pdf::ALL_EDITIONS)]
        edition: String,
        /// Which engine; by default WeasyPrint if installed, else Chromium.
        #[arg(long, value_enum)]
        engine: Option<Engine>,
        /// The built output folder (default: public/ in the site).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Bleed and crop marks for a print shop, e.g. `3mm` (WeasyPrint only).
        #[arg(long)]
        bleed: Option<pdf::Bleed>,
    },
    /// Convert a site of another generator into a new brochure site.
    Import {
        #[command(subcommand)]
        from: ImportFrom,
    },
    /// Every translation (pages and Fluent messages) per language: up to date, stale or
    /// missing; `done`, `export` and `import` work on them.
    Translations {
        #[command(subcommand)]
        action: Option<TranslationsAction>,
        /// Only this language (a code of site.yaml's `languages`).
        #[arg(long)]
        lang: Option<String>,
        /// `text` for people, `json` for scripts.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// The generators `brochure import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// A Hugo site: per-language content trees or `.zh.md` suffixes, page bundles, YAML,
    /// TOML or JSON front matter, shortcodes, static files. Prints what it changed,
    /// mapped or dropped.
    Hugo {
        /// The Hugo site (the folder holding hugo.toml or config.toml).
        src: PathBuf,
        /// The new site's folder: it must not exist or be empty.
        dest: PathBuf,
    },
}

/// What `brochure translations` does besides listing.
#[derive(Debug, Subcommand)]
pub enum TranslationsAction {
    /// Record these translations as up to date with their source now (a translation, a
    /// source: all its translations, or an .ftl file: all its messages).
    Done {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Write the stale and missing pages and messages of one language as XLIFF 1.2.
    Export {
        /// The language to translate into.
        #[arg(long)]
        lang: String,
        /// The XLIFF file to write.
        #[arg(long, value_name = "FILE.xlf")]
        out: PathBuf,
        /// Every page and message, up to date ones too.
        #[arg(long)]
        all: bool,
    },
    /// Write the translations of an XLIFF file back into the site, and record them done.
    Import {
        #[arg(value_name = "FILE.xlf")]
        file: PathBuf,
    },
}

/// Runs the command line; the exit status is 0 on success, 1 when the site has errors.
pub fn run(cli: Cli) -> ExitCode {
    let site = cli.site;
    let result = match cli.command {
        Command::Build {
            out,
            offline,
            drafts,
            zip,
        } => run_build(
            &BuildOptions {
                site,
                out,
                offline,
                drafts,
            },
            zip.as_deref(),
        ),
        Command::Check { strict, format } => return run_check(&site, strict, format),
        Command::New { dir } => run_new(&dir),
        Command::Import {
            from: ImportFrom::Hugo { src, dest },
        } => run_import_hugo(&src, &dest),
        Command::Serve { port, bind, drafts } => serve::run(&serve::ServeOptions {
            site,
            bind,
            port,
            drafts,
        }),
        Command::Pdf {
            edition,
            engine,
            out,
            bleed,
        } => run_pdf(&PdfOptions {
            out: out.unwrap_or_else(|| site.join("public")),
            edition,
            site: site_editions(&site),
            engine,
            bleed,
        }),
        Command::Translations {
            action,
            lang,
            format,
        } => run_translations(&site, action, lang.as_deref(), format),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            print_diagnostics(&failure.0);
            // Bad usage (an unknown `--lang`) exits 2, like clap's own usage errors.
            let usage = !failure.0.is_empty() && failure.0.iter().all(|d| d.code == "usage");
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

fn run_build(options: &BuildOptions, zip: Option<&Path>) -> Result<()> {
    if let Some(zip) = zip {
        build::check_zip(options, zip)?;
    }
    let summary = build::build(options).map_err(|f| {
        // Printed here so the summary line comes after the errors.
        print_diagnostics(&f.0);
        let errors = crate::diagnostic::count(f.0.len(), "error");
        eprintln!("build failed: {errors}; the previous output was left untouched");
        Failure(Vec::new())
    })?;
    print_diagnostics(&summary.warnings);
    let out = display_path(&summary.out);
    let ms = summary.elapsed.as_millis();
    if summary.unchanged {
        eprintln!("nothing changed since the last build of {out}: nothing written ({ms} ms)");
    } else {
        eprintln!("{} → {out}", summary.line());
    }
    if let Some(zip) = zip {
        crate::output::zip::write_zip(&summary.out, zip)?;
        eprintln!("zipped → {}", display_path(zip));
    }
    Ok(())
}

fn run_new(dir: &Path) -> Result<()> {
    let n = scaffold::new_site(dir)?;
    let d = display_path(dir);
    eprintln!("created a zh + en site in {d} ({n} files)");
    eprintln!("next: cd {d} && brochure build   (or brochure serve)");
    Ok(())
}

fn run_import_hugo(src: &Path, dest: &Path) -> Result<()> {
    let started = std::time::Instant::now();
    let report = crate::import::hugo(src, dest)?;
    for line in report.lines() {
        eprintln!("  {line}");
    }
    let d = display_path(dest);
    let ms = started.elapsed().as_millis();
    eprintln!("imported {} into {d} in {ms} ms", display_path(src));
    eprintln!("next: brochure build --site {d}");
    Ok(())
}

/// The print editions of the site at `site` and their chapters, from the pipeline
/// (`None` when the site cannot be read: `pdf` then prints whatever editions the output
/// holds).
fn site_editions(site: &std::path::Path) -> Option<pdf::SiteEditions> {
    use crate::output::print;
    let prepared = crate::pipeline::prepare_site(site, crate::pipeline::Options::default()).ok()?;
    let config = &prepared.site.config;
    let names = print::edition_names(config);
    let chapters = names
        .iter()
        .filter_map(|n| {
            let edition = print::edition_named(config, n)?;
            Some((n.clone(), print::chapter_ids(&prepared, edition)))
        })
        .collect();
    Some(pdf::SiteEditions { names, chapters })
}

fn run_pdf(options: &PdfOptions) -> Result<()> {
    for p in pdf::run(options)? {
        let pages = p.pages.map_or(String::new(), |n| format!(", {n} pages"));
        let pdf = display_path(&p.pdf);
        let engine = pdf::engine::name(p.engine);
        eprintln!("wrote {pdf} ({engine}{pages}, {:.1} s)", p.seconds);
    }
    Ok(())
}

fn run_translations(
    site: &Path,
    action: Option<TranslationsAction>,
    lang: Option<&str>,
    format: Format,
) -> Result<()> {
    use crate::translations::{done, status, xliff};
    // Drafts are translations too: their records must not be dropped.
    let options = crate::pipeline::Options {
        drafts: true,
        ..Default::default()
    };
    let prepared = crate::render::guard(&site.join("site.yaml"), || {
        crate::pipeline::prepare_site(site, options)
    })?;
    let errors: Vec<Diagnostic> = (prepared.site.diagnostics.iter())
        // Other problems of the site are `check`'s: they do not stop the workflow.
        .filter(|d| d.is_error() && d.code == "translations-lock")
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(Failure(errors));
    }
    let status = &prepared.translations;
    match action {
        None => {
            let lang = lang.map(|c| language(&prepared, c)).transpose()?;
            match format {
                Format::Text => print!("{}", status::to_text(status, lang)),
                Format::Json => println!("{}", status::to_json(status, lang)),
            }
        }
        Some(TranslationsAction::Done { files }) => {
            let mut lock = prepared.lock.clone();
            let n = done::mark(site, status, &mut lock, &files)?;
            lock.write(site)?;
            let lock_path = display_path(&crate::translations::Lock::path(site));
            let noun = if n == 1 {
                "translation"
            } else {
                "translations"
            };
            eprintln!("marked {n} {noun} up to date in {lock_path}");
        }
        Some(TranslationsAction::Export { lang, out, all }) => {
            let l = language(&prepared, &lang)?;
            let (xml, summary) = xliff::export::export(&prepared, l, all);
            crate::atomic::write(&out, xml.as_bytes())?;
            eprintln!("{summary} → {}", display_path(&out));
        }
        Some(TranslationsAction::Import { file }) => {
            let summary = xliff::import::import(&prepared, site, &file)?;
            eprintln!("{summary}");
        }
    }
    Ok(())
}

/// The index of language `code`, or a usage error that lists the site's languages.
fn language(prepared: &crate::pipeline::Prepared, code: &str) -> Result<usize> {
    let config = &prepared.site.config;
    match config.language_index(code) {
        Some(l) if l > 0 => Ok(l),
        found => {
            let why = if found.is_some() {
                "is the default language: the source every translation is made from"
            } else {
                "is not a language of this site"
            };
            Err(Diagnostic::error(
                "usage",
                crate::diagnostic::Location::command_line(),
                format!("`--lang {code}` {why}"),
            )
            .with_hint(format!(
                "translations go into {} (site.yaml's `languages` after the first)",
                config.language_codes()[1..].join(", ")
            ))
            .into())
        }
    }
}

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

fn run_check(site: &Path, strict: bool, format: Format) -> ExitCode {
    let diagnostics = match check::check(site) {
        Ok(d) => d,
        Err(Failure(d)) => d,
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&check::report(&diagnostics))
                .expect("the report serializes");
            println!("{json}");
        }
        Format::Text => {
            print_diagnostics(&diagnostics);
            let (errors, warnings) = (
                crate::diagnostic::count(errors, "error"),
                crate::diagnostic::count(warnings, "warning"),
            );
            eprintln!("check: {errors}, {warnings}");
        }
    }
    if errors > 0 || (strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}\n");
    }
}
