//! Render: Tera with brochure's functions, and the template context of every kind of page
//! ([`context`]). The output kinds under `output/` render through these; Tera and the
//! Fluent bundles are built once per run.

pub mod context;
pub mod functions;

use std::sync::Arc;

use tera::Tera;

use crate::diagnostic::{Failure, Result};
use crate::pipeline::Prepared;

/// Builds the Tera instance: functions first, then every template.
pub fn templates(prepared: &Arc<Prepared>) -> Result<Tera> {
    let sources = &prepared.sources;
    let mut tera = Tera::default();
    functions::register(&mut tera, prepared);
    tera.add_raw_templates(
        sources
            .templates
            .iter()
            .map(|(name, s)| (name.as_str(), s.text.as_str())),
    )
    .map_err(|e| Failure::one(sources.diagnostic(&e, None)))?;
    Ok(tera)
}

/// Renders content page `i` through its template to HTML, without writing it.
pub fn render_page(tera: &Tera, prepared: &Prepared, i: usize) -> Result<String> {
    let sources = &prepared.sources;
    let template = prepared.site.info[i].template.as_str();
    tera.render(template, &context::content_context(prepared, i))
        .map_err(|e| sources.diagnostic(&e, sources.path_of(template)).into())
}
