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
