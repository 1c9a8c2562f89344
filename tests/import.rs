//! `brochure import hugo SRC DEST` on the fixture Hugo sites: the converted tree, the
//! counts, the refusals and errors, and that the new site builds and keeps Hugo's URLs.

mod common;

use std::path::Path;

use common::*;

fn import(src: &Path, dest: &Path) -> String {
    let out = brochure(&[
        "import",
        "hugo",
        src.to_str().unwrap(),
        dest.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// Every URL Hugo 0.168 gives the fixture's pages (`hugo list all`, its permalink column,
/// `https://example.org` left off).
const HUGO_URLS: &[&str] = &[
    "/en/",
    "/en/docs/",
    "/en/docs/bundle/",
    "/en/docs/intro/",
    "/en/news/2024/03/first/",
    "/about-us/",
    "/docs/getting-started/",
    "/docs/",
    "/docs/tupian/",
    "/docs/intro/",
    "/news/2024/03/first/",
];

#[test]
fn a_multilingual_hugo_site_converts_builds_and_keeps_its_urls() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let stderr = import(&fixture("hugo"), &site);
    for line in [
        "pages: 6 en + 8 zh",
        "shortcodes converted: 9 (param 2, relref 2, figure 1, highlight 1, ref 1, x 1, youtube 1)",
        "shortcodes kept as written: 1 (notice 1)",
        "aliases written: 9 (the default language at the site's root 5, a permalink pattern 2, Hugo's aliases 1, a `url` in front matter 1)",
        "front matter keys moved under extra: 1 (tags 1)",
        "links made absolute on baseURL: 1 (to nothing Hugo had (broken there too) 1)",
        "renamed: 2 (assets that differ between languages (one name each) 1, files and folders, to the URL segment Hugo made of them 1)",
        "static files copied: 1",
    ] {
        assert!(stderr.contains(line), "`{line}` missing in:\n{stderr}");
    }
    let intro = read(&site.join("content/docs/intro.zh.md"));
    for part in [
        "title: 入门\ndate: 2024-03-01T10:00:00Z\nupdated: 2024-03-05T08:00:00+08:00\nweight: 1\n",
        "aliases:\n- /old/intro/\n- /docs/intro/\nextra:\n  tags:\n  - 入门\n",
        "当前版本 2.1。",
        "```go\nfunc main() {}\n```",
        "<figure><img src=\"/img/logo.png\" alt=\"标志\"><figcaption>站点标志</figcaption></figure>",
        "{{< notice tip >}}\n这个提示框是主题自己的短代码。\n{{< /notice >}}",
        "[入门指南](@/docs/getting-started.zh.md)",
        "[带图的页面](@/docs/bundle/index.zh.md)",
        "[不存在的页面](https://example.org/docs/missing/)",
    ] {
        assert!(intro.contains(part), "`{part}` missing in:\n{intro}");
    }
    let home = read(&site.join("content/_index.zh.md"));
    assert!(
        home.contains("<a href=\"@/docs/intro.zh.md#安装\">"),
        "{home}"
    );
    let en_intro = read(&site.join("content/docs/intro.en.md"));
    assert!(
        en_intro.contains("[Chinese page](@/docs/intro.zh.md)"),
        "{en_intro}"
    );
    let json = read(&site.join("content/news/first.en.md"));
    assert!(
        json.contains("slug: first\naliases:\n- /en/news/2024/03/first/\n"),
        "{json}"
    );
    assert!(read(&site.join("content/about.zh.md")).contains("slug: about-us\n"));
    // Each language's photo of the bundle keeps its own bytes.
    let zh_photo = std::fs::read(site.join("content/docs/bundle/photo.png")).unwrap();
    let en_photo = std::fs::read(site.join("content/docs/bundle/photo-en.png")).unwrap();
    assert_eq!(
        zh_photo,
        std::fs::read(fixture("hugo/content/zh/docs/bundle/photo.png")).unwrap()
    );
    assert_eq!(
        en_photo,
        std::fs::read(fixture("hugo/content/en/docs/bundle/photo.png")).unwrap()
    );
    assert!(read(&site.join("content/docs/bundle/index.en.md")).contains("![Green](photo-en.png)"));
    assert!(site.join("static/img/logo.png").is_file());
    assert!(site.join("themes/brochure/templates/base.html").is_file());
    assert!(!site.join("layouts").exists());

    let out = dir.path().join("public");
    build(&site, &out, &[]);
    for url in HUGO_URLS {
        let file = out.join(url.trim_start_matches('/')).join("index.html");
        assert!(file.is_file(), "Hugo's {url} is not in the output");
    }
    assert_eq!(broken_links(&out, false), Vec::<String>::new());
    // A page at its old Hugo URL redirects to its new one, which is the page itself.
    let redirect = read(&out.join("docs/intro/index.html"));
    assert!(redirect.contains("zh/docs/intro/"), "{redirect}");
    let page = read(&out.join("zh/docs/intro/index.html"));
    assert!(
        page.contains("hl-"),
        "the highlight shortcode is highlighted code now"
    );
    // The language switcher pairs the translations of both content trees.
    assert!(read(&out.join("en/docs/intro/index.html")).contains("hreflang=\"zh"));
}

#[test]
fn an_import_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let first = import(&fixture("hugo"), &a);
    let second = import(&fixture("hugo"), &b);
    let counts = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("  "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(counts(&first), counts(&second));
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa, fb);
    for f in &fa {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn suffixed_files_in_one_tree_pair_by_path_and_translation_key() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let stderr = import(&fixture("hugo-suffix"), &site);
    assert!(stderr.contains("pages: 4 en + 4 zh"), "{stderr}");
    assert!(stderr.contains("URLs kept: 8"), "{stderr}");
    assert!(!stderr.contains("aliases written"), "{stderr}");
    assert!(read(&site.join("site.yaml")).contains("locale: zh-CN"));
    assert!(read(&site.join("content/posts/nihao.zh.md")).contains("translation_key: hello"));
    assert!(read(&site.join("content/_index.en.md")).contains("[about](@/about.en.md)"));
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    for url in [
        "en/",
        "zh/",
        "en/about/",
        "zh/about/",
        "en/posts/hello/",
        "zh/posts/nihao/",
    ] {
        assert!(out.join(url).join("index.html").is_file(), "{url}");
    }
    let hello = read(&out.join("en/posts/hello/index.html"));
    assert!(
        hello.contains("hreflang=\"zh"),
        "paired by translationKey: {hello}"
    );
}

#[test]
fn a_non_empty_destination_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("taken");
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("notes.txt"), "mine").unwrap();
    let out = brochure(&[
        "import",
        "hugo",
        fixture("hugo").to_str().unwrap(),
        dest.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the folder is not empty"), "{stderr}");
    assert_eq!(files(&dest), vec!["notes.txt".to_string()]);
}

#[test]
fn broken_front_matter_names_file_line_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("hugo");
    copy_tree(&fixture("hugo"), &src);
    let bad = src.join("content/en/docs/intro.md");
    std::fs::write(&bad, "+++\ntitle = \"Intro\"\nweight = = 1\n+++\n\nText.\n").unwrap();
    std::fs::write(
        src.join("content/zh/about.md"),
        "---\ntitle: 关于\ntags: [a, b\n---\n",
    )
    .unwrap();
    let dest = dir.path().join("site");
    let out = brochure(&[
        "import",
        "hugo",
        src.to_str().unwrap(),
        dest.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bad TOML"), "{stderr}");
    assert!(stderr.contains("content/en/docs/intro.md:3:"), "{stderr}");
    assert!(stderr.contains("bad YAML"), "{stderr}");
    assert!(stderr.contains("content/zh/about.md:"), "{stderr}");
    assert!(!dest.exists(), "nothing written");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}
