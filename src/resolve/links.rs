//! Where links go. A link names a Markdown file relative to its own file
//! (`../partners/mit.md`) or from `content/` (`@/partners/mit.md`), maybe with `#anchor`; a
//! file named without a language suffix means the page in the linking page's language.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{PageInfo, Site};
use crate::config::{Config, RawHtml};
use crate::content::statics::StaticFiles;
use crate::content::{Asset, Page, join_rel};
use crate::diagnostic::{Diagnostic, Failure, Location, Severity, display_path};
use crate::markdown::LinkRef;
use crate::markdown::links::is_script_url;
use crate::urls::{decode_site_path, percent_decode};

/// Finds pages and assets by content path. Built once, shared by every page.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    /// Path under `content/` without language suffix → the files with that path.
    by_neutral: HashMap<String, Vec<usize>>,
    /// Content path of each asset → its index.
    assets: HashMap<String, usize>,
    /// Where each asset is written under its language's folder → its index.
    published: HashMap<String, usize>,
    /// Where each asset is written, by index.
    published_of: Vec<String>,
    /// Markdown files that failed to load (already reported): links to them are let be.
    failed: HashSet<String>,
    /// Drafts left out of this build, without language suffix: a link to one says so.
    drafts: HashSet<String>,
    /// The language of each page, by index.
    langs: Vec<usize>,
    codes: Vec<String>,
    raw_html: RawHtml,
}

/// What a destination names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page, maybe with a fragment (`#id`, without the `#`).
    Page {
        index: usize,
        fragment: Option<String>,
        /// Set when the page is not in the wanted language.
        other_language: bool,
    },
    /// A site path, written as it is but made relative.
    SitePath(String),
    /// External or otherwise not ours: written as it is.
    AsIs,
}

/// Why a destination names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Page {
        rel: String,
        suggestion: Option<String>,
    },
    /// A draft, left out of a build without `--drafts`.
    Draft(String),
    File {
        rel: String,
        /// The nearest existing files beside the pages.
        suggestions: Vec<String>,
    },
    OutsideContent,
}

impl Lookup {
    /// Indexes pages and assets; `failed` and `drafts` are Markdown files left out.
    pub fn new(
        config: &Config,
        pages: &[Page],
        assets: &[Asset],
        failed: &[String],
        drafts: &[String],
    ) -> Self {
        let mut by_neutral: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            by_neutral.entry(page.neutral_rel()).or_default().push(i);
        }
        Lookup {
            by_neutral,
            assets: assets
                .iter()
                .enumerate()
                .map(|(k, a)| (a.rel.clone(), k))
                .collect(),
            published: assets
                .iter()
                .enumerate()
                .map(|(k, a)| (a.published.clone(), k))
                .collect(),
            published_of: assets.iter().map(|a| a.published.clone()).collect(),
            failed: failed
                .iter()
                .map(|rel| strip_language(config, rel))
                .collect(),
            drafts: drafts
                .iter()
                .map(|rel| strip_language(config, rel))
                .collect(),
            langs: pages.iter().map(|p| p.lang).collect(),
            raw_html: config.markdown.raw_html,
            codes: config
                .language_codes()
                .iter()
                .map(|c| c.to_string())
                .collect(),
        }
    }

    /// Resolves `dest` as written in a file in folder `dir`, for a page in language `lang`.
    pub fn target(
        &self,
        info: &[PageInfo],
        lang: usize,
        dir: &str,
        dest: &str,
    ) -> Result<Target, Missing> {
        if dest.is_empty() || is_external(dest) || dest.starts_with('#') {
            return Ok(Target::AsIs);
        }
        if dest.starts_with('/') {
            // Decoded here, encoded once when written (`%20` stays one space).
            let decoded = decode_site_path(dest);
            let end = decoded.find(['?', '#']).unwrap_or(decoded.len());
            let (path, rest) = decoded.split_at(end);
            let path = self.stored_asset(path);
            return Ok(Target::SitePath(format!("{path}{rest}")));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        let path = percent_decode(path.split('?').next().unwrap_or(path));
        let rel = match path.strip_prefix("@/") {
            Some(from_root) => within_root(from_root),
            None => within_root(&format!("{dir}/{path}")),
        }
        .ok_or(Missing::OutsideContent)?;
        if rel.ends_with(".md") {
            if self.failed.contains(&self.split_suffix(&rel, lang).0) {
                return Ok(Target::AsIs);
            }
            let (index, other_language) = self.page(info, lang, &rel)?;
            return Ok(Target::Page {
                index,
                fragment,
                other_language,
            });
        }
        if let Some(&k) = self.assets.get(&rel) {
            // An asset is stored once, beside the default language's pages.
            let code = &self.codes[0];
            let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            let published = &self.published_of[k];
            return Ok(Target::SitePath(format!("/{code}/{published}{frag}")));
        }
        let suggestions = self.suggest_asset(&rel);
        Err(Missing::File { rel, suggestions })
    }

    /// A site path naming an asset in any language (`/en/a/photo.jpg`) names it where it
    /// is stored, beside the default language's pages (`/zh/a/photo.jpg`).
    fn stored_asset(&self, path: &str) -> String {
        let asset = path.strip_prefix('/').and_then(|p| p.split_once('/'));
        match asset {
            Some((code, rel))
                if self.codes.iter().any(|c| c == code) && self.published.contains_key(rel) =>
            {
                format!("/{}/{rel}", self.codes[0])
            }
            _ => path.to_string(),
        }
    }

    /// The asset written at `published` under a language's folder (`wendang/a.png`).
    pub fn asset_at(&self, published: &str) -> Option<usize> {
        self.published.get(published).copied()
    }

    /// The asset at content path `rel` (`docs/a.png`).
    pub fn asset_by_rel(&self, rel: &str) -> Option<usize> {
        self.assets.get(rel).copied()
    }

    /// The page a `.md` path names, in language `lang` when it has one.
    ///
    /// The file of the wanted language at that very path wins; else the translation (by
    /// path or `translation_key`) of a file at that path; a path naming its language
    /// (`mit.en.md`) names only that file.
    fn page(&self, info: &[PageInfo], lang: usize, rel: &str) -> Result<(usize, bool), Missing> {
        let (neutral, wanted, explicit) = self.split_suffix(rel, lang);
        let missing = || {
            if self.drafts.contains(&neutral) {
                return Missing::Draft(rel.to_string());
            }
            Missing::Page {
                rel: rel.to_string(),
                suggestion: self.suggest(&neutral),
            }
        };
        let candidates = self.by_neutral.get(&neutral).ok_or_else(missing)?;
        if let Some(&own) = candidates.iter().find(|&&c| self.langs[c] == wanted) {
            return Ok((own, false));
        }
        if explicit {
            return Err(missing());
        }
        if let Some(found) = candidates
            .iter()
            .find_map(|&c| info[c].translations[wanted])
        {
            return Ok((found, false));
        }
        let first = candidates[0];
        let fallback = info[first].translations.iter().flatten().next().copied();
        Ok((fallback.unwrap_or(first), true))
    }

    /// `a/mit.en.md` → (`a/mit.md`, en, true); `a/mit.md` → (`a/mit.md`, `lang`, false).
    fn split_suffix(&self, rel: &str, lang: usize) -> (String, usize, bool) {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let stem = name.trim_end_matches(".md");
        if let Some((base, suffix)) = stem.rsplit_once('.')
            && let Some(l) = self.codes.iter().position(|c| c == suffix)
        {
            return (join_rel(dir, &format!("{base}.md")), l, true);
        }
        (rel.to_string(), lang, false)
    }

    /// The closest existing page path, for “did you mean”.
    fn suggest(&self, neutral: &str) -> Option<String> {
        let pages = self.by_neutral.keys().map(String::as_str);
        let near = crate::suggest::nearest(neutral, pages, 1);
        near.first().map(|k| k.to_string())
    }

    /// The closest existing files beside the pages, for “did you mean”.
    fn suggest_asset(&self, rel: &str) -> Vec<String> {
        let assets = self.assets.keys().map(String::as_str);
        let near = crate::suggest::nearest(rel, assets, 3);
        near.into_iter().map(str::to_string).collect()
    }

    /// Resolves every link of page `i` to a site path (`None`: keep it as written);
    /// errors for links that reach nothing.
    pub fn resolve_page_links(
        &self,
        pages: &[Page],
        info: &[PageInfo],
        i: usize,
    ) -> (Vec<Option<String>>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let targets = info[i]
            .analysis
            .links
            .iter()
            .map(|link| match self.site_path(pages, info, i, link) {
                Ok((target, warning)) => {
                    diagnostics.extend(warning);
                    target
                }
                Err(Failure(mut ds)) => {
                    diagnostics.append(&mut ds);
                    None
                }
            })
            .collect();
        diagnostics.extend(self.unsafe_markup(&pages[i], &info[i]));
        diagnostics.extend(translation_conflicts(pages, info, i, &self.by_neutral));
        (targets, diagnostics)
    }

    /// Raw HTML and `javascript:`/`data:` URLs, as `markdown.raw_html` in site.yaml says.
    fn unsafe_markup(&self, page: &Page, info: &PageInfo) -> Vec<Diagnostic> {
        let severity = match self.raw_html {
            RawHtml::Allow => return Vec::new(),
            RawHtml::Warn => Severity::Warning,
            RawHtml::Forbid => Severity::Error,
        };
        let make = |code, at, message: String| Diagnostic {
            severity,
            ..Diagnostic::error(code, at, message)
        };
        let forbidden = self.raw_html == RawHtml::Forbid;
        let at = |offset: usize| {
            let (line, col) = page.body_position(offset);
            Location::new(&page.source, line, col)
        };
        let html_hint = if forbidden {
            "this site forbids raw HTML (site.yaml: `markdown: { raw_html: forbid }`): write it in Markdown, or remove it"
        } else {
            "write it in Markdown if you can; if every author of this site is trusted, set `markdown: { raw_html: allow }` in site.yaml (`forbid` makes it an error)"
        };
        let url_hint = if forbidden {
            "this site forbids script and data URLs (site.yaml: `markdown: { raw_html: forbid }`): link to a page or a file instead"
        } else {
            "link to a page or a file instead; `markdown: { raw_html: allow }` in site.yaml silences this, `forbid` makes it an error"
        };
        let mut out: Vec<Diagnostic> = info
            .analysis
            .raw_html
            .iter()
            .map(|&offset| {
                make(
                    "raw-html",
                    at(offset),
                    "raw HTML in Markdown is written into the page as it is".to_string(),
                )
                .with_hint(html_hint)
            })
            .collect();
        for link in info
            .analysis
            .links
            .iter()
            .filter(|l| is_script_url(&l.dest))
        {
            let scheme = link.dest.split(':').next().unwrap_or_default().trim();
            let shown: String = link.dest.chars().take(40).collect();
            out.push(
                make(
                    "script-url",
                    at(link.range.start),
                    format!("the {} `{shown}` uses a `{scheme}:` URL, which can run code or carry a whole document", if link.is_image { "image" } else { "link" }),
                )
                .with_hint(url_hint),
            );
        }
        out
    }

    fn site_path(
        &self,
        pages: &[Page],
        info: &[PageInfo],
        i: usize,
        link: &LinkRef,
    ) -> crate::diagnostic::Result<(Option<String>, Option<Diagnostic>)> {
        let page = &pages[i];
        let at = || {
            let (line, col) = page.body_position(link.range.start);
            Location::new(&page.source, line, col)
        };
        if let Some(fragment) = link.dest.strip_prefix('#') {
            check_anchor(pages, info, i, fragment, &link.dest, at)?;
            let fragment = percent_decode(fragment);
            return Ok((Some(format!("{}#{fragment}", info[i].path)), None));
        }
        let target = self
            .target(info, page.lang, &page.dir, &link.dest)
            .map_err(|m| Failure::one(missing_diagnostic(&m, &link.dest, at())))?;
        match target {
            Target::AsIs => Ok((None, None)),
            Target::SitePath(path) => Ok((Some(path), None)),
            Target::Page {
                index,
                fragment,
                other_language,
            } => {
                if let Some(f) = &fragment {
                    check_anchor(pages, info, index, f, &link.dest, at)?;
                }
                // The fragment is decoded once, like paths: ids are written as they are.
                let to = match &fragment {
                    Some(f) => format!("{}#{}", info[index].path, percent_decode(f)),
                    None => info[index].path.clone(),
                };
                let warning = other_language.then(|| {
                    Diagnostic::warning(
                        "missing-translation",
                        at(),
                        format!(
                            "`{}` has no translation in this page's language; the link goes to {}",
                            link.dest, info[index].path
                        ),
                    )
                    .with_hint("translate the linked page, or link to the version you mean")
                });
                Ok((Some(to), warning))
            }
        }
    }
}

fn check_anchor(
    pages: &[Page],
    info: &[PageInfo],
    target: usize,
    fragment: &str,
    dest: &str,
    at: impl Fn() -> Location,
) -> crate::diagnostic::Result<()> {
    let fragment = percent_decode(fragment);
    let anchors = &info[target].analysis.anchors;
    if fragment.is_empty() || anchors.contains(&fragment) {
        return Ok(());
    }
    let near = crate::suggest::nearest(&fragment, anchors.iter().map(String::as_str), 3);
    let hint = if anchors.is_empty() {
        "the target has no headings; link to the page without `#…`".to_string()
    } else if near.is_empty() {
        let known: Vec<&str> = anchors.iter().map(String::as_str).take(12).collect();
        format!(
            "no anchor there is close; it has {} anchors: {}{}",
            anchors.len(),
            known.join(", "),
            if anchors.len() > known.len() {
                ", …"
            } else {
                ""
            }
        )
    } else {
        format!(
            "did you mean {}?",
            crate::suggest::or_list(&near, |a| format!("`#{a}`"))
        )
    };
    Err(Failure::one(
        Diagnostic::error(
            "broken-anchor",
            at(),
            format!(
                "link `{dest}`: `{}` has no heading or anchor `#{fragment}`",
                crate::diagnostic::display_path(&pages[target].source)
            ),
        )
        .with_hint(hint),
    ))
}

fn missing_diagnostic(missing: &Missing, dest: &str, at: Location) -> Diagnostic {
    match missing {
        Missing::Page { rel, suggestion } => Diagnostic::error(
            "broken-link",
            at,
            format!("link `{dest}` goes to `content/{rel}`, which does not exist"),
        )
        .with_hint(match suggestion {
            Some(s) => format!("did you mean `@/{s}`?"),
            None => "name a Markdown file relative to this one (`../partners/mit.md`) or from content/ (`@/partners/mit.md`)".to_string(),
        }),
        Missing::Draft(rel) => Diagnostic::error(
            "broken-link",
            at,
            format!("link `{dest}` goes to `content/{rel}`, which is a draft (`draft: true`), so it is not built"),
        )
        .with_hint("build with `--drafts` to preview it, remove `draft: true` from it to publish it, or remove the link"),
        Missing::File { rel, suggestions } => Diagnostic::error(
            "broken-link",
            at,
            format!("link `{dest}` goes to `content/{rel}`, which is neither a page nor a file"),
        )
        .with_hint(if suggestions.is_empty() {
            "link to a page's .md file, or put the file under content/ beside the page; site-wide files go in static/ and are linked as `/name`".to_string()
        } else {
            let near: Vec<&str> = suggestions.iter().map(String::as_str).collect();
            format!("did you mean {}? (paths from content/)", crate::suggest::or_list(&near, |s| format!("`@/{s}`")))
        }),
        Missing::OutsideContent => Diagnostic::error(
            "broken-link",
            at,
            format!("link `{dest}` climbs out of content/"),
        )
        .with_hint("use fewer `../`, or write the path from content/ as `@/…`"),
    }
}

/// A page that pairs by `translation_key` while a page of another language at its very
/// path has another key (or none): the explicit key wins, the two are not translations of
/// each other, and the author hears of it once, at the key.
fn translation_conflicts(
    pages: &[Page],
    info: &[PageInfo],
    i: usize,
    by_neutral: &HashMap<String, Vec<usize>>,
) -> Option<Diagnostic> {
    let page = &pages[i];
    let key = page.front.translation_key.as_deref()?;
    let same_path = by_neutral.get(&page.neutral_rel())?;
    let other = same_path.iter().copied().find(|&j| {
        let o = &pages[j];
        o.lang != page.lang
            && info[i].translations[o.lang] != Some(j)
            // Two explicit keys: reported once, at the first of the two files.
            && !(o.front.translation_key.is_some() && j < i)
    })?;
    let theirs = match &pages[other].front.translation_key {
        Some(k) => format!("`translation_key: {k}`"),
        None => "no `translation_key`".to_string(),
    };
    let (line, col) = crate::yaml::key_position(page.text(), "translation_key").unwrap_or((1, 1));
    Some(
        Diagnostic::warning(
            "translation-key",
            Location::new(&page.source, line, col),
            format!(
                "`translation_key: {key}` pairs this page by key, but `{}` at the same path has {theirs}: the two are not translations of each other",
                display_path(&pages[other].source)
            ),
        )
        .with_note(Location::file_start(&pages[other].source), "the page at the same path")
        .with_hint("give both pages the same `translation_key`, or remove it from both to pair them by path; links to this path go to the file of the linking page's language"),
    )
}

/// Links to site paths (`/en/about/`, `/style.css`) that reach nothing the build writes:
/// the print edition would fetch them from the web, readers would get a 404.
pub(super) fn check_site_paths(site: &Site, statics: &StaticFiles) -> Vec<Diagnostic> {
    let known = site_files(site, statics);
    (0..site.pages.len())
        .flat_map(|i| check_page_site_paths(site, &known, i))
        .collect()
}

/// [`check_site_paths`] for page `i`, `known` being [`site_files`].
pub(super) fn check_page_site_paths(
    site: &Site,
    known: &BTreeSet<String>,
    i: usize,
) -> Vec<Diagnostic> {
    let (page, info) = (&site.pages[i], &site.info[i]);
    let mut out = Vec::new();
    for (link, target) in info.analysis.links.iter().zip(&info.links) {
        let Some(target) = target.as_deref() else {
            continue;
        };
        if !link.dest.starts_with('/') || link.dest.starts_with("//") {
            continue;
        }
        let path = target.split(['?', '#']).next().unwrap_or_default();
        if reaches(known, path) {
            continue;
        }
        let (line, col) = page.body_position(link.range.start);
        let near = crate::suggest::nearest(path, known.iter().map(String::as_str), 3);
        out.push(
            Diagnostic::error(
                "broken-link",
                Location::new(&page.source, line, col),
                format!("link `{}` goes to the site path `{path}`, where the build writes nothing", link.dest),
            )
            .with_hint(match near.is_empty() {
                false => format!("did you mean {}?", crate::suggest::or_list(&near, |s| format!("`{s}`"))),
                true => "a site path names a page (`/en/about/`), a file beside a page (`/en/about/logo.svg`) or a static file (`/style.css`); link pages by their file (`@/about/_index.md`)".to_string(),
            }),
        );
    }
    out
}

/// Images that only another web site has (`https://…`, `//…`): the print editions keep
/// them as they are, so they need the network, which an edition should not.
pub(super) fn remote_images(pages: &[Page], info: &[PageInfo]) -> Vec<Diagnostic> {
    pages
        .iter()
        .zip(info)
        .flat_map(|(page, info)| page_remote_images(page, info))
        .collect()
}

/// [`remote_images`] of one page.
pub(super) fn page_remote_images(page: &Page, info: &PageInfo) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for link in info.analysis.links.iter().filter(|l| l.is_image) {
        let dest = link.dest.trim();
        if !is_external(dest)
            || is_script_url(dest)
            || !(dest.starts_with("//") || dest.contains("://"))
        {
            continue;
        }
        let (line, col) = page.body_position(link.range.start);
        out.push(
            Diagnostic::warning(
                "remote-image",
                Location::new(&page.source, line, col),
                format!("the image `{dest}` is on another web site: the print editions keep it as it is, so they load it from the web"),
            )
            .with_hint("download the image and put it beside the page (or in static/) to have it inlined in the print editions"),
        );
    }
    out
}

/// Every site path the build writes: pages, assets in every language, static files, and
/// the generated 404 pages, print editions, sitemap and robots.txt.
pub(super) fn site_files(site: &Site, statics: &StaticFiles) -> BTreeSet<String> {
    let mut known: BTreeSet<String> = site.info.iter().map(|p| p.path.clone()).collect();
    known.extend(statics.files.keys().map(|rel| format!("/{rel}")));
    for code in site.config.language_codes() {
        known.extend(
            site.assets
                .iter()
                .map(|a| format!("/{code}/{}", a.published)),
        );
        known.insert(format!("/{code}/404.html"));
    }
    for name in crate::output::print::edition_names(&site.config) {
        known.insert(format!("/print/brochure.{name}.html"));
        known.insert(format!("/print/brochure.{name}.pdf"));
    }
    for generated in ["/", "/sitemap.xml", "/robots.txt"] {
        known.insert(generated.to_string());
    }
    known
}

/// Whether a site path reaches something: itself, a folder without its `/`, or a
/// folder's `index.html`.
fn reaches(known: &BTreeSet<String>, path: &str) -> bool {
    known.contains(path)
        || known.contains(&format!("{path}/"))
        || path
            .strip_suffix("index.html")
            .is_some_and(|folder| known.contains(folder))
}

/// `a/mit.en.md` → `a/mit.md`, for any language of the site.
fn strip_language(config: &Config, rel: &str) -> String {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = name.trim_end_matches(".md");
    match stem.rsplit_once('.') {
        Some((base, suffix)) if config.language_index(suffix).is_some() => {
            join_rel(dir, &format!("{base}.md"))
        }
        _ => rel.to_string(),
    }
}

/// Whether `dest` has a URL scheme (`https:`, `mailto:`) or is protocol-relative.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// `path` with `.` and `..` resolved; `None` when it climbs above the root.
fn within_root(path: &str) -> Option<String> {
    let (resolved, above) = crate::urls::resolve_dots(path);
    (above == 0).then_some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_relative_paths() {
        assert_eq!(
            within_root("history/../partners/mit.md").as_deref(),
            Some("partners/mit.md")
        );
        assert_eq!(within_root("./a.md").as_deref(), Some("a.md"));
        assert_eq!(within_root("../a.md"), None);
    }

    #[test]
    fn externals() {
        assert!(is_external("https://mit.edu"));
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a.md#x:y"));
    }
}
