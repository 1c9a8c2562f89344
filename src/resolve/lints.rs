//! Warnings an editor must see on every build, not only in `check`: pages missing a
//! translation (or shown as a fallback), images without alt text.

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
    for (i, page) in site.pages.iter().enumerate().filter(|(_, p)| !p.fallback) {
        let (mut missing, mut fallback) = (Vec::new(), Vec::new());
        for (l, t) in site.info[i].translations.iter().enumerate() {
            let code = site.config.languages[l].code.as_str();
            match t {
                None => missing.push(code),
                Some(t) if site.pages[*t].fallback => fallback.push(code),
                Some(_) => {}
            }
        }
        let stem = &page.stem;
        if !missing.is_empty() {
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
        if !fallback.is_empty() {
            out.push(
                Diagnostic::warning(
                    "fallback",
                    Location::file_start(&page.source),
                    format!(
                        "this page has no {} translation: it is shown there in its own text, with a notice (fallback)",
                        fallback.join(", ")
                    ),
                )
                .with_hint(format!(
                    "add `{stem}.{}.md` beside it (`brochure translations export` gives a translator its text)",
                    fallback[0]
                )),
            );
        }
    }
    out
}

fn images_without_alt(site: &Site) -> Vec<Diagnostic> {
    (0..site.pages.len())
        .flat_map(|i| page_images_without_alt(site, i))
        .collect()
}

/// The images of page `i` without alt text (none for a fallback: its source reports them).
pub fn page_images_without_alt(site: &Site, i: usize) -> Vec<Diagnostic> {
    let page = &site.pages[i];
    let mut out = Vec::new();
    if page.fallback {
        return out;
    }
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
    for &offset in &site.info[i].analysis.raw_images_without_alt {
        let (line, col) = page.body_position(offset);
        out.push(
            Diagnostic::warning(
                "image-alt",
                Location::new(&page.source, line, col),
                "this <img> has no alt text",
            )
            .with_hint("describe the image in an `alt` attribute: `<img src=\"campus.jpg\" alt=\"校园鸟瞰\">` (`alt=\"\"` for a decorative one)"),
        );
    }
    out
}
