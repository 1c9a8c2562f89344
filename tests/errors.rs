//! Every kind of bad input: exit status 1, `file:line:col`, what is wrong and how to fix
//! it, no panic, and the previous output left byte-identical.
//!
//! Each case is a folder under `tests/fixtures/errors/` laid over the `basic` fixture
//! (a `DELETE` file lists files to remove).

mod common;

use std::path::{Path, PathBuf};

use common::*;

struct Case {
    name: &'static str,
    /// The end of the reported path, with `:line:col`.
    place: &'static str,
    message: &'static str,
    hint: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "alias-clash",
        place: "content/about/team.md:6:3",
        message: "the alias `about/` of `",
        hint: "change or remove this alias",
    },
    Case {
        name: "alias-escape",
        place: "content/about/team.md:4:1",
        message: "alias `../../etc/` contains `..`, which would leave the site",
        hint: "an alias is an old path of this language",
    },
    Case {
        name: "listing-key",
        place: "content/about/team.md:4:1",
        message: "`sort_by` orders a section's pages, and this file is a page",
        hint: "move `sort_by` to the section's `_index.<lang>.md`",
    },
    Case {
        name: "paginate-zero",
        place: "content/about/_index.zh.md:4:1",
        message: "`paginate_by: 0` would put no page on a listing page",
        hint: "e.g. `paginate_by: 10`",
    },
    Case {
        name: "ime-colon",
        place: "content/about/_index.zh.md:2:1",
        message: "`title：` is written with a full-width colon `：`",
        hint: "YAML needs an ASCII colon and a space after a key: `title: …`",
    },
    Case {
        name: "ime-number",
        place: "content/about/_index.zh.md:3:9",
        message: "`weight` takes a number in digits, and `六` is a number written in words",
        hint: "write it in ASCII digits: `weight: 6`",
    },
    Case {
        name: "ime-boolean",
        place: "content/about/_index.zh.md:4:8",
        message: "`draft` takes `true` or `false`, not `否`",
        hint: "write `draft: true` (yes) or `draft: false` (no)",
    },
    Case {
        name: "malformed-yaml",
        place: "content/about/_index.zh.md:4:1",
        message: "invalid YAML",
        hint: "closing quotes",
    },
    Case {
        name: "unknown-key",
        place: "content/about/_index.en.md:3:1",
        message: "unknown key `titel`",
        hint: "title, description, date, updated, weight, draft, slug, template, translation_key, aliases, image, sort_by, paginate_by, extra",
    },
    Case {
        name: "missing-title",
        place: "content/about/_index.zh.md:2:1",
        message: "required key `title` is missing",
        hint: "add `title: …`",
    },
    Case {
        name: "invalid-utf8",
        place: "content/about/team.md:6:3",
        message: "not valid UTF-8",
        hint: "save the file as UTF-8",
    },
    Case {
        name: "unknown-language",
        place: "content/about/team.fr.md:1:1",
        message: "unknown language suffix `.fr`",
        hint: "add `fr` to `languages`",
    },
    Case {
        name: "missing-page",
        place: "content/about/team.md:8:3",
        message: "goes to `content/about/histroy.md`, which does not exist",
        hint: "did you mean `@/about/history.md`?",
    },
    Case {
        name: "missing-anchor",
        place: "content/about/team.md:8:3",
        message: "has no heading or anchor `#没有这个标题`",
        hint: "no anchor there is close; it has 3 anchors: recent, 早期, 早期-1",
    },
    Case {
        name: "anchor-typo",
        place: "content/about/team.md:8:3",
        message: "has no heading or anchor `#fouding`",
        hint: "did you mean `#founding`?",
    },
    Case {
        name: "raw-link-broken",
        place: "content/about/team.md:8:15",
        message: "goes to `content/about/histroy.md`, which does not exist",
        hint: "did you mean `@/about/history.md`?",
    },
    Case {
        name: "asset-typo",
        place: "content/about/team.md:8:1",
        message: "goes to `content/about/logo.svgg`, which is neither a page nor a file",
        hint: "did you mean `@/about/logo.svg`?",
    },
    Case {
        name: "duplicate-url",
        place: "content/about/lishi.zh.md:1:1",
        message: "two pages would be written to the same URL `/zh/about/history/`",
        hint: "different `slug`",
    },
    Case {
        name: "unknown-template",
        place: "content/about/team.md:4:1",
        message: "unknown template `nope.html`",
        hint: "404.html, base.html, index.html",
    },
    Case {
        name: "template-syntax",
        place: "themes/plain/templates/page.html:5:4",
        message: "template syntax error",
        hint: "Tera 2 syntax",
    },
    Case {
        name: "undefined-variable",
        place: "themes/plain/templates/page.html:3:12",
        message: "Field `subtitle` is not defined",
        hint: "guard it with",
    },
    Case {
        name: "fluent-syntax",
        place: "locales/en/main.ftl:2:1",
        message: "Fluent syntax error",
        hint: "close every `{`",
    },
    Case {
        name: "missing-key",
        place: "themes/plain/templates/page.html:3:7",
        message: "translation key `no-such-key` is not defined in any locale",
        hint: "add `no-such-key = …`",
    },
    Case {
        name: "site-yaml-missing",
        place: "site.yaml:1:1",
        message: "no site.yaml",
        hint: "--site DIR",
    },
    Case {
        name: "site-yaml-malformed",
        place: "site.yaml:6:5",
        message: "invalid YAML",
        hint: "indentation",
    },
    Case {
        name: "slug-escape",
        place: "content/about/team.md:3:1",
        message: "`slug: ../../etc` contains a slash",
        hint: "one URL segment",
    },
    Case {
        name: "slug-script",
        place: "content/about/team.md:3:1",
        message: "`slug: javascript:alert(1)` contains `:`, which a URL segment may not hold",
        hint: "letters (any script), digits, `-`, `_` and `.` (not first)",
    },
    Case {
        name: "theme-path",
        place: "site.yaml:3:1",
        message: "`theme: ../../basic/themes/plain` contains a slash",
        hint: "write only its name, e.g. `theme: brochure`",
    },
    Case {
        name: "nul-byte",
        place: "content/about/team.md:5:3",
        message: "contains a NUL byte (U+0000)",
        hint: "delete the character at this place",
    },
    Case {
        name: "unclosed-front-matter",
        place: "content/about/team.md:1:1",
        message: "the front matter starting at line 1 is never closed",
        hint: "add a line `---`",
    },
    Case {
        name: "null-title",
        place: "content/about/team.md:2:1",
        message: "required key `title` is missing",
        hint: "give the page a title",
    },
    Case {
        name: "slug-index",
        place: "content/about/team.md:3:1",
        message: "would be written to `zh/about/index.html/index.html`, which needs a folder `zh/about/index.html/`",
        hint: "give the page another `slug`",
    },
    Case {
        name: "asset-folder",
        place: "content/about/team:1:1",
        message: "needs a folder `zh/about/team/`, but `zh/about/team` is the file",
        hint: "rename or move the file",
    },
    Case {
        name: "missing-home",
        place: "site.yaml:6:3",
        message: "language `en` has no home page: `content/_index.en.md` is missing",
        hint: "add `content/_index.en.md`",
    },
    Case {
        name: "bad-segment",
        place: "content/a#b/x.zh.md:1:1",
        message: "has a segment `a#b` that contains `#`",
        hint: "rename the file or folder `a#b`",
    },
    Case {
        name: "asset-hash",
        place: "content/about/plan#2.pdf:1:1",
        message: "the path `content/about/plan#2.pdf` contains `#`, so no link can reach the file",
        hint: "rename the file or folder",
    },
    Case {
        name: "site-path-missing",
        place: "content/about/history.en.md:15:45",
        message: "link `/styel.css` goes to the site path `/styel.css`, where the build writes nothing",
        hint: "did you mean `/style.css`?",
    },
    Case {
        name: "draft-link",
        place: "content/about/history.en.md:15:3",
        message: "goes to `content/about/secret.md`, which is a draft (`draft: true`)",
        hint: "build with `--drafts` to preview it, remove `draft: true`",
    },
    Case {
        name: "raw-html-forbid",
        place: "content/about/team.md:5:4",
        message: "raw HTML in Markdown is written into the page as it is",
        hint: "this site forbids raw HTML",
    },
    Case {
        name: "template-include",
        place: "themes/plain/templates/page.html:3:12",
        message: "template error: Unknown template `partials/nope.html`",
        hint: "check the name in `{% include %}`",
    },
    Case {
        name: "template-circle",
        place: "themes/plain/templates/base.html:1:1",
        message: "templates extend each other in a circle: base.html → page.html → base.html",
        hint: "remove or change one `{% extends %}`",
    },
    Case {
        name: "static-folder",
        place: "static/zh:1:1",
        message: "which needs a folder `zh/`, but `zh` is the static file",
        hint: "rename or move the file",
    },
    Case {
        name: "slug-404",
        place: "content/missing.zh.md:3:1",
        message: "would be written to `zh/404.html/index.html`, which needs a folder `zh/404.html/`, but `zh/404.html` is the 404 page",
        hint: "give the page another `slug`",
    },
    Case {
        name: "asset-index-html",
        place: "content/about/index.html:1:1",
        message: "content/about/_index.zh.md` would both be written to `zh/about/index.html`",
        hint: "rename or move the file",
    },
    Case {
        name: "asset-404",
        place: "content/404.html:1:1",
        message: "and the 404 page would both be written to `zh/404.html`",
        hint: "rename or move the file",
    },
    Case {
        name: "static-sitemap",
        place: "static/sitemap.xml:1:1",
        message: "and the sitemap would both be written to `sitemap.xml`",
        hint: "rename or move the file",
    },
    Case {
        name: "static-home",
        place: "static/zh/index.html:1:1",
        message: "content/_index.zh.md` would both be written to `zh/index.html`",
        hint: "rename or move the file",
    },
    Case {
        name: "static-print",
        place: "static/print/brochure.bilingual.html:1:1",
        message: "and the print edition would both be written to `print/brochure.bilingual.html`",
        hint: "rename or move the file",
    },
    Case {
        name: "yaml-null-key",
        place: "content/about/team.md:4:10",
        message: "this map key is empty (null, `~`); map keys must be text",
        hint: "quote the key",
    },
    Case {
        name: "yaml-float-key",
        place: "content/figures.yaml:5:3",
        message: "this map key is the number 1.5, not a whole number; map keys must be text",
        hint: "quote the key",
    },
    Case {
        name: "fluent-deep-nesting",
        place: "locales/zh/main.ftl:3:208",
        message: "placeables (`{ … }`) nest more than 100 deep here",
        hint: "close each `{` with `}`",
    },
    Case {
        name: "fluent-cycle",
        place: "locales/en/main.ftl:6:1",
        message: "term `-brand` refers to itself: -brand → -short → -brand",
        hint: "a message cannot use itself",
    },
    Case {
        name: "identity-key",
        place: "site.yaml:11:5",
        message: "unknown key `phone_number`",
        hint: "the allowed keys of `identity.contact` are: address, phone, email, url",
    },
    Case {
        name: "identity-url",
        place: "site.yaml:9:3",
        message: "`identity.parent_url: www.example.org` is not an absolute http(s) URL",
        hint: "e.g. `https://www.example.org/`",
    },
    Case {
        name: "identity-logo",
        place: "site.yaml:9:3",
        message: "`identity.logo: static/no-such-logo.svg` names no static file",
        hint: "put the image in `static/` or `themes/plain/static/`",
    },
];

/// The basic fixture with the case's files laid over it.
fn site_for(case: &str, dir: &Path) -> PathBuf {
    let site = dir.join("site");
    copy_tree(&fixture("basic"), &site);
    copy_tree(&fixture("errors").join(case), &site);
    if let Ok(list) = std::fs::read_to_string(site.join("DELETE")) {
        for f in list.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(site.join(f.trim())).unwrap();
        }
        std::fs::remove_file(site.join("DELETE")).unwrap();
    }
    site
}

#[test]
fn every_case_has_a_fixture_and_the_fixtures_have_cases() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture("errors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.name.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn bad_input_fails_with_a_located_helpful_error_and_keeps_the_old_output() {
    let mut failures = Vec::new();
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let site = site_for(case.name, dir.path());
        // A previous good output, which must survive the failed build untouched.
        let out = dir.path().join("public");
        build(&fixture("basic"), &out, &[]);
        let before: Vec<(String, Vec<u8>)> = files(&out)
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
            .collect();

        let output = brochure(&[
            "build",
            "--site",
            site.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut problems = Vec::new();
        if output.status.code() != Some(1) {
            problems.push(format!("exit status {:?}, not 1", output.status.code()));
        }
        if stderr.contains("panicked") {
            problems.push("panicked".into());
        }
        if !stderr.contains(&format!("{}\n", case.place))
            && !stderr.contains(&format!("{} ", case.place))
        {
            problems.push(format!("no `{}`", case.place));
        }
        if !stderr.contains(case.message) {
            problems.push(format!("no message `{}`", case.message));
        }
        if !stderr.contains("= help: ") || !stderr.contains(case.hint) {
            problems.push(format!("no help with `{}`", case.hint));
        }
        let after: Vec<(String, Vec<u8>)> = files(&out)
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
            .collect();
        if before != after {
            problems.push("the previous output changed".into());
        }
        let leftovers: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "site" && n != "public")
            .collect();
        if !leftovers.is_empty() {
            problems.push(format!("left behind {leftovers:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n{stderr}", case.name, problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Each `error: …` line of a report with the `--> place` line under it.
fn errors_in(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("error: ") && w[1].starts_with("  --> "))
        .map(|w| format!("{}\n{}", w[0], w[1]))
        .collect()
}

#[test]
fn check_reports_every_error_build_stops_on_with_the_same_place_and_message() {
    let mut failures = Vec::new();
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let site = site_for(case.name, dir.path());
        let site = site.to_str().unwrap();
        let out = dir.path().join("public");
        let built = brochure(&["build", "--site", site, "--out", out.to_str().unwrap()]);
        let checked = brochure(&["check", "--site", site]);
        let (built, checked_err) = (
            String::from_utf8_lossy(&built.stderr),
            String::from_utf8_lossy(&checked.stderr),
        );
        let errors = errors_in(&built);
        if errors.is_empty() {
            failures.push(format!(
                "{}: build reported no located error:\n{built}",
                case.name
            ));
        }
        if checked.status.code() != Some(1) {
            failures.push(format!(
                "{}: check exited {:?}",
                case.name,
                checked.status.code()
            ));
        }
        for error in errors {
            if !checked_err.contains(&error) {
                failures.push(format!(
                    "{}: check lacks\n{error}\ncheck said:\n{checked_err}",
                    case.name
                ));
            }
        }
        if built.contains("staging") {
            failures.push(format!(
                "{}: build names its staging folder:\n{built}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_foreign_folder_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.docx"), "precious").unwrap();
    let output = brochure(&[
        "build",
        "--site",
        fixture("basic").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is not empty and was not written by brochure"),
        "{stderr}"
    );
    assert_eq!(files(&out), ["thesis.docx"]);
}

#[test]
fn bad_usage_exits_2() {
    let output = brochure(&["build", "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
}
