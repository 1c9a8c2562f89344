//! `brochure check`: every problem of the site in one run, each with its place and a fix.
//!
//! It runs the same stages as `build` (rendering every page into nothing, to find template
//! errors) and adds what only a checker looks for: pages missing a translation, Fluent keys
//! missing or unused per locale, messages whose variables differ between locales, and
//! images without alt text.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Failure, Result, Severity};
use crate::output::{Discard, KINDS};
use crate::pipeline::{self, Prepared};
use crate::resolve::keys::{dynamic_key_prefixes, key_uses};

/// Every problem of the site at `site`, sorted by place. Only a site that cannot be read
/// at all is an `Err`.
pub fn check(site: &Path) -> Result<Vec<Diagnostic>> {
    // A panic while loading or resolving (a bug) is an error, not an abort.
    let prepared = crate::render::guard(&site.join("site.yaml"), || {
        pipeline::prepare_site(site, pipeline::Options::default())
    })?;
    let mut diagnostics = prepared.site.diagnostics.clone();
    diagnostics.extend(locale_keys(&prepared));
    diagnostics.extend(placeholder_base_url(&prepared.site.config));
    diagnostics.extend(variable_mismatches(&prepared));
    if let Err(Failure(mut errors)) = pipeline::run(&prepared, KINDS, &Discard) {
        diagnostics.append(&mut errors);
    }
    diagnostics.sort_by(|a, b| {
        a.location
            .cmp(&b.location)
            .then_with(|| b.severity.cmp(&a.severity))
            .then_with(|| a.message.cmp(&b.message))
    });
    diagnostics.dedup();
    Ok(diagnostics)
}

/// `base_url` still at a placeholder domain (`example.org`, `example.edu.cn`, `….test`): the
/// sitemap, canonical links, share cards and the PDFs' QR code would point nowhere.
fn placeholder_base_url(config: &crate::config::Config) -> Option<Diagnostic> {
    let url = url::Url::parse(&config.base_url).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let reserved_tld = ["example", "test", "invalid", "localhost"];
    let placeholder =
        labels.contains(&"example") || labels.last().is_some_and(|tld| reserved_tld.contains(tld));
    if !placeholder {
        return None;
    }
    let path = config.root.join("site.yaml");
    let (line, col) = crate::yaml::key_position(&config.text, "base_url").unwrap_or((1, 1));
    Some(
        Diagnostic::warning(
            "placeholder-base-url",
            crate::diagnostic::Location::new(path, line, col),
            format!("base_url `{}` is a placeholder address", config.base_url),
        )
        .with_hint("set `base_url:` to the address the site is published at (such as `https://www.your-domain.edu.cn/intl/`): the sitemap, canonical links and the PDFs' QR code use it"),
    )
}

/// Keys a locale lacks that another has; keys no template uses.
fn locale_keys(prepared: &Prepared) -> Vec<Diagnostic> {
    let site = &prepared.site;
    let locales = &prepared.locales;
    let codes = site.config.language_codes();
    let all: BTreeSet<&String> = (0..codes.len())
        .flat_map(|l| locales.bundle(l).keys.keys())
        .collect();
    let used: BTreeSet<String> = key_uses(&prepared.sources)
        .into_iter()
        .map(|u| u.key)
        .collect();
    let dynamic = dynamic_key_prefixes(&prepared.sources);
    let mut out = Vec::new();
    for (l, code) in codes.iter().enumerate() {
        let keys = &locales.bundle(l).keys;
        for key in &all {
            if keys.contains_key(*key) {
                continue;
            }
            let (other, at) = (0..codes.len())
                .find_map(|o| locales.bundle(o).keys.get(*key).map(|at| (codes[o], at)))
                .expect("every key comes from some locale");
            out.push(
                Diagnostic::warning(
                    "missing-key",
                    at.clone(),
                    format!("message `{key}` is defined in {other} but not in {code}"),
                )
                .with_hint(format!("add `{key} = …` to locales/{code}/*.ftl")),
            );
        }
        for (key, at) in keys {
            let attr_used = used
                .iter()
                .any(|u| u.split('.').next() == Some(key.as_str()));
            if !attr_used
                && !dynamic
                    .iter()
                    .any(|prefix| key.starts_with(prefix.as_str()))
            {
                out.push(
                    Diagnostic::warning(
                        "unused-key",
                        at.clone(),
                        format!("message `{key}` ({code}) is not used by any template"),
                    )
                    .with_hint("remove it, or use it with `t(key=\"…\")` in a template"),
                );
            }
        }
    }
    out
}

/// Messages whose `$variables` differ between locales.
fn variable_mismatches(prepared: &Prepared) -> Vec<Diagnostic> {
    let site = &prepared.site;
    let locales = &prepared.locales;
    let codes = site.config.language_codes();
    let reference = locales.bundle(0);
    let mut out = Vec::new();
    for (l, code) in codes.iter().enumerate().skip(1) {
        let bundle = locales.bundle(l);
        for (key, vars) in &bundle.variables {
            let Some(expected) = reference.variables.get(key) else {
                continue;
            };
            if vars != expected {
                let list = |v: &BTreeSet<String>| {
                    v.iter()
                        .map(|x| format!("${x}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                out.push(
                    Diagnostic::warning(
                        "fluent-variables",
                        bundle.keys[key].clone(),
                        format!(
                            "message `{key}` uses {{{}}} in {code} but {{{}}} in {}",
                            list(vars),
                            list(expected),
                            codes[0]
                        ),
                    )
                    .with_hint("use the same variables in every language: templates pass the same arguments"),
                );
            }
        }
    }
    out
}

/// The report as one JSON document, for CI and editors.
#[derive(Serialize)]
pub struct Report<'a> {
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// One diagnostic in the JSON report.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: &'static str,
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
    pub hint: Option<&'a str>,
}

/// Builds the JSON report.
pub fn report(diagnostics: &[Diagnostic]) -> Report<'_> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    Report {
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                code: d.code,
                file: crate::diagnostic::display_path(&d.location.file),
                line: d.location.line,
                column: d.location.col,
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect(),
    }
}
