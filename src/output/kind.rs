//! What every output kind is: one small trait, so that a new thing the build writes (a
//! feed, a search index) is one new file under `output/` and one line in [`super::KINDS`].

use std::sync::{Arc, OnceLock};

use tera::{Context, Tera};

use super::Sink;
use crate::config::Config;
use crate::diagnostic::Result;
use crate::pipeline::Prepared;
use crate::urls::output_file;

/// One kind of output: content pages, 404 pages, the sitemap, static files, …
pub trait OutputKind: Sync {
    /// A short name, for messages and benchmarks.
    fn name(&self) -> &'static str;

    /// Writes every file of this kind into `sink`.
    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()>;

    /// The files this kind writes whatever the content holds (`sitemap.xml`, each 404
    /// page), with what each is: the resolver checks that no page, asset or static file
    /// takes their place. Pages and static files are checked as what they are.
    fn fixed_files(&self, _config: &Config) -> Vec<(String, &'static str)> {
        Vec::new()
    }

    /// Whether this kind reads what the others leave in the [`Run`] (the search index reads
    /// the text pages show): then it runs once they are done.
    fn runs_last(&self) -> bool {
        false
    }
}

/// What an output kind renders from: the prepared site and its templates.
pub struct Run<'a> {
    pub prepared: &'a Arc<Prepared>,
    pub tera: &'a Tera,
    /// Per page, what the search index keeps of the text its `<main>` shows, as the pages
    /// kind rendered it (when the site has search): the index takes it from here instead
    /// of rendering every page again.
    pub shown: Vec<OnceLock<crate::search::index::Kept>>,
    /// Per language, the search terms of the pages this run rendered (see
    /// [`crate::search::index::Gathering`]).
    pub gathered: Vec<crate::search::index::Gathering>,
    /// Per page, its place in its language's list of pages (the search index's order).
    pub places: Vec<u32>,
    /// Per language, what the search index kept of the last run's (see
    /// [`crate::search::index::Memo`]).
    pub search: Vec<std::sync::Mutex<crate::search::index::Memo>>,
    /// The pages' values in listings, kept for `serve`'s next run (see
    /// [`crate::render::context::Listed`]); `None` in a plain build.
    pub listed: Option<crate::render::context::Listed>,
}

impl Run<'_> {
    /// Renders `template` with `context` to HTML; an error names the template's place.
    pub fn render(&self, template: &str, context: &Context) -> Result<String> {
        let sources = &self.prepared.sources;
        self.tera
            .render(template, context)
            .map_err(|e| sources.diagnostic(&e, sources.path_of(template)).into())
    }

    /// Renders `template` with `context` and writes it as the page at site path `path`.
    pub fn write_page(
        &self,
        sink: &dyn Sink,
        template: &str,
        path: &str,
        context: &Context,
    ) -> Result<()> {
        let html = self.render(template, context)?;
        sink.write(&output_file(path), html.as_bytes())
    }
}
