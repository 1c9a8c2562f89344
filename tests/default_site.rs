//! Builds the default site (the USST brochure in the repository root) and checks the
//! written files: both languages, the switcher, hreflang, the sitemap, every link.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// One normal and one offline build, shared by the tests.
fn builds() -> &'static (tempfile::TempDir, PathBuf, PathBuf) {
    static BUILDS: OnceLock<(tempfile::TempDir, PathBuf, PathBuf)> = OnceLock::new();
    BUILDS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let normal = dir.path().join("public");
        let offline = dir.path().join("offline");
        build(&repo(), &normal, &[]);
        build(&repo(), &offline, &["--offline"]);
        (dir, normal, offline)
    })
}

fn normal() -> &'static Path {
    &builds().1
}

/// Content pages of a language: `zh/…/index.html`, not the 404.
fn pages(lang: &str) -> Vec<String> {
    files(normal())
        .into_iter()
        .filter(|f| f.starts_with(&format!("{lang}/")) && f.ends_with("index.html"))
        .collect()
}

/// `<a … hreflang=X …>` links in the page body: (hreflang, href).
fn switcher_links(html: &str) -> Vec<(String, String)> {
    html.match_indices("<a ")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            let hreflang = attr_values(tag, "hreflang").pop()?;
            let href = attr_values(tag, "href").pop()?;
            Some((hreflang, href))
        })
        .collect()
}

#[test]
fn both_languages_have_the_same_pages() {
    let zh = pages("zh");
    let en = pages("en");
    assert!(zh.len() >= 6, "{zh:?}");
    let swap: Vec<String> = zh.iter().map(|p| p.replacen("zh/", "en/", 1)).collect();
    assert_eq!(swap, en);
    for f in [
        "index.html",
        "zh/404.html",
        "en/404.html",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(normal().join(f).is_file(), "{f}");
    }
}

#[test]
fn the_switcher_lands_on_the_translation() {
    for page in pages("zh").into_iter().chain(pages("en")) {
        let (lang, other, other_locale) = if page.starts_with("zh/") {
            ("zh", "en", "en")
        } else {
            ("en", "zh", "zh-CN")
        };
        let path = normal().join(&page);
        let html = read(&path);
        let links = switcher_links(&html);
        let (_, href) = links
            .iter()
            .find(|(l, _)| l == other_locale)
            .unwrap_or_else(|| panic!("{page}: no switcher link to {other}"));
        let (target, _) = resolve_url(normal(), &path, href, false).unwrap();
        let expected = normal().join(page.replacen(&format!("{lang}/"), &format!("{other}/"), 1));
        assert_eq!(target, expected, "{page}: the switcher goes to {href}");
    }
}

#[test]
fn every_page_declares_its_translations() {
    for page in pages("zh").into_iter().chain(pages("en")) {
        let html = read(&normal().join(&page));
        let rest = page
            .split_once('/')
            .unwrap()
            .1
            .trim_end_matches("index.html");
        for (hreflang, lang) in [("zh-CN", "zh"), ("en", "en"), ("x-default", "zh")] {
            let link = format!(
                r#"<link rel="alternate" hreflang="{hreflang}" href="https://example.edu.cn/intl/{lang}/{rest}">"#
            );
            assert!(html.contains(&link), "{page}: missing {link}");
        }
        let lang_attr = if page.starts_with("zh/") {
            "zh-CN"
        } else {
            "en"
        };
        assert!(
            html.contains(&format!(r#"<html lang="{lang_attr}""#)),
            "{page}"
        );
    }
}

#[test]
fn the_sitemap_lists_every_page_with_alternates() {
    let xml = read(&normal().join("sitemap.xml"));
    for page in pages("zh").into_iter().chain(pages("en")) {
        let loc = format!(
            "<loc>https://example.edu.cn/intl/{}</loc>",
            page.trim_end_matches("index.html")
        );
        assert!(xml.contains(&loc), "sitemap lacks {loc}");
    }
    let urls = xml.matches("<url>").count();
    assert_eq!(
        xml.matches(r#"hreflang="x-default""#).count(),
        urls,
        "every URL has x-default"
    );
    assert_eq!(xml.matches(r#"hreflang="zh-CN""#).count(), urls);
    assert_eq!(xml.matches(r#"hreflang="en""#).count(), urls);
}

#[test]
fn every_relative_link_resolves() {
    assert_eq!(broken_links(normal(), false), Vec::<String>::new());
}

#[test]
fn every_offline_link_names_a_file() {
    let offline = &builds().2;
    assert_eq!(broken_links(offline, true), Vec::<String>::new());
    let home = read(&offline.join("zh/index.html"));
    assert!(
        home.contains("index.html\""),
        "offline links end in index.html"
    );
}

#[test]
fn the_default_site_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = build(&repo(), &dir.path().join("out"), &[]);
    assert!(!stderr.contains("warning:"), "{stderr}");
}

/// Message ids of every `.ftl` file of a locale.
fn locale_keys(code: &str) -> BTreeSet<String> {
    let dir = repo().join("locales").join(code);
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = read(&entry.unwrap().path());
        for line in text.lines() {
            let first = line.chars().next();
            if first.is_some_and(|c| c.is_ascii_alphabetic())
                && let Some((id, _)) = line.split_once('=')
            {
                keys.insert(id.trim().to_string());
            }
        }
    }
    keys
}

#[test]
fn zh_and_en_locales_define_the_same_keys() {
    let zh = locale_keys("zh");
    let en = locale_keys("en");
    assert!(!zh.is_empty());
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "only zh: {only_zh:?}; only en: {only_en:?}"
    );
}

/// The text of the built pages and print edition of a language.
fn written_text(lang: &str) -> String {
    let mut all: Vec<String> = pages(lang)
        .iter()
        .map(|p| read(&normal().join(p)))
        .collect();
    all.push(read(&normal().join(format!("print/brochure.{lang}.html"))));
    all.join("\n")
}

#[test]
fn a_number_is_written_one_way_per_language() {
    // Chinese prose writes a four-digit count without a separator (2664人); the key-figure
    // cards, their chart titles and the print edition follow it. English groups (2,664).
    let zh = written_text("zh");
    assert!(
        zh.contains("在校学生2664人"),
        "the zh text states the count"
    );
    assert!(
        zh.contains(r#"<p class="figure-value">2664</p>"#),
        "zh card"
    );
    assert!(zh.contains("在校学生：2664（"), "zh chart title");
    assert!(!zh.contains("2,664"), "zh writes 2664 one way");
    let en = written_text("en");
    assert!(
        en.contains(r#"<p class="figure-value">2,664</p>"#),
        "en card"
    );
    assert!(en.contains("2,664 students on campus"), "en text");
    assert!(!en.contains("2664"), "en writes 2,664 one way");
}

#[test]
fn the_reporting_date_closes_the_timeline_as_its_status() {
    for (lang, status) in [("zh", "截至2018年12月"), ("en", "As of December 2018")] {
        let html = read(&normal().join(format!("{lang}/history/index.html")));
        let years: Vec<&str> = html
            .split(r#"<p class="timeline-item-year">"#)
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .collect();
        assert_eq!(years, ["1995", "2000"], "{lang}: milestones only");
        assert_eq!(html.matches("timeline-dot").count(), 2, "{lang}: two nodes");
        let after = html.split(r#"<p class="timeline-status">"#).nth(1);
        assert!(
            after.is_some_and(|s| s.starts_with(status)),
            "{lang}: the status starts with its date"
        );
    }
}

#[test]
fn statements_the_seed_does_not_make_stay_out() {
    // From the copy review's fact audit: each was once in the brochure without a source.
    let zh = written_text("zh");
    for phrase in [
        "今天",
        "两个发展阶段",
        "在此基础上",
        "国际合作网络不断扩大",
        "教育智力资源",
        "打造成",
        "由此开启",
    ] {
        assert!(!zh.contains(phrase), "zh: {phrase}");
    }
    let en = written_text("en");
    for phrase in [
        "United States",
        "Germany",
        "two stages",
        "has grown",
        "Building on",
        "build on",
        "visions",
        "HAW Hamburg",
        "USST has 2",
        "Queens College of the City",
    ] {
        assert!(!en.contains(phrase), "en: {phrase}");
    }
}
