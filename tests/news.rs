//! A dated news section (`tests/fixtures/news`, with the default theme and locales): 9
//! Chinese and 8 English posts (one only in Chinese), `sort_by: date`, `paginate_by: 3`,
//! one `updated`, one alias. Order, listing pages, localized dates, redirects and feeds.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// The fixture with the repo's theme and locales, built into `out` (with `flags`).
fn news_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    copy_tree(&fixture("news"), &site);
    copy_tree(&repo().join("themes"), &site.join("themes"));
    copy_tree(&repo().join("locales"), &site.join("locales"));
    site
}

fn built(flags: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = news_site(dir.path());
    let out = dir.path().join("public");
    build(&site, &out, flags);
    (dir, out)
}

/// The titles listed on a listing page, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<h3 class=\"page-list-title\">")
        .skip(1)
        .map(|item| {
            let start = item.find('>').unwrap() + 1;
            let end = item.find("</a>").unwrap();
            item[start..end].to_string()
        })
        .collect()
}

#[test]
fn listing_pages_go_newest_first_three_to_a_page() {
    let (_dir, out) = built(&[]);
    let zh: Vec<Vec<String>> = [
        "zh/news/index.html",
        "zh/news/page/2/index.html",
        "zh/news/page/3/index.html",
    ]
    .iter()
    .map(|p| listed(&read(&out.join(p))))
    .collect();
    assert_eq!(zh[0], ["只有中文的示例新闻", "示例新闻 8", "示例新闻 7"]);
    assert_eq!(zh[1], ["示例新闻 6", "示例新闻 5", "示例新闻 4"]);
    assert_eq!(zh[2], ["示例新闻 3", "示例新闻 2", "示例新闻 1"]);
    assert!(!out.join("zh/news/page/4").exists());
    let en3 = listed(&read(&out.join("en/news/page/3/index.html")));
    assert_eq!(en3, ["Example news 2", "Example news 1"]);
    assert!(!out.join("en/news/page/4").exists());

    let page2 = read(&out.join("zh/news/page/2/index.html"));
    assert!(
        page2.contains(r#"<link rel="prev" href="../../">"#),
        "{page2}"
    );
    assert!(
        page2.contains(r#"<link rel="next" href="../3/">"#),
        "{page2}"
    );
    assert!(page2.contains("第2页，共3页"), "{page2}");
    // the section's own text stays on the first listing page
    assert!(!page2.contains("<p>示例新闻栏目。</p>"), "{page2}");
    assert!(read(&out.join("zh/news/index.html")).contains("<p>示例新闻栏目。</p>"));
    // page/1/ sends the reader to the section itself
    let first = read(&out.join("zh/news/page/1/index.html"));
    assert!(first.contains(r#"content="0; url=../../""#), "{first}");
}

#[test]
fn dates_read_as_each_language_writes_them() {
    let (_dir, out) = built(&[]);
    let zh = read(&out.join("zh/news/post-3/index.html"));
    assert!(
        zh.contains(r#"<time datetime="2026-03-10">发布日期：2026年3月10日</time>"#),
        "{zh}"
    );
    assert!(
        zh.contains(r#"<time class="updated" datetime="2026-06-01">更新日期：2026年6月1日</time>"#),
        "{zh}"
    );
    let en = read(&out.join("en/news/post-3/index.html"));
    assert!(en.contains(">Published March 10, 2026</time>"), "{en}");
    assert!(en.contains(">Updated June 1, 2026</time>"), "{en}");
    let listing = read(&out.join("en/news/page/2/index.html"));
    assert!(
        listing.contains(r#"<time datetime="2026-05-10T09:30:00+08:00">May 10, 2026</time>"#),
        "{listing}"
    );
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(
        sitemap.contains("<lastmod>2026-06-01</lastmod>"),
        "updated wins: {sitemap}"
    );
}

#[test]
fn an_alias_redirects_relatively_and_stays_out_of_the_sitemap() {
    let (_dir, out) = built(&[]);
    let alias = read(&out.join("zh/old/news/first/index.html"));
    assert!(
        alias.contains(r#"<meta http-equiv="refresh" content="0; url=../../../news/post-1/">"#),
        "{alias}"
    );
    assert!(
        alias.contains(r#"<a href="../../../news/post-1/">示例新闻 1</a>"#),
        "{alias}"
    );
    assert!(
        alias.contains(
            r#"<link rel="canonical" href="https://news.example.org/intl/zh/news/post-1/">"#
        ),
        "{alias}"
    );
    assert!(!read(&out.join("sitemap.xml")).contains("old/news"));
    let (_dir, offline) = built(&["--offline"]);
    let alias = read(&offline.join("zh/old/news/first/index.html"));
    assert!(
        alias.contains("url=../../../news/post-1/index.html"),
        "{alias}"
    );
    assert_eq!(broken_links(&offline, true), Vec::<String>::new());
}

#[test]
fn feeds_list_dated_pages_newest_first_with_absolute_links() {
    let (_dir, out) = built(&[]);
    let zh = read(&out.join("zh/atom.xml"));
    assert!(
        zh.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">"#),
        "{zh}"
    );
    assert!(zh.contains(r#"<link rel="self" type="application/atom+xml" href="https://news.example.org/intl/zh/atom.xml"/>"#), "{zh}");
    assert!(
        zh.contains("<updated>2026-09-01T00:00:00Z</updated>"),
        "{zh}"
    );
    let ids: Vec<&str> = zh
        .split("<id>")
        .skip(2)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect();
    assert_eq!(ids.len(), 9, "{zh}");
    assert_eq!(ids[0], "https://news.example.org/intl/zh/news/zh-only/");
    assert_eq!(ids[8], "https://news.example.org/intl/zh/news/post-1/");
    assert!(
        zh.contains("<published>2026-05-10T09:30:00+08:00</published>"),
        "{zh}"
    );
    let en = read(&out.join("en/news/atom.xml"));
    assert_eq!(en.matches("<entry>").count(), 8);
    assert!(
        en.contains("<title>News | News Example Site</title>"),
        "{en}"
    );
    let home = read(&out.join("en/index.html"));
    assert!(home.contains(r#"<link rel="alternate" type="application/atom+xml" title="News Example Site" href="https://news.example.org/intl/en/atom.xml">"#), "{home}");
}

#[test]
fn feeds_hold_the_most_recent_entries_and_full_content_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let site = news_site(dir.path());
    let config = read(&site.join("site.yaml")) + "feeds: { entries: 2, content: full }\n";
    std::fs::write(site.join("site.yaml"), config).unwrap();
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    let en = read(&out.join("en/atom.xml"));
    assert_eq!(en.matches("<entry>").count(), 2, "{en}");
    assert!(en.contains(r#"<content type="html" xml:base="https://news.example.org/intl/en/news/post-8/">&lt;p&gt;This is example news item 8.&lt;/p&gt;"#), "{en}");
}

#[test]
fn pages_carry_share_cards_and_structured_data() {
    let (_dir, out) = built(&[]);
    let post = read(&out.join("en/news/post-8/index.html"));
    for tag in [
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="og:title" content="Example news 8">"#,
        r#"<meta property="og:url" content="https://news.example.org/intl/en/news/post-8/">"#,
        r#"<meta property="og:image" content="https://news.example.org/intl/zh/news/post-8.png">"#, // assets are stored once, beside the default language
        r#"<meta property="og:image:width" content="120">"#,
        r#"<meta property="og:image:height" content="63">"#,
        r#"<meta property="og:locale" content="en">"#,
        r#"<meta property="og:locale:alternate" content="zh_CN">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
        r#""@type":"Article""#,
        r#""datePublished":"2026-08-10T00:00:00Z""#,
        r#""@type":"BreadcrumbList""#,
    ] {
        assert!(post.contains(tag), "{tag} missing:\n{post}");
    }
    let updated = read(&out.join("zh/news/post-3/index.html"));
    assert!(
        updated.contains(r#""dateModified":"2026-06-01T00:00:00Z""#),
        "{updated}"
    );
    let home = read(&out.join("zh/index.html"));
    let org = r#"{"@context":"https://schema.org","@type":"Organization""#;
    assert!(home.contains(org), "{home}");
    assert!(!post.contains(org), "the organization is on homes");
}

#[test]
fn a_title_cannot_end_the_json_ld_script() {
    let dir = tempfile::tempdir().unwrap();
    let site = news_site(dir.path());
    let post = site.join("content/news/post-2.en.md");
    let text = read(&post).replace(
        "title: Example news 2",
        "title: \"</script><script>alert(1)</script>\"",
    );
    std::fs::write(&post, text).unwrap();
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    let html = read(&out.join("en/news/post-2/index.html"));
    assert!(!html.contains("<script>alert(1)"), "{html}");
    let blocks: Vec<&str> = html
        .split(r#"<script type="application/ld+json">"#)
        .skip(1)
        .map(|b| &b[..b.find("</script>").unwrap()])
        .collect();
    assert_eq!(blocks.len(), 2, "Article and BreadcrumbList: {html}");
    let article: serde_json::Value = serde_json::from_str(blocks[0]).unwrap();
    assert_eq!(article["headline"], "</script><script>alert(1)</script>");
}

#[test]
fn an_image_that_names_no_file_is_an_error_at_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let site = news_site(dir.path());
    let post = site.join("content/news/post-1.en.md");
    let text = read(&post).replace(
        "date: 2026-01-10\n",
        "date: 2026-01-10\nimage: missing.jpg\n",
    );
    std::fs::write(&post, text).unwrap();
    let output = brochure(&[
        "build",
        "--site",
        site.to_str().unwrap(),
        "--out",
        dir.path().join("p").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: `image: missing.jpg` names no file"),
        "{stderr}"
    );
    assert!(stderr.contains("post-1.en.md:5:1"), "{stderr}");
}

#[test]
fn feeds_are_valid_atom_for_jing_and_feedparser() {
    use common::tools::*;
    let Some(tools) = require(vec![
        program("jing", "jing (apt-get install jing)"),
        python_with("feedparser", "feedparser (pip install feedparser)"),
    ]) else {
        return;
    };
    let (_dir, out) = built(&[]);
    let feeds = [
        "zh/atom.xml",
        "en/atom.xml",
        "zh/news/atom.xml",
        "en/news/atom.xml",
    ]
    .map(|f| out.join(f));
    let schema = repo().join("tests/schemas/atom.rnc");
    let mut jing = std::process::Command::new(&tools[0]);
    jing.arg("-c").arg(&schema).args(&feeds);
    let report = run_checked("jing", &mut jing);
    println!("jing: {report}");
    let script = "import feedparser, sys\n\
        for f in sys.argv[1:]:\n\
        \x20   d = feedparser.parse(f)\n\
        \x20   assert not d.bozo, (f, d.get('bozo_exception'))\n\
        \x20   assert d.version == 'atom10', (f, d.version)\n\
        \x20   assert d.entries and all(e.get('id') and e.get('updated') for e in d.entries), f\n\
        \x20   print(f, d.version, len(d.entries), 'entries, bozo', d.bozo)\n";
    let mut python = std::process::Command::new(&tools[1]);
    python.arg("-c").arg(script).args(&feeds);
    println!("{}", run_checked("feedparser", &mut python));
}

#[test]
fn every_json_ld_block_expands_with_the_jsonld_package() {
    use common::tools::*;
    let browser = repo().join("tests/browser");
    let module = browser.join("node_modules/jsonld/package.json");
    let jsonld = if module.is_file() {
        Ok(module)
    } else {
        Err(Missing {
            why: format!("{} is missing", module.display()),
            install: "the checks' npm packages (cd tests/browser && npm ci)",
        })
    };
    let Some(tools) = require(vec![program("node", "Node.js 20 or later"), jsonld]) else {
        return;
    };
    let (_dir, out) = built(&[]);
    let mut node = std::process::Command::new(&tools[0]);
    node.arg(browser.join("jsonld.mjs"))
        .arg(&out)
        .current_dir(&browser);
    let report = run_checked("jsonld", &mut node);
    assert!(report.contains("expand cleanly"), "{report}");
    println!("{report}");
}
