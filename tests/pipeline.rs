//! The pipeline in process: a fixture site → `Prepared` → assertions on the value, and
//! `run` into a sink that records what each output kind wrote. Also the walker's rules
//! (symlinks), a third language, and print ids that must not collide.

mod common;

use std::collections::BTreeMap;
use std::sync::Mutex;

use brochure::diagnostic::Result;
use brochure::output::{KINDS, Sink};
use brochure::pipeline::{self, Options};
use brochure::script::Script;
use common::*;

/// A sink that keeps every file in memory.
#[derive(Default)]
struct Recorder(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Recorder {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let old = self
            .0
            .lock()
            .unwrap()
            .insert(rel.to_string(), bytes.to_vec());
        assert!(old.is_none(), "{rel} written twice");
        Ok(())
    }
}

impl Recorder {
    fn text(&self, rel: &str) -> String {
        let files = self.0.lock().unwrap();
        let bytes = files
            .get(rel)
            .unwrap_or_else(|| panic!("{rel} was not written"));
        String::from_utf8(bytes.clone()).unwrap()
    }

    fn paths(&self) -> Vec<String> {
        self.0.lock().unwrap().keys().cloned().collect()
    }
}

/// The basic fixture copied into a temporary folder.
fn basic_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("basic"), dir.path());
    dir
}

#[test]
fn prepared_holds_the_resolved_site_with_each_page_parsed_once() {
    let prepared = pipeline::prepare_site(&fixture("basic"), Options::default()).unwrap();
    let site = &prepared.site;
    let errors: Vec<_> = site.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(site.script(0), Script::Han);
    assert_eq!(site.script(1), Script::Alphabetic);
    assert_eq!(prepared.data_files.len(), 1);
    assert!(prepared.statics.contains("style.css"));
    assert!(prepared.statics.contains("extra.txt"));
    assert!(prepared.sources.templates.contains_key("print.html"));

    let home = (0..site.pages.len())
        .find(|&i| site.info[i].path == "/en/")
        .expect("the English home");
    let info = &site.info[home];
    // HTML, summary, TOC and counts all come from the one parse.
    let html = site.html(home).unwrap();
    assert!(html.contains("<h2 id=\"overview\">Overview</h2>"), "{html}");
    assert!(html.contains("href=\"about/\""), "{html}");
    assert!(
        info.analysis.summary.starts_with("Welcome."),
        "{}",
        info.analysis.summary
    );
    assert_eq!(info.analysis.headings[0].id, "overview");
    assert!(info.analysis.word_count > 5);

    assert_eq!(site.info[home].translations.iter().flatten().count(), 2);
}

#[test]
fn run_writes_every_kind_once_into_the_sink() {
    let prepared = pipeline::prepare_site(&fixture("basic"), Options::default()).unwrap();
    let names: Vec<&str> = KINDS.iter().map(|k| k.name()).collect();
    assert_eq!(
        names,
        [
            "pages", "404", "landing", "print", "sitemap", "robots", "static", "listings",
            "aliases", "feeds", "images", "search"
        ]
    );
    let sink = Recorder::default();
    pipeline::run(&prepared, KINDS, &sink).unwrap();
    let paths = sink.paths();
    for expected in [
        "index.html",
        "zh/index.html",
        "en/about/history/index.html",
        "zh/404.html",
        "en/404.html",
        "print/brochure.zh.html",
        "print/brochure.en.html",
        "print/brochure.bilingual.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "extra.txt",
        "zh/about/logo.svg",
        "search/runtime.js",
        "search/zh.js",
        "search/en.js",
    ] {
        assert!(
            paths.contains(&expected.to_string()),
            "{expected} in {paths:?}"
        );
    }
    // An asset is stored once, beside the default language's pages.
    assert!(!paths.contains(&"en/about/logo.svg".to_string()));
    // The page's HTML in the template is the HTML the pipeline prepared.
    let home = (0..prepared.site.pages.len())
        .find(|&i| prepared.site.info[i].path == "/en/")
        .unwrap();
    assert!(
        sink.text("en/index.html")
            .contains(&*prepared.site.html(home).unwrap())
    );
    // One kind alone writes only its own files.
    let sitemap_only = Recorder::default();
    pipeline::run(&prepared, &[KINDS[4]], &sitemap_only).unwrap();
    assert_eq!(sitemap_only.paths(), ["sitemap.xml"]);
}

#[test]
fn a_changed_symlink_target_is_rebuilt() {
    let site = basic_copy();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("shared.txt");
    std::fs::write(&target, "first\n").unwrap();
    std::os::unix::fs::symlink(&target, site.path().join("static/linked.txt")).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert_eq!(read(&out.join("linked.txt")), "first\n");
    // Same size, other bytes: only the target changed, not the link.
    std::fs::write(&target, "later\n").unwrap();
    let stderr = build(site.path(), &out, &[]);
    assert!(!stderr.contains("nothing changed"), "{stderr}");
    assert_eq!(read(&out.join("linked.txt")), "later\n");
}

#[test]
fn symlinked_pages_and_folders_are_inputs_like_any_other() {
    let site = basic_copy();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir(elsewhere.path().join("news")).unwrap();
    std::fs::write(
        elsewhere.path().join("news/_index.en.md"),
        "---\ntitle: News\n---\n\nLinked in.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("news"),
        site.path().join("content/news"),
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert!(read(&out.join("en/news/index.html")).contains("Linked in."));
}

#[test]
fn a_link_that_leads_nowhere_is_an_error_at_its_path() {
    let site = basic_copy();
    std::os::unix::fs::symlink("/nonexistent/file.md", site.path().join("content/gone.md"))
        .unwrap();
    let out = brochure(&["build", "--site", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/gone.md"), "{stderr}");
    assert!(stderr.contains("does not exist"), "{stderr}");
}

#[test]
fn hidden_and_scratch_files_are_not_inputs() {
    let site = basic_copy();
    std::fs::write(
        site.path().join("content/about/.notes.md"),
        "not front matter",
    )
    .unwrap();
    std::fs::write(site.path().join("content/about/team.md~"), "backup").unwrap();
    std::fs::create_dir_all(site.path().join("static/.well-known")).unwrap();
    std::fs::write(site.path().join("static/.well-known/security.txt"), "x\n").unwrap();
    std::fs::write(site.path().join("static/.DS_Store"), "x").unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let written = files(&out);
    assert!(written.contains(&".well-known/security.txt".to_string()));
    assert!(
        !written
            .iter()
            .any(|f| f.ends_with(".DS_Store") || f.ends_with('~'))
    );
}

/// The basic fixture with Japanese as a third language.
fn trilingual() -> tempfile::TempDir {
    let site = basic_copy();
    let root = site.path();
    let yaml = read(&root.join("site.yaml")).replace(
        "{ zh: 测试站点, en: Test Site }",
        "{ zh: 测试站点, en: Test Site, ja: テストサイト }",
    );
    std::fs::write(
        root.join("site.yaml"),
        format!("{yaml}  - {{ code: ja, locale: ja-JP, name: 日本語 }}\n"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("locales/ja")).unwrap();
    std::fs::copy(
        root.join("locales/en/main.ftl"),
        root.join("locales/ja/main.ftl"),
    )
    .unwrap();
    std::fs::write(
        root.join("content/_index.ja.md"),
        "---\ntitle: ホーム\n---\n\n## 概要\n\n彼は\"こんにちは\"と\n言った。\n",
    )
    .unwrap();
    site
}

#[test]
fn a_third_language_needs_no_code() {
    let site = trilingual();
    let prepared = pipeline::prepare_site(site.path(), Options::default()).unwrap();
    assert_eq!(prepared.site.script(2), Script::Japanese);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let home = read(&out.join("ja/index.html"));
    assert!(
        home.contains("彼は\"こんにちは\"と言った。"),
        "quotes untouched, lines joined: {home}"
    );
    assert!(home.contains("<h2 id=\"概要\">概要</h2>"), "{home}");
    // Editions: each language, and each other language beside the default one.
    for edition in ["zh", "en", "ja", "zh-en", "zh-ja"] {
        assert!(
            out.join(format!("print/brochure.{edition}.html")).is_file(),
            "{edition}"
        );
    }
    assert!(!out.join("print/brochure.bilingual.html").exists());
    let side_by_side = read(&out.join("print/brochure.zh-ja.html"));
    assert!(side_by_side.contains("lang=\"ja-JP\"") && side_by_side.contains("lang=\"zh-CN\""));
    assert!(!side_by_side.contains("lang=\"en\" id="));
}

#[test]
fn pdf_knows_a_third_language_edition() {
    let site = trilingual();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let site_arg = site.path().to_str().unwrap();
    // An edition the site does not have is refused with the list of those it has.
    let refused = brochure(&["pdf", "--site", site_arg, "--edition", "fr"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("zh, en, ja, zh-en, zh-ja"), "{stderr}");
    // `ja` is accepted: whatever happens next depends on the PDF engine installed, but it
    // is never a usage error or an unknown edition.
    let ja = brochure(&["pdf", "--site", site_arg, "--edition", "ja"]);
    let stderr = String::from_utf8_lossy(&ja.stderr);
    assert_ne!(ja.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("no edition"), "{stderr}");
}

#[test]
fn print_ids_stay_unique_when_paths_read_alike() {
    let site = basic_copy();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/a/b")).unwrap();
    std::fs::create_dir_all(root.join("content/a-b")).unwrap();
    for (file, title) in [
        ("content/a/_index.zh.md", "甲"),
        ("content/a/b/_index.zh.md", "甲乙"),
        ("content/a-b/_index.zh.md", "甲-乙"),
    ] {
        std::fs::write(
            root.join(file),
            format!("---\ntitle: {title}\n---\n\n{title}。\n"),
        )
        .unwrap();
    }
    std::fs::write(
        root.join("content/_index.zh.md"),
        "---\ntitle: 首页\n---\n\n见[甲乙](@/a/b/_index.md)与[甲-乙](@/a-b/_index.md)。\n",
    )
    .unwrap();
    let prepared = pipeline::prepare_site(root, Options::default()).unwrap();
    let sink = Recorder::default();
    pipeline::run(&prepared, KINDS, &sink).unwrap();
    let edition = sink.text("print/brochure.zh.html");
    let ids = attr_values(&edition, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids in {ids:?}");
    // Each in-file link leads to the chapter of its own page.
    for (title, href) in [("甲乙", "a/b"), ("甲-乙", "a-b")] {
        let link = format!(">{title}</a>");
        let at = edition.find(&link).unwrap_or_else(|| panic!("link {link}"));
        let start = edition[..at].rfind("href=\"#").unwrap() + 7;
        let id = &edition[start..edition[start..].find('"').unwrap() + start];
        let target = edition.find(&format!("id=\"{id}\"")).unwrap();
        let heading: String = edition[target..].chars().take(120).collect();
        assert!(
            heading.contains(&format!("<h2>{title}</h2>")),
            "{href}: {heading}"
        );
    }
}

#[test]
fn dates_are_typed_from_front_matter_to_templates_and_sitemap() {
    let site = basic_copy();
    let page = site.path().join("content/about/_index.zh.md");
    let text = read(&page).replacen("weight: 1", "weight: 1\ndate: 2026-03-01T10:00:00+08:00", 1);
    std::fs::write(&page, &text).unwrap();
    let prepared = pipeline::prepare_site(site.path(), Options::default()).unwrap();
    let about = (0..prepared.site.pages.len())
        .find(|&i| prepared.site.info[i].path == "/zh/about/")
        .unwrap();
    let date = prepared.site.pages[about].front.date.expect("a typed date");
    assert_eq!(date.day().to_string(), "2026-03-01");
    assert_eq!(
        date.timestamp(),
        "2026-03-01T02:00:00Z".parse::<jiff::Timestamp>().unwrap(),
        "the instant is kept"
    );
    let sink = Recorder::default();
    pipeline::run(&prepared, KINDS, &sink).unwrap();
    assert!(
        sink.text("sitemap.xml")
            .contains("<lastmod>2026-03-01T10:00:00+08:00</lastmod>")
    );

    // Without an offset the time is ambiguous: an error at the key, with the forms.
    std::fs::write(&page, text.replace("+08:00", "")).unwrap();
    let out = brochure(&["build", "--site", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/about/_index.zh.md:4:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`date: 2026-03-01T10:00:00` is not a date"),
        "{stderr}"
    );
    assert!(stderr.contains("RFC 3339"), "{stderr}");
}

#[test]
fn the_pipeline_knows_what_each_edition_s_contents_number() {
    let prepared = pipeline::prepare_site(&repo(), Options::default()).unwrap();
    let sink = Recorder::default();
    pipeline::run(&prepared, KINDS, &sink).unwrap();
    let config = &prepared.site.config;
    for name in brochure::output::print::edition_names(config) {
        let edition = brochure::output::print::edition_named(config, &name).unwrap();
        let chapters = brochure::output::print::chapter_ids(&prepared, edition);
        let html = sink.text(&format!("print/brochure.{name}.html"));
        let mut targets: Vec<String> = attr_values(&html, "data-target");
        targets.dedup();
        assert!(
            !targets.is_empty(),
            "{name}: the default theme numbers its contents"
        );
        assert_eq!(chapters, targets, "{name}");
    }
    assert!(brochure::output::print::edition_named(config, "fr").is_none());
}

#[test]
fn the_files_every_build_writes_are_declared_by_their_kinds() {
    let prepared = pipeline::prepare_site(&fixture("basic"), Options::default()).unwrap();
    let config = &prepared.site.config;
    let declared: Vec<String> = KINDS
        .iter()
        .flat_map(|k| k.fixed_files(config))
        .map(|(file, _)| file)
        .collect();
    // Every declared file is written, and the resolver's clash check sees each of them.
    let sink = Recorder::default();
    pipeline::run(&prepared, KINDS, &sink).unwrap();
    let written = sink.paths();
    for file in &declared {
        assert!(written.contains(file), "{file} is declared but not written");
    }
    for file in [
        "index.html",
        "sitemap.xml",
        "robots.txt",
        "zh/404.html",
        "en/404.html",
    ] {
        assert!(
            declared.contains(&file.to_string()),
            "{file} in {declared:?}"
        );
    }
    assert!(
        declared
            .iter()
            .any(|f| f == "print/brochure.bilingual.html")
    );
}

#[test]
fn a_build_forgets_the_text_of_pages_no_problem_names() {
    let dir = basic_copy();
    let warned = dir.path().join("content/about/_index.en.md");
    let text = read(&warned);
    std::fs::write(&warned, format!("{text}\n![](logo.svg)\n")).unwrap();
    let ee = dir.path().join("content/programs/ee/ee.en.md");
    let ee_text = read(&ee);
    let options = Options {
        release: true,
        ..Options::default()
    };
    let prepared = pipeline::prepare_site(dir.path(), options).unwrap();
    let site = &prepared.site;
    let at = |path: &std::path::Path| {
        let i = site.pages.iter().position(|p| p.source == path);
        i.unwrap_or_else(|| panic!("{} is a page", path.display()))
    };
    // The page with a warning (an image without alt text) keeps its text, for the
    // warning's place to be found again when it is edited.
    let page = &site.pages[at(&warned)];
    assert!(!page.is_released());
    assert!(page.body().ends_with("![](logo.svg)\n"), "{}", page.body());
    // So does one with a link to a page in another language only.
    let history = dir.path().join("content/about/history.en.md");
    assert!(!site.pages[at(&history)].is_released());
    let released = site.pages.iter().filter(|p| p.is_released()).count();
    assert!(released >= 8, "{released} of {} released", site.pages.len());
    // A released page's body is read again from its file while the file holds it...
    let page = &site.pages[at(&ee)];
    assert!(page.is_released());
    let body = page.reread_body().expect("the file is as it was");
    assert!(ee_text.ends_with(&*body) && !body.is_empty(), "{body}");
    assert!(!body.contains("title:"), "{body}");
    // ... and not once it changed.
    std::fs::write(&ee, format!("{ee_text}\nMore.\n")).unwrap();
    let Err(failure) = page.reread_body() else {
        panic!("a changed file's body was read back");
    };
    assert!(format!("{failure:?}").contains("changed"), "{failure:?}");
    // Built without releasing, every page keeps its text.
    let whole = pipeline::prepare_site(dir.path(), Options::default()).unwrap();
    assert!(whole.site.pages.iter().all(|p| !p.is_released()));
}

/// `serve` lets go of most pages' HTML and writes it again from the file when a rebuild
/// shows the page: the same bytes, on every page of the default site and the fixtures
/// (sections, homes, news), and on pages with highlighted code, an image, raw HTML, a
/// source that could forge a link slot, and a fallback translation.
#[test]
fn html_let_go_is_written_again_the_same() {
    let extra = basic_copy();
    let root = extra.path();
    std::fs::write(
        root.join("content/programs/code.en.md"),
        "---\ntitle: Code\n---\n\n## Steps {#steps}\n\n```rust\nfn main() { println!(\"hi\"); }\n```\n\n\
         ![Logo](../about/logo.svg) and <a href=\"../about/\">raw</a>, [back](#steps).\n\n\
         Literal %00bl0%00 text.\n",
    )
    .unwrap();
    let yaml = root.join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}translations:\n  fallback: true\n")).unwrap();
    let news = tempfile::tempdir().unwrap();
    copy_tree(&fixture("news"), news.path());
    copy_tree(&repo().join("themes"), &news.path().join("themes"));
    copy_tree(&repo().join("locales"), &news.path().join("locales"));
    let sites = [
        repo(),
        fixture("basic"),
        news.path().to_path_buf(),
        fixture("real"),
        root.to_path_buf(),
    ];
    for site in sites {
        for release in [false, true] {
            let options = Options {
                release,
                ..Options::default()
            };
            let mut prepared = pipeline::prepare_site(&site, options).unwrap();
            let prepared = std::sync::Arc::get_mut(&mut prepared).unwrap();
            let kept: Vec<String> = (0..prepared.site.pages.len())
                .map(|i| prepared.site.html(i).unwrap().into_owned())
                .collect();
            prepared.site.let_go_of_html();
            for (i, info) in prepared.site.info.iter().enumerate() {
                // Sections and homes keep theirs (every body edit below shows it); so do
                // the entries of full-content feeds.
                let section = prepared.site.pages[i].kind != brochure::content::PageKind::Page;
                let in_full_feed = prepared.site.config.feeds.content
                    == brochure::config::FeedContent::Full
                    && prepared.site.feeds.iter().any(|f| f.entries.contains(&i));
                assert_eq!(
                    info.html.is_some(),
                    section || in_full_feed,
                    "{}",
                    info.path
                );
            }
            // Written again, even those kept.
            for info in &mut prepared.site.info {
                info.html = None;
            }
            for (i, html) in kept.iter().enumerate() {
                let again = prepared.site.html(i).unwrap();
                assert_eq!(
                    *again,
                    **html,
                    "{}: {}",
                    site.display(),
                    prepared.site.pages[i].rel
                );
            }
        }
    }
}
