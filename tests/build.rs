//! Builds the `basic` fixture site and checks what was written.

mod common;

use common::*;

fn built(flags: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("basic"), &out, flags);
    (dir, out)
}

#[test]
fn writes_every_language_under_its_code() {
    let (_d, out) = built(&[]);
    let files = files(&out);
    for f in [
        "index.html",
        "zh/index.html",
        "en/index.html",
        "zh/about/index.html",
        "zh/about/history/index.html",
        "en/about/history/index.html",
        "zh/about/team/index.html",
        "zh/programs/ee/dianqi/index.html",
        "en/programs/ee/electrical/index.html",
        "zh/404.html",
        "en/404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "extra.txt",
        "zh/about/logo.svg",
        ".brochure-output",
    ] {
        assert!(
            files.contains(&f.to_string()),
            "missing {f}; wrote {files:?}"
        );
    }
    assert!(
        !files.iter().any(|f| f.contains("secret")),
        "drafts are left out"
    );
}

#[test]
fn drafts_are_built_when_asked() {
    let (_d, out) = built(&["--drafts"]);
    assert!(out.join("en/about/secret/index.html").is_file());
}

#[test]
fn translations_pair_by_path_and_by_key() {
    let (_d, out) = built(&[]);
    let zh = read(&out.join("zh/programs/ee/dianqi/index.html"));
    assert!(zh.contains(r##"<link rel="alternate" hreflang="en" href="https://example.org/sub/en/programs/ee/electrical/">"##), "{zh}");
    assert!(
        zh.contains(r##"href="../../../../en/programs/ee/electrical/" hreflang="en""##),
        "switcher: {zh}"
    );
    let history = read(&out.join("en/about/history/index.html"));
    assert!(history.contains(r##"href="../../../zh/about/history/" hreflang="zh-CN""##));
}

#[test]
fn a_page_without_translation_switches_to_the_other_home() {
    let (_d, out) = built(&[]);
    let team = read(&out.join("zh/about/team/index.html"));
    assert!(
        team.contains(r##"href="../../../en/" hreflang="en""##),
        "{team}"
    );
    assert!(
        !team.contains(r##"hreflang="en" href="https"##),
        "no alternate for a missing translation"
    );
}

#[test]
fn markdown_links_ids_and_chinese_lines() {
    let (_d, out) = built(&[]);
    let home = read(&out.join("zh/index.html"));
    assert!(home.contains(r##"<h2 id="概况">概况</h2>"##));
    assert!(home.contains(r##"<a href="about/">关于我们</a>"##));
    assert!(home.contains(r##"<a href="about/history/#%E6%97%A9%E6%9C%9F">历史</a>"##));
    assert!(
        home.contains("第二行中文紧接着第一行"),
        "soft break between Chinese lines dropped"
    );
    let history = read(&out.join("zh/about/history/index.html"));
    assert!(history.contains(r##"<h2 id="早期-1">早期</h2>"##));
    assert!(history.contains(r##"<h2 id="recent">近况</h2>"##));
    assert!(
        history.contains(r##"<a href="../../programs/ee/dianqi/">电气工程</a>"##),
        "suffix-less link reaches the zh translation"
    );
    let en = read(&out.join("en/about/history/index.html"));
    assert!(en.contains(r##"<a href="../../programs/ee/electrical/">electrical engineering</a>"##));
    assert!(
        en.contains("“Quoted” text – with dashes"),
        "smart punctuation in English"
    );
    let about = read(&out.join("zh/about/index.html"));
    assert!(
        about.contains(
            r##"<img src="logo.svg" width="10" height="10" decoding="async" alt="标志" />"##
        ),
        "{about}"
    );
    // An asset is stored once, beside the default language's pages.
    assert!(!out.join("en/about/logo.svg").exists());
    let en_about = read(&out.join("en/about/index.html"));
    assert!(
        en_about.contains(r##"<img src="../../zh/about/logo.svg" width="10" height="10""##),
        "{en_about}"
    );
}

#[test]
fn template_context_and_functions() {
    let (_d, out) = built(&[]);
    let history = read(&out.join("zh/about/history/index.html"));
    assert!(history.contains(r##"<ol class="toc"><li><a href="#早期">早期</a></li><li><a href="#早期-1">早期</a></li><li><a href="#recent">近况</a></li></ol>"##));
    assert!(
        history.contains(r##"<a class="next" href="../team/">团队</a>"##),
        "next in weight order"
    );
    assert!(
        history.contains(r##"<a href="../" aria-current="true">关于我们</a>"##),
        "current section marked"
    );
    assert!(history.contains(r##"<span class="students">在校学生 2,664 人</span>"##));
    assert!(history.contains(r##"<link rel="stylesheet" href="../../../style.css">"##));
    assert!(
        history.contains(r##"<a href="./">h</a>"##),
        "url() to itself"
    );
    let en = read(&out.join("en/index.html"));
    assert!(en.contains(r##"<span class="students">2,664 students</span>"##));
    assert!(en.contains(r##"<span class="num">2,664</span>"##));
    assert!(
        en.contains(r##"<span class="label">students</span>"##),
        "localized data resolved"
    );
    assert!(!en.contains('\u{2068}'), "no Fluent isolation marks");
    let zh_section = read(&out.join("zh/about/index.html"));
    assert!(
        zh_section.contains(
            r##"<li><a href="history/">历史</a> <span class="summary">1995年起步，开设C++课程，在校学生2,664人。</span></li>"##
        ),
        "{zh_section}"
    );
    let landing = read(&out.join("index.html"));
    assert!(landing.contains(r##"<a class="home" href="zh/" hreflang="zh-CN">测试站点</a><a class="home" href="en/" hreflang="en">Test Site</a>"##), "{landing}");
}

#[test]
fn offline_links_name_index_html() {
    let (_d, out) = built(&["--offline"]);
    let home = read(&out.join("zh/index.html"));
    assert!(
        home.contains(r##"<a href="about/index.html">关于我们</a>"##),
        "{home}"
    );
    assert!(
        broken_links(&out, true).is_empty(),
        "{:?}",
        broken_links(&out, true)
    );
}

#[test]
fn every_relative_link_resolves() {
    let (_d, out) = built(&[]);
    assert_eq!(broken_links(&out, false), Vec::<String>::new());
}

#[test]
fn sitemap_lists_alternates_with_absolute_encoded_urls() {
    let (_d, out) = built(&[]);
    let xml = read(&out.join("sitemap.xml"));
    assert!(xml.contains("<loc>https://example.org/sub/zh/programs/ee/dianqi/</loc>"));
    assert!(xml.contains(r##"<xhtml:link rel="alternate" hreflang="en" href="https://example.org/sub/en/programs/ee/electrical/"/>"##));
    assert!(xml.contains(r##"<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/sub/zh/programs/ee/dianqi/"/>"##));
    assert!(xml.contains("<lastmod>2018-12-01</lastmod>"));
    let robots = read(&out.join("robots.txt"));
    assert!(robots.contains("Sitemap: https://example.org/sub/sitemap.xml"));
}

#[test]
fn two_builds_are_byte_identical() {
    let (_d1, a) = built(&[]);
    let (_d2, b) = built(&[]);
    let files_a = files(&a);
    assert_eq!(files_a, files(&b));
    for f in files_a {
        assert_eq!(
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn warns_about_data_missing_a_language() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = build(&fixture("basic"), &dir.path().join("out"), &[]);
    assert!(
        stderr.contains("warning: localized value `only_zh` has no en text"),
        "{stderr}"
    );
    assert!(stderr.contains("content/figures.yaml:3:1"), "{stderr}");
    assert!(
        stderr.contains("warning: `team.md` has no translation in this page's language"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/about/history.en.md:13:5"),
        "{stderr}"
    );
    assert!(
        stderr.contains("built 6 zh + 5 en pages, 1 data file, 3 warnings in "),
        "{stderr}"
    );
}

#[test]
fn build_prints_the_warnings_an_editor_must_see_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let page = site.join("content/about/_index.en.md");
    let text = read(&page);
    std::fs::write(&page, format!("{text}\n![](logo.svg)\n")).unwrap();
    let stderr = build(&site, &dir.path().join("out"), &[]);
    // A page without a translation and an image without alt text, not only in `check`.
    assert!(
        stderr.contains("warning: this page has no en translation"),
        "{stderr}"
    );
    assert!(stderr.contains("content/about/team.md:1:1"), "{stderr}");
    assert!(
        stderr.contains("warning: this image has no alt text"),
        "{stderr}"
    );
    let line = text.lines().count() + 2;
    assert!(
        stderr.contains(&format!("content/about/_index.en.md:{line}:1")),
        "{stderr}"
    );
    assert!(stderr.contains(", 1 data file, 4 warnings in "), "{stderr}");
}

#[test]
fn site_templates_override_the_theme() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/404.html"),
        "<!DOCTYPE html><html lang=\"{{ locale }}\"><title>x</title><p>site's own 404</p></html>",
    )
    .unwrap();
    let out = dir.path().join("out");
    build(&site, &out, &[]);
    assert!(read(&out.join("en/404.html")).contains("site's own 404"));
}

fn mtime(path: &std::path::Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn a_second_build_with_nothing_changed_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let out = dir.path().join("out");
    build(&site, &out, &[]);
    let before: Vec<_> = files(&out)
        .iter()
        .map(|f| (f.clone(), mtime(&out.join(f))))
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let stderr = build(&site, &out, &[]);
    assert!(
        stderr.contains("nothing changed since the last build"),
        "{stderr}"
    );
    let after: Vec<_> = files(&out)
        .iter()
        .map(|f| (f.clone(), mtime(&out.join(f))))
        .collect();
    assert_eq!(before, after);

    // One page changes: only what depends on it is new; the rest keeps its time.
    let page = site.join("content/about/history.en.md");
    std::fs::write(
        &page,
        read(&page).replace("Started in 1995.", "Started in 1995, in Shanghai."),
    )
    .unwrap();
    let stderr = build(&site, &out, &[]);
    assert!(stderr.contains("built "), "{stderr}");
    assert!(read(&out.join("en/about/history/index.html")).contains("in Shanghai"));
    assert_ne!(
        mtime(&out.join("en/about/history/index.html")),
        before
            .iter()
            .find(|(f, _)| f == "en/about/history/index.html")
            .unwrap()
            .1
    );
    assert_eq!(
        mtime(&out.join("zh/index.html")),
        before.iter().find(|(f, _)| f == "zh/index.html").unwrap().1
    );
}

#[test]
fn a_damaged_output_or_other_flags_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("basic"), &out, &[]);
    std::fs::remove_file(out.join("zh/index.html")).unwrap();
    let stderr = build(&fixture("basic"), &out, &[]);
    assert!(stderr.contains("built "), "{stderr}");
    assert!(out.join("zh/index.html").is_file());
    let stderr = build(&fixture("basic"), &out, &["--offline"]);
    assert!(stderr.contains("built "), "{stderr}");
    assert!(read(&out.join("zh/index.html")).contains("about/index.html"));
}

#[test]
fn an_output_file_edited_since_the_last_build_is_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("basic"), &out, &[]);
    let page = out.join("zh/index.html");
    let built = read(&page);
    // Same size, so only a look at more than sizes notices.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&page, built.replacen("<", "[", 1)).unwrap();
    let stderr = build(&fixture("basic"), &out, &[]);
    assert!(stderr.contains("built "), "{stderr}");
    assert_eq!(read(&page), built);
    let stderr = build(&fixture("basic"), &out, &[]);
    assert!(stderr.contains("nothing changed"), "{stderr}");
}

/// `build`, then `brochure pdf` (stood in for by a file where it writes its PDF: the build
/// only asks whether it is there), then `build` again: the PDF survives, is recorded as
/// the output's, and the pages of its language link it; once it is gone, so is the link.
#[test]
fn pdfs_printed_into_the_output_survive_a_rebuild_and_are_linked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &[]);
    let en = read(&out.join("en/index.html"));
    assert!(en.contains(r#"href="../print/brochure.en.html""#), "{en}");
    assert!(en.contains(r#"href="../print/brochure.bilingual.html""#));
    assert!(!en.contains(".pdf\""), "no PDF yet, no PDF link");

    let pdf = out.join("print/brochure.en.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 printed by brochure pdf").unwrap();
    let stderr = build(&repo(), &out, &[]);
    assert!(
        !stderr.contains("nothing changed"),
        "the new PDF is noticed: {stderr}"
    );
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        b"%PDF-1.7 printed by brochure pdf"
    );
    assert!(read(&out.join(".brochure-output")).contains(r#""print/brochure.en.pdf""#));
    let en = read(&out.join("en/index.html"));
    assert!(en.contains(r#"<a class="edition-link" href="../print/brochure.en.pdf" type="application/pdf" hreflang="en">PDF</a>"#), "{en}");
    let nested = read(&out.join("en/partners/index.html"));
    assert!(nested.contains(r#"href="../../print/brochure.en.pdf""#));
    assert!(
        !read(&out.join("zh/index.html")).contains(".pdf\""),
        "the Chinese edition has no PDF"
    );
    let again = build(&repo(), &out, &[]);
    assert!(again.contains("nothing changed"), "{again}");

    std::fs::remove_file(&pdf).unwrap();
    build(&repo(), &out, &[]);
    assert!(!read(&out.join("en/index.html")).contains(".pdf\""));

    // Any other file brochure did not write is still refused.
    std::fs::write(out.join("print/notes.pdf"), b"mine").unwrap();
    let refused = brochure(&[
        "build",
        "--site",
        repo().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("print/notes.pdf"));
}
