//! Static files: the theme's `static/`, then the site's `static/` over it, copied to the
//! output root; co-located content assets copied beside the pages of every language.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::Sink;
use crate::config::Config;
use crate::content::Asset;
use crate::diagnostic::{Diagnostic, Failure, Location, Result};

/// Static files by output path (`style.css`, `img/logo.svg`).
#[derive(Debug, Clone, Default)]
pub struct StaticFiles {
    pub files: BTreeMap<String, PathBuf>,
}

impl StaticFiles {
    /// Lists the theme's static files, then the site's (which win on the same path).
    pub fn load(config: &Config) -> Result<StaticFiles> {
        let mut files = BTreeMap::new();
        list(&config.theme_dir().join("static"), &mut files)?;
        list(&config.root.join("static"), &mut files)?;
        Ok(StaticFiles { files })
    }

    /// Whether `rel` is a static file.
    pub fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }
}

fn list(dir: &Path, out: &mut BTreeMap<String, PathBuf>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    // Symlinked files are copied like others: the site author put them there.
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Failure::one(Diagnostic::error(
                "io",
                Location::file_start(dir),
                format!("cannot read static files: {e}"),
            ))
        })?;
        if entry.file_type().is_file() {
            let rel = crate::content::slash_path(dir, entry.path());
            out.insert(rel, entry.path().to_path_buf());
        }
    }
    Ok(())
}

/// Copies static files to the output root and assets under every language.
pub fn copy_all(
    output: &dyn Sink,
    statics: &StaticFiles,
    assets: &[Asset],
    config: &Config,
) -> Result<()> {
    let mut jobs: Vec<(&Path, String)> = statics
        .files
        .iter()
        .map(|(rel, path)| (path.as_path(), rel.clone()))
        .collect();
    for asset in assets {
        for lang in &config.languages {
            jobs.push((
                asset.source.as_path(),
                format!("{}/{}", lang.code, asset.rel),
            ));
        }
    }
    jobs.par_iter()
        .try_for_each(|(from, rel)| output.copy(from, rel))
}

/// The media type of a file, by extension.
pub fn media_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "css" => "text/css",
        "js" => "text/javascript",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "html" => "text/html; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file at `path` as a `data:` URI, for self-contained documents.
pub fn data_uri(path: &Path) -> std::io::Result<String> {
    use base64::Engine;
    let bytes = std::fs::read(path)?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let media = media_type(path)
        .split(';')
        .next()
        .unwrap_or("application/octet-stream");
    Ok(format!("data:{media};base64,{encoded}"))
}
