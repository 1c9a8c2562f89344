//! Watching the site's sources (`site.yaml`, `content/`, `themes/`, `locales/`,
//! `templates/`, `static/`) with a short debounce, so a save reaches the browser well under
//! 100 ms later.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};

use crate::diagnostic::{Diagnostic, Location, Result};

/// The source folders watched recursively, relative to the site.
pub const WATCHED_DIRS: &[&str] = &["content", "themes", "locales", "templates", "static"];

/// The site configuration, watched through the (non-recursive) site folder so that editors
/// that replace the file on save do not end the watch.
const CONFIG: &str = "site.yaml";

/// How long the sources must be quiet before a rebuild: editors save in bursts.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// How often the debouncer looks for quiet paths.
const TICK: Duration = Duration::from_millis(5);

/// What the rebuild loop is told.
#[derive(Debug)]
pub enum Message {
    /// These sources changed (paths relative to the site).
    Changed(Vec<PathBuf>),
    /// The server stops.
    Stop,
}

/// The running watch over one site.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watches the site at `root` (canonical); changes are sent to `tx`.
    pub fn start(root: &Path, tx: Sender<Message>) -> Result<Watcher> {
        let site = root.to_path_buf();
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                let changed = relevant(&site, &events);
                if !changed.is_empty() {
                    let _ = tx.send(Message::Changed(changed));
                }
            }
            Err(errors) => errors
                .iter()
                .for_each(|e| eprintln!("warning: watching the site: {e}")),
        };
        let fail = |e: notify::Error| {
            Diagnostic::error(
                "serve",
                Location::file_start(root),
                format!("cannot watch the site for changes: {e}"),
            )
            .with_hint("on Linux, raise fs.inotify.max_user_watches if the limit was reached")
        };
        let mut debouncer =
            notify_debouncer_full::new_debouncer(DEBOUNCE, Some(TICK), handler).map_err(fail)?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(fail)?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        watcher.refresh();
        Ok(watcher)
    }

    /// Watches the source folders that appeared since the last call and forgets those that
    /// went away (a folder created later, such as `templates/`, is watched from then on).
    pub fn refresh(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let present = dir.is_dir();
            let watched = self.watched.contains(&dir);
            if present && !watched {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => eprintln!("warning: cannot watch {name}/: {e}"),
                }
            } else if !present && watched {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
        }
    }
}

/// The sources (relative to `root`) that `events` touched, sorted, without editor scratch
/// files and mere reads.
fn relevant(root: &Path, events: &[DebouncedEvent]) -> Vec<PathBuf> {
    let mut changed = BTreeSet::new();
    for event in events {
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        for path in &event.paths {
            if let Some(rel) = source_path(root, path) {
                changed.insert(rel);
            }
        }
    }
    changed.into_iter().collect()
}

/// `path` relative to the site when it is a watched source.
fn source_path(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let source =
        (first == CONFIG && rel.components().count() == 1) || WATCHED_DIRS.contains(&first);
    let name = rel.file_name()?.to_string_lossy();
    (source && !is_scratch(&name)).then(|| rel.to_path_buf())
}

/// Editor backup, swap and lock files, which never affect the site.
fn is_scratch(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || [".swp", ".swx", ".swo", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        let yes = |p: &str| source_path(root, &root.join(p)).is_some();
        assert!(yes("site.yaml"));
        assert!(yes("content/about/_index.en.md"));
        assert!(yes("themes/plain/templates/base.html"));
        assert!(yes("locales/zh/main.ftl"));
        assert!(yes("templates/page.html"));
        assert!(yes("static/logo.svg"));
        assert!(!yes("public/index.html"));
        assert!(!yes("README.md"));
        assert!(!yes("content/.about.md.swp"));
        assert!(!yes("content/about.md~"));
        assert!(!yes("content/4913"));
        assert!(source_path(root, Path::new("/elsewhere/site.yaml")).is_none());
    }
}
