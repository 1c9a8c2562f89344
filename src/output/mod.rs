//! Write: every kind of output ([`KINDS`]), and the folder they go into. Everything goes
//! into a staging folder beside the output, which replaces the output whole only when the
//! build succeeded. A folder is only ever replaced when it is empty or holds nothing but
//! what brochure wrote there (see [`guard`]).

pub mod aliases;
pub mod feeds;
pub mod guard;
pub mod images;
pub mod in_place;
pub mod kept;
pub mod kind;
pub mod landing;
pub mod listings;
pub mod marker;
pub mod not_found;
pub mod pages;
pub mod print;
pub mod robots;
pub mod search;
pub mod sitemap;
pub mod static_files;
pub mod zip;

pub use kind::{OutputKind, Run};

/// Every kind of output a build writes, in one place.
pub const KINDS: &[&dyn OutputKind] = &[
    &pages::Pages,
    &not_found::NotFound,
    &landing::Landing,
    &print::Print,
    &sitemap::Sitemap,
    &robots::Robots,
    &static_files::Static,
    &listings::Listings,
    &aliases::Aliases,
    &feeds::Feeds,
    &images::Images,
    &search::Search,
];

/// One result for many: `Ok` when all are, else every error of every one.
pub fn collect_errors(results: Vec<Result<()>>) -> Result<()> {
    let errors: Vec<Diagnostic> = results
        .into_iter()
        .filter_map(|r| r.err())
        .flat_map(|crate::diagnostic::Failure(ds)| ds)
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(crate::diagnostic::Failure(errors))
    }
}

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostic::{Diagnostic, Location, Result, display_path, io_error};
use crate::fingerprint;
pub use guard::{Input, check_overlap, remove_leftovers};
pub use marker::Marker;

/// The file that marks a folder as written by brochure.
pub const MARKER: &str = ".brochure-output";

/// Where rendered files go: an output folder, or nowhere (for `check`).
pub trait Sink: Sync {
    /// Writes `bytes` to `rel`, a `/`-separated path inside the output.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;

    /// Writes the concatenation of `parts` to `rel`.
    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<()> {
        self.write(rel, &parts.concat())
    }

    /// Puts the file at `file`, which nothing changes afterwards (a cached image variant),
    /// at `rel`: the output folder links it in instead of copying its bytes.
    fn write_file(&self, rel: &str, file: &Path) -> Result<()> {
        let bytes = std::fs::read(file).map_err(|e| io_error(file, "read", &e))?;
        self.write(rel, &bytes)
    }

    /// Whether what is written is thrown away (then costly outputs, such as image
    /// variants, need not be made).
    fn discards(&self) -> bool {
        false
    }

    /// Takes `rel` as written with the bytes the last run wrote there (a caller that knows
    /// they did not change): `true` when the sink writes over the last run's output and
    /// keeps the file as it is; `false` (the default) when the caller must write it.
    fn keep(&self, _rel: &str) -> bool {
        false
    }
}

/// A sink that keeps nothing: `check` renders every page to find template errors.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> Result<()> {
        Ok(())
    }

    fn discards(&self) -> bool {
        true
    }
}

impl Sink for Output {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        Output::write(self, rel, bytes)
    }

    fn write_file(&self, rel: &str, file: &Path) -> Result<()> {
        Output::write_file(self, rel, file)
    }

    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<()> {
        Output::write_parts(self, rel, parts)
    }
}

/// An output folder being written.
pub struct Output {
    /// The staging folder's lock, held while this build runs (dropped first: once the
    /// build is over, whoever removes the folder may).
    lock: File,
    /// `.NAME.staging-XXXXXX` beside the target, locked while this build runs: the new
    /// output (`site/`) is written in it and, while swapping, the old one is moved into it
    /// (`old/`), so whatever a killed build leaves is in one folder the next build removes.
    staging: tempfile::TempDir,
    /// The new output, `site/` in the staging folder.
    root: PathBuf,
    target: PathBuf,
    /// The target, when it holds an earlier build whose unchanged files can be kept.
    previous: Option<PathBuf>,
    /// Every file written, with its size: what the marker lists.
    written: Mutex<BTreeMap<String, u64>>,
    /// Files of the target the new output carries over (see [`kept`]).
    kept: Vec<String>,
}

impl Output {
    /// Checks that `target` may be replaced and opens a staging folder beside it.
    pub fn prepare(target: &Path) -> Result<Output> {
        Output::prepare_keeping(target, &[])
    }

    /// As [`Output::prepare`], carrying the files `kept` of `target` (paths inside it, such
    /// as the PDFs `brochure pdf` printed: see [`kept`]) over into the new output.
    pub fn prepare_keeping(target: &Path, kept: &[String]) -> Result<Output> {
        guard::check_replaceable_keeping(target, kept)?;
        let (parent, name) = guard::parent_and_name(target);
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create", &e))?;
        let staging = tempfile::Builder::new()
            .prefix(&guard::staging_prefix(&name))
            .tempdir_in(&parent)
            .map_err(|e| io_error(&parent, "create a staging folder in", &e))?;
        let lock =
            guard::hold_lock(staging.path()).map_err(|e| io_error(staging.path(), "lock", &e))?;
        let root = staging.path().join(NEW);
        std::fs::create_dir(&root).map_err(|e| io_error(&root, "create", &e))?;
        Ok(Output {
            lock,
            staging,
            root,
            target: target.to_path_buf(),
            previous: target.join(MARKER).is_file().then(|| target.to_path_buf()),
            written: Mutex::default(),
            kept: kept.to_vec(),
        })
        .and_then(|output| {
            for rel in kept {
                output.carry_over(rel)?;
            }
            Ok(output)
        })
    }

    /// Puts the target's file `rel` into the new output as it is (a hard link, else a copy),
    /// recorded in the marker like a file the build wrote.
    fn carry_over(&self, rel: &str) -> Result<()> {
        self.write_file(rel, &self.target.join(rel))
    }

    /// The folder the new output is written to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.write_parts(rel, &[bytes])
    }

    /// Writes the concatenation of `parts` to `rel`, piece by piece.
    pub fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<()> {
        let path = self.prepare_path(rel)?;
        if !self.keep_previous(rel, &path, parts) {
            write_all(&path, parts).map_err(|e| io_error(&path, "write", &e))?;
        }
        let size = parts.iter().map(|p| p.len() as u64).sum();
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        written.insert(rel.to_string(), size);
        Ok(())
    }

    /// Puts the immutable file `file` at `rel` as a hard link (no bytes read or written;
    /// it keeps its modification time from one build to the next), else as a copy.
    pub fn write_file(&self, rel: &str, file: &Path) -> Result<()> {
        let path = self.prepare_path(rel)?;
        if std::fs::hard_link(file, &path).is_err() {
            std::fs::copy(file, &path).map_err(|e| io_error(file, "copy", &e))?;
        }
        let size = std::fs::metadata(&path)
            .map_err(|e| io_error(&path, "read", &e))?
            .len();
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        written.insert(rel.to_string(), size);
        Ok(())
    }

    /// The staging path of `rel`, with its folder made and nothing in its place (a hard
    /// link written through would change the previous output).
    fn prepare_path(&self, rel: &str) -> Result<PathBuf> {
        let path = self.path_for(rel)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create", &e))?;
        }
        let _ = std::fs::remove_file(&path);
        Ok(path)
    }

    /// When the previous build wrote the same bytes to `rel`, links its file in instead of
    /// writing a new one: it keeps its modification time and no inode is spent.
    fn keep_previous(&self, rel: &str, path: &Path, parts: &[&[u8]]) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(rel);
        file_holds(&old, parts) && std::fs::hard_link(&old, path).is_ok()
    }

    /// The path of `rel` in staging; refuses anything that would leave the folder.
    fn path_for(&self, rel: &str) -> Result<PathBuf> {
        if !is_plain(rel) {
            return Err(not_plain(rel, &self.target).into());
        }
        Ok(self.root.join(rel))
    }

    /// Marks the new output with the inputs' fingerprint and what it holds, and swaps it
    /// in place of the target. Files equal to the old output's are the old files (hard
    /// links, see [`Output::write`]), so they keep their modification times. Once the new
    /// output is in place the build has succeeded: an old output that cannot be deleted is
    /// a warning that says where it was left.
    pub fn commit(self, inputs: u64) -> Result<Vec<Diagnostic>> {
        self.commit_with(inputs, |old| std::fs::remove_dir_all(old))
    }

    fn commit_with(
        mut self,
        inputs: u64,
        remove: impl FnOnce(&Path) -> io::Result<()>,
    ) -> Result<Vec<Diagnostic>> {
        let files = std::mem::take(self.written.get_mut().unwrap_or_else(|p| p.into_inner()));
        let marker = Marker { inputs, files };
        let root = &self.root;
        std::fs::write(root.join(MARKER), marker.to_text())
            .map_err(|e| io_error(root, "write", &e))?;
        set_readable(root).map_err(|e| io_error(root, "set permissions on", &e))?;
        // Check again: something may have appeared while we built.
        guard::check_replaceable_keeping(&self.target, &self.kept)?;
        let old = self.staging.path().join(OLD);
        let swapped = swap(root, &self.target, &old, remove);
        if matches!(swapped, Ok(()) | Err(Swap::OldKept(_))) {
            touch_marker(&self.target);
        }
        match swapped {
            Ok(()) => Ok(Vec::new()),
            Err(Swap::Failed(e)) => Err(io_error(&self.target, "replace", &e).into()),
            Err(Swap::OldKept(e)) => {
                // The old output stays in the staging folder; unlocked, the next build
                // removes it if it can.
                let kept = self.staging.keep();
                drop(self.lock);
                Ok(vec![old_output_kept(&self.target, &kept.join(OLD), &e)])
            }
            Err(Swap::Stuck(e)) => {
                let kept = self.staging.keep();
                Err(Diagnostic::error(
                    "output",
                    Location::file_start(&self.target),
                    format!(
                        "cannot put the output back in `{}`: {e}; the previous output is in `{}`",
                        display_path(&self.target),
                        display_path(&kept.join(OLD))
                    ),
                )
                .with_hint("move that folder back to the output's place")
                .into())
            }
        }
    }
}

/// Whether `rel` is a plain path inside a folder: not empty, no `..`, not absolute.
pub fn is_plain(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The error for a path `rel` that is not [`is_plain`], writing into the output `target`.
pub fn not_plain(rel: &str, target: &Path) -> Diagnostic {
    Diagnostic::error(
        "output",
        Location::file_start(target),
        format!("refusing to write `{rel}`: it is not a plain path inside the output folder"),
    )
    .with_hint("slugs and file names must not contain `..`, `/` or absolute paths")
}

/// Whether the file at `path` (not a link) holds exactly `parts`, one after the other:
/// its size is compared first, so a changed file is rarely read.
pub fn file_holds(path: &Path, parts: &[&[u8]]) -> bool {
    let size: u64 = parts.iter().map(|p| p.len() as u64).sum();
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == size)
        && std::fs::read(path).is_ok_and(|old| same_bytes(&old, parts))
}

/// Whether `bytes` is the concatenation of `parts`.
pub fn same_bytes(bytes: &[u8], parts: &[&[u8]]) -> bool {
    let mut rest = bytes;
    for part in parts {
        match rest.split_at_checked(part.len()) {
            Some((head, tail)) if head == *part => rest = tail,
            _ => return false,
        }
    }
    rest.is_empty()
}

/// Writes `parts` one after the other into a new file at `path`.
fn write_all(path: &Path, parts: &[&[u8]]) -> io::Result<()> {
    use std::io::Write;
    let mut file = File::create(path)?;
    for part in parts {
        file.write_all(part)?;
    }
    Ok(())
}

/// Marks the marker changed now, after every file of the output: the hard links into the
/// old output, now deleted, changed them after the marker was written. A file changed
/// later is an edit (see [`fingerprint::Stamp`]). When this fails, the next build only
/// renders again instead of writing nothing.
fn touch_marker(target: &Path) {
    if let Ok(file) = File::options().write(true).open(target.join(MARKER)) {
        let _ = file.set_modified(std::time::SystemTime::now());
    }
}

/// The warning for an old output that could not be deleted after the swap.
fn old_output_kept(target: &Path, kept: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::warning(
        "output",
        Location::file_start(target),
        format!(
            "the new output is in `{}`, but the previous one could not be deleted ({e}); it was left in `{}`",
            display_path(target),
            display_path(kept)
        ),
    )
    .with_hint("delete that folder yourself (make its files writable first); the next build also tries")
}

/// The new output and the old one, inside the staging folder.
const NEW: &str = "site";
const OLD: &str = "old";

/// Whether `dir` holds exactly what a build of these `inputs` wrote there, untouched since.
pub fn is_up_to_date(dir: &Path, inputs: u64) -> bool {
    let (Some(marker), Ok(meta)) = (Marker::read(dir), std::fs::metadata(dir.join(MARKER))) else {
        return false;
    };
    marker.inputs == inputs
        && marker.matches(
            &fingerprint::outputs(dir, MARKER),
            fingerprint::Stamp::of(&meta),
        )
}

/// A temporary folder is private (0700); a published site must be readable by a web server.
fn set_readable(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// How a swap went wrong.
#[derive(Debug)]
enum Swap {
    /// Nothing changed: the old output is where it was.
    Failed(io::Error),
    /// The new output is in place; the old one is still in the staging folder.
    OldKept(io::Error),
    /// The old output was moved aside and could not be put back.
    Stuck(io::Error),
}

/// `new` becomes `target`; an old `target` is moved to `old` first, then deleted by `remove`.
fn swap(
    new: &Path,
    target: &Path,
    old: &Path,
    remove: impl FnOnce(&Path) -> io::Result<()>,
) -> std::result::Result<(), Swap> {
    if !target.exists() {
        return std::fs::rename(new, target).map_err(Swap::Failed);
    }
    std::fs::rename(target, old).map_err(Swap::Failed)?;
    if let Err(e) = std::fs::rename(new, target) {
        return match std::fs::rename(old, target) {
            Ok(()) => Err(Swap::Failed(e)),
            Err(_) => Err(Swap::Stuck(e)),
        };
    }
    remove(old).map_err(Swap::OldKept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_foreign_folders_and_leaves_them_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("precious.txt"), "keep").unwrap();
        assert!(Output::prepare(&target).is_err());
        assert_eq!(
            std::fs::read_to_string(target.join("precious.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn replaces_its_own_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let first = Output::prepare(&target).unwrap();
        first.write("a/index.html", b"one").unwrap();
        assert!(first.commit(1).unwrap().is_empty());
        let second = Output::prepare(&target).unwrap();
        second.write("b.html", b"two").unwrap();
        assert!(second.commit(2).unwrap().is_empty());
        assert!(!target.join("a").exists());
        assert_eq!(std::fs::read(target.join("b.html")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging or old folders left behind");
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::prepare(&dir.path().join("out")).unwrap();
        assert!(out.write("../escape.html", b"x").is_err());
        assert!(out.write("/etc/x", b"x").is_err());
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn an_unfinished_build_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = Output::prepare(&dir.path().join("out")).unwrap();
        out.write("x.html", b"x").unwrap();
        drop(out);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_file_it_did_not_write_is_refused_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let first = Output::prepare(&target).unwrap();
        first.write("zh/index.html", b"one").unwrap();
        first.commit(1).unwrap();
        std::fs::write(target.join("zh/notes.txt"), "mine").unwrap();
        std::fs::create_dir_all(target.join("blog/2024")).unwrap();
        std::fs::write(target.join("blog/2024/post.html"), "mine").unwrap();
        let err = Output::prepare(&target).err().unwrap().to_string();
        assert!(
            err.contains("brochure did not write `blog/`, `zh/notes.txt` in it"),
            "{err}"
        );
        assert!(!is_up_to_date(&target, 1));
        assert_eq!(std::fs::read(target.join("zh/notes.txt")).unwrap(), b"mine");
    }

    #[test]
    fn unchanged_files_are_the_old_files_and_an_edit_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let first = Output::prepare(&target).unwrap();
        first.write("a.html", b"same").unwrap();
        first.write("b.html", b"old").unwrap();
        first.commit(1).unwrap();
        assert!(is_up_to_date(&target, 1));
        assert!(!is_up_to_date(&target, 2));
        #[cfg(unix)]
        let inode = |rel: &str| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(target.join(rel)).unwrap().ino()
        };
        #[cfg(unix)]
        let a = inode("a.html");
        let second = Output::prepare(&target).unwrap();
        second.write("a.html", b"same").unwrap();
        second.write("b.html", b"new").unwrap();
        second.commit(2).unwrap();
        #[cfg(unix)]
        assert_eq!(inode("a.html"), a, "a.html is the old file, hard-linked");
        assert!(is_up_to_date(&target, 2));
        // A same-size edit in place: the next build must not take the output as current.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(target.join("a.html"), b"SAME").unwrap();
        assert!(!is_up_to_date(&target, 2));
    }

    #[test]
    fn an_old_output_that_cannot_be_deleted_is_a_warning_naming_where_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let first = Output::prepare(&target).unwrap();
        first.write("a.html", b"one").unwrap();
        first.commit(1).unwrap();
        let second = Output::prepare(&target).unwrap();
        second.write("a.html", b"two").unwrap();
        let denied = || io::Error::from(io::ErrorKind::PermissionDenied);
        let warnings = second.commit_with(2, |_| Err(denied())).unwrap();
        assert_eq!(std::fs::read(target.join("a.html")).unwrap(), b"two");
        assert_eq!(warnings.len(), 1);
        let w = &warnings[0];
        assert!(!w.is_error());
        let kept = PathBuf::from(w.message.split('`').nth(3).unwrap());
        let staging = kept.parent().unwrap().file_name().unwrap();
        assert!(
            staging.to_string_lossy().starts_with(".out.staging-"),
            "{kept:?}"
        );
        assert_eq!(std::fs::read(kept.join("a.html")).unwrap(), b"one");
        // The next build clears it away.
        assert_eq!(remove_leftovers(&target).0.len(), 1);
        assert!(!kept.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_swap_leaves_the_old_output_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let (new, target, old) = (
            dir.path().join("new"),
            dir.path().join("out"),
            dir.path().join("missing/old"),
        );
        std::fs::create_dir(&new).unwrap();
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("a.html"), "old").unwrap();
        let result = swap(&new, &target, &old, |_| Ok(()));
        assert!(matches!(result, Err(Swap::Failed(_))), "{result:?}");
        assert_eq!(std::fs::read(target.join("a.html")).unwrap(), b"old");
    }

    #[test]
    fn a_running_build_keeps_its_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let running = Output::prepare(&target).unwrap();
        running.write("a.html", b"one").unwrap();
        assert!(remove_leftovers(&target).0.is_empty());
        let other = Output::prepare(&target).unwrap();
        other.write("a.html", b"two").unwrap();
        other.commit(2).unwrap();
        running.commit(1).unwrap();
        assert_eq!(std::fs::read(target.join("a.html")).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
