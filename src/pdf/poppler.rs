//! Reading PDFs back with poppler's tools (`pdfinfo`, `pdftotext`, Debian: poppler-utils):
//! the page count, the page of each named destination, the text of each page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::html::percent_decode;
use super::process::{self, find_on_path};

/// How long one poppler call may take.
const LIMIT: Duration = Duration::from_secs(120);

/// The install hint for poppler's tools.
pub const INSTALL: &str = "install poppler-utils (Debian/Ubuntu: `apt-get install poppler-utils`; macOS: `brew install poppler`)";

/// `pdfinfo` and `pdftotext`, when both are installed.
#[derive(Debug, Clone)]
pub struct Poppler {
    pdfinfo: PathBuf,
    pdftotext: PathBuf,
}

impl Poppler {
    /// Finds the tools on `PATH`.
    pub fn find() -> Option<Poppler> {
        Some(Poppler {
            pdfinfo: find_on_path("pdfinfo")?,
            pdftotext: find_on_path("pdftotext")?,
        })
    }

    /// The number of pages of `pdf`.
    pub fn page_count(&self, pdf: &Path) -> Result<usize, String> {
        let out = self.call(&self.pdfinfo, &[pdf.as_os_str()])?;
        parse_page_count(&out).ok_or_else(|| format!("pdfinfo printed no page count:\n{out}"))
    }

    /// The page of each named destination of `pdf`, by percent-decoded name.
    pub fn destinations(&self, pdf: &Path) -> Result<BTreeMap<String, usize>, String> {
        let out = self.call(&self.pdfinfo, &["-dests".as_ref(), pdf.as_os_str()])?;
        Ok(parse_destinations(&out))
    }

    /// The text of each page of `pdf`, in content order.
    pub fn pages_text(&self, pdf: &Path) -> Result<Vec<String>, String> {
        let args = [
            "-raw".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ];
        Ok(split_pages(&self.call(&self.pdftotext, &args)?))
    }

    fn call(&self, program: &Path, args: &[&std::ffi::OsStr]) -> Result<String, String> {
        let ran = process::run(Command::new(program).args(args), LIMIT)
            .map_err(|e| format!("`{}` {e}", program.display()))?;
        if !ran.status.success() {
            return Err(format!(
                "`{}` failed ({}):\n{}",
                process::describe(program, args),
                ran.status,
                ran.stderr_tail(5)
            ));
        }
        Ok(ran.stdout)
    }
}

/// The `Pages:` line of `pdfinfo` output.
pub fn parse_page_count(pdfinfo: &str) -> Option<usize> {
    pdfinfo
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

/// `pdfinfo -dests` output → destination name (percent-decoded: Chromium writes URL
/// fragments, WeasyPrint the raw id) → the first page it is on.
///
/// ```text
/// Page  Destination                 Name
///    3 [ XYZ    0  828 null      ] "ch-home"
/// ```
pub fn parse_destinations(pdfinfo: &str) -> BTreeMap<String, usize> {
    let mut dests = BTreeMap::new();
    for line in pdfinfo.lines() {
        let line = line.trim_start();
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(page) = line[..digits].parse::<usize>() else {
            continue;
        };
        let Some(after_dest) = line.find(']').map(|i| &line[i + 1..]) else {
            continue;
        };
        let Some(name) = after_dest
            .trim()
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
        else {
            continue;
        };
        dests
            .entry(percent_decode(name))
            .and_modify(|p: &mut usize| *p = (*p).min(page))
            .or_insert(page);
    }
    dests
}

/// `pdftotext` output → the text of each page (pages end with a form feed).
pub fn split_pages(text: &str) -> Vec<String> {
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The 1-based page on which each marker first appears (whitespace that text extraction
/// may put inside a marker is ignored).
pub fn find_markers(pages: &[String], markers: &[String]) -> Vec<Option<usize>> {
    let squeezed: Vec<String> = pages
        .iter()
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    markers
        .iter()
        .map(|m| {
            squeezed
                .iter()
                .position(|p| p.contains(m.as_str()))
                .map(|i| i + 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_page_count() {
        let info = "Title:           x\nPages:           12\nEncrypted:       no\n";
        assert_eq!(parse_page_count(info), Some(12));
        assert_eq!(parse_page_count("Title: x\n"), None);
    }

    #[test]
    fn reads_destinations_from_both_engines() {
        let out = "Page  Destination                 Name\n   \
              3 [ XYZ    0  828 null      ] \"ch-home\"\n   \
              4 [ XYZ    6  776 null      ] \"%E5%8E%86%E5%8F%B2\"\n   \
              5 [ XYZ   51  771 null      ] \"zh-history--1995年\"\n   \
              9 [ XYZ    0  828 null      ] \"ch-home\"\n  \
             12 [ XYZ    6  792 null      ] \"with%20space\"\n";
        let d = parse_destinations(out);
        assert_eq!(d.get("ch-home"), Some(&3), "the first page wins");
        assert_eq!(d.get("历史"), Some(&4));
        assert_eq!(d.get("zh-history--1995年"), Some(&5));
        assert_eq!(d.get("with space"), Some(&12));
        assert_eq!(d.len(), 4);
    }

    #[test]
    fn finds_markers_page_by_page() {
        let text =
            "封面\n\u{c}目录\n首页 \n\u{c}BRMK00000Q 首页\n正文\n\u{c}BRMK000\n01Q\n历史\u{c}";
        let pages = split_pages(text);
        assert_eq!(pages.len(), 4);
        let found = find_markers(
            &pages,
            &[
                "BRMK00000Q".into(),
                "BRMK00001Q".into(),
                "BRMK00002Q".into(),
            ],
        );
        assert_eq!(found, [Some(3), Some(4), None]);
    }
}
