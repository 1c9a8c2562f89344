//! The print editions: every page of a language, or of two side by side, in one
//! self-contained file. Heading ids are prefixed per page, links between pages become
//! in-file anchors, content images become `data:` URIs; links that leave the edition
//! become absolute URLs a reader may follow.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Map, Value};

use super::context::{Builder, Kind, TocEntry, toc};
use super::functions::Shared;
use super::{base_context, with_html};
use crate::markdown;
use crate::output::static_files::data_uri;
use crate::resolve::Site;
use crate::urls::permalink;

/// One print edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// One language, by index.
    Language(usize),
    /// Every language side by side, paired by translation.
    Bilingual,
}

impl Edition {
    /// The editions a site gets: one per language, and a bilingual one when it has two or more.
    pub fn all(site: &Site) -> Vec<Edition> {
        let n = site.config.languages.len();
        let mut editions: Vec<Edition> = (0..n).map(Edition::Language).collect();
        if n > 1 {
            editions.push(Edition::Bilingual);
        }
        editions
    }

    /// `zh`, `en` or `bilingual`.
    pub fn name(self, site: &Site) -> String {
        match self {
            Edition::Language(l) => site.config.languages[l].code.clone(),
            Edition::Bilingual => "bilingual".to_string(),
        }
    }

    /// The site path of the edition: `/print/brochure.zh.html`.
    pub fn path(self, site: &Site) -> String {
        format!("/print/brochure.{}.html", self.name(site))
    }

    fn languages(self, site: &Site) -> Vec<usize> {
        match self {
            Edition::Language(l) => vec![l],
            Edition::Bilingual => (0..site.config.languages.len()).collect(),
        }
    }
}

/// A chapter: one page, in each language of the edition.
struct Chapter {
    depth: usize,
    versions: Vec<Option<usize>>,
}

#[derive(Serialize)]
struct VersionCtx {
    lang: String,
    locale: String,
    id: String,
    title: String,
    description: String,
    toc: Vec<TocEntry>,
    slug: String,
}

/// The context of `print.html` for one edition.
pub fn context(shared: &Shared, edition: Edition) -> Context {
    let site = &shared.site;
    let langs = edition.languages(site);
    let path = edition.path(site);
    let lang = langs[0];
    let builder = Builder {
        site,
        from: &path,
        lang,
    };
    let chapters = chapters(site, &langs);
    let anchors = anchors(site, &chapters);
    let assets = asset_sources(site);
    let chapter_values: Vec<Value> = chapters
        .iter()
        .map(|c| chapter_value(site, c, &anchors, &assets))
        .collect();
    let mut data_by_lang = Map::new();
    for (i, l) in site.config.languages.iter().enumerate() {
        data_by_lang.insert(l.code.clone().into(), site.data.per_language[i].clone());
    }
    let mut ctx = base_context(shared, lang, &path);
    ctx.insert("edition", &edition.name(site));
    ctx.insert("site", &builder.site(None));
    ctx.insert("switcher", &builder.switcher(&[], Some(lang)));
    let title = site.config.title.resolve(
        &site.config.languages[lang].code,
        &site.config.default_language().code,
    );
    ctx.insert("page", &builder.synthetic_page(Kind::Print, title));
    ctx.insert_value("data_by_lang", Value::from(data_by_lang));
    ctx.insert_value("chapters", Value::from(chapter_values));
    ctx
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
    out
}

/// The chapters of an edition: the first language's reading order, then pages that only
/// the other languages have.
fn chapters(site: &Site, langs: &[usize]) -> Vec<Chapter> {
    let versions = |p: usize| -> Vec<Option<usize>> {
        langs
            .iter()
            .map(|&l| site.info[p].translations[l])
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

/// Site path of every page in the edition → its version id.
fn anchors(site: &Site, chapters: &[Chapter]) -> HashMap<String, String> {
    chapters
        .iter()
        .flat_map(|c| c.versions.iter().flatten())
        .map(|&p| (site.info[p].path.clone(), version_id(&site.info[p].path)))
        .collect()
}

/// Site path of every content asset (in every language) → its file.
fn asset_sources(site: &Site) -> HashMap<String, PathBuf> {
    site.assets
        .iter()
        .flat_map(|a| {
            site.config
                .languages
                .iter()
                .map(move |l| (format!("/{}/{}", l.code, a.rel), a.source.clone()))
        })
        .collect()
}

fn chapter_value(
    site: &Site,
    chapter: &Chapter,
    anchors: &HashMap<String, String>,
    assets: &HashMap<String, PathBuf>,
) -> Value {
    let first = chapter
        .versions
        .iter()
        .flatten()
        .next()
        .copied()
        .expect("a chapter has a page");
    let versions: Vec<Value> = chapter
        .versions
        .iter()
        .flatten()
        .map(|&p| version_value(site, p, anchors, assets))
        .collect();
    let path = &site.info[first].path;
    let mut map = Map::new();
    map.insert("id".into(), Value::from(chapter_id(path)));
    map.insert(
        "slug".into(),
        Value::from(version_id(path).split_once('-').map_or("", |(_, r)| r)),
    );
    map.insert("depth".into(), Value::from(chapter.depth));
    map.insert(
        "title".into(),
        Value::from(site.pages[first].front.title.as_str()),
    );
    map.insert("versions".into(), Value::from(versions));
    Value::from(map)
}

fn version_value(
    site: &Site,
    p: usize,
    anchors: &HashMap<String, String>,
    assets: &HashMap<String, PathBuf>,
) -> Value {
    let (page, info) = (&site.pages[p], &site.info[p]);
    let id = version_id(&info.path);
    let hrefs: Vec<String> = info
        .links
        .iter()
        .zip(&info.analysis.links)
        .map(|(target, link)| match target {
            Some(to) => in_file_href(site, to, anchors, assets),
            None => link.dest.clone(),
        })
        .collect();
    let prefix = format!("{id}--");
    let sections =
        markdown::render_for_print(page.body(), site.is_chinese(page.lang), &hrefs, &prefix);
    let mut entries = toc(&info.analysis.headings);
    prefix_toc(&mut entries, &prefix);
    let l = &site.config.languages[page.lang];
    let version = VersionCtx {
        lang: l.code.clone(),
        locale: l.locale.clone(),
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

/// Where a link goes inside the edition: an in-file anchor, an inlined file, or the web.
fn in_file_href(
    site: &Site,
    to: &str,
    anchors: &HashMap<String, String>,
    assets: &HashMap<String, PathBuf>,
) -> String {
    let (path, fragment) = to.split_once('#').unwrap_or((to, ""));
    if let Some(id) = anchors.get(path) {
        return if fragment.is_empty() {
            format!("#{id}")
        } else {
            format!("#{id}--{fragment}")
        };
    }
    if let Some(uri) = assets.get(path).and_then(|source| data_uri(source).ok()) {
        return uri;
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
}
