//! Real-world content (issue 17): builds the `real` fixture site, whose pages are written
//! the way people outside this project write them (percent-encoded paths, raw HTML, deep
//! sections), and checks what was written.

mod common;

use common::*;

fn built(flags: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("real"), &out, flags);
    (dir, out)
}

#[test]
fn percent_encoded_paths_are_decoded_once_and_encoded_once() {
    let (_d, out) = built(&[]);
    let zh = read(&out.join("zh/guide/index.html"));
    // 图 = %E5%9B%BE, 照 片 = %E7%85%A7%20%E7%89%87, 图片 = %E5%9B%BE%E7%89%87: the
    // one encoder writes every non-ASCII character percent-encoded, as Markdown links are.
    for url in [
        r#"src="../../%E5%9B%BE.png""#,
        r#"src="%E7%85%A7%20%E7%89%87.png""#,
        r#"href="../../%E5%9B%BE.png#a""#,
        r#"href="%E7%85%A7%20%E7%89%87.png?v=1#top""#,
        r##"href="#%E5%9B%BE%E7%89%87""##,
    ] {
        assert!(zh.contains(url), "{url} in {zh}");
    }
    let en = read(&out.join("en/guide/index.html"));
    assert!(
        en.contains(r##"href="../../zh/guide/#%E5%9B%BE%E7%89%87""##),
        "{en}"
    );
    for html in [&zh, &en] {
        assert!(!html.contains("%25"), "nothing is encoded twice: {html}");
    }
    // Every URL written resolves to a file that exists.
    assert_eq!(broken_links(&out, false), Vec::<String>::new());
    let print = read(&out.join("print/brochure.zh.html"));
    assert!(!print.contains("%25"), "nothing encoded twice in print");
    assert!(
        !print.contains("%23") && !print.contains("%3F"),
        "a fragment or query stays one in absolute URLs"
    );
}

/// `brochure check --format json` on `site`: its diagnostics.
fn diagnostics(site: &std::path::Path) -> Vec<serde_json::Value> {
    let output = brochure(&[
        "check",
        "--site",
        site.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    report["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn a_hint_speaks_of_the_pages_own_typography() {
    let found = diagnostics(&fixture("real"));
    let hint_for = |file: &str| {
        found
            .iter()
            .find(|d| d["code"] == "leftover-strong" && d["file"].as_str().unwrap().ends_with(file))
            .unwrap_or_else(|| panic!("no leftover-strong in {file}: {found:?}"))["hint"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let en = hint_for("guide/_index.en.md");
    assert!(!en.contains("Chinese") && !en.contains('引'), "{en}");
    assert!(en.contains("word **\"quoted\"** here"), "{en}");
    let zh = hint_for("guide/_index.zh.md");
    assert!(zh.contains("Chinese punctuation"), "{zh}");
}

#[test]
fn a_page_knows_every_section_above_it() {
    let (_d, out) = built(&[]);
    let bottom = read(&out.join("zh/guide/shenchu/deeper/bottom/index.html"));
    assert!(
        bottom.contains(r#"<ol class="crumbs"><li><a href="../../../../">首页</a></li><li><a href="../../../">指南</a></li><li><a href="../../">深处</a></li><li><a href="../">更深</a></li></ol>"#),
        "{bottom}"
    );
    let deeper = read(&out.join("zh/guide/shenchu/deeper/index.html"));
    assert!(
        deeper.contains(r#"<a class="parent" href="../">深处</a>"#),
        "{deeper}"
    );
    let home = read(&out.join("zh/index.html"));
    assert!(
        home.contains(r#"<ol class="crumbs"></ol>"#),
        "a home has no ancestors"
    );
    assert!(!home.contains(r#"class="parent""#), "nor a parent");
}

#[test]
fn the_default_theme_draws_the_whole_breadcrumb() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let status = brochure(&["new", site.to_str().unwrap()]);
    assert!(status.status.success());
    let deep = site.join("content/about/a/b");
    std::fs::create_dir_all(&deep).unwrap();
    for (file, title) in [
        ("a/_index.en.md", "Level A"),
        ("a/b/_index.en.md", "Level B"),
        ("a/b/leaf.en.md", "Leaf"),
    ] {
        std::fs::write(
            site.join("content/about").join(file),
            format!("---\ntitle: {title}\n---\n\nText.\n\n```python\nkey = 1\n```\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    let leaf = read(&out.join("en/about/a/b/leaf/index.html"));
    let crumbs = &leaf[leaf.find(r#"<nav class="breadcrumb""#).unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    let names: Vec<&str> = crumbs
        .split("<li>")
        .skip(1)
        .map(|li| {
            let text = &li[..li.find("</").unwrap()];
            &text[text.rfind('>').unwrap() + 1..]
        })
        .collect();
    let about = read(&site.join("content/about/_index.en.md"));
    let about_title = about
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap()
        .trim_matches('"');
    assert_eq!(
        names[1..],
        [about_title, "Level A", "Level B", "Leaf"],
        "{crumbs}"
    );
    // The default theme colours highlighted code with its own stylesheet.
    assert!(
        leaf.contains(r#"href="../../../../../highlight.css""#),
        "{leaf}"
    );
    assert!(leaf.contains(r#"<pre class="highlight">"#), "{leaf}");
    assert!(out.join("highlight.css").is_file());
}

#[test]
fn a_sections_assets_follow_its_slug() {
    let (_d, out) = built(&[]);
    assert!(out.join("zh/guide/shenchu/pic.png").is_file());
    assert!(
        !out.join("zh/guide/deep").exists(),
        "nothing under the folder name"
    );
    let zh = read(&out.join("zh/guide/shenchu/index.html"));
    assert!(zh.contains(r#"src="pic.png""#), "{zh}");
    let en = read(&out.join("en/guide/deep-end/index.html"));
    assert!(
        en.contains(r#"src="../../../zh/guide/shenchu/pic.png""#),
        "{en}"
    );
    assert_eq!(broken_links(&out, false), Vec::<String>::new());
}

#[test]
fn raw_html_links_resolve_like_markdown_links() {
    let (_d, out) = built(&[]);
    let en = read(&out.join("en/guide/index.html"));
    for written in [
        r#"<a href="deep-end/">deeper</a>"#,
        r#"<a href="../../zh/guide/">a site path to a folder</a>"#,
        r#"<img src="../../zh/guide/%E7%85%A7%20%E7%89%87.png">"#,
        r#"<source srcset="../../%E5%9B%BE.png 1x, ../../zh/guide/shenchu/pic.png 2x">"#,
        r#"<video poster="../../zh/guide/shenchu/pic.png">"#,
        r##"<a href="#raw-anchor">to the raw anchor</a>"##,
        r##"<a href="../../zh/guide/#%E5%9B%BE%E7%89%87">"##,
    ] {
        assert!(en.contains(written), "{written} in {en}");
    }
    let zh = read(&out.join("zh/guide/index.html"));
    assert!(
        zh.contains(r##"<a href="../../en/guide/#raw-anchor">原始锚点"##),
        "an id in raw HTML is an anchor target: {zh}"
    );
    assert_eq!(broken_links(&out, false), Vec::<String>::new());
}

#[test]
fn raw_html_links_work_offline_and_in_print() {
    let (_d, out) = built(&["--offline"]);
    let en = read(&out.join("en/guide/index.html"));
    assert!(
        en.contains(r#"<a href="deep-end/index.html">deeper</a>"#),
        "{en}"
    );
    assert!(en.contains(r#"<a href="../../zh/guide/index.html">a site path"#));
    assert_eq!(broken_links(&out, true), Vec::<String>::new());
    let print = read(&out.join("print/brochure.bilingual.html"));
    assert!(print.contains(r#"<div class="raw" id="en-guide--raw-anchor">"#));
    assert!(print.contains(r##"<a href="#en-guide--raw-anchor">原始锚点"##));
    assert!(print.contains(r##"<a href="#en-guide-deep-end">deeper</a>"##));
    assert!(print.contains(r#"<video poster="data:image/png;base64,"#));
}

#[test]
fn a_raw_img_without_alt_is_reported() {
    let found = diagnostics(&fixture("real"));
    let alt: Vec<_> = found
        .iter()
        .filter(|d| d["code"] == "image-alt")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].clone(),
                d["message"].clone(),
            )
        })
        .collect();
    assert_eq!(alt.len(), 1, "{alt:?}");
    assert!(alt[0].0.ends_with("guide/_index.en.md"));
    assert_eq!(alt[0].1, 14);
    assert_eq!(alt[0].2, "this <img> has no alt text");
}

#[test]
fn print_editions_are_self_contained_whatever_the_content() {
    let (_d, out) = built(&[]);
    for edition in ["zh", "en", "bilingual"] {
        let html = read(&out.join(format!("print/brochure.{edition}.html")));
        let mut urls = urls(&html);
        urls.extend(attr_values(&html, "poster"));
        for url in &urls {
            let ok = url.starts_with('#')
                || url.starts_with("data:")
                || url.starts_with("https://")
                || url.starts_with("mailto:");
            assert!(ok, "{edition}: `{url}` leaves the file");
        }
        assert!(
            !html.contains(r#"src="https://example.org/sub/%E5%9B%BE.png"#)
                && !html.contains("https://example.org/sub/%E5%9B%BE.png 1x"),
            "{edition}: a static image is inlined, not fetched from base_url"
        );
    }
    let en = read(&out.join("print/brochure.en.html"));
    assert!(
        en.contains(r#"src="https://example.com/remote.png""#),
        "an image only on another web site is kept as it is"
    );
    let found = diagnostics(&fixture("real"));
    let remote: Vec<_> = found
        .iter()
        .filter(|d| d["code"] == "remote-image")
        .collect();
    assert_eq!(remote.len(), 1, "{remote:?}");
    assert!(
        remote[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("guide/deep/_index.en.md")
    );
    assert_eq!(remote[0]["line"], 8);
}

#[test]
fn fenced_code_is_highlighted_at_build_time() {
    let (_d, out) = built(&[]);
    let en = read(&out.join("en/guide/deep-end/index.html"));
    assert!(
        en.contains(
            r#"<pre class="highlight"><code class="language-rust"><span class="hl-keyword">fn</span> <span class="hl-function">main</span>"#
        ),
        "{en}"
    );
    assert!(en.contains("&lt;hi&gt;"), "the code stays escaped");
    assert!(
        en.contains("<pre><code class=\"language-klingon\">qapla'\n</code></pre>"),
        "an unknown language stays plain: {en}"
    );
}
