//! The fallback for missing pages (`translations: {fallback: true}` in site.yaml): a page
//! of the default language that has no translation in a language is also put into that
//! language's tree, in its own text. Templates show it with a notice in the reader's
//! language and the text's `lang` (`page.fallback`); it is `noindex`, claims no
//! translation (no hreflang, no sitemap entry) and is left out of feeds and print.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::content::Content;
use crate::resolve::translation_key;

/// Adds a fallback page for every page of the default language missing in another.
pub fn add_pages(config: &Config, content: &mut Content) {
    let have: BTreeSet<(usize, String)> = content
        .pages
        .iter()
        .map(|p| (p.lang, translation_key(p)))
        .collect();
    let mut added = Vec::new();
    for page in content.pages.iter().filter(|p| p.lang == 0) {
        let key = translation_key(page);
        for (l, lang) in config.languages.iter().enumerate().skip(1) {
            if have.contains(&(l, key.clone())) {
                continue;
            }
            let mut copy = page.clone();
            copy.lang = l;
            copy.rel = crate::translations::status::missing_rel(page, &lang.code);
            copy.fallback = true;
            // Paired by key with its source, whatever its file name says.
            copy.front.translation_key = Some(key.clone());
            added.push(copy);
        }
    }
    content.pages.extend(added);
    content.pages.sort_by(|a, b| a.rel.cmp(&b.rel));
}
