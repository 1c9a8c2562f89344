//! Link and image destinations: collected in source order by the analysis, replaced in
//! the same order at render time with the URLs the resolver chose.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use super::raw;

/// A link or image destination as written, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    /// Byte range of the whole link in the parsed text.
    pub range: Range<usize>,
    pub is_image: bool,
    /// Written in raw HTML (`<a href>`, `<img src>`, `srcset`, `poster`), not Markdown.
    pub raw: bool,
}

/// What [`collect`] finds: links, and what raw HTML adds.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// Every link and image destination, Markdown and raw HTML, in source order.
    pub links: Vec<LinkRef>,
    /// The ids raw HTML gives its elements.
    pub ids: Vec<String>,
    /// Byte offsets of raw `<img>` tags without `alt`.
    pub images_without_alt: Vec<usize>,
}

/// Every link and image destination in order, raw HTML read by [`raw::scan`].
pub fn collect(events: &[(Event<'_>, Range<usize>)]) -> Collected {
    let mut found = Collected::default();
    for (event, range) in events {
        let (dest, is_image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            Event::Html(html) | Event::InlineHtml(html) => {
                let scan = raw::scan(html);
                found.links.extend(scan.urls.into_iter().map(|u| LinkRef {
                    range: range.start + u.offset..range.start + u.offset + u.dest.len(),
                    dest: u.dest,
                    is_image: u.is_image,
                    raw: true,
                }));
                found.ids.extend(scan.ids);
                let alt = scan.images_without_alt.into_iter();
                found
                    .images_without_alt
                    .extend(alt.map(|o| range.start + o));
                continue;
            }
            _ => continue,
        };
        found.links.push(LinkRef {
            dest: dest.to_string(),
            range: range.clone(),
            is_image,
            raw: false,
        });
    }
    found
}

/// Joins the pieces of each HTML block (pulldown-cmark hands it over line by line) into
/// one, so that a tag written over several lines reaches the tokenizer whole.
pub fn join_html_blocks(events: Vec<(Event<'_>, Range<usize>)>) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out: Vec<(Event, Range<usize>)> = Vec::with_capacity(events.len());
    let mut in_block = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::HtmlBlock) => in_block = true,
            Event::End(pulldown_cmark::TagEnd::HtmlBlock) => in_block = false,
            Event::Html(ref html) if in_block => {
                if let Some((Event::Html(prev), prev_range)) = out.last_mut() {
                    *prev = CowStr::from(format!("{prev}{html}"));
                    prev_range.end = range.end;
                    continue;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// Byte offsets of raw HTML: each HTML block and each inline opening tag (closing tags
/// and comments such as `<!-- more -->` are left out: they add nothing of their own).
pub fn raw_html(events: &[(Event<'_>, Range<usize>)]) -> Vec<usize> {
    let mut found = Vec::new();
    // Inside an HTML block: whether it has been reported yet.
    let mut block: Option<bool> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some(false),
            Event::End(pulldown_cmark::TagEnd::HtmlBlock) => block = None,
            Event::Html(html) if block == Some(false) && is_markup(html) => {
                found.push(range.start);
                block = Some(true);
            }
            Event::Html(_) if block.is_some() => {}
            Event::Html(html) | Event::InlineHtml(html) if is_markup(html) => {
                found.push(range.start);
            }
            _ => {}
        }
    }
    found
}

/// Whether a piece of raw HTML is more than a closing tag or a comment.
fn is_markup(html: &str) -> bool {
    let t = html.trim_start();
    !(t.is_empty() || t.starts_with("</") || t.starts_with("<!--") && t.trim_end().ends_with("-->"))
}

/// Whether a destination runs code or smuggles a document when followed:
/// `javascript:`, `vbscript:` or `data:`. Browsers ignore case and drop tabs and line
/// breaks inside a URL, and so does this.
pub fn is_script_url(dest: &str) -> bool {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| cleaned.starts_with(scheme))
}

/// Replaces the k-th link or image destination (Markdown or raw HTML) with `hrefs[k]`.
///
/// `hrefs` comes from resolving the links [`collect`] found in the same text, so the
/// counts match; a missing entry leaves the destination as written.
pub fn rewrite<'a>(events: Vec<Event<'a>>, hrefs: &[String]) -> Vec<Event<'a>> {
    let mut next = hrefs.iter();
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: next.next().map_or(dest_url, |h| CowStr::from(h.clone())),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: next.next().map_or(dest_url, |h| CowStr::from(h.clone())),
                title,
                id,
            }),
            Event::Html(html) => Event::Html(CowStr::from(raw::rewrite(&html, &mut next))),
            Event::InlineHtml(html) => {
                Event::InlineHtml(CowStr::from(raw::rewrite(&html, &mut next)))
            }
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn events(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
        Parser::new_ext(
            text,
            crate::markdown::options(crate::script::Script::default()),
        )
        .into_offset_iter()
        .collect()
    }

    #[test]
    fn finds_raw_html_once_per_block_and_per_opening_tag() {
        let text =
            "One <span>two</span> three.\n\n<div>\n<p>x</p>\n</div>\n\n<!-- more -->\n\nFour<br>\n";
        let found = raw_html(&events(text));
        let at: Vec<&str> = found.iter().map(|&o| &text[o..o + 4]).collect();
        assert_eq!(at, ["<spa", "<div", "<br>"]);
        assert!(raw_html(&events("Plain *text* and `<code>`.\n")).is_empty());
    }

    #[test]
    fn script_urls() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:x",
            " java\tscript:x",
            "data:text/html,<b>",
            "vbscript:x",
        ] {
            assert!(is_script_url(url), "{url}");
        }
        for url in [
            "https://a.b/javascript:",
            "../a.md",
            "mailto:a@b.c",
            "datasheet.pdf",
        ] {
            assert!(!is_script_url(url), "{url}");
        }
    }
}
