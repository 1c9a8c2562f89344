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
