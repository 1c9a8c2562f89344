//! `build --offline --zip FILE`: the offline site as one zip file to send, unpacking to a
//! single folder. Entries are sorted and undated, so the same site gives the same bytes.
//! The archive comment marks the file as brochure's: only such a file is ever replaced.

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

use super::MARKER;
use super::guard::{self, Input};
use crate::diagnostic::{Diagnostic, Location, Result, display_path, io_error};

/// The archive comment of every zip brochure writes.
const COMMENT: &str = "Written by brochure build --offline --zip; the next such build replaces it.";

/// Refuses a zip file `to` inside the output folder `out` or the `inputs`, or one that
/// would replace a file brochure did not write.
pub fn check_destination(to: &Path, out: &Path, inputs: &[Input]) -> Result<()> {
    let real = guard::resolve(to);
    let real_out = guard::resolve(out);
    if real.starts_with(&real_out) {
        let why = format!("it is inside the output folder `{}`", display_path(out));
        return refuse(to, &why, "write the zip file outside the output folder");
    }
    for input in inputs.iter().filter(|i| !i.holds_output) {
        if real.starts_with(guard::resolve(&input.path)) {
            let why = format!(
                "it is inside the {} `{}`",
                input.what,
                display_path(&input.path)
            );
            return refuse(to, &why, "write the zip file outside the site's inputs");
        }
    }
    check_replaceable(to)
}

/// `to` does not exist, or is a zip file brochure wrote.
fn check_replaceable(to: &Path) -> Result<()> {
    let new_name = "choose a new file name, or move the file away first: brochure only replaces zip files it wrote";
    match std::fs::symlink_metadata(to) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error(to, "inspect", &e).into()),
        Ok(meta) if meta.is_file() && is_ours(to) => Ok(()),
        Ok(meta) if meta.is_dir() => refuse(to, "it is a folder", new_name),
        Ok(_) => refuse(to, "it exists and was not written by brochure", new_name),
    }
}

/// Whether the file at `path` is a zip archive with brochure's comment.
fn is_ours(path: &Path) -> bool {
    std::fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(f).ok())
        .is_some_and(|archive| archive.comment() == COMMENT.as_bytes())
}

fn refuse(to: &Path, why: &str, hint: &str) -> Result<()> {
    Err(Diagnostic::error(
        "zip",
        Location::file_start(to),
        format!(
            "refusing to write the zip file `{}`: {why}",
            display_path(to)
        ),
    )
    .with_hint(hint)
    .into())
}

/// Writes every file under `dir` into the zip file `to`, under a folder named after it:
/// into a temporary file beside it, renamed over `to` once complete.
pub fn write_zip(dir: &Path, to: &Path) -> Result<()> {
    check_replaceable(to)?;
    let folder = to
        .file_stem()
        .map_or("site".into(), |s| s.to_string_lossy().into_owned());
    let temp = crate::atomic::Beside::new(to)?;
    let mut zip = zip::ZipWriter::new(temp.file());
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let zip_error = |e: zip::result::ZipError| {
        Diagnostic::error(
            "zip",
            Location::file_start(to),
            format!("cannot write the zip file: {e}"),
        )
        .with_hint("check that the folder is writable and has space")
    };
    for rel in files(dir)? {
        let bytes =
            std::fs::read(dir.join(&rel)).map_err(|e| io_error(&dir.join(&rel), "read", &e))?;
        zip.start_file(format!("{folder}/{rel}"), options)
            .map_err(zip_error)?;
        zip.write_all(&bytes)
            .map_err(|e| io_error(to, "write", &e))?;
    }
    zip.set_comment(COMMENT).map_err(zip_error)?;
    zip.finish().map_err(zip_error)?;
    temp.file()
        .sync_all()
        .map_err(|e| io_error(to, "write", &e))?;
    temp.commit()
}

/// The files under `dir` (not the marker), as sorted `/`-separated paths.
fn files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                "zip",
                Location::file_start(dir),
                format!("cannot read the output: {e}"),
            )
        })?;
        if entry.file_type().is_file() {
            let rel = crate::content::slash_path(dir, entry.path());
            if rel != MARKER {
                out.push(rel);
            }
        }
    }
    Ok(out)
}
