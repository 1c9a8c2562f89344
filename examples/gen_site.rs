//! Writes a synthetic bilingual (zh + en) site for benchmarks, in brochure's format and,
//! with `--hugo DIR`, the same content and equivalent templates as a Hugo site.
//!
//! ```sh
//! cargo run --release --example gen_site -- --pages 1000 --out /tmp/bench/brochure --hugo /tmp/bench/hugo
//! ```
//!
//! N pages per language over 5 sections, about 800 English words or 1,500 Chinese characters
//! each, with headings, lists, a table, emphasis and links between pages (relative `.md` links
//! and `@/` links, all valid). The text is pseudo-random from a fixed seed: the same N always
//! gives the same files. Every page's footer loops over the 200 entries of
//! `content/catalog.yaml`; the navigation comes from `site.sections`, the language switcher
//! from `switcher`, section lists from `section.pages`, UI strings from `t()`.
//!
//! The generator only ever replaces a folder that is empty or that it wrote itself (it leaves
//! a `.gen_site` marker).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: gen_site --pages N --out DIR [--hugo DIR]";
const MARKER: &str = ".gen_site";
/// Entries in `catalog.yaml`.
const CATALOG: usize = 200;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_site: {e}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    pages: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut pages = None;
    let mut out = None;
    let mut hugo = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--pages" => {
                let v = value()?;
                pages = Some(
                    v.parse::<usize>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or(format!("--pages takes a positive number, not `{v}`"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--hugo" => hugo = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ => return Err(format!("unknown argument `{arg}`\n{USAGE}")),
        }
    }
    Ok(Args {
        pages: pages.ok_or(format!("--pages is required\n{USAGE}"))?,
        out: out.ok_or(format!("--out is required\n{USAGE}"))?,
        hugo,
    })
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let n = args.pages;
    fresh_dir(&args.out)?;
    write_brochure(&args.out, n).map_err(|e| format!("{}: {e}", args.out.display()))?;
    eprintln!(
        "gen_site: brochure site with {n} pages per language in {}",
        args.out.display()
    );
    if let Some(hugo) = &args.hugo {
        fresh_dir(hugo)?;
        write_hugo(hugo, n).map_err(|e| format!("{}: {e}", hugo.display()))?;
        eprintln!(
            "gen_site: Hugo site with {n} pages per language in {}",
            hugo.display()
        );
    }
    Ok(())
}

/// Empties `dir` when it is empty, missing or ours; refuses anything else.
fn fresh_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty && !dir.join(MARKER).exists() {
            return Err(format!(
                "{} is not empty and was not written by gen_site; give another folder",
                dir.display()
            ));
        }
        fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    fs::write(dir.join(MARKER), "written by examples/gen_site.rs\n")
        .map_err(|e| format!("{}: {e}", dir.display()))
}

fn write(root: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

// ---------------------------------------------------------------------------------------
// Text generation. benches/stages.rs compiles this file as a module (`#[path]`), so what is
// `pub` here is what the benches use.

/// The two languages of the generated site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// The five sections: folder, Chinese title, English title.
pub const SECTIONS: [(&str, &str, &str); 5] = [
    ("research", "科学研究", "Research"),
    ("teaching", "教育教学", "Teaching"),
    ("campus", "校园生活", "Campus"),
    ("partners", "合作伙伴", "Partners"),
    ("news", "新闻动态", "News"),
];

const WORDS: &[&str] = &[
    "river",
    "campus",
    "student",
    "program",
    "partner",
    "degree",
    "course",
    "library",
    "science",
    "engineering",
    "research",
    "teacher",
    "exchange",
    "semester",
    "project",
    "laboratory",
    "lecture",
    "faculty",
    "college",
    "journal",
    "method",
    "result",
    "design",
    "energy",
    "system",
    "network",
    "language",
    "culture",
    "history",
    "future",
    "bridge",
    "garden",
    "market",
    "signal",
    "machine",
    "model",
    "theory",
    "practice",
    "study",
    "quality",
    "credit",
    "window",
    "harbor",
    "lantern",
    "morning",
    "evening",
    "winter",
    "summer",
    "autumn",
    "spring",
    "careful",
    "bright",
    "quiet",
    "modern",
    "early",
    "shared",
    "open",
    "global",
    "local",
    "simple",
    "strong",
    "clear",
    "steady",
    "new",
    "old",
    "small",
    "large",
    "long",
    "short",
    "first",
    "second",
    "third",
    "final",
    "joint",
    "double",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "with",
    "for",
    "on",
    "by",
    "from",
    "about",
    "across",
    "between",
    "through",
    "under",
    "over",
    "builds",
    "teaches",
    "joins",
    "opens",
    "brings",
    "keeps",
    "makes",
    "shows",
    "gives",
    "finds",
    "reads",
    "writes",
    "meets",
    "leads",
    "grows",
    "moves",
    "turns",
    "holds",
    "serves",
    "links",
];

const HANZI: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质信院究南方知识";

const NAMES_EN: &[&str] = &[
    "Atlas", "Beacon", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen", "Meridian", "Nova", "Orchid", "Pioneer", "Quartz", "Raven", "Summit",
    "Tundra",
];

/// SplitMix64: small, fast and good enough for pseudo-text.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5851_F42D_4C95_7F2D);
        rng.next_u64();
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// The seed of page `i` (0 for a home, `s + 1` … for sections) in `lang`.
pub fn seed(lang: Lang, kind: u64, i: usize) -> u64 {
    ((i as u64) << 8) | (kind << 1) | u64::from(lang == Lang::En)
}

/// The section folder of page `i` (1-based).
pub fn section_of(i: usize) -> &'static str {
    SECTIONS[(i - 1) % SECTIONS.len()].0
}

/// The file stem of page `i`.
pub fn stem(i: usize) -> String {
    format!("p{i:05}")
}

/// Generates text in one language, counting what it wrote.
pub struct Text {
    pub lang: Lang,
    pub rng: Rng,
    /// English words or Chinese characters written so far.
    pub count: usize,
}

impl Text {
    pub fn new(lang: Lang, seed: u64) -> Self {
        Text {
            lang,
            rng: Rng::new(seed),
            count: 0,
        }
    }

    fn word(&mut self) -> &'static str {
        self.count += 1;
        WORDS[self.rng.below(WORDS.len())]
    }

    fn hanzi(&mut self, out: &mut String) {
        self.count += 1;
        let chars = HANZI.len() / 3; // every character of HANZI is 3 bytes in UTF-8
        let k = self.rng.below(chars) * 3;
        out.push_str(&HANZI[k..k + 3]);
    }

    /// `n` words (English, space-separated) or `n` characters (Chinese).
    pub fn phrase(&mut self, n: usize) -> String {
        let mut out = String::new();
        for k in 0..n {
            match self.lang {
                Lang::En => {
                    if k > 0 {
                        out.push(' ');
                    }
                    out.push_str(self.word());
                }
                Lang::Zh => self.hanzi(&mut out),
            }
        }
        out
    }

    /// A title: capitalized words, or Chinese characters.
    pub fn title(&mut self, n: usize) -> String {
        let p = self.phrase(n);
        capitalize(&p)
    }

    /// One sentence, sometimes with emphasis; `link` is put in the middle when given.
    pub fn sentence(&mut self, link: Option<(&str, &str)>) -> String {
        let mut out = String::new();
        match self.lang {
            Lang::En => {
                let n = self.rng.range(8, 18);
                for k in 0..n {
                    if k > 0 {
                        out.push(' ');
                    }
                    let w = self.word();
                    let w = if k == 0 { capitalize(w) } else { w.to_string() };
                    match self.rng.below(40) {
                        0 => write!(out, "*{w}*").unwrap(),
                        1 => write!(out, "**{w}**").unwrap(),
                        2 => write!(out, "`{w}`").unwrap(),
                        3 if k + 1 < n => write!(out, "\"{w}\"").unwrap(),
                        4 if k + 1 < n => write!(out, "{w},").unwrap(),
                        _ => out.push_str(&w),
                    }
                    if k == n / 2
                        && let Some((text, dest)) = link
                    {
                        write!(out, " [{text}]({dest})").unwrap();
                    }
                }
                out.push('.');
            }
            Lang::Zh => {
                let n = self.rng.range(10, 26);
                for k in 0..n {
                    match self.rng.below(60) {
                        // emphasis around Chinese characters only: CommonMark-safe
                        0 if k + 3 < n => {
                            out.push('*');
                            self.hanzi(&mut out);
                            self.hanzi(&mut out);
                            out.push('*');
                        }
                        1 if k + 3 < n => {
                            out.push_str("**");
                            self.hanzi(&mut out);
                            self.hanzi(&mut out);
                            out.push_str("**");
                        }
                        2 if k > 2 && k + 2 < n => out.push('，'),
                        _ => {}
                    }
                    self.hanzi(&mut out);
                    if k == n / 2
                        && let Some((text, dest)) = link
                    {
                        write!(out, "[{text}]({dest})").unwrap();
                    }
                }
                out.push('。');
            }
        }
        out
    }

    /// A paragraph of about `target` words or characters, wrapped into lines (a Chinese
    /// line break inside a paragraph must not become a space).
    pub fn paragraph(&mut self, target: usize, links: &[(&str, &str)]) -> String {
        let start = self.count;
        let mut sentences = Vec::new();
        let mut links = links.iter();
        while self.count - start < target {
            let link = if sentences.len() % 2 == 1 {
                links.next().copied()
            } else {
                None
            };
            sentences.push(self.sentence(link));
        }
        for link in links {
            sentences.push(self.sentence(Some(*link)));
        }
        let sep = match self.lang {
            Lang::En => " ",
            Lang::Zh => "",
        };
        let mut out = String::new();
        let mut line = 0;
        for s in sentences {
            if line > 0 && line + s.len() > 100 {
                out.push('\n');
                line = 0;
            } else if line > 0 {
                out.push_str(sep);
                line += sep.len();
            }
            out.push_str(&s);
            line += s.len();
        }
        out.push('\n');
        out
    }

    /// A bullet (or numbered) list of `n` items.
    pub fn list(&mut self, n: usize, ordered: bool, link: Option<(&str, &str)>) -> String {
        let mut out = String::new();
        for k in 0..n {
            let marker = if ordered {
                format!("{}.", k + 1)
            } else {
                "-".to_string()
            };
            let item = self.sentence(if k == 1 { link } else { None });
            writeln!(out, "{marker} {item}").unwrap();
        }
        out
    }

    /// A table of 4 columns and `rows` rows.
    pub fn table(&mut self, rows: usize) -> String {
        let head = match self.lang {
            Lang::En => ["Name", "Year", "Count", "Note"],
            Lang::Zh => ["名称", "年份", "数量", "备注"],
        };
        let mut out = format!(
            "| {} | {} | {} | {} |\n| --- | --- | ---: | --- |\n",
            head[0], head[1], head[2], head[3]
        );
        for _ in 0..rows {
            let name = self.title(2);
            let year = 1990 + self.rng.below(36);
            let count = self.rng.range(10, 99_999);
            let note = self.phrase(3);
            writeln!(out, "| {name} | {year} | {count} | {note} |").unwrap();
        }
        out
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The body of page `i` of `n` (1-based): about 800 English words or 1,500 Chinese
/// characters, with headings (`#overview`, `#figures` and `#details` set explicitly), lists,
/// a table, emphasis and links to other pages, relative and from the content root.
pub fn page_body(lang: Lang, i: usize, n: usize) -> String {
    let target = match lang {
        Lang::En => 800,
        Lang::Zh => 1500,
    };
    let mut t = Text::new(lang, seed(lang, 7, i));
    let s = SECTIONS.len();
    let same = if i + s <= n { i + s } else { (i - 1) % s + 1 };
    let other = (i * 7 + 3) % n + 1;
    let anchored = (i * 13 + 5) % n + 1;
    let rooted = (i * 31 + 11) % n + 1;
    let next_section = SECTIONS[i % s].0;
    let same_dest = format!("{}.md", stem(same));
    let other_dest = format!("../{}/{}.md", section_of(other), stem(other));
    let anchored_dest = format!("@/{}/{}.md#overview", section_of(anchored), stem(anchored));
    let rooted_dest = format!("@/{}/{}.md", section_of(rooted), stem(rooted));
    let section_dest = format!("../{next_section}/_index.md");
    let (w, h) = match lang {
        Lang::En => (
            [
                "the next page",
                "a related note",
                "its overview",
                "another study",
            ],
            [
                "Overview",
                "Figures",
                "Details",
                "See also",
                "this section",
                "another section",
                "the home page",
                "the figures above",
            ],
        ),
        Lang::Zh => (
            ["下一篇", "相关札记", "概述部分", "另一项研究"],
            [
                "概述",
                "数据",
                "细节",
                "另见",
                "本栏目",
                "另一个栏目",
                "首页",
                "上面的数据",
            ],
        ),
    };
    let scale = |words: usize| match lang {
        Lang::En => words,
        Lang::Zh => words * 2,
    };
    let mut out = String::new();
    out.push_str(&t.paragraph(scale(50), &[(w[0], &same_dest)]));
    writeln!(out, "\n## {} {{#overview}}\n", h[0]).unwrap();
    out.push_str(&t.paragraph(scale(80), &[(w[1], &other_dest)]));
    out.push('\n');
    out.push_str(&t.list(4, false, Some((w[2], &anchored_dest))));
    writeln!(out, "\n## {} {{#figures}}\n", h[1]).unwrap();
    out.push_str(&t.table(6));
    out.push('\n');
    out.push_str(&t.paragraph(scale(60), &[(w[3], &rooted_dest)]));
    writeln!(out, "\n### {} {{#details}}\n", h[2]).unwrap();
    out.push_str(&t.list(3, true, None));
    let closing = scale(40);
    while t.count + closing + scale(60) < target {
        let title = t.title(3);
        writeln!(out, "\n## {title}\n").unwrap();
        out.push_str(&t.paragraph(scale(70), &[]));
        if t.count + closing + scale(60) < target {
            writeln!(out, "\n### {}\n", t.title(2)).unwrap();
            out.push_str(&t.paragraph(scale(50), &[]));
        }
    }
    writeln!(out, "\n## {} {{#see-also}}\n", h[3]).unwrap();
    out.push_str(&t.paragraph(
        closing,
        &[
            (h[4], "_index.md"),
            (h[5], &section_dest),
            (h[6], "@/_index.md"),
            (h[7], "#figures"),
        ],
    ));
    out
}

/// The front matter fields of page `i`: (title, description, date).
pub fn page_meta(lang: Lang, i: usize) -> (String, String, String) {
    let mut t = Text::new(lang, seed(lang, 9, i));
    let (section_zh, section_en) = {
        let s = SECTIONS[(i - 1) % SECTIONS.len()];
        (s.1, s.2)
    };
    let title = match lang {
        Lang::En => format!("{section_en} note {i}: {}", t.title(3)),
        Lang::Zh => format!("{section_zh}札记第{i}篇：{}", t.phrase(6)),
    };
    let description = t.sentence(None).replace(['*', '`', '"'], "");
    let date = format!(
        "{}-{:02}-{:02}",
        2015 + i % 11,
        1 + (i / 11) % 12,
        1 + (i / 132) % 28
    );
    (title, description, date)
}

// ---------------------------------------------------------------------------------------

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// A double-quoted YAML string.
fn yq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Which tool a file is for: the two differ in front matter and link syntax only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    Brochure,
    Hugo,
}

fn front_matter(
    tool: Tool,
    title: &str,
    description: &str,
    date: Option<&str>,
    weight: usize,
    key: &str,
) -> String {
    let mut out = format!(
        "---\ntitle: {}\ndescription: {}\n",
        yq(title),
        yq(description)
    );
    if let Some(date) = date {
        writeln!(out, "date: {date}").unwrap();
    }
    writeln!(out, "weight: {weight}").unwrap();
    if tool == Tool::Hugo {
        writeln!(out, "translationKey: {key}").unwrap();
    }
    out.push_str("---\n\n");
    out
}

/// brochure links from the content root with `@/`; Hugo's `relref` takes `/`.
fn body_for(tool: Tool, body: String) -> String {
    match tool {
        Tool::Brochure => body,
        Tool::Hugo => body.replace("](@/", "](/"),
    }
}

fn home_body(lang: Lang, n: usize) -> String {
    let mut t = Text::new(lang, seed(lang, 0, 0));
    let mut out = t.paragraph(60, &[]);
    out.push('\n');
    for (dir, zh, en) in SECTIONS {
        let name = if lang == Lang::Zh { zh } else { en };
        writeln!(out, "- [{name}]({dir}/_index.md)").unwrap();
    }
    let last = format!("@/{}/{}.md", section_of(n), stem(n));
    let label = if lang == Lang::Zh {
        "最新一篇"
    } else {
        "the latest note"
    };
    out.push('\n');
    out.push_str(&t.paragraph(40, &[(label, &last)]));
    out
}

fn section_body(lang: Lang, s: usize, n: usize) -> String {
    let mut t = Text::new(lang, seed(lang, 1 + s as u64, 0));
    let (first_label, home_label) = match lang {
        Lang::Zh => ("第一篇", "首页"),
        Lang::En => ("the first note", "the home page"),
    };
    let first = format!("{}.md", stem(s + 1));
    let mut links = vec![(home_label, "../_index.md")];
    if s < n {
        links.insert(0, (first_label, first.as_str()));
    }
    t.paragraph(80, &links)
}

/// Writes content pages, for either tool: `path(lang, rel)` says where each file goes.
fn write_content(
    root: &Path,
    n: usize,
    tool: Tool,
    path: impl Fn(Lang, &str) -> String,
) -> std::io::Result<()> {
    for lang in LANGS {
        let (title, description) = match lang {
            Lang::Zh => ("基准测试站点", "一个为基准测试生成的双语站点。"),
            Lang::En => (
                "Benchmark site",
                "A bilingual site generated for benchmarks.",
            ),
        };
        let text = front_matter(tool, title, description, None, 0, "home")
            + &body_for(tool, home_body(lang, n));
        write(root, &path(lang, "_index"), &text)?;
        for (s, (dir, zh, en)) in SECTIONS.iter().enumerate() {
            let title = if lang == Lang::Zh { zh } else { en };
            let description = match lang {
                Lang::Zh => format!("{zh}栏目的全部札记。"),
                Lang::En => format!("Every note of the {en} section."),
            };
            let text = front_matter(tool, title, &description, None, s + 1, dir)
                + &body_for(tool, section_body(lang, s, n));
            write(root, &path(lang, &format!("{dir}/_index")), &text)?;
        }
        for i in 1..=n {
            let (title, description, date) = page_meta(lang, i);
            let key = stem(i);
            let text = front_matter(tool, &title, &description, Some(&date), i, &key)
                + &body_for(tool, page_body(lang, i, n));
            write(
                root,
                &path(lang, &format!("{}/{key}", section_of(i))),
                &text,
            )?;
        }
    }
    Ok(())
}

/// `catalog.yaml`: 200 entries of `{id, name: {zh, en}, value}`.
fn catalog() -> String {
    let mut zh = Text::new(Lang::Zh, 0xCA7A);
    let mut rng = Rng::new(0xCA7A_1065);
    let mut out = String::from("# 200 localized entries; every page's footer lists them.\n");
    for id in 1..=CATALOG {
        let en = format!(
            "{} {}",
            NAMES_EN[rng.below(NAMES_EN.len())],
            capitalize(WORDS[rng.below(WORDS.len())])
        );
        let value = rng.range(100, 9_999_999);
        writeln!(
            out,
            "- id: {id}\n  name: {{ zh: {}, en: {} }}\n  value: {value}",
            yq(&zh.phrase(4)),
            yq(&en)
        )
        .unwrap();
    }
    out
}

const STYLE: &str = "body { font: 16px/1.6 system-ui, sans-serif; margin: 0 auto; max-width: 48rem; padding: 1rem; }
nav a { margin-right: .75rem; }
[aria-current] { font-weight: bold; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: .25rem .5rem; }
.catalog { columns: 4; font-size: .8rem; }
";

// ---------------------------------------------------------------------------------------
// brochure

/// Writes the brochure site of `n` pages per language into `root` (which should be empty).
pub fn write_brochure(root: &Path, n: usize) -> std::io::Result<()> {
    write(root, "site.yaml", BROCHURE_SITE)?;
    write_content(root, n, Tool::Brochure, |lang, rel| {
        format!("content/{rel}.{}.md", lang.code())
    })?;
    write(root, "content/catalog.yaml", &catalog())?;
    for (name, text) in BROCHURE_TEMPLATES {
        write(root, &format!("themes/bench/templates/{name}"), text)?;
    }
    write(root, "themes/bench/static/style.css", STYLE)?;
    // The default theme's search box, so that benches/search/timing.mjs can type into it.
    write(root, "themes/bench/static/search.js", SEARCH_JS)?;
    write(root, "locales/zh/main.ftl", FTL_ZH)?;
    write(root, "locales/en/main.ftl", FTL_EN)
}

const BROCHURE_SITE: &str = "# Written by examples/gen_site.rs for benchmarks.
title: { zh: 基准测试站点, en: Benchmark site }
description: { zh: 一个为基准测试生成的双语站点。, en: A bilingual site generated for benchmarks. }
base_url: https://example.org/bench/
theme: bench
languages:
  - { code: zh, locale: zh-CN, name: 中文 }
  - { code: en, locale: en, name: English }
";

const BROCHURE_TEMPLATES: [(&str, &str); 6] = [
    (
        "base.html",
        r##"<!DOCTYPE html>
<html lang="{{ locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ page.title }} | {{ site.title }}{% endblock title %}</title>
<meta name="description" content="{% if page.description %}{{ page.description }}{% else %}{{ site.description }}{% endif %}">
<link rel="canonical" href="{{ page.permalink }}">
{%- for tr in page.translations %}
<link rel="alternate" hreflang="{{ tr.locale }}" href="{{ tr.permalink }}">
{%- endfor %}
<link rel="stylesheet" href="{{ asset(path="style.css") }}">
{%- if search is defined %}
<script src="{{ search.runtime }}" defer></script>
<script src="{{ search.index }}" defer></script>
<script src="{{ asset(path="search.js") }}" defer></script>
{%- endif %}
</head>
<body class="kind-{{ page.kind }}">
{%- set home = [l.url for l in site.languages if l.code == lang] | first %}
<header>
<a class="brand" href="{{ home }}">{{ site.title }}</a>
<nav class="switcher" aria-label="{{ t(key="language") }}">
{%- for s in switcher %}
<a href="{{ s.url }}" hreflang="{{ s.locale }}" lang="{{ s.locale }}"{% if s.current %} aria-current="true"{% endif %}>{{ s.name }}</a>
{%- endfor %}
</nav>
<nav class="sections" aria-label="{{ t(key="sections") }}">
<a href="{{ home }}">{{ t(key="nav-home") }}</a>
{%- for s in site.sections %}
<a href="{{ s.url }}"{% if s.current %} aria-current="true"{% endif %}>{{ s.title }}</a>
{%- endfor %}
</nav>
{%- if search is defined %}
<div class="site-search" data-search-lang="{{ lang }}" data-search-locale="{{ locale }}" data-search-root="{{ search.root }}" data-count-one="# page" data-count-other="# pages" data-no-results="{{ t(key="no-results") }}" data-error="{{ t(key="no-results") }}" hidden>
<form role="search" aria-label="{{ t(key="search") }}"><input id="site-search-input" type="text" role="combobox" aria-label="{{ t(key="search") }}" aria-autocomplete="list" aria-expanded="false" aria-controls="site-search-results" autocomplete="off">
<div class="site-search-panel" hidden><p class="site-search-status" role="status"></p><ul id="site-search-results" role="listbox" aria-label="{{ t(key="search") }}" hidden></ul></div></form>
</div>
{%- endif %}
</header>
<main>
{% block main %}{% endblock main %}
</main>
<footer>
<h2>{{ t(key="catalog") }}</h2>
<ul class="catalog">
{%- for item in data.catalog %}
<li id="c{{ item.id }}">{{ item.name }} <span class="num">{{ item.value | num }}</span></li>
{%- endfor %}
</ul>
<p>{{ t(key="footer", year="2026") }}</p>
</footer>
</body>
</html>
"##,
    ),
    (
        "index.html",
        r##"{% extends "base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
{{ page.content }}
<ul class="sections">
{%- for s in section.subsections %}
{%- set count = s.pages | length %}
<li><a href="{{ s.url }}">{{ s.title }}</a> {{ t(key="pages", count=count) }}</li>
{%- endfor %}
</ul>
{% endblock main %}
"##,
    ),
    (
        "section.html",
        r##"{% extends "base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
{{ page.content }}
{%- set count = section.pages | length %}
<h2>{{ t(key="in-section", count=count) }}</h2>
<ul class="pages">
{%- for p in section.pages %}
<li><a href="{{ p.url }}">{{ p.title }}</a> <span class="date">{{ p.date }}</span>
<p>{{ p.summary }}</p></li>
{%- endfor %}
</ul>
{% endblock main %}
"##,
    ),
    (
        "page.html",
        r##"{% extends "base.html" %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta">{{ page.date }} · {{ t(key="reading-time", count=page.reading_time) }} · {{ t(key="words", count=page.word_count) }}</p>
<nav class="toc"><h2>{{ t(key="toc") }}</h2>
<ul>
{%- for h in page.toc %}
<li><a href="#{{ h.id }}">{{ h.title }}</a>
{%- if h.children | length > 0 %}<ul>{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>
{%- endfor %}
</ul></nav>
{{ page.content }}
</article>
<nav class="prevnext">
{%- if page.previous %}<a rel="prev" href="{{ page.previous.url }}">{{ t(key="previous") }}: {{ page.previous.title }}</a>{% endif %}
{%- if page.next %} <a rel="next" href="{{ page.next.url }}">{{ t(key="next") }}: {{ page.next.title }}</a>{% endif %}
</nav>
{% endblock main %}
"##,
    ),
    (
        "404.html",
        r##"{% extends "base.html" %}
{% block title %}{{ t(key="not-found") }} | {{ site.title }}{% endblock title %}
{% block main %}
<h1>{{ t(key="not-found") }}</h1>
<ul>
{%- for s in site.sections %}
<li><a href="{{ s.url }}">{{ s.title }}</a></li>
{%- endfor %}
</ul>
{% endblock main %}
"##,
    ),
    (
        "landing.html",
        r##"<!DOCTYPE html>
<html lang="{{ locale }}">
<head>
<meta charset="utf-8">
<title>{% for l in site.languages %}{{ l.title }}{% if not loop.last %} · {% endif %}{% endfor %}</title>
<link rel="stylesheet" href="{{ asset(path="style.css") }}">
</head>
<body>
<main>
{%- for l in site.languages %}
<p><a href="{{ l.url }}" hreflang="{{ l.locale }}" lang="{{ l.locale }}">{{ l.title }}: {{ t(key="enter", lang=l.code) }}</a></p>
{%- endfor %}
</main>
</body>
</html>
"##,
    ),
];

const SEARCH_JS: &str = include_str!("../themes/brochure/static/search.js");

const FTL_ZH: &str = "search = 搜索
no-results = 没有找到结果
language = 语言
sections = 栏目
nav-home = 首页
catalog = 目录
footer = © { $year } 基准测试站点
reading-time = 阅读约 { $count } 分钟
words = { $count } 字
toc = 目录
previous = 上一篇
next = 下一篇
in-section = 本栏目共 { $count } 篇
pages = { $count } 篇
not-found = 页面不存在
enter = 进入中文站点
";

const FTL_EN: &str = "search = Search
no-results = No results
language = Language
sections = Sections
nav-home = Home
catalog = Catalog
footer = © { $year } Benchmark site
reading-time = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
words = { $count } words
toc = Contents
previous = Previous
next = Next
in-section = { $count ->
    [one] { $count } page in this section
   *[other] { $count } pages in this section
}
pages = { $count ->
    [one] { $count } page
   *[other] { $count } pages
}
not-found = Page not found
enter = Enter the English site
";

// ---------------------------------------------------------------------------------------
// Hugo: the same content, and templates that do the same work per page.

/// Writes the Hugo site of `n` pages per language into `root` (which should be empty).
pub fn write_hugo(root: &Path, n: usize) -> std::io::Result<()> {
    write(root, "hugo.toml", HUGO_CONFIG)?;
    write_content(root, n, Tool::Hugo, |lang, rel| {
        format!("content/{}/{rel}.md", lang.code())
    })?;
    write(root, "data/catalog.yaml", &catalog())?;
    for (name, text) in HUGO_LAYOUTS {
        write(root, &format!("layouts/{name}"), text)?;
    }
    write(root, "static/style.css", STYLE)?;
    write(root, "i18n/zh.yaml", I18N_ZH)?;
    write(root, "i18n/en.yaml", I18N_EN)
}

const HUGO_CONFIG: &str = r##"# Written by examples/gen_site.rs for benchmarks.
baseURL = "https://example.org/bench/"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = true
hasCJKLanguage = true
enableRobotsTXT = true
# brochure writes no feeds and no taxonomies
disableKinds = ["taxonomy", "term", "RSS"]

[languages.zh]
languageName = "中文"
languageCode = "zh-CN"
title = "基准测试站点"
weight = 1
contentDir = "content/zh"
[languages.zh.params]
description = "一个为基准测试生成的双语站点。"

[languages.en]
languageName = "English"
languageCode = "en"
title = "Benchmark site"
weight = 2
contentDir = "content/en"
[languages.en.params]
description = "A bilingual site generated for benchmarks."
"##;

const HUGO_LAYOUTS: [(&str, &str); 6] = [
    (
        "_default/baseof.html",
        r##"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} | {{ .Site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Site.LanguageCode }}" href="{{ .Permalink }}">
{{- end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body class="kind-{{ .Kind }}">
{{- $p := . }}
<header>
<a class="brand" href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav class="switcher" aria-label="{{ i18n "language" }}">
{{- range .Site.Home.AllTranslations }}
{{- $lang := .Language.Lang }}{{ $target := . }}
{{- range $p.AllTranslations }}{{ if eq .Language.Lang $lang }}{{ $target = . }}{{ end }}{{ end }}
<a href="{{ $target.RelPermalink }}" hreflang="{{ .Site.LanguageCode }}" lang="{{ .Site.LanguageCode }}"{{ if eq $lang $p.Language.Lang }} aria-current="true"{{ end }}>{{ .Language.LanguageName }}</a>
{{- end }}
</nav>
<nav class="sections" aria-label="{{ i18n "sections" }}">
<a href="{{ .Site.Home.RelPermalink }}">{{ i18n "navHome" }}</a>
{{- range .Site.Sections }}
<a href="{{ .RelPermalink }}"{{ if eq $p.FirstSection . }} aria-current="true"{{ end }}>{{ .Title }}</a>
{{- end }}
</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>
<h2>{{ i18n "catalog" }}</h2>
<ul class="catalog">
{{- $lang := .Language.Lang }}
{{- range .Site.Data.catalog }}
<li id="c{{ .id }}">{{ index .name $lang }} <span class="num">{{ lang.FormatNumber 0 .value }}</span></li>
{{- end }}
</ul>
<p>{{ i18n "footer" (dict "Year" "2026") }}</p>
</footer>
</body>
</html>
"##,
    ),
    (
        "index.html",
        r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="sections">
{{- range .Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ i18n "pages" (len .Pages) }}</li>
{{- end }}
</ul>
{{ end }}
"##,
    ),
    (
        "_default/list.html",
        r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<h2>{{ i18n "inSection" (len .Pages) }}</h2>
<ul class="pages">
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="date">{{ .Date.Format "2006-01-02" }}</span>
<p>{{ .Summary }}</p></li>
{{- end }}
</ul>
{{ end }}
"##,
    ),
    (
        "_default/single.html",
        r##"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta">{{ .Date.Format "2006-01-02" }} · {{ i18n "readingTime" .ReadingTime }} · {{ i18n "words" .WordCount }}</p>
<nav class="toc"><h2>{{ i18n "toc" }}</h2>
{{ .TableOfContents }}</nav>
{{ .Content }}
</article>
<nav class="prevnext">
{{- with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ i18n "previous" }}: {{ .Title }}</a>{{ end }}
{{- with .NextInSection }} <a rel="next" href="{{ .RelPermalink }}">{{ i18n "next" }}: {{ .Title }}</a>{{ end }}
</nav>
{{ end }}
"##,
    ),
    (
        "404.html",
        r##"{{ define "title" }}{{ i18n "notFound" }} | {{ .Site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ i18n "notFound" }}</h1>
<ul>
{{- range .Site.Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
</ul>
{{ end }}
"##,
    ),
    (
        // Links are written to the Markdown files, as in brochure: `relref` resolves them.
        "_default/_markup/render-link.html",
        r##"{{- $dest := .Destination -}}
{{- if strings.Contains $dest ".md" }}{{ $dest = relref .Page $dest }}{{ end -}}
<a href="{{ $dest | safeURL }}">{{ .Text | safeHTML }}</a>
{{- /* no trailing newline */ -}}
"##,
    ),
];

const I18N_ZH: &str = r##"language: 语言
sections: 栏目
navHome: 首页
catalog: 目录
footer: "© {{ .Year }} 基准测试站点"
readingTime:
  other: "阅读约 {{ .Count }} 分钟"
words:
  other: "{{ .Count }} 字"
toc: 目录
previous: 上一篇
next: 下一篇
inSection:
  other: "本栏目共 {{ .Count }} 篇"
pages:
  other: "{{ .Count }} 篇"
notFound: 页面不存在
"##;

const I18N_EN: &str = r##"language: Language
sections: Sections
navHome: Home
catalog: Catalog
footer: "© {{ .Year }} Benchmark site"
readingTime:
  one: "{{ .Count }} minute"
  other: "{{ .Count }} minutes"
words:
  one: "{{ .Count }} word"
  other: "{{ .Count }} words"
toc: Contents
previous: Previous
next: Next
inSection:
  one: "{{ .Count }} page in this section"
  other: "{{ .Count }} pages in this section"
pages:
  one: "{{ .Count }} page"
  other: "{{ .Count }} pages"
notFound: Page not found
"##;
