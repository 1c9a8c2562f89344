//! Link and image destinations: collected in source order by the analysis, replaced in
//! the same order at render time with the URLs the resolver chose.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

/// A link or image destination as written, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    /// Byte range of the whole link in the parsed text.
    pub range: Range<usize>,
    pub is_image: bool,
}

/// Every link and image destination, in order.
pub fn collect(events: &[(Event<'_>, Range<usize>)]) -> Vec<LinkRef> {
    events
        .iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(LinkRef {
                dest: dest_url.to_string(),
                range: range.clone(),
                is_image: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => Some(LinkRef {
                dest: dest_url.to_string(),
                range: range.clone(),
                is_image: true,
            }),
            _ => None,
        })
        .collect()
}

/// Replaces the k-th link or image destination with `hrefs[k]`.
///
/// `hrefs` comes from resolving the links [`collect`] found in the same text, so the
/// counts match; a missing entry leaves the destination as written.
pub fn rewrite<'a>(events: Vec<Event<'a>>, hrefs: &'a [String]) -> Vec<Event<'a>> {
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
                dest_url: next.next().map_or(dest_url, |h| CowStr::Borrowed(h)),
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
                dest_url: next.next().map_or(dest_url, |h| CowStr::Borrowed(h)),
                title,
                id,
            }),
            other => other,
        })
        .collect()
}
