//! Site paths of pages: `/<lang>/<folders>/<slug>/`, with a section's `slug` standing in
//! for its folder's name in every path below it. Two pages on one path are an error, and
//! so is every other clash of the files a build writes (a page where an asset or a
//! generated file goes, a file where a folder goes), a URL segment a link cannot carry
//! safely, and a language without a home page: `check` finds all of them before `build`
//! would trip over them while writing.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::Site;
use crate::config::Config;
use crate::content::statics::StaticFiles;
use crate::content::{Asset, Page, PageKind};
use crate::diagnostic::{Diagnostic, Location, display_path};
use crate::frontmatter::{SEGMENT_RULE, check_slug};
use crate::urls::output_file;

/// The site path of every page, in page order, and an error for each path taken twice,
/// each output clash, each unsafe URL segment and each language without a home page.
/// `failed` lists the Markdown files that did not load (already reported).
pub fn assign(
    config: &Config,
    pages: &[Page],
    assets: &mut [Asset],
    failed: &[String],
) -> (Vec<String>, Vec<Diagnostic>) {
    let slugs = section_slugs(pages);
    let paths: Vec<String> = pages.iter().map(|p| path_of(config, p, &slugs)).collect();
    for asset in assets.iter_mut() {
        asset.published = published_rel(&asset.rel, &slugs);
    }
    let mut errors = check_unique(pages, &paths);
    errors.extend(check_segments(pages, &paths));
    errors.extend(check_outputs(config, pages, &paths, assets));
    errors.extend(check_homes(config, pages, failed));
    (paths, errors)
}

/// (language, folder) → the slug its section gives it.
fn section_slugs(pages: &[Page]) -> HashMap<(usize, &str), &str> {
    pages
        .iter()
        .filter(|p| p.kind == PageKind::Section)
        .filter_map(|p| Some(((p.lang, p.dir.as_str()), p.front.slug.as_deref()?)))
        .collect()
}

/// The URL segments of a folder in a language: each folder, or its section's slug.
fn folder_segments<'a>(
    lang: usize,
    dir: &'a str,
    slugs: &HashMap<(usize, &str), &'a str>,
) -> Vec<&'a str> {
    if dir.is_empty() {
        return Vec::new();
    }
    let mut segs = Vec::new();
    let mut end = 0;
    for name in dir.split('/') {
        end += name.len();
        segs.push(slugs.get(&(lang, &dir[..end])).copied().unwrap_or(name));
        end += 1;
    }
    segs
}

/// Where an asset at `rel` is written under the default language's folder: its folders
/// renamed by their sections' slugs in the default language (see [`Asset::published`]).
fn published_rel(rel: &str, slugs: &HashMap<(usize, &str), &str>) -> String {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let mut segs = folder_segments(0, dir, slugs);
    segs.push(name);
    segs.join("/")
}

fn path_of(config: &Config, page: &Page, slugs: &HashMap<(usize, &str), &str>) -> String {
    let mut segs = folder_segments(page.lang, &page.dir, slugs);
    match page.kind {
        PageKind::Home | PageKind::Section => {}
        PageKind::Page if page.stem == "index" => {
            // A page bundle: the folder is the page; its slug renames the folder.
            if let (Some(slug), Some(last)) = (page.front.slug.as_deref(), segs.last_mut()) {
                *last = slug;
            }
        }
        PageKind::Page => segs.push(page.front.slug.as_deref().unwrap_or(&page.stem)),
    }
    let mut path = format!("/{}/", config.languages[page.lang].code);
    for seg in segs {
        path.push_str(seg);
        path.push('/');
    }
    path
}

fn check_unique(pages: &[Page], paths: &[String]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        if let Some(&j) = first.get(path.as_str()) {
            errors.push(
                Diagnostic::error(
                    "duplicate-url",
                    Location::file_start(&pages[i].source),
                    format!("two pages would be written to the same URL `{path}`"),
                )
                .with_note(Location::file_start(&pages[j].source), "the other page")
                .with_hint("give one of them another file name or a different `slug`"),
            );
        } else {
            first.insert(path, i);
        }
    }
    errors
}

/// Every segment of a page's URL that does not come from a (checked) `slug` comes from a
/// folder or file name: it obeys the same rule, so that no href needs more than escaping.
fn check_segments(pages: &[Page], paths: &[String]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (page, path) in pages.iter().zip(paths) {
        let bad = path
            .split('/')
            .filter(|s| !s.is_empty())
            .find_map(|seg| check_slug(seg).err().map(|why| (seg, why)));
        if let Some((seg, why)) = bad {
            errors.push(
                Diagnostic::error(
                    "url",
                    Location::file_start(&page.source),
                    format!("the URL `{path}` of this page has a segment `{seg}` that {why}"),
                )
                .with_hint(format!(
                    "rename the file or folder `{seg}` (or give it a `slug`): a URL segment holds {SEGMENT_RULE}"
                )),
            );
        }
    }
    errors
}

/// What writes a file of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Page(usize),
    /// The redirect page of a page's alias: (page, index in its `aliases`).
    Alias(usize, usize),
    Asset(usize),
    /// A file of the theme's or the site's `static/`, by index in [`Sources::statics`].
    Static(usize),
    /// A file the build makes (a language's 404 page, the sitemap).
    Generated(&'static str),
}

/// What the origins of the output files are looked up in.
struct Sources<'a> {
    pages: &'a [Page],
    assets: &'a [Asset],
    /// (output path, source file)
    statics: &'a [(&'a str, &'a Path)],
}

impl Origin {
    fn describe(self, from: &Sources) -> String {
        match self {
            Origin::Page(i) => format!("the page `{}`", display_path(&from.pages[i].source)),
            Origin::Alias(i, k) => format!(
                "the alias `{}` of `{}`",
                from.pages[i].front.aliases[k],
                display_path(&from.pages[i].source)
            ),
            Origin::Asset(a) => format!("the file `{}`", display_path(&from.assets[a].source)),
            Origin::Static(k) => {
                format!("the static file `{}`", display_path(from.statics[k].1))
            }
            Origin::Generated(what) => format!("the {what}"),
        }
    }

    /// Who should change: a page's `slug` first, then a static or co-located file, then
    /// a page.
    fn blame_rank(self, pages: &[Page]) -> u8 {
        match self {
            Origin::Alias(..) => 0,
            Origin::Page(i) if pages[i].front.slug.is_some() => 0,
            Origin::Static(_) => 1,
            Origin::Asset(_) => 2,
            Origin::Page(_) => 3,
            Origin::Generated(_) => 4,
        }
    }

    fn place(self, from: &Sources) -> Location {
        match self {
            Origin::Page(i) => {
                let page = &from.pages[i];
                let slug = page.front.slug.as_ref().and_then(|_| {
                    let (line, col) = crate::yaml::key_position(page.text(), "slug")?;
                    Some(Location::new(&page.source, line, col))
                });
                slug.unwrap_or_else(|| Location::file_start(&page.source))
            }
            Origin::Alias(i, k) => {
                let page = &from.pages[i];
                let steps = [
                    crate::yaml::Step::Key("aliases".into()),
                    crate::yaml::Step::Index(k),
                ];
                let yaml = crate::frontmatter::split(page.text()).map_or("", |s| s.yaml);
                match crate::yaml::path_position(yaml, &steps) {
                    Some((line, col)) => Location::new(&page.source, line + 1, col),
                    None => Location::file_start(&page.source),
                }
            }
            Origin::Asset(a) => Location::file_start(&from.assets[a].source),
            Origin::Static(k) => Location::file_start(from.statics[k].1),
            Origin::Generated(_) => Location::command_line(),
        }
    }
}

/// The site path an alias of `page` redirects from: `old/news/` → `/<lang>/old/news/`,
/// `/old-site/news/` → `/old-site/news/` (from the site's root), `news.html` a file, any
/// other last segment a folder.
pub fn alias_path(config: &Config, page: &Page, alias: &str) -> String {
    let (root, inner) = match alias.strip_prefix('/') {
        Some(inner) => (String::from("/"), inner),
        None => (format!("/{}/", config.languages[page.lang].code), alias),
    };
    let inner = inner.trim_end_matches('/');
    let file = inner.ends_with(".html") || inner.ends_with(".htm");
    if file {
        format!("{root}{inner}")
    } else {
        format!("{root}{inner}/")
    }
}

/// Every file the pages, their aliases, assets and generated files write, by output path.
fn outputs(
    config: &Config,
    pages: &[Page],
    paths: &[String],
    assets: &[Asset],
) -> Vec<(String, Origin)> {
    let mut files: Vec<(String, Origin)> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (output_file(p), Origin::Page(i)))
        .collect();
    for (i, page) in pages.iter().enumerate() {
        for (k, alias) in page.front.aliases.iter().enumerate() {
            files.push((
                output_file(&alias_path(config, page, alias)),
                Origin::Alias(i, k),
            ));
        }
    }
    // What each kind of output writes whatever the content holds.
    for kind in crate::output::KINDS {
        for (file, what) in kind.fixed_files(config) {
            files.push((file, Origin::Generated(what)));
        }
    }
    // Assets are stored once, beside the default language's pages.
    let code = &config.default_language().code;
    for (a, asset) in assets.iter().enumerate() {
        files.push((format!("{code}/{}", asset.published), Origin::Asset(a)));
    }
    files
}

/// Two things written to one file, or a file where another needs a folder.
fn check_outputs(
    config: &Config,
    pages: &[Page],
    paths: &[String],
    assets: &[Asset],
) -> Vec<Diagnostic> {
    let from = Sources {
        pages,
        assets,
        statics: &[],
    };
    clashes(outputs(config, pages, paths, assets))
        .into_iter()
        .map(|c| clash(&from, c))
        .collect()
}

/// The clashes of static files with pages, assets and generated files. Static files are
/// listed only once the theme is read; a site's file over a theme's of the same path is
/// meant, not a clash.
pub fn check_statics(site: &Site, statics: &StaticFiles) -> Vec<Diagnostic> {
    let statics: Vec<(&str, &Path)> = statics
        .files
        .iter()
        .map(|(rel, file)| (rel.as_str(), file.path.as_path()))
        .collect();
    let paths: Vec<String> = site.info.iter().map(|i| i.path.clone()).collect();
    let mut files = outputs(&site.config, &site.pages, &paths, &site.assets);
    let listed = statics.iter().enumerate();
    files.extend(listed.map(|(k, (rel, _))| (rel.to_string(), Origin::Static(k))));
    let from = Sources {
        pages: &site.pages,
        assets: &site.assets,
        statics: &statics,
    };
    clashes(files)
        .into_iter()
        .filter(|c| matches!(c.first, Origin::Static(_)) || matches!(c.second, Origin::Static(_)))
        .map(|c| clash(&from, c))
        .collect()
}

/// `second` is written to `file`, which `first` writes too (`folder` is `None`) or which
/// lies in `folder`, where `first` writes a file.
struct Clash {
    first: Origin,
    second: Origin,
    file: String,
    folder: Option<String>,
}

fn clashes(files: Vec<(String, Origin)>) -> Vec<Clash> {
    let mut by_file: BTreeMap<String, Origin> = BTreeMap::new();
    let mut found = Vec::new();
    for (file, second) in files {
        match by_file.get(&file) {
            // Two pages on one URL are reported by `check_unique`.
            Some(Origin::Page(_)) if matches!(second, Origin::Page(_)) => {}
            Some(&first) => found.push(Clash {
                first,
                second,
                file,
                folder: None,
            }),
            None => {
                by_file.insert(file, second);
            }
        }
    }
    // A file where a folder goes blocks all that is under it: one report is enough.
    let mut blocked = std::collections::BTreeSet::new();
    for (file, &second) in &by_file {
        for (i, _) in file.match_indices('/') {
            if let Some(&first) = by_file.get(&file[..i])
                && blocked.insert(&file[..i])
            {
                found.push(Clash {
                    first,
                    second,
                    file: file.clone(),
                    folder: Some(file[..i].to_string()),
                });
            }
        }
    }
    found
}

fn clash(from: &Sources, c: Clash) -> Diagnostic {
    let Clash {
        first,
        second,
        file,
        folder,
    } = c;
    // A `slug` is to blame for a missing folder only when the folder is its own segment.
    let own_segment = |o: Origin| match (o, &folder) {
        (Origin::Page(_), Some(folder)) => file.strip_suffix("/index.html") == Some(folder),
        _ => true,
    };
    let rank = |o: Origin| match o.blame_rank(from.pages) {
        0 if !own_segment(o) => 3,
        r => r,
    };
    let (blamed, other) = if rank(second) <= rank(first) {
        (second, first)
    } else {
        (first, second)
    };
    let message = match folder {
        None => format!(
            "{} and {} would both be written to `{file}`",
            blamed.describe(from),
            other.describe(from)
        ),
        Some(folder) => format!(
            "{} would be written to `{file}`, which needs a folder `{folder}/`, but `{folder}` is {}",
            second.describe(from),
            first.describe(from)
        ),
    };
    let hint = match blamed {
        Origin::Alias(..) => {
            "change or remove this alias: its path is a page's, another alias's or a file the build writes"
        }
        Origin::Page(_) => {
            "give the page another `slug` or file name: `index.html`, `404.html` and the names of files beside it are taken"
        }
        _ => "rename or move the file: its name is taken by a page or by a file the build writes",
    };
    let mut d = Diagnostic::error("output-clash", blamed.place(from), message).with_hint(hint);
    let place = other.place(from);
    if place.is_in_file() {
        d = d.with_note(place, "the other one");
    }
    d
}

/// Every language needs `content/_index.<code>.md`: the landing page, the language
/// switcher and every “home” link lead there.
fn check_homes(config: &Config, pages: &[Page], failed: &[String]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (lang, language) in config.languages.iter().enumerate() {
        let code = &language.code;
        let has_home = pages
            .iter()
            .any(|p| p.lang == lang && p.kind == PageKind::Home);
        let own = format!("_index.{code}.md");
        let plain = lang == 0 && failed.iter().any(|f| f == "_index.md");
        if has_home || plain || failed.contains(&own) {
            continue;
        }
        errors.push(
            Diagnostic::error(
                "missing-home",
                config.language_places[lang].clone(),
                format!("language `{code}` has no home page: `content/{own}` is missing"),
            )
            .with_hint(format!(
                "add `content/{own}` with at least `title: …` in its front matter (the landing page and the language switcher link to it), or remove `{code}` from `languages`"
            )),
        );
    }
    errors
}
