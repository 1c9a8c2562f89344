//! Fingerprints of a build's inputs and outputs, kept in the output's marker file, so a
//! build with nothing changed writes nothing (every file keeps its modification time).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;

/// What a build depends on besides its files.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Flags {
    pub offline: bool,
    pub drafts: bool,
}

/// A hash of brochure itself (version, and the executable's size and time, so a rebuilt
/// brochure rebuilds), the flags and every input file (path and bytes): site.yaml,
/// content/, the theme, locales/, templates/ and static/.
pub fn inputs(config: &Config, flags: Flags) -> u64 {
    let root = &config.root;
    let mut files = vec![root.join("site.yaml")];
    for dir in [
        config.content_dir(),
        config.theme_dir(),
        root.join("locales"),
        root.join("templates"),
        root.join("static"),
    ] {
        files.extend(
            WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path()),
        );
    }
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|path| {
            let mut h = DefaultHasher::new();
            path.hash(&mut h);
            std::fs::read(path).ok().hash(&mut h);
            h.finish()
        })
        .collect();
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    executable_identity().hash(&mut h);
    flags.hash(&mut h);
    hashes.hash(&mut h);
    h.finish()
}

/// The running executable's size and modification time.
fn executable_identity() -> Option<(u64, std::time::SystemTime)> {
    let meta = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// A hash of the files in an output folder (paths and sizes), the marker left out.
pub fn outputs(dir: &Path, marker: &str) -> u64 {
    let mut h = DefaultHasher::new();
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if entry.file_type().is_file() && entry.file_name() != marker {
            entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .hash(&mut h);
            entry.metadata().map(|m| m.len()).ok().hash(&mut h);
        }
    }
    h.finish()
}
