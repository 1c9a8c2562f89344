//! The search index: `search/runtime.js` and, per language, `search/<code>.js` with its
//! shards and page blocks (see [`crate::search::index`]), from each page's plain text of the
//! pipeline's one Markdown parse. Nothing when site.yaml says `search: false`. The print
//! editions never load it; offline builds (and so the zip) hold it like any other output.

use rayon::prelude::*;

use super::{OutputKind, Run, Sink, collect_errors};
use crate::config::Config;
use crate::content::PageKind;
use crate::diagnostic::Result;
use crate::resolve::Site;
use crate::search::index::{self, Doc};
use crate::search::tokenize::Stemmer;
use crate::search::{RUNTIME, RUNTIME_FILE, index_file};

/// `search/`: the runtime and one index per language.
pub struct Search;

impl OutputKind for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let site = &run.prepared.site;
        if !site.config.search || sink.discards() {
            return Ok(());
        }
        sink.write(RUNTIME_FILE, RUNTIME.as_bytes())?;
        let results: Vec<Result<()>> = (0..site.config.languages.len())
            .into_par_iter()
            .map(|lang| {
                for (path, text) in language_index(site, lang).files {
                    sink.write(&path, text.as_bytes())?;
                }
                Ok(())
            })
            .collect();
        collect_errors(results)
    }

    fn fixed_files(&self, config: &Config) -> Vec<(String, &'static str)> {
        if !config.search {
            return Vec::new();
        }
        let mut files = vec![(RUNTIME_FILE.to_string(), "search runtime")];
        files.extend(
            config
                .languages
                .iter()
                .map(|l| (index_file(&l.code), "search index")),
        );
        files
    }
}

/// The index files of language `lang`.
pub fn language_index(site: &Site, lang: usize) -> index::Files {
    let docs: Vec<Doc> = site.pages_of(lang).map(|i| doc(site, i)).collect();
    let l = &site.config.languages[lang];
    index::build(&l.code, &docs, Stemmer::for_locale(&l.locale))
}

/// What the index knows of page `i`.
fn doc(site: &Site, i: usize) -> Doc {
    let (page, info) = (&site.pages[i], &site.info[i]);
    Doc {
        url: crate::urls::relative("/", &info.path, site.options.offline),
        title: page.front.title.clone(),
        section: section_title(site, i),
        description: page.front.description.clone().unwrap_or_default(),
        headings: info
            .analysis
            .headings
            .iter()
            .map(|h| h.title.clone())
            .collect(),
        text: info.analysis.text.clone(),
    }
}

/// The title of the top-level section that holds page `i` (itself, for a section), or
/// nothing for the home page and pages beside it.
fn section_title(site: &Site, i: usize) -> String {
    let mut top = i;
    while let Some(parent) = site.info[top].parent {
        if site.pages[parent].kind == PageKind::Home {
            break;
        }
        top = parent;
    }
    match site.pages[top].kind {
        PageKind::Section => site.pages[top].front.title.clone(),
        _ => String::new(),
    }
}
