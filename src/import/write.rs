//! The new site: `site.yaml`, the default theme and its locales, the converted pages,
//! their assets and the static files, written into a folder beside DEST and moved into
//! place whole, so a failed import leaves nothing behind.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value as Yaml};

use super::Report;
use super::config::HugoConfig;
use super::page::ConvertedPage;
use super::plan::Plan;
use crate::diagnostic::{Diagnostic, Location, Result, io_error};

/// What a file of the new site holds.
pub enum Contents {
    Bytes(Cow<'static, [u8]>),
    Copy(PathBuf),
}

/// Every file of the new site, by path in it.
pub struct Site {
    pub files: BTreeMap<String, Contents>,
    pub pages_per_lang: BTreeMap<String, usize>,
}

/// The static files of the Hugo site: path in the output (`img/logo.png`) → file; later
/// `staticDir`s win, as in Hugo.
pub fn static_files(src: &Path, config: &HugoConfig) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for dir in &config.static_dirs {
        let root = src.join(dir);
        let walk = walkdir::WalkDir::new(&root).sort_by_file_name().into_iter();
        for entry in walk
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
        {
            let rel = entry
                .path()
                .strip_prefix(&root)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, entry.path().to_path_buf());
        }
    }
    out
}

impl Site {
    /// Gathers the new site's files.
    pub fn assemble(
        config: &HugoConfig,
        plan: &Plan,
        pages: Vec<ConvertedPage>,
        statics: &BTreeMap<String, PathBuf>,
        report: &mut Report,
    ) -> Result<Site> {
        let mut files = BTreeMap::new();
        files.insert("site.yaml".to_string(), bytes(site_yaml(config)));
        files.insert(
            ".gitignore".to_string(),
            bytes("/public\n/.brochure-cache\n".to_string()),
        );
        let theme_static: BTreeSet<String> = theme_files(config, &mut files, report);
        let mut pages_per_lang = BTreeMap::new();
        for page in pages {
            *pages_per_lang
                .entry(config.languages[page.lang].code.clone())
                .or_default() += 1;
            files.insert(format!("content/{}", page.out_rel), bytes(page.text));
        }
        for asset in &plan.assets {
            let rel = format!("content/{}", asset.out_rel);
            if asset.out_rel.ends_with(".yaml") || asset.out_rel.ends_with(".yml") {
                // brochure reads YAML under content/ as data; Hugo published it as a file.
                report.add(
                    "dropped",
                    "YAML files among the pages (brochure would read them as data)",
                );
                continue;
            }
            files.insert(rel, Contents::Copy(asset.source.clone()));
            report.add("assets copied", "");
        }
        for (rel, path) in statics {
            if let Some(why) = reserved(config, rel) {
                report.add(
                    "dropped",
                    format!("static files at a path brochure writes ({why})"),
                );
                continue;
            }
            if theme_static.contains(rel) {
                report.add("static files", "replacing a theme file of the same path");
            }
            files.insert(format!("static/{rel}"), Contents::Copy(path.clone()));
            report.add("static files copied", "");
        }
        Ok(Site {
            files,
            pages_per_lang,
        })
    }
}

fn bytes(text: String) -> Contents {
    Contents::Bytes(Cow::Owned(text.into_bytes()))
}

/// Why brochure's output needs the static path `rel` itself, if it does.
fn reserved(config: &HugoConfig, rel: &str) -> Option<&'static str> {
    let top = rel.split('/').next().unwrap_or(rel);
    if [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        ".brochure-output",
    ]
    .contains(&rel)
    {
        return Some("the landing page, 404, sitemap or robots.txt");
    }
    if rel.contains('/') && config.languages.iter().any(|l| l.code == top) {
        return Some("a language's folder");
    }
    if rel.contains('/') && ["search", "print"].contains(&top) {
        return Some("the search index and print editions");
    }
    None
}

/// The default theme and, for each language, the locale of the theme closest to it
/// (Chinese for `zh*`, English for every other); returns the theme's static paths.
fn theme_files(
    config: &HugoConfig,
    files: &mut BTreeMap<String, Contents>,
    report: &mut Report,
) -> BTreeSet<String> {
    let mut statics = BTreeSet::new();
    for (rel, data) in crate::scaffold::theme_files() {
        if let Some(rest) = rel.strip_prefix("locales/") {
            let (code, file) = rest.split_once('/').unwrap_or((rest, ""));
            for lang in &config.languages {
                if locale_source(&lang.code) == code {
                    files.insert(
                        format!("locales/{}/{file}", lang.code),
                        Contents::Bytes(data.clone()),
                    );
                }
            }
            continue;
        }
        if let Some(s) = rel.strip_prefix("themes/brochure/static/") {
            statics.insert(s.to_string());
        }
        files.insert(rel.to_string(), Contents::Bytes(data));
    }
    for lang in &config.languages {
        if !["zh", "en"].contains(&lang.code.as_str()) {
            report.add(
                "languages",
                format!(
                    "{} given the theme's {} strings",
                    lang.code,
                    locale_source(&lang.code)
                ),
            );
        }
    }
    statics
}

fn locale_source(code: &str) -> &'static str {
    if code.to_lowercase().starts_with("zh") {
        "zh"
    } else {
        "en"
    }
}

/// A BCP 47 locale from Hugo's `languageCode` (`zh-cn` → `zh-CN`), else from the code.
pub(super) fn locale(code: &str, hugo: Option<&str>) -> String {
    let raw = hugo.unwrap_or(match code {
        "zh" => "zh-CN",
        c => c,
    });
    let parts: Vec<String> = raw
        .split(['-', '_'])
        .enumerate()
        .map(|(i, p)| match (i, p.len()) {
            (0, _) => p.to_lowercase(),
            (_, 2) => p.to_uppercase(),
            (_, 4) => {
                let mut c = p.chars();
                c.next()
                    .map(|f| {
                        f.to_uppercase()
                            .chain(c.flat_map(char::to_lowercase))
                            .collect()
                    })
                    .unwrap_or_default()
            }
            _ => p.to_string(),
        })
        .collect();
    parts.join("-")
}

fn per_language(config: &HugoConfig, pick: impl Fn(usize) -> Option<String>) -> Option<Yaml> {
    let values: Vec<(String, String)> = (0..config.languages.len())
        .filter_map(|i| Some((config.languages[i].code.clone(), pick(i)?)))
        .collect();
    let first = values.first()?.1.clone();
    if values.iter().all(|(_, v)| *v == first) {
        return Some(first.into());
    }
    let mut m = Mapping::new();
    for (code, v) in values {
        m.insert(code.into(), v.into());
    }
    Some(Yaml::Mapping(m))
}

fn site_yaml(config: &HugoConfig) -> String {
    let mut m = Mapping::new();
    let title = per_language(config, |i| {
        config.languages[i]
            .title
            .clone()
            .or_else(|| Some(config.title.clone()))
            .filter(|t| !t.is_empty())
    });
    m.insert(
        "title".into(),
        title.unwrap_or_else(|| "Imported site".into()),
    );
    if let Some(d) = per_language(config, |i| config.languages[i].description.clone()) {
        m.insert("description".into(), d);
    }
    let base = if config.base_url.starts_with("http") {
        config.base_url.clone()
    } else {
        "https://example.org/".to_string()
    };
    m.insert("base_url".into(), base.into());
    m.insert("theme".into(), "brochure".into());
    let langs: Vec<Yaml> = config
        .languages
        .iter()
        .map(|l| {
            let mut e = Mapping::new();
            e.insert("code".into(), l.code.clone().into());
            e.insert("locale".into(), locale(&l.code, l.locale.as_deref()).into());
            e.insert(
                "name".into(),
                l.name.clone().unwrap_or_else(|| l.code.clone()).into(),
            );
            Yaml::Mapping(e)
        })
        .collect();
    m.insert("languages".into(), Yaml::Sequence(langs));
    if config.unsafe_html {
        let mut md = Mapping::new();
        md.insert("raw_html".into(), "allow".into());
        m.insert("markdown".into(), Yaml::Mapping(md));
    }
    let yaml = serde_yaml::to_string(&Yaml::Mapping(m)).unwrap_or_default();
    format!("# Imported from a Hugo site by `brochure import hugo`.\n{yaml}")
}

/// Writes `site` into a new folder beside `dest`, then moves it to `dest`.
pub fn write(site: &Site, dest: &Path) -> Result<()> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
    let staging = tempfile::Builder::new()
        .prefix(".brochure-import-")
        .tempdir_in(parent)
        .map_err(|e| io_error(parent, "create a folder in", &e))?;
    for (rel, contents) in &site.files {
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create", &e))?;
        }
        match contents {
            Contents::Bytes(b) => {
                std::fs::write(&path, b).map_err(|e| io_error(&path, "write", &e))?
            }
            Contents::Copy(from) => {
                std::fs::copy(from, &path).map_err(|e| io_error(from, "copy", &e))?;
            }
        }
    }
    if dest.is_dir() {
        std::fs::remove_dir(dest).map_err(|e| io_error(dest, "replace the empty folder", &e))?;
    }
    let kept = staging.keep();
    std::fs::rename(&kept, dest).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        Diagnostic::error(
            "import",
            Location::file_start(dest),
            format!("cannot move the new site into place: {e}"),
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_from_hugo_language_codes() {
        assert_eq!(locale("zh", None), "zh-CN");
        assert_eq!(locale("zh", Some("zh-cn")), "zh-CN");
        assert_eq!(locale("en", Some("en-us")), "en-US");
        assert_eq!(locale("zh-hant", Some("zh_hant_tw")), "zh-Hant-TW");
        assert_eq!(locale("en", None), "en");
    }
}
