//! What a page tells the apps it is shared to (WeChat, Weibo, LinkedIn) and search engines:
//! Open Graph and Twitter card values, and JSON-LD (the organization on a language's home,
//! an `Article` on a dated page, a `BreadcrumbList` on every content page). The theme's
//! `_head-share.html` prints `share`; every URL in it is absolute, from `base_url`.

use serde::Serialize;
use serde_json::{Value, json};

use crate::content::{PageKind, StaticFiles};
use crate::diagnostic::{Diagnostic, Location};
use crate::resolve::Site;
use crate::urls::permalink;

/// `share` in the template context.
#[derive(Serialize)]
pub struct ShareCtx {
    title: String,
    description: String,
    url: String,
    /// `website` or `article`.
    kind: &'static str,
    /// `zh_CN`: the page's locale as Open Graph writes it.
    locale: String,
    locale_alternates: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageCtx>,
    /// `summary_large_image` with an image, else `summary`.
    card: &'static str,
    /// Each a JSON-LD document, escaped so that no text in it can end its `<script>`.
    jsonld: Vec<String>,
}

/// The share image, absolute, with its size when the file tells it.
#[derive(Serialize, Clone)]
pub struct ImageCtx {
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<usize>,
}

/// A page's share image: the site path it is written to and its bytes.
struct Image<'a> {
    path: String,
    bytes: &'a [u8],
    /// The size as published, when the build resizes it (a content photo).
    shown: Option<(usize, usize)>,
}

/// `share` for content page `i`.
pub fn share(site: &Site, statics: &StaticFiles, i: usize) -> ShareCtx {
    let (page, info) = (&site.pages[i], &site.info[i]);
    let config = &site.config;
    let base = &config.base_url;
    let description = site.description_of(i);
    let image = page_image(site, statics, i)
        .or_else(|| logo_image(site, statics))
        .map(|img| image_ctx(base, &img));
    let article = page.kind == PageKind::Page && page.front.date.is_some();
    let mut jsonld = Vec::new();
    if page.kind == PageKind::Home {
        jsonld.push(organization(site, statics, page.lang));
    }
    if article {
        jsonld.push(article_ld(site, i, image.as_ref()));
    }
    jsonld.push(breadcrumbs(site, i));
    ShareCtx {
        title: page.front.title.clone(),
        description,
        url: permalink(base, &info.path),
        kind: if article { "article" } else { "website" },
        locale: og_locale(&config.languages[page.lang].locale),
        locale_alternates: info
            .translations
            .iter()
            .enumerate()
            .filter(|(l, t)| *l != page.lang && t.is_some())
            .map(|(l, _)| og_locale(&config.languages[l].locale))
            .collect(),
        card: if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
        image,
        jsonld: jsonld.iter().map(script_safe).collect(),
    }
}

/// `zh-CN` → `zh_CN`.
fn og_locale(locale: &str) -> String {
    locale.replace('-', "_")
}

/// JSON for inside `<script>`: `<`, `>` and `&` as `\u` escapes, so that a title holding
/// `</script>` or `<!--` stays text. Still the same JSON to a JSON-LD processor.
fn script_safe(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialize")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn image_ctx(base: &str, img: &Image) -> ImageCtx {
    let (width, height) = img.shown.or_else(|| size_of(img.bytes)).unzip();
    ImageCtx {
        url: permalink(base, &img.path),
        width,
        height,
    }
}

/// (width, height) of a raster image from its header, or of an SVG from its root's
/// `width`/`height` (or `viewBox`).
fn size_of(bytes: &[u8]) -> Option<(usize, usize)> {
    if let Ok(size) = imagesize::blob_size(bytes) {
        return Some((size.width, size.height));
    }
    svg_size(bytes)
}

fn svg_size(bytes: &[u8]) -> Option<(usize, usize)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "svg" => {
                let attr = |name: &str| {
                    e.try_get_attribute(name)
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                };
                let number = |v: Option<String>| {
                    v.and_then(|v| v.trim_end_matches("px").trim().parse::<f64>().ok())
                };
                if let (Some(w), Some(h)) = (number(attr("width")), number(attr("height"))) {
                    return Some((w.round() as usize, h.round() as usize));
                }
                let view = attr("viewBox")?;
                let parts: Vec<f64> = view
                    .split([' ', ','])
                    .filter(|p| !p.is_empty())
                    .filter_map(|p| p.parse().ok())
                    .collect();
                return match parts.as_slice() {
                    [_, _, w, h] => Some((w.round() as usize, h.round() as usize)),
                    _ => None,
                };
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// The file named by page `i`'s `image`: a file beside the page (`photo.jpg`), or from
/// the site root (`/logo.svg`: a static file, else a file of `content/`).
fn page_image<'a>(site: &'a Site, statics: &'a StaticFiles, i: usize) -> Option<Image<'a>> {
    let page = &site.pages[i];
    let written = page.front.image.as_deref()?;
    if let Some(rooted) = written.strip_prefix('/') {
        if let Some(file) = statics.files.get(rooted) {
            return Some(Image {
                path: format!("/{rooted}"),
                bytes: &file.bytes,
                shown: None,
            });
        }
        return content_image(site, rooted);
    }
    content_image(site, &crate::content::join_rel(&page.dir, written))
}

/// A file of `content/`, where it is stored (beside the default language's pages), with
/// its published size when the build resizes it.
fn content_image<'a>(site: &'a Site, rel: &str) -> Option<Image<'a>> {
    let asset = &site.assets[site.lookup.asset_by_rel(rel)?];
    let path = site.asset_path(rel)?;
    let shown = site.image_at(&path).map(|(_, info)| {
        let plan = crate::images::plan(info, &site.config.images.widths);
        let published = crate::images::html::Published {
            rel,
            info,
            plan: &plan,
        };
        let (w, h) = published.size();
        (w as usize, h as usize)
    });
    Some(Image {
        path,
        bytes: &asset.bytes,
        shown,
    })
}

fn logo_image<'a>(site: &'a Site, statics: &'a StaticFiles) -> Option<Image<'a>> {
    let rel = site.config.identity.logo_file(statics)?;
    Some(Image {
        path: format!("/{rel}"),
        bytes: &statics.files[rel].bytes,
        shown: None,
    })
}

/// An error for each `image` that names no file.
pub fn check_images(site: &Site, statics: &StaticFiles) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        let Some(image) = &page.front.image else {
            continue;
        };
        if page_image(site, statics, i).is_some() {
            continue;
        }
        let (line, col) = crate::frontmatter::split(page.text())
            .and_then(|s| crate::yaml::key_position(s.yaml, "image"))
            .map_or((1, 1), |(l, c)| (l + 1, c));
        out.push(
            Diagnostic::error(
                "front-matter",
                Location::new(&page.source, line, col),
                format!("`image: {image}` names no file"),
            )
            .with_hint(
                "name an image beside the page (`image: photo.jpg`) or from the site root (`image: /logo.svg` for a static file)",
            ),
        );
    }
    out
}

/// The organization, from `identity` (else the site's title).
fn organization(site: &Site, statics: &StaticFiles, lang: usize) -> Value {
    let config = &site.config;
    let code = &config.languages[lang].code;
    let default = &config.default_language().code;
    let identity = &config.identity;
    let name = identity
        .organization
        .as_ref()
        .unwrap_or(&config.title)
        .resolve(code, default);
    let home = permalink(&config.base_url, &format!("/{code}/"));
    let mut org = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": name,
        "url": identity.parent_url.clone().unwrap_or(home),
    });
    if let Some(logo) = logo_image(site, statics) {
        org["logo"] = json!(permalink(&config.base_url, &logo.path));
    }
    if let Some(email) = identity.contact.as_ref().and_then(|c| c.email.clone()) {
        org["email"] = json!(email);
    }
    org
}

fn article_ld(site: &Site, i: usize, image: Option<&ImageCtx>) -> Value {
    let (page, info) = (&site.pages[i], &site.info[i]);
    let config = &site.config;
    let code = &config.languages[page.lang].code;
    let publisher = config
        .identity
        .organization
        .as_ref()
        .unwrap_or(&config.title)
        .resolve(code, &config.default_language().code);
    let published = page.front.date.expect("articles are dated");
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.front.title,
        "inLanguage": config.languages[page.lang].locale,
        "mainEntityOfPage": permalink(&config.base_url, &info.path),
        "datePublished": published.rfc3339(),
        "dateModified": page.front.updated.unwrap_or(published).rfc3339(),
        "publisher": { "@type": "Organization", "name": publisher },
    });
    if let Some(image) = image {
        article["image"] = json!(image.url);
    }
    article
}

/// Home → sections → the page.
fn breadcrumbs(site: &Site, i: usize) -> Value {
    let mut trail: Vec<usize> = std::iter::successors(Some(i), |&p| site.info[p].parent).collect();
    trail.reverse();
    let items: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(n, &p)| {
            json!({
                "@type": "ListItem",
                "position": n + 1,
                "name": site.pages[p].front.title,
                "item": permalink(&site.config.base_url, &site.info[p].path),
            })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_end_its_script() {
        let text = script_safe(&json!({ "headline": "</script><script>alert(1)</script> & <!--" }));
        assert!(!text.contains('<') && !text.contains('>'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back["headline"],
            "</script><script>alert(1)</script> & <!--"
        );
    }

    #[test]
    fn sizes_come_from_the_file() {
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"/>"#;
        assert_eq!(size_of(svg), Some((120, 40)));
        let svg = br#"<svg width="64px" height="32" viewBox="0 0 1 1"></svg>"#;
        assert_eq!(size_of(svg), Some((64, 32)));
        assert_eq!(og_locale("zh-CN"), "zh_CN");
    }
}
