//! Render: every page through its template, in parallel, streamed to the output folder.
//! Tera and the Fluent bundles are built once; the data tree once per language.

pub mod context;
pub mod functions;
pub mod keys;
pub mod print;

use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::content::PageKind;
use crate::diagnostic::{Diagnostic, Failure, Result};
use crate::markdown;
use crate::output::Sink;
use crate::templates::Sources;
use crate::urls::output_file;
use context::{Builder, Kind};
use functions::{PATH_VAR, Shared};

/// Builds the Tera instance: functions first, then every template.
pub fn templates(sources: &Sources, shared: &Arc<Shared>) -> Result<Tera> {
    let mut tera = Tera::default();
    functions::register(&mut tera, shared);
    tera.add_raw_templates(
        sources
            .templates
            .iter()
            .map(|(name, s)| (name.as_str(), s.text.as_str())),
    )
    .map_err(|e| Failure::one(sources.diagnostic(&e, None)))?;
    Ok(tera)
}

/// One thing to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Content(usize),
    NotFound(usize),
    Landing,
    Print(print::Edition),
}

/// Renders every page, the 404 pages and the landing page into `output`.
pub fn render_all(
    tera: &Tera,
    sources: &Sources,
    shared: &Shared,
    output: &dyn Sink,
) -> Result<()> {
    let site = &shared.site;
    let jobs: Vec<Job> = (0..site.pages.len())
        .map(Job::Content)
        .chain((0..site.config.languages.len()).map(Job::NotFound))
        .chain(std::iter::once(Job::Landing))
        .chain(
            print::Edition::all(site)
                .into_iter()
                .filter(|_| sources.templates.contains_key("print.html"))
                .map(Job::Print),
        )
        .collect();
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&job| render_job(tera, sources, shared, output, job).err())
        .flat_map(|Failure(ds)| ds)
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure(
            crate::diagnostic::fail_on_errors(errors).unwrap_err().0,
        ))
    }
}

/// Renders content page `i` (markdown and template) to HTML, without writing it.
pub fn render_page(tera: &Tera, sources: &Sources, shared: &Shared, i: usize) -> Result<String> {
    let template = shared.site.info[i].template.as_str();
    tera.render(template, &content_context(shared, i))
        .map_err(|e| sources.diagnostic(&e, sources.path_of(template)).into())
}

fn render_job(
    tera: &Tera,
    sources: &Sources,
    shared: &Shared,
    output: &dyn Sink,
    job: Job,
) -> Result<()> {
    let site = &shared.site;
    let (template, path, context) = match job {
        Job::Content(i) => (
            site.info[i].template.as_str(),
            site.info[i].path.clone(),
            content_context(shared, i),
        ),
        Job::NotFound(lang) => {
            let path = format!("/{}/404.html", site.config.languages[lang].code);
            let ctx = synthetic_context(shared, lang, &path, Kind::NotFound);
            ("404.html", path, ctx)
        }
        Job::Landing => (
            "landing.html",
            "/".to_string(),
            synthetic_context(shared, 0, "/", Kind::Landing),
        ),
        Job::Print(edition) => (
            "print.html",
            edition.path(site),
            print::context(shared, edition),
        ),
    };
    let html = tera
        .render(template, &context)
        .map_err(|e| sources.diagnostic(&e, sources.path_of(template)))?;
    output.write(&output_file(&path), html.as_bytes())
}

/// The context shared by every kind of page.
pub(crate) fn base_context(shared: &Shared, lang: usize, path: &str) -> Context {
    let site = &shared.site;
    let l = &site.config.languages[lang];
    let mut ctx = Context::new();
    ctx.insert("lang", &l.code);
    ctx.insert("locale", &l.locale);
    ctx.insert_value("data", site.data.per_language[lang].clone());
    ctx.insert(PATH_VAR, path);
    ctx
}

fn content_context(shared: &Shared, i: usize) -> Context {
    let site = &shared.site;
    let (page, info) = (&site.pages[i], &site.info[i]);
    let builder = Builder {
        site,
        from: &info.path,
        lang: page.lang,
    };
    let hrefs = site.hrefs(i, &info.path);
    let html = markdown::render(page.body(), site.is_chinese(page.lang), &hrefs);
    let mut ctx = base_context(shared, page.lang, &info.path);
    ctx.insert("site", &builder.site(Some(i)));
    ctx.insert(
        "switcher",
        &builder.switcher(&info.translations, Some(page.lang)),
    );
    if page.kind != PageKind::Page {
        let section = Value::from_serializable(&builder.section(i));
        ctx.insert_value("section", with_html(section, &html));
    }
    let page = Value::from_serializable(&builder.page(i));
    ctx.insert_value("page", with_html(page, &html));
    ctx
}

/// Sets `content` to the page's HTML, marked safe so templates print it as it is.
pub(crate) fn with_html(value: Value, html: &str) -> Value {
    let mut map = value.into_map().expect("page contexts serialize to maps");
    map.insert("content".into(), Value::safe_string(html));
    Value::from(map)
}

fn synthetic_context(shared: &Shared, lang: usize, path: &str, kind: Kind) -> Context {
    let site = &shared.site;
    let builder = Builder {
        site,
        from: path,
        lang,
    };
    let title = site.config.title.resolve(
        &site.config.languages[lang].code,
        &site.config.default_language().code,
    );
    let mut ctx = base_context(shared, lang, path);
    ctx.insert("site", &builder.site(None));
    let (translations, current) = match kind {
        Kind::Landing => (builder.homes(), None),
        _ => (Vec::new(), Some(lang)),
    };
    ctx.insert("switcher", &builder.switcher(&translations, current));
    ctx.insert("page", &builder.synthetic_page(kind, title));
    ctx
}
