//! Printing with WeasyPrint: one call; the table of contents gets its page numbers from the
//! print CSS (`target-counter()`), so the edition goes in as it is.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::engine::Found;
use super::process;
use super::{check_pdf, engine_error};
use crate::diagnostic::Result;

/// How long one edition may take (WeasyPrint 70 needs a few seconds for the brochure).
const LIMIT: Duration = Duration::from_secs(600);

/// Prints `edition` to `pdf`.
pub fn print(found: &Found, edition: &Path, pdf: &Path) -> Result<()> {
    let ran =
        process::run(Command::new(&found.program).arg(edition).arg(pdf), LIMIT).map_err(|e| {
            engine_error(
                found,
                edition,
                &format!("`{}` {e}", found.program.display()),
            )
        })?;
    if !ran.status.success() {
        let why = format!(
            "`{}` failed ({}):\n{}",
            found.program.display(),
            ran.status,
            ran.stderr_tail(12)
        );
        return Err(engine_error(found, edition, &why).into());
    }
    check_pdf(found, edition, pdf, &ran.stderr)
}
