//! Builds for the server: a whole build goes into a fresh folder inside a temporary folder
//! we own (never the site's `public/`), and is published whole once it succeeded, so a
//! request never sees a half-written or missing output; the previous build stays on disk
//! until the next one is published, for requests still reading it. A save that changed only
//! page bodies, front matter values or templates is rebuilt in place in the published folder
//! by the [`Session`], each changed file written over its old self; requests wait for the
//! files they read meanwhile ([`Shelf::reading`]), so none reads half of one.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard};

use super::session::{How, Session};
use crate::build::Summary;
use crate::diagnostic::{Diagnostic, Failure, Location, Result, io_error};

/// What the server currently serves.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// The canonical output folder of the last good build; `None` before the first.
    pub root: Option<PathBuf>,
    /// The site's language codes (the first is the default), from the last good build.
    pub languages: Vec<String>,
    /// The errors of the last build, when it failed.
    pub failure: Option<Arc<Failure>>,
    /// The path of the site's `base_url` (`/intl/`), under which the site answers too.
    pub base_path: String,
}

/// The published state, shared with the request handlers.
#[derive(Debug, Default)]
pub struct Shelf {
    published: RwLock<Arc<Published>>,
    /// Held for writing while a rebuild writes the published folder in place, for reading
    /// while a request reads a file of it.
    folder: RwLock<()>,
}

impl Shelf {
    /// The current state (a cheap snapshot; the lock is held only to clone an `Arc`).
    pub fn get(&self) -> Arc<Published> {
        self.published
            .read()
            .map_or_else(|p| p.into_inner().clone(), |g| g.clone())
    }

    /// Replaces what is served.
    fn set(&self, published: Published) {
        let mut guard = self.published.write().unwrap_or_else(|p| p.into_inner());
        *guard = Arc::new(published);
    }

    /// Leave to read files of the published folder: while it is held, no rebuild writes
    /// there (it waits, as a request that comes during a rebuild in place waits for its end).
    pub fn reading(&self) -> RwLockReadGuard<'_, ()> {
        self.folder.read().unwrap_or_else(|p| p.into_inner())
    }
}

/// Runs builds into numbered folders of a temporary folder and publishes them.
pub struct Builder {
    site: PathBuf,
    session: Session,
    dir: tempfile::TempDir,
    generation: u64,
    /// Published folders, oldest first; at most two are kept.
    kept: VecDeque<PathBuf>,
    /// The warnings of the last good build, to print only new ones.
    warnings: BTreeSet<String>,
}

impl Builder {
    /// A builder for `site` with its own temporary folder.
    pub fn new(site: &Path, drafts: bool) -> Result<Builder> {
        let tmp = std::env::temp_dir();
        sweep_stale(&tmp);
        let dir = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .tempdir_in(&tmp)
            .map_err(|e| io_error(&tmp, "create a temporary folder in", &e))?;
        Ok(Builder {
            site: site.to_path_buf(),
            session: Session::new(site, drafts),
            dir,
            generation: 0,
            kept: VecDeque::new(),
            warnings: BTreeSet::new(),
        })
    }

    /// Builds once and publishes the result on `shelf`: the new output when it succeeded,
    /// else the old output with the failure.
    pub fn build(&mut self, shelf: &Shelf) -> Result<Summary> {
        self.rebuild(shelf, &BTreeSet::new())
            .map(|(summary, _)| summary)
    }

    /// Rebuilds after the saves of `changed` (paths under the site folder) and publishes
    /// the result on `shelf`, as [`Builder::build`]; says how it went about it.
    pub fn rebuild(
        &mut self,
        shelf: &Shelf,
        changed: &BTreeSet<PathBuf>,
    ) -> Result<(Summary, How)> {
        self.generation += 1;
        let out = self.dir.path().join(format!("build-{}", self.generation));
        // A panic must not end the rebuild thread: the server would answer 404 forever.
        let session = &mut self.session;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            session.update(changed, &out, &shelf.folder)
        }))
        .unwrap_or_else(|payload| {
            let at = Location::file_start(&self.site);
            Err(crate::render::panicked(at, payload.as_ref()).into())
        });
        if result.is_err() {
            self.session.forget();
        }
        match result {
            Ok((summary, root, How::Whole)) => {
                self.publish(shelf, &root, &summary)?;
                Ok((summary, How::Whole))
            }
            Ok((summary, _, how)) => {
                let mut published = (*shelf.get()).clone();
                published.failure = None;
                shelf.set(published);
                Ok((summary, how))
            }
            Err(failure) => {
                let mut published = (*shelf.get()).clone();
                published.failure = Some(Arc::new(failure.clone()));
                shelf.set(published);
                Err(failure)
            }
        }
    }

    /// The warnings of `summary` not printed after the previous good build.
    pub fn new_warnings<'a>(&mut self, summary: &'a Summary) -> Vec<&'a Diagnostic> {
        let now: BTreeSet<String> = summary.warnings.iter().map(ToString::to_string).collect();
        let fresh = summary
            .warnings
            .iter()
            .filter(|w| !self.warnings.contains(&w.to_string()))
            .collect();
        self.warnings = now;
        fresh
    }

    /// Serves `out` from now on; removes the build before the previous one.
    fn publish(&mut self, shelf: &Shelf, out: &Path, summary: &Summary) -> Result<()> {
        let root = std::fs::canonicalize(out).map_err(|e| io_error(out, "open", &e))?;
        shelf.set(Published {
            root: Some(root),
            languages: summary.pages.iter().map(|(code, _)| code.clone()).collect(),
            failure: None,
            base_path: crate::config::Config::load(&self.site)
                .map_or_else(|_| "/".to_string(), |c| crate::urls::base_path(&c.base_url)),
        });
        self.kept.push_back(out.to_path_buf());
        while self.kept.len() > 2 {
            if let Some(old) = self.kept.pop_front() {
                // Best effort: a leftover is removed with the temporary folder at the end.
                let _ = std::fs::remove_dir_all(old);
            }
        }
        Ok(())
    }
}

/// The name prefix of our temporary folders: `brochure-serve-<pid>-XXXXXX`.
const PREFIX: &str = "brochure-serve-";

/// Removes the temporary folders of earlier `serve` processes that no longer run (Ctrl-C ends
/// the process without running destructors). Only where a process can be looked up (Linux).
fn sweep_stale(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && process_is_gone(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` has certainly ended.
fn process_is_gone(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
    } else {
        false
    }
}
