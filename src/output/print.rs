//! The print editions: every page of a language, or of two side by side, in one
//! self-contained file. Heading ids are prefixed per page, links between pages become
//! in-file anchors, content files and static images become `data:` URIs; links that leave
//! the edition become absolute URLs a reader may follow. An image only on another web site
//! stays as it is (the resolver warns of it).
//!
//! Side-by-side editions pair the default language with each other language: a site of
//! two languages gets `brochure.bilingual.html`; a site of three or more gets one per
//! pair, named by both codes (`brochure.zh-ja.html`), since three columns do not fit A4.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Map, Value};

use super::{OutputKind, Run, Sink, collect_errors};
use crate::config::Config;
use crate::content::StaticFiles;
use crate::diagnostic::Result;
use crate::images::cache::Cache;
use crate::images::print::Inline;
use crate::pipeline::Prepared;
use crate::render::context::{Builder, Kind, Logo, TocEntry, base_context, toc, with_html};
use crate::resolve::Site;
use crate::urls::{output_file, permalink};

/// The print editions, when the theme has `print.html`.
pub struct Print;

/// Where finished editions are kept, under the site: an edition that embeds photos weighs
/// megabytes, and a build that renders the same edition again links the kept file into
/// its output instead of writing them again.
const CACHE: &str = ".brochure-cache/print";

/// Bump when what an edition's text becomes changes outside its rendered HTML (how
/// tokens are filled, the print copies' encoding).
const CACHE_VERSION: u32 = 1;

/// The kept file of the edition rendered as `html` (tokens not yet filled) in `cache`,
/// kept now if it is not there; or, for an edition under [`KEPT_FROM`] or one that cannot
/// be kept, its pieces for the caller to write.
fn kept<'h>(cache: &Cache, html: &'h str, inline: &'h Inline) -> Kept<'h> {
    let mut key = xxhash_rust::xxh3::Xxh3::new();
    key.update(html.as_bytes());
    key.update(&CACHE_VERSION.to_le_bytes());
    key.update(env!("CARGO_PKG_VERSION").as_bytes());
    let name = format!("{:016x}.html", key.digest());
    if let Some(path) = cache.path(&name) {
        return Kept::File(path);
    }
    let parts = inline.fill(html);
    if parts.iter().map(|p| p.len()).sum::<usize>() < KEPT_FROM {
        return Kept::Parts(parts);
    }
    match cache.put_parts(&name, &parts) {
        Some(path) => Kept::File(path),
        None => Kept::Parts(parts),
    }
}

/// Editions smaller than this (no photos to speak of) are written, not kept.
const KEPT_FROM: usize = 1 << 20;

/// An edition as the cache gives it.
enum Kept<'h> {
    /// Its kept file, to link into the output.
    File(std::path::PathBuf),
    /// Its text in pieces, to write.
    Parts(Vec<&'h [u8]>),
}

impl OutputKind for Print {
    fn name(&self) -> &'static str {
        "print"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        if !run.prepared.sources.templates.contains_key("print.html") {
            return Ok(());
        }
        let site = &run.prepared.site;
        let cache = Cache::at(site.config.root.join(CACHE));
        let result = write_editions(run, sink, &Edition::all(&site.config), &cache);
        if result.is_ok() && !sink.discards() {
            cache.prune();
        }
        result
    }

    /// Every edition (whether or not the theme prints them: a theme can gain `print.html`).
    fn fixed_files(&self, config: &Config) -> Vec<(String, &'static str)> {
        Edition::all(config)
            .into_iter()
            .map(|e| (output_file(&e.path(config)), "print edition"))
            .collect()
    }
}

/// Renders `editions` into `sink`, keeping the large ones in `cache` (which the caller
/// prunes, once every edition it keeps was written). Nothing when the theme has no
/// `print.html`.
pub fn write_editions(
    run: &Run,
    sink: &dyn Sink,
    editions: &[Edition],
    cache: &Cache,
) -> Result<()> {
    if !run.prepared.sources.templates.contains_key("print.html") {
        return Ok(());
    }
    let site = &run.prepared.site;
    let inline = Inline::new(&site.config.root, &site.assets, &site.images);
    let results: Vec<Result<()>> = editions
        .par_iter()
        .map(|&edition| {
            let context = context(run.prepared, edition, &inline);
            let html = run.render("print.html", &context)?;
            let path = output_file(&edition.path(&site.config));
            if sink.discards() {
                return Ok(());
            }
            match kept(cache, &html, &inline) {
                Kept::File(file) => sink.write_file(&path, &file),
                Kept::Parts(parts) => sink.write_parts(&path, &parts),
            }
        })
        .collect();
    collect_errors(results)
}

/// The editions that hold a page of one of `langs`, rendered again into `sink` (the cache
/// is not pruned: the next whole build does it).
pub fn write_editions_of(run: &Run, sink: &dyn Sink, langs: &[usize]) -> Result<()> {
    let site = &run.prepared.site;
    let editions: Vec<Edition> = Edition::all(&site.config)
        .into_iter()
        .filter(|e| e.languages().iter().any(|l| langs.contains(l)))
        .collect();
    write_editions(
        run,
        sink,
        &editions,
        &Cache::at(site.config.root.join(CACHE)),
    )
}

/// One print edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// One language, by index.
    Language(usize),
    /// The default language and another, side by side, paired by translation.
    SideBySide(usize),
}

impl Edition {
    /// The editions a site gets: one per language, then the side-by-side ones.
    pub fn all(config: &Config) -> Vec<Edition> {
        let n = config.languages.len();
        (0..n)
            .map(Edition::Language)
            .chain((1..n).map(Edition::SideBySide))
            .collect()
    }

    /// `zh`, `en`, and `bilingual` (two languages) or `zh-ja` (three or more).
    pub fn name(self, config: &Config) -> String {
        let languages = &config.languages;
        match self {
            Edition::Language(l) => languages[l].code.clone(),
            Edition::SideBySide(_) if languages.len() == 2 => "bilingual".to_string(),
            Edition::SideBySide(l) => format!("{}-{}", languages[0].code, languages[l].code),
        }
    }

    /// The site path of the edition: `/print/brochure.zh.html`.
    pub fn path(self, config: &Config) -> String {
        format!("/print/brochure.{}.html", self.name(config))
    }

    /// The languages it holds, in order.
    pub fn languages(self) -> Vec<usize> {
        match self {
            Edition::Language(l) => vec![l],
            Edition::SideBySide(l) => vec![0, l],
        }
    }
}

/// The edition named `name` (`zh`, `bilingual`, `zh-ja`), if the site has it.
pub fn edition_named(config: &Config, name: &str) -> Option<Edition> {
    Edition::all(config)
        .into_iter()
        .find(|e| e.name(config) == name)
}

/// The ids of the chapters of edition `edition`, in reading order: what its table of
/// contents numbers (`brochure pdf` locates them in the printed PDF).
pub fn chapter_ids(prepared: &Prepared, edition: Edition) -> Vec<String> {
    let site = &prepared.site;
    let chapters = chapters(site, &edition.languages());
    Ids::new(site, &chapters).chapters
}

/// The names of every edition of a site, languages first.
pub fn edition_names(config: &Config) -> Vec<String> {
    Edition::all(config)
        .into_iter()
        .map(|e| e.name(config))
        .collect()
}

/// A chapter: one page, in each language of the edition.
struct Chapter {
    depth: usize,
    versions: Vec<Option<usize>>,
}

impl Chapter {
    /// The chapter's first page (a chapter has at least one).
    fn first(&self) -> usize {
        self.versions
            .iter()
            .flatten()
            .next()
            .copied()
            .expect("a chapter has a page")
    }
}

#[derive(Serialize)]
struct VersionCtx {
    lang: String,
    locale: String,
    /// How the language is written (`han`, `alphabetic`, …), for fonts.
    script: &'static str,
    id: String,
    title: String,
    description: String,
    toc: Vec<TocEntry>,
    slug: String,
}

/// The context of `print.html` for one edition, with `inline`'s tokens where content
/// images go (see [`Inline::fill`]).
pub fn context(prepared: &Prepared, edition: Edition, inline: &Inline) -> Context {
    let site = &prepared.site;
    let langs = edition.languages();
    let path = edition.path(&site.config);
    let lang = langs[0];
    let builder = Builder {
        site,
        from: &path,
        lang,
        root: None,
    };
    let chapters = chapters(site, &langs);
    let ids = Ids::new(site, &chapters);
    let assets = asset_sources(site);
    let chapter_values: Vec<Value> = chapters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let targets = Targets {
                ids: &ids,
                assets: &assets,
                statics: &prepared.statics,
                inline,
            };
            chapter_value(site, c, &targets, i)
        })
        .collect();
    let mut data_by_lang = Map::new();
    let mut scripts = Map::new();
    for (i, l) in site.config.languages.iter().enumerate() {
        data_by_lang.insert(l.code.clone().into(), site.data.per_language[i].clone());
        scripts.insert(l.code.clone().into(), Value::from(l.script.name()));
    }
    let mut ctx = base_context(prepared, lang, &path);
    ctx.insert("edition", &edition.name(&site.config));
    ctx.insert("site", &builder.site(None));
    ctx.insert(
        "identity",
        &builder.identity(&prepared.statics, Logo::Inline),
    );
    ctx.insert("switcher", &builder.switcher(&[], Some(lang)));
    let title = site.config.title.resolve(
        &site.config.languages[lang].code,
        &site.config.default_language().code,
    );
    ctx.insert("page", &builder.synthetic_page(Kind::Print, title));
    ctx.insert_value("data_by_lang", Value::from(data_by_lang));
    ctx.insert_value("scripts", Value::from(scripts));
    ctx.insert_value("chapters", Value::from(chapter_values));
    let url = edition_url(&site.config, edition);
    ctx.insert_value("edition_qr", Value::safe_string(&qr_svg(&url)));
    ctx.insert("edition_url", &url);
    if let Some(date) = edition_date(site, &chapters) {
        ctx.insert("edition_date", &date.to_string());
    }
    ctx
}

/// Where a reader of the printed edition goes online: the home of its language, or the
/// bilingual landing page for a side-by-side edition.
pub fn edition_url(config: &Config, edition: Edition) -> String {
    match edition {
        Edition::Language(l) => {
            permalink(&config.base_url, &format!("/{}/", config.languages[l].code))
        }
        Edition::SideBySide(_) => permalink(&config.base_url, "/"),
    }
}

/// The date of an edition: the latest `updated` (else `date`) of its pages. Never the day of the build, so
/// that two builds of the same content write the same bytes; `None` when no page is dated.
fn edition_date(site: &Site, chapters: &[Chapter]) -> Option<crate::date::PageDate> {
    chapters
        .iter()
        .flat_map(|c| c.versions.iter().flatten())
        .filter_map(|&p| {
            let front = &site.pages[p].front;
            front.updated.or(front.date)
        })
        .max()
}

/// A QR code of `text` as inline SVG (black modules on white, with the quiet zone a scanner
/// needs), drawn at build time so that the print edition needs nothing from outside.
fn qr_svg(text: &str) -> String {
    use qrcode::render::svg;
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return String::new();
    };
    let svg = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Inline in HTML: no XML declaration.
    svg.find("<svg")
        .map_or(svg.clone(), |at| svg[at..].to_string())
}

/// Pages of `lang` in reading order: the home, then each section followed by its pages
/// and subsections, with their depth.
fn reading_order(site: &Site, lang: usize) -> Vec<(usize, usize)> {
    fn walk(site: &Site, s: usize, depth: usize, out: &mut Vec<(usize, usize)>) {
        out.push((s, depth));
        out.extend(site.info[s].pages.iter().map(|&p| (p, depth + 1)));
        for &sub in &site.info[s].subsections {
            walk(site, sub, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    let language = &site.languages[lang];
    if let Some(home) = language.home {
        out.push((home, 1));
        out.extend(site.info[home].pages.iter().map(|&p| (p, 2)));
    }
    for &s in &language.sections {
        walk(site, s, 1, &mut out);
    }
    // A fallback is the default language's page again: print has it there.
    out.retain(|&(p, _)| !site.pages[p].fallback);
    out
}

/// The chapters of an edition: the first language's reading order, then pages that only
/// the other languages have.
fn chapters(site: &Site, langs: &[usize]) -> Vec<Chapter> {
    let versions = |p: usize| -> Vec<Option<usize>> {
        langs
            .iter()
            .map(|&l| site.info[p].translations[l].filter(|&t| !site.pages[t].fallback))
            .collect()
    };
    let mut chapters: Vec<Chapter> = reading_order(site, langs[0])
        .into_iter()
        .map(|(p, depth)| Chapter {
            depth,
            versions: versions(p),
        })
        .collect();
    for &other in &langs[1..] {
        for (p, depth) in reading_order(site, other) {
            if site.info[p].translations[langs[0]].is_none() {
                chapters.push(Chapter {
                    depth,
                    versions: versions(p),
                });
            }
        }
    }
    chapters
}

/// `/zh/history/` → `zh-history`; `/zh/` → `zh-home`.
fn version_id(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    match trimmed.split_once('/') {
        Some((code, rest)) => format!("{code}-{}", rest.replace('/', "-")),
        None => format!("{trimmed}-home"),
    }
}

/// `/zh/history/` → `ch-history`.
fn chapter_id(path: &str) -> String {
    let id = version_id(path);
    let rest = id.split_once('-').map_or("home", |(_, r)| r);
    format!("ch-{rest}")
}

/// Makes `id` unique among `used`: `id`, else `id-2`, `id-3`, …
fn unique(id: String, used: &mut HashSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{id}-{n}");
    }
    candidate
}

/// The ids of an edition, unique even where two paths read alike (`/zh/a-b/` and
/// `/zh/a/b/` are both `zh-a-b` at first; the later one becomes `zh-a-b-2`).
struct Ids {
    /// Site path of every page in the edition → its version id.
    versions: HashMap<String, String>,
    /// Chapter ids, by chapter.
    chapters: Vec<String>,
}

impl Ids {
    fn new(site: &Site, chapters: &[Chapter]) -> Ids {
        let mut used = HashSet::new();
        let mut versions = HashMap::new();
        for &p in chapters.iter().flat_map(|c| c.versions.iter().flatten()) {
            let path = &site.info[p].path;
            versions.insert(path.clone(), unique(version_id(path), &mut used));
        }
        let chapters = chapters
            .iter()
            .map(|c| unique(chapter_id(&site.info[c.first()].path), &mut used))
            .collect();
        Ids { versions, chapters }
    }

    fn version(&self, site: &Site, p: usize) -> &str {
        &self.versions[&site.info[p].path]
    }
}

/// Site path of every content asset (in every language) → its index, to inline it.
fn asset_sources(site: &Site) -> HashMap<String, usize> {
    site.assets
        .iter()
        .enumerate()
        .flat_map(|(k, a)| {
            site.config
                .languages
                .iter()
                .map(move |l| (format!("/{}/{}", l.code, a.published), k))
        })
        .collect()
}

/// What a link of the edition may become: an anchor of a page in it, an inlined content
/// file or static image.
struct Targets<'a> {
    ids: &'a Ids,
    assets: &'a HashMap<String, usize>,
    statics: &'a StaticFiles,
    inline: &'a Inline<'a>,
}

fn chapter_value(site: &Site, chapter: &Chapter, targets: &Targets, index: usize) -> Value {
    let ids = targets.ids;
    let first = chapter.first();
    let versions: Vec<Value> = chapter
        .versions
        .iter()
        .flatten()
        .map(|&p| version_value(site, p, targets))
        .collect();
    let mut map = Map::new();
    map.insert("id".into(), Value::from(ids.chapters[index].as_str()));
    map.insert(
        "slug".into(),
        Value::from(
            ids.version(site, first)
                .split_once('-')
                .map_or("", |(_, r)| r),
        ),
    );
    map.insert("depth".into(), Value::from(chapter.depth));
    map.insert(
        "title".into(),
        Value::from(site.pages[first].front.title.as_str()),
    );
    map.insert("versions".into(), Value::from(versions));
    Value::from(map)
}

fn version_value(site: &Site, p: usize, targets: &Targets) -> Value {
    let (page, info) = (&site.pages[p], &site.info[p]);
    let id = targets.ids.version(site, p).to_string();
    let hrefs: Vec<String> = info
        .links
        .iter()
        .zip(&info.analysis.links)
        .map(|(target, link)| match target {
            Some(to) => in_file_href(site, to, link.is_image, targets),
            None => crate::urls::as_written(&link.dest),
        })
        .collect();
    let prefix = format!("{id}--");
    let sections = info.analysis.rendered.print_sections(&hrefs, &prefix);
    let mut entries = toc(&info.analysis.headings);
    prefix_toc(&mut entries, &prefix);
    let l = &site.config.languages[page.lang];
    let version = VersionCtx {
        lang: l.code.clone(),
        locale: l.locale.clone(),
        script: l.script.name(),
        title: page.front.title.clone(),
        description: page.front.description.clone().unwrap_or_default(),
        toc: entries,
        slug: id.split_once('-').map_or("", |(_, r)| r).to_string(),
        id,
    };
    let mut map = with_html(Value::from_serializable(&version), &sections.concat())
        .into_map()
        .expect("a version serializes to a map");
    let sections: Vec<Value> = sections.iter().map(|s| Value::safe_string(s)).collect();
    map.insert("sections".into(), Value::from(sections));
    Value::from(map)
}

fn prefix_toc(entries: &mut [TocEntry], prefix: &str) {
    for e in entries {
        e.id = format!("{prefix}{}", e.id);
        prefix_toc(&mut e.children, prefix);
    }
}

/// Where a link goes inside the edition: an in-file anchor, an inlined file (a content
/// file, or a static image where an image is shown), or else the web, absolute: never a
/// relative path, which would leave the file.
fn in_file_href(site: &Site, to: &str, is_image: bool, targets: &Targets) -> String {
    let (path, fragment) = to.split_once('#').unwrap_or((to, ""));
    // A query names the same file.
    let path = path.split('?').next().unwrap_or(path);
    if let Some(id) = targets.ids.versions.get(path) {
        return if fragment.is_empty() {
            format!("#{id}")
        } else {
            format!("#{id}--{fragment}")
        };
    }
    if let Some(&k) = targets.assets.get(path) {
        return targets.inline.token(k);
    }
    let static_image = is_image && crate::images::Format::from_path(path).is_some();
    if let Some(file) = static_image
        .then(|| targets.statics.files.get(path.trim_start_matches('/')))
        .flatten()
    {
        return crate::content::statics::data_uri(&file.path, &file.bytes);
    }
    permalink(&site.config.base_url, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_paths() {
        assert_eq!(version_id("/zh/history/"), "zh-history");
        assert_eq!(version_id("/zh/"), "zh-home");
        assert_eq!(version_id("/en/partners/mit/"), "en-partners-mit");
        assert_eq!(chapter_id("/en/partners/mit/"), "ch-partners-mit");
        assert_eq!(chapter_id("/en/"), "ch-home");
    }

    #[test]
    fn ids_stay_unique_when_paths_read_alike() {
        let mut used = HashSet::new();
        assert_eq!(unique(version_id("/zh/a-b/"), &mut used), "zh-a-b");
        assert_eq!(unique(version_id("/zh/a/b/"), &mut used), "zh-a-b-2");
        assert_eq!(unique(version_id("/zh/a/b/"), &mut used), "zh-a-b-3");
    }
}
