//! The 404 page of each language, `/<code>/404.html`.

use super::{OutputKind, Run, Sink, collect_errors};
use crate::config::Config;
use crate::diagnostic::Result;
use crate::render::context::{Kind, synthetic_context};
use crate::urls::output_file;

/// One 404 page per language.
pub struct NotFound;

impl OutputKind for NotFound {
    fn name(&self) -> &'static str {
        "404"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let languages = &run.prepared.site.config.languages;
        let results = languages.iter().enumerate().map(|(lang, l)| {
            let path = path(&l.code);
            let context = synthetic_context(run.prepared, lang, &path, Kind::NotFound);
            run.write_page(sink, "404.html", &path, &context)
        });
        collect_errors(results.collect())
    }

    fn fixed_files(&self, config: &Config) -> Vec<(String, &'static str)> {
        let file = |l: &crate::config::Language| (output_file(&path(&l.code)), "404 page");
        config.languages.iter().map(file).collect()
    }
}

/// The site path of language `code`'s 404 page.
fn path(code: &str) -> String {
    format!("/{code}/404.html")
}
