//! Real-world content (issue 17): builds the `real` fixture site, whose pages are written
//! the way people outside this project write them (percent-encoded paths, raw HTML, deep
//! sections), and checks what was written.

mod common;

use common::*;

fn built(flags: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("real"), &out, flags);
    (dir, out)
}

#[test]
fn percent_encoded_paths_are_decoded_once_and_encoded_once() {
    let (_d, out) = built(&[]);
    let zh = read(&out.join("zh/guide/index.html"));
    // 图 = %E5%9B%BE, 照 片 = %E7%85%A7%20%E7%89%87, 图片 = %E5%9B%BE%E7%89%87: the
    // one encoder writes every non-ASCII character percent-encoded, as Markdown links are.
    for url in [
        r#"src="../../%E5%9B%BE.png""#,
        r#"src="%E7%85%A7%20%E7%89%87.png""#,
        r#"href="../../%E5%9B%BE.png#a""#,
        r#"href="%E7%85%A7%20%E7%89%87.png?v=1#top""#,
        r##"href="#%E5%9B%BE%E7%89%87""##,
    ] {
        assert!(zh.contains(url), "{url} in {zh}");
    }
    let en = read(&out.join("en/guide/index.html"));
    assert!(
        en.contains(r##"href="../../zh/guide/#%E5%9B%BE%E7%89%87""##),
        "{en}"
    );
    for html in [&zh, &en] {
        assert!(!html.contains("%25"), "nothing is encoded twice: {html}");
    }
    // Every URL written resolves to a file that exists.
    assert_eq!(broken_links(&out, false), Vec::<String>::new());
    let print = read(&out.join("print/brochure.zh.html"));
    assert!(!print.contains("%25"), "nothing encoded twice in print");
    assert!(
        !print.contains("%23") && !print.contains("%3F"),
        "a fragment or query stays one in absolute URLs"
    );
}
