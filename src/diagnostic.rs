//! Diagnostics: errors and warnings that carry the place they come from.
//!
//! Every user-facing problem becomes a [`Diagnostic`] with a file, a 1-based line and
//! column (columns count characters, not bytes), what is wrong, and how to fix it. The CLI
//! prints them rustc-style; `check` collects all of them.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// A place in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
}

impl Location {
    /// A location in `file` at `line`:`col`.
    pub fn new(file: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            file: file.into(),
            line: line.max(1),
            col: col.max(1),
        }
    }

    /// The start of `file`, for problems that concern the whole file.
    pub fn file_start(file: impl Into<PathBuf>) -> Self {
        Location::new(file, 1, 1)
    }

    /// No file: a problem with the command line or the machine (a busy port, say).
    pub fn command_line() -> Self {
        Location {
            file: PathBuf::new(),
            line: 0,
            col: 0,
        }
    }

    /// Whether this location names a file.
    pub fn is_in_file(&self) -> bool {
        !self.file.as_os_str().is_empty()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", display_path(&self.file), self.line, self.col)
    }
}

/// A path as the user should see it: without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// One problem in the site, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
    /// Other places that explain the problem (e.g. the first of two clashing pages).
    pub notes: Vec<(Location, String)>,
    /// A short machine-readable kind, e.g. `broken-link`; used by `check --format json`.
    pub code: &'static str,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
            notes: Vec::new(),
            code,
        }
    }

    /// A warning at `location`.
    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    /// Adds how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a related place.
    pub fn with_note(mut self, location: Location, note: impl Into<String>) -> Self {
        self.notes.push((location, note.into()));
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        if self.location.is_in_file() {
            write!(f, "\n  --> {}", self.location)?;
        }
        for (loc, note) in &self.notes {
            write!(f, "\n  = note: {note} ({loc})")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// A stage stopped because of errors: every error of that kind, in source order.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render_all(.0))]
pub struct Failure(pub Vec<Diagnostic>);

impl Failure {
    /// A failure with a single diagnostic.
    pub fn one(diagnostic: Diagnostic) -> Self {
        Failure(vec![diagnostic])
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::one(d)
    }
}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Result of a pipeline stage.
pub type Result<T> = std::result::Result<T, Failure>;

/// Splits diagnostics into a failure (if any is an error) or the warnings.
pub fn fail_on_errors(mut diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>> {
    diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(Failure(
            diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
        ))
    } else {
        Ok(diagnostics)
    }
}

/// An I/O problem with `path`, as a diagnostic.
pub fn io_error(path: &Path, action: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "io",
        Location::file_start(path),
        format!("cannot {action} `{}`: {err}", display_path(path)),
    )
    .with_hint("check that the path exists and is readable (and writable for output)")
}

/// Maps byte offsets in a text to 1-based line and character column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based (line, column) of byte `offset` in `text` (the text that was indexed).
    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

/// `1 warning`, `2 warnings`, `0 errors`: a count with its noun (English plural in `s`).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters() {
        let text = "第一行\n标题：x\nabc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.locate(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(idx.locate(text, x), (2, 4));
        assert_eq!(idx.locate(text, text.len()), (3, 4));
    }

    #[test]
    fn display_is_rustc_style() {
        let d = Diagnostic::error("x", Location::new("./content/a.md", 3, 2), "bad thing")
            .with_hint("do this");
        assert_eq!(
            d.to_string(),
            "error: bad thing\n  --> content/a.md:3:2\n  = help: do this"
        );
    }

    #[test]
    fn counts_take_their_plural() {
        assert_eq!(count(1, "warning"), "1 warning");
        assert_eq!(count(0, "error"), "0 errors");
        assert_eq!(count(3, "data file"), "3 data files");
    }
}
