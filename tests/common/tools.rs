//! Outside tools a test needs (a validator, a browser, a Python package): found, or the test
//! fails under `CI=true` (where `bash .ci/run` installs them all) and otherwise prints a loud
//! `SKIPPED:` line and passes.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

/// What a missing tool is called and how to get it.
pub struct Missing {
    pub why: String,
    pub install: &'static str,
}

pub type Tool = Result<PathBuf, Missing>;

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The first `name` on `PATH` that is a file.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A program on `PATH`.
pub fn program(name: &str, install: &'static str) -> Tool {
    find_on_path(name).ok_or_else(|| Missing {
        why: format!("`{name}` is not on PATH"),
        install,
    })
}

/// `python3` on `PATH`, if it can import `module`.
pub fn python_with(module: &str, install: &'static str) -> Tool {
    let python = program("python3", install)?;
    let ok = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Ok(python)
    } else {
        Err(Missing {
            why: format!("python3 cannot import `{module}`"),
            install,
        })
    }
}

/// All tools present: their paths. Otherwise fails the test under `CI=true`, or prints a
/// loud SKIPPED line and returns `None` (the caller then returns without checking).
pub fn require(tools: Vec<Tool>) -> Option<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for tool in tools {
        match tool {
            Ok(path) => found.push(path),
            Err(m) => missing.push(m),
        }
    }
    if missing.is_empty() {
        return Some(found);
    }
    let why: Vec<&str> = missing.iter().map(|m| m.why.as_str()).collect();
    let install: Vec<&str> = missing.iter().map(|m| m.install).collect();
    let (why, install) = (why.join("; "), install.join(", "));
    if in_ci() {
        panic!("tool missing under CI=true: {why}. Install {install} (bash .ci/run does).");
    }
    // Straight to the stderr handle: libtest captures `eprintln!` of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "\nSKIPPED: {why} — run bash .ci/run or install {install}\n"
    );
    None
}

/// Runs `command`; a non-zero exit fails the test with its output, which is returned.
pub fn run_checked(name: &str, command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{name}: could not start {command:?}: {e}"));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "{name} failed ({}):\n{report}",
        output.status
    );
    report
}
