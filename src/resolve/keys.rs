//! The `t(key="…")` calls written in templates, checked against the locales before any
//! page renders: a key no language has is an error at the call, a key some language
//! lacks is a warning (that language falls back to the default one).

use crate::config::Config;
use crate::diagnostic::{Diagnostic, LineIndex, Location};
use crate::i18n::Locales;
use crate::templates::Sources;

/// A literal key used in a template, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUse {
    pub key: String,
    pub location: Location,
}

/// Every `t(key="…")` with a literal key, in template order.
pub fn key_uses(sources: &Sources) -> Vec<KeyUse> {
    let mut uses = Vec::new();
    for source in sources.templates.values() {
        let index = LineIndex::new(&source.text);
        for (offset, key) in literal_keys(&source.text) {
            let (line, col) = index.locate(&source.text, offset);
            uses.push(KeyUse {
                key,
                location: Location::new(&source.path, line, col),
            });
        }
    }
    uses
}

/// (offset of `t(`, key) for each `t(… key="…" …)` in `text`.
fn literal_keys(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("t(") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let call = &text[at + 2..];
        let end = call.find(')').unwrap_or(call.len());
        let args = &call[..end];
        let Some(k) = args.find("key") else { continue };
        let rest = args[k + 3..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(close) = rest[1..].find(quote) {
            found.push((at, rest[1..1 + close].to_string()));
        }
    }
    found
}

/// Prefixes of keys built at render time: `t(key="figure-" ~ f.id)` uses `figure-…`.
pub fn dynamic_key_prefixes(sources: &Sources) -> Vec<String> {
    let mut prefixes = Vec::new();
    for source in sources.templates.values() {
        let mut rest = source.text.as_str();
        while let Some(i) = rest.find("key=") {
            rest = &rest[i + 4..];
            let arg = rest.trim_start();
            let Some(quote) = arg.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(end) = arg[1..].find(quote) else {
                continue;
            };
            let after = arg[1 + end + 1..].trim_start();
            if after.starts_with('~') {
                prefixes.push(arg[1..1 + end].to_string());
            }
        }
    }
    prefixes
}

/// Errors for keys no language defines, warnings for keys a language lacks.
pub fn check(sources: &Sources, locales: &Locales, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let codes = config.language_codes();
    for KeyUse { key, location } in key_uses(sources) {
        let missing: Vec<&str> = (0..codes.len())
            .filter(|&l| !locales.has(l, &key))
            .map(|l| codes[l])
            .collect();
        if missing.len() == codes.len() {
            out.push(
                Diagnostic::error(
                    "missing-key",
                    location,
                    format!("translation key `{key}` is not defined in any locale"),
                )
                .with_hint(format!(
                    "add `{key} = …` to locales/{}/*.ftl (every language), or fix the key's spelling",
                    codes[0]
                )),
            );
        } else if !missing.is_empty() {
            out.push(
                Diagnostic::warning(
                    "missing-key",
                    location,
                    format!(
                        "translation key `{key}` is missing in {}; the {} text is used there",
                        missing.join(", "),
                        codes[0]
                    ),
                )
                .with_hint(format!("add `{key} = …` to locales/{}/*.ftl", missing[0])),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_keys() {
        let text =
            r#"{{ t(key="a") }} {{ t( count=2, key = 'b') }} {{ at(key="no") }} {{ t(key=x) }}"#;
        let keys: Vec<String> = literal_keys(text).into_iter().map(|(_, k)| k).collect();
        assert_eq!(keys, ["a", "b"]);
    }
}
