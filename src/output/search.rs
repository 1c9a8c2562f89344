//! The search index: `search/runtime.js` and, per language, `search/<code>.js` with its
//! shards and page blocks (see [`crate::search::index`]), from each page's plain text of the
//! pipeline's one Markdown parse. Nothing when site.yaml says `search: false`. The print
//! editions never load it; offline builds (and so the zip) hold it like any other output.

use std::borrow::Cow;
use std::sync::{Mutex, MutexGuard};

use rayon::prelude::*;

use super::{OutputKind, Run, Sink, collect_errors};
use crate::config::Config;
use crate::content::PageKind;
use crate::diagnostic::Result;
use crate::render::context::content_context;
use crate::resolve::Site;
use crate::search::index::{self, Doc, Kept, Terms};
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
        let all: Vec<usize> = (0..site.config.languages.len()).collect();
        write_languages(run, sink, &all)
    }

    /// After the pages, whose `<main>` text it takes from the run.
    fn runs_last(&self) -> bool {
        true
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

/// Writes the indexes of languages `langs`, in parallel. A file the last index with the
/// same memo wrote with the same text is kept, not written, when the sink writes over that
/// index's output ([`Sink::keep`]).
pub fn write_languages(run: &Run, sink: &dyn Sink, langs: &[usize]) -> Result<()> {
    let results: Vec<Result<()>> = langs
        .par_iter()
        .map(|&lang| write_language(run, lang, &SinkOut(sink)))
        .collect();
    collect_errors(results)
}

/// A sink, as an index writes into it.
struct SinkOut<'s>(&'s dyn Sink);

impl index::Out for SinkOut<'_> {
    fn write(&self, path: &str, text: &str) -> Result<()> {
        self.0.write(path, text.as_bytes())
    }

    fn keep(&self, path: &str) -> bool {
        self.0.keep(path)
    }
}

/// Writes the index of language `lang` into `out`, with the run's memo when it has one.
fn write_language(run: &Run, lang: usize, out: &dyn index::Out) -> Result<()> {
    let site = &run.prepared.site;
    let pages: Vec<usize> = site.pages_of(lang).collect();
    let docs: Vec<Doc> = pages
        .par_iter()
        .map(|&i| doc(run, i))
        .collect::<Result<_>>()?;
    let l = &site.config.languages[lang];
    let stemmer = Stemmer::for_locale(&l.locale);
    let full = |p: usize| full_doc(run, pages[p], None);
    let gathered = run.gathered[lang].take();
    let terms = Terms {
        gathered,
        full: &full,
    };
    match run.search.get(lang) {
        Some(memo) => {
            let mut memo = lock(memo);
            index::write_index(&l.code, &docs, stemmer, Some(&mut memo), terms, out)
        }
        None => index::write_index(&l.code, &docs, stemmer, None, terms, out),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// Keeps what the index needs of page `i`, which the pages kind rendered as `html`: its
/// terms, gathered into the run, and its [`Kept`] texts (the text its `<main>` shows is
/// not kept whole: the index would hold every page's until it is made).
pub fn gather(run: &Run, i: usize, html: &str) -> Result<()> {
    let site = &run.prepared.site;
    let shown = crate::search::shown::main_text(html);
    let doc = full_doc(run, i, Some(shown))?;
    if run.shown[i].set(Kept::of(&doc)).is_ok() {
        let lang = site.pages[i].lang;
        let stemmer = Stemmer::for_locale(&site.config.languages[lang].locale);
        let terms = index::page_terms(&doc, stemmer);
        run.gathered[lang].add(run.places[i], terms);
    }
    Ok(())
}

/// What the index knows of page `i`: its fields from the Markdown parse, and what was kept
/// of the text of its `<main>` when the pages kind rendered it (see [`full_doc`]).
fn doc<'a>(run: &'a Run, i: usize) -> Result<Doc<'a>> {
    let site = &run.prepared.site;
    let page = &site.pages[i];
    let description = page.front.description.as_deref().unwrap_or_default();
    match run.shown[i].get() {
        Some(kept) if kept.made_for == index::made_for(&page.front.title, description) => Ok(Doc {
            kept: Some(kept),
            ..fields(run, i)
        }),
        // Not rendered by the pages kind (a run without it, as in tests), or with other
        // fields than the excerpt was made with.
        _ => full_doc(run, i, None),
    }
}

/// Page `i` with its texts whole: the text of its `<main>` as its template shows it (data
/// blocks included), `shown` or rendered again, and its Markdown's text when that is blank.
fn full_doc<'a>(run: &'a Run, i: usize, shown: Option<String>) -> Result<Doc<'a>> {
    let site = &run.prepared.site;
    let (page, info) = (&site.pages[i], &site.info[i]);
    let shown = match shown {
        Some(shown) => shown,
        None => crate::search::shown::main_text(
            &run.render(&info.template, &content_context(run.prepared, i)?)?,
        ),
    };
    // The Markdown's text counts only when `<main>` shows nothing (see [`index::Doc`]).
    let text = match shown.trim().is_empty() {
        true => {
            let script = site.config.languages[page.text_lang()].script;
            crate::markdown::plain_text_of(&page.reread_body()?, script)
        }
        false => String::new(),
    };
    Ok(Doc {
        text: Cow::Owned(text),
        shown: Cow::Owned(shown),
        ..fields(run, i)
    })
}

/// Page `i`'s fields from the Markdown parse, its texts left empty.
fn fields<'a>(run: &'a Run, i: usize) -> Doc<'a> {
    let site = &run.prepared.site;
    let (page, info) = (&site.pages[i], &site.info[i]);
    Doc {
        url: crate::urls::relative("/", &info.path, site.options.offline),
        title: Cow::Borrowed(&page.front.title),
        section: Cow::Borrowed(section_title(site, i)),
        description: Cow::Borrowed(page.front.description.as_deref().unwrap_or_default()),
        headings: info
            .analysis
            .headings
            .iter()
            .map(|h| Cow::Borrowed(h.title.as_str()))
            .collect(),
        ..Doc::default()
    }
}

/// The title of the top-level section that holds page `i` (itself, for a section), or
/// nothing for the home page and pages beside it.
fn section_title(site: &Site, i: usize) -> &str {
    let mut top = i;
    while let Some(parent) = site.info[top].parent {
        if site.pages[parent].kind == PageKind::Home {
            break;
        }
        top = parent;
    }
    match site.pages[top].kind {
        PageKind::Section => &site.pages[top].front.title,
        _ => "",
    }
}
