//! Printing with WeasyPrint: one call per print; the table of contents gets its page
//! numbers from the print CSS (`target-counter()`), so the edition goes in as it is.
//!
//! The PDF is tagged (`--pdf-tags`, in newer releases than 60: headings, paragraphs, lists,
//! figures and the reading order in a structure tree) when the installed WeasyPrint knows
//! the option. `--bleed` adds a user stylesheet with `@page { bleed; marks: crop }`: the
//! author's CSS sets neither, so the user origin is enough.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::job::Job;
use super::process;
use super::{check_pdf, run_engine};
use crate::diagnostic::{Result, io_error};

/// How long one print may take (WeasyPrint 70 needs a few seconds for the brochure).
const LIMIT: Duration = Duration::from_secs(600);

/// Prints `html` (the edition or a variant of it) to `pdf`.
pub fn print(job: &Job, html: &Path, pdf: &Path) -> Result<()> {
    let found = job.found;
    let mut command = Command::new(&found.program);
    if found.tags {
        command.arg("--pdf-tags");
    }
    if let Some(bleed) = job.bleed {
        let css = job.work.path().join("bleed.css");
        std::fs::write(&css, bleed_css(bleed.css())).map_err(|e| io_error(&css, "write", &e))?;
        command.arg(OsString::from("--stylesheet")).arg(css);
    }
    command.arg(html).arg(pdf);
    let ran = run_engine(
        found,
        job.edition,
        &mut command,
        LIMIT,
        |r: &process::Ran| r.stderr_tail(12),
    )?;
    check_pdf(found, job.edition, pdf, &ran.stderr)
}

/// The user stylesheet for `--bleed`: every page gets the bleed and crop marks.
fn bleed_css(length: &str) -> String {
    format!("@page {{ bleed: {length}; marks: crop; }}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bleed_stylesheet_names_the_length_and_crop_marks() {
        assert_eq!(bleed_css("3mm"), "@page { bleed: 3mm; marks: crop; }\n");
    }
}
