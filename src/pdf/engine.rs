//! Finding a PDF engine: WeasyPrint 60 or later (preferred), else Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::Engine;
use super::process::{self, find_all_on_path};

/// The oldest WeasyPrint accepted: Debian 12's 57.2 does not justify Chinese text and takes
/// ten times as long; PyPI's 60 and later do both well.
pub const MIN_WEASYPRINT: u32 = 60;

/// The commands that install WeasyPrint where brochure also looks for it.
macro_rules! weasyprint_commands {
    () => {
        "`python3 -m venv ~/.venvs/weasyprint && ~/.venvs/weasyprint/bin/pip install 'weasyprint>=60'`, then put ~/.venvs/weasyprint/bin on PATH"
    };
}

/// How to install WeasyPrint.
pub const INSTALL_WEASYPRINT: &str = concat!(
    "install WeasyPrint from PyPI: ",
    weasyprint_commands!(),
    " (Debian's `apt-get install weasyprint` is too old)"
);

/// How to install either engine, WeasyPrint first.
pub const INSTALL_EITHER: &str = concat!(
    "install WeasyPrint (preferred: true page numbers in the table of contents, fonts embedded for print shops): ",
    weasyprint_commands!(),
    "; or install Chromium: `apt-get install chromium fonts-noto-cjk poppler-utils` (Debian/Ubuntu)"
);

/// How to install Chromium and what its path needs.
pub const INSTALL_CHROMIUM: &str =
    "install Chromium: `apt-get install chromium fonts-noto-cjk poppler-utils` (Debian/Ubuntu)";

/// The names Chromium goes by on `PATH`, in order of preference.
const CHROMIUM_NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// How long `--version` may take.
const VERSION_LIMIT: Duration = Duration::from_secs(30);

/// An engine that is installed and usable.
#[derive(Debug, Clone)]
pub struct Found {
    pub engine: Engine,
    pub program: PathBuf,
    /// What `--version` said, e.g. `WeasyPrint version 70.0`.
    pub version: String,
    /// WeasyPrint knows `--pdf-tags` (newer than 60; 70 does); Chromium tags its PDFs by itself.
    pub tags: bool,
}

/// Why an engine is not usable: one line per program looked at, or a note that none is
/// installed.
#[derive(Debug, Clone, Default)]
pub struct Missing {
    pub rejected: Vec<String>,
}

/// `WeasyPrint version 70.0` → `(70, 0)`.
pub fn parse_weasyprint_version(output: &str) -> Option<(u32, u32)> {
    let line = output.lines().find(|l| l.contains("WeasyPrint"))?;
    let version = line.split_whitespace().last()?;
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| {
        let digits: String = m.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    })?;
    Some((major, minor))
}

/// Where WeasyPrint may be: every `weasyprint` on `PATH`, then the venv that
/// [`INSTALL_WEASYPRINT`] suggests, for a user who did not put it on `PATH`.
fn weasyprint_candidates() -> Vec<PathBuf> {
    let mut candidates = find_all_on_path("weasyprint");
    if let Some(home) = std::env::var_os("HOME") {
        let venv = Path::new(&home).join(".venvs/weasyprint/bin/weasyprint");
        if process::is_executable(&venv) && !candidates.contains(&venv) {
            candidates.push(venv);
        }
    }
    candidates
}

/// The first line of what `program --version` prints, if it runs and succeeds.
fn version_of(program: &Path) -> Result<String, String> {
    let ran = process::run(Command::new(program).arg("--version"), VERSION_LIMIT)
        .map_err(|e| format!("`{} --version` {e}", program.display()))?;
    let line = ran
        .stdout
        .lines()
        .chain(ran.stderr.lines())
        .find(|l| l.chars().any(|c| c.is_ascii_digit()) && !l.contains("unexpected operator"))
        .map(|l| l.trim().to_string());
    match (ran.status.success(), line) {
        (true, Some(line)) => Ok(line),
        _ => Err(format!(
            "`{} --version` failed ({}): {}",
            program.display(),
            ran.status,
            ran.stderr_tail(2)
        )),
    }
}

/// Whether `program --help` lists `option`.
fn knows_option(program: &Path, option: &str) -> bool {
    process::run(Command::new(program).arg("--help"), VERSION_LIMIT).is_ok_and(|ran| {
        ran.stdout
            .split(|c: char| c.is_whitespace() || c == '[' || c == ']' || c == ',')
            .any(|word| word == option)
    })
}

/// The first WeasyPrint that is new enough.
pub fn find_weasyprint() -> Result<Found, Missing> {
    let mut missing = Missing::default();
    for program in weasyprint_candidates() {
        match version_of(&program) {
            Ok(version) => match parse_weasyprint_version(&version) {
                Some((major, _)) if major >= MIN_WEASYPRINT => {
                    let tags = knows_option(&program, "--pdf-tags");
                    return Ok(Found {
                        engine: Engine::Weasyprint,
                        program,
                        version,
                        tags,
                    });
                }
                Some((major, minor)) => missing.rejected.push(format!(
                    "`{}` is WeasyPrint {major}.{minor}, too old: brochure needs {MIN_WEASYPRINT} or later (older ones do not justify Chinese text and are slow)",
                    program.display()
                )),
                None => missing.rejected.push(format!(
                    "`{}` printed `{version}`, not a WeasyPrint version",
                    program.display()
                )),
            },
            Err(why) => missing.rejected.push(why),
        }
    }
    Err(missing)
}

/// The first Chromium (or Chrome) that runs.
pub fn find_chromium() -> Result<Found, Missing> {
    let mut missing = Missing::default();
    for name in CHROMIUM_NAMES {
        for program in find_all_on_path(name) {
            match version_of(&program) {
                Ok(version) => {
                    return Ok(Found {
                        engine: Engine::Chromium,
                        program,
                        version,
                        tags: true,
                    });
                }
                Err(why) => missing.rejected.push(why),
            }
        }
    }
    Err(missing)
}

/// Finds `engine`.
pub fn find(engine: Engine) -> Result<Found, Missing> {
    match engine {
        Engine::Weasyprint => find_weasyprint(),
        Engine::Chromium => find_chromium(),
    }
}

/// The engine's name as the user types it.
pub fn name(engine: Engine) -> &'static str {
    match engine {
        Engine::Weasyprint => "weasyprint",
        Engine::Chromium => "chromium",
    }
}

/// The install hint for `engine`.
pub fn install_hint(engine: Engine) -> &'static str {
    match engine {
        Engine::Weasyprint => INSTALL_WEASYPRINT,
        Engine::Chromium => INSTALL_CHROMIUM,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_weasyprint_versions() {
        assert_eq!(
            parse_weasyprint_version("WeasyPrint version 70.0\n"),
            Some((70, 0))
        );
        assert_eq!(
            parse_weasyprint_version("WeasyPrint version 57.2"),
            Some((57, 2))
        );
        assert_eq!(
            parse_weasyprint_version("WeasyPrint version 61"),
            Some((61, 0))
        );
        assert_eq!(
            parse_weasyprint_version("WeasyPrint version 66.0rc1"),
            Some((66, 0))
        );
        assert_eq!(parse_weasyprint_version("Chromium 156.0"), None);
        assert_eq!(parse_weasyprint_version("WeasyPrint version x"), None);
    }
}
