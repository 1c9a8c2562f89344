//! `brochure check`: every problem in one run, as text or JSON.

mod common;

use std::path::PathBuf;

use common::*;

/// The basic fixture with the problems of `tests/fixtures/check` laid over it.
fn problem_site(dir: &std::path::Path) -> PathBuf {
    let site = dir.join("site");
    copy_tree(&fixture("basic"), &site);
    copy_tree(&fixture("check"), &site);
    site
}

fn check_json(site: &std::path::Path, strict: bool) -> (Option<i32>, serde_json::Value) {
    let mut args = vec![
        "check",
        "--site",
        site.to_str().unwrap(),
        "--format",
        "json",
    ];
    if strict {
        args.push("--strict");
    }
    let output = brochure(&args);
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code(), json)
}

/// (code, file suffix, line) of each diagnostic.
fn found(json: &serde_json::Value) -> Vec<(String, String, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn reports_every_kind_of_problem_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let site = problem_site(dir.path());
    let (status, json) = check_json(&site, false);
    assert_eq!(status, Some(1), "errors exit 1: {json}");
    let found = found(&json);
    let expect = [
        ("yaml", "content/about/broken.en.md", 3),
        ("broken-anchor", "content/about/team.md", 10),
        ("broken-link", "content/about/team.md", 10),
        ("missing-translation", "content/about/team.md", 1),
        ("image-alt", "content/about/team.md", 6),
        ("leftover-strong", "content/about/team.md", 8),
        ("data-language", "content/figures.yaml", 3),
        ("missing-key", "locales/zh/main.ftl", 3),
        ("unused-key", "locales/en/main.ftl", 5),
        ("fluent-variables", "locales/en/main.ftl", 1),
        ("raw-html", "content/about/team.md", 12),
        ("script-url", "content/about/team.md", 14),
        ("translation-key", "content/programs/ee/dianqi.en.md", 3),
    ];
    for (code, file, line) in expect {
        assert!(
            found
                .iter()
                .any(|(c, f, l)| c == code && f.ends_with(file) && *l == line),
            "no {code} at {file}:{line} in {found:#?}"
        );
    }
    for d in json["diagnostics"].as_array().unwrap() {
        assert!(
            d["hint"].as_str().is_some_and(|h| !h.is_empty()),
            "every problem says how to fix it: {d}"
        );
        assert!(d["column"].as_u64().unwrap() >= 1);
    }
    let total = json["errors"].as_u64().unwrap() + json["warnings"].as_u64().unwrap();
    assert_eq!(total as usize, found.len());
}

#[test]
fn text_format_names_places_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let site = problem_site(dir.path());
    let output = brochure(&["check", "--site", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("content/about/team.md:10:"), "{stderr}");
    assert!(stderr.contains("= help: "), "{stderr}");
    // the fourth error: the English `students` wants `$n`, which no template passes
    assert!(stderr.contains("check: 4 errors"), "{stderr}");
    assert!(stderr.contains("Unknown variable: $n"), "{stderr}");
}

#[test]
fn strict_fails_on_warnings_only_when_asked() {
    let (status, json) = check_json(&fixture("basic"), false);
    assert_eq!(json["errors"], 0, "{json}");
    assert!(json["warnings"].as_u64().unwrap() > 0);
    assert_eq!(status, Some(0));
    let (status, _) = check_json(&fixture("basic"), true);
    assert_eq!(status, Some(1));
}

#[test]
fn the_default_site_warns_only_that_its_base_url_is_a_placeholder() {
    let output = brochure(&["check", "--site", repo().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("check: 0 errors, 1 warning\n"), "{stderr}");
    assert!(
        stderr.contains(
            "warning: base_url `https://example.edu.cn/intl/` is a placeholder address\n  --> "
        ),
        "{stderr}"
    );
    let strict = brochure(&["check", "--strict", "--site", repo().to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn the_default_site_with_a_real_address_passes_strict_check() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_default_site(&site);
    let config = read(&site.join("site.yaml"));
    let config = config.replace("https://example.edu.cn/intl/", "https://intl.usst.edu.cn/");
    std::fs::write(site.join("site.yaml"), config).unwrap();
    let output = brochure(&["check", "--strict", "--site", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("check: 0 errors, 0 warnings"), "{stderr}");
}

#[test]
fn a_data_file_moved_away_from_where_the_template_reads_it_warns_at_the_read() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_default_site(&site);
    std::fs::rename(
        site.join("content/history/timeline.yaml"),
        site.join("content/timeline.yaml"),
    )
    .unwrap();
    let (_, json) = check_json(&site, false);
    let reads: Vec<_> = found(&json)
        .into_iter()
        .filter(|(code, _, _)| code == "missing-data")
        .collect();
    assert_eq!(reads.len(), 1, "{json}");
    assert!(
        reads[0]
            .1
            .ends_with("themes/brochure/templates/_timeline.html"),
        "{json}"
    );
    assert_eq!(reads[0].2, 1, "{json}");
    // build shows it too: the chart would otherwise vanish without a word
    let stderr = build(&site, &dir.path().join("out"), &[]);
    assert!(
        stderr.contains("warning: this template reads `data.history.timeline"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`content/timeline.yaml` is `data.timeline`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("move it back to content/history/timeline.yaml"),
        "{stderr}"
    );
}

/// The default site's inputs (config, content, theme, locales) copied into `site`.
fn copy_default_site(site: &std::path::Path) {
    for part in ["content", "themes", "locales"] {
        copy_tree(&repo().join(part), &site.join(part));
    }
    std::fs::copy(repo().join("site.yaml"), site.join("site.yaml")).unwrap();
}

#[test]
fn a_one_sided_translation_key_warns_and_keeps_links_in_their_language() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let history = site.join("content/about/history.zh.md");
    let text = read(&history).replace("weight: 1\n", "weight: 1\ntranslation_key: hist\n");
    std::fs::write(&history, text).unwrap();
    let (_, json) = check_json(&site, false);
    assert!(
        found(&json).iter().any(|(c, f, l)| c == "translation-key"
            && f.ends_with("content/about/history.zh.md")
            && *l == 4),
        "{json}"
    );
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    // The Chinese home links `about/history.md`: the Chinese file at that path, not the
    // English one (which now has no Chinese translation).
    let home = read(&out.join("zh/index.html"));
    assert!(home.contains("href=\"about/history/#"), "{home}");
    assert!(!home.contains("../en/about/history/"), "{home}");
}

#[test]
fn legal_but_odd_file_names_are_percent_encoded_in_every_href() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let names = ["plan 2026.pdf", "100%.txt", "a[1]{x}.txt", "历史 照片.txt"];
    for name in names {
        std::fs::write(site.join("content/about").join(name), "x").unwrap();
    }
    let team = site.join("content/about/team.md");
    let mut text = read(&team);
    text.push_str(
        "\n[p](plan%202026.pdf) [q](<100%.txt>) [r](<a[1]{x}.txt>) [s](<历史 照片.txt>)\n",
    );
    std::fs::write(&team, text).unwrap();
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    let html = read(&out.join("zh/about/team/index.html"));
    for href in [
        "../plan%202026.pdf",
        "../100%25.txt",
        "../a%5B1%5D%7Bx%7D.txt",
        // pulldown-cmark writes non-ASCII in hrefs encoded, too
        "../%E5%8E%86%E5%8F%B2%20%E7%85%A7%E7%89%87.txt",
    ] {
        assert!(
            html.contains(&format!("href=\"{href}\"")),
            "{href} in {html}"
        );
    }
    assert_eq!(broken_links(&out, false), Vec::<String>::new());
}
