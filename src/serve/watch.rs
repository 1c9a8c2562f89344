//! Watching the site's sources (`site.yaml`, `content/`, `themes/`, `locales/`,
//! `templates/`, `static/`) with a short debounce, so a save reaches the browser well under
//! 100 ms later.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location, Result};
use crate::inputs;

/// The source folders watched recursively, relative to the site.
pub const WATCHED_DIRS: &[&str] = &["content", "themes", "locales", "templates", "static"];

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
/// The site's links that lead outside it: (link, target).
type Links = Arc<Mutex<Vec<(PathBuf, PathBuf)>>>;

pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
    /// The site's links that lead outside it, shared with the event handler.
    links: Links,
    /// Their targets, watched.
    watched_links: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watches the site at `root` (canonical); changes are sent to `tx`.
    pub fn start(root: &Path, tx: Sender<Message>) -> Result<Watcher> {
        let site = root.to_path_buf();
        let links: Links = Arc::default();
        let seen = Arc::clone(&links);
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                let links = seen.lock().map(|l| l.clone()).unwrap_or_default();
                let changed = relevant(&site, &links, &events);
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
            links,
            watched_links: BTreeSet::new(),
        };
        watcher.refresh();
        Ok(watcher)
    }

    /// [`Watcher::refresh`] after the saves of `changed` (paths relative to the site),
    /// leaving out the walk for symbolic links when they cannot have added or removed one:
    /// every path is a plain file that is there (a link or a folder that came or went is a
    /// path of its own), none `site.yaml`.
    pub fn refresh_after(&mut self, changed: &BTreeSet<PathBuf>) {
        let plain = |p: &PathBuf| {
            p.file_name().is_some_and(|n| n != "site.yaml")
                && std::fs::symlink_metadata(self.root.join(p)).is_ok_and(|m| m.is_file())
        };
        if changed.iter().all(plain) {
            self.refresh_dirs();
        } else {
            self.refresh();
        }
    }

    /// Watches the source folders that appeared since the last call and forgets those that
    /// went away (a folder created later, such as `templates/`, is watched from then on),
    /// and where the site's symbolic links lead.
    pub fn refresh(&mut self) {
        self.refresh_dirs();
        self.refresh_links();
    }

    fn refresh_dirs(&mut self) {
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

    /// Watches where the site's symbolic links lead outside it (the walker follows them,
    /// so their targets are inputs too) and forgets targets no link leads to any more.
    fn refresh_links(&mut self) {
        let found = Config::load(&self.root)
            .map(|c| inputs::links_out(&c))
            .unwrap_or_default();
        let targets: BTreeSet<PathBuf> = found.iter().map(|(_, t)| t.clone()).collect();
        for gone in self.watched_links.difference(&targets) {
            let _ = self.debouncer.unwatch(gone);
        }
        for target in targets.difference(&self.watched_links) {
            let mode = if target.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(e) = self.debouncer.watch(target, mode) {
                eprintln!("warning: cannot watch {}: {e}", target.display());
            }
        }
        self.watched_links = targets;
        if let Ok(mut links) = self.links.lock() {
            *links = found;
        }
    }
}

/// The sources (relative to `root`) that `events` touched, sorted, without editor scratch
/// files and mere reads.
fn relevant(root: &Path, links: &[(PathBuf, PathBuf)], events: &[DebouncedEvent]) -> Vec<PathBuf> {
    let theme = Config::load(root).ok().map(|c| c.theme);
    let mut changed = BTreeSet::new();
    for event in events {
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        for path in event.paths.iter().map(|p| through_links(links, p)) {
            if let Some(rel) = source_path(root, theme.as_deref(), &path) {
                changed.insert(rel);
            }
        }
    }
    changed.into_iter().collect()
}

/// A path behind one of the site's links, as the link's path (the walker's view of it).
fn through_links(links: &[(PathBuf, PathBuf)], path: &Path) -> PathBuf {
    links
        .iter()
        .find_map(|(link, target)| {
            let rest = path.strip_prefix(target).ok()?;
            Some(if rest.as_os_str().is_empty() {
                link.clone()
            } else {
                link.join(rest)
            })
        })
        .unwrap_or_else(|| path.to_path_buf())
}

/// `path` relative to the site when it is an input of a build (the walker's rule,
/// [`inputs::is_input`]).
fn source_path(root: &Path, theme: Option<&str>, path: &Path) -> Option<PathBuf> {
    if !inputs::is_input(root, theme, path) {
        return None;
    }
    path.strip_prefix(root).ok().map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_relative_to_the_site() {
        let root = Path::new("/site");
        let at = |p: &str| source_path(root, Some("plain"), &root.join(p));
        assert_eq!(at("content/a.md"), Some(PathBuf::from("content/a.md")));
        assert_eq!(at("content/a.md~"), None);
        assert_eq!(at("public/index.html"), None);
    }

    #[test]
    fn changes_behind_links_count_as_changes_of_the_link() {
        let links = vec![
            (
                PathBuf::from("/site/static/shared.css"),
                PathBuf::from("/elsewhere/a.css"),
            ),
            (
                PathBuf::from("/site/content/news"),
                PathBuf::from("/elsewhere/news"),
            ),
        ];
        assert_eq!(
            through_links(&links, Path::new("/elsewhere/a.css")),
            PathBuf::from("/site/static/shared.css")
        );
        assert_eq!(
            through_links(&links, Path::new("/elsewhere/news/x.md")),
            PathBuf::from("/site/content/news/x.md")
        );
        assert_eq!(
            through_links(&links, Path::new("/other")),
            PathBuf::from("/other")
        );
    }
}
