//! The print editions: one self-contained file per language and a bilingual one.

mod common;

use std::collections::BTreeSet;

use common::*;

fn editions() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("basic"), &out, &[]);
    (dir, out)
}

#[test]
fn three_editions_are_written() {
    let (_d, out) = editions();
    for e in ["zh", "en", "bilingual"] {
        assert!(
            out.join(format!("print/brochure.{e}.html")).is_file(),
            "{e}"
        );
    }
}

#[test]
fn each_edition_is_self_contained_with_unique_ids_and_in_file_links() {
    let (_d, out) = editions();
    for e in ["zh", "en", "bilingual"] {
        let html = read(&out.join(format!("print/brochure.{e}.html")));
        let ids = attr_values(&html, "id");
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{e}: duplicate ids");
        for url in urls(&html) {
            let ok = url.starts_with("data:")
                || url.starts_with("https://")
                || url.starts_with("http://");
            if let Some(fragment) = url.strip_prefix('#') {
                let fragment = percent_decode(fragment);
                assert!(ids.contains(&fragment), "{e}: `{url}` has no target");
            } else {
                assert!(ok, "{e}: `{url}` leaves the file");
            }
        }
        assert!(
            html.contains("<style>body { font-family"),
            "{e}: CSS inlined"
        );
    }
}

#[test]
fn tokens_that_must_not_break_are_kept_whole_in_print() {
    let (_d, out) = editions();
    let zh = read(&out.join("print/brochure.zh.html"));
    assert!(zh.contains(r#"开设<span class="nowrap">C++</span>课程，在校学生<span class="nowrap">2,664</span>人"#), "{zh}");
    let web = read(&out.join("zh/about/history/index.html"));
    assert!(
        web.contains("开设C++课程"),
        "the web pages are left as written"
    );
}

#[test]
fn the_bilingual_edition_pairs_translations() {
    let (_d, out) = editions();
    let html = read(&out.join("print/brochure.bilingual.html"));
    let chapter = html
        .split(r#"<section id="ch-programs-ee-dianqi">"#)
        .nth(1)
        .unwrap();
    let chapter = chapter.split("</section>").next().unwrap();
    assert!(chapter.contains(r#"id="zh-programs-ee-dianqi""#));
    assert!(
        chapter.contains(r#"id="en-programs-ee-electrical""#),
        "paired by translation_key: {chapter}"
    );
    assert!(
        html.contains(r#"<section id="ch-about-team">"#),
        "a page without translation still appears"
    );
}

#[test]
fn links_to_pages_outside_the_edition_go_to_the_web() {
    let (_d, out) = editions();
    let en = read(&out.join("print/brochure.en.html"));
    assert!(
        !en.contains("zh-about-team"),
        "the English edition holds no Chinese page"
    );
    assert!(en.contains(r##"<a href="#en-programs-ee-electrical">electrical engineering</a>"##));
    assert!(
        en.contains(r#"<a href="https://example.org/sub/zh/about/team/">team page</a>"#),
        "{en}"
    );
}

/// The `<footer id="back">` of the fixture's print.html: its URL, date and QR code.
fn back_cover(html: &str) -> (String, String, String) {
    let at = html
        .find(r#"<footer id="back""#)
        .expect("the fixture writes a back cover");
    let footer = &html[at..at + html[at..].find("</footer>").unwrap()];
    let url = attr_values(footer, "data-url").remove(0);
    let date = attr_values(footer, "data-date").remove(0);
    let svg = footer[footer.find('>').unwrap() + 1..].to_string();
    (url, date, svg)
}

#[test]
fn each_edition_knows_its_url_date_and_qr_code() {
    let (_d, out) = editions();
    for (e, url, date) in [
        ("zh", "https://example.org/sub/zh/", "2018-12-01"),
        ("en", "https://example.org/sub/en/", ""),
        ("bilingual", "https://example.org/sub/", "2018-12-01"),
    ] {
        let html = read(&out.join(format!("print/brochure.{e}.html")));
        let (u, d, svg) = back_cover(&html);
        assert_eq!(
            u, url,
            "{e}: the language's home, or the bilingual landing page"
        );
        assert_eq!(
            d, date,
            "{e}: the latest date of the edition's pages (none: unset)"
        );
        assert!(
            svg.starts_with("<svg") && svg.contains("<path") && svg.ends_with("</svg>"),
            "{e}: an inline SVG QR code, without an XML declaration: {svg}"
        );
    }
    let zh = read(&out.join("print/brochure.zh.html"));
    let en = read(&out.join("print/brochure.en.html"));
    assert_ne!(back_cover(&zh).2, back_cover(&en).2, "one code per URL");
}

#[test]
fn the_default_theme_pads_before_its_back_cover() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &[]);
    for e in ["zh", "en", "bilingual"] {
        let html = read(&out.join(format!("print/brochure.{e}.html")));
        let main_end = html.find("</main>").expect("chapters");
        let pad = html.find(r#"<div class="page-pad"></div>"#).expect("a pad");
        let back = html
            .find(r#"<footer class="back-cover""#)
            .expect("a back cover");
        assert!(
            main_end < pad && pad < back,
            "{e}: chapters, blank pages, back cover"
        );
        let back = &html[back..];
        assert!(back.contains("<svg"), "{e}: the QR code is inline");
        let url = if e == "bilingual" {
            "https://example.edu.cn/intl/".to_string()
        } else {
            format!("https://example.edu.cn/intl/{e}/")
        };
        assert!(
            back.contains(&format!(">{url}</p>")),
            "{e}: the URL is printed"
        );
        let as_of = if e == "en" {
            "As of December 2018"
        } else {
            "截至2018年12月"
        };
        assert!(
            back.contains(as_of),
            "{e}: no page is dated, so the figures' date"
        );
    }
}

/// A copy of the default site whose `identity` block is `identity` (YAML lines, test
/// values, not the brochure's; empty: none).
fn default_site_with_identity(dir: &std::path::Path, identity: &str) -> std::path::PathBuf {
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    for part in ["site.yaml", "content", "locales", "themes"] {
        let from = repo().join(part);
        if from.is_dir() {
            copy_tree(&from, &site.join(part));
        } else {
            std::fs::copy(&from, site.join(part)).unwrap();
        }
    }
    // The site's own block ends at the next top-level key.
    let mut yaml = String::new();
    let mut inside = false;
    for line in read(&site.join("site.yaml")).lines() {
        let top = !line.starts_with([' ', '#']) && !line.is_empty();
        if top {
            inside = line.starts_with("identity:");
        }
        if !inside {
            yaml.push_str(line);
            yaml.push('\n');
        }
    }
    std::fs::write(site.join("site.yaml"), yaml + identity).unwrap();
    std::fs::create_dir_all(site.join("static/brand")).unwrap();
    std::fs::write(
        site.join("static/brand/mark.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"/>"#,
    )
    .unwrap();
    site
}

const TEST_IDENTITY: &str = "identity:
  logo: static/brand/mark.svg
  organization: { zh: 测试机构, en: Test Organization }
  contact:
    phone: \"+86 21 0000 0000\"
    email: office@example.org
  copyright: { zh: 版权所有 测试机构, en: © Test Organization }
";

#[test]
fn the_cover_shows_the_logo_and_the_back_cover_the_contact_when_identity_sets_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(
        &default_site_with_identity(dir.path(), TEST_IDENTITY),
        &out,
        &[],
    );
    let en = read(&out.join("print/brochure.en.html"));
    let cover = &en[en.find(r#"<header class="cover""#).unwrap()..en.find("</header>").unwrap()];
    assert!(
        cover.contains(r#"<img class="cover-logo" src="data:image/svg+xml;base64,"#)
            && cover.contains(r#"alt="Test Organization""#),
        "the logo, inline, named by the organization: {cover}"
    );
    assert!(
        !cover.contains("cover-mark"),
        "the theme's mark gives way to the logo"
    );
    let back = &en[en.find(r#"<footer class="back-cover""#).unwrap()..];
    for text in [
        "Test Organization",
        "<dt>Phone</dt><dd lang=\"en\">+86 21 0000 0000</dd>",
        "<dt>Email</dt><dd lang=\"en\">office@example.org</dd>",
        "© Test Organization",
    ] {
        assert!(back.contains(text), "`{text}` on the back cover: {back}");
    }
    assert!(
        !back.contains("<dt>Address</dt>"),
        "an unset address is not shown"
    );
    let zh = read(&out.join("print/brochure.zh.html"));
    assert!(
        zh.contains("<dt>电话</dt>") && zh.contains("版权所有 测试机构"),
        "in Chinese too"
    );
}

#[test]
fn without_identity_the_cover_keeps_the_theme_mark_and_the_back_cover_no_contact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&default_site_with_identity(dir.path(), ""), &out, &[]);
    let en = read(&out.join("print/brochure.en.html"));
    assert!(en.contains(r#"<div class="cover-mark" aria-hidden="true"><svg"#));
    assert!(!en.contains(r#"class="cover-logo""#));
    let back = &en[en.find(r#"<footer class="back-cover""#).unwrap()..];
    assert!(
        !back.contains(r#"class="back-contact""#) && !back.contains(r#"class="back-copyright""#),
        "{back}"
    );
}
