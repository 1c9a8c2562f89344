//! The marker file: it marks a folder as written by brochure and records what wrote it (the
//! inputs' fingerprint) and what it holds (every file with its size), so a build can tell
//! its own files from anyone else's. Its text depends only on what was built, so two builds
//! of one site stay byte-identical; that the files are untouched since is told by their
//! [`Stamp`]s against the marker's own, touched last.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::MARKER;
use crate::fingerprint::{Listing, Stamp};

const MARKER_TEXT: &str = "This folder is written by brochure and replaced whole on every build. Do not edit it: \
brochure refuses to replace it while it holds files brochure did not write.\n";

/// The line that says the marker lists its files (earlier markers held only hashes).
const FORMAT: &str = "format 2";

/// What the marker file records about the build that wrote the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The fingerprint of the inputs (see [`crate::inputs::Inputs::fingerprint`]).
    pub inputs: u64,
    /// Every file the build wrote, by `/`-separated path, with its size.
    pub files: BTreeMap<String, u64>,
}

impl Marker {
    /// The marker's text: a note for people, the inputs, then one line per file.
    pub fn to_text(&self) -> String {
        let mut text = format!("{MARKER_TEXT}{FORMAT}\ninputs {:016x}\n", self.inputs);
        for (path, size) in &self.files {
            let quoted = serde_json::to_string(path).unwrap_or_default();
            text.push_str(&format!("file {size} {quoted}\n"));
        }
        text
    }

    /// Reads a marker's text; `None` when it is not one this brochure wrote (damaged, or
    /// from a version that did not record its files).
    pub fn parse(text: &str) -> Option<Marker> {
        if !text.lines().any(|l| l == FORMAT) {
            return None;
        }
        let mut inputs = None;
        let mut files = BTreeMap::new();
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("inputs ") {
                inputs = Some(u64::from_str_radix(v.trim(), 16).ok()?);
            } else if let Some(rest) = line.strip_prefix("file ") {
                let (size, path) = rest.split_once(' ')?;
                let path: String = serde_json::from_str(path).ok()?;
                files.insert(path, size.parse().ok()?);
            }
        }
        Some(Marker {
            inputs: inputs?,
            files,
        })
    }

    /// Whether the folder `dir` has a marker of an earlier brochure (no file list, only a
    /// hash of paths and sizes) and holds exactly what that build wrote.
    pub fn is_legacy_and_intact(dir: &Path) -> bool {
        let Ok(text) = std::fs::read_to_string(dir.join(MARKER)) else {
            return false;
        };
        let recorded = text
            .lines()
            .find_map(|l| l.strip_prefix("outputs "))
            .and_then(|v| u64::from_str_radix(v.trim(), 16).ok());
        !text.lines().any(|l| l == FORMAT)
            && recorded == Some(crate::fingerprint::legacy_outputs(dir, MARKER))
    }

    /// The marker of the folder `dir`, if it has one this brochure can read.
    pub fn read(dir: &Path) -> Option<Marker> {
        Marker::parse(&std::fs::read_to_string(dir.join(MARKER)).ok()?)
    }

    /// What `listing` holds that the build did not write, outermost first (a foreign
    /// folder is named once, with a trailing `/`, not with everything in it).
    pub fn foreign(&self, listing: &Listing) -> Vec<String> {
        let mut ours: HashSet<&str> = HashSet::new();
        for path in self.files.keys() {
            ours.extend(path.match_indices('/').map(|(i, _)| &path[..i]));
        }
        let mut foreign: Vec<(String, bool)> = listing
            .files
            .keys()
            .filter(|f| !self.files.contains_key(*f))
            .map(|f| (f.clone(), false))
            .chain(
                listing
                    .dirs
                    .iter()
                    .filter(|d| !ours.contains(d.as_str()))
                    .map(|d| (d.clone(), true)),
            )
            .chain(listing.others.iter().map(|o| (o.clone(), false)))
            .collect();
        foreign.sort();
        let dirs: HashSet<String> = foreign
            .iter()
            .filter(|(_, dir)| *dir)
            .map(|(d, _)| d.clone())
            .collect();
        foreign
            .into_iter()
            .filter(|(path, _)| {
                !path
                    .match_indices('/')
                    .any(|(i, _)| dirs.contains(&path[..i]))
            })
            .map(|(path, dir)| if dir { format!("{path}/") } else { path })
            .collect()
    }

    /// Whether `listing` is exactly what the build wrote, untouched since the marker was
    /// (its stamp is `marker`).
    pub fn matches(&self, listing: &Listing, marker: Stamp) -> bool {
        self.files.len() == listing.files.len()
            && listing.files.iter().all(|(path, stamp)| {
                self.files.get(path) == Some(&stamp.size) && stamp.changed <= marker.changed
            })
            && self.foreign(listing).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(size: u64) -> Stamp {
        Stamp {
            size,
            changed: 1_700_000_000_123_456_789,
        }
    }

    #[test]
    fn the_text_reads_back() {
        let marker = Marker {
            inputs: 0xfeed,
            files: [
                ("zh/index.html".to_string(), 3),
                ("odd name \"x\"\nnext.txt".to_string(), 0),
            ]
            .into(),
        };
        assert_eq!(Marker::parse(&marker.to_text()), Some(marker));
    }

    #[test]
    fn a_marker_without_the_file_list_is_not_ours() {
        let old = "This folder is written by brochure.\ninputs 00000000000000ff\noutputs 0000000000000001\n";
        assert_eq!(Marker::parse(old), None);
        assert_eq!(Marker::parse("garbage"), None);
        assert_eq!(Marker::parse("format 2\ninputs xyz\n"), None);
        assert_eq!(Marker::parse("format 2\ninputs 1\nfile x \"a\"\n"), None);
    }

    #[test]
    fn names_foreign_entries_outermost_first() {
        let marker = Marker {
            inputs: 1,
            files: [("zh/index.html".to_string(), 3)].into(),
        };
        let listing = Listing {
            files: [
                ("zh/index.html".to_string(), stamp(3)),
                ("wordpress/index.php".to_string(), stamp(9)),
                ("zh/notes.txt".to_string(), stamp(9)),
            ]
            .into(),
            dirs: vec!["wordpress".into(), "zh".into(), "empty".into()],
            others: vec!["link".into()],
        };
        assert_eq!(
            marker.foreign(&listing),
            ["empty/", "link", "wordpress/", "zh/notes.txt"]
        );
        assert!(!marker.matches(&listing, stamp(0)));
    }

    #[test]
    fn an_edited_file_does_not_match() {
        let marker = Marker {
            inputs: 1,
            files: [("a.html".to_string(), 3)].into(),
        };
        let same = Listing {
            files: [("a.html".to_string(), stamp(3))].into(),
            ..Listing::default()
        };
        assert!(marker.matches(&same, stamp(0)));
        let mut edited = same.clone();
        edited.files.get_mut("a.html").unwrap().changed += 1;
        assert!(
            !marker.matches(&edited, stamp(0)),
            "changed after the marker"
        );
        let mut resized = same.clone();
        resized.files.get_mut("a.html").unwrap().size += 1;
        assert!(!marker.matches(&resized, stamp(0)));
    }
}
