//! Render: Tera with brochure's functions, and the template context of every kind of page
//! ([`context`]). The output kinds under `output/` render through these; Tera and the
//! Fluent bundles are built once per run.

pub mod context;
pub mod functions;
pub mod share;

use std::path::Path;
use std::sync::Arc;

use tera::Tera;

use crate::diagnostic::{Diagnostic, Failure, Location, Result};
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
    tera.render(template, &context::content_context(prepared, i)?)
        .map_err(|e| sources.diagnostic(&e, sources.path_of(template)).into())
}

/// Runs `job`, the rendering of content page `i`; a panic (a bug in brochure or a library
/// it uses) becomes an error at the page's source file instead of taking the whole
/// process down.
pub fn guard_page(prepared: &Prepared, i: usize, job: impl FnOnce() -> Result<()>) -> Result<()> {
    let page = &prepared.site.pages[i];
    guard(&page.source, || {
        if !page.is_released() {
            debug_panic(page.body());
        }
        job()
    })
}

/// Runs `job`, work on the file at `source`; a panic becomes an error there.
pub fn guard<T>(source: &Path, job: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).unwrap_or_else(|payload| {
        Err(panicked(Location::file_start(source), payload.as_ref()).into())
    })
}

/// The error for a panic while working on the file at `at`.
pub fn panicked(at: Location, payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let why = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into());
    Diagnostic::error(
        "internal",
        at,
        format!("internal error while working on this file: {why}"),
    )
    .with_hint("this is a bug in brochure: please report it with this file; until it is fixed, changing the part of the file that triggers it avoids it")
}

/// For tests of panic handling (debug builds only): a page whose Markdown contains the
/// text of `BROCHURE_DEBUG_PANIC` panics while it renders.
pub fn debug_panic(markdown: &str) {
    if has_debug_panic(markdown) {
        panic!("BROCHURE_DEBUG_PANIC found in the file");
    }
}

/// Whether [`debug_panic`] panics on `markdown`.
pub fn has_debug_panic(markdown: &str) -> bool {
    cfg!(debug_assertions)
        && std::env::var_os("BROCHURE_DEBUG_PANIC")
            .is_some_and(|marker| markdown.contains(marker.to_string_lossy().as_ref()))
}
