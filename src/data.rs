//! YAML data under `content/`: `content/history/timeline.yaml` is `data.history.timeline`.
//!
//! A mapping whose keys are all language codes of the site is a localized value; each
//! language gets the tree with those values already resolved (missing → default language).

use serde_yaml::{Mapping, Value};

use crate::config::Config;
use crate::content::DataFile;
use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::{Step, path_position};

/// The data tree resolved for each language, in the site's language order.
#[derive(Debug, Clone)]
pub struct Data {
    pub per_language: Vec<tera::Value>,
}

/// Builds the data tree for each language. Reports localized values missing a language
/// (warnings) and data names used twice (errors; the later file is left out).
pub fn resolve(config: &Config, files: &[DataFile]) -> (Data, Vec<Diagnostic>) {
    let codes = config.language_codes();
    let mut diagnostics = Vec::new();
    for file in files {
        let mut path = Vec::new();
        check_languages(file, &file.value, &codes, &mut path, &mut diagnostics);
    }
    let (usable, mut clashes) = check_names(files);
    diagnostics.append(&mut clashes);
    let per_language = (0..codes.len())
        .map(|lang| {
            let mut root = Mapping::new();
            for file in &usable {
                insert(&mut root, file, localize(&file.value, &codes, lang));
            }
            tera::Value::from_serializable(&Value::Mapping(root))
        })
        .collect();
    (Data { per_language }, diagnostics)
}

/// Whether `map` is a localized value: non-empty, every key a language code of the site.
pub fn is_localized(map: &Mapping, codes: &[&str]) -> bool {
    !map.is_empty()
        && map
            .keys()
            .all(|k| k.as_str().is_some_and(|k| codes.contains(&k)))
}

/// `value` with every localized mapping replaced by its text in language `lang`.
fn localize(value: &Value, codes: &[&str], lang: usize) -> Value {
    match value {
        Value::Mapping(map) if is_localized(map, codes) => {
            let pick = map
                .get(codes[lang])
                .or_else(|| map.get(codes[0]))
                .or_else(|| map.values().next())
                .cloned()
                .unwrap_or(Value::Null);
            localize(&pick, codes, lang)
        }
        Value::Mapping(map) => Value::Mapping(
            map.iter()
                .map(|(k, v)| (k.clone(), localize(v, codes, lang)))
                .collect(),
        ),
        Value::Sequence(items) => {
            Value::Sequence(items.iter().map(|v| localize(v, codes, lang)).collect())
        }
        Value::Tagged(tagged) => localize(&tagged.value, codes, lang),
        other => other.clone(),
    }
}

fn check_languages(
    file: &DataFile,
    value: &Value,
    codes: &[&str],
    path: &mut Vec<Step>,
    warnings: &mut Vec<Diagnostic>,
) {
    match value {
        Value::Mapping(map) if is_localized(map, codes) => {
            let missing: Vec<&str> = codes
                .iter()
                .copied()
                .filter(|c| !map.contains_key(*c))
                .collect();
            if !missing.is_empty() {
                warnings.push(missing_language(file, path, &missing, codes[0]));
            }
        }
        Value::Mapping(map) => {
            for (k, v) in map {
                path.push(Step::Key(key_text(k)));
                check_languages(file, v, codes, path, warnings);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                check_languages(file, v, codes, path, warnings);
                path.pop();
            }
        }
        _ => {}
    }
}

fn missing_language(file: &DataFile, path: &[Step], missing: &[&str], default: &str) -> Diagnostic {
    let (line, col) = path_position(&file.text, path).unwrap_or((1, 1));
    let dotted = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".");
    Diagnostic::warning(
        "data-language",
        Location::new(&file.source, line, col),
        format!(
            "localized value `{dotted}` has no {} text; the {default} text is used",
            missing.join(", ")
        ),
    )
    .with_hint(format!(
        "add `{}: …` beside the other languages",
        missing[0]
    ))
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// The data path of a file: `history/timeline.yaml` → `history/timeline`.
fn data_path(file: &DataFile) -> &str {
    file.rel
        .rsplit_once('.')
        .map_or(file.rel.as_str(), |(s, _)| s)
}

/// A data path may not be both a file and a folder, nor two files: the files that can be
/// used, and an error for each that cannot.
fn check_names(files: &[DataFile]) -> (Vec<&DataFile>, Vec<Diagnostic>) {
    let names: std::collections::HashSet<&str> = files.iter().map(data_path).collect();
    let mut seen = std::collections::HashSet::new();
    let mut usable = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        let path = data_path(file);
        let parent_is_file = std::iter::successors(path.rsplit_once('/').map(|(p, _)| p), |p| {
            p.rsplit_once('/').map(|(q, _)| q)
        })
        .find(|p| names.contains(p));
        if let Some(parent) = parent_is_file {
            errors.push(clash(file, parent));
        } else if !seen.insert(path) {
            errors.push(clash(file, path));
        } else {
            usable.push(file);
        }
    }
    (usable, errors)
}

/// Puts `value` at the file's data path (`history/timeline.yaml` → history → timeline).
/// [`check_names`] made sure the path is free.
fn insert(root: &mut Mapping, file: &DataFile, value: Value) {
    let segments: Vec<&str> = data_path(file).split('/').collect();
    let (last, parents) = segments.split_last().expect("a file has a name");
    let mut node = root;
    for seg in parents {
        let entry = node
            .entry(Value::String((*seg).to_string()))
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        let Value::Mapping(m) = entry else {
            unreachable!("check_names keeps files and folders apart")
        };
        node = m;
    }
    node.insert(Value::String((*last).to_string()), value);
}

fn clash(file: &DataFile, name: &str) -> Diagnostic {
    Diagnostic::error(
        "data",
        Location::file_start(&file.source),
        format!(
            "data name `{name}` is used twice (a data file and a folder, or `.yaml` and `.yml`)"
        ),
    )
    .with_hint("rename the file or the folder so each `data.<path>` is unique")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> DataFile {
        DataFile {
            source: format!("content/{rel}").into(),
            rel: rel.into(),
            text: text.into(),
            value: serde_yaml::from_str(text).unwrap(),
        }
    }

    fn config() -> Config {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: t\nbase_url: https://x.org/\nlanguages:\n  - { code: zh, locale: zh-CN, name: 中文 }\n  - { code: en, locale: en, name: English }\n",
        )
        .unwrap();
        Config::load(dir.path()).unwrap()
    }

    #[test]
    fn resolves_localized_values_per_language() {
        let f = file(
            "history/timeline.yaml",
            "events:\n  - year: \"1995\"\n    title: { zh: 创办, en: Founded }\n  - year: \"2000\"\n    title:\n      zh: 地方管理\n",
        );
        let (data, warnings) = resolve(&config(), &[f]);
        let en = &data.per_language[1];
        let events = en.get_from_path("history.timeline.events").unwrap();
        let first = &events.as_array().unwrap()[0];
        assert_eq!(
            first.get_from_path("title").unwrap().as_str(),
            Some("Founded")
        );
        let second = &events.as_array().unwrap()[1];
        assert_eq!(
            second.get_from_path("title").unwrap().as_str(),
            Some("地方管理")
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location.line, 5);
        assert!(warnings[0].message.contains("no en text"));
    }

    #[test]
    fn a_file_and_a_folder_of_one_name_clash() {
        let a = file("history.yaml", "x: 1\n");
        let b = file("history/timeline.yaml", "y: 2\n");
        let (_, errors) = resolve(&config(), &[a, b]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].is_error());
    }
}
