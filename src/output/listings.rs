//! The listing pages of paginated sections (`paginate_by` in a section's `_index`): page
//! `k ≥ 2` at `<section>/page/<k>/`, through the section's template with `paginator`; and
//! `<section>/page/1/`, a redirect to the section itself, where the first listing page is.

use rayon::prelude::*;

use super::aliases::redirect;
use super::{OutputKind, Run, Sink, collect_errors};
use crate::diagnostic::Result;
use crate::render::context::{listing_context, listing_pages, pager_path};
use crate::urls::output_file;

/// Every listing page after the first, of every paginated section.
pub struct Listings;

impl OutputKind for Listings {
    fn name(&self) -> &'static str {
        "listings"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let site = &run.prepared.site;
        let all: Vec<usize> = (0..site.pages.len()).collect();
        write_listings(run, sink, &all)
    }
}

/// The listing pages of those of `sections` that are paginated.
pub fn write_listings(run: &Run, sink: &dyn Sink, sections: &[usize]) -> Result<()> {
    let site = &run.prepared.site;
    let paginated: Vec<usize> = (sections.iter().copied())
        .filter(|&i| site.pages[i].front.paginate_by.is_some())
        .collect();
    let results: Vec<Result<()>> = paginated
        .par_iter()
        .flat_map(|&i| {
            let path = &site.info[i].path;
            let first = format!("{path}page/1/");
            let mut results =
                vec![sink.write(&output_file(&first), redirect(site, i, &first).as_bytes())];
            for k in 2..=listing_pages(site, i) {
                results.push(crate::render::guard_page(run.prepared, i, || {
                    // Each listing page sees the section's pages from a path of its own:
                    // kept, their values would number listing pages times section pages.
                    let context = listing_context(run.prepared, i, k, None)?;
                    let at = pager_path(path, k);
                    run.write_page(sink, &site.info[i].template, &at, &context)
                }));
            }
            results
        })
        .collect();
    collect_errors(results)
}
