//! Writing into a published output folder in place, for `serve`'s partial rebuilds: a file
//! whose bytes changed is written over its old self, in the same inode; a file with the
//! same bytes is left as it is. The server keeps requests out of the folder meanwhile (see
//! [`crate::serve`]'s builder), so a request reads the old file or the new one, never half
//! of one.
//!
//! Why not a new file renamed over the old one: on ext4 every rename frees an inode and
//! every new file allocates one, and right after thousands were freed the allocator scans
//! past them (without a journal it must skip inodes freed in the last seconds). Rewriting
//! the 10,014 pages of the 5k site after a `base.html` save took 4.7–8.1 s that way, more
//! than a full build (6.4–6.9 s), against 3.6–4.0 s now (see BENCHMARKS.md). A
//! file with other hard links (another folder's too) is still replaced by a rename, so
//! nothing outside this folder ever changes.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
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

/// The file at `path` open for writing, when it is a regular file (not a symbolic link)
/// with no other hard link.
fn only_link(path: &Path) -> Option<File> {
    let link = std::fs::symlink_metadata(path).ok()?;
    if !link.is_file() {
        return None;
    }
    let file = OpenOptions::new().write(true).open(path).ok()?;
    let meta = file.metadata().ok()?;
    (meta.is_file() && alone(&link, &meta)).then_some(file)
}

/// Whether the file opened (`meta`) is the one looked at (`link`) and has no other link.
#[cfg(unix)]
fn alone(link: &std::fs::Metadata, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (link.dev(), link.ino()) == (meta.dev(), meta.ino()) && meta.nlink() == 1
}

#[cfg(not(unix))]
fn alone(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    // Hard links cannot be told: always write a new file.
    false
}

/// Writes `parts` from the start of `file` and cuts what is left of its old bytes.
fn overwrite(file: &File, parts: &[&[u8]]) -> std::io::Result<()> {
    let len = put(file, parts)?;
    file.set_len(len)
}

/// Writes `parts` one after the other into `file`; returns how many bytes.
fn put(mut file: &File, parts: &[&[u8]]) -> std::io::Result<u64> {
    let mut len = 0;
    for part in parts {
        file.write_all(part)?;
        len += part.len() as u64;
    }
    Ok(len)
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
        match only_link(&path) {
            Some(file) => overwrite(&file, parts).map_err(|e| io_error(&path, "write", &e))?,
            None => {
                let beside = crate::atomic::Beside::new(&path)?;
                put(beside.file(), parts).map_err(|e| io_error(beside.path(), "write", &e))?;
                beside.commit()?;
            }
        }
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

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    fn inode(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn a_changed_file_is_written_over_itself_and_a_shorter_one_cut() {
        let dir = tempfile::tempdir().unwrap();
        let sink = InPlace::new(dir.path());
        sink.write("en/a/index.html", b"a longer first text")
            .unwrap();
        let path = dir.path().join("en/a/index.html");
        let before = inode(&path);
        sink.write_parts("en/a/index.html", &[b"short", b"er"])
            .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"shorter");
        assert_eq!(inode(&path), before, "the same file, not a new one");
        std::fs::write(dir.path().join("b.html"), "same").unwrap();
        sink.write("b.html", b"same").unwrap();
        assert_eq!(sink.changed(), 1, "same bytes are not a change");
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left");
    }

    /// A folder holding `out/` and a file `name` beside it that holds `text`.
    fn beside_out(name: &str, text: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let (file, root) = (dir.path().join(name), dir.path().join("out"));
        std::fs::write(&file, text).unwrap();
        std::fs::create_dir(&root).unwrap();
        (dir, file, root)
    }

    #[test]
    fn a_symbolic_link_is_replaced_not_written_through() {
        let (_dir, outside, root) = beside_out("outside.txt", "outside");
        std::os::unix::fs::symlink(&outside, root.join("feed.xml")).unwrap();
        InPlace::new(&root).write("feed.xml", b"feed").unwrap();
        assert_eq!(std::fs::read(&outside).unwrap(), b"outside");
        assert_eq!(std::fs::read(root.join("feed.xml")).unwrap(), b"feed");
        assert!(
            !std::fs::symlink_metadata(root.join("feed.xml"))
                .unwrap()
                .is_symlink()
        );
    }

    #[test]
    fn a_file_linked_elsewhere_is_replaced_and_the_other_link_keeps_its_bytes() {
        let (_dir, old, root) = beside_out("old.html", "before");
        std::fs::hard_link(&old, root.join("index.html")).unwrap();
        InPlace::new(&root).write("index.html", b"after").unwrap();
        assert_eq!(std::fs::read(root.join("index.html")).unwrap(), b"after");
        assert_eq!(std::fs::read(&old).unwrap(), b"before");
        assert_ne!(inode(&old), inode(&root.join("index.html")));
    }
}
