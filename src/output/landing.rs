//! The root landing page, `/index.html`, leading to every language.

use super::{OutputKind, Run, Sink};
use crate::config::Config;
use crate::diagnostic::Result;
use crate::render::context::{Kind, synthetic_context};
use crate::urls::output_file;

/// The landing page.
pub struct Landing;

impl OutputKind for Landing {
    fn name(&self) -> &'static str {
        "landing"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let context = synthetic_context(run.prepared, 0, PATH, Kind::Landing);
        run.write_page(sink, "landing.html", PATH, &context)
    }

    fn fixed_files(&self, _config: &Config) -> Vec<(String, &'static str)> {
        vec![(output_file(PATH), "landing page")]
    }
}

/// The landing page's site path.
const PATH: &str = "/";
