//! Atom feeds (RFC 4287): `/<code>/atom.xml` of each language's dated pages and
//! `/<code>/<section>/atom.xml` of each section that sorts by date, newest first. Every
//! link in a feed is absolute, from `base_url`; a full-content entry carries `xml:base`
//! so that the page's own relative links resolve where the page is.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{OutputKind, Run, Sink, collect_errors};
use crate::config::FeedContent;
use crate::date::PageDate;
use crate::diagnostic::Result;
use crate::resolve::Site;
use crate::resolve::feeds::Feed;
use crate::urls::{output_file, permalink};

/// Every feed the site has ([`crate::resolve::feeds::plan`]).
pub struct Feeds;

impl OutputKind for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let site = &run.prepared.site;
        let results = site.feeds.iter().map(|feed| {
            let xml = atom(site, feed)?;
            sink.write(&output_file(&feed.path), xml.as_bytes())
        });
        collect_errors(results.collect())
    }
}

type W = Writer<Vec<u8>>;

/// The feed's XML; an error when an entry's HTML, which a full-content feed carries, was
/// let go and its file changed since ([`Site::html`]).
pub fn atom(site: &Site, feed: &Feed) -> Result<String> {
    let html: Vec<Cow<str>> = match site.config.feeds.content {
        FeedContent::Summary => Vec::new(),
        FeedContent::Full => (feed.entries.iter())
            .map(|&i| site.html(i))
            .collect::<Result<_>>()?,
    };
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_feed(&mut w, site, feed, &html).expect("writing to memory cannot fail");
    let mut xml = String::from_utf8(w.into_inner()).expect("quick-xml writes UTF-8");
    xml.push('\n');
    Ok(xml)
}

/// `html`: each entry's HTML for a full-content feed, else empty.
fn write_feed(w: &mut W, site: &Site, feed: &Feed, html: &[Cow<str>]) -> std::io::Result<()> {
    let config = &site.config;
    let language = &config.languages[feed.lang];
    let default = &config.default_language().code;
    let base = &config.base_url;
    let site_title = config.title.resolve(&language.code, default);
    let (title, home) = match feed.section {
        Some(s) => (
            format!("{} | {site_title}", site.pages[s].front.title),
            site.info[s].path.clone(),
        ),
        None => (site_title.clone(), format!("/{}/", language.code)),
    };
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let start = BytesStart::new("feed").with_attributes([
        ("xmlns", "http://www.w3.org/2005/Atom"),
        ("xml:lang", language.locale.as_str()),
    ]);
    w.write_event(Event::Start(start))?;
    text(w, "title", &title)?;
    link(
        w,
        "self",
        Some("application/atom+xml"),
        &permalink(base, &feed.path),
    )?;
    link(w, "alternate", Some("text/html"), &permalink(base, &home))?;
    text(w, "id", &permalink(base, &home))?;
    let newest = feed.entries.iter().map(|&i| updated(site, i)).max();
    if let Some(newest) = newest {
        text(w, "updated", &newest.rfc3339())?;
    }
    // The publisher: identity's organization, else the site's title.
    let author = config.identity.organization.as_ref().map_or_else(
        || site_title.clone(),
        |o| o.resolve(&language.code, default),
    );
    w.write_event(Event::Start(BytesStart::new("author")))?;
    text(w, "name", &author)?;
    w.write_event(Event::End(BytesEnd::new("author")))?;
    text(w, "generator", "brochure")?;
    for (k, &i) in feed.entries.iter().enumerate() {
        entry(w, site, i, html.get(k).map(|h| &**h))?;
    }
    w.write_event(Event::End(BytesEnd::new("feed")))
}

/// When page `i` last changed: `updated`, else `date`.
fn updated(site: &Site, i: usize) -> PageDate {
    let front = &site.pages[i].front;
    front
        .updated
        .or(front.date)
        .expect("feed entries are dated pages")
}

fn entry(w: &mut W, site: &Site, i: usize, html: Option<&str>) -> std::io::Result<()> {
    let (page, info) = (&site.pages[i], &site.info[i]);
    let url = permalink(&site.config.base_url, &info.path);
    w.write_event(Event::Start(BytesStart::new("entry")))?;
    text(w, "title", &page.front.title)?;
    link(w, "alternate", Some("text/html"), &url)?;
    text(w, "id", &url)?;
    if let Some(date) = page.front.date {
        text(w, "published", &date.rfc3339())?;
    }
    text(w, "updated", &updated(site, i).rfc3339())?;
    let summary = site.description_of(i);
    match site.config.feeds.content {
        FeedContent::Summary => text(w, "summary", &summary)?,
        FeedContent::Full => {
            if !summary.is_empty() {
                text(w, "summary", &summary)?;
            }
            let content =
                BytesStart::new("content").with_attributes([("type", "html"), ("xml:base", &*url)]);
            w.write_event(Event::Start(content))?;
            w.write_event(Event::Text(BytesText::new(html.unwrap_or_default())))?;
            w.write_event(Event::End(BytesEnd::new("content")))?;
        }
    }
    w.write_event(Event::End(BytesEnd::new("entry")))
}

fn text(w: &mut W, name: &str, value: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    w.write_event(Event::Text(BytesText::new(value)))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn link(w: &mut W, rel: &str, media: Option<&str>, href: &str) -> std::io::Result<()> {
    let mut el = BytesStart::new("link").with_attributes([("rel", rel)]);
    if let Some(media) = media {
        el.push_attribute(("type", media));
    }
    el.push_attribute(("href", href));
    w.write_event(Event::Empty(el))
}
