//! Search: the browser's tokenizer (`src/search/runtime.js`, run in Node) gives exactly the
//! tokens and stems of the Rust one on the same strings (the default site's every file,
//! tricky cases, random strings of tricky characters, a list of English inflections); the default site's index as written.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use brochure::search::tokenize::{Stemmer, Token, tokens};
use common::tools::{program, require};

/// Strings whose tokens are easy to get wrong.
const CASES: &[&str] = &[
    "上海理工大学中外合作办学",
    "雪城大学（Syracuse University）于1995年",
    "2,664名学生，占比12.5%。",
    "C++ and C# are not C+1; MIT’s 2664 students, 2,664 in all.",
    "Café, Zürich, naïve, façade, ŞİŞLİ, İstanbul, ǅemal, ﬁnance",
    "ＡＢＣ１２３，全角",
    "東京大学のキャンパス、ソフトウェアー・デザイン",
    "Straße STRASSE ΟΔΥΣΣΕΥΣ",
    "don't 'quoted' o'clock rock'n'roll",
    "v2.1.3 1.5.x 3.14159 1,000,000 ,5 5, .5",
    "e-mail Chinese-foreign co-operation — dash–dash",
    "한국어 텍스트와 English",
    "tab\tnew\nline  spaces",
    "a b c 1 2 3 + # ++ c++c c#d",
    "\u{300}combining first, e\u{301}cole",
];

/// English words and their inflections: the stemmer in JavaScript must give rust-stemmers'
/// stems for every one.
const WORDS: &str = "cooperation cooperative cooperate cooperating cooperated partners partnering \
partnership universities university's engineering engineers engineered machinery machines \
programs programmes programming studies studying studied students graduated graduation \
international internationally generously generous generation communication community communities \
arsenal skies dying lying tying idly gently ugly early only singly sky news howe atlas cosmos bias \
andes inning outing canning herring earring proceed exceed succeed agreed feed bleed hopping \
hoping filing filling controlled controlling conditional relational rational valency hesitancy \
probably possibly analogously fully hopelessly helpfulness happiness electrical formalize \
adjustable defensible irritant replacement adjustment dependent communism activate angularity \
homologous effective bowdlerize adoption decision ion cries ties gas gaps kiwis caresses ponies \
ties caress cats bed hoped hopped hopeful hopefully says say sayyid yes yield toy toys enjoy \
enjoying enjoyment Kyoto Syracuse Hamburg Queens Shanghai established establishing establishment \
1995 lying crying by flying dries ied ies s us ss sses gener commun arsen generate generative \
aardvark beautifully beautiful abilities ability inability responsibility fluently excellence \
occasionally sensational sensationally ravenous optimizer organization organizational \
apologies apology logically theological";

#[derive(serde::Serialize)]
struct Case<'a> {
    text: &'a str,
    stemmer: Option<&'static str>,
}

fn rust_tokens(text: &str, stemmer: Option<Stemmer>) -> Vec<(bool, String)> {
    tokens(text, stemmer)
        .into_iter()
        .map(|t| (matches!(t, Token::Cjk(_)), t.text().to_string()))
        .collect()
}

/// Every `.md`, `.yaml` and `.ftl` file of the default site, as text.
fn site_texts() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["content", "locales"] {
        for entry in walkdir::WalkDir::new(common::repo().join(dir)) {
            let entry = entry.unwrap();
            let ext = entry.path().extension().and_then(|e| e.to_str());
            if matches!(ext, Some("md" | "yaml" | "ftl")) {
                out.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    assert!(out.len() > 10, "the default site's files");
    out
}

/// Strings of characters that tokenizers treat differently, from a fixed seed.
fn random_strings(n: usize) -> Vec<String> {
    let alphabet: Vec<char> =
        "aZé\u{301}ßİı9０Ａ1,.,+#'’- \t学雪城ー々〇のカｶ한ΣσςДж٣\u{20000}!？。，C+\u{fe0f}😀_"
            .chars()
            .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|_| {
            let len = (next() % 24) as usize;
            (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        })
        .collect()
}

/// What `node` (at `node`) prints running `script` with `args`, `input` on its standard
/// input; fails the test when it does not end well.
fn node(node: &std::path::Path, script: &str, args: &[&std::ffi::OsStr], input: &[u8]) -> Vec<u8> {
    let mut child = Command::new(node)
        .arg("-e")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "node: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

const NODE_SCRIPT: &str = r#"
const fs = require('fs');
(0, eval)(fs.readFileSync(process.argv[1], 'utf8'));
const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => brochureSearch.tokenize(c.text, c.stemmer).map((t) => [t.cjk, t.text]));
process.stdout.write(JSON.stringify(out));
"#;

#[test]
fn the_browser_tokenizes_and_stems_as_the_build_does() {
    let Some(tools) = require(vec![program("node", "Node.js 20 or later")]) else {
        return;
    };
    let mut texts: Vec<String> = CASES.iter().map(|s| s.to_string()).collect();
    texts.extend(site_texts());
    texts.extend(random_strings(600));
    texts.extend(WORDS.split_whitespace().map(str::to_string));
    let stemmers = [None, Some(Stemmer::English)];
    let cases: Vec<Case> = texts
        .iter()
        .flat_map(|t| {
            stemmers.iter().map(move |s| Case {
                text: t,
                stemmer: s.map(Stemmer::name),
            })
        })
        .collect();
    let runtime = common::repo().join("src/search/runtime.js");
    let input = serde_json::to_vec(&cases).unwrap();
    let output = node(&tools[0], NODE_SCRIPT, &[runtime.as_os_str()], &input);
    let js: Vec<Vec<(bool, String)>> = serde_json::from_slice(&output).unwrap();
    let mut differences = Vec::new();
    for (case, js) in cases.iter().zip(&js) {
        let stemmer = case.stemmer.map(|_| Stemmer::English);
        let rust = rust_tokens(case.text, stemmer);
        if &rust != js {
            let first = rust
                .iter()
                .zip(js)
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("rust {a:?} vs js {b:?}"))
                .unwrap_or_else(|| format!("{} vs {} tokens", rust.len(), js.len()));
            let head: String = case.text.chars().take(60).collect();
            differences.push(format!("{:?} {head:?}: {first}", case.stemmer));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} strings tokenize differently:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
}

/// A copy of the default site (this repo's content, theme, locales and site.yaml) in `dir`.
fn copy_default_site(dir: &std::path::Path) {
    for sub in ["content", "themes", "locales"] {
        common::copy_tree(&common::repo().join(sub), &dir.join(sub));
    }
    std::fs::copy(common::repo().join("site.yaml"), dir.join("site.yaml")).unwrap();
}

#[test]
fn the_default_site_has_an_index_per_language_and_the_zip_holds_it_but_print_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let zip = dir.path().join("site.zip");
    common::build(
        &common::repo(),
        &out,
        &["--offline", "--zip", zip.to_str().unwrap()],
    );
    for file in [
        "search/runtime.js",
        "search/zh.js",
        "search/en.js",
        "search.js",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let zh = common::read(&out.join("search/zh.js"));
    assert!(zh.starts_with("brochureSearch.index({"), "{zh}");
    // The list a query shows before its page blocks are in: each page's url, title, section.
    assert!(
        zh.contains(r#"["zh/history/index.html","发展历程","发展历程"]"#),
        "{zh}"
    );
    let history = common::read(&out.join("zh/history/index.html"));
    for needle in [
        "<script src=\"../../search/runtime.js\" defer></script>",
        "<script src=\"../../search/zh.js\" defer></script>",
        "data-search-root=\"../../\"",
        "role=\"combobox\"",
    ] {
        assert!(history.contains(needle), "{needle}");
    }
    assert!(
        history.contains("class=\"wrap site-search\"") && history.contains(" hidden>"),
        "the box is hidden until the script shows it"
    );
    for edition in ["zh", "en", "bilingual"] {
        let print = common::read(&out.join(format!("print/brochure.{edition}.html")));
        assert!(
            !print.contains("search/") && !print.contains("site-search"),
            "print edition {edition} has no search"
        );
    }
    let archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    for file in [
        "site/search/runtime.js",
        "site/search/zh.js",
        "site/search/en/0.js",
    ] {
        assert!(names.contains(&file.to_string()), "{file} in the zip");
    }
}

#[test]
fn search_false_writes_no_index_and_no_box() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_default_site(&site);
    let yaml = common::read(&site.join("site.yaml"));
    std::fs::write(site.join("site.yaml"), format!("{yaml}\nsearch: false\n")).unwrap();
    let out = dir.path().join("public");
    common::build(&site, &out, &[]);
    assert!(!out.join("search").exists());
    let home = common::read(&out.join("en/index.html"));
    assert!(
        !home.contains("site-search") && !home.contains("search/"),
        "no box, no scripts"
    );
}

#[test]
fn search_of_the_wrong_type_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_default_site(&site);
    let yaml = common::read(&site.join("site.yaml"));
    let line = yaml.lines().count() + 1;
    std::fs::write(site.join("site.yaml"), format!("{yaml}search: [zh]\n")).unwrap();
    let output = common::brochure(&[
        "build",
        "--site",
        site.to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("site.yaml:{line}:")), "{stderr}");
    assert!(stderr.contains("search"), "{stderr}");
}

#[test]
fn the_browser_reads_postings_and_shards_as_the_build_writes_them() {
    let Some(tools) = require(vec![program("node", "Node.js 20 or later")]) else {
        return;
    };
    use brochure::search::index::{encode_postings, shard_of};
    let lists: Vec<Vec<(u32, u32)>> = vec![
        vec![(0, 1)],
        vec![
            (0, 8),
            (1, 2),
            (31, 31),
            (32, 1),
            (1023, 9),
            (1024, 10),
            (5005, 31),
        ],
        (0..5000).map(|p| (p * 3, 1 + p % 31)).collect(),
    ];
    let terms = ["雪城", "城", "partner", "par", "c++", "2664", "東京", "x"];
    let input = serde_json::json!({
        "postings": lists.iter().map(|l| encode_postings(l)).collect::<Vec<_>>(),
        "terms": terms,
    });
    let script = r#"
const fs = require('fs');
(0, eval)(fs.readFileSync(process.argv[1], 'utf8'));
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify({
  postings: input.postings.map((p) => brochureSearch.decode(p)),
  shards: input.terms.map((t) => [1, 7, 702].map((n) => brochureSearch.shardOf(t, n))),
}));
"#;
    let runtime = common::repo().join("src/search/runtime.js");
    let bytes = serde_json::to_vec(&input).unwrap();
    let output = node(&tools[0], script, &[runtime.as_os_str()], &bytes);
    let js: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let decoded: Vec<Vec<(u32, u32)>> = serde_json::from_value(js["postings"].clone()).unwrap();
    assert_eq!(decoded, lists);
    let shards: Vec<Vec<usize>> = serde_json::from_value(js["shards"].clone()).unwrap();
    let expected: Vec<Vec<usize>> = terms
        .iter()
        .map(|t| [1, 7, 702].iter().map(|&n| shard_of(t, n)).collect())
        .collect();
    assert_eq!(shards, expected);
}

#[test]
fn a_page_whose_template_has_no_main_is_indexed_by_its_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_tree(&common::fixture("basic"), &site);
    let base = site.join("themes/plain/templates/base.html");
    let html = common::read(&base)
        .replace("<main", "<div")
        .replace("</main>", "</div>");
    std::fs::write(&base, html).unwrap();
    let out = dir.path().join("public");
    common::build(&site, &out, &[]);
    let blocks: String = common::files(&out.join("search/en"))
        .iter()
        .filter(|f| f.starts_with('p'))
        .map(|f| common::read(&out.join("search/en").join(f)))
        .collect();
    // The excerpt and the terms come from the Markdown's plain text, headings included.
    assert!(
        blocks.contains("Founding\\n\\nStarted in 1995."),
        "{blocks}"
    );
    let shards: String = common::files(&out.join("search/en"))
        .iter()
        .filter(|f| !f.starts_with('p'))
        .map(|f| common::read(&out.join("search/en").join(f)))
        .collect();
    assert!(shards.contains("\"1995\":"), "{shards}");
}

/// The runtime, once a query is answered, reads the page blocks' bundles (and small shards)
/// ahead from `file://`, and nothing more over http: the URLs it asks for, either way.
#[test]
fn only_from_file_urls_the_runtime_reads_ahead() {
    let Some(tools) = require(vec![program("node", "Node.js 20 or later")]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    common::build(&common::repo(), &out, &["--offline"]);
    let script = r#"
const fs = require('fs');
const path = require('path');
const [searchDir, protocol] = process.argv.slice(1);
const asked = [];
global.location = { protocol };
global.document = {
  currentScript: { src: 'http://x/search/runtime.js' },
  createElement: () => ({ remove() {} }),
  head: { appendChild(s) {
    const file = s.src.slice('http://x/search/'.length);
    asked.push(file);
    setTimeout(() => { (0, eval)(fs.readFileSync(path.join(searchDir, file), 'utf8')); s.onload(); }, 0);
  } },
};
(0, eval)(fs.readFileSync(path.join(searchDir, 'runtime.js'), 'utf8'));
brochureSearch.search('zh', '专业', 10).then((found) => {
  setTimeout(() => process.stdout.write(JSON.stringify({ asked, found: found.results.length })), 300);
});
"#;
    let asked = |protocol: &str| -> (Vec<String>, u64) {
        let search = out.join("search");
        let args = [search.as_os_str(), std::ffi::OsStr::new(protocol)];
        let output = node(&tools[0], script, &args, b"");
        let v: serde_json::Value = serde_json::from_slice(&output).unwrap();
        let asked = serde_json::from_value(v["asked"].clone()).unwrap();
        (asked, v["found"].as_u64().unwrap())
    };
    let (http, found) = asked("http:");
    assert!(found > 0, "专业 finds a page");
    assert_eq!(http, ["zh.js", "zh/0.js", "zh/p0.js"], "over http");
    let (file, _) = asked("file:");
    assert_eq!(
        file,
        ["zh.js", "zh/0.js", "zh/p0.js", "zh/b0.js"],
        "from file:// (the one shard is in already)"
    );
}
