//! Translations and the section tree.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use super::{LanguageSite, PageInfo};
use crate::config::Config;
use crate::content::{Page, PageKind};
use crate::diagnostic::{Diagnostic, Location};
use crate::frontmatter::SortBy;

/// The translation key of a page: front matter `translation_key`, else its path without
/// the language suffix.
pub fn translation_key(page: &Page) -> String {
    page.front
        .translation_key
        .clone()
        .unwrap_or_else(|| page.neutral_rel())
}

/// For each page, the page of the same key in every language (itself included), and an
/// error for each second page of one language under one key (it stands alone).
pub fn pair_translations(
    config: &Config,
    pages: &[Page],
) -> (Vec<Vec<Option<usize>>>, Vec<Diagnostic>) {
    let n = config.languages.len();
    let mut groups: BTreeMap<String, Vec<Option<usize>>> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut alone = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let key = translation_key(page);
        let group = groups.entry(key.clone()).or_insert_with(|| vec![None; n]);
        match group[page.lang] {
            Some(j) => errors.push(
                Diagnostic::error(
                    "translation",
                    Location::file_start(&page.source),
                    format!(
                        "two {} pages are translations of `{key}`",
                        config.languages[page.lang].code
                    ),
                )
                .with_note(Location::file_start(&pages[j].source), "the other page")
                .with_hint("give one of them its own `translation_key`, or remove the duplicate"),
            ),
            None => group[page.lang] = Some(i),
        }
        if group[page.lang] != Some(i) {
            alone.push(i);
        }
    }
    let translations = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if alone.contains(&i) {
                let mut own = vec![None; n];
                own[p.lang] = Some(i);
                own
            } else {
                groups[&translation_key(p)].clone()
            }
        })
        .collect();
    (translations, errors)
}

/// Links pages to their sections, orders everything, and finds each language's home and
/// top-level sections.
pub fn build(config: &Config, pages: &[Page], info: &mut [PageInfo]) -> Vec<LanguageSite> {
    let sections: HashMap<(usize, &str), usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind != PageKind::Page)
        .map(|(i, p)| ((p.lang, p.dir.as_str()), i))
        .collect();
    for (i, page) in pages.iter().enumerate() {
        let start = match (page.kind, page.stem.as_str()) {
            (PageKind::Home, _) => continue,
            (PageKind::Section, _) | (PageKind::Page, "index") => parent_dir(&page.dir),
            (PageKind::Page, _) => Some(page.dir.as_str()),
        };
        let parent = ancestors(start).find_map(|d| sections.get(&(page.lang, d)).copied());
        info[i].parent = parent;
        if let Some(s) = parent {
            if page.kind == PageKind::Page {
                info[s].pages.push(i);
            } else {
                info[s].subsections.push(i);
            }
        }
    }
    for s in 0..info.len() {
        sort_section(pages, info, s);
    }
    (0..config.languages.len())
        .map(|lang| language_site(pages, info, lang))
        .collect()
}

/// Puts the pages of section `s` in its `sort_by` order, each with its neighbours
/// (`previous`, `next`), and its subsections in section order.
pub fn sort_section(pages: &[Page], info: &mut [PageInfo], s: usize) {
    let mut children = std::mem::take(&mut info[s].pages);
    let sort = pages[s].front.sort_by.unwrap_or_default();
    children.sort_by(|&a, &b| order_by(sort, &pages[a], &pages[b]));
    for (k, &child) in children.iter().enumerate() {
        info[child].previous = k.checked_sub(1).map(|k| children[k]);
        info[child].next = children.get(k + 1).copied();
    }
    info[s].pages = children;
    let mut subs = std::mem::take(&mut info[s].subsections);
    subs.sort_by(|&a, &b| order(&pages[a], &pages[b]));
    info[s].subsections = subs;
}

fn language_site(pages: &[Page], info: &[PageInfo], lang: usize) -> LanguageSite {
    let home = pages
        .iter()
        .position(|p| p.lang == lang && p.kind == PageKind::Home);
    let sections = match home {
        Some(h) => info[h].subsections.clone(),
        None => {
            let mut top: Vec<usize> = (0..pages.len())
                .filter(|&i| {
                    pages[i].lang == lang
                        && pages[i].kind == PageKind::Section
                        && info[i].parent.is_none()
                })
                .collect();
            top.sort_by(|&a, &b| order(&pages[a], &pages[b]));
            top
        }
    };
    LanguageSite { home, sections }
}

fn parent_dir(dir: &str) -> Option<&str> {
    if dir.is_empty() {
        None
    } else {
        Some(dir.rsplit_once('/').map_or("", |(p, _)| p))
    }
}

/// `a/b/c` → `a/b/c`, `a/b`, `a`, `` (the root).
fn ancestors(start: Option<&str>) -> impl Iterator<Item = &str> {
    std::iter::successors(start, |d| parent_dir(d))
}

/// A section's page order by its `sort_by`: weight (see [`order`]), date newest first
/// (undated pages last, then by title), or title; the path last, so the order is total.
pub fn order_by(sort: SortBy, a: &Page, b: &Page) -> Ordering {
    match sort {
        SortBy::Weight => order(a, b),
        SortBy::Date => match (&a.front.date, &b.front.date) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| a.front.title.cmp(&b.front.title))
        .then_with(|| a.rel.cmp(&b.rel)),
        SortBy::Title => a
            .front
            .title
            .cmp(&b.front.title)
            .then_with(|| a.rel.cmp(&b.rel)),
    }
}

/// Section order: weight, then date, then title (then path, so the order is total).
pub fn order(a: &Page, b: &Page) -> Ordering {
    let weight = |p: &Page| p.front.weight.unwrap_or(i64::MAX);
    weight(a)
        .cmp(&weight(b))
        .then_with(|| match (&a.front.date, &b.front.date) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.front.title.cmp(&b.front.title))
        .then_with(|| a.rel.cmp(&b.rel))
}
