//! Running the external programs (WeasyPrint, Chromium, poppler's tools): found on `PATH`,
//! run with a time limit, their output captured in files (no pipe can fill up and stall).

use std::ffi::OsStr;
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What a finished program said.
#[derive(Debug)]
pub struct Ran {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    /// The last `lines` lines of stderr, for an error message.
    pub fn stderr_tail(&self, lines: usize) -> String {
        tail(&self.stderr, lines)
    }
}

/// Why a program could not be run to the end.
#[derive(Debug)]
pub enum RunError {
    /// It could not be started (not found, not executable).
    Start(io::Error),
    /// It ran longer than allowed and was killed.
    Timeout(Duration),
    /// Capturing its output failed.
    Io(io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Start(e) => write!(f, "could not be started: {e}"),
            RunError::Timeout(d) => write!(f, "did not finish within {} s", d.as_secs()),
            RunError::Io(e) => write!(f, "its output could not be read: {e}"),
        }
    }
}

/// Runs `command` to the end or until `limit`, whichever comes first.
pub fn run(command: &mut Command, limit: Duration) -> Result<Ran, RunError> {
    let mut out = tempfile::tempfile().map_err(RunError::Io)?;
    let mut err = tempfile::tempfile().map_err(RunError::Io)?;
    command
        .stdin(Stdio::null())
        .stdout(out.try_clone().map_err(RunError::Io)?)
        .stderr(err.try_clone().map_err(RunError::Io)?);
    let mut child = command.spawn().map_err(RunError::Start)?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(RunError::Io)? {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(RunError::Timeout(limit));
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    Ok(Ran {
        status,
        stdout: read_all(&mut out).map_err(RunError::Io)?,
        stderr: read_all(&mut err).map_err(RunError::Io)?,
    })
}

fn read_all(file: &mut std::fs::File) -> io::Result<String> {
    file.rewind()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The last `lines` non-empty lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let kept: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    kept[kept.len().saturating_sub(lines)..].join("\n")
}

/// Every executable called `name` in the folders of `PATH`, in `PATH` order.
pub fn find_all_on_path(name: &str) -> Vec<PathBuf> {
    let Some(path) = std::env::var_os("PATH") else {
        return Vec::new();
    };
    std::env::split_paths(&path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .filter(|candidate| is_executable(candidate))
        .collect()
}

/// The first executable called `name` on `PATH`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    find_all_on_path(name).into_iter().next()
}

/// Whether `path` is a file this process may execute.
pub fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// `program arg…` as one line, for messages.
pub fn describe(program: &Path, args: &[&OsStr]) -> String {
    let mut s = program.display().to_string();
    for a in args {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_keeps_the_last_non_empty_lines() {
        assert_eq!(tail("a\n\nb\nc\n\n", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
        assert_eq!(tail("", 3), "");
    }

    #[test]
    fn runs_and_captures_output() {
        let ran = run(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(30),
        )
        .unwrap();
        assert_eq!(ran.status.code(), Some(3));
        assert_eq!(ran.stdout, "out\n");
        assert_eq!(ran.stderr, "err\n");
    }

    #[test]
    fn kills_what_runs_too_long() {
        let result = run(
            Command::new("sh").args(["-c", "sleep 5"]),
            Duration::from_millis(100),
        );
        assert!(matches!(result, Err(RunError::Timeout(_))));
    }
}
