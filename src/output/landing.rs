//! The root landing page, `/index.html`, leading to every language.

use super::{OutputKind, Run, Sink};
use crate::diagnostic::Result;
use crate::render::context::{Kind, synthetic_context};

/// The landing page.
pub struct Landing;

impl OutputKind for Landing {
    fn name(&self) -> &'static str {
        "landing"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let context = synthetic_context(run.prepared, 0, "/", Kind::Landing);
        run.write_page(sink, "landing.html", "/", &context)
    }
}
