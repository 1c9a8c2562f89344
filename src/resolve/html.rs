//! Each page's HTML, written once from its one Markdown parse, its links relative to the
//! page. `serve` keeps the prepared site between rebuilds, and every page's HTML is the
//! largest part of it (72 MB of the 5k benchmark site's 190): it lets go of the HTML of
//! the pages a rebuild seldom shows again ([`Site::let_go_of_html`]), and a rebuild that
//! renders one of them again writes its HTML again from its file ([`Site::html`]).

use std::borrow::Cow;

use rayon::prelude::*;

use super::Site;
use crate::config::FeedContent;
use crate::content::PageKind;
use crate::diagnostic::Result;

/// Pages whose HTML is written at once: each batch's slotted copies are forgotten before
/// the next is written, so the site never holds both copies of every page.
const HTML_BATCH: usize = 256;

/// Writes each page's HTML from its parsed Markdown, links relative to the page itself.
pub fn render_markdown(site: &mut Site) {
    let count = site.pages.len();
    for start in (0..count).step_by(HTML_BATCH) {
        let end = (start + HTML_BATCH).min(count);
        let html: Vec<String> = (start..end)
            .into_par_iter()
            .map(|i| page_html(site, i))
            .collect();
        for (info, html) in site.info[start..end].iter_mut().zip(html) {
            info.html = Some(html);
            info.analysis.rendered.forget_web();
        }
    }
}

/// The HTML of page `i` from its parsed Markdown, links relative to the page itself (the
/// caller keeps it in [`super::PageInfo::html`] and forgets the slotted copy).
pub fn page_html(site: &Site, i: usize) -> String {
    site.html_of(i, &site.info[i].analysis.rendered)
}

impl Site {
    /// The HTML of page `i`: as kept, or written again from its file's body when it was
    /// let go (an error when the file no longer holds what the page was made of).
    pub fn html(&self, i: usize) -> Result<Cow<'_, str>> {
        if let Some(html) = &self.info[i].html {
            return Ok(Cow::Borrowed(html));
        }
        let page = &self.pages[i];
        let body = page.reread_body()?;
        let script = self.config.languages[page.text_lang()].script;
        let highlight = self.config.markdown.highlight.then_some(&self.highlighted);
        let rendered = crate::markdown::web_html(&body, script, highlight);
        Ok(Cow::Owned(self.html_of(i, &rendered)))
    }

    /// Page `i`'s `rendered` Markdown as HTML: its links relative to the page, its images
    /// decorated.
    fn html_of(&self, i: usize, rendered: &crate::markdown::Rendered) -> String {
        let path = &self.info[i].path;
        rendered.html_with(&self.hrefs(i, path), &self.image_decorations(i, path))
    }

    /// Lets go of the HTML of every page but the sections and homes (every body edit
    /// below them shows theirs again) and the entries of full-content feeds (every body
    /// edit writes the feeds again).
    pub fn let_go_of_html(&mut self) {
        let mut keep: Vec<bool> = (self.pages.iter())
            .map(|p| p.kind != PageKind::Page)
            .collect();
        if self.config.feeds.content == FeedContent::Full {
            for &i in self.feeds.iter().flat_map(|f| &f.entries) {
                keep[i] = true;
            }
        }
        for (info, keep) in self.info.iter_mut().zip(keep) {
            if !keep {
                info.html = None;
            }
        }
    }
}
