//! Links of a converted page: Hugo's site-absolute and page-relative URLs that name a
//! page become brochure source links (`@/docs/intro.zh.md#anchor`), and links to files
//! that moved get their new place. Everything else is left as written.

use std::collections::HashSet;

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::Report;
use super::plan::{Plan, PlannedPage, join, split_dir};
use crate::markdown;
use crate::script::Script;

/// What a page's links are resolved against.
pub struct LinkContext<'a> {
    pub plan: &'a Plan,
    pub page: &'a PlannedPage,
    /// The path of `baseURL` (`/docs/` for `https://x.org/docs/`), stripped from links.
    pub base_path: &'a str,
    /// Whether a site path (`/img/a.png`) names a static file.
    pub is_static: &'a dyn Fn(&str) -> bool,
    /// The heading ids and raw HTML ids of each page, as brochure will make them.
    pub anchors: &'a [HashSet<String>],
    /// Hugo's `baseURL`, ending in `/`: a link to nothing keeps going where it went.
    pub base_url: &'a str,
    /// The script of the page's language, as brochure will write it.
    pub script: Script,
}

/// The anchors of a Hugo page's body in a language written in `script`: brochure's heading
/// ids (parsed with brochure's own options, so smart punctuation and the rest make the
/// same ids) and the `id`s of its raw HTML, read by the same tokenizer as the build's.
pub fn anchors_of(body: &str, script: Script) -> HashSet<String> {
    let mut events: Vec<Event> = Parser::new_ext(body, markdown::options(script)).collect();
    let mut ids: HashSet<String> = markdown::ids::assign_ids(events.iter_mut())
        .into_iter()
        .map(|h| h.id)
        .collect();
    for event in &events {
        if let Event::Html(h) | Event::InlineHtml(h) = event {
            ids.extend(markdown::raw::scan(h).ids);
        }
    }
    ids
}

/// Rewrites the inline link and image destinations of `body` that name a page or a
/// moved file.
pub fn rewrite(body: &str, cx: &LinkContext, report: &mut Report) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut html: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, markdown::options(cx.script)).into_offset_iter() {
        if let Event::Html(_) | Event::InlineHtml(_) = event {
            match html.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => html.push(range),
            }
            continue;
        }
        let (Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            ..
        })) = event
        else {
            continue;
        };
        if link_type != LinkType::Inline {
            if !matches!(link_type, LinkType::Autolink | LinkType::Email) {
                report.add("links left as written", "reference-style links");
            }
            continue;
        }
        let Some(new) = map_destination(&dest_url, cx, report) else {
            continue;
        };
        match locate(&body[range.clone()], &dest_url) {
            Some(at) => edits.push((range.start + at..range.start + at + dest_url.len(), new)),
            None => report.add("links left as written", "destinations written with escapes"),
        }
    }
    for range in html {
        let fragment = &body[range.clone()];
        let new = rewrite_html(fragment, cx, report);
        if new != fragment {
            edits.push((range, new));
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = body.to_string();
    for (range, new) in edits.into_iter().rev() {
        out.replace_range(range, &new);
    }
    out
}

/// The `href`, `src` and `poster` URLs of raw HTML, read with `lol_html`, mapped like
/// Markdown links.
fn rewrite_html(html: &str, cx: &LinkContext, report: &mut Report) -> String {
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    if !html.contains("href") && !html.contains("src") && !html.contains("poster") {
        return html.to_string();
    }
    let report = std::cell::RefCell::new(report);
    let settings = RewriteStrSettings::new().append_element_content_handler(element!(
        "[href], [src], [poster]",
        |el| {
            for name in ["href", "src", "poster"] {
                let Some(value) = el.get_attribute(name) else {
                    continue;
                };
                let decoded = crate::entities::decode(&value);
                let mut report = report.borrow_mut();
                if let Some(new) = map_destination(&decoded, cx, &mut report) {
                    report.add("links mapped in raw HTML", name);
                    let new = new.replace('&', "&amp;").replace('"', "&quot;");
                    el.set_attribute(name, &new)?;
                }
            }
            Ok(())
        }
    ));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// Where the destination `dest` starts in a link's source text (after its last `](`).
fn locate(source: &str, dest: &str) -> Option<usize> {
    let open = source.rfind("](")? + 2;
    let after = &source[open..];
    let skipped = after.len() - after.trim_start().len();
    let mut at = open + skipped;
    if source[at..].starts_with('<') {
        at += 1;
    }
    source[at..].starts_with(dest).then_some(at)
}

fn has_scheme(dest: &str) -> bool {
    let end = dest.find(['/', '?', '#']).unwrap_or(dest.len());
    dest[..end].contains(':')
}

/// The new destination, `None` to leave it as written.
fn map_destination(dest: &str, cx: &LinkContext, report: &mut Report) -> Option<String> {
    if let Some(anchor) = dest.strip_prefix('#') {
        let own = cx.plan.by_url.get(&cx.page.hugo_url).copied();
        let anchor = crate::urls::percent_decode(anchor);
        if anchor.is_empty() || own.is_none_or(|i| cx.anchors[i].contains(&anchor)) {
            return None;
        }
        report.add(
            "links changed",
            "anchors to no heading dropped (the page's top, as on Hugo)",
        );
        return Some("#".to_string());
    }
    if dest.is_empty() || dest.starts_with("@/") || has_scheme(dest) || dest.starts_with("//") {
        return None;
    }
    let split = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(split);
    let fragment = suffix.find('#').map(|i| &suffix[i..]).unwrap_or("");
    let path = crate::urls::percent_decode(path);
    if path.ends_with(".md") {
        return source_link(&path, fragment, cx, report);
    }
    let absolute = path.starts_with('/');
    let url = if absolute {
        let stripped = path
            .strip_prefix(cx.base_path.trim_end_matches('/'))
            .filter(|r| r.starts_with('/'));
        stripped.unwrap_or(&path).to_string()
    } else {
        resolve_relative(&cx.page.hugo_url, &path)
    };
    let page_url = if url.ends_with('/') || url.rsplit('/').next().is_some_and(|l| l.contains('.'))
    {
        url.clone()
    } else {
        format!("{url}/")
    };
    if let Some(&i) = cx.plan.by_url.get(&page_url) {
        report.add(
            "links mapped to source links",
            if absolute {
                "site-absolute"
            } else {
                "page-relative"
            },
        );
        return Some(page_link(i, fragment, cx, report));
    }
    if let Some(asset) = cx.plan.asset_urls.get(&url) {
        let new = relative_to(&cx.page.out_rel, asset);
        return moved(&path, new, suffix, report);
    }
    if !absolute {
        let (dir, _) = split_dir(&cx.page.logical);
        let logical = normalize(&join(dir, &path));
        if let Some(asset) = cx.plan.asset_paths.get(&(cx.page.lang, logical)) {
            let new = relative_to(&cx.page.out_rel, asset);
            return moved(&path, new, suffix, report);
        }
        if (cx.is_static)(&url) {
            report.add(
                "links mapped to source links",
                "page-relative links to static files",
            );
            return Some(format!("{}{suffix}", crate::urls::encode_path(&url)));
        }
    } else if (cx.is_static)(&url) {
        return None;
    }
    // A link to nothing (broken on the Hugo site too) still goes where it went.
    report.add(
        "links made absolute on baseURL",
        "to nothing Hugo had (broken there too)",
    );
    Some(format!(
        "{}{}{suffix}",
        cx.base_url,
        crate::urls::encode_path(url.trim_start_matches('/'))
    ))
}

/// The source link of page `i`; an anchor that names nothing there is dropped (Hugo's
/// link landed on the top of the page too).
fn page_link(i: usize, fragment: &str, cx: &LinkContext, report: &mut Report) -> String {
    let out = &cx.plan.pages[i].out_rel;
    let anchor = crate::urls::percent_decode(fragment.trim_start_matches('#'));
    if anchor.is_empty() || cx.anchors[i].contains(&anchor) {
        return format!("@/{out}{fragment}");
    }
    report.add(
        "links changed",
        "anchors to no heading dropped (the page's top, as on Hugo)",
    );
    format!("@/{out}")
}

fn moved(path: &str, new: String, suffix: &str, report: &mut Report) -> Option<String> {
    if new == path {
        return None;
    }
    report.add("links mapped to source links", "files that moved");
    Some(format!("{}{suffix}", crate::urls::encode_path(&new)))
}

/// A link to a Markdown file (`../b.md`, `/docs/b.md`), as Hugo's content path.
fn source_link(
    path: &str,
    fragment: &str,
    cx: &LinkContext,
    report: &mut Report,
) -> Option<String> {
    let (dir, _) = split_dir(&cx.page.logical);
    let logical = match path.strip_prefix('/') {
        Some(p) => normalize(p),
        None => normalize(&join(dir, path)),
    };
    let key = logical.trim_end_matches(".md").to_string();
    let plan = cx.plan;
    let found = plan
        .by_logical
        .get(&(cx.page.lang, key.clone()))
        .or_else(|| (0..8).find_map(|l| plan.by_logical.get(&(l, key.clone()))));
    match found {
        Some(&i) => {
            report.add("links mapped to source links", "Markdown file paths");
            Some(page_link(i, fragment, cx, report))
        }
        None => {
            report.add("links left as written", "Markdown file paths to no page");
            None
        }
    }
}

/// A relative URL resolved against the page's URL (a folder, ending in `/`).
fn resolve_relative(base: &str, rel: &str) -> String {
    let joined = format!("{base}{rel}");
    let trailing = rel.ends_with('/') || rel.is_empty();
    let mut path = format!("/{}", normalize(&joined));
    if trailing && !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// `a/./b/../c` → `a/c` (no leading or trailing slash); a `..` above the root stays at
/// the root, as a browser resolves it.
pub fn normalize(path: &str) -> String {
    crate::urls::resolve_dots(path).0
}

/// The path of `target` (under `content/`) relative to the folder of `from`.
fn relative_to(from: &str, target: &str) -> String {
    let (from_dir, _) = split_dir(from);
    let from_segs: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_segs: Vec<&str> = target.split('/').collect();
    let common = from_segs
        .iter()
        .zip(&to_segs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_segs.len() - common];
    parts.extend(&to_segs[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to("docs/a/index.zh.md", "docs/a/x.png"), "x.png");
        assert_eq!(relative_to("docs/b.zh.md", "img/x.png"), "../img/x.png");
        assert_eq!(resolve_relative("/docs/a/", "../b/"), "/docs/b/");
        assert_eq!(resolve_relative("/docs/a/", "x.png"), "/docs/a/x.png");
    }

    #[test]
    fn locates_the_destination() {
        let src = "[![i](a.png)](/docs/x/ \"t\")";
        let at = locate(src, "/docs/x/").unwrap();
        assert_eq!(&src[at..at + 8], "/docs/x/");
        assert_eq!(locate("[a](<b c>)", "b c"), Some(5));
    }
}
