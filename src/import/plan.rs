//! Where every file goes: each page's file in brochure's tree (`docs/intro.zh.md`), the
//! URL Hugo gave it and the URL brochure will, and the tables that map Hugo's URLs and
//! content paths to the new files (for links and `relref`).

use std::collections::{BTreeMap, HashMap};

use super::Report;
use super::config::HugoConfig;
use super::front::{self, HugoFront};
use super::walk::{Kind, SourceFile};
use crate::diagnostic::{Result, io_error};
use crate::frontmatter::{check_alias, check_slug};

/// What a page is, the Hugo way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// A folder's `_index`.
    Section,
    /// A leaf bundle's `index`: the folder is the page.
    Bundle,
    Page,
}

/// One page of the new site.
#[derive(Debug, Clone)]
pub struct PlannedPage {
    pub lang: usize,
    /// The Hugo content path, language suffix removed: `docs/intro.md`.
    pub logical: String,
    /// The new file under `content/`: `docs/intro.zh.md`.
    pub out_rel: String,
    pub kind: PageKind,
    pub html: bool,
    pub front: HugoFront,
    /// The body after the front matter.
    pub body: String,
    /// The slug written into the new front matter.
    pub slug: Option<String>,
    /// The URL Hugo gave the page (`/docs/intro/`, `/zh/blog/2024/01/02/x/`).
    pub hugo_url: String,
    /// The URL brochure gives it.
    pub url: String,
    /// Old URLs that redirect to the page (Hugo's `aliases`, and its URL when brochure
    /// cannot keep it), from the site's root.
    pub aliases: Vec<String>,
}

/// One asset of the new site.
#[derive(Debug, Clone)]
pub struct PlannedAsset {
    pub source: std::path::PathBuf,
    pub out_rel: String,
}

/// The whole plan.
#[derive(Debug, Default)]
pub struct Plan {
    pub pages: Vec<PlannedPage>,
    pub assets: Vec<PlannedAsset>,
    /// Hugo URL (decoded, ending in `/` for pages) → page.
    pub by_url: HashMap<String, usize>,
    /// (language, Hugo content path without `.md`) → page.
    pub by_logical: HashMap<(usize, String), usize>,
    /// (language, Hugo content path of an asset) → its new path under `content/`.
    pub asset_paths: HashMap<(usize, String), String>,
    /// Hugo URL of an asset → its new path under `content/`.
    pub asset_urls: HashMap<String, String>,
}

/// Plans every file of `files`; reads each page's front matter.
pub fn plan(config: &HugoConfig, files: Vec<SourceFile>, report: &mut Report) -> Result<Plan> {
    let mut plan = Plan::default();
    let mut errors = Vec::new();
    let mut assets = Vec::new();
    for file in files {
        if file.kind == Kind::Asset {
            assets.push(file);
            continue;
        }
        match read_page(config, &file, report) {
            Ok(page) => plan.pages.push(page),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(crate::diagnostic::Failure(errors));
    }
    add_missing_listings(config, &mut plan, report);
    dedupe_out_paths(&mut plan.pages, report);
    for (i, page) in plan.pages.iter_mut().enumerate() {
        finish_urls(config, page, report);
        plan.by_url.insert(page.hugo_url.clone(), i);
        let key = page.logical.trim_end_matches(".md").to_string();
        plan.by_logical.insert((page.lang, key), i);
    }
    plan_assets(config, &mut plan, assets, report);
    Ok(plan)
}

fn read_page(config: &HugoConfig, file: &SourceFile, report: &mut Report) -> Result<PlannedPage> {
    let bytes = std::fs::read(&file.path).map_err(|e| io_error(&file.path, "read", &e))?;
    let text = crate::content::decode_utf8(&file.path, bytes)?;
    let parsed = front::parse(&text, &file.path, report)?;
    let lang = file.lang.unwrap_or(0);
    let (dir, name) = split_dir(&file.logical);
    let stem = name.trim_end_matches(".md");
    let kind = match (stem, dir) {
        ("_index", "") => PageKind::Home,
        ("_index", _) => PageKind::Section,
        ("index", d) if !d.is_empty() => PageKind::Bundle,
        _ => PageKind::Page,
    };
    if file.kind == Kind::Html {
        report.add(
            "converted",
            "HTML content pages (to Markdown holding their HTML)",
        );
    }
    let code = &config.languages[lang].code;
    let out_dir = urlize_path(dir, config.path_to_lower);
    let out_name = match kind {
        PageKind::Home | PageKind::Section => format!("_index.{code}.md"),
        PageKind::Bundle => format!("index.{code}.md"),
        PageKind::Page => format!("{}.{code}.md", urlize(stem, config.path_to_lower)),
    };
    if urlize(stem, config.path_to_lower) != stem || out_dir != dir {
        report.add(
            "renamed",
            "files and folders, to the URL segment Hugo made of them",
        );
    }
    Ok(PlannedPage {
        lang,
        logical: file.logical.clone(),
        out_rel: join(&out_dir, &out_name),
        kind,
        html: file.kind == Kind::Html,
        front: parsed.front,
        body: parsed.body.to_string(),
        slug: None,
        hugo_url: String::new(),
        url: String::new(),
        aliases: Vec::new(),
    })
}

/// Hugo makes a home page for every language and a listing for every top-level folder
/// even without `_index`: brochure needs the file, so the import writes one.
fn add_missing_listings(config: &HugoConfig, plan: &mut Plan, report: &mut Report) {
    let mut have: BTreeMap<(usize, String), ()> = BTreeMap::new();
    let mut tops: BTreeMap<(usize, String), ()> = BTreeMap::new();
    for p in &plan.pages {
        let (dir, _) = split_dir(&p.logical);
        match p.kind {
            PageKind::Home => {
                have.insert((p.lang, String::new()), ());
            }
            PageKind::Section => {
                have.insert((p.lang, dir.to_string()), ());
            }
            _ => {}
        }
        if let Some(top) = dir.split('/').next().filter(|t| !t.is_empty()) {
            tops.insert((p.lang, top.to_string()), ());
        }
    }
    for (i, lang) in config.languages.iter().enumerate() {
        if !have.contains_key(&(i, String::new())) {
            let title = lang.title.clone().unwrap_or_else(|| config.title.clone());
            plan.pages
                .push(made_page(config, i, "", &title, PageKind::Home));
            report.add("made", "home pages Hugo makes by itself");
        }
    }
    for (lang, top) in tops.keys() {
        if !have.contains_key(&(*lang, top.clone())) {
            let title = title_case(top);
            plan.pages
                .push(made_page(config, *lang, top, &title, PageKind::Section));
            report.add(
                "made",
                "section pages Hugo makes by itself for a top folder",
            );
        }
    }
}

fn made_page(
    config: &HugoConfig,
    lang: usize,
    dir: &str,
    title: &str,
    kind: PageKind,
) -> PlannedPage {
    let code = &config.languages[lang].code;
    let logical = join(dir, "_index.md");
    PlannedPage {
        lang,
        out_rel: join(
            &urlize_path(dir, config.path_to_lower),
            &format!("_index.{code}.md"),
        ),
        logical,
        kind,
        html: false,
        front: HugoFront {
            title: Some(title.to_string()),
            ..HugoFront::default()
        },
        body: String::new(),
        slug: None,
        hugo_url: String::new(),
        url: String::new(),
        aliases: Vec::new(),
    }
}

/// Two Hugo files that land on one new name (`Intro.md` and `intro.md`): the later one
/// gets `-2`.
fn dedupe_out_paths(pages: &mut [PlannedPage], report: &mut Report) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages.iter_mut() {
        let n = seen.entry(page.out_rel.clone()).or_default();
        *n += 1;
        if *n > 1 {
            let (dir, name) = split_dir(&page.out_rel);
            let (stem, rest) = name.split_once('.').unwrap_or((name, "md"));
            page.out_rel = join(dir, &format!("{stem}-{n}.{rest}"));
            report.add("renamed", "files that two Hugo names would share");
        }
    }
}

/// Hugo's URL of the page, brochure's, and the aliases that keep Hugo's.
fn finish_urls(config: &HugoConfig, page: &mut PlannedPage, report: &mut Report) {
    let lower = config.path_to_lower;
    let prefix = lang_prefix(config, page.lang);
    let (dir, name) = split_dir(&page.logical);
    let stem = name.trim_end_matches(".md");
    let dir_segs: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| urlize(s, lower))
        .collect();
    let slug = page.front.slug.as_deref().map(|s| urlize(s, false));
    let permalink = (matches!(page.kind, PageKind::Page | PageKind::Bundle))
        .then(|| dir_segs.first().and_then(|top| config.permalinks.get(top)))
        .flatten();
    let mut reason = "";
    page.hugo_url = if let Some(url) = &page.front.url {
        reason = "a `url` in front matter";
        front_matter_url(&prefix, url)
    } else if let Some(pattern) = permalink {
        reason = "a permalink pattern";
        expand_permalink(pattern, page, &dir_segs, stem, lower, &prefix)
    } else {
        let mut segs = dir_segs.clone();
        match page.kind {
            PageKind::Page => segs.push(slug.clone().unwrap_or_else(|| urlize(stem, lower))),
            PageKind::Bundle | PageKind::Section => {
                if let (Some(s), Some(last)) = (slug.clone(), segs.last_mut()) {
                    *last = s;
                    if page.kind == PageKind::Section {
                        reason = "a section's `slug` (brochure's renames the pages below too)";
                    }
                }
            }
            PageKind::Home => {}
        }
        dir_url(&prefix, &segs)
    };
    // brochure's URL: folders as written in the new tree, the page's own slug kept when
    // it is a valid URL segment.
    let keep_slug = match page.kind {
        PageKind::Page | PageKind::Bundle => slug.filter(|s| check_slug(s).is_ok()),
        _ => None,
    };
    let keep_slug = keep_slug.or_else(|| url_as_slug(config, page, &dir_segs));
    let mut segs = dir_segs;
    match page.kind {
        PageKind::Page => segs.push(keep_slug.clone().unwrap_or_else(|| urlize(stem, lower))),
        PageKind::Bundle => {
            if let (Some(s), Some(last)) = (keep_slug.clone(), segs.last_mut()) {
                *last = s;
            }
        }
        _ => {}
    }
    page.slug = keep_slug;
    page.url = dir_url(&format!("/{}", config.languages[page.lang].code), &segs);
    add_aliases(page, &prefix, reason, report);
}

/// A page whose `url` differs from its place only in its last segment keeps it as `slug`.
fn url_as_slug(config: &HugoConfig, page: &PlannedPage, dir_segs: &[String]) -> Option<String> {
    let url = page.front.url.as_deref()?;
    if page.kind != PageKind::Page {
        return None;
    }
    let prefix = lang_prefix(config, page.lang);
    let full = front_matter_url(&prefix, url);
    let rest = full
        .strip_prefix(&dir_url(&prefix, dir_segs))?
        .strip_suffix('/')?;
    (!rest.contains('/') && check_slug(rest).is_ok()).then(|| rest.to_string())
}

fn add_aliases(page: &mut PlannedPage, prefix: &str, reason: &str, report: &mut Report) {
    let mut aliases = Vec::new();
    for alias in &page.front.aliases {
        let a = if alias.starts_with('/') {
            if alias.starts_with(&format!("{prefix}/")) || prefix.is_empty() {
                alias.clone()
            } else {
                format!("{prefix}{alias}")
            }
        } else {
            // Relative to the page's parent URL, as Hugo resolves it.
            let parent = page.hugo_url.trim_end_matches('/');
            let parent = parent.rsplit_once('/').map_or("", |(p, _)| p);
            format!("{parent}/{alias}")
        };
        aliases.push((a, "Hugo's aliases"));
    }
    if page.hugo_url != page.url {
        let why = if !reason.is_empty() {
            reason
        } else if prefix.is_empty() {
            "the default language at the site's root"
        } else {
            "other"
        };
        aliases.push((page.hugo_url.clone(), why));
    } else {
        report.add("URLs kept", "");
    }
    for (alias, why) in aliases {
        let decoded = crate::urls::percent_decode(&alias);
        if decoded == "/" || decoded.is_empty() {
            report.add(
                "URLs not kept",
                "the default language's home at `/` (now the landing page)",
            );
        } else if decoded == page.url {
            report.add("aliases dropped", "the page's own URL");
        } else if let Err(why) = check_alias(&decoded) {
            report.add("URLs not kept", format!("alias {why}"));
        } else if !page.aliases.contains(&decoded) {
            report.add("aliases written", why);
            page.aliases.push(decoded);
        }
    }
}

fn plan_assets(config: &HugoConfig, plan: &mut Plan, assets: Vec<SourceFile>, report: &mut Report) {
    let mut written: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    for asset in assets {
        let (dir, name) = split_dir(&asset.logical);
        let out_dir = urlize_path(dir, config.path_to_lower);
        let mut out_rel = join(&out_dir, name);
        if let Some(existing) = written.get(&out_rel) {
            if same_bytes(existing, &asset.path) {
                report.add("assets", "shared by the languages (stored once)");
                record_asset(config, plan, &asset, &out_rel);
                continue;
            }
            let code = &config.languages[asset.lang.unwrap_or(0)].code;
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            out_rel = join(&out_dir, &format!("{stem}-{code}.{ext}"));
            report.add(
                "renamed",
                "assets that differ between languages (one name each)",
            );
        }
        written.insert(out_rel.clone(), asset.path.clone());
        record_asset(config, plan, &asset, &out_rel);
        plan.assets.push(PlannedAsset {
            source: asset.path.clone(),
            out_rel,
        });
    }
}

fn record_asset(config: &HugoConfig, plan: &mut Plan, asset: &SourceFile, out_rel: &str) {
    let langs: Vec<usize> = match asset.lang {
        Some(l) => vec![l],
        None => (0..config.languages.len()).collect(),
    };
    let (dir, name) = split_dir(&asset.logical);
    for lang in langs {
        plan.asset_paths
            .insert((lang, asset.logical.clone()), out_rel.to_string());
        // Hugo publishes a bundle's files beside its page.
        let owner = ["index.md", "_index.md"].iter().find_map(|n| {
            plan.by_logical
                .get(&(lang, join(dir, n).trim_end_matches(".md").to_string()))
        });
        if let Some(&i) = owner {
            let url = format!("{}{}", plan.pages[i].hugo_url, name);
            plan.asset_urls.insert(url, out_rel.to_string());
        }
    }
}

fn same_bytes(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::read(a), std::fs::read(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The URL prefix of a language: empty for the default one at the root.
pub fn lang_prefix(config: &HugoConfig, lang: usize) -> String {
    if lang == 0 && config.default_at_root {
        String::new()
    } else {
        format!("/{}", config.languages[lang].code)
    }
}

fn dir_url(prefix: &str, segs: &[String]) -> String {
    let mut url = format!("{prefix}/");
    for s in segs {
        url.push_str(s);
        url.push('/');
    }
    url
}

fn front_matter_url(prefix: &str, url: &str) -> String {
    let mut u = url.trim().to_string();
    if !u.starts_with('/') {
        u.insert(0, '/');
    }
    let last = u.rsplit('/').next().unwrap_or("");
    if !u.ends_with('/') && !last.contains('.') {
        u.push('/');
    }
    if prefix.is_empty() || u.starts_with(&format!("{prefix}/")) {
        u
    } else {
        format!("{prefix}{u}")
    }
}

fn expand_permalink(
    pattern: &str,
    page: &PlannedPage,
    dir_segs: &[String],
    stem: &str,
    lower: bool,
    prefix: &str,
) -> String {
    let date = page.front.date.as_deref().unwrap_or("0001-01-01");
    let part = |range: std::ops::Range<usize>, default: &str| {
        date.get(range)
            .map(str::to_string)
            .unwrap_or_else(|| default.to_string())
    };
    let file = if page.kind == PageKind::Bundle {
        dir_segs.last().cloned().unwrap_or_default()
    } else {
        urlize(stem, lower)
    };
    let title = urlize_title(page.front.title.as_deref().unwrap_or(stem));
    let slug = page.front.slug.as_deref().map(|s| urlize(s, false));
    let mut out = String::new();
    for seg in pattern.split('/') {
        let value = match seg {
            ":year" => part(0..4, "0001"),
            ":month" => part(5..7, "01"),
            ":day" => part(8..10, "01"),
            ":title" => title.clone(),
            ":slug" => slug.clone().unwrap_or_else(|| title.clone()),
            ":slugorfilename" | ":slugorcontentbasename" => {
                slug.clone().unwrap_or_else(|| file.clone())
            }
            ":filename" | ":contentbasename" => file.clone(),
            ":section" => dir_segs.first().cloned().unwrap_or_default(),
            ":sections" => dir_segs.join("/"),
            other => other.to_string(),
        };
        if !value.is_empty() {
            out.push('/');
            out.push_str(&value);
        }
    }
    if !out.ends_with(".html") {
        out.push('/');
    }
    format!("{prefix}{out}")
}

/// One URL segment the way Hugo makes it of a name: spaces become `-`, characters a URL
/// segment may not hold are dropped, lowercased unless `disablePathToLower`.
pub fn urlize(name: &str, lower: bool) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_whitespace() {
            out.push('-');
        } else if c.is_alphanumeric() || "-_.".contains(c) {
            if lower {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    if out.is_empty() {
        name.to_string()
    } else {
        out
    }
}

/// A title as Hugo's `urlize` makes a permalink segment of it: as [`urlize`], lowercased,
/// each run of `-` one `-` (`Volo - open source` → `volo-open-source`).
fn urlize_title(title: &str) -> String {
    let mut out = String::new();
    for c in urlize(title, true).chars() {
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out.trim_matches('-').to_string()
}

fn urlize_path(dir: &str, lower: bool) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| urlize(s, lower))
        .collect::<Vec<_>>()
        .join("/")
}

fn title_case(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// (folder, file name) of a `/`-separated path.
pub fn split_dir(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}

/// `dir/name`, or `name` at the root.
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlize_like_hugo() {
        assert_eq!(urlize("Getting Started", true), "getting-started");
        assert_eq!(urlize("入门 指南", true), "入门-指南");
        assert_eq!(urlize("C++ & Go", true), "c--go");
        assert_eq!(urlize("Keep", false), "Keep");
        assert_eq!(
            urlize_title("Kitex 两周年回顾 — 能力升级、社区"),
            "kitex-两周年回顾-能力升级社区"
        );
        assert_eq!(
            urlize_title("Volo - Is Open Source!"),
            "volo-is-open-source"
        );
    }
}
