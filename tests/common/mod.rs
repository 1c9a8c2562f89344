//! Helpers shared by the integration tests: run the real binary, copy fixtures, read the
//! links out of written HTML.
#![allow(dead_code)]

pub mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the default site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Runs `brochure` with `args`.
pub fn brochure(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brochure"))
        .args(args)
        .output()
        .expect("the brochure binary runs")
}

/// Builds `site` into `out` with extra `flags`; panics with stderr when it fails.
pub fn build(site: &Path, out: &Path, flags: &[&str]) -> String {
    let site = site.to_str().unwrap();
    let out_s = out.to_str().unwrap();
    let mut args = vec!["build", "--site", site, "--out", out_s];
    args.extend_from_slice(flags);
    let output = brochure(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "build of {site} failed:\n{stderr}");
    stderr
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Reads a written file as text.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every file under `dir`, as `/`-separated relative paths, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// The values of `attr="…"` attributes in `html`.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| decode_entities(&rest[..end]))
        })
        .collect()
}

/// Every URL in `href`, `src` and `srcset` attributes.
pub fn urls(html: &str) -> Vec<String> {
    let mut urls = attr_values(html, "href");
    urls.extend(attr_values(html, "src"));
    for set in attr_values(html, "srcset") {
        urls.extend(srcset_urls(&set));
    }
    urls
}

/// The URLs of a `srcset`, read as browsers read it: a URL runs to the next whitespace (a
/// `data:` URI keeps its comma), a descriptor to the next comma.
pub fn srcset_urls(set: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = set;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let url = &rest[..end];
        urls.push(url.trim_end_matches(',').to_string());
        rest = &rest[end..];
        if !url.ends_with(',') {
            rest = rest.find(',').map_or("", |i| &rest[i..]);
        }
    }
}

fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

pub use brochure::urls::percent_decode;

/// Whether a URL leaves the site (has a scheme, or is protocol-relative).
pub fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// The file a relative URL in `page` (a file under `root`) points at, and its fragment.
/// `offline` requires links to name files (a folder link would open a listing on file://).
pub fn resolve_url(
    root: &Path,
    page: &Path,
    url: &str,
    offline: bool,
) -> Result<(PathBuf, Option<String>), String> {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (url, None),
    };
    // A query names the same file.
    let path = path.split('?').next().unwrap_or_default();
    if path.starts_with('/') {
        return Err(format!(
            "`{url}` is root-relative; every link must be relative"
        ));
    }
    let mut target = page.parent().unwrap().to_path_buf();
    if path.is_empty() {
        return Ok((page.to_path_buf(), fragment));
    }
    for seg in percent_decode(path).split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if !target.pop() || !target.starts_with(root) {
                    return Err(format!("`{url}` leaves the output folder"));
                }
            }
            s => target.push(s),
        }
    }
    if target.is_dir() {
        if offline {
            return Err(format!(
                "`{url}` names a folder; offline links must name index.html"
            ));
        }
        target.push("index.html");
    }
    if target.is_file() {
        Ok((target, fragment))
    } else {
        Err(format!(
            "`{url}` points at {}, which does not exist",
            target.display()
        ))
    }
}

/// Checks every relative URL of every HTML page under `root`: it names an existing file,
/// and its fragment an existing id. Returns the problems found.
/// The path of the site's base_url (`/intl/`), read from the output's robots.txt.
pub fn base_path_of(root: &Path) -> String {
    let robots = std::fs::read_to_string(root.join("robots.txt")).unwrap_or_default();
    let sitemap = robots
        .lines()
        .find_map(|l| l.strip_prefix("Sitemap: "))
        .unwrap_or("/sitemap.xml");
    let url = sitemap.trim_end_matches("sitemap.xml");
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    after_scheme
        .find('/')
        .map_or("/".to_string(), |i| after_scheme[i..].to_string())
}

pub fn broken_links(root: &Path, offline: bool) -> Vec<String> {
    let base = base_path_of(root);
    let mut problems = Vec::new();
    for rel in files(root).iter().filter(|f| f.ends_with(".html")) {
        let page = root.join(rel);
        let html = read(&page);
        // A server shows the 404 page at any URL: its links start from base_url's path.
        let from_root = !offline && rel.ends_with("404.html");
        for url in urls(&html) {
            if is_external(&url) {
                continue;
            }
            let resolved = match url.strip_prefix(base.as_str()) {
                Some(rest) if from_root => {
                    resolve_url(root, &root.join("index.html"), rest, offline)
                }
                _ if from_root && !url.starts_with('#') => {
                    Err(format!("`{url}` on a 404 page does not start from {base}"))
                }
                _ => resolve_url(root, &page, &url, offline),
            };
            match resolved {
                Err(e) => problems.push(format!("{rel}: {e}")),
                Ok((target, Some(fragment))) if target.extension().is_some_and(|e| e == "html") => {
                    let ids = attr_values(&read(&target), "id");
                    if !fragment.is_empty() && !ids.contains(&fragment) {
                        problems.push(format!(
                            "{rel}: `{url}` has no element with id `{fragment}`"
                        ));
                    }
                }
                Ok(_) => {}
            }
        }
    }
    problems
}
