//! `sitemap.xml` with `xhtml:link` alternates for every translation.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{OutputKind, Run, Sink};
use crate::config::Config;
use crate::diagnostic::Result;
use crate::resolve::Site;
use crate::urls::permalink;

/// `sitemap.xml`.
pub struct Sitemap;

impl OutputKind for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        sink.write(FILE, sitemap(&run.prepared.site).as_bytes())
    }

    fn fixed_files(&self, _config: &Config) -> Vec<(String, &'static str)> {
        vec![(FILE.to_string(), "sitemap")]
    }
}

const FILE: &str = "sitemap.xml";

/// The sitemap: every page of every language, sorted by URL (fallbacks for missing
/// translations left out: they are `noindex`).
pub fn sitemap(site: &Site) -> String {
    let mut indices: Vec<usize> = (0..site.pages.len())
        .filter(|&i| !site.pages[i].fallback)
        .collect();
    indices.sort_by(|&a, &b| site.info[a].path.cmp(&site.info[b].path));
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let write = |w: &mut Writer<Vec<u8>>| -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let urlset = BytesStart::new("urlset").with_attributes([
            ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
            ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
        ]);
        w.write_event(Event::Start(urlset))?;
        for &i in &indices {
            url_entry(w, site, i)?;
        }
        w.write_event(Event::End(BytesEnd::new("urlset")))
    };
    write(&mut w).expect("writing to memory cannot fail");
    let mut xml = String::from_utf8(w.into_inner()).expect("quick-xml writes UTF-8");
    xml.push('\n');
    xml
}

fn url_entry(w: &mut Writer<Vec<u8>>, site: &Site, i: usize) -> std::io::Result<()> {
    let base = &site.config.base_url;
    w.write_event(Event::Start(BytesStart::new("url")))?;
    text_element(w, "loc", &permalink(base, &site.info[i].path))?;
    let front = &site.pages[i].front;
    if let Some(date) = front.updated.as_ref().or(front.date.as_ref()) {
        text_element(w, "lastmod", &date.to_string())?;
    }
    let translations: Vec<Option<usize>> = (site.info[i].translations.iter())
        .map(|t| t.filter(|&t| !site.pages[t].fallback))
        .collect();
    if translations.iter().flatten().count() > 1 {
        for (lang, t) in translations.iter().enumerate() {
            if let Some(t) = t {
                alternate(
                    w,
                    &site.config.languages[lang].locale,
                    &permalink(base, &site.info[*t].path),
                )?;
            }
        }
        if let Some(default) = translations[0] {
            alternate(w, "x-default", &permalink(base, &site.info[default].path))?;
        }
    }
    w.write_event(Event::End(BytesEnd::new("url")))
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn alternate(w: &mut Writer<Vec<u8>>, hreflang: &str, href: &str) -> std::io::Result<()> {
    let link = BytesStart::new("xhtml:link").with_attributes([
        ("rel", "alternate"),
        ("hreflang", hreflang),
        ("href", href),
    ]);
    w.write_event(Event::Empty(link))
}
