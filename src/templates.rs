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
                    .path_of(current)
                    .map_or_else(fallback, Location::file_start);
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
            other => Diagnostic::error("template", fallback(), format!("template error: {other}"))
                .with_hint("see the Tera 2 documentation for the syntax"),
        }
    }
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
