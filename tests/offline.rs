//! `build --offline`: links that work from file://, and `--zip FILE` to send the site.

mod common;

use std::io::Read;

use common::*;

#[test]
fn the_zip_holds_the_offline_site_in_one_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let zip_path = dir.path().join("brochure-offline.zip");
    build(
        &fixture("basic"),
        &out,
        &["--offline", "--zip", zip_path.to_str().unwrap()],
    );
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    let expected: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| f != ".brochure-output")
        .map(|f| format!("brochure-offline/{f}"))
        .collect();
    assert_eq!(names, expected);
    let mut entry = archive.by_name("brochure-offline/zh/index.html").unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    assert_eq!(text, read(&out.join("zh/index.html")));
    assert!(
        text.contains("about/index.html"),
        "offline links inside the zip"
    );
}

#[test]
fn two_zips_of_one_site_are_identical() {
    let dir = tempfile::tempdir().unwrap();
    let zips: Vec<Vec<u8>> = ["a", "b"]
        .iter()
        .map(|n| {
            let zip_path = dir.path().join(n).join("site.zip");
            build(
                &fixture("basic"),
                &dir.path().join(n).join("out"),
                &["--offline", "--zip", zip_path.to_str().unwrap()],
            );
            std::fs::read(zip_path).unwrap()
        })
        .collect();
    assert_eq!(zips[0], zips[1]);
}

#[test]
fn zip_needs_offline() {
    let output = brochure(&["build", "--zip", "x.zip"]);
    assert_eq!(output.status.code(), Some(2));
}

/// `build --offline --zip ZIP` of a copy of the basic site: (exit code, stderr, site).
fn build_zip(dir: &std::path::Path, zip: &str) -> (Option<i32>, String) {
    let site = dir.join("site");
    if !site.exists() {
        copy_tree(&fixture("basic"), &site);
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_brochure"))
        .current_dir(dir)
        .args([
            "build",
            "--site",
            "site",
            "--out",
            "out",
            "--offline",
            "--zip",
            zip,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code(), stderr)
}

#[test]
fn the_zip_never_replaces_a_file_brochure_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.docx"), "four years of work").unwrap();
    let (code, stderr) = build_zip(dir.path(), "thesis.docx");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "refusing to write the zip file `thesis.docx`: it exists and was not written by brochure"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: choose a new file name"),
        "{stderr}"
    );
    assert_eq!(read(&dir.path().join("thesis.docx")), "four years of work");
    assert!(!dir.path().join("out").exists(), "refused before building");

    let yaml = read(&dir.path().join("site/site.yaml"));
    let (code, stderr) = build_zip(dir.path(), "site/site.yaml");
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(read(&dir.path().join("site/site.yaml")), yaml);

    // Another zip file (a .docx is one) is not brochure's either.
    let other = dir.path().join("other.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&other).unwrap());
    writer
        .start_file("a.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    writer.finish().unwrap();
    let bytes = std::fs::read(&other).unwrap();
    let (code, stderr) = build_zip(dir.path(), "other.zip");
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(std::fs::read(&other).unwrap(), bytes);
}

#[test]
fn a_zip_brochure_wrote_is_replaced_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = build_zip(dir.path(), "site.zip");
    assert_eq!(code, Some(0), "{stderr}");
    let first = std::fs::read(dir.path().join("site.zip")).unwrap();
    let page = dir.path().join("site/content/about/history.en.md");
    std::fs::write(&page, read(&page).replace("1995", "1996")).unwrap();
    let (code, stderr) = build_zip(dir.path(), "site.zip");
    assert_eq!(code, Some(0), "{stderr}");
    assert_ne!(std::fs::read(dir.path().join("site.zip")).unwrap(), first);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["out", "site", "site.zip"], "no temporary file left");
}

#[test]
fn a_zip_inside_the_output_or_the_inputs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (zip, says) in [
        ("out/site.zip", "it is inside the output folder"),
        ("site/content/site.zip", "it is inside the content folder"),
        ("site/static/site.zip", "it is inside the static folder"),
    ] {
        let (code, stderr) = build_zip(dir.path(), zip);
        assert_eq!(code, Some(1), "{zip}: {stderr}");
        assert!(stderr.contains(says), "{zip}: {stderr}");
        assert!(!dir.path().join(zip).exists());
    }
}
