//! Site paths of pages: `/<lang>/<folders>/<slug>/`, with a section's `slug` standing in
//! for its folder's name in every path below it. Two pages on one path are an error.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::{Page, PageKind};
use crate::diagnostic::{Diagnostic, Location};

/// The site path of every page, in page order, and an error for each path taken twice.
pub fn assign(config: &Config, pages: &[Page]) -> (Vec<String>, Vec<Diagnostic>) {
    let slugs = section_slugs(pages);
    let paths: Vec<String> = pages.iter().map(|p| path_of(config, p, &slugs)).collect();
    let errors = check_unique(pages, &paths);
    (paths, errors)
}

/// (language, folder) → the slug its section gives it.
fn section_slugs(pages: &[Page]) -> HashMap<(usize, &str), &str> {
    pages
        .iter()
        .filter(|p| p.kind == PageKind::Section)
        .filter_map(|p| Some(((p.lang, p.dir.as_str()), p.front.slug.as_deref()?)))
        .collect()
}

/// The URL segments of a folder in a language: each folder, or its section's slug.
fn folder_segments<'a>(
    lang: usize,
    dir: &'a str,
    slugs: &HashMap<(usize, &str), &'a str>,
) -> Vec<&'a str> {
    if dir.is_empty() {
        return Vec::new();
    }
    let mut segs = Vec::new();
    let mut end = 0;
    for name in dir.split('/') {
        end += name.len();
        segs.push(slugs.get(&(lang, &dir[..end])).copied().unwrap_or(name));
        end += 1;
    }
    segs
}

fn path_of(config: &Config, page: &Page, slugs: &HashMap<(usize, &str), &str>) -> String {
    let mut segs = folder_segments(page.lang, &page.dir, slugs);
    match page.kind {
        PageKind::Home | PageKind::Section => {}
        PageKind::Page if page.stem == "index" => {
            // A page bundle: the folder is the page; its slug renames the folder.
            if let (Some(slug), Some(last)) = (page.front.slug.as_deref(), segs.last_mut()) {
                *last = slug;
            }
        }
        PageKind::Page => segs.push(page.front.slug.as_deref().unwrap_or(&page.stem)),
    }
    let mut path = format!("/{}/", config.languages[page.lang].code);
    for seg in segs {
        path.push_str(seg);
        path.push('/');
    }
    path
}

fn check_unique(pages: &[Page], paths: &[String]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        if let Some(&j) = first.get(path.as_str()) {
            errors.push(
                Diagnostic::error(
                    "duplicate-url",
                    Location::file_start(&pages[i].source),
                    format!("two pages would be written to the same URL `{path}`"),
                )
                .with_note(Location::file_start(&pages[j].source), "the other page")
                .with_hint("give one of them another file name or a different `slug`"),
            );
        } else {
            first.insert(path, i);
        }
    }
    errors
}
