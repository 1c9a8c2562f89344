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
    identity: Identity,
    #[serde(default)]
    feeds: FeedOptions,
    #[serde(default)]
    extra: serde_yaml::Mapping,
    #[serde(default)]
    images: crate::images::Options,
    #[serde(default)]
    translations: TranslationOptions,
    #[serde(default = "default_search")]
    search: bool,
}

fn default_search() -> bool {
    true
}

/// `translations:` in site.yaml: how missing translations are shown.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TranslationOptions {
    /// A page missing in a language is shown in that language's tree in the default
    /// language's text, with a notice, `noindex` and no hreflang (off by default).
    #[serde(default)]
    pub fallback: bool,
}

/// `identity:` in site.yaml: who publishes the site. Every key is optional; templates show
/// only what is set.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// A static file (theme or site `static/`), e.g. `static/logo.svg` or `logo.svg`.
    pub logo: Option<String>,
    pub organization: Option<Text>,
    /// The parent organization's main site: an absolute http(s) URL.
    pub parent_url: Option<String>,
    pub contact: Option<Contact>,
    pub copyright: Option<Text>,
    /// The ICP filing number (备案号) every site hosted in mainland China shows.
    pub icp: Option<Text>,
}

/// `identity.contact:` in site.yaml.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub address: Option<Text>,
    pub phone: Option<Text>,
    pub email: Option<String>,
    /// An absolute http(s) URL.
    pub url: Option<String>,
}

/// The keys `identity:` accepts, for error hints.
pub const IDENTITY_KEYS: &[&str] = &[
    "logo",
    "organization",
    "parent_url",
    "contact",
    "copyright",
    "icp",
];

/// The keys `identity.contact:` accepts, for error hints.
pub const CONTACT_KEYS: &[&str] = &["address", "phone", "email", "url"];

impl Identity {
    /// The static file `logo` names, as a key of `statics` (`static/logo.svg` and
    /// `logo.svg` both name the static file `logo.svg`), if it exists.
    pub fn logo_file<'a>(&self, statics: &'a crate::content::StaticFiles) -> Option<&'a str> {
        let logo = self.logo.as_deref()?.trim_start_matches('/');
        [Some(logo), logo.strip_prefix("static/")]
            .into_iter()
            .flatten()
            .find_map(|rel| statics.files.get_key_value(rel).map(|(k, _)| k.as_str()))
    }
}

/// `feeds:` in site.yaml: what the Atom feeds hold.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FeedOptions {
    /// The most recent entries a feed lists (20).
    #[serde(default = "default_entries")]
    pub entries: usize,
    /// Each entry's text: its summary (the default) or the whole page.
    #[serde(default)]
    pub content: FeedContent,
}

impl Default for FeedOptions {
    fn default() -> Self {
        FeedOptions {
            entries: default_entries(),
            content: FeedContent::default(),
        }
    }
}

fn default_entries() -> usize {
    20
}

/// What an Atom entry carries.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    /// The page's summary, as text.
    #[default]
    Summary,
    /// The page's HTML.
    Full,
}

/// `markdown:` in site.yaml: how Markdown is treated.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MarkdownOptions {
    /// Raw HTML and script-capable URLs (`javascript:`, `vbscript:`, `data:`) in Markdown.
    #[serde(default)]
    pub raw_html: RawHtml,
    /// Fenced code highlighted at build time (default true); `false` leaves every block
    /// plain `<pre><code>`.
    #[serde(default = "default_highlight")]
    pub highlight: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            raw_html: RawHtml::default(),
            highlight: true,
        }
    }
}

fn default_highlight() -> bool {
    true
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
    /// `identity:`: logo, organization, contact, copyright, ICP number.
    pub identity: Identity,
    pub feeds: FeedOptions,
    pub extra: serde_yaml::Mapping,
    /// `images:`: the widths of image variants.
    pub images: crate::images::Options,
    /// `translations:`: the fallback for missing pages.
    pub translations: TranslationOptions,
    /// `search:` (default true): a search index per language, and the theme's search box.
    pub search: bool,
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
    "identity",
    "feeds",
    "extra",
    "images",
    "translations",
    "search",
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
        check_identity(&raw.identity, text, path)?;
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
            identity: raw.identity,
            feeds: raw.feeds,
            extra: raw.extra,
            images: raw.images,
            translations: raw.translations,
            search: raw.search,
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

/// The URLs of `identity` are absolute http(s) URLs; an email is an address, not a link.
fn check_identity(identity: &Identity, text: &str, path: &Path) -> Result<()> {
    let contact = identity.contact.as_ref();
    let urls = [
        (
            &["identity", "parent_url"][..],
            identity.parent_url.as_deref(),
        ),
        (
            &["identity", "contact", "url"][..],
            contact.and_then(|c| c.url.as_deref()),
        ),
    ];
    for (keys, value) in urls {
        if let Some(value) = value.filter(|v| !is_web_url(v)) {
            return Err(identity_error(
                text,
                path,
                keys,
                format!(
                    "`{}: {value}` is not an absolute http(s) URL",
                    keys.join(".")
                ),
            )
            .with_hint(format!(
                "write the whole address with its scheme, e.g. `https://{}/`",
                value.trim_start_matches("//").trim_end_matches('/')
            ))
            .into());
        }
    }
    if let Some(email) = contact.and_then(|c| c.email.as_deref()) {
        let (user, domain) = email.split_once('@').unwrap_or(("", ""));
        if user.is_empty() || !domain.contains('.') || email.contains([' ', ':', '/']) {
            let keys = ["identity", "contact", "email"];
            return Err(identity_error(
                text,
                path,
                &keys,
                format!("`identity.contact.email: {email}` is not an email address"),
            )
            .with_hint("write the address alone, e.g. `email: intl@example.edu.cn` (no `mailto:`)")
            .into());
        }
    }
    Ok(())
}

/// `identity.logo` must name a static file: the error, with its place in site.yaml, when
/// it does not.
pub fn check_logo(config: &Config, statics: &crate::content::StaticFiles) -> Option<Diagnostic> {
    let logo = config.identity.logo.as_deref()?;
    if config.identity.logo_file(statics).is_some() {
        return None;
    }
    let path = config.root.join("site.yaml");
    let theme = format!("themes/{}/static/", config.theme);
    Some(
        identity_error(&config.text, &path, &["identity", "logo"], format!(
            "`identity.logo: {logo}` names no static file"
        ))
        .with_hint(format!(
            "put the image in `static/` or `{theme}` and write its path there, e.g. `logo: static/logo.svg`"
        )),
    )
}

/// Whether `value` is an absolute http(s) URL with a host.
fn is_web_url(value: &str) -> bool {
    url::Url::parse(value).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    })
}

/// An error at `identity.<keys>` in site.yaml.
fn identity_error(text: &str, path: &Path, keys: &[&str], message: String) -> Diagnostic {
    let steps: Vec<yaml::Step> = keys.iter().map(|k| yaml::Step::Key((*k).into())).collect();
    let (line, col) = yaml::path_position(text, &steps)
        .or_else(|| yaml::key_position(text, "identity"))
        .unwrap_or((1, 1));
    Diagnostic::error("config", Location::new(path, line, col), message)
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
        assert!(load(SITE).unwrap().markdown.highlight);
        let off = load(&format!("{SITE}markdown: {{ highlight: false }}\n")).unwrap();
        assert!(!off.markdown.highlight);
    }

    #[test]
    fn identity_parses_and_its_urls_and_email_are_checked() {
        let config = load(&format!(
            "{SITE}identity:\n  organization: {{ zh: 甲, en: A }}\n  icp: 沪ICP备1号\n  contact: {{ phone: '021' }}\n"
        ))
        .unwrap();
        let identity = &config.identity;
        assert_eq!(
            identity.organization.as_ref().unwrap().resolve("en", "zh"),
            "A"
        );
        assert_eq!(identity.icp, Some(Text::Plain("沪ICP备1号".into())));
        assert_eq!(identity.logo, None);
        assert_eq!(load(SITE).unwrap().identity, Identity::default());
        for (bad, line) in [
            ("  parent_url: ftp://x.org/\n", 7),
            ("  parent_url: 'https:// x.org'\n", 7),
            ("  contact:\n    url: x.org\n", 8),
            ("  contact:\n    email: mailto:a@x.org\n", 8),
            ("  contact:\n    email: nobody\n", 8),
        ] {
            let err = load(&format!("{SITE}identity:\n{bad}")).unwrap_err();
            assert_eq!(err.0[0].location.line, line, "{bad}: {}", err.0[0]);
        }
    }

    #[test]
    fn search_is_on_unless_turned_off_and_a_wrong_type_is_located() {
        assert!(load(SITE).unwrap().search);
        assert!(!load(&format!("{SITE}search: false\n")).unwrap().search);
        let err = load(&format!("{SITE}search: maybe\n")).unwrap_err();
        let d = &err.0[0];
        assert_eq!((d.location.line, d.location.col), (6, 9), "{d}");
        assert!(d.message.contains("search"), "{d}");
    }

    #[test]
    fn text_falls_back_to_default() {
        let t = Text::Localized(BTreeMap::from([("zh".into(), "中".into())]));
        assert_eq!(t.resolve("en", "zh"), "中");
    }
}
