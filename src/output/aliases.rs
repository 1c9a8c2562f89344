//! Redirects from old paths: each `aliases` entry of a page becomes a small page at the old
//! path that sends the reader on (meta refresh, with a canonical link and a visible link
//! for readers and crawlers that do not follow it). Every link is relative, so a redirect
//! works under any sub-path and from `file://`; the sitemap leaves them out.

use super::{OutputKind, Run, Sink, collect_errors};
use crate::diagnostic::Result;
use crate::resolve::{Site, alias_path};
use crate::urls::{output_file, permalink, relative};

/// The redirect pages of every page's aliases.
pub struct Aliases;

impl OutputKind for Aliases {
    fn name(&self) -> &'static str {
        "aliases"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let site = &run.prepared.site;
        let mut results = Vec::new();
        for (i, page) in site.pages.iter().enumerate() {
            for alias in &page.front.aliases {
                let from = alias_path(&site.config, page, alias);
                let html = redirect(site, i, &from);
                results.push(sink.write(&output_file(&from), html.as_bytes()));
            }
        }
        collect_errors(results)
    }
}

/// The redirect page at site path `from` to page `i`.
pub fn redirect(site: &Site, i: usize, from: &str) -> String {
    let to = &site.info[i].path;
    let url = escaped(&relative(from, to, site.options.offline));
    let canonical = escaped(&permalink(&site.config.base_url, to));
    let title = escaped(&site.pages[i].front.title);
    let locale = &site.config.languages[site.pages[i].lang].locale;
    format!(
        "<!DOCTYPE html>\n<html lang=\"{locale}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n\
         <body>\n<p><a href=\"{url}\">{title}</a></p>\n</body>\n</html>\n"
    )
}

/// `text` escaped for HTML text and attribute values.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}
