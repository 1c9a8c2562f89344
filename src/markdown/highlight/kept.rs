//! Highlighted blocks kept between builds, `<site>/.brochure-cache/highlight/blocks`: one
//! file of every block's HTML by hash of its language and code. A build highlights only
//! code it has not seen before (a translation repeating a block, or a block unchanged
//! since the last build, costs a lookup), then keeps what it used: blocks no page has any
//! more are dropped. `serve` keeps the same blocks in memory between saves.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Bump when the HTML of a highlighted block changes for the same code. The header also
/// holds brochure's version and a hash of the highlighting code and of `Cargo.lock` (the
/// highlighter's version), so a build with any other highlighter reads no old block.
const VERSION: u32 = 1;

/// The blocks of a site, or of no site (tests, one-off rendering).
#[derive(Debug, Default)]
pub struct Kept {
    file: Option<PathBuf>,
    blocks: Mutex<HashMap<u128, Block>>,
    /// Whether a block was highlighted since the file was read or written.
    added: AtomicBool,
}

#[derive(Debug)]
struct Block {
    /// `None`: the language is unknown (never written to the file).
    html: Option<Arc<str>>,
    used: bool,
}

impl Kept {
    /// Blocks kept for nothing but this process.
    pub fn in_memory() -> Kept {
        Kept::default()
    }

    /// The blocks kept for the site at `root`: those of its last build when its file is
    /// there and whole (a missing, damaged or older file only costs highlighting again).
    pub fn open(root: &Path) -> Kept {
        let file = root
            .join(".brochure-cache")
            .join("highlight")
            .join("blocks");
        let blocks = std::fs::read(&file)
            .ok()
            .and_then(|bytes| parse(&bytes))
            .unwrap_or_default();
        Kept {
            file: Some(file),
            blocks: Mutex::new(blocks),
            added: AtomicBool::new(false),
        }
    }

    /// The HTML of `code` in `lang`, made by `highlight` only when no block holds it.
    pub fn get_or(
        &self,
        lang: &str,
        code: &str,
        highlight: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        let key = key(lang, code);
        if let Some(block) = self.lock().get_mut(&key) {
            block.used = true;
            return block.html.as_deref().map(str::to_string);
        }
        let html = highlight();
        // A block of a language the highlighter does not know is not written to the file
        // (it is looked up again, at no cost, by every build): the file stays as it is.
        if html.is_some() {
            self.added.store(true, Ordering::Relaxed);
        }
        self.lock().insert(
            key,
            Block {
                html: html.as_deref().map(Arc::from),
                used: true,
            },
        );
        html
    }

    /// Writes the blocks used since the last save to the site's file, replacing it whole
    /// (best effort: a cache that cannot be written only costs the next build the work),
    /// and forgets the others. Nothing is written when nothing changed.
    pub fn save(&self) {
        let mut blocks = self.lock();
        let unused = blocks.values().any(|b| !b.used);
        if !unused && !self.added.swap(false, Ordering::Relaxed) {
            return;
        }
        blocks.retain(|_, b| b.used);
        if let Some(file) = &self.file {
            let _ = write(file, &blocks);
        }
        for block in blocks.values_mut() {
            block.used = false;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u128, Block>> {
        self.blocks.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The key of `code` in `lang`.
fn key(lang: &str, code: &str) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(lang.as_bytes());
    hasher.update(&[0]);
    hasher.update(code.as_bytes());
    hasher.digest128()
}

/// The first line of the file.
fn header() -> String {
    let mut made_by = xxhash_rust::xxh3::Xxh3::new();
    made_by.update(include_str!("mod.rs").as_bytes());
    made_by.update(include_str!("../../../Cargo.lock").as_bytes());
    format!(
        "brochure {} highlighted blocks {VERSION} {:016x}\n",
        env!("CARGO_PKG_VERSION"),
        made_by.digest()
    )
}

/// The blocks of a file's bytes: after the header, each block's key (16 bytes), the
/// length of its HTML (4 bytes) and the HTML, little-endian. `None` when anything is off.
fn parse(bytes: &[u8]) -> Option<HashMap<u128, Block>> {
    let mut rest = bytes.strip_prefix(header().as_bytes())?;
    let mut blocks = HashMap::new();
    while !rest.is_empty() {
        let (key, after) = rest.split_first_chunk::<16>()?;
        let (len, after) = after.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        let html = std::str::from_utf8(after.get(..len)?).ok()?;
        blocks.insert(
            u128::from_le_bytes(*key),
            Block {
                html: Some(Arc::from(html)),
                used: false,
            },
        );
        rest = &after[len..];
    }
    Some(blocks)
}

/// Writes `blocks` (those with HTML) to `file`, through a temporary file beside it.
fn write(file: &Path, blocks: &HashMap<u128, Block>) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut out = std::io::BufWriter::new(tempfile::NamedTempFile::new_in(dir)?);
    out.write_all(header().as_bytes())?;
    let mut keys: Vec<&u128> = blocks.keys().collect();
    keys.sort_unstable();
    for key in keys {
        let Some(html) = &blocks[key].html else {
            continue;
        };
        let len = u32::try_from(html.len()).map_err(std::io::Error::other)?;
        out.write_all(&key.to_le_bytes())?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(html.as_bytes())?;
    }
    out.into_inner()
        .map_err(|e| e.into_error())?
        .persist(file)
        .map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counting(kept: &Kept, code: &str, calls: &mut usize) -> Option<String> {
        kept.get_or("rust", code, || {
            *calls += 1;
            Some(format!("<b>{code}</b>"))
        })
    }

    #[test]
    fn a_later_build_highlights_only_new_code_and_drops_what_is_gone() {
        let site = tempfile::tempdir().unwrap();
        let mut calls = 0;
        let first = Kept::open(site.path());
        counting(&first, "a", &mut calls);
        counting(&first, "b", &mut calls);
        counting(&first, "a", &mut calls);
        assert_eq!(calls, 2, "a block seen twice is highlighted once");
        first.save();

        let second = Kept::open(site.path());
        assert_eq!(
            counting(&second, "a", &mut calls).as_deref(),
            Some("<b>a</b>")
        );
        assert_eq!(calls, 2, "kept from the last build");
        counting(&second, "c", &mut calls);
        assert_eq!(calls, 3);
        second.save();

        let third = Kept::open(site.path());
        counting(&third, "b", &mut calls);
        assert_eq!(
            calls, 4,
            "b was not used by the second build, so it was dropped"
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_build_with_nothing_new_to_keep_leaves_the_file_as_it_is() {
        use std::os::unix::fs::MetadataExt;
        let site = tempfile::tempdir().unwrap();
        let file = site.path().join(".brochure-cache/highlight/blocks");
        let mut calls = 0;
        let first = Kept::open(site.path());
        counting(&first, "a", &mut calls);
        first.get_or("klingon", "qapla'", || None);
        first.save();
        let inode = std::fs::metadata(&file).unwrap().ino();
        // The same blocks again, the unknown language's looked up again: nothing to write.
        let second = Kept::open(site.path());
        counting(&second, "a", &mut calls);
        assert_eq!(second.get_or("klingon", "qapla'", || None), None);
        second.save();
        assert_eq!(calls, 1);
        assert_eq!(std::fs::metadata(&file).unwrap().ino(), inode, "rewritten");
        // A new block is written.
        let third = Kept::open(site.path());
        counting(&third, "a", &mut calls);
        counting(&third, "b", &mut calls);
        third.save();
        assert_ne!(
            std::fs::metadata(&file).unwrap().ino(),
            inode,
            "not written"
        );
    }

    #[test]
    fn a_damaged_or_older_file_is_ignored() {
        let site = tempfile::tempdir().unwrap();
        let kept = Kept::open(site.path());
        let mut calls = 0;
        counting(&kept, "a", &mut calls);
        kept.save();
        let file = site.path().join(".brochure-cache/highlight/blocks");
        let whole = std::fs::read(&file).unwrap();
        for damaged in [
            whole[..whole.len() - 1].to_vec(),
            [
                b"brochure 0.0.0 highlighted blocks 1 0\n".as_slice(),
                &whole[header().len()..],
            ]
            .concat(),
        ] {
            std::fs::write(&file, damaged).unwrap();
            let again = Kept::open(site.path());
            counting(&again, "a", &mut calls);
        }
        assert_eq!(calls, 3, "each damaged file was read as empty");
    }
}
