//! External validators on the real output: the default site (this repo) is built once with
//! the `brochure` binary into a temporary folder, then each validator is its own test:
//!
//! * `vnu_html_checker`: Nu HTML Checker on every HTML, CSS and SVG file (`tests/browser/vnu.mjs`)
//! * `axe_accessibility`: axe-core WCAG 2.0/2.1 A+AA on every page in Chromium (`tests/browser/axe.mjs`)
//! * `browser_smoke`: console errors, failed requests, language switcher, sideways scrolling,
//!   screenshots in `target/screenshots/` (`tests/browser/browser.mjs`)
//! * `responsive_images_pick_the_variant_for_the_screen`: which srcset file Chromium loads
//!   on phones and a desktop (`tests/browser/variants.mjs`)
//! * `search_from_file_urls`: the theme's search on the offline build from file://: Chinese
//!   and English queries, keyboard, no results, axe with results open, 390 px, no JavaScript
//!   (`tests/browser/search.mjs`)
//! * `sitemap_schema`: `sitemap.xml` against `tests/schemas/sitemap-hreflang.xsd` with xmllint
//!
//! Each test needs outside tools (Java, Node with `npm ci` run in `tests/browser`, Debian's
//! Chromium, xmllint); `bash .ci/run` installs them all. When a tool is missing the test fails
//! if `CI=true`, and otherwise prints a loud `SKIPPED:` line and passes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

mod common;

use common::tools::{Missing, Tool, program, require, run_checked};
use std::time::{Duration, SystemTime};

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn browser_dir() -> PathBuf {
    repo_root().join("tests").join("browser")
}

fn java() -> Tool {
    program(
        "java",
        "a Java 11+ runtime (apt-get install default-jre-headless)",
    )
}

fn node() -> Tool {
    program("node", "Node.js 20 or later")
}

fn xmllint() -> Tool {
    program("xmllint", "xmllint (apt-get install libxml2-utils)")
}

/// Debian's Chromium, which the browser checks drive (`CHROMIUM_PATH` overrides, as in lib.mjs).
fn chromium() -> Tool {
    let path = std::env::var_os("CHROMIUM_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(Missing {
            why: format!("{} does not exist", path.display()),
            install: "Debian's chromium (apt-get install chromium fonts-noto-cjk)",
        })
    }
}

/// The npm packages of tests/browser (playwright-core, axe-core, vnu-jar).
fn browser_modules() -> Tool {
    let modules = browser_dir().join("node_modules");
    let missing: Vec<&str> = ["playwright-core", "axe-core", "vnu-jar"]
        .into_iter()
        .filter(|pkg| !modules.join(pkg).join("package.json").is_file())
        .collect();
    if missing.is_empty() {
        Ok(modules)
    } else {
        Err(Missing {
            why: format!("{} missing from {}", missing.join(", "), modules.display()),
            install: "the checks' npm packages (cd tests/browser && npm ci)",
        })
    }
}

/// The default site, built once per test binary by the real `brochure` binary.
fn built_site() -> &'static Path {
    static BUILD: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    build_once(&BUILD, &[])
}

/// The default site built with `--offline`, once per test binary.
fn built_offline_site() -> &'static Path {
    static BUILD: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    build_once(&BUILD, &["--offline"])
}

fn build_once(
    cell: &'static OnceLock<(tempfile::TempDir, PathBuf)>,
    flags: &[&str],
) -> &'static Path {
    &cell
        .get_or_init(|| {
            let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
            remove_stale_builds(scratch);
            let dir = tempfile::Builder::new()
                .prefix("validators-")
                .tempdir_in(scratch)
                .expect("create a temporary folder under CARGO_TARGET_TMPDIR");
            let public = dir.path().join("public");
            let output = Command::new(env!("CARGO_BIN_EXE_brochure"))
                .arg("build")
                .arg("--site")
                .arg(repo_root())
                .arg("--out")
                .arg(&public)
                .args(flags)
                .output()
                .expect("run the brochure binary");
            assert!(
                output.status.success(),
                "`brochure build --site {} --out {}` failed ({}):\n{}{}",
                repo_root().display(),
                public.display(),
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr),
            );
            (dir, public)
        })
        .1
}

/// A static `TempDir` is never dropped, so each run leaves its build behind; remove the
/// builds of earlier runs (older than an hour, so a concurrent run keeps its own).
fn remove_stale_builds(scratch: &Path) {
    let Ok(entries) = std::fs::read_dir(scratch) else {
        return;
    };
    let cutoff = SystemTime::now() - Duration::from_secs(3600);
    for entry in entries.flatten() {
        let stale = entry
            .file_name()
            .to_string_lossy()
            .starts_with("validators-")
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < cutoff);
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Runs a validator; its report is printed, and a non-zero exit fails the test with it.
fn run_validator(name: &str, command: &mut Command) {
    println!("{}", run_checked(name, command));
}

/// Runs one of the Node scripts of tests/browser on the built site.
fn run_browser_script(script: &str, node: &Path) {
    run_browser_script_on(script, node, built_site());
}

fn run_browser_script_on(script: &str, node: &Path, site: &Path) {
    run_validator(
        script,
        Command::new(node)
            .arg(browser_dir().join(script))
            .arg(site)
            .current_dir(browser_dir()),
    );
}

/// A photo 3000×2000 on a page of the default site, built with the real binary: the
/// variants Chromium picks from its srcset on phones and a desktop
/// (`tests/browser/variants.mjs`, which also takes target/screenshots/variant-390.png).
#[test]
fn responsive_images_pick_the_variant_for_the_screen() {
    let Some(tools) = require(vec![node(), browser_modules(), chromium()]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    for part in ["site.yaml", "content", "themes", "locales"] {
        let from = repo_root().join(part);
        if from.is_file() {
            std::fs::copy(&from, site.join(part)).unwrap();
        } else {
            common::copy_tree(&from, &site.join(part));
        }
    }
    let pixels = image::RgbImage::from_fn(3000, 2000, |x, y| {
        image::Rgb([(x / 12 % 256) as u8, (y / 8 % 256) as u8, 128])
    });
    pixels.save(site.join("content/photo.jpg")).unwrap();
    for (lang, title) in [("zh", "校园"), ("en", "Campus")] {
        std::fs::write(
            site.join(format!("content/campus.{lang}.md")),
            format!("---\ntitle: {title}\n---\n\n![{title}](photo.jpg)\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    common::build(&site, &out, &[]);
    run_validator(
        "variants.mjs",
        Command::new(&tools[0])
            .arg(browser_dir().join("variants.mjs"))
            .arg(&out)
            .arg("/en/campus/")
            .current_dir(browser_dir()),
    );
}

#[test]
fn vnu_html_checker() {
    let Some(tools) = require(vec![node(), browser_modules(), java()]) else {
        return;
    };
    run_browser_script("vnu.mjs", &tools[0]);
}

#[test]
fn axe_accessibility() {
    let Some(tools) = require(vec![node(), browser_modules(), chromium()]) else {
        return;
    };
    run_browser_script("axe.mjs", &tools[0]);
}

#[test]
fn browser_smoke() {
    let Some(tools) = require(vec![node(), browser_modules(), chromium()]) else {
        return;
    };
    run_browser_script("browser.mjs", &tools[0]);
}

#[test]
fn search_from_file_urls() {
    let Some(tools) = require(vec![node(), browser_modules(), chromium()]) else {
        return;
    };
    run_browser_script_on("search.mjs", &tools[0], built_offline_site());
}

#[test]
fn offline_from_file_urls() {
    let Some(tools) = require(vec![node(), browser_modules(), chromium()]) else {
        return;
    };
    run_browser_script_on("offline.mjs", &tools[0], built_offline_site());
}

#[test]
fn sitemap_schema() {
    let Some(tools) = require(vec![xmllint()]) else {
        return;
    };
    let sitemap = built_site().join("sitemap.xml");
    assert!(
        sitemap.is_file(),
        "the build wrote no {}",
        sitemap.display()
    );
    let schema = repo_root().join("tests/schemas/sitemap-hreflang.xsd");
    run_validator(
        "xmllint",
        Command::new(&tools[0])
            .args(["--noout", "--nonet", "--schema"])
            .arg(schema)
            .arg(sitemap),
    );
}
