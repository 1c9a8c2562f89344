//! The short fuzz run: every saved case of `tests/fuzz/corpus/`, then a few hundred random
//! front matter + Markdown, data YAML and Fluent mutations (a fixed seed, so a failure
//! reproduces), through `check` and `build` in-process. None may panic, on any thread, or
//! run longer than the time limit. The long run is `cargo run --release --example fuzz`.
//!
//! `FUZZ_CASES=N` and `FUZZ_SEED=S` change the random part.

#[path = "fuzz/harness.rs"]
mod harness;

mod common;

use std::time::{Duration, Instant};

use harness::{Fuzzer, Outcome, case_name, corpus};

/// Generous for a debug build on a loaded machine; a real hang never ends.
const LIMIT: Duration = Duration::from_secs(20);

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn the_corpus_and_random_inputs_neither_panic_nor_hang() {
    harness::install_panic_hook();
    let fuzzer = Fuzzer::new(LIMIT);
    let saved = corpus();
    assert!(
        saved.len() >= 10,
        "the seed corpus is in tests/fuzz/corpus/"
    );
    let (cases, seed) = (env_or("FUZZ_CASES", 120) as usize, env_or("FUZZ_SEED", 9));
    let random = fuzzer.cases(seed, cases);
    let start = Instant::now();
    let mut failures = Vec::new();
    let named = saved
        .iter()
        .map(|(name, case)| (format!("corpus/{name}"), case))
        .chain(
            random
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("random case {i} (seed {seed})"), c)),
        );
    for (name, case) in named {
        match fuzzer.run(case, None) {
            Outcome::Ok => {}
            outcome => {
                // Keep the input where it can be looked at (and moved into the corpus).
                let dir = harness::repo()
                    .join("target/fuzz/failed")
                    .join(case_name(case));
                let _ = harness::save(case, &dir);
                failures.push(format!("{name}, saved in {}: {outcome:?}", dir.display()));
            }
        }
    }
    eprintln!(
        "fuzz: {} corpus + {cases} random cases in {:.1} s",
        saved.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs `build` and `check` on a copy of the basic fixture (changed by `edit`) with
/// `BROCHURE_DEBUG_PANIC=marker`, which makes debug builds panic where the marker is found;
/// asserts that each fails with a located internal error at `place` and writes nothing.
fn panics_are_located(edit: impl Fn(&std::path::Path), marker: &str, place: &str) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_tree(&common::fixture("basic"), &site);
    edit(&site);
    let out = dir.path().join("public");
    for command in ["build", "check"] {
        let mut args = vec![command, "--site", site.to_str().unwrap()];
        if command == "build" {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_brochure"))
            .args(&args)
            .env("BROCHURE_DEBUG_PANIC", marker)
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command}: {stderr}");
        assert!(
            stderr.contains("internal error while working on this file") && stderr.contains(place),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("= help: this is a bug in brochure"),
            "{stderr}"
        );
        assert!(!stderr.contains("stack backtrace"), "{stderr}");
        assert_eq!(
            stderr.matches("brochure: internal error").count(),
            1,
            "{stderr}"
        );
    }
    assert!(!out.exists(), "a failed build writes nothing");
}

#[test]
fn a_panic_in_a_render_thread_is_a_located_error_not_exit_101() {
    // The marker is in the Markdown of one page: it panics while it renders.
    panics_are_located(|_| {}, "只有中文的页面", "content/about/team.md:1:1");
}

#[test]
fn a_panic_while_loading_is_a_located_error_with_one_line_of_noise() {
    // The marker is in site.yaml: the site panics while it is prepared.
    let edit = |site: &std::path::Path| {
        let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
        std::fs::write(site.join("site.yaml"), format!("# 触发\n{yaml}")).unwrap();
    };
    panics_are_located(edit, "# 触发", "site.yaml:1:1");
}
