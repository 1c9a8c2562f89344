//! Content pages: every Markdown page through its template, in parallel.

use rayon::prelude::*;

use super::{OutputKind, Run, Sink, collect_errors};
use crate::diagnostic::Result;
use crate::render::context::listing_context;
use crate::urls::output_file;

/// Every content page of every language.
pub struct Pages;

impl OutputKind for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let all: Vec<usize> = (0..run.prepared.site.pages.len()).collect();
        write_pages(run, sink, &all)
    }
}

/// Content pages `pages`, in parallel (and, when the site has search, the text each
/// page's `<main>` shows, into the run).
pub fn write_pages(run: &Run, sink: &dyn Sink, pages: &[usize]) -> Result<()> {
    let site = &run.prepared.site;
    let results: Vec<Result<()>> = pages
        .par_iter()
        .map(|&i| {
            crate::render::guard_page(run.prepared, i, || {
                let info = &site.info[i];
                let context = listing_context(run.prepared, i, 1, run.listed.as_ref())?;
                let html = run.render(&info.template, &context)?;
                if site.config.search && !sink.discards() {
                    super::search::gather(run, i, &html)?;
                }
                sink.write(&output_file(&info.path), html.as_bytes())
            })
        })
        .collect();
    collect_errors(results)
}
