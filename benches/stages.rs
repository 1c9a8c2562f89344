//! Criterion benches of brochure's stages, on text from the benchmark site generator
//! (examples/gen_site.rs, compiled into this bench as a module, so both use the same text):
//!
//! - `markdown/*`: `markdown::analyze` (the one parse, HTML with link slots included) and
//!   `render` (filling the slots with resolved links) of one page, about 800
//!   English words or 1,500 Chinese characters, with headings, lists, a table, emphasis
//!   and links;
//! - `site_20/*`: a generated site of 20 pages per language (55 HTML files): `prepare`
//!   (inputs + load + resolve + Markdown), `templates` (the Tera instance), `run` (every
//!   output kind into a sink that discards them) and a whole `build` into a temporary
//!   folder.
//!
//! - `page/render`: one content page of that site through `render::render_page` (its
//!   template, no writing).
//!
//! ```sh
//! cargo bench --bench stages
//! ```

use std::hint::black_box;

/// The generated pages hold no fenced code, so there is nothing to highlight.
const WEB: brochure::markdown::Writing = brochure::markdown::Writing {
    print: false,
    highlight: None,
};
use std::path::PathBuf;
use std::time::Duration;

use brochure::build::{self, BuildOptions};
use brochure::markdown;
use brochure::output::{Discard, KINDS};
use brochure::pipeline;
use brochure::script::Script;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

#[allow(dead_code)]
#[path = "../examples/gen_site.rs"]
mod gen_site;

use gen_site::{Lang, page_body};

/// The page's links point into a site of this many pages per language (only their text
/// matters to the Markdown benches).
const LINKED_SITE: usize = 1000;
/// Pages per language of the generated site.
const SITE_PAGES: usize = 20;
/// HTML files it builds into: pages, 5 sections and a home per language, 2 404 pages and
/// the landing page.
const SITE_FILES: u64 = 2 * (SITE_PAGES as u64 + 6) + 3;

fn markdown(c: &mut Criterion) {
    let mut group = c.benchmark_group("markdown");
    for (name, lang) in [("en_800_words", Lang::En), ("zh_1500_chars", Lang::Zh)] {
        let script = if lang == Lang::Zh {
            Script::Han
        } else {
            Script::Alphabetic
        };
        let body = page_body(lang, 1, LINKED_SITE);
        let analysis = markdown::analyze(&body, script, WEB);
        let hrefs: Vec<String> = (0..analysis.links.len())
            .map(|k| format!("../../section/p{k:05}/"))
            .collect();
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(format!("analyze/{name}"), |b| {
            b.iter(|| markdown::analyze(black_box(&body), script, WEB))
        });
        group.bench_function(format!("render/{name}"), |b| {
            b.iter(|| analysis.rendered.html(black_box(&hrefs)))
        });
    }
    group.finish();
}

fn site(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join("site");
    gen_site::write_brochure(&site, SITE_PAGES).expect("the generated site is written");
    let out: PathBuf = dir.path().join("out");
    let options = BuildOptions {
        site: site.clone(),
        out: Some(out.clone()),
        ..BuildOptions::default()
    };
    // One build first: it fails on any error in the generated site.
    build::build(&options).expect("the generated site builds");

    let mut group = c.benchmark_group(format!("site_{SITE_PAGES}"));
    group.throughput(Throughput::Elements(SITE_FILES));
    let defaults = pipeline::Options::default();
    group.bench_function("prepare", |b| {
        b.iter(|| pipeline::prepare_site(&site, defaults.clone()).expect("prepared"))
    });
    let prepared = pipeline::prepare_site(&site, defaults).expect("the site prepares");
    group.bench_function("templates", |b| {
        b.iter(|| brochure::render::templates(&prepared).expect("templates"))
    });
    group.bench_function("run", |b| {
        b.iter(|| pipeline::run(&prepared, KINDS, &Discard).expect("rendered"))
    });
    let tera = brochure::render::templates(&prepared).expect("templates");
    let page = (0..prepared.site.pages.len())
        .find(|&i| prepared.site.pages[i].kind == brochure::content::PageKind::Page)
        .expect("the site has a plain page");
    group.throughput(Throughput::Elements(1));
    group.bench_function("page_render", |b| {
        b.iter(|| {
            brochure::render::render_page(&tera, &prepared, black_box(page)).expect("rendered")
        })
    });
    group.throughput(Throughput::Elements(SITE_FILES));
    // A build from scratch: the previous output is removed outside the timed part
    // (an up-to-date output would be left as it is).
    group.bench_function("build", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(&out);
            },
            |()| build::build(&options).expect("built"),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = markdown, site
}
criterion_main!(benches);
