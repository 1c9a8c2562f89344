//! Templates: Tera 2 sources from `themes/<theme>/templates/`, overridden by the site's own
//! `templates/` folder, and Tera errors turned into located diagnostics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::inputs::{InputFile, Inputs, Root};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location, Result, display_path};

/// The templates a site renders with: name (`page.html`, `partials/nav.html`) → file.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub templates: BTreeMap<String, Source>,
}

/// One template file.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// The templates every theme needs.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "section.html",
    "page.html",
    "404.html",
    "landing.html",
];

impl Sources {
    /// Reads the theme's templates, then the site's `templates/` over them.
    pub fn load(config: &Config, inputs: &Inputs) -> Result<Sources> {
        let theme = config.theme_dir().join("templates");
        if !theme.is_dir() {
            return Err(Diagnostic::error(
                "theme",
                Location::file_start(config.root.join("site.yaml")),
                format!(
                    "theme `{}` has no templates folder at `{}`",
                    config.theme,
                    display_path(&theme)
                ),
            )
            .with_hint("set `theme:` in site.yaml to a folder under themes/ that has templates/")
            .into());
        }
        let mut templates = BTreeMap::new();
        read_files(inputs.files(Root::ThemeTemplates), &mut templates)?;
        read_files(inputs.files(Root::SiteTemplates), &mut templates)?;
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|t| !templates.contains_key(*t))
            .collect();
        if !missing.is_empty() {
            return Err(Diagnostic::error(
                "theme",
                Location::file_start(&theme),
                format!("the theme has no {}", missing.join(", ")),
            )
            .with_hint(
                "every theme needs index.html, section.html, page.html, 404.html and landing.html",
            )
            .into());
        }
        Ok(Sources { templates })
    }

    /// The file behind template `name`.
    pub fn path_of(&self, name: &str) -> Option<&Path> {
        self.templates.get(name).map(|s| s.path.as_path())
    }

    /// Turns a Tera error into diagnostics located in the template files.
    pub fn diagnostic(&self, err: &tera::Error, rendering: Option<&Path>) -> Diagnostic {
        let fallback = || {
            rendering
                .map(Location::file_start)
                .unwrap_or_else(|| Location::file_start("templates"))
        };
        match err.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let location = self.path_of(report.filename()).map_or_else(fallback, |p| {
                    let span = report.span();
                    Location::new(p, span.start_line, span.start_col + 1)
                });
                let kind = match err.kind() {
                    tera::ErrorKind::SyntaxError(_) => "template syntax error",
                    _ => "template error",
                };
                Diagnostic::error(
                    "template",
                    location,
                    format!("{kind}: {}", report.message()),
                )
                .with_hint(template_hint(report.message()))
            }
            tera::ErrorKind::MissingParent { current, parent } => {
                let location = self
                    .tag_location(current, "extends", parent)
                    .unwrap_or_else(fallback);
                Diagnostic::error(
                    "template",
                    location,
                    format!("`{current}` extends `{parent}`, which does not exist"),
                )
                .with_hint(format!(
                    "add {parent} to the theme, or fix the name in `{{% extends %}}`"
                ))
            }
            tera::ErrorKind::TemplateNotFound(name) => Diagnostic::error(
                "template",
                fallback(),
                format!("template `{name}` does not exist"),
            )
            .with_hint("check the name in `{% include %}` or `template:`"),
            tera::ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => {
                let chain = circle(inheritance_chain, tpl);
                let location = self
                    .tag_location(&chain[0], "extends", &chain[1])
                    .unwrap_or_else(fallback);
                Diagnostic::error(
                    "template",
                    location,
                    format!("templates extend each other in a circle: {}", chain.join(" → ")),
                )
                .with_hint("remove or change one `{% extends %}` so that the chain ends at a template that extends nothing (usually base.html)")
            }
            tera::ErrorKind::CircularInclude { tpl, include_chain } => {
                let chain = circle(include_chain, tpl);
                let location = self
                    .tag_location(&chain[0], "include", &chain[1])
                    .unwrap_or_else(fallback);
                Diagnostic::error(
                    "template",
                    location,
                    format!("templates include each other in a circle: {}", chain.join(" → ")),
                )
                .with_hint("remove one of these `{% include %}`s: an included template must not include its includer")
            }
            tera::ErrorKind::Msg(report) => match self.report_location(report) {
                Some((location, message)) => Diagnostic::error(
                    "template",
                    location,
                    format!("template error: {message}"),
                )
                .with_hint(if message.starts_with("Unknown template") {
                    "check the name in `{% include %}`: it is a path under the theme's templates/ (or the site's templates/)"
                } else {
                    "fix the template at this place (Tera 2 syntax)"
                }),
                None => Diagnostic::error("template", fallback(), format!("template error: {report}"))
                    .with_hint("see the Tera 2 documentation for the syntax"),
            },
            other => Diagnostic::error("template", fallback(), format!("template error: {other}"))
                .with_hint("see the Tera 2 documentation for the syntax"),
        }
    }

    /// Where template `name` has a `{% keyword "target" %}` tag: the tag's line and column.
    fn tag_location(&self, name: &str, keyword: &str, target: &str) -> Option<Location> {
        let source = self.templates.get(name)?;
        let quoted = [format!("\"{target}\""), format!("'{target}'")];
        let found = source.text.lines().enumerate().find_map(|(i, line)| {
            let at = line.find("{%")?;
            let tag = &line[at..];
            (tag.contains(keyword) && quoted.iter().any(|q| tag.contains(q.as_str())))
                .then(|| (i + 1, line[..at].chars().count() + 1))
        });
        let (line, col) = found.unwrap_or((1, 1));
        Some(Location::new(&source.path, line, col))
    }

    /// The place and message of a report Tera gives as text (`error: …` / ` --> name:l:c`),
    /// as it does for an `{% include %}` of a template that does not exist.
    fn report_location(&self, report: &str) -> Option<(Location, String)> {
        let message = report
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("error: "))
            .map(|m| m.trim_start_matches("error: ").to_string())?;
        let place = report
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "))?;
        let mut parts = place.trim().rsplitn(3, ':');
        let col: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        let path = self.path_of(parts.next()?)?;
        Some((Location::new(path, line, col), message))
    }
}

/// A circle of template names from Tera's chain: it starts and ends at the same name.
fn circle(chain: &[String], tpl: &str) -> Vec<String> {
    let mut names: Vec<String> = chain.to_vec();
    if names.first().map(String::as_str) != names.last().map(String::as_str) || names.len() < 2 {
        if names.is_empty() {
            names.push(tpl.to_string());
        }
        let first = names[0].clone();
        names.push(first);
    }
    names
}

fn template_hint(message: &str) -> &'static str {
    if message.contains("not defined") || message.contains("not found in context") {
        "this value is not in the context here: check the name, or guard it with `x is defined` / `x?.y`"
    } else if message.contains("translation key") {
        "add the key to locales/<code>/*.ftl"
    } else {
        "fix the template at this place (Tera 2 syntax)"
    }
}

fn read_files(files: &[InputFile], out: &mut BTreeMap<String, Source>) -> Result<()> {
    for f in files {
        let text = crate::content::decode_utf8(&f.path, f.bytes.to_vec())?;
        out.insert(
            f.rel.clone(),
            Source {
                path: f.path.clone(),
                text,
            },
        );
    }
    Ok(())
}
