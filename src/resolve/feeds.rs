//! Which Atom feeds the site has: one per language of its dated pages, and one per section
//! that sorts by date, each with its entries newest first (at most `feeds.entries`). A feed
//! with no dated page is not written, and no page links it.

use crate::content::PageKind;
use crate::frontmatter::SortBy;

use super::PageInfo;
use crate::content::Page;

/// One feed to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub lang: usize,
    /// The section it follows, or `None` for the language's feed of all dated pages.
    pub section: Option<usize>,
    /// Its site path: `/zh/atom.xml`, `/zh/news/atom.xml`.
    pub path: String,
    /// The pages it lists, newest first.
    pub entries: Vec<usize>,
}

/// The feeds of every language, language feeds first.
pub fn plan(pages: &[Page], info: &[PageInfo], codes: &[&str], limit: usize) -> Vec<Feed> {
    let newest_first = |mut entries: Vec<usize>| {
        entries.sort_by(|&a, &b| super::tree::order_by(SortBy::Date, &pages[a], &pages[b]));
        entries.truncate(limit);
        entries
    };
    let mut feeds = Vec::new();
    for (lang, code) in codes.iter().enumerate() {
        let dated: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].lang == lang && is_entry(&pages[i]))
            .collect();
        if !dated.is_empty() {
            feeds.push(Feed {
                lang,
                section: None,
                path: format!("/{code}/atom.xml"),
                entries: newest_first(dated),
            });
        }
    }
    for (s, page) in pages.iter().enumerate() {
        if page.kind != PageKind::Section || page.front.sort_by != Some(SortBy::Date) {
            continue;
        }
        let dated: Vec<usize> = info[s]
            .pages
            .iter()
            .copied()
            .filter(|&i| is_entry(&pages[i]))
            .collect();
        if !dated.is_empty() {
            feeds.push(Feed {
                lang: page.lang,
                section: Some(s),
                path: format!("{}atom.xml", info[s].path),
                entries: newest_first(dated),
            });
        }
    }
    feeds
}

/// A dated content page (not a section or home).
fn is_entry(page: &Page) -> bool {
    // A fallback is its source's entry, in the default language's feed.
    page.kind == PageKind::Page && page.front.date.is_some() && !page.fallback
}
