//! Warnings an editor must see on every build, not only in `check`: pages missing a
//! translation, images without alt text.

use crate::diagnostic::{Diagnostic, Location};

use super::Site;

/// Every such warning of `site`.
pub fn editor_warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = missing_translations(site);
    out.extend(images_without_alt(site));
    out
}

fn missing_translations(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        let missing: Vec<&str> = site.info[i]
            .translations
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_none())
            .map(|(l, _)| site.config.languages[l].code.as_str())
            .collect();
        if !missing.is_empty() {
            let stem = &page.stem;
            out.push(
                Diagnostic::warning(
                    "missing-translation",
                    Location::file_start(&page.source),
                    format!("this page has no {} translation", missing.join(", ")),
                )
                .with_hint(format!(
                    "add `{stem}.{}.md` beside it (or pair an existing page with `translation_key`); until then the switcher leads to that language's home",
                    missing[0]
                )),
            );
        }
    }
    out
}

fn images_without_alt(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        for &offset in &site.info[i].analysis.images_without_alt {
            let (line, col) = page.body_position(offset);
            out.push(
                Diagnostic::warning(
                    "image-alt",
                    Location::new(&page.source, line, col),
                    "this image has no alt text",
                )
                .with_hint("describe the image between the brackets: `![校园鸟瞰](campus.jpg)`"),
            );
        }
    }
    out
}
