//! One edition being printed: its engine, its scratch space, and printing a variant of its
//! HTML (TOC numbers filled in, blank pages added) to a PDF in that scratch space.

use std::path::{Path, PathBuf};

use super::engine::Found;
use super::{Bleed, Engine, chromium, weasyprint};
use crate::diagnostic::{Result, io_error};

/// One edition being printed.
pub struct Job<'a> {
    pub found: &'a Found,
    pub edition: &'a Path,
    pub bleed: Option<&'a Bleed>,
    /// Private scratch space: browser profiles, the bleed stylesheet, the PDFs of the passes.
    pub work: tempfile::TempDir,
    /// How many times the engine ran (names the scratch files).
    pub runs: usize,
}

impl<'a> Job<'a> {
    pub fn new(found: &'a Found, edition: &'a Path, bleed: Option<&'a Bleed>) -> Result<Self> {
        let work = tempfile::Builder::new()
            .prefix("brochure-pdf-")
            .tempdir()
            .map_err(|e| io_error(&std::env::temp_dir(), "create a folder in", &e))?;
        Ok(Job {
            found,
            edition,
            bleed,
            work,
            runs: 0,
        })
    }

    /// A new file name in the scratch space: `pass-3.pdf`.
    pub fn scratch(&self, stem: &str) -> PathBuf {
        self.work
            .path()
            .join(format!("{stem}-{}.pdf", self.runs + 1))
    }

    /// Prints the HTML text `doc` (a variant of the edition) to `out`. The copy lives beside
    /// the edition, so that anything it refers to relatively is found as before.
    pub fn print_html(&mut self, doc: &str, out: &Path) -> Result<()> {
        let dir = self.edition.parent().unwrap_or(Path::new("."));
        let stem = self
            .edition
            .file_stem()
            .map_or("brochure".into(), |s| s.to_string_lossy().into_owned());
        let copy = tempfile::Builder::new()
            .prefix(&format!(".{stem}.pass-"))
            .suffix(".html")
            .tempfile_in(dir)
            .map_err(|e| io_error(dir, "write a temporary copy of the edition in", &e))?;
        std::fs::write(copy.path(), doc).map_err(|e| io_error(copy.path(), "write", &e))?;
        self.print_file(copy.path(), out)
    }

    /// One engine run: the HTML file `html` → `out`.
    pub fn print_file(&mut self, html: &Path, out: &Path) -> Result<()> {
        self.runs += 1;
        match self.found.engine {
            Engine::Weasyprint => weasyprint::print(self, html, out),
            Engine::Chromium => chromium::print_file(self, html, out),
        }
    }
}
