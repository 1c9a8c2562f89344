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
    dates: crate::date_format::DateFormats,
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
        // A cycle was reported once, at its place in the .ftl file, when the files loaded.
        errors.retain(|e| {
            !matches!(
                e,
                fluent::FluentError::ResolverError(fluent::resolver::ResolverError::Cyclic)
            )
        });
        if errors.is_empty() {
            Ok((text.into_owned(), fell_back))
        } else {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            Err(LookupError::Format(list.join("; ")))
        }
    }

    /// `date` formatted in `lang`'s locale: `2026年3月1日`, `March 1, 2026`.
    pub fn format_date(
        &self,
        lang: usize,
        date: crate::date::PageDate,
        format: crate::date_format::Format,
    ) -> String {
        self.bundles[lang].dates.format(date, format)
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
    let mut graph = References::default();
    for file in files {
        let path = file.path.clone();
        let mut text = crate::content::decode_utf8(&path, file.bytes.to_vec())?;
        // Editors on Windows save a byte order mark; it is not part of the first message.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let index = LineIndex::new(&text);
        let (shallow, refusals) = refuse_entries(&text);
        errors.extend(
            refusals
                .into_iter()
                .map(|r| refused(&path, &text, &index, r)),
        );
        let resource =
            FluentResource::try_new(shallow).unwrap_or_else(|(partial, parse_errors)| {
                errors.extend(
                    parse_errors
                        .iter()
                        .map(|e| syntax_error(&path, &text, &index, e)),
                );
                partial
            });
        let lines = definition_lines(&text);
        graph.add(&resource, &path, &lines);
        let mut seen = BTreeMap::<String, usize>::new();
        for (id, vars) in message_variables(&resource) {
            let nth = seen.entry(id.clone()).or_default();
            let (line, col) = nth_definition(&lines, &id, *nth);
            *nth += 1;
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
    errors.extend(graph.cycles());
    let numbers = number_formatter(&langid, true).map_err(|e| {
        Diagnostic::error(
            "config",
            Location::file_start(dir),
            format!("no number format for locale `{locale}`: {e}"),
        )
        .with_hint("use a locale such as `zh-CN` or `en` in site.yaml")
    })?;
    let dates = crate::date_format::DateFormats::new(locale).map_err(|e| {
        Diagnostic::error(
            "config",
            Location::file_start(dir),
            format!("no date format for locale `{locale}`: {e}"),
        )
        .with_hint("use a locale such as `zh-CN` or `en` in site.yaml")
    })?;
    let bundle = Bundle {
        bundle,
        numbers,
        dates,
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

/// The 1-based lines where each `id` (a message, or a term as `-id`) is defined, in order.
fn definition_lines(text: &str) -> BTreeMap<&str, Vec<usize>> {
    let mut lines = BTreeMap::<&str, Vec<usize>>::new();
    for (i, line) in text.lines().enumerate() {
        if let Some((name, _)) = line.split_once('=')
            && starts_definition(line)
        {
            lines.entry(name.trim_end()).or_default().push(i + 1);
        }
    }
    lines
}

/// The place of the `n`-th (0-based) definition of `id`.
fn nth_definition(lines: &BTreeMap<&str, Vec<usize>>, id: &str, n: usize) -> (usize, usize) {
    lines
        .get(id)
        .and_then(|l| l.get(n))
        .map_or((1, 1), |&line| (line, 1))
}

/// How deep placeables (`{ … }`) may nest. The Fluent parser and resolver recurse once per
/// level, so thousands of levels overflow the stack; real messages use two or three.
const MAX_DEPTH: usize = 100;

/// Why the parser is not given an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Placeables nest deeper than [`MAX_DEPTH`].
    TooDeep,
    /// `\u` or `\U` with too few hex digits before a non-ASCII character: fluent-syntax
    /// 0.12 slices that character in two and panics while reporting it.
    BadEscape,
}

/// Finds the entries the parser must not see: the offset of the first problem in each
/// and why, and the text with those entries blanked (same length and lines, so every
/// other offset still holds) for the parser.
///
/// The depth is an upper bound of the parser's: every `{` counts, a `}` inside a string
/// literal does not. It restarts where the parser always does: at a comment or a
/// `name =` line (in an expression a newline is blank, so other lines may continue it).
pub(crate) fn refuse_entries(text: &str) -> (String, Vec<(usize, Refused)>) {
    let mut out = text.as_bytes().to_vec();
    let mut found: Vec<(usize, Refused)> = Vec::new();
    let (mut depth, mut entry, mut line_start) = (0usize, 0usize, 0usize);
    let blank = |out: &mut Vec<u8>, range: std::ops::Range<usize>| {
        for b in &mut out[range] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    for line in text.split_inclusive('\n') {
        if line.starts_with('#') || starts_definition(line) {
            if found.last().is_some_and(|&(at, _)| at >= entry) {
                blank(&mut out, entry..line_start);
            }
            (depth, entry) = (0, line_start);
        }
        if !line.starts_with('#') {
            depth = scan_line(line, depth, |i, why| {
                if found.last().is_none_or(|&(at, _)| at < entry) {
                    found.push((line_start + i, why));
                }
            });
        }
        line_start += line.len();
    }
    if found.last().is_some_and(|&(at, _)| at >= entry) {
        blank(&mut out, entry..text.len());
    }
    let shallow = String::from_utf8(out).expect("only ASCII bytes of whole lines were replaced");
    (shallow, found)
}

/// The depth after `line`, starting at `depth`; calls `refuse` with the offset of each
/// `{` beyond [`MAX_DEPTH`] and of each escape the parser cannot take.
fn scan_line(line: &str, mut depth: usize, mut refuse: impl FnMut(usize, Refused)) -> usize {
    let bytes = line.as_bytes();
    let (mut in_string, mut escaped) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        // Escapes are read only in expressions (string literals); text keeps `\` as is.
        if b == b'\\' && depth > 0 && !escaped && breaks_parser(&bytes[i + 1..]) {
            refuse(i, Refused::BadEscape);
        }
        match b {
            b'\\' if in_string && !escaped => {
                escaped = true;
                continue;
            }
            b'"' if depth > 0 && !escaped => in_string = !in_string,
            b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    refuse(i, Refused::TooDeep);
                }
            }
            b'}' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
        escaped = false;
    }
    depth
}

/// Whether an escape whose letter starts `rest` (`u1F` …) has fewer hex digits than it
/// needs and a non-ASCII byte right after them.
fn breaks_parser(rest: &[u8]) -> bool {
    let length = match rest.first() {
        Some(b'u') => 4,
        Some(b'U') => 6,
        _ => return false,
    };
    let digits = rest[1..]
        .iter()
        .take(length)
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    digits < length && rest.get(1 + digits).is_some_and(|b| !b.is_ascii())
}

/// Whether `line` starts a message or term: `name =` or `-name =` at column 1.
fn starts_definition(line: &str) -> bool {
    let name = line.strip_prefix('-').unwrap_or(line);
    let len = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(name.len());
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name[len..].trim_start_matches([' ', '\t']).starts_with('=')
}

fn refused(
    path: &Path,
    text: &str,
    index: &LineIndex,
    (offset, why): (usize, Refused),
) -> Diagnostic {
    let (line, col) = index.locate(text, offset);
    let at = Location::new(path, line, col);
    match why {
        Refused::TooDeep => Diagnostic::error(
            "fluent",
            at,
            format!(
                "placeables (`{{ … }}`) nest more than {MAX_DEPTH} deep here; this message is left out"
            ),
        )
        .with_hint("close each `{` with `}` before opening the next; a message needs only a few levels"),
        Refused::BadEscape => Diagnostic::error(
            "fluent",
            at,
            "invalid escape: `\\u` takes 4 hex digits and `\\U` 6; this message is left out",
        )
        .with_hint("write the character itself, or its code in full: `\\u00E9`, `\\U01F600`"),
    }
}

/// The messages and terms of a language and the ones each refers to, to find cycles
/// before a template meets them (once per page).
#[derive(Default)]
struct References {
    /// `id` or `-term`, in the order they are defined; the first definition wins.
    names: Vec<String>,
    index: BTreeMap<String, usize>,
    refs: Vec<Vec<String>>,
    at: Vec<Location>,
}

impl References {
    fn add(&mut self, resource: &FluentResource, path: &Path, lines: &BTreeMap<&str, Vec<usize>>) {
        use fluent_syntax::ast::Entry;
        for entry in resource.entries() {
            let (name, value, attributes) = match entry {
                Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
                Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
                _ => continue,
            };
            if self.index.contains_key(&name) {
                continue;
            }
            let mut refs = Vec::new();
            for pattern in value.into_iter().chain(attributes.iter().map(|a| &a.value)) {
                pattern_refs(pattern, &mut refs);
            }
            let (line, col) = nth_definition(lines, &name, 0);
            self.index.insert(name.clone(), self.names.len());
            self.names.push(name);
            self.refs.push(refs);
            self.at.push(Location::new(path, line, col));
        }
    }

    /// One error per cycle, at its first member (iterative: chains can be long).
    fn cycles(&self) -> Vec<Diagnostic> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let edges: Vec<Vec<usize>> = self
            .refs
            .iter()
            .map(|r| {
                r.iter()
                    .filter_map(|n| self.index.get(n).copied())
                    .collect()
            })
            .collect();
        let mut mark = vec![Mark::New; self.names.len()];
        let mut out = Vec::new();
        for root in 0..self.names.len() {
            if mark[root] != Mark::New {
                continue;
            }
            let mut stack = vec![(root, 0)];
            mark[root] = Mark::Open;
            while let Some((node, next)) = stack.last_mut() {
                let (node, edge) = (*node, *next);
                *next += 1;
                match edges[node].get(edge) {
                    None => {
                        mark[node] = Mark::Done;
                        stack.pop();
                    }
                    Some(&to) if mark[to] == Mark::New => {
                        mark[to] = Mark::Open;
                        stack.push((to, 0));
                    }
                    Some(&to) if mark[to] == Mark::Open => {
                        let from = stack.iter().position(|&(n, _)| n == to).unwrap_or(0);
                        let members: Vec<usize> = stack[from..].iter().map(|&(n, _)| n).collect();
                        out.push(self.cycle(&members));
                    }
                    Some(_) => {}
                }
            }
        }
        out
    }

    fn cycle(&self, members: &[usize]) -> Diagnostic {
        // Start the chain at the member defined first, where the reader will look.
        let first = (0..members.len())
            .min_by_key(|&i| &self.at[members[i]])
            .unwrap_or(0);
        let chain: Vec<&str> = (0..=members.len())
            .map(|k| self.names[members[(first + k) % members.len()]].as_str())
            .collect();
        let name = chain[0];
        let what = if name.starts_with('-') {
            "term"
        } else {
            "message"
        };
        Diagnostic::error(
            "fluent",
            self.at[members[first]].clone(),
            format!("{what} `{name}` refers to itself: {}", chain.join(" → ")),
        )
        .with_hint("a message cannot use itself, directly or through others; write the text out in one of them")
    }
}

fn pattern_refs(pattern: &fluent_syntax::ast::Pattern<&str>, refs: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, PatternElement};
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            match expression {
                Expression::Select { selector, variants } => {
                    inline_refs(selector, refs);
                    for v in variants {
                        pattern_refs(&v.value, refs);
                    }
                }
                Expression::Inline(inline) => inline_refs(inline, refs),
            }
        }
    }
}

fn inline_refs(inline: &fluent_syntax::ast::InlineExpression<&str>, refs: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression};
    let args = match inline {
        InlineExpression::MessageReference { id, .. } => {
            refs.push(id.name.to_string());
            None
        }
        InlineExpression::TermReference { id, arguments, .. } => {
            refs.push(format!("-{}", id.name));
            arguments.as_ref()
        }
        InlineExpression::FunctionReference { arguments, .. } => Some(arguments),
        InlineExpression::Placeable { expression } => {
            match expression.as_ref() {
                Expression::Inline(inner) => inline_refs(inner, refs),
                Expression::Select { selector, variants } => {
                    inline_refs(selector, refs);
                    for v in variants {
                        pattern_refs(&v.value, refs);
                    }
                }
            }
            None
        }
        _ => None,
    };
    for a in args
        .into_iter()
        .flat_map(|a| a.positional.iter().chain(a.named.iter().map(|n| &n.value)))
    {
        inline_refs(a, refs);
    }
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

/// The most fraction digits `NUMBER()` gives.
const MAX_FRACTION_DIGITS: usize = 100;

/// Fluent's number formatter: ICU4X grouping and fraction digits.
fn format_value(value: &FluentValue, memoizer: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let mut decimal = Decimal::try_from_f64(number.value, FloatPrecision::RoundTrip).ok()?;
    // ECMA-402 allows 0 to 100 fraction digits; a bigger count (or one that wraps an
    // `i16`, like 32768) must not overflow.
    let digits = |n: usize| -(n.min(MAX_FRACTION_DIGITS) as i16);
    if let Some(max) = number.options.maximum_fraction_digits {
        decimal.round(digits(max));
        // Rounding pads to the position; "at most" keeps no trailing zeros.
        decimal.absolute.trim_end();
    }
    if let Some(min) = number.options.minimum_fraction_digits {
        decimal.absolute.pad_end(digits(min));
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

    #[test]
    fn a_byte_order_mark_is_not_a_syntax_error() {
        let (_d, l) = locales("\u{feff}ok = 好\n", "\u{feff}# comment\nok = ok\n");
        let (l, errors) = l.unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(l.format(0, "ok", &FluentArgs::new()).unwrap().0, "好");
        assert_eq!(l.bundle(0).keys["ok"].line, 1);
    }

    #[test]
    fn deep_placeables_are_refused_not_a_stack_overflow() {
        let deep = format!("ok = 好\ndeep = {}\nnext = 下\n", "{ ".repeat(5000));
        let (_d, l) = locales(&deep, "ok = ok\n");
        let (l, errors) = l.unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let d = &errors[0];
        assert_eq!(
            (d.location.line, d.location.col),
            (2, 8 + 2 * MAX_DEPTH),
            "{d}"
        );
        assert!(d.message.contains("nest more than 100 deep"), "{d}");
        assert!(l.has(0, "ok") && l.has(0, "next") && !l.has(0, "deep"));
    }

    #[test]
    fn placeables_at_the_depth_limit_still_work() {
        let nested = |n: usize| format!("{}\"x\"{}", "{ ".repeat(n), " }".repeat(n));
        let text = format!("ok = {}\n", nested(MAX_DEPTH));
        let (_d, l) = locales(&text, "ok = ok\n");
        let (l, errors) = l.unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(l.format(0, "ok", &FluentArgs::new()).unwrap().0, "x");
        // Braces in string literals and comments do not count; a new message starts afresh.
        let text = format!(
            "# {}\na = {{ \"}}}}\" }} {}\nb = {}\n",
            "{".repeat(500),
            nested(99),
            nested(99)
        );
        let (_d, l) = locales(&text, "ok = ok\n");
        assert!(l.unwrap().1.is_empty());
    }

    #[test]
    fn a_short_escape_before_a_non_ascii_character_is_refused_not_a_panic() {
        let text = "ok = 好\nbad = { \"\\u12中\" }\nbig = { \"\\U\u{feff}\" }\ntext = C:\\u中 { \"\\u00E9\" }\n";
        let (_d, l) = locales(text, "ok = ok\n");
        let (l, errors) = l.unwrap();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((errors[0].location.line, errors[0].location.col), (2, 10));
        assert!(
            errors[0].message.contains("invalid escape"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[1].location.line, 3);
        assert!(l.has(0, "ok") && !l.has(0, "bad") && !l.has(0, "big"));
        // In text a backslash is just a character; a full escape is fine.
        assert_eq!(
            l.format(0, "text", &FluentArgs::new()).unwrap().0,
            "C:\\u中 é"
        );
    }

    #[test]
    fn a_cycle_is_reported_once_at_its_first_message() {
        let (_d, l) = locales(
            "ok = 好\nuses = { a }\n\na = x { b }\nb = { -t }\n-t = { a }\nself = { self }\n",
            "ok = ok\n",
        );
        let (l, errors) = l.unwrap();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].location.line, 4, "{}", errors[0]);
        assert!(
            errors[0]
                .message
                .contains("`a` refers to itself: a → b → -t → a"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[1].location.line, 7, "{}", errors[1]);
        assert!(errors[1].message.contains("self → self"), "{}", errors[1]);
        // Already reported: formatting gives the partial text, not one error per page.
        assert!(l.format(0, "uses", &FluentArgs::new()).is_ok());
    }

    #[test]
    fn a_long_chain_of_references_is_no_cycle() {
        let mut text: String = (0..5000)
            .map(|i| format!("m{i} = {{ m{} }}\n", i + 1))
            .collect();
        text.push_str("m5000 = end\n");
        let (_d, l) = locales(&text, "ok = ok\n");
        assert!(l.unwrap().1.is_empty());
    }

    #[test]
    fn a_second_definition_is_located_at_itself() {
        let (_d, l) = locales("a = 1\nb = 2\na = 3\n", "ok = ok\n");
        let (_, errors) = l.unwrap();
        assert_eq!(errors[0].location.line, 3);
        assert_eq!(errors[0].notes[0].0.line, 1);
    }

    #[test]
    fn huge_fraction_digit_counts_do_not_overflow() {
        let (_d, l) = locales(
            "ok = 好\n",
            "max = { NUMBER($count, maximumFractionDigits: 32768) }\nmin = { NUMBER($count, minimumFractionDigits: 32768) }\n",
        );
        let (l, errors) = l.unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(l.format(1, "max", &args(1.5)).unwrap().0, "1.5");
        assert_eq!(l.format(1, "max", &args(2.0)).unwrap().0, "2");
        let min = l.format(1, "min", &args(1.5)).unwrap().0;
        assert_eq!(min.len(), "1.".len() + MAX_FRACTION_DIGITS, "{min}");
    }
}
