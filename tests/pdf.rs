//! `brochure pdf`: the default site (this repo; `BROCHURE_PDF_TEST_SITE` names another) is
//! built once with the real binary, then every edition is printed with every engine and the
//! PDFs are read back with poppler's tools:
//!
//! * `pdfinfo`: a page count that is a multiple of 4, the title, tagging, each
//!   table-of-contents target's named destination, and with `--bleed` the page boxes;
//! * `pdftotext`: each TOC number is the page where that chapter starts (its heading stands
//!   on that page and on no earlier page after the TOC); no page before the last page of
//!   text is under a quarter full; no heading ends a column; the blank pages are blank; the
//!   back cover shows the site's URL; the Chinese edition extracts as Chinese;
//! * `pdffonts`: every font embedded, no Type 3 fonts from WeasyPrint, no CJK font in the
//!   English edition (its ’ “ ” – included), a Latin face in the bilingual one;
//! * `qpdf`: the catalog's `/Lang`; `zbarimg`: the back cover's QR code decodes to the URL;
//! * `pdftoppm`: every page of every PDF as PNGs in `target/pdf-pages/`, for a person to look.
//!
//! WeasyPrint (60 or later) is looked for on PATH and in `target/weasyprint-venv/bin` (what
//! `.ci/weasyprint.sh` installs). When an engine or a tool (poppler's, qpdf, zbarimg) is
//! missing the test fails if `CI=true`, and otherwise prints a loud `SKIPPED:` line and
//! passes.

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

/// Poppler's tools, qpdf and zbarimg are all there; else reports them missing.
fn poppler_present() -> bool {
    let tools = [
        ("pdfinfo", "poppler-utils"),
        ("pdftotext", "poppler-utils"),
        ("pdffonts", "poppler-utils"),
        ("pdftoppm", "poppler-utils"),
        ("qpdf", "qpdf"),
        ("zbarimg", "zbar-tools"),
    ];
    let absent: Vec<(&str, &str)> = tools
        .into_iter()
        .filter(|(t, _)| on_path(t, None).is_empty())
        .collect();
    if absent.is_empty() {
        return true;
    }
    let names: Vec<&str> = absent.iter().map(|(t, _)| *t).collect();
    let mut packages: Vec<&str> = absent.iter().map(|(_, p)| *p).collect();
    packages.dedup();
    missing(
        &format!("{} not on PATH", names.join(", ")),
        &format!("apt-get install {}", packages.join(" ")),
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

/// The WeasyPrint on the child's PATH knows `--pdf-tags` (70 does).
fn weasyprint_tags() -> bool {
    on_path("weasyprint", Some(&child_path()))
        .first()
        .and_then(|w| Command::new(w).arg("--help").output().ok())
        .is_some_and(|o| String::from_utf8_lossy(&o.stdout).contains("--pdf-tags"))
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

/// Whether `heading` stands alone on `page`: a whole cell of a line (`pdftotext -layout`
/// separates columns, e.g. the bilingual edition's, by runs of spaces), perhaps wrapped
/// over two lines, perhaps after a chapter number. (Chapters flow on, so a chapter may
/// start anywhere on its page.)
fn holds(page: &str, heading: &str) -> bool {
    let lines: Vec<Vec<String>> = page
        .lines()
        .filter(|l| !l.trim().is_empty())
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

/// Each TOC number is the page where its chapter starts. The (0-based) index of the TOC's
/// last page.
fn check_toc(label: &str, html: &str, pdf: &Path, pages: &[String]) -> usize {
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
        let first_on = (toc_end + 1..pages.len())
            .find(|&i| holds(&pages[i], &e.heading))
            .map(|i| i + 1);
        assert_eq!(
            first_on,
            Some(n),
            "{label}: the TOC lists `{}` on page {n}, but its heading `{}` first stands on page {first_on:?}; page {n} begins:\n{}",
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
    toc_end
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

/// A line of text on a page, where `pdftotext -bbox-layout` puts it (points, y down).
#[derive(Debug)]
struct Line {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    /// Its words, squeezed.
    text: String,
}

/// A page's size and its lines.
#[derive(Debug)]
struct Page {
    height: f64,
    lines: Vec<Line>,
}

impl Page {
    /// The lines between the top and bottom margins (20 mm; not the running heads and the
    /// page number).
    fn body(&self) -> impl Iterator<Item = &Line> {
        let margin = 20.0 * 72.0 / 25.4 - 6.0;
        self.lines
            .iter()
            .filter(move |l| l.y0 >= margin && l.y1 <= self.height - margin)
    }

    /// How far down the text area the body's text reaches: 0 (none) to 1 (full).
    fn fill(&self) -> f64 {
        let margin = 20.0 * 72.0 / 25.4;
        let lowest = self.body().map(|l| l.y1).fold(margin, f64::max);
        (lowest - margin) / (self.height - 2.0 * margin)
    }
}

/// The value of attribute `name` in the tag text `tag`.
fn attr_f64(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    let end = at + tag[at..].find('"').unwrap();
    tag[at..end].parse().unwrap()
}

/// Every page of `pdf` with its lines.
fn page_lines(pdf: &Path) -> Vec<Page> {
    let xml = tool("pdftotext", &["-bbox-layout"], pdf);
    let mut pages: Vec<Page> = Vec::new();
    for part in xml.split('<').skip(1) {
        let (tag, text) = part.split_once('>').unwrap_or((part, ""));
        if tag.starts_with("page ") {
            pages.push(Page {
                height: attr_f64(tag, "height"),
                lines: Vec::new(),
            });
        } else if tag.starts_with("line ") {
            let page = pages.last_mut().expect("a line inside a page");
            page.lines.push(Line {
                x0: attr_f64(tag, "xMin"),
                y0: attr_f64(tag, "yMin"),
                x1: attr_f64(tag, "xMax"),
                y1: attr_f64(tag, "yMax"),
                text: String::new(),
            });
        } else if tag.starts_with("word ") {
            let line = pages
                .last_mut()
                .and_then(|p| p.lines.last_mut())
                .expect("a word inside a line");
            line.text.push_str(&squeeze(&text_of(text)));
        }
    }
    pages
}

/// The texts of the edition's `<h2>`–`<h4>` headings, squeezed; for a heading that holds
/// one title per language (the bilingual edition), each title too.
fn heading_texts(html: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for level in ["<h2", "<h3", "<h4"] {
        for (at, _) in html.match_indices(level) {
            let open_end = at + html[at..].find('>').unwrap() + 1;
            let close = open_end + html[open_end..].find("</h").unwrap();
            let inner = &html[open_end..close];
            texts.push(squeeze(&text_of(inner)));
            for (s, _) in inner.match_indices("<span") {
                let start = s + inner[s..].find('>').unwrap() + 1;
                let end = start + inner[start..].find("</span>").unwrap_or(0);
                texts.push(squeeze(&text_of(&inner[start..end])));
            }
        }
    }
    texts.retain(|t| !t.is_empty());
    texts
}

/// The (0-based) index of the last page with body text before the back cover.
fn last_text_page(pages: &[Page]) -> usize {
    (0..pages.len() - 1)
        .rev()
        .find(|&i| pages[i].body().next().is_some())
        .expect("pages of text before the back cover")
}

/// The page count is a multiple of 4; the pages between the text and the back cover are
/// blank; no page of text but the last is under a quarter full; no heading of the chapters
/// (after the TOC, whose last page is `toc_end`, 0-based) ends a column.
fn check_pages(label: &str, html: &str, pdf: &Path, toc_end: usize) {
    let pages = page_lines(pdf);
    assert_eq!(pages.len() % 4, 0, "{label}: {} pages", pages.len());
    let last = last_text_page(&pages);
    for (i, page) in pages
        .iter()
        .enumerate()
        .take(pages.len() - 1)
        .skip(last + 1)
    {
        assert!(
            page.lines.is_empty(),
            "{label}: page {} is a blank page, but holds {:?}",
            i + 1,
            page.lines.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
    }
    for (i, page) in pages.iter().enumerate().take(last).skip(1) {
        let fill = page.fill();
        assert!(
            fill >= 0.25,
            "{label}: page {} is only {:.0} % full: {:?}",
            i + 1,
            fill * 100.0,
            page.body().map(|l| &l.text).collect::<Vec<_>>()
        );
    }
    let headings = heading_texts(html);
    for (i, page) in pages.iter().enumerate().take(last + 1).skip(toc_end + 1) {
        for line in page.body().filter(|l| headings.contains(&l.text)) {
            // Below it: starts under its middle (CJK lines' boxes are tall and overlap),
            // ends under its end, and shares some of its width.
            let middle = (line.y0 + line.y1) / 2.0;
            let followed = page
                .body()
                .any(|o| o.y0 > middle && o.y1 > line.y1 && o.x0 < line.x1 && line.x0 < o.x1);
            assert!(
                followed,
                "{label}: the heading `{}` ends a column on page {} (keep headings with what follows)",
                line.text,
                i + 1
            );
        }
    }
}

/// The URL a reader of `edition` is sent to: `base_url` of the test site plus the
/// language (the side-by-side edition: the bilingual landing page).
fn edition_url(edition: &str) -> String {
    let site = std::env::var_os("BROCHURE_PDF_TEST_SITE")
        .map_or_else(|| repo().to_path_buf(), PathBuf::from);
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let base = yaml
        .lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .map(|v| v.split('#').next().unwrap().trim().trim_matches('"'))
        .expect("site.yaml has a base_url");
    let base = base.trim_end_matches('/');
    match edition {
        "bilingual" => format!("{base}/"),
        lang => format!("{base}/{lang}/"),
    }
}

/// The back cover (the last page) shows the edition's URL, and its QR code decodes to it.
fn check_back_cover(label: &str, edition: &str, pdf: &Path, pages: &[String]) {
    let url = edition_url(edition);
    let back = pages.last().unwrap();
    assert!(
        squeeze(back).contains(&squeeze(&url)),
        "{label}: the back cover does not show {url}:\n{back}"
    );
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("back");
    let n = pages.len().to_string();
    let status = Command::new("pdftoppm")
        .args(["-r", "100", "-png", "-singlefile", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success(), "{label}: pdftoppm failed");
    let png = prefix.with_extension("png");
    let output = Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(&png)
        .output()
        .unwrap();
    let decoded = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        decoded.trim(),
        url,
        "{label}: the back cover's QR code (zbarimg --raw on pdftoppm's PNG of page {n}) says `{}`; zbarimg: {}",
        decoded.trim(),
        stderr(&output)
    );
}

/// The document title is the edition's `<title>`, the catalog's `/Lang` its `lang`, and
/// the PDF is tagged (when the engine can tag).
fn check_metadata(label: &str, html: &str, pdf: &Path, tagged: bool) {
    let info = tool("pdfinfo", &[], pdf);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
    };
    let title_start = html.find("<title>").unwrap() + "<title>".len();
    let title_end = title_start + html[title_start..].find("</title>").unwrap();
    let title = text_of(&html[title_start..title_end]);
    assert_eq!(
        field("Title:"),
        Some(title.trim().to_string()),
        "{label}: {info}"
    );
    if tagged {
        assert_eq!(field("Tagged:").as_deref(), Some("yes"), "{label}: {info}");
    }
    let lang_start = html.find("<html lang=\"").unwrap() + "<html lang=\"".len();
    let lang = &html[lang_start..lang_start + html[lang_start..].find('"').unwrap()];
    let qdf = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(qdf.status.success(), "{label}: qpdf: {}", stderr(&qdf));
    let raw = String::from_utf8_lossy(&qdf.stdout);
    assert!(
        raw.contains(&format!("/Lang ({lang})")),
        "{label}: the catalog has no /Lang ({lang})"
    );
}

/// Latin text is never set in a CJK font: the English edition uses none at all (and still
/// holds its ’ “ ” –), the bilingual one has a Latin text face.
fn check_latin_fonts(label: &str, edition: &str, html: &str, pdf: &Path, pages: &[String]) {
    let fonts = tool("pdffonts", &[], pdf);
    let names: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    match edition {
        "en" => {
            let cjk: Vec<&&str> = names.iter().filter(|n| n.contains("CJK")).collect();
            assert!(
                cjk.is_empty(),
                "{label}: English text in a CJK font: {cjk:?}"
            );
            let text = pages.concat();
            let body = text_of(&html[html.find("<body").unwrap()..]);
            for mark in ['’', '“', '”', '–'] {
                if body.contains(mark) {
                    assert!(text.contains(mark), "{label}: `{mark}` lost");
                }
            }
        }
        "bilingual" => assert!(
            names
                .iter()
                .any(|n| !n.contains("CJK") && n.contains("Serif")),
            "{label}: no Latin text face: {names:?}"
        ),
        _ => {}
    }
}

/// Every page as a PNG in `target/pdf-pages/<engine>-<edition>-N.png`.
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
        .args(["-r", "50", "-png"])
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
        assert!((4..=60).contains(&count), "{label}: {count} pages");
        let pages = pages_text(&pdf);
        assert_eq!(pages.len(), count, "{label}: pdftotext pages");
        let toc_end = check_toc(&label, html, &pdf, &pages);
        check_fonts(&label, &pdf, engine == "weasyprint");
        check_pages(&label, html, &pdf, toc_end);
        check_back_cover(&label, edition, &pdf, &pages);
        check_metadata(
            &label,
            html,
            &pdf,
            engine == "chromium" || weasyprint_tags(),
        );
        check_latin_fonts(&label, edition, html, &pdf, &pages);
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
        8,
        "cover+TOC, 第一章, 第二章 on two pages, 第三章, then 3 blank pages (no back cover in this edition)"
    );
    assert!(pages[5..].iter().all(|p| p.trim().is_empty()), "{pages:?}");
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

/// The `MediaBox`, `TrimBox` and `BleedBox` of page 1 (`pdfinfo -box`): width and height.
fn boxes(pdf: &Path) -> BTreeMap<String, (f64, f64)> {
    let info = tool("pdfinfo", &["-box", "-f", "1", "-l", "1"], pdf);
    let mut found = BTreeMap::new();
    for line in info.lines() {
        let Some((name, values)) = line.split_once(':') else {
            continue;
        };
        let Some(name) = name.strip_prefix("Page    1 ") else {
            continue;
        };
        let v: Vec<f64> = values
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        if v.len() == 4 {
            found.insert(name.trim().to_string(), (v[2] - v[0], v[3] - v[1]));
        }
    }
    found
}

#[test]
fn weasyprint_adds_bleed_and_crop_marks_and_chromium_says_it_cannot() {
    if !(poppler_present() && weasyprint_present()) {
        return;
    }
    let (_dir, out) = output_with_editions();
    let run = |engine: &str| {
        Command::new(env!("CARGO_BIN_EXE_brochure"))
            .args([
                "pdf",
                "--edition",
                "en",
                "--bleed",
                "3mm",
                "--engine",
                engine,
                "--out",
            ])
            .arg(&out)
            .env("PATH", child_path())
            .output()
            .unwrap()
    };
    let output = run("weasyprint");
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = out.join("print/brochure.en.pdf");
    let b = boxes(&pdf);
    let (a4_w, a4_h, bleed) = (595.28, 841.89, 3.0 * 72.0 / 25.4);
    let near =
        |(w, h): (f64, f64), (ew, eh): (f64, f64)| (w - ew).abs() < 1.0 && (h - eh).abs() < 1.0;
    assert!(near(b["TrimBox"], (a4_w, a4_h)), "the trim is A4: {b:?}");
    assert!(
        near(b["BleedBox"], (a4_w + 2.0 * bleed, a4_h + 2.0 * bleed)),
        "3 mm of bleed on every side: {b:?}"
    );
    let (media_w, media_h) = b["MediaBox"];
    assert!(
        media_w >= a4_w + 2.0 * bleed - 1.0 && media_h >= a4_h + 2.0 * bleed - 1.0,
        "the sheet holds the bleed (and the marks): {b:?}"
    );
    let pages = pages_text(&pdf);
    assert_eq!(pages.len() % 4, 0, "{} pages", pages.len());
    // The cover's colour reaches the edge of the trim and fills the bleed below it.
    let (w, h, rgb) = ppm(&pdf, 1, 72);
    let dark = |x: usize, y: usize| rgb[(y * w + x) * 3..][..3].iter().all(|&c| c < 120);
    for (y, what) in [
        (h - 10, "the cover's last millimetre"),
        (h - 3, "the bleed"),
    ] {
        let light: Vec<usize> = (12..w - 12).filter(|&x| !dark(x, y)).collect();
        assert!(
            light.is_empty(),
            "{what} (row {y} of {h}) is not the cover's colour at x {light:?}"
        );
    }
    if chromium_present() {
        let output = run("chromium");
        let log = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{log}");
        assert!(log.contains("--bleed needs WeasyPrint"), "{log}");
        assert!(log.contains("pip install 'weasyprint>=60'"), "{log}");
    }
    let bad = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .args(["pdf", "--bleed", "3", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "bad usage");
    assert!(stderr(&bad).contains("such as 3mm"), "{}", stderr(&bad));
}

/// Page `page` of `pdf` at `dpi` as RGB pixels: width, height, 3 bytes per pixel
/// (pdftoppm's default output, binary PPM).
fn ppm(pdf: &Path, page: usize, dpi: usize) -> (usize, usize, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let (p, r) = (page.to_string(), dpi.to_string());
    let status = Command::new("pdftoppm")
        .args(["-r", &r, "-f", &p, "-l", &p, "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed");
    let bytes = std::fs::read(prefix.with_extension("ppm")).unwrap();
    // "P6\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P6", "a binary PPM");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), w * h * 3, "PPM size");
    (w, h, pixels)
}

/// `sleep`, by its absolute path (the fake engine runs with only its own folder on PATH).
fn sleep_program() -> PathBuf {
    on_path("sleep", None)
        .into_iter()
        .next()
        .expect("sleep is on PATH")
}

#[cfg(unix)]
#[test]
fn the_editions_print_at_the_same_time() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, out, bin) = stand_in();
    for e in ["en", "bilingual"] {
        std::fs::copy(
            out.join("print/brochure.zh.html"),
            out.join(format!("print/brochure.{e}.html")),
        )
        .unwrap();
    }
    // A stand-in WeasyPrint that says it started, then waits (10 s at most) until all three
    // editions' runs have started: one after another, the first would give up and fail.
    let started = dir.path().join("started");
    std::fs::create_dir_all(&started).unwrap();
    let script = format!(
        r#"#!/bin/sh
case "$1" in --version) echo 'WeasyPrint version 70.0'; exit 0;; --help) echo usage; exit 0;; esac
for a; do out="$a"; done
: > "{started}/$$"
i=0
while :; do
  set -- "{started}"/*
  [ $# -ge 3 ] && break
  i=$((i + 1)); [ $i -gt 200 ] && {{ echo "only $# of 3 editions started" >&2; exit 7; }}
  "{sleep}" 0.05
done
printf '%%PDF-1.4\n%%%%EOF\n' > "$out"
"#,
        started = started.display(),
        sleep = sleep_program().display()
    );
    let fake = bin.join("weasyprint");
    std::fs::write(&fake, script).unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = pdf_with_path(&bin, &["--out", out.to_str().unwrap()]);
    let log = stderr(&output);
    assert!(output.status.success(), "{log}");
    for e in ["zh", "en", "bilingual"] {
        assert!(
            out.join(format!("print/brochure.{e}.pdf")).is_file(),
            "{e}: {log}"
        );
    }
    assert!(
        log.contains("page count cannot be made a multiple of 4"),
        "without pdfinfo it says what it could not do: {log}"
    );
}
