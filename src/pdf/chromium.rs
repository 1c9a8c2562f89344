//! Printing with headless Chromium (`--print-to-pdf`). Chromium knows no `target-counter()`,
//! so the table of contents' numbers come from a second pass: print, read back on which
//! page each chapter starts, write the numbers into the TOC's
//! `<span class="toc-page" data-target="ID">` slots of a copy, print again, and repeat until
//! the numbers in the PDF are the pages the chapters start on.
//!
//! Where a chapter starts is read from the PDF's named destinations (Chromium writes one for
//! each element a link points at; `pdfinfo -dests`). Should one be missing, a copy with an
//! invisible-to-layout marker text at the start of each such element is printed and its
//! pages are read with `pdftotext`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::html::{self, Slot};
use super::job::Job;
use super::poppler::{self, Poppler};
use super::process;
use super::{check_pdf, engine_error, run_engine};
use crate::diagnostic::{Diagnostic, Location, Result, io_error};

/// How long one Chromium run may take.
const LIMIT: Duration = Duration::from_secs(180);

/// After this many prints whose TOC numbers still moved the chapters, give up.
const MAX_PASSES: usize = 4;

/// The flags of every run: headless, no sandbox (root in containers), nothing from the
/// network, no first-run UI, no date/URL header and footer, PDF bookmarks from headings.
const FLAGS: [&str; 14] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--no-pdf-header-footer",
    "--print-to-pdf-no-header",
    "--generate-pdf-document-outline",
];

/// Prints `source` (the edition's text) with the TOC numbers filled in: the pages of
/// `chapters` (the pipeline's chapter ids) when the TOC numbers those, else of whatever its
/// slots name. Returns the HTML text printed last and its PDF.
pub fn print(
    job: &mut Job,
    poppler: Option<&Poppler>,
    source: &str,
    chapters: Option<&[String]>,
) -> Result<(String, PathBuf)> {
    let slots = html::toc_slots(source);
    if slots.is_empty() {
        let out = job.scratch("print");
        job.print_html(source, &out)?;
        return Ok((source.to_string(), out));
    }
    let Some(poppler) = poppler else {
        return Err(Diagnostic::error(
            "pdf-tools",
            Location::file_start(job.edition),
            "printing with Chromium needs `pdfinfo` and `pdftotext` to number the table of contents, and they are not installed",
        )
        .with_hint(poppler::INSTALL)
        .into());
    };
    // The pipeline's chapters, when this edition is the site's (its slots number them);
    // else (an edition from elsewhere, or a theme numbering other ids) what the slots name.
    let targets = match chapters {
        Some(ids) if slots.iter().all(|s| ids.contains(&s.target)) => ids.to_vec(),
        _ => html::targets(&slots),
    };
    job.settle(source, &slots, &targets, poppler)
}

impl Job<'_> {
    /// Prints with ever better TOC numbers until they match the PDF; returns that PDF.
    fn settle(
        &mut self,
        source: &str,
        slots: &[Slot],
        targets: &[String],
        poppler: &Poppler,
    ) -> Result<(String, PathBuf)> {
        let mut numbers: Option<BTreeMap<String, usize>> = None;
        for _ in 1..=MAX_PASSES {
            let doc = html::fill_slots(source, slots, numbers.as_ref().unwrap_or(&BTreeMap::new()));
            let out = self.scratch("pass");
            self.print_html(&doc, &out)?;
            let pages = self.locate(&doc, targets, &out, poppler)?;
            if numbers.as_ref() == Some(&pages) {
                return Ok((doc, out));
            }
            numbers = Some(pages);
        }
        Err(Diagnostic::error(
            "pdf-toc",
            Location::file_start(self.edition),
            format!("the table of contents' page numbers did not settle after {MAX_PASSES} prints: each time they were filled in, the chapters moved"),
        )
        .with_hint("give the TOC's page numbers a fixed width in the theme's print CSS (e.g. `.toc-page { display: inline-block; min-width: 3ch }`), so that filling them in cannot re-wrap the table of contents; or print with WeasyPrint").into())
    }

    /// The page on which each target starts in `pdf` (printed from `doc`).
    fn locate(
        &mut self,
        doc: &str,
        targets: &[String],
        pdf: &Path,
        poppler: &Poppler,
    ) -> Result<BTreeMap<String, usize>> {
        let dests = poppler
            .destinations(pdf)
            .map_err(|why| engine_error(self.found, self.edition, &why))?;
        let mut pages = BTreeMap::new();
        let mut unknown = Vec::new();
        for t in targets {
            match dests.get(t) {
                Some(&p) => {
                    pages.insert(t.clone(), p);
                }
                None => unknown.push(t.clone()),
            }
        }
        if !unknown.is_empty() {
            pages.extend(self.locate_by_markers(doc, &unknown, poppler)?);
        }
        Ok(pages)
    }

    /// Prints a copy of `doc` with a marker at the start of each target and finds the
    /// markers' pages with `pdftotext`.
    fn locate_by_markers(
        &mut self,
        doc: &str,
        targets: &[String],
        poppler: &Poppler,
    ) -> Result<BTreeMap<String, usize>> {
        let marked = html::insert_markers(doc, targets).map_err(|missing| {
            Diagnostic::error(
                "pdf-toc",
                Location::file_start(self.edition),
                format!(
                    "the table of contents points at {}, but no element of the edition has that id",
                    list_ids(&missing)
                ),
            )
            .with_hint("in the theme's print.html, give each `<span class=\"toc-page\">` a `data-target` equal to the `id` of the chapter it numbers")
        })?;
        let out = self.scratch("markers");
        self.print_html(&marked, &out)?;
        let text = poppler
            .pages_text(&out)
            .map_err(|why| engine_error(self.found, self.edition, &why))?;
        let markers: Vec<String> = (0..targets.len()).map(html::marker).collect();
        let found = poppler::find_markers(&text, &markers);
        let lost: Vec<String> = targets
            .iter()
            .zip(&found)
            .filter(|(_, p)| p.is_none())
            .map(|(t, _)| t.clone())
            .collect();
        if !lost.is_empty() {
            return Err(Diagnostic::error(
                "pdf-toc",
                Location::file_start(self.edition),
                format!("cannot tell on which page {} starts: the element is not printed", list_ids(&lost)),
            )
            .with_hint("the table of contents should only point at chapters that are shown in print (not `display: none`)").into());
        }
        Ok(targets
            .iter()
            .cloned()
            .zip(found.into_iter().flatten())
            .collect())
    }
}

/// One Chromium run: `html` → `out`, with a fresh browser profile.
pub fn print_file(job: &Job, html: &Path, out: &Path) -> Result<()> {
    let found = job.found;
    let profile = job.work.path().join(format!("profile-{}", job.runs));
    let url = file_url(html).map_err(|e| io_error(html, "find", &e))?;
    let mut print_to = OsString::from("--print-to-pdf=");
    // Absolute: Chromium resolves a relative `--print-to-pdf` against its own folder.
    print_to.push(std::path::absolute(out).map_err(|e| io_error(out, "find", &e))?);
    let mut user_data = OsString::from("--user-data-dir=");
    user_data.push(&profile);
    let mut command = Command::new(&found.program);
    command.args(FLAGS).arg(user_data).arg(print_to).arg(url);
    let ran = run_engine(
        found,
        job.edition,
        &mut command,
        LIMIT,
        |r: &process::Ran| meaningful(&r.stderr),
    )?;
    check_pdf(found, job.edition, out, &meaningful(&ran.stderr))
}

/// Chromium's stderr without the noise it always prints in a container (D-Bus, the Debian
/// wrapper's shell warning), last lines only.
fn meaningful(stderr: &str) -> String {
    let kept: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.contains("dbus") && !l.contains("unexpected operator"))
        .collect();
    process::tail(&kept.join("\n"), 12)
}

/// `#a`, `#b` and `#c`, for messages.
fn list_ids(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("`#{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a `file://` URL keeps as it is: letters, digits, `/`, `-`, `.`, `_` and `~`.
const FILE_URL: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The `file://` URL of `path`, percent-encoded.
fn file_url(path: &Path) -> std::io::Result<String> {
    let path = std::fs::canonicalize(path)?;
    let text = path.to_string_lossy();
    let encoded = percent_encoding::utf8_percent_encode(&text, FILE_URL);
    Ok(format!("file://{encoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_percent_encoded() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("手册 #1.html");
        std::fs::write(&file, "").unwrap();
        let url = file_url(&file).unwrap();
        assert!(url.starts_with("file:///"), "{url}");
        assert!(url.ends_with("/%E6%89%8B%E5%86%8C%20%231.html"), "{url}");
    }

    #[test]
    fn chromium_noise_is_dropped() {
        let stderr = "/usr/bin/chromium: 9: [: 1: unexpected operator\n[1:2:ERROR:dbus/bus.cc:405] Failed to connect\nreal problem\n";
        assert_eq!(meaningful(stderr), "real problem");
    }

    #[test]
    fn display_ids() {
        assert_eq!(list_ids(&["a".into(), "历史".into()]), "`#a`, `#历史`");
    }
}
