//! The one walker: which files under a site are inputs, read once per build. Every loader
//! takes its files from [`Inputs`], the fingerprint hashes the same bytes, and the watcher
//! asks [`is_input`], so all of them follow one rule set:
//!
//! - the roots are `content/`, the theme's `templates/` and `static/`, the site's own
//!   `templates/` and `static/`, and `locales/` (site.yaml is read by [`Config::load`]);
//! - a name starting with `.` is not an input (editor and system files such as `.DS_Store`
//!   or `.#page.md`), except `.well-known`, which a web root needs; nor are editors'
//!   backup and scratch files (`page.md~`, vim's `4913`, JetBrains' `___jb_tmp___`);
//! - symbolic links are followed, to files and to folders alike (the author put them
//!   there); a link that leads nowhere or into a loop is an error at its path.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Failure, Location, Result, io_error};

/// What a site folder holds of a site's sources, by name at its top: what a copy of a site
/// takes (tests, benchmarks), and what the server watches.
pub const SITE_SOURCES: &[&str] = &[
    "site.yaml",
    "content",
    "themes",
    "locales",
    "templates",
    "static",
    "translations.lock",
];

/// Where an input file lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Root {
    Content,
    ThemeTemplates,
    ThemeStatic,
    SiteTemplates,
    SiteStatic,
    Locales,
}

impl Root {
    const ALL: [Root; 6] = [
        Root::Content,
        Root::ThemeTemplates,
        Root::ThemeStatic,
        Root::SiteTemplates,
        Root::SiteStatic,
        Root::Locales,
    ];

    /// The folder of this root in the site described by `config`.
    pub fn dir(self, config: &Config) -> PathBuf {
        match self {
            Root::Content => config.content_dir(),
            Root::ThemeTemplates => config.theme_dir().join("templates"),
            Root::ThemeStatic => config.theme_dir().join("static"),
            Root::SiteTemplates => config.root.join("templates"),
            Root::SiteStatic => config.root.join("static"),
            Root::Locales => config.root.join("locales"),
        }
    }
}

/// One input file and its bytes.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub root: Root,
    /// The path under its root, with `/` separators: `partners/mit.en.md`.
    pub rel: String,
    /// The file, as a path the user recognises (`<site>/content/partners/mit.en.md`).
    pub path: PathBuf,
    pub bytes: std::sync::Arc<[u8]>,
    /// A hash of `bytes` ([`content_hash`]), made once as the file is read: the
    /// fingerprint and the image cache use it.
    pub hash: u64,
}

/// The hash of a file's bytes that the fingerprint and the image cache key on (xxh3:
/// an input of photos is hashed at memory speed, not at SipHash's 1–2 GB/s).
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Every input file of a site, sorted by root, then path.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    files: Vec<InputFile>,
    /// The bytes of site.yaml, as [`Config::load`] read them.
    config_text: String,
    /// `translations.lock` at the site's root, when there is one.
    lock: Option<InputFile>,
}

impl Inputs {
    /// Lists and reads every input of the site described by `config`, in parallel.
    pub fn scan(config: &Config) -> Result<Inputs> {
        let mut listed = Vec::new();
        for root in Root::ALL {
            listed.extend(list(root, &root.dir(config))?);
        }
        let files = listed
            .into_par_iter()
            .map(|(root, rel, path)| {
                let bytes =
                    std::fs::read(&path).map_err(|e| Failure::one(io_error(&path, "read", &e)))?;
                Ok(InputFile {
                    root,
                    rel,
                    path,
                    hash: content_hash(&bytes),
                    bytes: bytes.into(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Inputs {
            files,
            config_text: config.text.clone(),
            lock: read_lock(config)?,
        })
    }

    /// `translations.lock` (see [`crate::translations::lock`]), when the site has one.
    pub fn lock(&self) -> Option<&InputFile> {
        self.lock.as_ref()
    }

    /// The files of one root, in path order.
    pub fn files(&self, root: Root) -> &[InputFile] {
        let start = self.files.partition_point(|f| f.root < root);
        let end = self.files.partition_point(|f| f.root <= root);
        &self.files[start..end]
    }

    /// A hash of every input (site.yaml included: path and bytes), brochure itself and
    /// `flags`: equal hashes mean a build would write the same output.
    pub fn fingerprint(&self, flags: impl Hash) -> u64 {
        let hashes: Vec<u64> = self
            .files
            .par_iter()
            .map(|f| {
                let mut h = DefaultHasher::new();
                (f.root, &f.rel, f.hash).hash(&mut h);
                h.finish()
            })
            .collect();
        let mut h = DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        executable_identity().hash(&mut h);
        flags.hash(&mut h);
        self.config_text.hash(&mut h);
        self.lock.as_ref().map(|f| f.hash).hash(&mut h);
        hashes.hash(&mut h);
        h.finish()
    }
}

/// The lock file of the site, read like any input (its root is the site's, with no walk).
fn read_lock(config: &Config) -> Result<Option<InputFile>> {
    let path = config.root.join(crate::translations::LOCK_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path).map_err(|e| Failure::one(io_error(&path, "read", &e)))?;
    Ok(Some(InputFile {
        root: Root::Content,
        rel: crate::translations::LOCK_FILE.to_string(),
        path,
        hash: content_hash(&bytes),
        bytes: bytes.into(),
    }))
}

/// The running executable's size and modification time, so a rebuilt brochure rebuilds.
fn executable_identity() -> Option<(u64, std::time::SystemTime)> {
    let meta = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Whether a name is left out of the inputs: hidden files (but not `.well-known`), and
/// editors' backup, swap and scratch files.
fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    (name.starts_with('.') && name != ".well-known")
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// The files under `dir` (none when it does not exist), in path order.
fn list(root: Root, dir: &Path) -> Result<Vec<(Root, String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()));
    for entry in walker {
        let entry = entry.map_err(|e| walk_error(dir, e))?;
        if entry.file_type().is_file() {
            let rel = crate::content::slash_path(dir, entry.path());
            out.push((root, rel, entry.into_path()));
        }
    }
    Ok(out)
}

fn walk_error(dir: &Path, e: walkdir::Error) -> Failure {
    let path = e.path().unwrap_or(dir).to_path_buf();
    if e.loop_ancestor().is_some() {
        return Failure::one(
            Diagnostic::error(
                "io",
                Location::file_start(&path),
                "this symbolic link leads back into a folder that holds it",
            )
            .with_hint("remove the link, or point it at a folder outside the site"),
        );
    }
    let io = e
        .into_io_error()
        .unwrap_or_else(|| std::io::Error::other("unreadable entry"));
    if io.kind() == std::io::ErrorKind::NotFound {
        return Failure::one(
            Diagnostic::error(
                "io",
                Location::file_start(&path),
                "this symbolic link leads to a file that does not exist",
            )
            .with_hint("fix the link's target, or remove the link"),
        );
    }
    Failure::one(io_error(&path, "read", &io))
}

/// Every symbolic link among the inputs of the site described by `config` that leads
/// outside the site: (the link, where it leads). The watcher watches those places too, so
/// a change behind a link rebuilds like a change in the site.
pub fn links_out(config: &Config) -> Vec<(PathBuf, PathBuf)> {
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let mut out = Vec::new();
    for root_kind in Root::ALL {
        let dir = root_kind.dir(config);
        let walker = WalkDir::new(&dir)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()));
        for entry in walker.flatten() {
            if !entry.path_is_symlink() {
                continue;
            }
            if let Ok(target) = std::fs::canonicalize(entry.path())
                && !target.starts_with(&root)
            {
                out.push((entry.into_path(), target));
            }
        }
    }
    out
}

/// Whether a change at `path` can change a build of the site at `root` whose theme is
/// `theme` (`None` when site.yaml cannot be read: then any theme counts): site.yaml, or a
/// file the walker would take, under one of the roots of [`Root::dir`].
pub fn is_input(root: &Path, theme: Option<&str>, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    if rel == Path::new("site.yaml") || rel == Path::new(crate::translations::LOCK_FILE) {
        return true;
    }
    let mut parts = rel.components().map(|c| c.as_os_str());
    let in_root = match parts.next().and_then(|c| c.to_str()) {
        Some("content" | "locales" | "templates" | "static") => true,
        Some("themes") => {
            let named = parts
                .next()
                .is_some_and(|t| theme.is_none_or(|theme| t == theme));
            named
                && parts
                    .next()
                    .is_some_and(|d| d == "templates" || d == "static")
        }
        _ => false,
    };
    in_root && !rel.components().any(|c| is_ignored(c.as_os_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_names_are_not_inputs_but_well_known_is() {
        assert!(is_ignored(".DS_Store".as_ref()));
        assert!(is_ignored(".#page.md".as_ref()));
        assert!(!is_ignored(".well-known".as_ref()));
        assert!(!is_ignored("style.css".as_ref()));
        assert!(is_ignored("about.md~".as_ref()));
    }

    #[test]
    fn inputs_are_what_the_walker_takes() {
        let root = Path::new("/site");
        let yes = |p: &str| is_input(root, Some("plain"), &root.join(p));
        assert!(yes("site.yaml"));
        assert!(yes("content/about/_index.en.md"));
        assert!(yes("themes/plain/templates/base.html"));
        assert!(yes("themes/plain/static/style.css"));
        assert!(yes("locales/zh/main.ftl"));
        assert!(yes("templates/page.html"));
        assert!(yes("static/logo.svg"));
        assert!(yes("static/.well-known/security.txt"));
        assert!(!yes("themes/other/templates/base.html"));
        assert!(is_input(
            root,
            None,
            &root.join("themes/other/templates/base.html")
        ));
        assert!(!yes("themes/plain/README.md"));
        assert!(!yes("public/index.html"));
        assert!(!yes("README.md"));
        assert!(!yes("content/.about.md.swp"));
        assert!(!yes("content/.hidden/page.md"));
        assert!(!yes("content/about.md~"));
        assert!(!yes("content/4913"));
        assert!(!is_input(root, None, Path::new("/elsewhere/site.yaml")));
    }
}
