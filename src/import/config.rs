//! The Hugo configuration: `hugo.toml` / `config.toml` (or `.yaml`, `.yml`, `.json`, at
//! the root or in `config/_default/`), read with the `toml`, YAML and JSON parsers. Hugo's
//! keys are case-insensitive, so every key is lowercased as it is read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Location, Result, display_path, io_error};

/// One language of the Hugo site.
#[derive(Debug, Clone)]
pub struct Language {
    /// The key under `languages` (`zh`, `en`): the URL prefix and file suffix.
    pub code: String,
    /// `languageName` / `label`.
    pub name: Option<String>,
    pub title: Option<String>,
    /// `params.description`, else `description`.
    pub description: Option<String>,
    /// `languageCode` / `locale` (`zh-cn`).
    pub locale: Option<String>,
    /// The language's own `contentDir`, relative to the site.
    pub content_dir: Option<String>,
    pub weight: i64,
    /// The language's `params`, over the site's.
    pub params: Map<String, Value>,
}

impl Language {
    /// The script brochure writes the language in: the one of the locale its site.yaml
    /// gets, as `Config` derives it.
    pub fn script(&self) -> crate::script::Script {
        crate::script::Script::of_locale(&super::write::locale(&self.code, self.locale.as_deref()))
    }
}

/// What the importer needs of a Hugo configuration.
#[derive(Debug, Clone)]
pub struct HugoConfig {
    pub base_url: String,
    pub title: String,
    /// The default language first, then by weight and code.
    pub languages: Vec<Language>,
    /// The default language's pages are at the root (`defaultContentLanguageInSubdir`
    /// false, Hugo's default).
    pub default_at_root: bool,
    pub content_dir: String,
    pub static_dirs: Vec<String>,
    /// Section → permalink pattern of its pages (`blog = "/:section/:year/:slug/"`).
    pub permalinks: BTreeMap<String, String>,
    /// Hugo lowercases URL paths unless `disablePathToLower`.
    pub path_to_lower: bool,
    /// Raw HTML is rendered (`markup.goldmark.renderer.unsafe`).
    pub unsafe_html: bool,
}

const NAMES: &[&str] = &["hugo", "config"];
const EXTENSIONS: &[&str] = &["toml", "yaml", "yml", "json"];

/// Finds and reads the configuration of the Hugo site at `src`.
pub fn read(src: &Path) -> Result<HugoConfig> {
    let file = find(src).ok_or_else(|| {
        Diagnostic::error(
            "import",
            Location::file_start(src),
            format!("`{}` holds no Hugo configuration", display_path(src)),
        )
        .with_hint("point at the folder that holds hugo.toml (or config.toml, hugo.yaml, …)")
    })?;
    let text = std::fs::read_to_string(&file).map_err(|e| io_error(&file, "read", &e))?;
    let value = parse_document(&text, &file, 0)?;
    Ok(from_value(lowercase_keys(value)))
}

fn find(src: &Path) -> Option<PathBuf> {
    let dirs = [src.to_path_buf(), src.join("config/_default")];
    dirs.iter().find_map(|dir| {
        NAMES.iter().find_map(|name| {
            EXTENSIONS
                .iter()
                .map(|ext| dir.join(format!("{name}.{ext}")))
                .find(|p| p.is_file())
        })
    })
}

/// Parses TOML, YAML or JSON (by `file`'s extension) into a JSON value; an error names
/// the line and column, counted from `first_line` (the line before the text starts).
pub fn parse_document(text: &str, file: &Path, first_line: usize) -> Result<Value> {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("toml");
    parse_as(ext, text, file, first_line)
}

/// Parses `text` as `format` (`toml`, `yaml`/`yml`, `json`).
pub fn parse_as(format: &str, text: &str, file: &Path, first_line: usize) -> Result<Value> {
    let at = |line: usize, col: usize| Location::new(file, first_line + line, col);
    match format {
        "toml" => {
            let table: toml::Table = toml::from_str(text).map_err(|e| {
                let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
                Diagnostic::error("toml", at(line, col), format!("bad TOML: {}", e.message()))
                    .with_hint("fix the TOML at this place (Hugo would not read it either)")
            })?;
            Ok(toml_to_json(toml::Value::Table(table)))
        }
        "json" => serde_json::from_str(text).map_err(|e| {
            Diagnostic::error("json", at(e.line(), e.column()), format!("bad JSON: {e}"))
                .with_hint("fix the JSON at this place")
                .into()
        }),
        _ => {
            let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
                let (line, col) = e
                    .location()
                    .map(|l| (l.line(), l.column()))
                    .unwrap_or((1, 1));
                Diagnostic::error("yaml", at(line, col), format!("bad YAML: {e}"))
                    .with_hint("fix the YAML at this place (Hugo would not read it either)")
            })?;
            Ok(yaml_to_json(value))
        }
    }
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// A TOML value as JSON; dates and times as their TOML text (`2020-01-02T10:00:00+08:00`).
pub fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// A YAML value as JSON: keys that are not strings become their text.
pub fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(&n).unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (scalar_text(&yaml_to_json(k)), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// A scalar's text (`"a"` → `a`, `3` → `3`); other values as JSON.
pub fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Every key of every map lowercased, as Hugo reads them.
pub fn lowercase_keys(value: Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k.to_lowercase(), lowercase_keys(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(lowercase_keys).collect()),
        other => other,
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

fn from_value(v: Value) -> HugoConfig {
    let default = text(&v, "defaultcontentlanguage").unwrap_or_else(|| "en".to_string());
    let site_params = v
        .get("params")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut languages = languages(&v, &site_params);
    if languages.is_empty() {
        languages.push(Language {
            code: default.clone(),
            name: None,
            title: None,
            description: text(&Value::Object(site_params.clone()), "description"),
            locale: text(&v, "languagecode"),
            content_dir: None,
            weight: 0,
            params: site_params,
        });
    }
    languages.sort_by(|a, b| {
        (a.code != default, a.weight, &a.code).cmp(&(b.code != default, b.weight, &b.code))
    });
    let unsafe_html = v
        .pointer("/markup/goldmark/renderer/unsafe")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    HugoConfig {
        base_url: text(&v, "baseurl").unwrap_or_default(),
        title: text(&v, "title").unwrap_or_default(),
        languages,
        default_at_root: !v
            .get("defaultcontentlanguageinsubdir")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        content_dir: text(&v, "contentdir").unwrap_or_else(|| "content".to_string()),
        static_dirs: static_dirs(&v),
        permalinks: permalinks(&v),
        path_to_lower: !v
            .get("disablepathtolower")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        unsafe_html,
    }
}

fn languages(v: &Value, site_params: &Map<String, Value>) -> Vec<Language> {
    let Some(map) = v.get("languages").and_then(Value::as_object) else {
        return Vec::new();
    };
    map.iter()
        .map(|(code, l)| {
            let mut params = site_params.clone();
            if let Some(own) = l.get("params").and_then(Value::as_object) {
                params.extend(own.clone());
            }
            let description = text(&Value::Object(params.clone()), "description")
                .or_else(|| text(l, "description"));
            Language {
                code: code.clone(),
                name: text(l, "languagename").or_else(|| text(l, "label")),
                title: text(l, "title"),
                description,
                locale: text(l, "languagecode").or_else(|| text(l, "locale")),
                content_dir: text(l, "contentdir"),
                weight: l.get("weight").and_then(Value::as_i64).unwrap_or(0),
                params,
            }
        })
        .collect()
}

fn static_dirs(v: &Value) -> Vec<String> {
    match v.get("staticdir") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|s| s.as_str().map(String::from))
            .collect(),
        _ => vec!["static".to_string()],
    }
}

/// `[permalinks] blog = "…"` or, since Hugo 0.120, `[permalinks.page] blog = "…"`.
fn permalinks(v: &Value) -> BTreeMap<String, String> {
    let Some(map) = v.get("permalinks").and_then(Value::as_object) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (key, value) in map {
        match value {
            Value::String(p) => {
                out.insert(key.clone(), p.clone());
            }
            Value::Object(m) if key == "page" => {
                for (section, p) in m {
                    if let Some(p) = p.as_str() {
                        out.insert(section.clone(), p.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_errors_name_line_and_column() {
        let err = parse_as("toml", "a = 1\nb = = 2\n", Path::new("x.md"), 1).unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.location.line, 3, "{d}");
        assert!(d.location.col > 1, "{d}");
    }

    #[test]
    fn languages_default_first_then_weight() {
        let v: Value = serde_json::from_str(
            r#"{"defaultcontentlanguage":"zh","languages":{"en":{"weight":1,"languagename":"English"},"zh":{"weight":2,"contentdir":"content/zh"}}}"#,
        )
        .unwrap();
        let c = from_value(v);
        assert_eq!(c.languages[0].code, "zh");
        assert_eq!(c.languages[0].content_dir.as_deref(), Some("content/zh"));
        assert_eq!(c.languages[1].name.as_deref(), Some("English"));
        assert!(c.default_at_root);
    }
}
