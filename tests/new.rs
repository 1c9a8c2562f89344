//! `brochure new DIR`: a site that builds and checks clean at once, but for the address
//! the editor has to set.

mod common;

use common::*;

#[test]
fn new_then_build_then_check() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    let output = brochure(&["new", site.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for f in [
        "site.yaml",
        "content/_index.zh.md",
        "content/_index.en.md",
        "themes/brochure/templates/base.html",
        "locales/zh/theme.ftl",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    for f in [
        "zh/index.html",
        "en/index.html",
        "zh/about/getting-started/index.html",
        "en/about/getting-started/index.html",
        // the example news section: a listing page 2, feeds, an alias
        "zh/news/page/2/index.html",
        "en/news/atom.xml",
        "zh/atom.xml",
        "en/old/news/third/index.html",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    assert_eq!(broken_links(&out, false), Vec::<String>::new());
    let news = read(&out.join("zh/news/index.html"));
    let newest = news
        .find("示例新闻：旧地址跳转")
        .expect("the newest post is listed");
    let older = news
        .find("示例新闻：更新过的文章")
        .expect("the second post is listed");
    assert!(newest < older, "newest first: {news}");
    assert!(news.contains("2026年3月5日"), "{news}");
    let post = read(&out.join("en/news/second-post/index.html"));
    assert!(post.contains("Updated February 20, 2026"), "{post}");
    assert!(post.contains(r#""@type":"Article""#), "{post}");
    assert!(read(&out.join("en/news/first-post/index.html")).contains("og:image"));
    let check = brochure(&["check", "--site", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(stderr.contains("check: 0 errors, 1 warning\n"), "{stderr}");
    assert!(stderr.contains("is a placeholder address"), "{stderr}");
    let config =
        read(&site.join("site.yaml")).replace("https://example.org/", "https://www.my-site.cn/");
    std::fs::write(site.join("site.yaml"), config).unwrap();
    let strict = brochure(&["check", "--strict", "--site", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(strict.status.success(), "{stderr}");
    assert!(stderr.contains("check: 0 errors, 0 warnings"), "{stderr}");
}

/// A new site carries nothing of the repository's own site (the USST brochure): its
/// identity is a neutral placeholder, and no file names the university.
#[test]
fn a_new_site_has_neutral_identity_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    assert!(brochure(&["new", site.to_str().unwrap()]).status.success());
    let yaml = read(&site.join("site.yaml"));
    assert!(
        yaml.contains("organization: { zh: 你的机构, en: Your organization }"),
        "{yaml}"
    );
    assert!(yaml.contains("logo: static/logo.svg"));
    for f in files(&site) {
        let Ok(text) = std::fs::read_to_string(site.join(&f)) else {
            continue;
        };
        for usst in ["上海理工", "USST", "Shanghai for Science", "usst.edu.cn"] {
            assert!(!text.contains(usst), "{f} names the default site: {usst}");
        }
    }
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    let zh = read(&out.join("zh/index.html"));
    assert!(
        zh.contains(r#"<span class="brand-org">你的机构</span>"#),
        "{zh}"
    );
    assert!(zh.contains(r#"<img class="brand-mark" src="../logo.svg" alt="""#));
    let en = read(&out.join("en/index.html"));
    assert!(en.contains(r#"<p class="footer-org">Your organization</p>"#));
    for unset in [
        "footer-copyright",
        "footer-icp",
        "parent-link",
        "footer-contact",
    ] {
        assert!(
            !en.contains(unset),
            "{unset} is commented out, so not shown"
        );
    }
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let output = brochure(&["new", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the folder is not empty"));
    assert_eq!(files(dir.path()), ["notes.txt"]);
}
