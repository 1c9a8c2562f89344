//! `serve` rebuilds only what a save changed: a property test. Random sequences of edits
//! (add, remove and rename pages; change a body, title, weight, date, draft, slug or
//! pagination; edit a template, a data file, a Fluent file) are applied to a copy of the
//! default site, and after each one what the [`Session`] keeps in its output folder must be
//! byte for byte what a fresh `brochure build` of the same sources writes (or both fail).
//!
//! Deterministic: a fixed seed, [`CASES`] sequences of [`EDITS`] edits each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;

use brochure::build::{self, BuildOptions};
use brochure::serve::{How, Session};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

const CASES: u32 = 24;
const EDITS: usize = 8;

/// The sources of the site.
const SOURCES: &[&str] = brochure::inputs::SITE_SOURCES;

/// The sections a new page goes into.
const SECTIONS: &[&str] = &["programs", "partners", "history", "goals", "approach"];
const LANGS: &[&str] = &["zh", "en"];

#[derive(Debug, Clone)]
enum Body {
    Paragraph,
    /// A paragraph before the others (the summary changes).
    Lead,
    Heading,
    Link,
    BrokenLink,
}

#[derive(Debug, Clone)]
enum Key {
    Title,
    Weight,
    Date,
    Draft,
    Slug,
    Paginate,
}

#[derive(Debug, Clone)]
enum Edit {
    Body(usize, Body, u32),
    Add(usize, usize, u32),
    Remove(usize),
    Rename(usize, u32),
    Front(usize, Key, u32),
    Template(usize, u32),
    Data(u32),
    Fluent(u32),
}

fn edit() -> impl Strategy<Value = Edit> {
    let page = 0..64usize;
    let n = 0..1000u32;
    let body = prop_oneof![
        4 => Just(Body::Paragraph),
        3 => Just(Body::Lead),
        1 => Just(Body::Heading),
        1 => Just(Body::Link),
        1 => Just(Body::BrokenLink),
    ];
    let key = prop_oneof![
        Just(Key::Title),
        Just(Key::Weight),
        Just(Key::Date),
        Just(Key::Draft),
        Just(Key::Slug),
        Just(Key::Paginate),
    ];
    prop_oneof![
        10 => (page.clone(), body, n.clone()).prop_map(|(p, b, n)| Edit::Body(p, b, n)),
        3 => (0..SECTIONS.len(), 0..LANGS.len(), n.clone()).prop_map(|(s, l, n)| Edit::Add(s, l, n)),
        1 => page.clone().prop_map(Edit::Remove),
        1 => (page.clone(), n.clone()).prop_map(|(p, n)| Edit::Rename(p, n)),
        3 => (page, key, n.clone()).prop_map(|(p, k, n)| Edit::Front(p, k, n)),
        1 => (0..TEMPLATES.len(), n.clone()).prop_map(|(t, n)| Edit::Template(t, n)),
        1 => n.clone().prop_map(Edit::Data),
        1 => n.prop_map(Edit::Fluent),
    ]
}

/// Templates an edit appends a visible comment to: an include and the base.
const TEMPLATES: &[&str] = &[
    "themes/brochure/templates/_footer-legal.html",
    "themes/brochure/templates/base.html",
    "themes/brochure/templates/_page-list.html",
];

#[test]
fn serve_output_is_a_fresh_build_after_every_edit() {
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let partial = std::cell::Cell::new(0);
    let (titles, templates) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let result = runner.run(&prop::collection::vec(edit(), EDITS), |edits| {
        let (n, t, m) = run_sequence(&edits).map_err(TestCaseError::fail)?;
        partial.set(partial.get() + n);
        titles.set(titles.get() + t);
        templates.set(templates.get() + m);
        Ok(())
    });
    let (partial, titles, templates) = (partial.get(), titles.get(), templates.get());
    if let Err(e) = result {
        panic!("{e}");
    }
    // Most edits are body edits: the partial rebuild must have been tried, not only the
    // whole one.
    assert!(
        partial > (CASES as usize * EDITS) / 4,
        "only {partial} partial rebuilds"
    );
    // A new title of a page that keeps its place is rendered in place too.
    assert!(titles > 0, "no title edit was rebuilt partially");
    // And a template edit renders again, in place, what uses the template.
    assert!(templates > 0, "no template edit was rebuilt partially");
}

/// Applies `edits` one by one, comparing after each; returns how many rebuilt partially,
/// and how many of those were title and template edits.
fn run_sequence(edits: &[Edit]) -> Result<(usize, usize, usize), String> {
    let mut failed = 0;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let site = tmp.path().join("site");
    copy_site(Path::new(env!("CARGO_MANIFEST_DIR")), &site)?;
    show_bodies_in_lists(&site)?;
    let mut session = Session::new(&site, false);
    let served = |k: usize| tmp.path().join(format!("served-{k}"));
    session
        .update(&Default::default(), &served(0), &Default::default())
        .map_err(|f| format!("first build: {f}"))?;
    let (mut partial, mut titles, mut templates) = (0, 0, 0);
    for (k, edit) in edits.iter().enumerate() {
        let before = snapshot(&site);
        let changed = apply(&site, edit)?;
        let done = format!("{:?}", &edits[..=k]);
        match step(
            &mut session,
            &site,
            changed,
            &served(2 * k + 1),
            &tmp.path().join("fresh"),
        )
        .map_err(|e| format!("after {done}: {e}"))?
        {
            Step::Partial => {
                partial += 1;
                titles += usize::from(matches!(edit, Edit::Front(_, Key::Title, _)));
                templates += usize::from(matches!(edit, Edit::Template(..)));
            }
            Step::Whole => {}
            Step::Failed => {
                // Fixing the save that broke the site: both must build again.
                failed += 1;
                let changed = restore(&site, &before);
                let fresh = tmp.path().join("fresh");
                match step(&mut session, &site, changed, &served(2 * k + 2), &fresh)
                    .map_err(|e| format!("after {done} and undoing it: {e}"))?
                {
                    Step::Failed => return Err(format!("after {done} and undoing it: both fail")),
                    Step::Partial => partial += 1,
                    Step::Whole => {}
                }
            }
        }
    }
    eprintln!(
        "{} edits: {partial} partial rebuilds ({titles} of titles, {templates} of templates), {failed} failed in both",
        edits.len()
    );
    Ok((partial, titles, templates))
}

/// The default theme lists pages by title, date and description: make the copy's lists
/// show what bodies give too (summary, word count, table of contents), in sections and, on
/// the homes, in each section's card, so that a body edit shows in the lists around it.
fn show_bodies_in_lists(site: &Path) -> Result<(), String> {
    let templates = site.join("themes/brochure/templates");
    let list = templates.join("_page-list.html");
    let text = read(&list)?.replace(
        "</h3>",
        "</h3>\n<p class=\"probe\">{{ p.summary }} · {{ p.word_count }} · {{ p.toc | length }}</p>",
    );
    write(&list, &text)?;
    let cards = templates.join("_section-cards.html");
    let text = read(&cards)?.replace(
        "<span class=\"section-card-title\">{{ c.title }}</span>",
        "<span class=\"section-card-title\">{{ c.title }}</span>{% if c.pages is defined %}{% for q in c.pages %}<span class=\"probe\">{{ q.summary }} {{ q.word_count }}</span>{% endfor %} {{ c.word_count }}{% endif %}",
    );
    write(&cards, &text)
}

/// What one rebuild did, when serve and build agreed.
enum Step {
    Partial,
    Whole,
    /// Both failed.
    Failed,
}

/// Rebuilds after `changed` with `session` (into `served` if whole) and freshly into
/// `fresh`; compares.
fn step(
    session: &mut Session,
    site: &Path,
    changed: Vec<PathBuf>,
    served: &Path,
    fresh: &Path,
) -> Result<Step, String> {
    let expected = build::build(&BuildOptions {
        site: site.to_path_buf(),
        out: Some(fresh.to_path_buf()),
        offline: false,
        drafts: false,
    });
    let got = session.update(&changed.into_iter().collect(), served, &Default::default());
    match (got, expected) {
        (Ok((_, at, how)), Ok(_)) => {
            compare(&at, fresh)?;
            Ok(match how {
                How::Partial { .. } => Step::Partial,
                How::Whole => Step::Whole,
            })
        }
        (Err(_), Err(_)) => Ok(Step::Failed),
        (Ok(_), Err(e)) => Err(format!("serve built, build failed: {e}")),
        (Err(e), Ok(_)) => Err(format!("build built, serve failed: {e}")),
    }
}

/// Every source file of the site at `site` (paths under it) with its bytes.
fn snapshot(site: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with(".brochure"))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(site).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Puts the site back as `before` was; returns the paths that changed.
fn restore(site: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let now = snapshot(site);
    let mut changed = Vec::new();
    for rel in now.keys().filter(|rel| !before.contains_key(*rel)) {
        std::fs::remove_file(site.join(rel)).unwrap();
        changed.push(rel.clone());
    }
    for (rel, bytes) in before {
        if now.get(rel) != Some(bytes) {
            std::fs::create_dir_all(site.join(rel).parent().unwrap()).unwrap();
            std::fs::write(site.join(rel), bytes).unwrap();
            changed.push(rel.clone());
        }
    }
    changed
}

/// Makes `edit` in the site at `site`; returns the paths it changed, under the site.
fn apply(site: &Path, edit: &Edit) -> Result<Vec<PathBuf>, String> {
    let pages = markdown_files(site);
    let page = |k: usize| pages[k % pages.len()].clone();
    let regular: Vec<&PathBuf> = pages
        .iter()
        .filter(|p| !p.to_string_lossy().contains("_index"))
        .collect();
    let changed = match edit {
        Edit::Body(k, body, n) => {
            let rel = page(*k);
            let text = match body {
                Body::Paragraph | Body::Lead => format!("\n\nEdit {n}: a new paragraph.\n"),
                Body::Heading => format!("\n\n## Heading {n}\n\nUnder it.\n"),
                Body::Link => "\n\nSee [the programs](@/programs/_index.md).\n".to_string(),
                Body::BrokenLink => format!("\n\nSee [nothing](@/nowhere-{n}.md).\n"),
            };
            if matches!(body, Body::Lead) {
                lead(&site.join(&rel), &format!("Lead {n} comes first."))?;
            } else {
                append(&site.join(&rel), &text)?;
            }
            vec![rel]
        }
        Edit::Add(s, l, n) => {
            let rel = PathBuf::from(format!("content/{}/p{n}.{}.md", SECTIONS[*s], LANGS[*l]));
            let text = format!(
                "---\ntitle: Page {n}\nweight: {}\ndate: 2024-03-{:02}\n---\n\nPage {n} says hello.\n",
                n % 7,
                1 + n % 28
            );
            write(&site.join(&rel), &text)?;
            vec![rel]
        }
        Edit::Remove(k) if !regular.is_empty() => {
            let rel = regular[k % regular.len()].clone();
            std::fs::remove_file(site.join(&rel)).map_err(|e| e.to_string())?;
            vec![rel]
        }
        Edit::Rename(k, n) if !regular.is_empty() => {
            let rel = regular[k % regular.len()].clone();
            let name = rel.file_name().unwrap().to_string_lossy().into_owned();
            let lang = name.rsplit('.').nth(1).unwrap_or("zh");
            let to = rel.with_file_name(format!("r{n}.{lang}.md"));
            std::fs::rename(site.join(&rel), site.join(&to)).map_err(|e| e.to_string())?;
            vec![rel, to]
        }
        Edit::Remove(_) | Edit::Rename(..) => Vec::new(),
        Edit::Front(k, key, n) => {
            let rel = page(*k);
            let (name, value) = match key {
                Key::Title => ("title", format!("Title {n}")),
                Key::Weight => ("weight", (n % 9).to_string()),
                Key::Date => ("date", format!("2023-{:02}-{:02}", 1 + n % 12, 1 + n % 28)),
                Key::Draft => ("draft", (n % 2 == 0).to_string()),
                Key::Slug => ("slug", format!("s{n}")),
                Key::Paginate if rel.to_string_lossy().contains("_index") => {
                    ("paginate_by", (1 + n % 2).to_string())
                }
                Key::Paginate => ("weight", (n % 5).to_string()),
            };
            set_front(&site.join(&rel), name, &value)?;
            vec![rel]
        }
        Edit::Template(t, n) => {
            let rel = PathBuf::from(TEMPLATES[*t]);
            append(&site.join(&rel), &format!("<!-- edit {n} -->\n"))?;
            vec![rel]
        }
        Edit::Data(n) => edit_line(
            site,
            "content/figures.yaml",
            "as_of:",
            &format!("as_of: {{ zh: 截至2018年12月 {n}, en: As of December 2018 {n} }}"),
        )?,
        Edit::Fluent(n) => edit_line(
            site,
            "locales/en/theme.ftl",
            "skip-to-content =",
            &format!("skip-to-content = Skip to main content {n}"),
        )?,
    };
    Ok(changed)
}

/// The Markdown files under `content/`, as paths under the site, in order.
fn markdown_files(site: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(site).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn append(path: &Path, text: &str) -> Result<(), String> {
    write(path, &(read(path)? + text))
}

/// Puts the paragraph `text` first in the body of the page at `path`.
fn lead(path: &Path, text: &str) -> Result<(), String> {
    let old = read(path)?;
    let end = old[4..].find("\n---\n").ok_or("no front matter")? + 4 + 5;
    write(path, &format!("{}\n{text}\n{}", &old[..end], &old[end..]))
}

/// [`set_line`] in the file `rel` of the site; returns it as the path changed.
fn edit_line(site: &Path, rel: &str, prefix: &str, line: &str) -> Result<Vec<PathBuf>, String> {
    set_line(&site.join(rel), prefix, line)?;
    Ok(vec![PathBuf::from(rel)])
}

/// Replaces the first line of `path` that starts with `prefix` by `line`.
fn set_line(path: &Path, prefix: &str, line: &str) -> Result<(), String> {
    let text = read(path)?;
    let mut done = false;
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with(prefix) {
                done = true;
                line
            } else {
                l
            }
        })
        .collect();
    if !done {
        return Err(format!("no line `{prefix}` in {}", path.display()));
    }
    write(path, &(lines.join("\n") + "\n"))
}

/// Sets front matter key `key` of the page at `path` to `value`.
fn set_front(path: &Path, key: &str, value: &str) -> Result<(), String> {
    let text = read(path)?;
    let rest = text.strip_prefix("---\n").ok_or("no front matter")?;
    let end = rest.find("\n---").ok_or("unclosed front matter")?;
    let (front, body) = rest.split_at(end);
    let mut lines: Vec<String> = front
        .lines()
        .filter(|l| !l.starts_with(&format!("{key}:")))
        .map(str::to_string)
        .collect();
    lines.push(format!("{key}: {value}"));
    write(path, &format!("---\n{}{body}", lines.join("\n")))
}

/// Every file of the output at `dir` but the marker, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(rel, _)| rel != ".brochure-output")
        .collect()
}

/// Whether the folders hold the same files with the same bytes; else the first difference.
fn compare(served: &Path, fresh: &Path) -> Result<(), String> {
    let (a, b) = (files(served), files(fresh));
    for (rel, bytes) in &b {
        match a.get(rel) {
            None => return Err(format!("serve lacks `{rel}`")),
            Some(got) if got != bytes => {
                let at = got
                    .iter()
                    .zip(bytes)
                    .position(|(x, y)| x != y)
                    .unwrap_or(got.len().min(bytes.len()));
                let from = at.saturating_sub(80);
                let show = |v: &[u8]| {
                    String::from_utf8_lossy(&v[from..(at + 80).min(v.len())]).into_owned()
                };
                return Err(format!(
                    "`{rel}` differs at byte {at}:\n served: {}\n  fresh: {}",
                    show(got),
                    show(bytes)
                ));
            }
            Some(_) => {}
        }
    }
    match a.keys().find(|rel| !b.contains_key(*rel)) {
        Some(rel) => Err(format!(
            "serve has `{rel}`, which a fresh build does not write"
        )),
        None => Ok(()),
    }
}

/// Copies the sources of the site at `from` to `to`.
fn copy_site(from: &Path, to: &Path) -> Result<(), String> {
    for name in SOURCES {
        let source = from.join(name);
        if source.is_dir() {
            common::copy_tree(&source, &to.join(name));
        } else if source.is_file() {
            std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
            std::fs::copy(&source, to.join(name)).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Front matter edits that change what a page shows (title, description) or its place in
/// its section's order (weight, date, updated), not where it is: rendered in place, byte
/// for byte a fresh build, on a site with a section inside a top-level one, pages in order,
/// translations and aliases. A top-level section's title (every page's header shows it)
/// and a slug are whole rebuilds, and match too.
#[test]
fn a_new_title_or_order_is_rendered_in_place_where_it_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(Path::new(env!("CARGO_MANIFEST_DIR")), &site).unwrap();
    let page = |rel: &str, text: &str| write(&site.join(rel), text).unwrap();
    for lang in LANGS {
        page(
            &format!("content/programs/courses/_index.{lang}.md"),
            "---\ntitle: Courses\nweight: 3\n---\n\nThe courses.\n",
        );
        for (n, weight) in [(1, 1), (2, 2), (3, 3)] {
            page(
                &format!("content/programs/courses/c{n}.{lang}.md"),
                &format!(
                    "---\ntitle: Course {n}\nweight: {weight}\naliases: [\"old/c{n}/\"]\n---\n\nCourse {n} in {lang}.\n"
                ),
            );
        }
    }
    // The default theme shows translations by language name: this copy shows their titles.
    let base = site.join("themes/brochure/templates/base.html");
    let text = read(&base).unwrap().replace(
        "</main>",
        "{% if page.translations is defined %}{% for t in page.translations %}<span class=\"probe\">{{ t.title }}</span>{% endfor %}{% endif %}</main>",
    );
    write(&base, &text).unwrap();
    let mut session = Session::new(&site, false);
    let served = |k: usize| tmp.path().join(format!("served-{k}"));
    session
        .update(&Default::default(), &served(0), &Default::default())
        .unwrap();
    let fresh = tmp.path().join("fresh");
    // (file, key, value, rendered in place)
    // (file under content/programs/, key, value, rendered in place)
    let edits: &[(&str, &str, &str, bool)] = &[
        ("courses/c2.en.md", "title", "Course Two", true),
        ("courses/c2.zh.md", "description", "第二门课", true),
        ("courses/_index.en.md", "title", "All courses", true),
        ("courses/c1.en.md", "title", "Course 1, revised", true),
        // The same weight as c2: the title decides, and "A" comes before "Course 2": c3
        // moves up, and its old and new neighbours change.
        ("courses/c3.zh.md", "weight", "2", true),
        ("courses/c3.zh.md", "title", "A course", true),
        ("courses/c1.en.md", "weight", "9", true),
        ("courses/c2.en.md", "updated", "2020-02-02", true),
        // A first date can make a feed, which every page's head links; a new one cannot.
        ("courses/c2.en.md", "date", "2019-01-01", false),
        ("courses/c2.en.md", "date", "2018-12-01", true),
        ("courses/c3.en.md", "date", "2019-06-01", false),
        ("courses/c3.en.md", "date", "2018-06-01", true),
        ("courses/_index.zh.md", "weight", "1", true),
        // Every page's header lists the top-level sections; a new slug moves a page.
        ("_index.en.md", "title", "Programs", false),
        ("courses/c2.zh.md", "slug", "second", false),
    ];
    for (k, (file, key, value, in_place)) in edits.iter().enumerate() {
        let rel = format!("content/programs/{file}");
        set_front(&site.join(&rel), key, value).unwrap();
        let how = step(
            &mut session,
            &site,
            vec![PathBuf::from(&rel)],
            &served(k + 1),
            &fresh,
        )
        .unwrap_or_else(|e| panic!("{rel} {key}: {e}"));
        assert_eq!(
            matches!(how, Step::Partial),
            *in_place,
            "{rel} {key}: {}",
            if *in_place {
                "a whole rebuild"
            } else {
                "rendered in place"
            }
        );
    }
}
