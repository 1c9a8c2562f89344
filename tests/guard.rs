//! The output guard: the output never overlaps the inputs, a folder holding files brochure
//! did not write is never replaced, a killed build's leftovers are removed by the next one,
//! and no file of the site takes a path brochure generates.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// `brochure build --site SITE --out OUT`, run in `cwd`: (exit code, stderr).
fn build_in(cwd: &Path, site: &Path, out: &Path) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .current_dir(cwd)
        .args(["build", "--site"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code(), stderr)
}

fn basic_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    copy_tree(&fixture("basic"), &site);
    site
}

#[test]
fn an_output_holding_the_site_is_refused_and_the_sources_survive() {
    // build --site S --out P; mv S P/mysite; build --site P/mysite --out P
    let dir = tempfile::tempdir().unwrap();
    let site = basic_site(dir.path());
    let out = dir.path().join("P");
    build(&site, &out, &[]);
    let moved = out.join("mysite");
    std::fs::rename(&site, &moved).unwrap();
    let sources = files(&moved);
    let (code, stderr) = build_in(dir.path(), &moved, &out);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("it holds the site folder") && stderr.contains("mysite"),
        "{stderr}"
    );
    assert!(stderr.contains("= help: choose an --out"), "{stderr}");
    assert_eq!(files(&moved), sources);
}

#[test]
fn an_output_inside_an_input_folder_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = basic_site(dir.path());
    let sources = files(&site);
    for (out, says) in [
        ("content/out", "inside the content folder"),
        ("content", "it is the content folder"),
        ("static/public", "inside the static folder"),
        ("themes/plain/out", "inside the theme folder"),
        ("locales/zh/x", "inside the locales folder"),
        ("templates/not/made/yet", "inside the templates folder"),
        (".", "it is the site folder"),
        ("..", "it holds the site folder"),
    ] {
        let (code, stderr) = build_in(dir.path(), &site, &site.join(out));
        assert_eq!(code, Some(1), "{out}: {stderr}");
        assert!(stderr.contains(says), "{out}: {stderr}");
        assert!(
            stderr.contains("refusing to write the site into"),
            "{out}: {stderr}"
        );
        assert_eq!(files(&site), sources, "{out}: nothing written");
    }
    // A symbolic link is followed: it is the folder it leads to.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.join("static"), dir.path().join("link")).unwrap();
        let (code, stderr) = build_in(dir.path(), &site, &dir.path().join("link/out"));
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("inside the static folder"), "{stderr}");
    }
    // The default, public/ in the site, is fine.
    let (code, stderr) = build_in(dir.path(), &site, &site.join("public"));
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn an_output_holding_the_current_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("out/work");
    std::fs::create_dir_all(&work).unwrap();
    let (code, stderr) = build_in(&work, &fixture("basic"), &dir.path().join("out"));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("it holds the current folder"), "{stderr}");
    assert!(work.is_dir());
}

#[test]
fn a_web_root_holding_a_copied_output_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("basic"), &out, &[]);
    // The output copied into a web root that holds other things.
    let www = dir.path().join("www");
    std::fs::create_dir_all(www.join("wordpress/wp-content")).unwrap();
    std::fs::write(www.join("wordpress/wp-content/upload.jpg"), "jpg").unwrap();
    std::fs::write(www.join("favicon.ico"), "ico").unwrap();
    copy_tree(&out, &www);
    let before = files(&www);
    let (code, stderr) = build_in(dir.path(), &fixture("basic"), &www);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("brochure did not write `favicon.ico`, `wordpress/` in it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("move what brochure did not write out"),
        "{stderr}"
    );
    assert_eq!(files(&www), before);
    // In brochure's own output, an extra file is refused just the same.
    std::fs::write(out.join("zh/notes.txt"), "mine").unwrap();
    let (code, stderr) = build_in(dir.path(), &fixture("basic"), &out);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("`zh/notes.txt`"), "{stderr}");
    assert_eq!(read(&out.join("zh/notes.txt")), "mine");
}

#[test]
fn an_output_marked_by_an_older_brochure_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("index.html"), "old").unwrap();
    std::fs::write(
        out.join(".brochure-output"),
        "This folder is written by brochure.\ninputs 00000000000000ff\noutputs 0000000000000001\n",
    )
    .unwrap();
    let (code, stderr) = build_in(dir.path(), &fixture("basic"), &out);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("from an older brochure"), "{stderr}");
    assert_eq!(read(&out.join("index.html")), "old");
}

/// The staging folders beside `out`.
fn staging_folders(out: &Path) -> Vec<PathBuf> {
    let prefix = format!(".{}.staging-", out.file_name().unwrap().to_string_lossy());
    let mut found: Vec<PathBuf> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

#[test]
fn the_next_build_removes_what_killed_builds_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // What a build killed while swapping leaves: its lock, the new output, the old one.
    let killed = dir.path().join(".public.staging-Ab12Cd");
    std::fs::create_dir_all(killed.join("site/zh")).unwrap();
    std::fs::create_dir_all(killed.join("old/en")).unwrap();
    std::fs::write(killed.join("site/zh/index.html"), "new").unwrap();
    std::fs::write(killed.join("old/en/index.html"), "old").unwrap();
    std::fs::write(killed.join(".brochure-lock"), "").unwrap();
    // Not brochure's: no lock file in it.
    let mine = dir.path().join(".public.staging-mine");
    std::fs::create_dir(&mine).unwrap();
    let (code, stderr) = build_in(dir.path(), &fixture("basic"), &out);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(staging_folders(&out), std::slice::from_ref(&mine));
    // Also when nothing changed since the last build.
    std::fs::create_dir_all(killed.join("site")).unwrap();
    std::fs::write(killed.join(".brochure-lock"), "").unwrap();
    let (code, stderr) = build_in(dir.path(), &fixture("basic"), &out);
    assert!(stderr.contains("nothing changed"), "{stderr}");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(staging_folders(&out), [mine]);
}

/// The basic site with `pairs` more pages in each language, slow enough to interrupt.
fn big_site(dir: &Path, pairs: usize) -> PathBuf {
    let site = dir.join(format!("big-{pairs}"));
    copy_tree(&fixture("basic"), &site);
    for i in 0..pairs {
        let about = site.join("content/about");
        std::fs::write(
            about.join(format!("p{i}.en.md")),
            format!("---\ntitle: Page {i}\n---\n\nText {i}, [history](@/about/history.md).\n"),
        )
        .unwrap();
        std::fs::write(
            about.join(format!("p{i}.zh.md")),
            format!("---\ntitle: 页面 {i}\n---\n\n文字 {i}。\n"),
        )
        .unwrap();
    }
    site
}

/// Starts a build of `site` into `out` and kills it (SIGKILL) once it is writing pages.
/// Whether it was caught in the act.
fn kill_while_writing(site: &Path, out: &Path) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .args(["build", "--site"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let writing = || {
        staging_folders(out)
            .iter()
            .any(|s| std::fs::read_dir(s.join("site")).is_ok_and(|mut e| e.next().is_some()))
    };
    while !writing() {
        if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    true
}

#[test]
fn a_build_killed_with_sigkill_leaves_nothing_the_next_build_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("basic"), &out, &[]);
    let before = files(&out);
    let mut caught = false;
    for pairs in [300, 1200, 4000] {
        let site = big_site(dir.path(), pairs);
        if kill_while_writing(&site, &out) {
            caught = true;
            break;
        }
    }
    assert!(caught, "no build could be interrupted while writing");
    assert_eq!(files(&out), before, "a killed build changes nothing");
    assert_eq!(
        staging_folders(&out).len(),
        1,
        "the killed build's leftover"
    );
    let (code, stderr) = build_in(dir.path(), &fixture("basic"), &out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(staging_folders(&out).is_empty(), "leftover removed");
}

#[test]
fn a_running_build_keeps_its_staging_folder_while_another_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let site = big_site(dir.path(), 1500);
    let slow = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .args(["build", "--site"])
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while staging_folders(&out).is_empty() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(1));
    }
    let (code, stderr) = build_in(dir.path(), &fixture("basic"), &out);
    assert_eq!(code, Some(0), "{stderr}");
    let slow = slow.wait_with_output().unwrap();
    assert!(
        slow.status.success(),
        "the slow build was not disturbed: {}",
        String::from_utf8_lossy(&slow.stderr)
    );
    assert!(out.join("zh/about/p1499/index.html").is_file());
    assert!(staging_folders(&out).is_empty());
}

#[test]
fn check_finds_a_file_at_a_generated_path() {
    let dir = tempfile::tempdir().unwrap();
    let site = basic_site(dir.path());
    std::fs::write(site.join("content/index.html"), "<p>mine</p>").unwrap();
    std::fs::create_dir_all(site.join("static/print")).unwrap();
    std::fs::write(site.join("static/print/brochure.en.html"), "mine").unwrap();
    // Overriding a theme's static file is what static/ is for.
    std::fs::write(site.join("static/style.css"), "body{}").unwrap();
    let output = brochure(&["check", "--site", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for expected in [
        "content/index.html` and the page",
        "would both be written to `zh/index.html`",
        "static/print/brochure.en.html` and the print edition would both be written to `print/brochure.en.html`",
        "content/index.html:1:1",
        "static/print/brochure.en.html:1:1",
    ] {
        assert!(stderr.contains(expected), "no `{expected}`:\n{stderr}");
    }
    assert!(!stderr.contains("style.css"), "{stderr}");
    // An asset is stored once, beside the default language's pages: no `en/index.html`.
    assert!(!stderr.contains("`en/index.html`"), "{stderr}");
    assert!(stderr.contains("check: 2 errors"), "{stderr}");
}
