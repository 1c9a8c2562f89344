//! `brochure pdf`: prints the brochure editions of a built site to PDF with WeasyPrint
//! (preferred) or headless Chromium.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Location, Result};

/// Which editions to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EditionChoice {
    Zh,
    En,
    Bilingual,
    All,
}

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
    pub edition: EditionChoice,
    /// `None`: find one, WeasyPrint first.
    pub engine: Option<Engine>,
}

/// One PDF written.
#[derive(Debug, Clone)]
pub struct Printed {
    pub pdf: PathBuf,
    pub engine: Engine,
    pub pages: Option<usize>,
    pub seconds: f64,
}

/// Prints the requested editions; the PDFs go beside the HTML editions.
pub fn run(options: &PdfOptions) -> Result<Vec<Printed>> {
    Err(Diagnostic::error(
        "pdf",
        Location::file_start(options.out.join("print")),
        "printing to PDF is not implemented yet",
    )
    .into())
}
