//! The fuzz harness shared by `tests/fuzz.rs` (a short bounded run) and `examples/fuzz.rs`
//! (a long run): it lays mutated or generated front matter + Markdown, data YAML and
//! Fluent files over `tests/fixtures/basic` in a temporary folder, runs `check` and `build`
//! in-process, and reports any panic (on any thread, render threads included) or a run
//! that takes longer than the time limit (a hang).
//!
//! A case is a set of files laid over the basic site; the corpus (`tests/fuzz/corpus/`)
//! keeps one folder per case in the same layout, so a saved case reads like an
//! `errors` fixture.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// A file of a site: its path under the site folder and its bytes.
pub type File = (String, Vec<u8>);

/// One fuzz input: the files laid over the basic site.
#[derive(Debug, Clone)]
pub struct Case {
    pub files: Vec<File>,
}

/// What one run of `check` and `build` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Finished (with or without errors in the site): fine.
    Ok,
    /// Something panicked: where and why (and a backtrace when available).
    Panic(String),
    /// Still running after the time limit.
    Hang,
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fuzz/corpus/`.
pub fn corpus_dir() -> PathBuf {
    repo().join("tests/fuzz/corpus")
}

/// Every file under `dir`, as (`/`-separated relative path, bytes), sorted.
pub fn read_tree(dir: &Path) -> Vec<File> {
    let mut files: Vec<File> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The saved cases: (name, case), by name.
pub fn corpus() -> Vec<(String, Case)> {
    let Ok(entries) = std::fs::read_dir(corpus_dir()) else {
        return Vec::new();
    };
    let mut cases: Vec<(String, Case)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let files = read_tree(&e.path());
            (name, Case { files })
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// Writes `case` into `dir` (a corpus folder), replacing what was there.
pub fn save(case: &Case, dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    write_files(dir, &case.files)
}

fn write_files(dir: &Path, files: &[File]) -> std::io::Result<()> {
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap())?;
        std::fs::write(path, bytes)?;
    }
    Ok(())
}

/// A short stable name for a case: a hash of its files.
pub fn case_name(case: &Case) -> String {
    // FNV-1a: stable across runs and platforms, unlike `DefaultHasher`.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (rel, bytes) in &case.files {
        for b in rel
            .bytes()
            .chain([0])
            .chain(bytes.iter().copied())
            .chain([0])
        {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Panics seen since the last [`take_panics`], from every thread.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Records every panic (message, place, backtrace) instead of printing it. Call once.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map_or_else(String::new, |l| format!(" at {l}"));
        let thread = std::thread::current();
        let backtrace = std::backtrace::Backtrace::force_capture();
        let text = format!(
            "thread '{}' panicked{place}: {}\n{backtrace}",
            thread.name().unwrap_or("<unnamed>"),
            payload_text(info.payload())
        );
        PANICS.lock().unwrap_or_else(|p| p.into_inner()).push(text);
    }));
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

fn take_panics() -> Vec<String> {
    std::mem::take(&mut *PANICS.lock().unwrap_or_else(|p| p.into_inner()))
}

/// The basic site and the seeds mutations start from.
pub struct Fuzzer {
    base: Vec<File>,
    /// Files worth mutating: the basic site's pages, data and Fluent files, and every
    /// corpus file.
    seeds: Vec<File>,
    /// A run longer than this is a hang.
    pub limit: Duration,
}

impl Fuzzer {
    pub fn new(limit: Duration) -> Fuzzer {
        let base = read_tree(&repo().join("tests/fixtures/basic"));
        let mut seeds: Vec<File> = base
            .iter()
            .filter(|(rel, _)| is_fuzzed(rel))
            .cloned()
            .collect();
        for (_, case) in corpus() {
            seeds.extend(case.files.into_iter().filter(|(rel, _)| is_fuzzed(rel)));
        }
        Fuzzer { base, seeds, limit }
    }

    /// Random cases: mutated seeds, and files generated from nasty pieces.
    pub fn strategy(&self) -> impl Strategy<Value = Case> + use<> {
        let seeds = self.seeds.clone();
        let file = prop_oneof![
            3 => (0..seeds.len(), prop::collection::vec(edit(), 1..10)).prop_map(
                move |(i, edits)| {
                    let (rel, bytes) = &seeds[i];
                    (rel.clone(), apply(bytes, &edits))
                }
            ),
            1 => (0..GENERATED.len(), prop::collection::vec(piece(), 0..40)).prop_map(
                |(i, pieces)| {
                    let (rel, head) = GENERATED[i];
                    let mut bytes = head.as_bytes().to_vec();
                    for p in &pieces {
                        bytes.extend_from_slice(&p.bytes());
                    }
                    (rel.to_string(), bytes)
                }
            ),
        ];
        prop::collection::vec(file, 1..4).prop_map(|files| Case { files })
    }

    /// `n` cases from `strategy`, reproducibly from `seed`.
    pub fn cases(&self, seed: u64, n: usize) -> Vec<Case> {
        let mut runner = runner(seed);
        let strategy = self.strategy();
        (0..n)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect()
    }

    /// Lays `case` over the basic site in a temporary folder, runs `check` and `build`
    /// there, and says whether anything panicked or took too long. `in_flight`, when
    /// given, receives the case first, so an abort (which no harness can catch) leaves
    /// the input behind.
    pub fn run(&self, case: &Case, in_flight: Option<&Path>) -> Outcome {
        if let Some(dir) = in_flight {
            let _ = save(case, dir);
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let site = dir.path().join("site");
        write_files(&site, &self.base).expect("the basic site is written");
        for (rel, _) in &case.files {
            // A case file replaces the base file of the same path, and also stands in
            // for a folder of that name.
            let _ = std::fs::remove_dir_all(site.join(rel));
        }
        if write_files(&site, &case.files).is_err() {
            return Outcome::Ok; // a path the file system refuses: nothing to test
        }
        take_panics();
        let (tx, rx) = mpsc::channel();
        let out = dir.path().join("out");
        let worker = std::thread::Builder::new()
            .name("fuzz-case".into())
            .stack_size(8 << 20) // like a main thread
            .spawn(move || {
                let caught = std::panic::catch_unwind(|| {
                    let _ = brochure::check::check(&site);
                    let options = brochure::build::BuildOptions {
                        site: site.clone(),
                        out: Some(out),
                        offline: false,
                        drafts: true,
                    };
                    let _ = brochure::build::build(&options);
                });
                let _ = tx.send(caught.is_err());
            })
            .expect("a thread");
        match rx.recv_timeout(self.limit) {
            Ok(_) => {
                let _ = worker.join();
            }
            Err(_) => {
                // The thread cannot be stopped: leave it and its folder alone.
                std::mem::forget(dir);
                return Outcome::Hang;
            }
        }
        let panics = take_panics();
        if panics.is_empty() {
            Outcome::Ok
        } else {
            Outcome::Panic(panics.join("\n"))
        }
    }
}

/// A proptest runner seeded with `seed`.
pub fn runner(seed: u64) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    TestRunner::new_with_rng(Config::default(), rng)
}

/// Whether the harness mutates this file of a site.
fn is_fuzzed(rel: &str) -> bool {
    rel == "site.yaml"
        || (rel.starts_with("content/") && (rel.ends_with(".md") || rel.ends_with(".yaml")))
        || (rel.starts_with("locales/") && rel.ends_with(".ftl"))
}

/// Files generated from scratch: path and first bytes.
const GENERATED: &[(&str, &str)] = &[
    ("content/about/gen.md", "---\ntitle: g\n"),
    ("content/about/gen.en.md", "---\n"),
    ("content/gen.yaml", ""),
    ("content/about/gen.yaml", "a:\n  "),
    ("locales/en/gen.ftl", ""),
    ("locales/zh/gen.ftl", "gen = "),
];

/// Pieces of YAML, Markdown and Fluent that have broken parsers before.
const TOKENS: &[&str] = &[
    "---\n",
    "...\n",
    "title: ",
    "extra: ",
    "description: ",
    "date: ",
    "weight: ",
    "slug: ",
    "draft: true\n",
    "template: ",
    "translation_key: ",
    "aliases: ",
    "image: ",
    "{ ~: v }",
    "{1.5: x}",
    "{[a]: b}",
    "? ",
    ": ",
    "- ",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!binary ",
    "!t ",
    "~",
    "null",
    "1e999",
    "-0",
    "0x1F",
    "2026-02-30",
    "2026-03-01T10:00:00+08:00",
    "\"",
    "'",
    "\t",
    "\u{feff}",
    "\0",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "  ",
    "    ",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ">",
    "> ",
    "*",
    "**",
    "_",
    "~~",
    "`",
    "```\n",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "<script>",
    "](",
    "[x](",
    "[x](@/about/history.md#",
    "@/",
    "../",
    "#",
    "# ",
    "{#id}",
    "![",
    "|a|b|\n|-|-|\n",
    "[^1]",
    "[^1]: ",
    "$",
    "{ $count }",
    "{ $count ->\n",
    "*[other] ",
    "[one] ",
    "{ -t }",
    "-t = ",
    "a = { b }\n",
    "b = { a }\n",
    "students = ",
    "language = ",
    ".attr = ",
    "{ NUMBER($count) }",
    "{ \"",
    "\\",
    "\\u",
    "中文",
    "标题：",
    "\u{202e}",
    "\u{200b}",
    "\u{ffff}",
    "💥",
    "javascript:",
    "%YAML 1.2\n",
    "%TAG ! x\n",
    "|\n",
    ">-\n",
    "title: 测试\n",
    "zh: ",
    "en: ",
    "lang: ",
    "99999999999999999999",
];

/// A piece to insert: a token, or raw bytes (NUL and invalid UTF-8 included).
#[derive(Debug, Clone)]
pub enum Piece {
    Token(usize),
    Bytes(Vec<u8>),
}

impl Piece {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Piece::Token(i) => TOKENS[*i].as_bytes().to_vec(),
            Piece::Bytes(b) => b.clone(),
        }
    }
}

/// One change to a file.
#[derive(Debug, Clone)]
pub enum Edit {
    Insert(usize, Piece),
    /// The piece, repeated: deep nesting, huge lines.
    Repeat(usize, Piece, usize),
    Delete(usize, usize),
    /// Copies a range of the file to another place.
    Duplicate(usize, usize, usize),
    Byte(usize, u8),
    Truncate(usize),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        4 => (0..TOKENS.len()).prop_map(Piece::Token),
        1 => prop::collection::vec(any::<u8>(), 0..6).prop_map(Piece::Bytes),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (any::<usize>(), piece()).prop_map(|(at, p)| Edit::Insert(at, p)),
        2 => (any::<usize>(), piece(), prop_oneof![2..20usize, 100..5000usize])
            .prop_map(|(at, p, n)| Edit::Repeat(at, p, n)),
        2 => (any::<usize>(), 0..80usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => (any::<usize>(), 0..200usize, any::<usize>())
            .prop_map(|(from, n, to)| Edit::Duplicate(from, n, to)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Byte(at, b)),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

/// `bytes` with `edits` applied; positions wrap around the current length.
pub fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for edit in edits {
        let at = |p: usize, len: usize| p % (len + 1);
        match edit {
            Edit::Insert(p, piece) => {
                let i = at(*p, out.len());
                out.splice(i..i, piece.bytes());
            }
            Edit::Repeat(p, piece, n) => {
                let i = at(*p, out.len());
                out.splice(i..i, piece.bytes().repeat(*n));
            }
            Edit::Delete(p, n) => {
                let i = at(*p, out.len());
                let end = (i + n).min(out.len());
                out.drain(i..end);
            }
            Edit::Duplicate(from, n, to) => {
                let i = at(*from, out.len());
                let end = (i + n).min(out.len());
                let chunk = out[i..end].to_vec();
                let j = at(*to, out.len());
                out.splice(j..j, chunk);
            }
            Edit::Byte(p, b) => {
                if !out.is_empty() {
                    let i = p % out.len();
                    out[i] = *b;
                }
            }
            Edit::Truncate(p) => out.truncate(at(*p, out.len())),
        }
    }
    out
}
