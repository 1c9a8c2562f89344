//! Write: every kind of output ([`KINDS`]), and the folder they go into. Everything goes
//! into a staging folder beside the output, which replaces the output whole only when the
//! build succeeded. A folder is only ever replaced when it is empty or carries brochure's
//! marker file.

pub mod kind;
pub mod landing;
pub mod not_found;
pub mod pages;
pub mod print;
pub mod robots;
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
    &static_files::StaticFiles,
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

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location, Result, display_path, io_error};
use crate::fingerprint;

/// The file that marks a folder as written by brochure.
pub const MARKER: &str = ".brochure-output";

const MARKER_TEXT: &str =
    "This folder is written by brochure and replaced whole on every build. Do not edit it.\n";

/// Where rendered files go: an output folder, or nowhere (for `check`).
pub trait Sink: Sync {
    /// Writes `bytes` to `rel`, a `/`-separated path inside the output.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;

    /// Copies the file `from` to `rel`.
    fn copy(&self, from: &Path, rel: &str) -> Result<()>;
}

/// A sink that keeps nothing: `check` renders every page to find template errors.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> Result<()> {
        Ok(())
    }

    fn copy(&self, _from: &Path, _rel: &str) -> Result<()> {
        Ok(())
    }
}

impl Sink for Output {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        Output::write(self, rel, bytes)
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<()> {
        Output::copy(self, from, rel)
    }
}

/// An output folder being written.
pub struct Output {
    staging: tempfile::TempDir,
    target: PathBuf,
    /// The target, when it holds an earlier build whose unchanged files can be kept.
    previous: Option<PathBuf>,
}

impl Output {
    /// Checks that `target` may be replaced and opens a staging folder beside it.
    pub fn prepare(target: &Path) -> Result<Output> {
        check_replaceable(target)?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create", &e))?;
        let name = target
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .map_err(|e| io_error(&parent, "create a staging folder in", &e))?;
        Ok(Output {
            staging,
            target: target.to_path_buf(),
            previous: target.join(MARKER).is_file().then(|| target.to_path_buf()),
        })
    }

    /// The staging folder.
    pub fn root(&self) -> &Path {
        self.staging.path()
    }

    /// Writes `bytes` to `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.prepare_path(rel)?;
        if self.keep_previous(rel, &path, |old| old == bytes) {
            return Ok(());
        }
        std::fs::write(&path, bytes).map_err(|e| io_error(&path, "write", &e).into())
    }

    /// Copies `from` to `rel` inside the output.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<()> {
        let path = self.prepare_path(rel)?;
        if self.keep_previous(rel, &path, |old| {
            std::fs::read(from).is_ok_and(|new| new == old)
        }) {
            return Ok(());
        }
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| io_error(from, "copy", &e).into())
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
    fn keep_previous(&self, rel: &str, path: &Path, same: impl Fn(&[u8]) -> bool) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(rel);
        let unchanged = std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file())
            && std::fs::read(&old).is_ok_and(|bytes| same(&bytes));
        unchanged && std::fs::hard_link(&old, path).is_ok()
    }

    /// The path of `rel` in staging; refuses anything that would leave the folder.
    fn path_for(&self, rel: &str) -> Result<PathBuf> {
        let rel_path = Path::new(rel);
        let safe = !rel.is_empty()
            && rel_path
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(Diagnostic::error(
                "output",
                Location::file_start(&self.target),
                format!(
                    "refusing to write `{rel}`: it is not a plain path inside the output folder"
                ),
            )
            .with_hint("slugs and file names must not contain `..`, `/` or absolute paths")
            .into());
        }
        Ok(self.staging.path().join(rel_path))
    }

    /// Marks the staging folder with the inputs' fingerprint and swaps it in place of the
    /// target. Files equal to the old output's are the old files (hard links, see
    /// [`Output::write`]), so they keep their modification times.
    pub fn commit(self, inputs: u64) -> Result<()> {
        let root = self.staging.path();
        let marker = Marker {
            inputs,
            outputs: fingerprint::outputs(root, MARKER),
        };
        std::fs::write(root.join(MARKER), marker.to_text())
            .map_err(|e| io_error(root, "write", &e))?;
        set_readable(root).map_err(|e| io_error(root, "set permissions on", &e))?;
        // Check again: something may have appeared while we built.
        check_replaceable(&self.target)?;
        let staging = self.staging.keep();
        swap(&staging, &self.target).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            io_error(&self.target, "replace", &e).into()
        })
    }
}

/// What the marker file records about the build that wrote the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub inputs: u64,
    pub outputs: u64,
}

impl Marker {
    fn to_text(self) -> String {
        format!(
            "{MARKER_TEXT}inputs {:016x}\noutputs {:016x}\n",
            self.inputs, self.outputs
        )
    }

    /// The marker of the output folder `dir`, if it has one brochure can read.
    pub fn read(dir: &Path) -> Option<Marker> {
        let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
        };
        Some(Marker {
            inputs: field("inputs ")?,
            outputs: field("outputs ")?,
        })
    }
}

/// Whether `dir` holds exactly what a build of these `inputs` wrote there.
pub fn is_up_to_date(dir: &Path, inputs: u64) -> bool {
    Marker::read(dir)
        .is_some_and(|m| m.inputs == inputs && m.outputs == fingerprint::outputs(dir, MARKER))
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

/// `staging` becomes `target`; an old `target` is moved aside first, then deleted.
fn swap(staging: &Path, target: &Path) -> io::Result<()> {
    if !target.exists() {
        return std::fs::rename(staging, target);
    }
    let parent = staging.parent().unwrap_or(Path::new("."));
    let old = tempfile::Builder::new()
        .prefix(".brochure-old-")
        .tempdir_in(parent)?
        .keep();
    std::fs::remove_dir(&old)?;
    std::fs::rename(target, &old)?;
    if let Err(e) = std::fs::rename(staging, target) {
        std::fs::rename(&old, target)?;
        return Err(e);
    }
    std::fs::remove_dir_all(&old)
}

/// `target` may be replaced: it does not exist, is an empty folder, or has the marker.
fn check_replaceable(target: &Path) -> Result<()> {
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            "output",
            Location::file_start(target),
            format!("refusing to write the site into `{}`: {why}", display_path(target)),
        )
        .with_hint(format!(
            "brochure only replaces folders it wrote (they hold `{MARKER}`) or empty ones; choose another --out, or empty the folder yourself"
        ))
        .into())
    };
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error(target, "inspect", &e).into()),
        Ok(meta) if !meta.is_dir() => refuse("it is not a folder"),
        Ok(_) if target.join(MARKER).is_file() => Ok(()),
        Ok(_) => match std::fs::read_dir(target).map(|mut e| e.next().is_none()) {
            Ok(true) => Ok(()),
            Ok(false) => refuse("it is not empty and was not written by brochure"),
            Err(e) => Err(io_error(target, "read", &e).into()),
        },
    }
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
        first.commit(1).unwrap();
        let second = Output::prepare(&target).unwrap();
        second.write("b.html", b"two").unwrap();
        second.commit(2).unwrap();
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
}
