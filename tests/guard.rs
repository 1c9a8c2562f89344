//! No file of the site takes a path brochure generates.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn basic_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    copy_tree(&fixture("basic"), &site);
    site
}

#[test]
fn check_finds_a_file_at_a_generated_path() {
    let dir = tempfile::tempdir().unwrap();
    let site = basic_site(dir.path());
    std::fs::write(site.join("content/index.html"), "<p>mine</p>").unwrap();
    std::fs::create_dir_all(site.join("static/print")).unwrap();
    std::fs::write(site.join("static/print/brochure.en.html"), "mine").unwrap();
    // Overriding a theme's static file is what static/ is for.
    std::fs::write(site.join("static/style.css"), "body{}").unwrap();
    let output = brochure(&["check", "--site", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for expected in [
        "content/index.html` and the page",
        "would both be written to `zh/index.html`",
        "would both be written to `en/index.html`",
        "static/print/brochure.en.html` and the print edition would both be written to `print/brochure.en.html`",
        "content/index.html:1:1",
        "static/print/brochure.en.html:1:1",
    ] {
        assert!(stderr.contains(expected), "no `{expected}`:\n{stderr}");
    }
    assert!(!stderr.contains("style.css"), "{stderr}");
    assert!(stderr.contains("check: 3 errors"), "{stderr}");
}
