//! `brochure translations done FILE…`: records translations as up to date with their
//! source now. A FILE is a translation (`content/about.en.md`, `locales/en/theme.ftl`: all
//! its messages; `locales/en/theme.ftl#nav-home`: one) or a source (`content/about.zh.md`:
//! every translation of it; a folder: everything under it).

use std::path::{Path, PathBuf};

use super::lock::Lock;
use super::status::{Entry, Status};
use crate::diagnostic::{Diagnostic, Failure, Location, Result};

/// The path of `file` (as given on the command line: from the current folder or from
/// the site's) from the site's root, `/`-separated, if it exists in the site.
pub fn site_rel(root: &Path, file: &Path) -> Option<String> {
    let root = normalize(&std::path::absolute(root).ok()?);
    let candidates = [
        std::path::absolute(file),
        std::path::absolute(root.join(file)),
    ];
    candidates.into_iter().flatten().find_map(|p| {
        let rel = normalize(&p).strip_prefix(&root).ok()?.to_path_buf();
        root.join(&rel).exists().then(|| slash(&rel))
    })
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The translations `rel` names: itself, every existing translation of a source, or
/// every one under a folder (`content/news`, `locales`; `.` is the whole site).
pub fn named<'a>(status: &'a Status, rel: &str) -> Vec<&'a Entry> {
    let folder = if rel.is_empty() {
        String::new()
    } else {
        format!("{rel}/")
    };
    let names = |path: &str| path == rel || path.starts_with(&folder);
    status
        .entries
        .iter()
        .filter(|e| e.target_at.is_some() && (names(&e.target) || names(&e.source)))
        .collect()
}

/// Marks the translations named by `files` as up to date in `lock` (of the site at
/// `root`, whose state is `status`), and drops the records of translations whose source is
/// gone. Returns how many were marked.
pub fn mark(root: &Path, status: &Status, lock: &mut Lock, files: &[PathBuf]) -> Result<usize> {
    let mut errors = Vec::new();
    let mut chosen: Vec<&Entry> = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        // `locales/en/theme.ftl#nav-home`: one message of the file.
        let (file, message) = match shown.rsplit_once('#') {
            Some((f, id)) => (Path::new(f), Some(id)),
            None => (file.as_path(), None),
        };
        let Some(rel) = site_rel(root, file) else {
            errors.push(not_found(&shown, "there is no such file in the site"));
            continue;
        };
        let mut found = named(status, &rel);
        if let Some(id) = message {
            found.retain(|e| e.message.as_deref() == Some(id));
        }
        if found.is_empty() {
            let why = if status
                .entries
                .iter()
                .any(|e| e.target == rel || e.source == rel)
            {
                "it has no translation yet"
            } else {
                "it is neither a translation nor a source of one"
            };
            errors.push(not_found(&shown, why));
        }
        chosen.extend(found);
    }
    if !errors.is_empty() {
        return Err(Failure(errors));
    }
    record(lock, status, chosen.iter().copied());
    Ok(chosen.len())
}

/// Records `entries` as up to date in `lock`, dropping records of translations whose
/// source is gone from `status`.
pub fn record<'a>(lock: &mut Lock, status: &Status, entries: impl Iterator<Item = &'a Entry>) {
    for e in entries {
        lock.records.insert(e.key.clone(), e.record.clone());
    }
    lock.records
        .retain(|key, _| status.entries.iter().any(|e| &e.key == key));
}

fn not_found(file: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        "translations",
        Location::command_line(),
        format!("cannot mark `{file}` as translated: {why}"),
    )
    .with_hint("name a translation (`content/about.en.md`, `locales/en/theme.ftl`) or its source (`content/about.zh.md`), from the site's folder; `brochure translations` lists them")
}
