//! Fingerprints of a build's inputs and outputs, kept in the output's marker file, so a
//! build with nothing changed writes nothing (every file keeps its modification time).
//! The inputs' fingerprint is [`crate::inputs::Inputs::fingerprint`], over the bytes the
//! build reads.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use walkdir::WalkDir;

/// What a build depends on besides its files.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Flags {
    pub offline: bool,
    pub drafts: bool,
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
