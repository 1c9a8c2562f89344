//! The variants cache, `<site>/.brochure-cache/images/`: one file per variant, named by a
//! hash of the source's bytes and everything that shapes the variant (width, format,
//! quality, this module's version), so `build` and `serve` share it and a rebuild with
//! unchanged images encodes nothing. After a build, files no variant used are pruned.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Variant;
use super::encode::{JPEG_QUALITY, WEBP_QUALITY};

/// Bump when a change to decoding, resizing or encoding changes the bytes of variants
/// (2: files are stored read-only for everyone, as they are linked into outputs; 3: WebP
/// variants carry the source's colour profile).
const VERSION: u32 = 3;

/// The cache folder of the site at `root`.
pub fn dir(root: &Path) -> PathBuf {
    root.join(".brochure-cache").join("images")
}

/// A site's variants cache, for one build.
pub struct Cache {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
    encoded: AtomicUsize,
}

impl Cache {
    /// The cache of the site at `root` (made when the first variant is stored).
    pub fn open(root: &Path) -> Cache {
        Cache::at(dir(root))
    }

    /// A cache of read-only files in `dir` (the print editions keep theirs this way).
    pub fn at(dir: PathBuf) -> Cache {
        Cache {
            dir,
            used: Mutex::default(),
            encoded: AtomicUsize::new(0),
        }
    }

    /// The file name of `variant` of a source whose bytes hash to `source`
    /// ([`crate::content::Asset::hash`]).
    pub fn name(source: u64, variant: Variant) -> String {
        let mut h = DefaultHasher::new();
        (source, variant.width, variant.format.extension(), VERSION).hash(&mut h);
        (JPEG_QUALITY, WEBP_QUALITY.to_bits()).hash(&mut h);
        format!("{:016x}.{}", h.finish(), variant.format.extension())
    }

    /// The cached bytes of `name`, marked used.
    pub fn get(&self, name: &str) -> Option<Vec<u8>> {
        let bytes = std::fs::read(self.dir.join(name)).ok()?;
        self.mark(name);
        Some(bytes)
    }

    /// The path of the cached file `name`, marked used, when it is there. Outputs link it
    /// in (see [`crate::output::Sink::write_file`]), so it is never changed in place.
    pub fn path(&self, name: &str) -> Option<PathBuf> {
        let path = self.dir.join(name);
        if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        self.mark(name);
        Some(path)
    }

    /// Stores a freshly encoded variant (best effort: a cache that cannot be written only
    /// costs the next build the encoding).
    pub fn put(&self, name: &str, bytes: &[u8]) {
        self.encoded.fetch_add(1, Ordering::Relaxed);
        self.put_parts(name, &[bytes]);
    }

    /// Stores the concatenation of `parts` as `name`, marked used; its path, or `None`
    /// when the cache cannot be written.
    pub fn put_parts(&self, name: &str, parts: &[&[u8]]) -> Option<PathBuf> {
        use std::io::Write;
        self.mark(name);
        std::fs::create_dir_all(&self.dir).ok()?;
        let mut file = tempfile::NamedTempFile::new_in(&self.dir).ok()?;
        for part in parts {
            file.write_all(part).ok()?;
        }
        read_only(file.as_file()).ok()?;
        let path = self.dir.join(name);
        file.persist(&path).ok()?;
        Some(path)
    }

    /// Keeps `name` from being pruned (a variant another output uses).
    pub fn mark(&self, name: &str) {
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        used.insert(name.to_string());
    }

    /// How many variants this build encoded (the others came from the cache).
    pub fn encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// Deletes every cached file this build did not use; returns how many.
    pub fn prune(&self) -> usize {
        let used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        entries
            .flatten()
            .filter(|e| !used.contains(e.file_name().to_string_lossy().as_ref()))
            .filter(prunable)
            .filter(|e| std::fs::remove_file(e.path()).is_ok())
            .count()
    }
}

/// Whether a cached file nothing of this build used may go: not while another output
/// (an earlier build elsewhere, `--offline` beside the web build) still links it. It
/// takes no room of its own then, and unlinking it would mark that output's file changed
/// (its inode's change time), so that output's next build would write everything again.
/// It goes at the first build after no output holds it.
pub fn prunable(entry: &std::fs::DirEntry) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        entry.metadata().is_ok_and(|m| m.nlink() <= 1)
    }
    #[cfg(not(unix))]
    {
        let _ = entry;
        true
    }
}

/// Readable by everyone (a web server serves the outputs it is linked into), writable by
/// no one: an edit to a published copy must not reach the cache.
fn read_only(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o444))?;
    }
    #[cfg(not(unix))]
    {
        let mut permissions = file.metadata()?.permissions();
        permissions.set_readonly(true);
        file.set_permissions(permissions)?;
    }
    Ok(())
}
