//! Writing into a published output folder in place, for `serve`'s partial rebuilds: a file
//! whose bytes changed is written beside its old self and renamed over it (a request reads
//! the old file or the new one, never half of one); a file with the same bytes is left as
//! it is.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Sink, file_holds, is_plain, not_plain};
use crate::diagnostic::{Result, io_error};

/// An output folder written in place.
pub struct InPlace {
    root: PathBuf,
    /// Every path written, changed or not.
    written: Mutex<BTreeSet<String>>,
    /// The paths whose bytes changed.
    changed: Mutex<BTreeSet<String>>,
}

impl InPlace {
    /// Writes into the folder `root`.
    pub fn new(root: &Path) -> InPlace {
        InPlace {
            root: root.to_path_buf(),
            written: Mutex::default(),
            changed: Mutex::default(),
        }
    }

    /// Every path written so far.
    pub fn written(&self) -> BTreeSet<String> {
        self.written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// How many files changed.
    pub fn changed(&self) -> usize {
        self.changed.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Removes the files under folder `dir` (a path inside the output) that were not
    /// written; returns how many.
    pub fn remove_unwritten(&self, dir: &str) -> usize {
        let written = self.written();
        let base = self.root.join(dir);
        let mut removed = 0;
        for entry in walkdir::WalkDir::new(&base).into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = crate::content::slash_path(&self.root, entry.path());
            if !written.contains(&rel) && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

impl Sink for InPlace {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.write_parts(rel, &[bytes])
    }

    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<()> {
        if !is_plain(rel) {
            return Err(not_plain(rel, &self.root).into());
        }
        let path = self.root.join(rel);
        (self.written.lock().unwrap_or_else(|p| p.into_inner())).insert(rel.to_string());
        if file_holds(&path, parts) {
            return Ok(());
        }
        // No fsync: the folder is the server's own, rebuilt when it starts again.
        let beside = crate::atomic::Beside::new(&path)?;
        let mut file = beside.file();
        for part in parts {
            file.write_all(part)
                .map_err(|e| io_error(beside.path(), "write", &e))?;
        }
        beside.commit()?;
        (self.changed.lock().unwrap_or_else(|p| p.into_inner())).insert(rel.to_string());
        Ok(())
    }

    fn write_file(&self, rel: &str, file: &Path) -> Result<()> {
        let bytes = std::fs::read(file).map_err(|e| io_error(file, "read", &e))?;
        self.write(rel, &bytes)
    }

    /// The folder is the last run's output: the file is there as it was.
    fn keep(&self, rel: &str) -> bool {
        (self.written.lock().unwrap_or_else(|p| p.into_inner())).insert(rel.to_string());
        true
    }
}
