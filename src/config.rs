//! `site.yaml`: the site configuration.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Location, Result, io_error};
use crate::yaml;

/// A string given once for all languages, or per language code.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Localized(BTreeMap<String, String>),
}

impl Text {
    /// The text in `lang`, falling back to `default`, then to any language.
    pub fn resolve(&self, lang: &str, default: &str) -> String {
        match self {
            Text::Plain(s) => s.clone(),
            Text::Localized(map) => map
                .get(lang)
                .or_else(|| map.get(default))
                .or_else(|| map.values().next())
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// One language of the site, as written in `site.yaml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// Short code used in file names and URLs: `zh`.
    pub code: String,
    /// BCP 47 locale used for `lang`, plurals and number formats: `zh-CN`.
    pub locale: String,
    /// The language's name in itself: `中文`.
    pub name: String,
    /// How the language is written, from `locale` (set when site.yaml is read).
    #[serde(skip)]
    pub script: crate::script::Script,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Text,
    #[serde(default)]
    description: Option<Text>,
    base_url: String,
    #[serde(default = "default_theme")]
    theme: String,
    languages: Vec<Language>,
    #[serde(default)]
    markdown: MarkdownOptions,
    #[serde(default)]
    extra: serde_yaml::Mapping,
}

/// `markdown:` in site.yaml: how Markdown is treated.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MarkdownOptions {
    /// Raw HTML and script-capable URLs (`javascript:`, `vbscript:`, `data:`) in Markdown.
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// What to do with raw HTML and `javascript:`/`data:` URLs in Markdown.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Written as it is, silently (a site whose authors are all trusted).
    Allow,
    /// Written as it is, with a warning at its place (the default).
    #[default]
    Warn,
    /// An error: the build stops.
    Forbid,
}

fn default_theme() -> String {
    "brochure".to_string()
}

/// The site configuration, validated.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site folder (`--site`).
    pub root: PathBuf,
    pub title: Text,
    pub description: Option<Text>,
    /// Always ends with `/`.
    pub base_url: String,
    pub theme: String,
    /// The first is the default language.
    pub languages: Vec<Language>,
    /// Where each language is listed in site.yaml, parallel to `languages`.
    pub language_places: Vec<Location>,
    pub markdown: MarkdownOptions,
    pub extra: serde_yaml::Mapping,
    /// The text of site.yaml, as read (the fingerprint hashes it).
    pub text: String,
}

/// The keys `site.yaml` accepts, for error hints.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "theme",
    "languages",
    "markdown",
    "extra",
];

impl Config {
    /// Reads and validates `<root>/site.yaml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("site.yaml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Diagnostic::error(
                    "config",
                    Location::file_start(&path),
                    format!("no site.yaml in `{}`", crate::diagnostic::display_path(root)),
                )
                .with_hint(
                    "run brochure from the site folder, pass --site DIR, or create one with `brochure new DIR`",
                )
                .into());
            }
            Err(e) => return Err(io_error(&path, "read", &e).into()),
        };
        let raw: RawConfig = yaml::parse(&text, &path, 1, KEYS)?;
        Config::validate(root, &path, &text, raw)
    }

    fn validate(root: &Path, path: &Path, text: &str, raw: RawConfig) -> Result<Config> {
        let at = |key: &str| {
            let (line, col) = yaml::key_position(text, key).unwrap_or((1, 1));
            Location::new(path, line, col)
        };
        if raw.languages.is_empty() {
            return Err(Diagnostic::error(
                "config",
                at("languages"),
                "site.yaml lists no languages",
            )
            .with_hint("add `languages: [{ code: zh, locale: zh-CN, name: 中文 }, …]`; the first is the default")
            .into());
        }
        let mut seen = std::collections::BTreeSet::new();
        for lang in &raw.languages {
            if !is_language_code(&lang.code) {
                return Err(Diagnostic::error(
                    "config",
                    at("languages"),
                    format!("`{}` is not a usable language code", lang.code),
                )
                .with_hint(
                    "use a short lowercase code such as `zh` or `en` (letters, digits and `-`)",
                )
                .into());
            }
            if !seen.insert(lang.code.as_str()) {
                return Err(Diagnostic::error(
                    "config",
                    at("languages"),
                    format!("language `{}` is listed twice", lang.code),
                )
                .with_hint("list each language once")
                .into());
            }
        }
        let mut base_url = raw.base_url.trim().to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(Diagnostic::error(
                "config",
                at("base_url"),
                format!("base_url `{base_url}` is not an absolute http(s) URL"),
            )
            .with_hint("write the published address, e.g. `base_url: https://example.edu.cn/intl/`")
            .into());
        }
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        check_theme(&raw.theme, at("theme"))?;
        let language_places = (0..raw.languages.len())
            .map(|i| {
                let steps = [yaml::Step::Key("languages".into()), yaml::Step::Index(i)];
                yaml::path_position(text, &steps)
                    .map_or_else(|| at("languages"), |(l, c)| Location::new(path, l, c))
            })
            .collect();
        Ok(Config {
            root: root.to_path_buf(),
            title: raw.title,
            description: raw.description,
            base_url,
            theme: raw.theme,
            languages: with_scripts(raw.languages),
            language_places,
            markdown: raw.markdown,
            extra: raw.extra,
            text: text.to_string(),
        })
    }

    /// The default language (the first listed).
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// The index of language `code`, if the site has it.
    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.code == code)
    }

    /// The codes of all languages, in order.
    pub fn language_codes(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.code.as_str()).collect()
    }

    /// `content/`
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// `themes/<theme>/`
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
}

/// Each language with its script, from its locale.
fn with_scripts(mut languages: Vec<Language>) -> Vec<Language> {
    for l in &mut languages {
        l.script = crate::script::Script::of_locale(&l.locale);
    }
    languages
}

/// A theme is a plain folder name under `themes/`: never a path that could load
/// templates and publish `static/` from elsewhere on the machine.
fn check_theme(theme: &str, at: Location) -> Result<()> {
    match crate::frontmatter::check_slug(theme) {
        Ok(()) => Ok(()),
        Err(why) => Err(Diagnostic::error(
            "config",
            at,
            format!("`theme: {theme}` {why}: a theme is a folder name under themes/"),
        )
        .with_hint(format!(
            "put the theme in `themes/<name>/` and write only its name, e.g. `theme: brochure` ({})",
            crate::frontmatter::SEGMENT_RULE
        ))
        .into()),
    }
}

/// Whether `code` looks like a language code: `zh`, `en`, `zh-hant`, `pt-br`.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        assert!(is_language_code("zh"));
        assert!(is_language_code("zh-hant"));
        assert!(!is_language_code("Z"));
        assert!(!is_language_code("draft"));
        assert!(!is_language_code("v2"));
    }

    fn load(yaml: &str) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        Config::load(dir.path())
    }

    const SITE: &str = "title: t\nbase_url: https://x.org/\nlanguages:\n  - { code: zh, locale: zh-CN, name: 中文 }\n  - { code: en, locale: en, name: English }\n";

    #[test]
    fn a_theme_is_a_folder_name() {
        for bad in ["/etc", "../other", "a/b", "..", ".hidden", "C:\\x"] {
            let err = load(&format!("{SITE}theme: '{bad}'\n")).unwrap_err();
            let d = &err.0[0];
            assert_eq!((d.location.line, d.location.col), (6, 1), "{bad}");
            assert!(d.message.contains("a theme is a folder name"), "{bad}: {d}");
        }
        assert_eq!(
            load(&format!("{SITE}theme: plain-2\n")).unwrap().theme,
            "plain-2"
        );
    }

    #[test]
    fn languages_have_places_and_markdown_options_parse() {
        let config = load(&format!("{SITE}markdown: {{ raw_html: forbid }}\n")).unwrap();
        let lines: Vec<usize> = config.language_places.iter().map(|l| l.line).collect();
        assert_eq!(lines, [4, 5]);
        assert_eq!(config.markdown.raw_html, RawHtml::Forbid);
        assert_eq!(load(SITE).unwrap().markdown.raw_html, RawHtml::Warn);
        assert!(load(&format!("{SITE}markdown: {{ raw_html: maybe }}\n")).is_err());
    }

    #[test]
    fn text_falls_back_to_default() {
        let t = Text::Localized(BTreeMap::from([("zh".into(), "中".into())]));
        assert_eq!(t.resolve("en", "zh"), "中");
    }
}
