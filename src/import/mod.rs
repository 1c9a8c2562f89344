//! `brochure import hugo SRC DEST`: a Hugo site converted to brochure's layout.
//!
//! A pipeline like the build's: [`config`] (the Hugo configuration) → [`walk`] (every
//! content file, per language) → [`plan`] (where each file goes, the URL Hugo gave it and
//! the URL brochure will) → [`page`] (each page's front matter, shortcodes and links
//! converted) → [`write`] (the new site, written beside DEST and moved in whole). Every
//! change is counted in a [`Report`].

mod config;
mod front;
mod links;
mod page;
mod plan;
mod shortcodes;
mod walk;
mod write;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Result;

/// What an import changed, mapped or dropped: counts by kind, each kind by name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Pages written per language code.
    pub pages: BTreeMap<String, usize>,
    /// `kind → (what → count)`: `shortcode converted → figure → 3`.
    pub counts: BTreeMap<&'static str, BTreeMap<String, usize>>,
}

impl Report {
    /// Counts one `what` of `kind`.
    pub fn add(&mut self, kind: &'static str, what: impl Into<String>) {
        *self
            .counts
            .entry(kind)
            .or_default()
            .entry(what.into())
            .or_default() += 1;
    }

    /// The total of `kind`.
    pub fn total(&self, kind: &str) -> usize {
        self.counts.get(kind).map_or(0, |m| m.values().sum())
    }

    /// The count of one `what` of `kind`.
    pub fn get(&self, kind: &str, what: &str) -> usize {
        self.counts
            .get(kind)
            .and_then(|m| m.get(what))
            .copied()
            .unwrap_or(0)
    }

    /// The report as lines for people: one per kind, its total then each name's count.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "pages: {}",
            self.pages
                .iter()
                .map(|(l, n)| format!("{n} {l}"))
                .collect::<Vec<_>>()
                .join(" + ")
        )];
        for (kind, names) in &self.counts {
            let total: usize = names.values().sum();
            let mut parts: Vec<(&String, &usize)> = names.iter().collect();
            parts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let shown: Vec<String> = parts
                .iter()
                .take(12)
                .map(|(w, n)| {
                    if w.is_empty() {
                        format!("{n}")
                    } else {
                        format!("{w} {n}")
                    }
                })
                .collect();
            let more = if parts.len() > 12 {
                format!(", … {} more", parts.len() - 12)
            } else {
                String::new()
            };
            if parts.len() == 1 && parts[0].0.is_empty() {
                lines.push(format!("{kind}: {total}"));
            } else {
                lines.push(format!("{kind}: {total} ({}{more})", shown.join(", ")));
            }
        }
        lines
    }
}

/// Converts the Hugo site at `src` into a new brochure site at `dest` (which must not
/// exist or be empty). Nothing is written unless the whole site converts.
pub fn hugo(src: &Path, dest: &Path) -> Result<Report> {
    refuse_non_empty(dest)?;
    let mut report = Report::default();
    let config = config::read(src)?;
    let files = walk::walk(src, &config, &mut report)?;
    let plan = plan::plan(&config, files, &mut report)?;
    let statics = write::static_files(src, &config);
    let is_static = |url: &str| statics.contains_key(url.trim_start_matches('/'));
    let pages = page::convert_all(&config, &plan, &is_static, &mut report)?;
    let site = write::Site::assemble(&config, &plan, pages, &statics, &mut report)?;
    write::write(&site, dest)?;
    for (code, n) in &site.pages_per_lang {
        report.pages.insert(code.clone(), *n);
    }
    Ok(report)
}

fn refuse_non_empty(dest: &Path) -> Result<()> {
    crate::scaffold::refuse_unless_empty(
        dest,
        "import",
        "import into",
        "name a new folder (or an empty one): an import never writes over anything",
    )
}
