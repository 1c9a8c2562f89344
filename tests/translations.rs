//! The translation workflow on the default site: staleness recorded in translations.lock,
//! `check` and `brochure translations` reporting it, `done`, XLIFF export (validated against
//! the OASIS XLIFF 1.2 strict schema, read by translate-toolkit) and import (the round trip,
//! damaged units refused with nothing written).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::tools::{program, require, run_checked};
use common::{brochure, copy_tree, read, repo};

/// A copy of the default site (with its lock file) in a temporary folder.
fn default_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    for part in ["content", "themes", "locales"] {
        copy_tree(&repo().join(part), &site.join(part));
    }
    for file in ["site.yaml", "translations.lock"] {
        std::fs::copy(repo().join(file), site.join(file)).unwrap();
    }
    (dir, site)
}

fn run(site: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--site", site.to_str().unwrap()];
    all.extend_from_slice(args);
    brochure(&all)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn status_json(site: &Path) -> serde_json::Value {
    let o = run(site, &["translations", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_default_site_starts_with_every_translation_up_to_date() {
    let json = status_json(&repo());
    assert_eq!(json["tracked"], true);
    let en = &json["languages"][0];
    assert_eq!(en["lang"], "en");
    assert_eq!(en["pages"]["stale"], 0, "{json:#}");
    assert_eq!(en["pages"]["missing"], 0);
    assert_eq!(en["pages"]["up_to_date"], 6);
    assert_eq!(en["messages"]["stale"], 0);
    assert_eq!(en["messages"]["missing"], 0);
    assert!(en["messages"]["up_to_date"].as_u64().unwrap() > 40);
    let check = brochure(&["check", "--site", repo().to_str().unwrap()]);
    assert!(!stderr(&check).contains("stale"), "{}", stderr(&check));
}

#[test]
fn an_edited_chinese_page_makes_its_translation_stale_until_done() {
    let (_dir, site) = default_site();
    let zh = site.join("content/history/_index.zh.md");
    edit(
        &zh,
        "举办了多个中外合作办学项目。",
        "举办了多个中外合作办学项目（修订）。",
    );
    let o = run(&site, &["translations"]);
    let text = stdout(&o);
    assert!(
        text.contains("en  stale       content/history/_index.en.md (1 of 7 blocks changed)"),
        "{text}"
    );
    assert!(
        text.contains("en: pages 5 up to date, 1 stale, 0 missing"),
        "{text}"
    );
    let check = run(&site, &["check"]);
    let report = stderr(&check);
    assert!(report.contains("warning: this translation of content/history/_index.zh.md is stale: 1 of 7 blocks changed since it was translated"), "{report}");
    assert!(
        report.contains("content/history/_index.en.md:1:1"),
        "{report}"
    );
    assert!(
        report.contains("the source (") && report.contains("content/history/_index.zh.md:1:1)"),
        "{report}"
    );
    assert_eq!(run(&site, &["check", "--strict"]).status.code(), Some(1));
    let json = status_json(&site);
    let entry = json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["target"] == "content/history/_index.en.md")
        .unwrap()
        .clone();
    assert_eq!(entry["state"], "stale");
    assert_eq!(entry["changed_blocks"], 1);
    assert_eq!(entry["blocks"], 7);
    let done = run(
        &site,
        &["translations", "done", "content/history/_index.en.md"],
    );
    assert!(done.status.success(), "{}", stderr(&done));
    assert_eq!(status_json(&site)["languages"][0]["pages"]["stale"], 0);
    // One line changed in the lock file: the page's.
    let before = read(&repo().join("translations.lock"));
    let after = read(&site.join("translations.lock"));
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.starts_with("content/history/_index.en.md: "));
}

#[test]
fn an_edited_message_is_stale_and_a_missing_page_missing() {
    let (_dir, site) = default_site();
    edit(
        &site.join("locales/zh/theme.ftl"),
        "nav-home = 首页",
        "nav-home = 主页",
    );
    std::fs::remove_file(site.join("content/goals/_index.en.md")).unwrap();
    let text = stdout(&run(&site, &["translations", "--lang", "en"]));
    assert!(
        text.contains("en  stale       locales/en/theme.ftl#nav-home (its zh text changed)"),
        "{text}"
    );
    assert!(
        text.contains(
            "en  missing     content/goals/_index.en.md (from content/goals/_index.zh.md)"
        ),
        "{text}"
    );
    let report = stderr(&run(&site, &["check"]));
    assert!(
        report.contains("message `nav-home` is stale: its text in locales/zh/theme.ftl changed"),
        "{report}"
    );
    // A folder marks everything under it.
    let done = run(&site, &["translations", "done", "locales"]);
    assert!(
        stderr(&done).contains("marked 69 translations up to date"),
        "{}",
        stderr(&done)
    );
    assert_eq!(status_json(&site)["languages"][0]["messages"]["stale"], 0);
    let bad = run(&site, &["translations", "--lang", "fr"]);
    assert_eq!(bad.status.code(), Some(2), "bad usage");
    assert!(stderr(&bad).contains("`--lang fr` is not a language of this site"));
}

#[test]
fn a_malformed_lock_file_is_a_located_error() {
    let (_dir, site) = default_site();
    let lock = site.join("translations.lock");
    let mut text = read(&lock);
    text.push_str("content/x.en.md: {source: content/x.zh.md, hash: \"xyz\"}\n");
    std::fs::write(&lock, &text).unwrap();
    let line = text.lines().count();
    let o = run(&site, &["check"]);
    let report = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        report.contains("the hash of `content/x.en.md` is `xyz`, not 16 hex digits"),
        "{report}"
    );
    assert!(
        report.contains(&format!("translations.lock:{line}:1")),
        "{report}"
    );
    std::fs::write(&lock, "content/a.en.md: [unclosed\n").unwrap();
    let report = stderr(&run(&site, &["translations"]));
    assert!(report.contains("translations.lock:1:"), "{report}");
}

/// A page with every kind of block and inline markup (no facts: placeholder text), in
/// Chinese only.
const RICH: &str = "---\ntitle: \"示例：格式\"\ndescription: 各种格式的示例页。\nweight: 9\n---\n\n## 标题 {#rich}\n\n一段*强调*、**加粗**、~~删除~~、`代码`、<span>HTML</span>和[链接](../history/_index.md \"说明\")。\\\n硬换行后的文字，以及 \\* 转义。\n\n![示意图的说明](missing.png)\n\n- 第一项\n- 第二项，\n  续行\n  - 嵌套项\n\n> 引用的文字\n> 第二行\n\n| 列一 | 列二 |\n| --- | --- |\n| 甲 | **乙** |\n\n```\n代码块不翻译\n```\n\n1. 有序\n\n   松散的第二段\n";

/// `xlf` with every unit's target replaced by a copy of its source.
fn copy_sources_into_targets(xlf: &str) -> String {
    let mut out = String::new();
    let mut rest = xlf;
    while let Some(start) = rest.find("<trans-unit ") {
        let end = rest[start..].find("</trans-unit>").unwrap() + start;
        out.push_str(&rest[..start]);
        let unit = &rest[start..end];
        let source = &unit[unit.find("<source>").unwrap() + 8..unit.find("</source>").unwrap()];
        let without = match (unit.find("<target"), unit.find("</target>")) {
            (Some(a), Some(b)) => format!("{}{}", &unit[..a], &unit[b + 9..]),
            _ => unit.to_string(),
        };
        out.push_str(&without.replacen(
            "</source>",
            &format!("</source><target state=\"translated\">{source}</target>"),
            1,
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn export(site: &Path, out: &Path, all: bool) -> String {
    let mut args = vec![
        "translations",
        "export",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
    ];
    if all {
        args.push("--all");
    }
    let o = run(site, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    read(out)
}

#[test]
fn round_trip_export_copy_import_gives_the_sources_back() {
    let (dir, site) = default_site();
    // One page missing too, and one with every kind of markup: import creates them.
    std::fs::remove_file(site.join("content/goals/_index.en.md")).unwrap();
    std::fs::write(site.join("content/history/rich.zh.md"), RICH).unwrap();
    let xlf = dir.path().join("en.xlf");
    let text = export(&site, &xlf, true);
    assert!(text.contains("<file original=\"content/goals/_index.zh.md\""));
    for code in [
        "<g id=\"1\" ctype=\"italic\">强调</g>",
        "<g id=\"3\" ctype=\"x-strike\">",
        "<ph id=\"4\">`代码`</ph>",
        "<x id=\"8\" ctype=\"lb\"/>",
        "ctype=\"x-image\">示意图的说明</g>",
    ] {
        assert!(text.contains(code), "no {code} in\n{text}");
    }
    let copied = dir.path().join("copied.xlf");
    std::fs::write(&copied, copy_sources_into_targets(&text)).unwrap();
    let o = run(&site, &["translations", "import", copied.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("imported 7 pages and"),
        "{}",
        stderr(&o)
    );
    let content = site.join("content");
    for entry in walkdir::WalkDir::new(&content) {
        let path = entry.unwrap().into_path();
        let name = path.to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".zh.md") else {
            continue;
        };
        let en = PathBuf::from(format!("{stem}.en.md"));
        assert_eq!(
            read(&en),
            read(&path),
            "{} differs from its source",
            en.display()
        );
    }
    // Messages: every English message is now the Chinese one, comments aside.
    let messages = |lang: &str| -> Vec<String> {
        read(&site.join(format!("locales/{lang}/theme.ftl")))
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect()
    };
    let (zh, en) = (messages("zh"), messages("en"));
    for line in &zh {
        assert!(en.contains(line), "en lacks {line:?}");
    }
    // Every translation recorded: nothing stale, nothing missing; the records are the
    // repository's (the recreated page's line the same), plus the new page's.
    let json = status_json(&site);
    assert_eq!(json["languages"][0]["pages"]["up_to_date"], 7, "{json:#}");
    assert_eq!(json["languages"][0]["pages"]["missing"], 0);
    assert_eq!(json["languages"][0]["messages"]["stale"], 0);
    let lock = read(&site.join("translations.lock"));
    let without_new: Vec<&str> = (lock.lines())
        .filter(|l| !l.starts_with("content/history/rich.en.md: "))
        .collect();
    assert_eq!(without_new.len() + 1, lock.lines().count());
    assert_eq!(
        without_new.join("\n") + "\n",
        read(&repo().join("translations.lock"))
    );
    let leftovers: Vec<String> = walkdir::WalkDir::new(&site)
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn only_stale_and_missing_translations_are_exported() {
    let (dir, site) = default_site();
    let xlf = dir.path().join("en.xlf");
    let none = export(&site, &xlf, false);
    assert!(!none.contains("<trans-unit"), "{none}");
    edit(
        &site.join("content/history/_index.zh.md"),
        "举办了多个中外合作办学项目。",
        "举办了多个中外合作办学项目（修订）。",
    );
    let text = export(&site, &xlf, false);
    assert_eq!(text.matches("<file ").count(), 1, "{text}");
    assert_eq!(text.matches("<trans-unit ").count(), 7);
    // The changed block's translation is for review; the others are done.
    assert_eq!(
        text.matches("state=\"needs-review-translation\"").count(),
        1,
        "{text}"
    );
    assert_eq!(text.matches("approved=\"yes\"").count(), 6);
    assert!(text.contains("<note from=\"brochure\">content/history/_index.zh.md line 15: paragraph, block 7 of 7</note>"), "{text}");
    assert!(
        text.contains(
            "<source>截至2018年12月的办学规模见<g id=\"1\" ctype=\"link\">项目与机构</g>。</source>"
        ),
        "{text}"
    );
}

#[test]
fn damaged_units_are_refused_and_nothing_is_written() {
    let (dir, site) = default_site();
    let xlf = dir.path().join("en.xlf");
    let text = copy_sources_into_targets(&export(&site, &xlf, true));
    let before = |p: &str| read(&site.join(p));
    let (page, ftl, lock) = (
        before("content/history/_index.en.md"),
        before("locales/en/theme.ftl"),
        before("translations.lock"),
    );
    // A link code lost from one unit, a placeable's id changed in another.
    let lost = text.replacen("<target state=\"translated\">截至2018年12月的办学规模见<g id=\"1\" ctype=\"link\">项目与机构</g>。", "<target state=\"translated\">截至2018年12月的办学规模见项目与机构。", 1);
    assert_ne!(lost, text);
    let damaged = lost.replacen(
        "<target state=\"translated\">发布日期：<ph id=\"1\">",
        "<target state=\"translated\">发布日期：<ph id=\"9\">",
        1,
    );
    assert_ne!(damaged, lost);
    let bad = dir.path().join("bad.xlf");
    std::fs::write(&bad, &damaged).unwrap();
    // And the Chinese page changed after the export.
    let o = run(&site, &["translations", "import", bad.to_str().unwrap()]);
    let report = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{report}");
    assert!(report.contains("unit `b5` of content/history/_index.zh.md: code 1 (<g>) of the source is missing from the translation"), "{report}");
    assert!(
        report.contains(
            "unit `published` of locales/zh/theme.ftl: <ph id=\"9\"> is not a code of the source"
        ),
        "{report}"
    );
    let line = damaged[..damaged
        .find("<target state=\"translated\">截至2018年12月的办学规模见项目与机构")
        .unwrap()]
        .lines()
        .count();
    assert!(
        report.contains(&format!("bad.xlf:{}:", line - 1)),
        "{report}"
    );
    assert_eq!(before("content/history/_index.en.md"), page);
    assert_eq!(before("locales/en/theme.ftl"), ftl);
    assert_eq!(before("translations.lock"), lock);
    // A source edited since the export: its unit is refused.
    edit(
        &site.join("content/history/_index.zh.md"),
        "2000年：中外合作办学项目",
        "2000年：办学项目",
    );
    let good = dir.path().join("good.xlf");
    std::fs::write(&good, &text).unwrap();
    let report = stderr(&run(
        &site,
        &["translations", "import", good.to_str().unwrap()],
    ));
    assert!(
        report.contains(
            "unit `b3` of content/history/_index.zh.md: its source changed since the export"
        ),
        "{report}"
    );
    assert_eq!(before("content/history/_index.en.md"), page);
    // Not XLIFF at all.
    std::fs::write(&bad, "<xliff version=\"1.2\"><file original=\"x\"").unwrap();
    let report = stderr(&run(
        &site,
        &["translations", "import", bad.to_str().unwrap()],
    ));
    assert!(
        report.contains("this is not well-formed XML") && report.contains("bad.xlf:1:"),
        "{report}"
    );
}

#[test]
fn exported_xliff_is_valid_and_read_by_translate_toolkit() {
    let Some(tools) = require(vec![
        program("xmllint", "libxml2-utils (apt)"),
        program("pocount", "translate-toolkit (pip)"),
        program("xliff2po", "translate-toolkit (pip)"),
    ]) else {
        return;
    };
    let (dir, site) = default_site();
    std::fs::remove_file(site.join("content/goals/_index.en.md")).unwrap();
    std::fs::write(site.join("content/history/rich.zh.md"), RICH).unwrap();
    let xlf = dir.path().join("en.xlf");
    let text = export(&site, &xlf, true);
    let schemas = repo().join("tests/schemas/xliff");
    let out = run_checked(
        "xmllint",
        Command::new(&tools[0])
            .env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
            .args(["--noout", "--nonet", "--schema"])
            .arg(schemas.join("xliff-core-1.2-strict.xsd"))
            .arg(&xlf),
    );
    assert!(out.contains("validates"), "{out}");
    let units = text.matches("<trans-unit ").count();
    let csv = run_checked(
        "pocount",
        Command::new(&tools[1])
            .args(["--no-color", "--csv"])
            .arg(&xlf),
    );
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.contains("en.xlf"))
        .unwrap()
        .split(',')
        .collect();
    // Columns: file, translated, …, total messages (8th).
    assert_eq!(row[8].trim(), units.to_string(), "{csv}");
    let untranslated: usize = row[6].trim().parse().unwrap();
    assert!(
        untranslated >= 4,
        "the missing page's units are untranslated: {csv}"
    );
    let po = dir.path().join("en.po");
    run_checked("xliff2po", Command::new(&tools[2]).arg(&xlf).arg(&po));
    let po = read(&po);
    assert!(
        po.contains("msgid \"发展历程\"\nmsgstr \"History\""),
        "{po}"
    );
}

/// `brochure serve` on `site` (any free port), its stderr collected.
struct Serve {
    child: std::process::Child,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start(site: &Path) -> Serve {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_brochure"))
            .args(["serve", "--port", "0", "--site", site.to_str().unwrap()])
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        Serve { child, log }
    }

    fn wait_for(&self, what: &str) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !self.log.lock().unwrap().contains(what) {
            assert!(
                std::time::Instant::now() < deadline,
                "no {what:?} in:\n{}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

#[test]
fn serve_shows_the_stale_and_missing_counts_after_each_rebuild() {
    let (_dir, site) = default_site();
    let server = Serve::start(&site);
    server.wait_for("; translations: 0 stale, 0 missing\n");
    edit(
        &site.join("content/history/_index.zh.md"),
        "举办了多个中外合作办学项目。",
        "举办了多个中外合作办学项目（修订）。",
    );
    server.wait_for("reloaded 0 browsers; translations: 1 stale, 0 missing\n");
    std::fs::remove_file(site.join("content/goals/_index.en.md")).unwrap();
    server.wait_for("; translations: 1 stale, 1 missing\n");
    // Marking it done is a change serve sees too.
    let o = run(
        &site,
        &["translations", "done", "content/history/_index.en.md"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    server.wait_for("changed translations.lock → rebuilt in");
    server.wait_for("; translations: 0 stale, 1 missing\n");
}

#[test]
fn with_fallback_a_missing_page_is_shown_in_the_default_language_with_a_notice() {
    let (dir, site) = default_site();
    std::fs::remove_file(site.join("content/goals/_index.en.md")).unwrap();
    let out = dir.path().join("out");
    // Off by default: no English page.
    common::build(&site, &out, &[]);
    assert!(!out.join("en/goals/index.html").exists());
    let yaml = site.join("site.yaml");
    std::fs::write(
        &yaml,
        format!("{}\ntranslations:\n  fallback: true\n", read(&yaml)),
    )
    .unwrap();
    let log = common::build(&site, &out, &[]);
    assert!(log.contains("this page has no en translation: it is shown there in its own text, with a notice (fallback)"), "{log}");
    assert!(log.contains("content/goals/_index.zh.md:1:1"), "{log}");
    let html = read(&out.join("en/goals/index.html"));
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(html.contains("<p class=\"fallback-notice wrap\" role=\"note\">This page has not been translated into English yet; it is shown in its original language (中文).</p>"), "{html}");
    assert!(
        html.contains("<h1 class=\"page-title\" lang=\"zh-CN\">发展目标</h1>"),
        "{html}"
    );
    assert!(html.contains("<div class=\"prose\" lang=\"zh-CN\">"));
    assert!(
        !html.contains("rel=\"alternate\" hreflang"),
        "a fallback claims no translation"
    );
    // Nor does its source claim it, nor the sitemap list it.
    let zh = read(&out.join("zh/goals/index.html"));
    assert!(!zh.contains("hreflang=\"en\" href=\"https://"), "{zh}");
    assert!(!read(&out.join("sitemap.xml")).contains("/en/goals/"));
    // It is still missing for the workflow.
    let json = status_json(&site);
    assert_eq!(json["languages"][0]["pages"]["missing"], 1);
}

#[test]
fn a_new_site_starts_with_its_translations_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    assert!(brochure(&["new", site.to_str().unwrap()]).status.success());
    let json = status_json(&site);
    assert_eq!(json["tracked"], true);
    let en = &json["languages"][0];
    assert_eq!(en["pages"]["stale"], 0, "{json:#}");
    assert_eq!(en["messages"]["stale"], 0, "{json:#}");
    assert!(en["pages"]["up_to_date"].as_u64().unwrap() > 0);
}
