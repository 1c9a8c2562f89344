//! Content pages: every Markdown page through its template, in parallel.

use rayon::prelude::*;

use super::{OutputKind, Run, Sink, collect_errors};
use crate::diagnostic::Result;
use crate::render::context::content_context;

/// Every content page of every language.
pub struct Pages;

impl OutputKind for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let site = &run.prepared.site;
        let results: Vec<Result<()>> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| {
                crate::render::guard_page(run.prepared, i, || {
                    let info = &site.info[i];
                    let context = content_context(run.prepared, i);
                    run.write_page(sink, &info.template, &info.path, &context)
                })
            })
            .collect();
        collect_errors(results)
    }
}
