//! The 404 page of each language, `/<code>/404.html`.

use super::{OutputKind, Run, Sink, collect_errors};
use crate::diagnostic::Result;
use crate::render::context::{Kind, synthetic_context};

/// One 404 page per language.
pub struct NotFound;

impl OutputKind for NotFound {
    fn name(&self) -> &'static str {
        "404"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let languages = &run.prepared.site.config.languages;
        let results = languages.iter().enumerate().map(|(lang, l)| {
            let path = format!("/{}/404.html", l.code);
            let context = synthetic_context(run.prepared, lang, &path, Kind::NotFound);
            run.write_page(sink, "404.html", &path, &context)
        });
        collect_errors(results.collect())
    }
}
