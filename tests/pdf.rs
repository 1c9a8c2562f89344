//! `brochure pdf`: the default site (this repo; `BROCHURE_PDF_TEST_SITE` names another) is
//! built once with the real binary, then every edition is printed with every engine and the
//! PDFs are read back with poppler's tools:
//!
//! * `pdfinfo`: a sane page count, and each table-of-contents target's named destination;
//! * `pdftotext`: each TOC number is the page where that chapter starts (its heading is at
//!   the top of that page and of no earlier page after the TOC); the Chinese edition
//!   extracts as Chinese;
//! * `pdffonts`: every font embedded, and no Type 3 fonts from WeasyPrint;
//! * `pdftoppm`: pages 1–3 of every PDF as PNGs in `target/pdf-pages/`, for a person to look.
//!
//! WeasyPrint (60 or later) is looked for on PATH and in `target/weasyprint-venv/bin` (what
//! `.ci/weasyprint.sh` installs). When an engine or a poppler tool is missing the test fails
//! if `CI=true`, and otherwise prints a loud `SKIPPED:` line and passes.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const EDITIONS: [&str; 3] = ["zh", "en", "bilingual"];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Straight to the stderr handle: libtest captures `eprintln!` of passing tests.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// A tool is missing: fails under `CI=true`, else says SKIPPED loudly. The caller returns.
fn missing(why: &str, install: &str) {
    if in_ci() {
        panic!("PDF test tool missing under CI=true: {why}. Install {install}.");
    }
    say(&format!("\nSKIPPED: {why} — install {install}\n"));
}

/// Every executable `name` on `PATH` (or on `path`, when given).
fn on_path(name: &str, path: Option<&OsString>) -> Vec<PathBuf> {
    let path = path.cloned().or_else(|| std::env::var_os("PATH"));
    let Some(path) = path else { return Vec::new() };
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .filter(|p| p.is_file())
        .collect()
}

/// Poppler's tools are all there; else reports them missing.
fn poppler_present() -> bool {
    let absent: Vec<&str> = ["pdfinfo", "pdftotext", "pdffonts", "pdftoppm"]
        .into_iter()
        .filter(|t| on_path(t, None).is_empty())
        .collect();
    if absent.is_empty() {
        return true;
    }
    missing(
        &format!("{} not on PATH", absent.join(", ")),
        "poppler-utils (apt-get install poppler-utils)",
    );
    false
}

/// `PATH` for the child: the WeasyPrint venv that `.ci/weasyprint.sh` makes, then ours.
fn child_path() -> OsString {
    let venv = repo().join("target/weasyprint-venv/bin");
    let mut dirs: Vec<PathBuf> = Vec::new();
    if venv.is_dir() {
        dirs.push(venv);
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH joins")
}

/// A WeasyPrint of version 60 or later is on the child's PATH.
fn weasyprint_present() -> bool {
    let path = child_path();
    let mut seen = Vec::new();
    for program in on_path("weasyprint", Some(&path)) {
        let version = Command::new(&program)
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        let major: Option<u32> = version
            .split_whitespace()
            .last()
            .and_then(|v| v.split('.').next())
            .and_then(|m| m.parse().ok());
        if major.is_some_and(|m| m >= 60) {
            return true;
        }
        seen.push(format!("{} says `{version}`", program.display()));
    }
    let why = if seen.is_empty() {
        "weasyprint is not on PATH nor in target/weasyprint-venv/bin".to_string()
    } else {
        format!("no WeasyPrint 60 or later ({})", seen.join("; "))
    };
    missing(
        &why,
        "WeasyPrint from PyPI: bash .ci/weasyprint.sh (a venv in target/weasyprint-venv)",
    );
    false
}

/// Chromium (any of its names) is on PATH.
fn chromium_present() -> bool {
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    if names.iter().any(|n| !on_path(n, None).is_empty()) {
        return true;
    }
    missing(
        "chromium is not on PATH",
        "Debian's chromium (apt-get install chromium fonts-noto-cjk)",
    );
    false
}

/// The print editions of the site, built once by the real binary: edition → HTML.
fn editions() -> &'static BTreeMap<String, String> {
    static EDITIONS_HTML: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    EDITIONS_HTML.get_or_init(|| {
        let site = std::env::var_os("BROCHURE_PDF_TEST_SITE")
            .map_or_else(|| repo().to_path_buf(), PathBuf::from);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let built = brochure(&[
            "build".as_ref(),
            "--site".as_ref(),
            site.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert!(built.status.success(), "build failed:\n{}", stderr(&built));
        EDITIONS
            .iter()
            .map(|e| {
                let file = out.join(format!("print/brochure.{e}.html"));
                let html = std::fs::read_to_string(&file).unwrap_or_else(|err| {
                    panic!(
                        "{}: {err} — the theme needs templates/print.html",
                        file.display()
                    )
                });
                (e.to_string(), html)
            })
            .collect()
    })
}

/// A fresh output folder holding the editions in `print/`.
fn output_with_editions() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(out.join("print")).unwrap();
    for (e, html) in editions() {
        std::fs::write(out.join(format!("print/brochure.{e}.html")), html).unwrap();
    }
    (dir, out)
}

fn brochure(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brochure"))
        .args(args)
        .output()
        .expect("the brochure binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a poppler tool; its stdout.
fn tool(program: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .arg(pdf)
        .args(if program == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} {} failed: {}",
        pdf.display(),
        stderr(&output)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Text without any whitespace (extraction puts spaces and breaks in different places).
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `html` without its tags, with the usual entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

use brochure::urls::percent_decode;

/// One table-of-contents entry of an edition.
#[derive(Debug)]
struct Entry {
    /// The id it points at.
    target: String,
    /// Its text, squeezed (what precedes the page number in the PDF).
    text: String,
    /// The text of the first heading inside the target, squeezed.
    heading: String,
}

/// The TOC entries of `html`: each `<span class="toc-page" data-target="ID">` with the text
/// of the link around or before it, and the first heading of the element it points at.
fn toc_entries(html: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (at, _) in html.match_indices("data-target=\"") {
        let tag_start = html[..at].rfind('<').unwrap();
        let tag = &html[tag_start..at + html[at..].find('>').unwrap()];
        if !tag.starts_with("<span") || !tag.contains("toc-page") {
            continue;
        }
        let value_start = at + "data-target=\"".len();
        let raw = &html[value_start..value_start + html[value_start..].find('"').unwrap()];
        let target = percent_decode(&text_of(raw));
        let link_start = html[..at].rfind("<a ").expect("a TOC link before the span");
        let link_end = link_start + html[link_start..].find("</a>").expect("the link ends");
        let text = squeeze(&text_of(&html[link_start..link_end]));
        let heading = squeeze(&heading_of(html, &target));
        entries.push(Entry {
            target,
            text,
            heading,
        });
    }
    entries
}

/// The text of the first `<h1>`–`<h6>` inside the element whose id is `id`.
fn heading_of(html: &str, id: &str) -> String {
    let attr = [
        format!(" id=\"{id}\""),
        format!(" id=\"{}\"", id.replace('&', "&amp;")),
    ];
    let at = attr
        .iter()
        .find_map(|a| html.find(a.as_str()))
        .unwrap_or_else(|| panic!("no element has id `{id}`"));
    let rest = &html[at..];
    let start = rest
        .match_indices("<h")
        .map(|(i, _)| i)
        .find(|&i| {
            rest.as_bytes()
                .get(i + 2)
                .is_some_and(|b| (b'1'..=b'6').contains(b))
        })
        .unwrap_or_else(|| panic!("no heading inside `#{id}`"));
    let open_end = start + rest[start..].find('>').unwrap() + 1;
    let close = open_end + rest[open_end..].find("</h").unwrap();
    first_language_part(&rest[open_end..close])
}

/// The text of the first element with a `lang` in `inner` (the bilingual edition's headings
/// hold one title per language, side by side), or all of its text.
fn first_language_part(inner: &str) -> String {
    let Some(lang) = inner.find(" lang=\"") else {
        return text_of(inner);
    };
    let open_end = lang + inner[lang..].find('>').unwrap() + 1;
    let close = open_end
        + inner[open_end..]
            .find("</")
            .unwrap_or(inner.len() - open_end);
    text_of(&inner[open_end..close])
}

/// The text of each page of `pdf` (layout mode).
fn pages_text(pdf: &Path) -> Vec<String> {
    let text = tool("pdftotext", &["-layout", "-enc", "UTF-8"], pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The page numbers printed after each entry in the table of contents, and the (0-based)
/// index of the TOC's last page.
fn toc_numbers(pages: &[String], entries: &[Entry]) -> (Vec<usize>, usize) {
    let squeezed: Vec<String> = pages.iter().map(|p| squeeze_lines(p)).collect();
    let listed = |page: &str| {
        entries
            .iter()
            .filter(|e| number_after(page, &e.text, 0).is_some())
            .count()
    };
    let first = (0..squeezed.len().min(6))
        .find(|&i| listed(&squeezed[i]) * 2 >= entries.len())
        .unwrap_or_else(|| {
            panic!(
                "no page lists the table of contents {:?}; first pages:\n{}",
                entries.iter().map(|e| &e.text).collect::<Vec<_>>(),
                pages
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n---\n")
            )
        });
    let mut joined = String::new();
    let mut starts = Vec::new();
    for page in &squeezed[first..] {
        starts.push(joined.len());
        joined.push_str(page);
        joined.push('\n');
    }
    let mut numbers = Vec::new();
    let mut from = 0;
    let mut last = first;
    for e in entries {
        let (number, end) = number_after(&joined, &e.text, from)
            .unwrap_or_else(|| panic!("TOC entry `{}` has no page number in the PDF", e.text));
        numbers.push(number);
        from = end;
        last = first + starts.partition_point(|&s| s < end) - 1;
    }
    (numbers, last)
}

/// The number that follows `text` (past leader dots, on the line where `text` ends) at or
/// after byte `from` of `haystack` (lines without spaces, joined by `\n`; `text` may be
/// wrapped over lines), and the byte where the number ends.
fn number_after(haystack: &str, text: &str, from: usize) -> Option<(usize, usize)> {
    let flat: Vec<(usize, char)> = haystack
        .char_indices()
        .filter(|&(i, c)| c != '\n' && i >= from)
        .collect();
    let wanted: Vec<char> = text.chars().collect();
    if wanted.is_empty() {
        return None;
    }
    for start in 0..flat.len().saturating_sub(wanted.len() - 1) {
        let matches = flat[start..start + wanted.len()]
            .iter()
            .map(|&(_, c)| c)
            .eq(wanted.iter().copied());
        if !matches {
            continue;
        }
        let (last, c) = flat[start + wanted.len() - 1];
        let after = last + c.len_utf8();
        let rest = haystack[after..].trim_start_matches(['.', '·', '…', '_', '‥']);
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            return Some((n, haystack.len() - rest.len() + digits.len()));
        }
    }
    None
}

/// A page's lines without spaces, joined by `\n`.
fn squeeze_lines(page: &str) -> String {
    page.lines()
        .map(squeeze)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `heading` stands alone among the first lines of `page`: a whole cell of a line
/// (`pdftotext -layout` separates columns, e.g. the bilingual edition's, by runs of
/// spaces), perhaps wrapped over two lines, perhaps after a chapter number. The first line
/// may be a running head.
fn tops(page: &str, heading: &str) -> bool {
    let lines: Vec<Vec<String>> = page
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(4)
        .map(|l| {
            l.split("   ")
                .map(squeeze)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    let is_heading = |cell: &str| {
        cell == heading
            || cell
                .strip_suffix(heading)
                .is_some_and(|number| number.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    let whole = lines.iter().flatten().any(|c| is_heading(c));
    let wrapped = lines.windows(2).any(|w| {
        w[0].iter()
            .zip(&w[1])
            .any(|(a, b)| is_heading(&format!("{a}{b}")))
    });
    whole || wrapped
}

/// Named destinations of `pdf`, by percent-decoded name.
fn destinations(pdf: &Path) -> BTreeMap<String, usize> {
    let mut dests = BTreeMap::new();
    for line in tool("pdfinfo", &["-dests"], pdf).lines() {
        let line = line.trim_start();
        let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
        let (Ok(page), Some(q)) = (digits.parse::<usize>(), line.find("] \"")) else {
            continue;
        };
        let name = line[q + 3..].trim_end().trim_end_matches('"');
        dests.entry(percent_decode(name)).or_insert(page);
    }
    dests
}

/// Each TOC number is the page where its chapter starts.
fn check_toc(label: &str, html: &str, pdf: &Path, pages: &[String]) {
    let entries = toc_entries(html);
    assert!(
        !entries.is_empty(),
        "{label}: the edition has no TOC page slots"
    );
    let (numbers, toc_end) = toc_numbers(pages, &entries);
    let dests = destinations(pdf);
    for (e, &n) in entries.iter().zip(&numbers) {
        assert!(
            n > toc_end + 1 && n <= pages.len(),
            "{label}: `{}` is listed on page {n}, outside the chapters (pages {}–{})",
            e.text,
            toc_end + 2,
            pages.len()
        );
        let first_at_top = (toc_end + 1..pages.len())
            .find(|&i| tops(&pages[i], &e.heading))
            .map(|i| i + 1);
        assert_eq!(
            first_at_top,
            Some(n),
            "{label}: the TOC lists `{}` on page {n}, but its heading `{}` first tops page {first_at_top:?}; page {n} begins:\n{}",
            e.text,
            e.heading,
            pages[n - 1].lines().take(8).collect::<Vec<_>>().join("\n")
        );
        assert_eq!(
            dests.get(&e.target),
            Some(&n),
            "{label}: the PDF's destination `#{}` is not on page {n}",
            e.target
        );
    }
}

/// Every font is embedded; WeasyPrint's are no Type 3 fonts (print shops refuse those).
fn check_fonts(label: &str, pdf: &Path, no_type3: bool) {
    let fonts = tool("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "{label}: no fonts at all:\n{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "{label}: a font is not embedded: {row}");
        if no_type3 {
            assert!(!row.contains("Type 3"), "{label}: a Type 3 font: {row}");
        }
    }
}

/// Pages 1–3 as PNGs in `target/pdf-pages/<engine>-<edition>-N.png`.
fn render_pages(label: &str, pdf: &Path) {
    let dir = repo().join("target/pdf-pages");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&format!("{label}-")) && name.ends_with(".png") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let prefix = dir.join(label);
    let status = Command::new("pdftoppm")
        .args(["-r", "50", "-png", "-f", "1", "-l", "3"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success(), "{label}: pdftoppm failed");
}

/// Prints every edition with `engine` and checks each PDF.
fn print_and_check(engine: &str) {
    let (_dir, out) = output_with_editions();
    let output = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .args(["pdf", "--engine", engine, "--out"])
        .arg(&out)
        .env("PATH", child_path())
        .output()
        .unwrap();
    let log = stderr(&output);
    assert!(
        output.status.success(),
        "brochure pdf --engine {engine} failed:\n{log}"
    );
    say(&format!("brochure pdf --engine {engine}:\n{log}"));
    let leftovers: Vec<String> = std::fs::read_dir(out.join("print"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    for (edition, html) in editions() {
        let label = format!("{engine}-{edition}");
        let pdf = out.join(format!("print/brochure.{edition}.pdf"));
        assert!(pdf.is_file(), "{label}: no PDF written");
        let info = tool("pdfinfo", &[], &pdf);
        let count: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("{label}: no page count in\n{info}"));
        assert!((3..=60).contains(&count), "{label}: {count} pages");
        let pages = pages_text(&pdf);
        assert_eq!(pages.len(), count, "{label}: pdftotext pages");
        check_toc(&label, html, &pdf, &pages);
        check_fonts(&label, &pdf, engine == "weasyprint");
        if edition == "zh" {
            let all = squeeze(&pages.concat());
            for words in ["上海理工大学", "中外合作办学"] {
                assert!(all.contains(words), "{label}: `{words}` not in the text");
            }
        }
        render_pages(&label, &pdf);
        let size = std::fs::metadata(&pdf).unwrap().len();
        say(&format!("{label}: {count} pages, {} KB", size / 1024));
    }
}

#[test]
fn weasyprint_prints_every_edition() {
    if poppler_present() && weasyprint_present() {
        print_and_check("weasyprint");
    }
}

#[test]
fn chromium_prints_every_edition_and_numbers_its_toc() {
    if poppler_present() && chromium_present() {
        print_and_check("chromium");
    }
}

/// An output folder with a stand-in edition, and an empty `bin` folder for `PATH`.
fn stand_in() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(out.join("print")).unwrap();
    std::fs::write(
        out.join("print/brochure.zh.html"),
        "<!DOCTYPE html><html lang=\"zh-CN\"><title>x</title><p>上海理工大学</p></html>",
    )
    .unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    (dir, out, bin)
}

/// `brochure pdf args…` with only `bin` on PATH and an empty home.
fn pdf_with_path(bin: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brochure"))
        .arg("pdf")
        .args(args)
        .env("PATH", bin)
        .env("HOME", bin)
        .output()
        .unwrap()
}

#[test]
fn without_editions_it_says_to_build_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    for args in [vec!["--out", out], vec!["--out", out, "--edition", "en"]] {
        let output = pdf_with_path(dir.path(), &args);
        let log = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{log}");
        assert!(log.contains("brochure build"), "{log}");
        assert!(log.contains("print.html"), "{log}");
    }
    let output = pdf_with_path(dir.path(), &["--out", out, "--edition", "en"]);
    assert!(stderr(&output).contains("brochure.en.html"));
}

#[test]
fn without_an_engine_it_says_how_to_install_one() {
    let (_dir, out, bin) = stand_in();
    let out = out.to_str().unwrap();
    let output = pdf_with_path(&bin, &["--out", out]);
    let log = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{log}");
    assert!(
        log.contains("brochure.zh.html"),
        "the edition is named: {log}"
    );
    assert!(log.contains("pip install 'weasyprint>=60'"), "{log}");
    assert!(
        log.contains("apt-get install chromium fonts-noto-cjk poppler-utils"),
        "{log}"
    );
    let output = pdf_with_path(&bin, &["--out", out, "--engine", "chromium"]);
    let log = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{log}");
    assert!(log.contains("--engine chromium"), "{log}");
    assert!(log.contains("apt-get install chromium"), "{log}");
    assert!(!out_has_pdf(out), "no PDF without an engine");
}

fn out_has_pdf(out: &str) -> bool {
    std::fs::read_dir(Path::new(out).join("print"))
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains(".pdf"))
}

#[cfg(unix)]
#[test]
fn an_old_weasyprint_is_refused_with_its_version() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, out, bin) = stand_in();
    let fake = bin.join("weasyprint");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho 'WeasyPrint version 57.2'\n[ \"$1\" = --version ] || exit 9\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = out.to_str().unwrap();
    for args in [
        vec!["--out", out, "--engine", "weasyprint"],
        vec!["--out", out],
    ] {
        let output = pdf_with_path(&bin, &args);
        let log = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{log}");
        assert!(log.contains("WeasyPrint 57.2, too old"), "{log}");
        assert!(log.contains("60 or later"), "{log}");
        assert!(log.contains("pip install 'weasyprint>=60'"), "{log}");
    }
    assert!(!out_has_pdf(out), "the old WeasyPrint was not run");
}

/// A hand-written edition whose first two chapters no link points at: Chromium writes no
/// PDF destination for them, so their pages come from marker text read with `pdftotext`.
const UNLINKED: &str = r##"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>
<style>@page { size: A4; margin: 20mm; } body { margin: 0; font-family: "Noto Sans CJK SC", sans-serif; }
section { break-before: page; } .toc li { display: flex; justify-content: space-between; }</style></head>
<body><h1>封面</h1>
<ol class="toc">
<li><span>第一章</span><span class="toc-page" data-target="one"></span></li>
<li><span>第二章</span><span class="toc-page" data-target="two"></span></li>
<li><a href="#three">第三章</a><span class="toc-page" data-target="three"></span></li>
</ol>
<section id="one"><h2>第一章</h2><p>内容</p></section>
<section id="two"><h2>第二章</h2><p style="height: 400mm">很长，跨两页</p></section>
<section id="three"><h2>第三章</h2><p>完</p></section>
</body></html>"##;

#[test]
fn chromium_numbers_chapters_that_no_link_points_at() {
    if !(poppler_present() && chromium_present()) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(out.join("print")).unwrap();
    std::fs::write(out.join("print/brochure.zh.html"), UNLINKED).unwrap();
    let broken = UNLINKED.replace(r#"data-target="three""#, r#"data-target="nowhere""#);
    std::fs::write(out.join("print/brochure.en.html"), broken).unwrap();
    let out_s = out.to_str().unwrap();
    let run = |edition: &str| {
        Command::new(env!("CARGO_BIN_EXE_brochure"))
            .args([
                "pdf",
                "--engine",
                "chromium",
                "--edition",
                edition,
                "--out",
                out_s,
            ])
            .output()
            .unwrap()
    };
    let output = run("zh");
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = out.join("print/brochure.zh.pdf");
    let pages = pages_text(&pdf);
    assert_eq!(
        pages.len(),
        5,
        "cover+TOC, 第一章, 第二章 on two pages, 第三章"
    );
    let toc: Vec<String> = pages[0].lines().map(squeeze).collect();
    for line in ["第一章2", "第二章3", "第三章5"] {
        assert!(
            toc.iter().any(|l| l == line),
            "`{line}` not in the TOC: {toc:?}"
        );
    }
    assert!(
        !pages.concat().contains("BRMK"),
        "a page marker was left in the PDF"
    );
    let output = run("en");
    let log = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{log}");
    assert!(
        log.contains("`#nowhere`") && log.contains("data-target"),
        "{log}"
    );
    assert!(!out.join("print/brochure.en.pdf").exists());
}
