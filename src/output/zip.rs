//! `build --offline --zip FILE`: the offline site as one zip file to send, unpacking to a
//! single folder. Entries are sorted and undated, so the same site gives the same bytes.

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

use super::MARKER;
use crate::diagnostic::{Diagnostic, Location, Result, io_error};

/// Writes every file under `dir` into the zip file `to`, under a folder named after it.
pub fn write_zip(dir: &Path, to: &Path) -> Result<()> {
    let folder = to
        .file_stem()
        .map_or("site".into(), |s| s.to_string_lossy().into_owned());
    let parent = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create", &e))?;
    let temp = tempfile::Builder::new()
        .prefix(".brochure-zip-")
        .tempfile_in(&parent)
        .map_err(|e| io_error(&parent, "create a temporary file in", &e))?;
    let mut zip = zip::ZipWriter::new(temp.as_file());
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
    zip.finish().map_err(zip_error)?;
    temp.persist(to)
        .map_err(|e| io_error(to, "write", &e.error))?;
    Ok(())
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
