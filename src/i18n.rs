//! UI strings: `locales/<code>/*.ftl` through Fluent, numbers through ICU4X.
//!
//! One concurrent bundle per site language, built once and shared by every render thread.
//! Isolation marks are off (HTML, no right-to-left text); numbers are formatted per locale
//! with grouping; a key missing in a language falls back to the default language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fixed_decimal::{Decimal, FloatPrecision};
use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use icu_decimal::DecimalFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use intl_memoizer::Memoizable;
use intl_memoizer::concurrent::IntlLangMemoizer;
use unic_langid::LanguageIdentifier;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, LineIndex, Location, Result};
use crate::inputs::{InputFile, Inputs, Root};

/// One language's strings.
pub struct Bundle {
    bundle: FluentBundle<FluentResource>,
    numbers: DecimalFormatter,
    /// Message id → where it is defined.
    pub keys: BTreeMap<String, Location>,
    /// Message id → the variables (`$name`) it uses.
    pub variables: BTreeMap<String, BTreeSet<String>>,
}

/// The strings of every site language, in the site's language order.
pub struct Locales {
    bundles: Vec<Bundle>,
}

/// Why a string could not be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No language defines the key.
    Missing,
    /// The message exists but formatting failed (a missing variable, say).
    Format(String),
}

impl Locales {
    /// Reads and parses `locales/<code>/*.ftl` for every language of the site. Syntax
    /// errors are reported; the good messages of a broken file are still loaded.
    pub fn load(config: &Config, inputs: &Inputs) -> Result<(Locales, Vec<Diagnostic>)> {
        let mut errors = Vec::new();
        let mut bundles = Vec::new();
        for lang in &config.languages {
            let dir = config.root.join("locales").join(&lang.code);
            let files = ftl_files(inputs, &lang.code);
            let (bundle, mut ds) = load_bundle(&dir, &files, &lang.locale)?;
            bundles.push(bundle);
            errors.append(&mut ds);
        }
        Ok((Locales { bundles }, errors))
    }

    /// The bundle of language `lang`.
    pub fn bundle(&self, lang: usize) -> &Bundle {
        &self.bundles[lang]
    }

    /// Whether language `lang` defines `key` (`id` or `id.attribute`).
    pub fn has(&self, lang: usize, key: &str) -> bool {
        let (id, attr) = split_key(key);
        self.bundles[lang]
            .bundle
            .get_message(id)
            .is_some_and(|m| match attr {
                Some(a) => m.get_attribute(a).is_some(),
                None => m.value().is_some(),
            })
    }

    /// The string for `key` in `lang` (falling back to the default language), and whether
    /// it fell back.
    pub fn format(
        &self,
        lang: usize,
        key: &str,
        args: &FluentArgs,
    ) -> std::result::Result<(String, bool), LookupError> {
        let (found, fell_back) = if self.has(lang, key) {
            (lang, false)
        } else if self.has(0, key) {
            (0, true)
        } else {
            return Err(LookupError::Missing);
        };
        let bundle = &self.bundles[found].bundle;
        let (id, attr) = split_key(key);
        let message = bundle.get_message(id).expect("checked by has()");
        let pattern = match attr {
            Some(a) => message.get_attribute(a).expect("checked").value(),
            None => message.value().expect("checked"),
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(args), &mut errors);
        if errors.is_empty() {
            Ok((text.into_owned(), fell_back))
        } else {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            Err(LookupError::Format(list.join("; ")))
        }
    }

    /// `value` formatted in `lang`'s locale, with grouping: `2,664`.
    pub fn format_number(&self, lang: usize, value: f64) -> String {
        // Whole numbers convert directly; others go through their shortest decimal form.
        let decimal = if value.fract() == 0.0 && value.abs() < 9.0e15 {
            Ok(Decimal::from(value as i64))
        } else {
            Decimal::try_from_f64(value, FloatPrecision::RoundTrip)
        };
        decimal
            .map(|d| self.bundles[lang].numbers.format_to_string(&d))
            .unwrap_or_else(|_| value.to_string())
    }
}

/// `brand.title` → (`brand`, Some(`title`)).
fn split_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    }
}

fn load_bundle(
    dir: &Path,
    files: &[&InputFile],
    locale: &str,
) -> Result<(Bundle, Vec<Diagnostic>)> {
    let langid: LanguageIdentifier = locale.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid.clone()]);
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(format_value));
    bundle
        .add_builtins()
        .expect("a new bundle has no functions yet");
    let mut keys = BTreeMap::new();
    let mut variables = BTreeMap::new();
    let mut errors = Vec::new();
    for file in files {
        let path = file.path.clone();
        let text = crate::content::decode_utf8(&path, file.bytes.to_vec())?;
        let index = LineIndex::new(&text);
        let resource =
            FluentResource::try_new(text.clone()).unwrap_or_else(|(partial, parse_errors)| {
                errors.extend(
                    parse_errors
                        .iter()
                        .map(|e| syntax_error(&path, &text, &index, e)),
                );
                partial
            });
        for (id, vars) in message_variables(&resource) {
            let (line, col) = definition_position(&text, &id);
            let here = Location::new(&path, line, col);
            if let Some(first) = keys.get(&id) {
                errors.push(
                    Diagnostic::error("fluent", here, format!("message `{id}` is defined twice"))
                        .with_note(Location::clone(first), "first defined here")
                        .with_hint("keep one definition"),
                );
            } else {
                keys.insert(id.clone(), here);
                variables.insert(id, vars);
            }
        }
        // Duplicates were reported above; the first definition wins.
        let _ = bundle.add_resource(resource);
    }
    let numbers = number_formatter(&langid, true).map_err(|e| {
        Diagnostic::error(
            "config",
            Location::file_start(dir),
            format!("no number format for locale `{locale}`: {e}"),
        )
        .with_hint("use a locale such as `zh-CN` or `en` in site.yaml")
    })?;
    let bundle = Bundle {
        bundle,
        numbers,
        keys,
        variables,
    };
    Ok((bundle, errors))
}

/// The `.ftl` files of a locale folder (`locales/<code>/*.ftl`), sorted.
fn ftl_files<'a>(inputs: &'a Inputs, code: &str) -> Vec<&'a InputFile> {
    inputs
        .files(Root::Locales)
        .iter()
        .filter(|f| {
            f.rel
                .strip_prefix(code)
                .and_then(|r| r.strip_prefix('/'))
                .is_some_and(|name| !name.contains('/') && name.ends_with(".ftl"))
        })
        .collect()
}

/// The messages (not terms) of a resource, with the variables each uses.
pub fn message_variables(resource: &FluentResource) -> Vec<(String, BTreeSet<String>)> {
    use fluent_syntax::ast::Entry;
    resource
        .entries()
        .filter_map(|e| match e {
            Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_variables(p, &mut vars);
                }
                for a in &m.attributes {
                    pattern_variables(&a.value, &mut vars);
                }
                Some((m.id.name.to_string(), vars))
            }
            _ => None,
        })
        .collect()
}

fn pattern_variables(pattern: &fluent_syntax::ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    use fluent_syntax::ast::PatternElement;
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, vars);
        }
    }
}

fn expression_variables(
    expression: &fluent_syntax::ast::Expression<&str>,
    vars: &mut BTreeSet<String>,
) {
    use fluent_syntax::ast::Expression;
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, vars);
            for v in variants {
                pattern_variables(&v.value, vars);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, vars),
    }
}

fn inline_variables(
    inline: &fluent_syntax::ast::InlineExpression<&str>,
    vars: &mut BTreeSet<String>,
) {
    use fluent_syntax::ast::InlineExpression;
    match inline {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_variables(a, vars);
            }
            for a in &arguments.named {
                inline_variables(&a.value, vars);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, vars),
        _ => {}
    }
}

fn definition_position(text: &str, id: &str) -> (usize, usize) {
    text.lines()
        .position(|l| {
            l.strip_prefix(id)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or((1, 1), |i| (i + 1, 1))
}

fn syntax_error(
    path: &Path,
    text: &str,
    index: &LineIndex,
    err: &fluent_syntax::parser::ParserError,
) -> Diagnostic {
    // The slice is the broken entry; its first non-blank character is where the reader looks.
    let start = err.slice.as_ref().map_or(err.pos.start, |s| {
        let skipped = text[s.start..s.end.min(text.len())]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(0);
        s.start + skipped
    });
    let (line, col) = index.locate(text, start);
    Diagnostic::error(
        "fluent",
        Location::new(path, line, col),
        format!("Fluent syntax error: {}", err.kind),
    )
    .with_hint(
        "write messages as `key = text`, variables as `{ $name }`, close every `{`, and give every selector a `*[other]` default",
    )
}

/// An ICU4X decimal formatter, memoized per bundle locale by Fluent.
struct IcuNumbers(DecimalFormatter);

impl Memoizable for IcuNumbers {
    type Args = (bool,);
    type Error = String;

    fn construct(lang: LanguageIdentifier, args: Self::Args) -> std::result::Result<Self, String> {
        number_formatter(&lang, args.0).map(IcuNumbers)
    }
}

fn number_formatter(
    lang: &LanguageIdentifier,
    grouping: bool,
) -> std::result::Result<DecimalFormatter, String> {
    let locale: icu_locale_core::Locale = lang.to_string().parse().map_err(|e| format!("{e:?}"))?;
    let mut options = DecimalFormatterOptions::default();
    options.grouping_strategy = Some(if grouping {
        GroupingStrategy::Auto
    } else {
        GroupingStrategy::Never
    });
    DecimalFormatter::try_new((&locale).into(), options).map_err(|e| e.to_string())
}

/// Fluent's number formatter: ICU4X grouping and fraction digits.
fn format_value(value: &FluentValue, memoizer: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let mut decimal = Decimal::try_from_f64(number.value, FloatPrecision::RoundTrip).ok()?;
    if let Some(max) = number.options.maximum_fraction_digits {
        decimal.round(-(max as i16));
    }
    if let Some(min) = number.options.minimum_fraction_digits {
        decimal.absolute.pad_end(-(min as i16));
    }
    let grouping = number.options.use_grouping;
    memoizer
        .with_try_get::<IcuNumbers, _, _>((grouping,), |f| f.0.format_to_string(&decimal))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales(zh: &str, en: &str) -> (tempfile::TempDir, Result<(Locales, Vec<Diagnostic>)>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: t\nbase_url: https://x.org/\nlanguages:\n  - { code: zh, locale: zh-CN, name: 中文 }\n  - { code: en, locale: en, name: English }\n",
        )
        .unwrap();
        for (code, text) in [("zh", zh), ("en", en)] {
            let d = dir.path().join("locales").join(code);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("main.ftl"), text).unwrap();
        }
        let config = Config::load(dir.path()).unwrap();
        let inputs = Inputs::scan(&config).unwrap();
        let locales = Locales::load(&config, &inputs);
        (dir, locales)
    }

    fn args(n: f64) -> FluentArgs<'static> {
        let mut a = FluentArgs::new();
        a.set("count", n);
        a
    }

    #[test]
    fn numbers_group_and_plurals_pick_by_number() {
        let (_d, l) = locales(
            "students = 共有 { $count } 名学生\n",
            "students = { $count ->\n    [one] { $count } student\n   *[other] { $count } students\n}\n",
        );
        let (l, errors) = l.unwrap();
        assert!(errors.is_empty());
        assert_eq!(
            l.format(1, "students", &args(2664.0)).unwrap().0,
            "2,664 students"
        );
        assert_eq!(l.format(1, "students", &args(1.0)).unwrap().0, "1 student");
        assert_eq!(
            l.format(0, "students", &args(2664.0)).unwrap().0,
            "共有 2,664 名学生"
        );
        assert_eq!(l.format_number(0, 2664.0), "2,664");
    }

    #[test]
    fn falls_back_to_the_default_language() {
        let (_d, l) = locales("only-zh = 只有中文\n", "other = x\n");
        let (l, _) = l.unwrap();
        assert_eq!(
            l.format(1, "only-zh", &FluentArgs::new()).unwrap(),
            ("只有中文".into(), true)
        );
        assert_eq!(
            l.format(1, "nope", &FluentArgs::new()),
            Err(LookupError::Missing)
        );
    }

    #[test]
    fn variables_are_collected() {
        let (_d, l) = locales(
            "students = 共有 { $count } 名学生\n",
            "students = { $count ->\n    [one] { $count } student\n   *[other] { NUMBER($n) } students\n}\n",
        );
        let (l, _) = l.unwrap();
        let en: Vec<&String> = l.bundle(1).variables["students"].iter().collect();
        assert_eq!(en, ["count", "n"]);
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let (_d, l) = locales("ok = 好\nbad = { $x\nnext = 下\n", "ok = ok\n");
        let (l, errors) = l.unwrap();
        assert_eq!(errors[0].location.line, 2, "{}", errors[0]);
        assert!(l.has(0, "next"), "the good messages are kept");
    }
}
