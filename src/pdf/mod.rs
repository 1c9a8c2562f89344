//! `brochure pdf`: prints the brochure editions of a built site to PDF with WeasyPrint
//! (preferred) or headless Chromium.
//!
//! The editions are the self-contained `print/brochure.<edition>.html` files that `build`
//! writes when the theme has `print.html`; each PDF goes beside its edition
//! (`print/brochure.zh.pdf`). A PDF is written to a temporary file in the same folder and
//! renamed into place, so a failed or interrupted print never leaves half a PDF.
//!
//! Editions print at the same time, one engine process each (the engines are single
//! threaded: three editions take about as long as the slowest on two cores). A print
//! shop wants a page count that is a multiple of 4: when the first print is not, blank
//! pages go into the edition's `page-pad` element (before the back cover) and it is
//! printed again.
//!
//! - [`engine`] finds an engine: a `weasyprint` of version 60 or later, else Chromium.
//! - [`job`] is one edition being printed, in its scratch space.
//! - [`weasyprint`] prints in one call (the print CSS numbers the table of contents).
//! - [`chromium`] prints, reads back where the chapters start, fills in the table of
//!   contents and prints again.
//! - [`html`] and [`poppler`] are the pure parts of that: HTML slots, markers and blank
//!   pages, and what `pdfinfo`/`pdftotext` print.

mod chromium;
pub mod engine;
mod html;
mod job;
mod poppler;
mod process;
mod weasyprint;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostic::{Diagnostic, Location, Result, display_path, io_error};
use engine::Found;
use poppler::Poppler;

/// `--edition all`: every edition the output holds.
pub const ALL_EDITIONS: &str = "all";

/// Which engine prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    Weasyprint,
    Chromium,
}

/// What `brochure pdf` was asked to do.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// The built output folder (holding `print/`).
    pub out: PathBuf,
    /// An edition's name (`zh`, `en`, `bilingual`, `zh-ja`, …) or [`ALL_EDITIONS`].
    pub edition: String,
    /// What the pipeline knows of the site's editions (`None`: the site could not be read,
    /// so any edition the output holds may be asked for, and its table of contents is
    /// read from the edition itself).
    pub site: Option<SiteEditions>,
    /// `None`: find one, WeasyPrint first.
    pub engine: Option<Engine>,
    /// `--bleed 3mm`: bleed and crop marks on every page (WeasyPrint only).
    pub bleed: Option<Bleed>,
}

/// A bleed: a positive CSS length in a print unit (`3mm`, `0.125in`, `9pt`).
#[derive(Debug, Clone, PartialEq)]
pub struct Bleed(String);

/// The units `--bleed` takes.
const BLEED_UNITS: [&str; 5] = ["mm", "cm", "in", "pt", "pc"];

impl Bleed {
    /// The length as CSS.
    pub fn css(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Bleed {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        let text = text.trim();
        let digits = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(digits);
        let valid = number
            .parse::<f64>()
            .is_ok_and(|n| n > 0.0 && n.is_finite());
        if valid && BLEED_UNITS.contains(&unit) {
            return Ok(Bleed(format!("{number}{unit}")));
        }
        Err(format!(
            "`{text}` is not a bleed: give a positive length with its unit, such as 3mm (units: {})",
            BLEED_UNITS.join(", ")
        ))
    }
}

/// The site's editions, from the pipeline.
#[derive(Debug, Clone, Default)]
pub struct SiteEditions {
    /// Every edition's name, languages first.
    pub names: Vec<String>,
    /// The chapter ids each edition's table of contents numbers, by edition name.
    pub chapters: std::collections::BTreeMap<String, Vec<String>>,
}

/// One PDF written.
#[derive(Debug, Clone)]
pub struct Printed {
    pub pdf: PathBuf,
    pub engine: Engine,
    pub pages: Option<usize>,
    pub seconds: f64,
}

/// How to get the editions that are missing.
const BUILD_FIRST: &str = "run `brochure build` first (with the same --out); the editions are written only when the theme has templates/print.html";

/// Prints the requested editions; the PDFs go beside the HTML editions.
pub fn run(options: &PdfOptions) -> Result<Vec<Printed>> {
    let print_dir = options.out.join("print");
    let known = options.site.as_ref().map(|s| s.names.as_slice());
    let editions = editions(&print_dir, &options.edition, known)?;
    let found = choose_engine(options.engine, &editions[0])?;
    if options.bleed.is_some() && found.engine == Engine::Chromium {
        return Err(no_bleed_in_chromium(&found, &editions[0]).into());
    }
    let poppler = Poppler::find();
    if poppler.is_none() {
        eprintln!(
            "warning: pdfinfo not found, so the page count cannot be made a multiple of 4 for a print shop; {}",
            poppler::INSTALL
        );
    }
    let chapters = |edition: &Path| {
        options.site.as_ref().and_then(|s| {
            let name = edition_name(edition.file_name()?.to_str()?)?;
            s.chapters.get(name).map(Vec::as_slice)
        })
    };
    let bleed = options.bleed.as_ref();
    // One thread per edition: the engines run side by side, each its own process.
    let results: Vec<Result<Printed>> = std::thread::scope(|scope| {
        let running: Vec<_> = editions
            .iter()
            .map(|edition| {
                let (found, poppler) = (&found, poppler.as_ref());
                scope
                    .spawn(move || print_edition(found, poppler, edition, chapters(edition), bleed))
            })
            .collect();
        running
            .into_iter()
            .map(|t| t.join().expect("a print thread does not panic"))
            .collect()
    });
    let mut printed = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(p) => printed.push(p),
            Err(crate::diagnostic::Failure(ds)) => errors.extend(ds),
        }
    }
    record_in_marker(&options.out, &printed)?;
    if errors.is_empty() {
        Ok(printed)
    } else {
        Err(crate::diagnostic::Failure(errors))
    }
}

/// Adds the PDFs to the output's marker, so that the next `brochure build` knows them for
/// brochure's own files and replaces the folder (else it would refuse to delete them). An
/// output without a marker (editions copied by hand) is left as it is.
fn record_in_marker(out: &Path, printed: &[Printed]) -> Result<()> {
    use crate::output::{MARKER, marker::Marker};
    let Some(mut marker) = Marker::read(out) else {
        return Ok(());
    };
    for p in printed {
        let (Ok(rel), Ok(meta)) = (p.pdf.strip_prefix(out), std::fs::metadata(&p.pdf)) else {
            continue;
        };
        let rel = rel
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        marker.files.insert(rel, meta.len());
    }
    crate::atomic::write(&out.join(MARKER), marker.to_text().as_bytes())
}

/// `--bleed` with Chromium: it has no CSS `bleed` or `marks` and writes no TrimBox.
fn no_bleed_in_chromium(found: &Found, edition: &Path) -> Diagnostic {
    Diagnostic::error(
        "pdf-bleed",
        Location::file_start(edition),
        format!(
            "--bleed needs WeasyPrint: {} cannot print bleed or crop marks (it ignores CSS `bleed` and `marks` and writes no TrimBox or BleedBox)",
            found.version
        ),
    )
    .with_hint(format!(
        "{}; or print without --bleed and let the print shop add the bleed",
        engine::INSTALL_WEASYPRINT
    ))
}

/// The edition files to print: the one asked for, or every `brochure.<name>.html` in
/// `print/` (languages first, then the bilingual one).
fn editions(print_dir: &Path, name: &str, known: Option<&[String]>) -> Result<Vec<PathBuf>> {
    if name == ALL_EDITIONS {
        return all_editions(print_dir);
    }
    if let Some(known) = known.filter(|k| !k.iter().any(|e| e == name)) {
        return Err(Diagnostic::error(
            "pdf-no-edition",
            Location::file_start(print_dir),
            format!("this site has no edition `{name}`"),
        )
        .with_hint(format!(
            "the site's editions are {}; or give `--edition {ALL_EDITIONS}`",
            known.join(", ")
        ))
        .into());
    }
    let file = print_dir.join(format!("brochure.{name}.html"));
    if file.is_file() {
        return Ok(vec![file]);
    }
    Err(Diagnostic::error(
        "pdf-no-edition",
        Location::file_start(&file),
        format!(
            "the {name} edition `{}` does not exist",
            display_path(&file)
        ),
    )
    .with_hint(BUILD_FIRST)
    .into())
}

/// Every edition in `print_dir`.
fn all_editions(print_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut names: Vec<String> = match std::fs::read_dir(print_dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()
                    .and_then(edition_name)
                    .map(String::from)
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(io_error(print_dir, "read", &e).into()),
    };
    if names.is_empty() {
        return Err(Diagnostic::error(
            "pdf-no-edition",
            Location::file_start(print_dir),
            format!(
                "no brochure editions (`brochure.<edition>.html`) in `{}`",
                display_path(print_dir)
            ),
        )
        .with_hint(BUILD_FIRST)
        .into());
    }
    // Single languages first, then the side-by-side editions (`bilingual`, `zh-ja`).
    names.sort_by_key(|n| (n == "bilingual" || n.contains('-'), n.clone()));
    Ok(names
        .iter()
        .map(|n| print_dir.join(format!("brochure.{n}.html")))
        .collect())
}

/// `brochure.zh.html` → `zh`; anything else (temporary copies, PDFs) → `None`.
fn edition_name(file: &str) -> Option<&str> {
    let name = file.strip_prefix("brochure.")?.strip_suffix(".html")?;
    (!name.is_empty() && !name.contains('.')).then_some(name)
}

/// The engine to print with: the one forced, or WeasyPrint if usable, else Chromium.
fn choose_engine(forced: Option<Engine>, edition: &Path) -> Result<Found> {
    if let Some(engine) = forced {
        return engine::find(engine).map_err(|missing| {
            Diagnostic::error(
                "pdf-no-engine",
                Location::file_start(edition),
                format!(
                    "--engine {} was asked for, but no usable {} is installed{}",
                    engine::name(engine),
                    engine::name(engine),
                    reasons(&missing.rejected)
                ),
            )
            .with_hint(engine::install_hint(engine))
            .into()
        });
    }
    let weasy = match engine::find_weasyprint() {
        Ok(found) => return Ok(found),
        Err(missing) => missing,
    };
    match engine::find_chromium() {
        Ok(found) => {
            for why in &weasy.rejected {
                eprintln!("note: not using WeasyPrint: {why}");
            }
            eprintln!(
                "note: printing with Chromium ({}); its PDFs embed Chinese fonts as Type 3, which print shops may refuse — for print-shop PDFs, {}",
                found.version,
                engine::INSTALL_WEASYPRINT
            );
            Ok(found)
        }
        Err(chromium) => {
            let mut rejected = weasy.rejected;
            rejected.extend(chromium.rejected);
            Err(Diagnostic::error(
                "pdf-no-engine",
                Location::file_start(edition),
                format!(
                    "cannot print: neither WeasyPrint ({} or later) nor Chromium is installed{}",
                    engine::MIN_WEASYPRINT,
                    reasons(&rejected)
                ),
            )
            .with_hint(engine::INSTALL_EITHER)
            .into())
        }
    }
}

/// `:\n  - why\n  - why`, or nothing.
fn reasons(rejected: &[String]) -> String {
    rejected.iter().map(|r| format!("\n  - {r}")).collect()
}

/// Prints one edition beside itself, through a temporary file.
fn print_edition(
    found: &Found,
    poppler: Option<&Poppler>,
    edition: &Path,
    chapters: Option<&[String]>,
    bleed: Option<&Bleed>,
) -> Result<Printed> {
    let start = Instant::now();
    let pdf = edition.with_extension("pdf");
    let source = std::fs::read_to_string(edition).map_err(|e| io_error(edition, "read", &e))?;
    let mut job = job::Job::new(found, edition, bleed)?;
    let (doc, printed) = match found.engine {
        Engine::Weasyprint => {
            let out = job.scratch("print");
            job.print_file(edition, &out)?;
            (source, out)
        }
        Engine::Chromium => chromium::print(&mut job, poppler, &source, chapters)?,
    };
    let (printed, pages) = match poppler {
        Some(poppler) => pad_to_four(&mut job, poppler, &doc, printed)?,
        None => (printed, None),
    };
    let part = crate::atomic::Beside::new(&pdf)?;
    std::fs::copy(&printed, part.path()).map_err(|e| io_error(part.path(), "write", &e))?;
    part.commit()?;
    Ok(Printed {
        pdf,
        engine: found.engine,
        pages,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Blank pages that make `pages` a multiple of 4.
fn padding(pages: usize) -> usize {
    (4 - pages % 4) % 4
}

/// `printed` (from `doc`) with a page count that is a multiple of 4: printed again with
/// blank pages before the back cover when it is not. The PDF and its page count.
fn pad_to_four(
    job: &mut job::Job,
    poppler: &Poppler,
    doc: &str,
    printed: PathBuf,
) -> Result<(PathBuf, Option<usize>)> {
    let (found, edition) = (job.found, job.edition);
    let count = |pdf: &Path| -> Result<usize> {
        poppler
            .page_count(pdf)
            .map_err(|why| engine_error(found, edition, &why).into())
    };
    let pages = count(&printed)?;
    let blank = padding(pages);
    if blank == 0 {
        return Ok((printed, Some(pages)));
    }
    let padded = job.scratch("padded");
    job.print_html(&html::insert_pad(doc, blank), &padded)?;
    let now = count(&padded)?;
    if now % 4 != 0 {
        return Err(Diagnostic::error(
            "pdf-pad",
            Location::file_start(job.edition),
            format!("{pages} pages, and with {blank} blank pages added {now}, not a multiple of 4 as print shops need"),
        )
        .with_hint(format!("in the theme's print CSS, let each `.{}` inside the `.{}` element be one empty page (`break-before: page`, nothing else on it)", html::PAD_PAGE, html::PAD))
        .into());
    }
    Ok((padded, Some(now)))
}

/// Runs an engine's `command` on `edition` for at most `limit`: its output when it exits
/// cleanly, else an engine error carrying `stderr` of its run (the engine chooses which
/// part of its stderr is worth showing).
fn run_engine(
    found: &Found,
    edition: &Path,
    command: &mut std::process::Command,
    limit: std::time::Duration,
    stderr: impl Fn(&process::Ran) -> String,
) -> Result<process::Ran> {
    let program = found.program.display();
    let ran = process::run(command, limit)
        .map_err(|e| engine_error(found, edition, &format!("`{program}` {e}")))?;
    if !ran.status.success() {
        let why = format!("`{program}` failed ({}):\n{}", ran.status, stderr(&ran));
        return Err(engine_error(found, edition, &why).into());
    }
    Ok(ran)
}

/// An engine run that went wrong, at the edition it was printing.
fn engine_error(found: &Found, edition: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(
        "pdf-engine",
        Location::file_start(edition),
        format!(
            "{} could not print `{}`: {why}",
            found.version,
            display_path(edition)
        ),
    )
    .with_hint(format!(
        "check the edition opens in a browser; if the engine itself is broken, reinstall it ({}), or try the other one with --engine",
        engine::install_hint(found.engine)
    ))
}

/// The engine said it succeeded: check that `pdf` really is a PDF.
fn check_pdf(found: &Found, edition: &Path, pdf: &Path, stderr: &str) -> Result<()> {
    let mut head = [0u8; 5];
    let is_pdf = std::fs::File::open(pdf)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == b"%PDF-";
    if is_pdf {
        return Ok(());
    }
    let said = process::tail(stderr, 8);
    let why = if said.is_empty() {
        "it wrote no PDF and said nothing".to_string()
    } else {
        format!("it wrote no PDF; it said:\n{said}")
    };
    Err(engine_error(found, edition, &why).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_reaches_the_next_multiple_of_four() {
        let pads: Vec<usize> = (1..=9).map(padding).collect();
        assert_eq!(pads, [3, 2, 1, 0, 3, 2, 1, 0, 3]);
    }

    #[test]
    fn bleeds_are_lengths_in_print_units() {
        assert_eq!("3mm".parse::<Bleed>().unwrap().css(), "3mm");
        assert_eq!(" 0.125in".parse::<Bleed>().unwrap().css(), "0.125in");
        for bad in ["3", "3 mm", "-3mm", "0mm", "3px", "mm", "3mmx", "1.2.3mm"] {
            let err = bad.parse::<Bleed>().unwrap_err();
            assert!(err.contains("such as 3mm"), "{bad}: {err}");
        }
    }

    #[test]
    fn edition_names_come_from_file_names() {
        assert_eq!(edition_name("brochure.zh.html"), Some("zh"));
        assert_eq!(edition_name("brochure.bilingual.html"), Some("bilingual"));
        assert_eq!(edition_name("brochure.zh.pdf"), None);
        assert_eq!(edition_name(".brochure.zh.pass-x1.html"), None);
        assert_eq!(edition_name("brochure.zh.pass-x1.html"), None);
        assert_eq!(edition_name("brochure..html"), None);
    }

    #[test]
    fn all_editions_puts_bilingual_last_and_says_to_build_when_none() {
        let dir = tempfile::tempdir().unwrap();
        let err = all_editions(dir.path()).unwrap_err().to_string();
        assert!(err.contains("brochure build"), "{err}");
        assert!(err.contains("print.html"), "{err}");
        for f in [
            "brochure.zh.html",
            "brochure.bilingual.html",
            "brochure.en.html",
            "brochure.en.pdf",
        ] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let names: Vec<String> = all_editions(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "brochure.en.html",
                "brochure.zh.html",
                "brochure.bilingual.html"
            ]
        );
    }

    #[test]
    fn a_missing_edition_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = editions(dir.path(), "zh", None).unwrap_err();
        assert!(err.0[0].location.file.ends_with("brochure.zh.html"));
        assert!(err.to_string().contains("brochure build"));
    }

    #[test]
    fn an_edition_the_site_does_not_have_lists_those_it_has() {
        let dir = tempfile::tempdir().unwrap();
        let known = ["zh".to_string(), "ja".to_string(), "zh-ja".to_string()];
        let err = editions(dir.path(), "fr", Some(&known)).unwrap_err();
        assert!(err.to_string().contains("no edition `fr`"), "{err}");
        assert!(err.to_string().contains("zh, ja, zh-ja"), "{err}");
        std::fs::write(dir.path().join("brochure.ja.html"), "x").unwrap();
        let found = editions(dir.path(), "ja", Some(&known)).unwrap();
        assert!(found[0].ends_with("brochure.ja.html"));
    }
}
