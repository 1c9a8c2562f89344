//! Fingerprints of a build's outputs, checked against the output's marker file, so a build
//! with nothing changed writes nothing (every file keeps its modification time) and an
//! output file edited since is written again. The inputs' fingerprint is
//! [`crate::inputs::Inputs::fingerprint`], over the bytes the build reads.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use walkdir::WalkDir;

/// What a build depends on besides its files.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Flags {
    pub offline: bool,
    pub drafts: bool,
}

/// What tells a file brochure wrote from one edited since, without reading it: its size,
/// and when its inode last changed. The change time moves on every write, rename over it,
/// `chmod` or `touch` (no program can set it back), so a file changed after the marker was
/// last touched is newer than the marker. Hashing the bytes instead would read the whole
/// output on every build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub size: u64,
    /// The inode's change time (the modification time where there is none), in
    /// nanoseconds since the Unix epoch.
    pub changed: i128,
}

impl Stamp {
    /// The stamp of a file with these metadata.
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let changed = {
            use std::os::unix::fs::MetadataExt;
            i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())
        };
        #[cfg(not(unix))]
        let changed = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        Stamp {
            size: meta.len(),
            changed,
        }
    }
}

/// An output folder as it is on disk, the marker left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Regular files by `/`-separated path.
    pub files: BTreeMap<String, Stamp>,
    /// Folders, by `/`-separated path.
    pub dirs: Vec<String>,
    /// Everything brochure never writes: symbolic links, special files, names that are
    /// not UTF-8, entries that cannot be read.
    pub others: Vec<String>,
}

/// Lists the output folder `dir` (the file named `marker` at its top left out).
pub fn outputs(dir: &Path, marker: &str) -> Listing {
    let mut listing = Listing::default();
    for entry in WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir);
                listing.others.push(relative(dir, path));
                continue;
            }
        };
        let rel = relative(dir, entry.path());
        let kind = entry.file_type();
        let utf8 = entry
            .path()
            .strip_prefix(dir)
            .is_ok_and(|p| p.to_str().is_some());
        match entry.metadata() {
            _ if !utf8 => listing.others.push(rel),
            Ok(_) if kind.is_dir() => listing.dirs.push(rel),
            Ok(meta) if kind.is_file() => {
                if rel != marker {
                    listing.files.insert(rel, Stamp::of(&meta));
                }
            }
            _ => listing.others.push(rel),
        }
    }
    listing
}

/// `path` inside `dir`, `/`-separated.
fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The hash of an output folder that markers before the file list held (paths and sizes,
/// the marker left out), so an output written by an earlier brochure is still known as
/// its own when nothing was added to it since.
pub fn legacy_outputs(dir: &Path, marker: &str) -> u64 {
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
