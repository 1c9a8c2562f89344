//! Writing a file whole or not at all: the bytes go into a temporary file beside it, which
//! is renamed over it only when complete. An interrupted or failed write leaves the old
//! file (or nothing) and no temporary file behind.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Result, io_error};

/// A file being written beside its final place. [`Beside::commit`] moves it there;
/// dropping it removes it.
pub struct Beside {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Beside {
    /// A temporary file in `path`'s folder (made when missing), named after it.
    pub fn new(path: &Path) -> Result<Beside> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, "create", &e))?;
        let name = path
            .file_name()
            .map_or("file".into(), |n| n.to_string_lossy().into_owned());
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".part")
            .tempfile_in(&dir)
            .map_err(|e| io_error(&dir, "write a temporary file in", &e))?;
        Ok(Beside {
            temp,
            path: path.to_path_buf(),
        })
    }

    /// The temporary file's path (for a program that writes it).
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// The temporary file, open for writing.
    pub fn file(&self) -> &File {
        self.temp.as_file()
    }

    /// Makes the file readable by all (a temporary file is private) and moves it into place.
    pub fn commit(self) -> Result<()> {
        let Beside { temp, path } = self;
        set_readable(temp.path()).map_err(|e| io_error(temp.path(), "set permissions on", &e))?;
        temp.persist(&path)
            .map_err(|e| io_error(&path, "write", &e.error))?;
        Ok(())
    }
}

/// Writes `bytes` to `path` whole or not at all.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let beside = Beside::new(path)?;
    beside
        .file()
        .write_all(bytes)
        .and_then(|()| beside.file().sync_all())
        .map_err(|e| io_error(beside.path(), "write", &e))?;
    beside.commit()
}

fn set_readable(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_nothing_beside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_abandoned_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, "old").unwrap();
        let beside = Beside::new(&path).unwrap();
        beside.file().write_all(b"half").unwrap();
        drop(beside);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
