//! Safe path resolution: a request path becomes a file inside the output folder, or the
//! reason it does not. Never a byte from outside the folder: the path is percent-decoded
//! once, every segment must be a plain name (no `..`, `.`, empty, `:`, `\`, NUL, encoded
//! slash), and the final file is canonicalized and must stay under the canonical root, so a
//! symlink inside the output that points out is refused too.

use std::path::{Component, Path, PathBuf};

use crate::urls::percent_decode_strict;

/// What a request path leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file under the root (canonical path).
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect here.
    Redirect(String),
    /// Nothing there.
    NotFound,
    /// A malformed path or one that tries to leave the folder (400).
    BadRequest(&'static str),
    /// A path that resolves outside the root through a symlink (403).
    Forbidden,
}

/// Resolves the request target `url` (`/en/about/?x=1`) under `root`, which must be
/// canonical (see [`std::fs::canonicalize`]).
pub fn resolve(root: &Path, url: &str) -> Target {
    let (raw_path, query) = split_query(url);
    let segments = match segments(raw_path) {
        Ok(segments) => segments,
        Err(why) => return Target::BadRequest(why),
    };
    let mut path = root.to_path_buf();
    path.extend(&segments);
    let file = if raw_path.ends_with('/') {
        path.join("index.html")
    } else if path.is_dir() {
        return Target::Redirect(format!("{raw_path}/{query}"));
    } else {
        path
    };
    confine(root, &file)
}

/// The first segment of a request path, decoded: `/en/x/` → `Some("en")`.
pub fn first_segment(url: &str) -> Option<String> {
    let (raw_path, _) = split_query(url);
    let first = raw_path.trim_start_matches('/').split('/').next()?;
    percent_decode_strict(first).ok().filter(|s| !s.is_empty())
}

/// Splits `/a/b?x#y` into `/a/b` and `?x` (the fragment is dropped; browsers never send it).
fn split_query(url: &str) -> (&str, &str) {
    let url = url.split('#').next().unwrap_or_default();
    match url.find('?') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    }
}

/// The decoded, checked segments of a raw path; a trailing `/` adds no segment.
fn segments(raw_path: &str) -> Result<Vec<String>, &'static str> {
    let rest = raw_path
        .strip_prefix('/')
        .ok_or("the path must start with `/`")?;
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err("encoded slashes are not allowed in paths");
    }
    let decoded = percent_decode_strict(rest)?;
    if decoded.contains(['\\', '\0']) {
        return Err("backslashes and NUL are not allowed in paths");
    }
    let mut parts: Vec<&str> = decoded.split('/').collect();
    if parts.last() == Some(&"") {
        parts.pop();
    }
    parts.iter().try_for_each(|p| check_segment(p))?;
    Ok(parts.into_iter().map(str::to_string).collect())
}

/// A segment must be one plain file name.
fn check_segment(segment: &str) -> Result<(), &'static str> {
    if segment.is_empty() {
        return Err("empty path segments (`//`) are not allowed");
    }
    if segment == "." || segment == ".." {
        return Err("`.` and `..` segments are not allowed");
    }
    if segment.contains(':') || segment.chars().any(char::is_control) {
        return Err("`:` and control characters are not allowed in paths");
    }
    let mut components = Path::new(segment).components();
    match (components.next(), components.next()) {
        (Some(Component::Normal(_)), None) => Ok(()),
        _ => Err("a path segment must be a plain name"),
    }
}

/// The file, if it exists, is a regular file and really lies under `root`.
fn confine(root: &Path, file: &Path) -> Target {
    match std::fs::canonicalize(file) {
        Ok(real) if !real.starts_with(root) => Target::Forbidden,
        Ok(real) if real.is_file() => Target::File(real),
        _ => Target::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        std::fs::create_dir_all(root.join("en/about")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("en/about/index.html"), "about").unwrap();
        std::fs::write(root.join("style.css"), "css").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = std::fs::canonicalize(root).unwrap();
        (dir, root)
    }

    #[test]
    fn folders_serve_their_index_and_redirect_without_slash() {
        let (_d, root) = site();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/en/about/?q=1"),
            Target::File(root.join("en/about/index.html"))
        );
        assert_eq!(
            resolve(&root, "/en/about?q=1"),
            Target::Redirect("/en/about/?q=1".into())
        );
        assert_eq!(
            resolve(&root, "/style.css"),
            Target::File(root.join("style.css"))
        );
        assert_eq!(resolve(&root, "/style.css/"), Target::NotFound);
        assert_eq!(resolve(&root, "/nope.html"), Target::NotFound);
    }

    #[test]
    fn traversal_and_odd_paths_are_bad_requests() {
        let (_d, root) = site();
        for url in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/en/%2F..%2F..%2Fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "//etc/passwd",
            "/C:/Windows",
            "/en/./about/",
            "/a%00b",
            "/%zz",
            "/%ff",
            "relative",
        ] {
            assert!(
                matches!(resolve(&root, url), Target::BadRequest(_)),
                "{url}: {:?}",
                resolve(&root, url)
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_leading_out_is_forbidden() {
        let (dir, root) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Target::Forbidden);
        assert_eq!(resolve(&root, "/up/secret.txt"), Target::Forbidden);
        std::os::unix::fs::symlink(root.join("style.css"), root.join("inside.css")).unwrap();
        assert_eq!(
            resolve(&root, "/inside.css"),
            Target::File(root.join("style.css"))
        );
    }

    #[test]
    fn unicode_paths_decode() {
        let (_d, root) = site();
        std::fs::write(root.join("关于.txt"), "x").unwrap();
        assert_eq!(
            resolve(&root, "/%E5%85%B3%E4%BA%8E.txt"),
            Target::File(root.join("关于.txt"))
        );
        assert_eq!(first_segment("/en/x/"), Some("en".into()));
        assert_eq!(first_segment("/"), None);
    }
}
