//! Site paths and the URLs written into pages.
//!
//! A site path is absolute within the output (`/en/partners/mit/`, `/style.css`); a folder
//! path ends with `/`. Every URL the build writes is relative to the page holding it, so
//! the output works under any sub-path; offline builds also spell out `index.html`.

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

/// The URL of `to` (a site path, maybe with `?query` and `#fragment`, which are kept as
/// they are) as seen from the page at `from`.
pub fn relative(from: &str, to: &str, offline: bool) -> String {
    let (to_path, fragment) = match to.find(['?', '#']) {
        Some(i) => (&to[..i], &to[i..]),
        None => (to, ""),
    };
    if to_path == from && !fragment.is_empty() {
        return encode_rest(fragment);
    }
    let from_dirs = segments(&from[..=from.rfind('/').unwrap_or(0)]);
    let (to_dirs, file) = match to_path.rsplit_once('/') {
        Some((dirs, file)) => (segments(dirs), file),
        None => (Vec::new(), to_path),
    };
    let common = from_dirs
        .iter()
        .zip(&to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(from_dirs.len() - common);
    for dir in &to_dirs[common..] {
        url.push_str(&encode_segment(dir));
        url.push('/');
    }
    if !file.is_empty() {
        url.push_str(&encode_segment(file));
    } else if offline {
        url.push_str("index.html");
    }
    if url.is_empty() {
        url.push_str("./");
    }
    url.push_str(&encode_rest(fragment));
    url
}

/// The URL of `to` (a site path, maybe with `?query` or `#fragment`) from the root of the
/// server, under `base_path` (the path of `base_url`, such as `/intl/`): for a page a
/// server shows at any URL, such as the 404 page.
pub fn from_root(base_path: &str, to: &str) -> String {
    let (to_path, rest) = match to.find(['?', '#']) {
        Some(i) => (&to[..i], &to[i..]),
        None => (to, ""),
    };
    let mut url = base_path.to_string();
    url.push_str(&encode_path(to_path.trim_start_matches('/')));
    url.push_str(&encode_rest(rest));
    url
}

/// A site path (`/a/b`, already decoded) with each segment encoded by [`encode_segment`]:
/// the one encoder of every path the build writes.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&encode_segment(segment));
    }
    out
}

/// The `?query#fragment` of a URL, as written or generated: kept, but for what an
/// attribute or a URL parser would misread or a reader cannot see (see [`AS_WRITTEN`]).
/// `%` stays, so an escape the author wrote is never encoded twice.
pub fn encode_rest(rest: &str) -> String {
    as_written(rest)
}

/// A destination the build does not resolve (`https://…`, `mailto:…`), as the author
/// wrote it: what [`AS_WRITTEN`] names and non-ASCII characters are encoded, the escapes
/// already there are kept (never `%25`). The Markdown writer escapes the same way.
pub fn as_written(dest: &str) -> String {
    utf8_percent_encode(dest, AS_WRITTEN).to_string()
}

/// `dest` (a site path maybe with `?query#fragment`, as an author wrote it) with its path
/// decoded once: `/%E5%9B%BE.png` → `/图.png`. The rest is kept; writing encodes it again.
pub fn decode_site_path(dest: &str) -> String {
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(end);
    format!("{}{rest}", percent_decode(path))
}

/// The path of `base_url`, starting and ending with `/`: `https://x.org/intl/` → `/intl/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// ASCII characters a path segment cannot carry as they are: controls, space, the
/// delimiters of URLs (`#`, `?`, `%`, `/`, `\\`), `,` (it splits a `srcset`), characters HTML attributes or URL
/// parsers treat specially, and `:` (in a relative URL's first segment it would read as
/// a scheme: `javascript:x` must stay a file name).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b',')
    .add(b'/')
    .add(b':')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// What a destination kept as written cannot carry: controls, space, and what ends an
/// attribute or a tag (`"`, `<`, `>`, `` ` ``). `%` is kept: it is the author's escape.
const AS_WRITTEN: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// What a permalink keeps of an encoded path: RFC 3986 unreserved characters,
/// sub-delimiters, `:`, `@`, `/` and the escapes `%XX` [`encode_path`] wrote; everything
/// else (non-ASCII included) is percent-encoded.
const PERMALINK: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'%')
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Escapes what a URL segment cannot carry as it is: the ASCII characters of [`SEGMENT`]
/// and every non-ASCII character (UTF-8, percent-encoded). This is the one encoder of
/// the paths the build writes, so a name reads the same in every link, `srcset`, template
/// URL and permalink, and the Markdown writer's own escaping leaves it as it is.
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Decodes `%XX` escapes (authors may write `%20` for a space; link fragments and PDF
/// `path`'s segments with `.` and `..` resolved, joined by `/` (no leading or trailing
/// slash), and how many `..` went above the root (each dropped, as a browser does).
pub fn resolve_dots(path: &str) -> (String, usize) {
    let mut parts: Vec<&str> = Vec::new();
    let mut above = 0;
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    above += 1;
                }
            }
            s => parts.push(s),
        }
    }
    (parts.join("/"), above)
}

/// destinations come encoded). Invalid escapes stay as they are.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Decodes `%XX` escapes of a request path strictly: a malformed escape or bytes that are
/// not UTF-8 are refused.
pub fn percent_decode_strict(s: &str) -> Result<String, &'static str> {
    let malformed = s.split('%').skip(1).any(|rest| {
        !rest
            .as_bytes()
            .get(..2)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return Err("malformed percent-escape in the path");
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| "the path is not UTF-8")
}

/// The absolute URL of a site path (maybe with `?query#fragment`): `base_url` + the path
/// as [`encode_path`] writes it. The query and fragment stay query and fragment.
pub fn permalink(base_url: &str, path: &str) -> String {
    let (path, rest) = match path.find(['?', '#']) {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    };
    let mut url = base_url.trim_end_matches('/').to_string();
    url.extend(utf8_percent_encode(&encode_path(path), PERMALINK));
    url.push_str(&encode_rest(rest));
    url
}

/// The file a site path is written to, relative to the output folder: `en/x/index.html`.
pub fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(
            relative("/en/history/", "/en/partners/mit/", false),
            "../partners/mit/"
        );
        assert_eq!(
            relative("/en/history/", "/en/partners/mit/", true),
            "../partners/mit/index.html"
        );
        assert_eq!(relative("/en/", "/zh/", false), "../zh/");
        assert_eq!(relative("/en/", "/en/", false), "./");
        assert_eq!(relative("/en/", "/en/", true), "index.html");
        assert_eq!(relative("/en/a/", "/en/a/#x", false), "#x");
        assert_eq!(relative("/en/a/", "/en/b/#x", false), "../b/#x");
        assert_eq!(relative("/", "/zh/", true), "zh/index.html");
        assert_eq!(relative("/en/a/", "/style.css", false), "../../style.css");
        assert_eq!(
            relative("/en/404.html", "/style.css", false),
            "../style.css"
        );
        assert_eq!(
            relative("/zh/历史/", "/zh/历史/my photo.jpg", false),
            "my%20photo.jpg"
        );
    }

    #[test]
    fn reserved_characters_are_encoded_in_every_segment() {
        assert_eq!(
            relative("/zh/a/", "/zh/a/q 1 50%.pdf", false),
            "q%201%2050%25.pdf"
        );
        assert_eq!(encode_segment("a#b"), "a%23b");
        assert_eq!(relative("/en/a/", "/en/b/?q=1#x", false), "../b/?q=1#x");
        assert_eq!(
            relative("/zh/", "/zh/javascript:alert(1)/x.png", false),
            "javascript%3Aalert(1)/x.png"
        );
        assert_eq!(relative("/zh/", "/zh/历史/", false), "%E5%8E%86%E5%8F%B2/");
        assert_eq!(encode_segment("a\u{3000}b\u{200B}"), "a%E3%80%80b%E2%80%8B");
        // What is encoded decodes back to the file name the server looks for.
        for name in ["q#1 ?50%.pdf", "a:b", "历史 照片.jpg", "[x]{y}|^`"] {
            assert_eq!(percent_decode(&encode_segment(name)), name);
        }
    }

    #[test]
    fn decoding_keeps_invalid_escapes() {
        assert_eq!(percent_decode("%E5%8E%86%E5%8F%B2-x%2"), "历史-x%2");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn one_encoder_for_relative_root_and_absolute_urls() {
        let path = "/zh/图 片,1.png";
        assert_eq!(
            relative("/zh/", path, false),
            "%E5%9B%BE%20%E7%89%87%2C1.png"
        );
        assert_eq!(from_root("/", path), "/zh/%E5%9B%BE%20%E7%89%87%2C1.png");
        assert_eq!(
            permalink("https://x.org/", path),
            "https://x.org/zh/%E5%9B%BE%20%E7%89%87%2C1.png"
        );
        // A fragment or a query stays one in a permalink.
        assert_eq!(
            permalink("https://x.org/", "/zh/a.png?v=1#早 期"),
            "https://x.org/zh/a.png?v=1#%E6%97%A9%20%E6%9C%9F"
        );
        assert_eq!(
            relative("/zh/", "/zh/a/#早 期", false),
            "a/#%E6%97%A9%20%E6%9C%9F"
        );
    }

    #[test]
    fn site_paths_are_decoded_once() {
        assert_eq!(decode_site_path("/%E5%9B%BE.png"), "/图.png");
        assert_eq!(decode_site_path("/a%20b/?q=%20#x%20"), "/a b/?q=%20#x%20");
        let decoded = decode_site_path("/%E5%9B%BE.png");
        assert_eq!(relative("/en/", &decoded, false), "../%E5%9B%BE.png");
    }

    #[test]
    fn destinations_as_written_keep_their_escapes() {
        assert_eq!(
            as_written("https://a.b/%E5%9B%BE x"),
            "https://a.b/%E5%9B%BE%20x"
        );
        assert_eq!(
            as_written("mailto:a@b.c?subject=\"hi\""),
            "mailto:a@b.c?subject=%22hi%22"
        );
        assert_eq!(
            as_written("https://例子.cn/路"),
            "https://%E4%BE%8B%E5%AD%90.cn/%E8%B7%AF"
        );
    }

    #[test]
    fn permalinks_are_encoded() {
        assert_eq!(
            permalink("https://x.edu.cn/intl/", "/zh/历史/"),
            "https://x.edu.cn/intl/zh/%E5%8E%86%E5%8F%B2/"
        );
        assert_eq!(
            permalink("https://x.org/", "/en/a b;c/"),
            "https://x.org/en/a%20b;c/"
        );
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/en/x/"), "en/x/index.html");
        assert_eq!(output_file("/en/404.html"), "en/404.html");
    }

    #[test]
    fn urls_from_the_server_root_under_the_base_path() {
        assert_eq!(base_path("https://example.edu.cn/intl/"), "/intl/");
        assert_eq!(base_path("https://example.edu.cn"), "/");
        assert_eq!(base_path("https://example.edu.cn/a/b"), "/a/b/");
        assert_eq!(
            from_root("/intl/", "/zh/关于 我们/"),
            "/intl/zh/%E5%85%B3%E4%BA%8E%20%E6%88%91%E4%BB%AC/"
        );
        assert_eq!(from_root("/", "/style.css"), "/style.css");
        assert_eq!(from_root("/intl/", "/zh/#top"), "/intl/zh/#top");
        assert_eq!(from_root("/intl/", "/"), "/intl/");
    }
}
