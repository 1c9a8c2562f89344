//! Real-world content benchmark (issue 17, points 2 and 6): what raw HTML and fenced code
//! cost a build. Three copies of the `real` fixture site, each with a bilingual section of
//! `--pages` pages per language, built through the library as `brochure build` does:
//!
//! - `markdown`: 20 paragraphs per page, each a Markdown link and image;
//! - `raw`: the same paragraphs written as raw HTML (`<p><a href><img src alt></p>`),
//!   which the tokenizer reads and rewrites;
//! - `code`: 5 fenced blocks per page (Rust, Python, bash, 8–10 lines), highlighted.
//!
//! ```sh
//! cargo run --release --example real_content -- [--pages 300] [--runs 5] [--dir /tmp/bench-real]
//! ```
//!
//! Prints the median of `--runs` builds of each into a fresh output folder, and for `code`
//! the same site with its fences given no language (written plain), the highlighter's cost.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brochure::build::{BuildOptions, build};

const RUST: &str = "fn parse(input: &str) -> Result<Vec<u32>, String> {\n    let mut out = Vec::new();\n    for (i, part) in input.split(',').enumerate() {\n        match part.trim().parse::<u32>() {\n            Ok(n) => out.push(n * 2),\n            Err(e) => return Err(format!(\"item {i}: {e}\")),\n        }\n    }\n    Ok(out)\n}\n";
const PYTHON: &str = "def total(rows):\n    \"\"\"Sums the second column.\"\"\"\n    result = 0\n    for i, row in enumerate(rows):\n        if not row:\n            continue\n        result += int(row[1]) * 2  # doubled\n    return result\n";
const BASH: &str = "#!/bin/sh\nset -eu\nfor f in content/*.md; do\n  echo \"checking $f\"\n  grep -q '^title:' \"$f\" || exit 1\ndone\n";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
            .unwrap_or_else(|| default.to_string())
    };
    let pages: usize = arg("--pages", "300").parse().expect("--pages N");
    let runs: usize = arg("--runs", "5").parse().expect("--runs N");
    let dir = PathBuf::from(arg("--dir", "/tmp/bench-real"));
    let _ = std::fs::remove_dir_all(&dir);
    for kind in ["markdown", "raw", "code", "plain-code"] {
        let site = dir.join(kind);
        write_site(&site, kind, pages);
        let time =
            median((0..runs).map(|k| timed_build(&site, &dir.join(format!("out-{kind}-{k}")))));
        println!(
            "{kind:>10}: {} pages per language, median of {runs}: {:.0} ms",
            pages,
            time.as_secs_f64() * 1000.0
        );
    }
}

fn timed_build(site: &Path, out: &Path) -> Duration {
    let start = Instant::now();
    let options = BuildOptions {
        site: site.to_path_buf(),
        out: Some(out.to_path_buf()),
        ..BuildOptions::default()
    };
    build(&options).unwrap_or_else(|e| panic!("build failed: {e}"));
    let elapsed = start.elapsed();
    let _ = std::fs::remove_dir_all(out);
    elapsed
}

fn median(times: impl Iterator<Item = Duration>) -> Duration {
    let mut times: Vec<Duration> = times.collect();
    times.sort();
    times[times.len() / 2]
}

/// The `real` fixture with a section `many` of `pages` pages per language.
fn write_site(site: &Path, kind: &str, pages: usize) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real");
    copy_tree(&fixture, site);
    let section = site.join("content/many");
    std::fs::create_dir_all(&section).unwrap();
    for lang in ["zh", "en"] {
        let index = format!("---\ntitle: many {lang}\n---\n");
        std::fs::write(section.join(format!("_index.{lang}.md")), index).unwrap();
        for i in 0..pages {
            let body = page_body(kind, i, pages);
            let text = format!("---\ntitle: P{i}\n---\n\n{body}");
            std::fs::write(section.join(format!("p{i}.{lang}.md")), text).unwrap();
        }
    }
}

fn page_body(kind: &str, i: usize, pages: usize) -> String {
    let mut body = String::new();
    match kind {
        "markdown" | "raw" => {
            for j in 0..20 {
                let t = (i + j) % pages;
                if kind == "raw" {
                    body.push_str(&format!("<p>See <a href=\"p{t}.md\">page {t}</a> and <img src=\"/%E5%9B%BE.png\" alt=\"x\"> here.</p>\n\n"));
                } else {
                    body.push_str(&format!(
                        "See [page {t}](p{t}.md) and ![x](/%E5%9B%BE.png) here.\n\n"
                    ));
                }
            }
        }
        _ => {
            for j in 0..5 {
                let (code, lang) =
                    [(RUST, "rust"), (PYTHON, "python"), (BASH, "bash")][(i + j) % 3];
                let lang = if kind == "code" { lang } else { "" };
                body.push_str(&format!("Text.\n\n```{lang}\n{code}```\n\n"));
            }
        }
    }
    body
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
