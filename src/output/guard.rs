//! The output guard: what a build may write over. The output never overlaps the site's
//! inputs; a folder is replaced only when it is empty or holds nothing but what brochure
//! wrote there (its marker lists it); the leftovers of interrupted builds are removed.

use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::MARKER;
use super::marker::Marker;
use crate::diagnostic::{Diagnostic, Location, Result, display_path, io_error};
use crate::fingerprint;

/// The lock file in a staging folder, held by the build that writes it until it is done.
pub const LOCK: &str = ".brochure-lock";

/// How many foreign files a refusal names.
const NAMED: usize = 5;

/// A folder the build reads, which the output must keep clear of.
#[derive(Debug, Clone)]
pub struct Input {
    /// What it is, for messages: `content folder`.
    pub what: &'static str,
    pub path: PathBuf,
    /// The output may live inside it (the site folder, the current folder), just not
    /// be it or hold it.
    pub holds_output: bool,
}

/// `path` absolute, with every symbolic link resolved. A path that does not exist yet is
/// judged by its nearest existing ancestor, the rest appended as written (`..` included,
/// as creating it would).
pub fn resolve(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component> = abs.components().collect();
    for n in (1..=parts.len()).rev() {
        let Ok(mut real) = std::fs::canonicalize(parts[..n].iter().collect::<PathBuf>()) else {
            continue;
        };
        for part in &parts[n..] {
            match part {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(name) => real.push(name),
                _ => {}
            }
        }
        return real;
    }
    abs
}

/// Refuses an output folder that is, holds, or (for most inputs) lies inside an input:
/// replacing it would delete the site's sources, or the next build would read it back in.
pub fn check_overlap(out: &Path, inputs: &[Input]) -> Result<()> {
    let real_out = resolve(out);
    for input in inputs {
        let real = resolve(&input.path);
        let why = if real == real_out {
            format!("it is the {} `{}`", input.what, display_path(&real))
        } else if real.starts_with(&real_out) {
            format!(
                "it holds the {} `{}`, and replacing it would delete that",
                input.what,
                display_path(&real)
            )
        } else if !input.holds_output && real_out.starts_with(&real) {
            format!(
                "it is inside the {} `{}`, so every build would read the last one back in",
                input.what,
                display_path(&real)
            )
        } else {
            continue;
        };
        return Err(Diagnostic::error(
            "output",
            Location::file_start(out),
            format!("refusing to write the site into `{}`: {why}", display_path(out)),
        )
        .with_hint(
            "choose an --out that is neither inside the site's content/, static/, locales/, templates/ or theme folder nor holds any of them or the site; the default is `public/` in the site folder",
        )
        .into());
    }
    Ok(())
}

/// `target` may be replaced: it does not exist, is an empty folder, or holds only what the
/// build recorded in its marker wrote there.
pub fn check_replaceable(target: &Path) -> Result<()> {
    check_replaceable_keeping(target, &[])
}

/// As [`check_replaceable`], where the files `kept` (paths inside `target`, which the new
/// output carries over: see [`super::kept`]) count as brochure's too.
pub fn check_replaceable_keeping(target: &Path, kept: &[String]) -> Result<()> {
    let refuse = |why: String, hint: String| {
        Err(Diagnostic::error(
            "output",
            Location::file_start(target),
            format!(
                "refusing to write the site into `{}`: {why}",
                display_path(target)
            ),
        )
        .with_hint(hint)
        .into())
    };
    let general = format!(
        "brochure only replaces folders it wrote (they hold `{MARKER}`) or empty ones; choose another --out, or empty the folder yourself"
    );
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error(target, "inspect", &e).into()),
        Ok(meta) if !meta.is_dir() => refuse("it is not a folder".into(), general),
        Ok(_) if target.join(MARKER).is_file() => match Marker::read(target) {
            // Written by an earlier brochure, and nothing added since.
            None if Marker::is_legacy_and_intact(target) => Ok(()),
            None => refuse(
                format!(
                    "its `{MARKER}` is damaged, or from an older brochure and the folder changed since, so it does not say which files brochure wrote"
                ),
                "look through the folder, then delete it yourself (the next build writes it anew), or choose another --out".into(),
            ),
            Some(marker) => {
                let mut foreign = marker.foreign(&fingerprint::outputs(target, MARKER));
                foreign.retain(|f| !kept.contains(f));
                if foreign.is_empty() {
                    return Ok(());
                }
                refuse(
                    format!(
                        "brochure did not write {} in it, and replacing the folder would delete {}",
                        name_some(&foreign),
                        if foreign.len() == 1 { "it" } else { "them" }
                    ),
                    "move what brochure did not write out of the folder, or choose another --out; to publish into a folder that holds other files, build elsewhere and copy the output in".into(),
                )
            }
        },
        Ok(_) => match std::fs::read_dir(target).map(|mut e| e.next().is_none()) {
            Ok(true) => Ok(()),
            Ok(false) => refuse("it is not empty and was not written by brochure".into(), general),
            Err(e) => Err(io_error(target, "read", &e).into()),
        },
    }
}

/// "`a`, `b` and 3 more".
fn name_some(paths: &[String]) -> String {
    let named: Vec<String> = paths.iter().take(NAMED).map(|p| format!("`{p}`")).collect();
    let rest = paths.len().saturating_sub(NAMED);
    match rest {
        0 => named.join(", "),
        _ => format!("{} and {rest} more", named.join(", ")),
    }
}

/// The folder beside which `target`'s staging folders go, and the name they are made from.
pub fn parent_and_name(target: &Path) -> (PathBuf, String) {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    (parent, name)
}

/// The name prefix of `target`'s staging folders: `.public.staging-`.
pub fn staging_prefix(name: &str) -> String {
    format!(".{name}.staging-")
}

/// Takes the lock of the staging folder `staging` and keeps it while the file is open. It
/// is taken under another name and renamed, so a cleaner never finds it free.
pub fn hold_lock(staging: &Path) -> io::Result<File> {
    let taking = staging.join(format!("{LOCK}.new"));
    let file = File::create(&taking)?;
    file.lock()?;
    std::fs::rename(&taking, staging.join(LOCK))?;
    Ok(file)
}

/// Removes what interrupted builds of `target` left beside it (a killed build leaves its
/// staging folder, with the new output and perhaps the old one in it): every staging folder
/// of that name holding a lock that no running build holds. Returns the folders removed,
/// and a warning for each that could not be.
pub fn remove_leftovers(target: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let (parent, name) = parent_and_name(target);
    let prefix = staging_prefix(&name);
    let (mut removed, mut warnings) = (Vec::new(), Vec::new());
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return (removed, warnings);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix))
            && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !ours {
            continue;
        }
        // A folder without the lock is not brochure's, or still being made.
        let Ok(lock) = File::open(path.join(LOCK)) else {
            continue;
        };
        if lock.try_lock().is_err() {
            continue;
        }
        match std::fs::remove_dir_all(&path) {
            Ok(()) => removed.push(path),
            Err(e) => warnings.push(
                Diagnostic::warning(
                    "output",
                    Location::file_start(&path),
                    format!(
                        "cannot delete `{}`, left by an earlier build of `{}`: {e}",
                        display_path(&path),
                        display_path(target)
                    ),
                )
                .with_hint("delete it yourself (make its files writable first)"),
            ),
        }
    }
    (removed, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_not_made_yet_is_judged_by_its_existing_ancestor() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(real.join("site")).unwrap();
        assert_eq!(resolve(&real.join("site/a/b")), real.join("site/a/b"));
        assert_eq!(resolve(&real.join("site/a/../b")), real.join("site/b"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(real.join("site"), real.join("link")).unwrap();
            assert_eq!(resolve(&real.join("link/new")), real.join("site/new"));
        }
    }

    fn inputs(site: &Path) -> Vec<Input> {
        vec![
            Input {
                what: "site folder",
                path: site.to_path_buf(),
                holds_output: true,
            },
            Input {
                what: "content folder",
                path: site.join("content"),
                holds_output: false,
            },
        ]
    }

    #[test]
    fn overlaps_are_refused_both_ways() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        let inputs = inputs(&site);
        assert!(check_overlap(&site.join("public"), &inputs).is_ok());
        assert!(check_overlap(&dir.path().join("elsewhere"), &inputs).is_ok());
        for (out, says) in [
            (dir.path().to_path_buf(), "it holds the site folder"),
            (site.clone(), "it is the site folder"),
            (site.join("content"), "it is the content folder"),
            (site.join("content/x/y"), "it is inside the content folder"),
            (site.join("content/x/../../.."), "it holds the site folder"),
        ] {
            let err = check_overlap(&out, &inputs).unwrap_err().to_string();
            assert!(err.contains(says), "{}: {err}", out.display());
        }
    }

    #[test]
    fn an_output_of_an_earlier_brochure_is_replaced_only_when_intact() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir_all(target.join("zh")).unwrap();
        std::fs::write(target.join("zh/index.html"), "page").unwrap();
        let hash = fingerprint::legacy_outputs(&target, MARKER);
        let old = format!(
            "This folder is written by brochure.\ninputs 00000000000000ff\noutputs {hash:016x}\n"
        );
        std::fs::write(target.join(MARKER), old).unwrap();
        assert!(check_replaceable(&target).is_ok());
        std::fs::write(target.join("notes.txt"), "mine").unwrap();
        let err = check_replaceable(&target).unwrap_err().to_string();
        assert!(err.contains("from an older brochure"), "{err}");
    }

    #[test]
    fn only_unlocked_staging_folders_of_the_same_output_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let make = |name: &str, lock: bool| {
            let folder = dir.path().join(name);
            std::fs::create_dir_all(folder.join("site/zh")).unwrap();
            std::fs::write(folder.join("site/zh/index.html"), "x").unwrap();
            if lock {
                std::fs::write(folder.join(LOCK), "").unwrap();
            }
            folder
        };
        let killed = make(".out.staging-abc123", true);
        let running = make(".out.staging-def456", false);
        let _held = hold_lock(&running).unwrap();
        let not_ours = make(".out.staging-mine", false);
        let other_output = make(".other.staging-abc123", true);
        assert_eq!(remove_leftovers(&target).0, std::slice::from_ref(&killed));
        assert!(!killed.exists());
        assert!(running.join("site/zh/index.html").is_file());
        assert!(not_ours.exists() && other_output.exists());
    }
}
