//! Raw HTML in Markdown, read with a real HTML tokenizer (`lol_html`): the URLs of its
//! `href`, `src`, `srcset` and `poster` attributes (resolved like Markdown links), its ids
//! (anchor targets) and its `<img>`s without `alt`; then written back with the URLs the
//! resolver chose and, for print, with every id prefixed.
//!
//! [`scan`] and [`rewrite`] visit the same attributes in the same order (elements in
//! document order, each element's attributes as written, each `srcset` candidate in turn),
//! so the k-th URL found is the k-th URL replaced.

use std::cell::RefCell;

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// A URL written in raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawUrl {
    /// As written, HTML entities decoded (`a?x=1&amp;y=2` → `a?x=1&y=2`).
    pub dest: String,
    /// Byte offset of the value in the fragment.
    pub offset: usize,
    /// `src`, `srcset` or `poster` (something shown), not `href` (something followed).
    pub is_image: bool,
}

/// What a fragment of raw HTML holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    pub urls: Vec<RawUrl>,
    pub ids: Vec<String>,
    /// Byte offsets of `<img>` tags without an `alt` attribute.
    pub images_without_alt: Vec<usize>,
}

/// Whether a fragment could hold anything [`scan`] looks for: most raw HTML (`</div>`,
/// `<br>`) does not, and is never tokenized.
fn worth_reading(html: &str) -> bool {
    let has = |needle: &[u8]| contains_ignoring_case(html, needle);
    html.contains('<')
        && (has(b"href") || has(b"src") || has(b"poster") || has(b"id") || has(b"img"))
}

fn contains_ignoring_case(html: &str, needle: &[u8]) -> bool {
    html.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The attributes holding URLs, each with whether it is a list of candidates.
fn url_attribute(name: &str) -> Option<(bool, bool)> {
    match name {
        "href" => Some((false, false)),
        "src" | "poster" => Some((true, false)),
        "srcset" => Some((true, true)),
        _ => None,
    }
}

/// The candidates of a `srcset`: each URL (with its byte offset) and its descriptor
/// (`480w`, `2x`, or none). As browsers read it: a URL runs to the next whitespace (so a
/// `data:` URI keeps its comma), commas between candidates are skipped, and a descriptor
/// runs to the next comma outside parentheses.
fn candidates(value: &str) -> Vec<(usize, &str, &str)> {
    let mut out = Vec::new();
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut url = &value[start..i];
        if url.ends_with(',') {
            url = url.trim_end_matches(',');
            out.push((start, url, ""));
            continue;
        }
        let descriptor_start = i;
        let mut depth = 0usize;
        while i < bytes.len() && !(bytes[i] == b',' && depth == 0) {
            match bytes[i] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        out.push((start, url, value[descriptor_start..i].trim()));
    }
    out
}

/// Every URL, id and image without alt of `html`.
pub fn scan(html: &str) -> Scan {
    if !worth_reading(html) {
        return Scan::default();
    }
    let found = RefCell::new(Scan::default());
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
        let mut found = found.borrow_mut();
        let tag_start = el.source_location().bytes().start;
        if el.tag_name() == "img" && !el.has_attribute("alt") {
            found.images_without_alt.push(tag_start);
        }
        for attr in el.attributes() {
            let name = attr.name();
            let value_at = attr
                .value_source_location()
                .map_or(tag_start, |l| l.bytes().start);
            if name == "id" {
                found.ids.push(crate::entities::decode(&attr.value()));
                continue;
            }
            let Some((is_image, list)) = url_attribute(&name) else {
                continue;
            };
            let value = attr.value();
            if list {
                for (at, url, _) in candidates(&value) {
                    found.urls.push(RawUrl {
                        dest: crate::entities::decode(url),
                        offset: value_at + at,
                        is_image,
                    });
                }
            } else {
                found.urls.push(RawUrl {
                    dest: crate::entities::decode(value.trim()),
                    offset: value_at,
                    is_image,
                });
            }
        }
        Ok(())
    }));
    // A fragment the tokenizer cannot read is left to the browser: nothing found in it.
    if rewrite_str(html, settings).is_err() {
        return Scan::default();
    }
    found.into_inner()
}

/// `html` with each URL [`scan`] finds replaced by the next of `hrefs` (written as the
/// Markdown writer writes a link's destination), in the same order. A fragment without
/// URLs comes back as it is.
pub fn rewrite(html: &str, hrefs: &mut dyn Iterator<Item = &String>) -> String {
    if !worth_reading(html) {
        return html.to_string();
    }
    let hrefs = RefCell::new(hrefs);
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
        let mut hrefs = hrefs.borrow_mut();
        let attrs: Vec<(String, String)> = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        for (name, value) in attrs {
            let Some((_, list)) = url_attribute(&name) else {
                continue;
            };
            let new = if list {
                let parts: Vec<String> = candidates(&value)
                    .into_iter()
                    .map(|(_, url, descriptor)| {
                        let url = hrefs.next().map_or_else(|| url.to_string(), |h| escaped(h));
                        if descriptor.is_empty() {
                            url
                        } else {
                            format!("{url} {descriptor}")
                        }
                    })
                    .collect();
                parts.join(", ")
            } else {
                match hrefs.next() {
                    Some(h) => escaped(h),
                    None => continue,
                }
            };
            el.set_attribute(&name, &new)?;
        }
        Ok(())
    }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// `html` with every `id` prefixed by `prefix` (a print edition holds many pages, so their
/// ids would repeat; links into them carry the same prefix).
pub fn prefix_ids(html: &str, prefix: &str) -> String {
    if !html.contains('<') || !contains_ignoring_case(html, b"id") {
        return html.to_string();
    }
    let settings =
        RewriteStrSettings::new().append_element_content_handler(element!("[id]", |el| {
            if let Some(id) = el.get_attribute("id") {
                el.set_attribute("id", &format!("{prefix}{id}"))?;
            }
            Ok(())
        }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// A URL for an attribute value, escaped as the Markdown writer escapes a destination.
fn escaped(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    pulldown_cmark_escape::escape_href(&mut out, href).expect("a String");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_ids_and_images_without_alt() {
        let html = r#"<p id="top"><a HREF="../a.md#x">a</a> <img src="p.png"><img alt="" srcset="s.png 480w, l.png 2x"></p><video poster="v.jpg"><source src="v.mp4"></video>"#;
        let scan = scan(html);
        let dests: Vec<(&str, bool)> = scan
            .urls
            .iter()
            .map(|u| (u.dest.as_str(), u.is_image))
            .collect();
        assert_eq!(
            dests,
            [
                ("../a.md#x", false),
                ("p.png", true),
                ("s.png", true),
                ("l.png", true),
                ("v.jpg", true),
                ("v.mp4", true),
            ]
        );
        assert_eq!(&html[scan.urls[0].offset..][..9], "../a.md#x");
        assert_eq!(&html[scan.urls[3].offset..][..5], "l.png");
        assert_eq!(scan.ids, ["top"]);
        assert_eq!(scan.images_without_alt.len(), 1);
        assert!(html[scan.images_without_alt[0]..].starts_with("<img src"));
    }

    #[test]
    fn rewrites_in_the_order_it_scans() {
        let html = r#"<a href="a.md?x=1&amp;y=2" title="t">a</a><img srcset="s.png 480w, l.png 2x" src='p.png' alt=x>"#;
        assert_eq!(scan(html).urls[0].dest, "a.md?x=1&y=2");
        let hrefs: Vec<String> = ["../a/?x=1&y=2", "s%20.png", "l.png", "%E5%9B%BE.png"]
            .map(String::from)
            .to_vec();
        let out = rewrite(html, &mut hrefs.iter());
        assert_eq!(
            out,
            r#"<a href="../a/?x=1&amp;y=2" title="t">a</a><img srcset="s%20.png 480w, l.png 2x" src="%E5%9B%BE.png" alt=x>"#
        );
    }

    #[test]
    fn srcset_candidates_are_read_as_browsers_read_them() {
        let urls = |v: &str| -> Vec<(String, String)> {
            candidates(v)
                .into_iter()
                .map(|(_, u, d)| (u.to_string(), d.to_string()))
                .collect()
        };
        assert_eq!(
            urls("a.png 480w,b.png, data:image/png;base64,AAA= 2x"),
            [
                ("a.png".into(), "480w".into()),
                ("b.png".into(), String::new()),
                ("data:image/png;base64,AAA=".into(), "2x".into())
            ]
        );
    }

    #[test]
    fn markup_without_urls_is_left_alone() {
        for html in ["</div>", "<br>", "<!-- more -->", "plain < text"] {
            assert_eq!(scan(html), Scan::default());
            assert_eq!(rewrite(html, &mut std::iter::empty()), html);
        }
    }

    #[test]
    fn ids_are_prefixed_for_print() {
        assert_eq!(
            prefix_ids(r#"<span id="x">a</span><b>b</b>"#, "zh-a--"),
            r#"<span id="zh-a--x">a</span><b>b</b>"#
        );
    }
}
