//! The long fuzz run: random front matter + Markdown, data YAML and Fluent mutations
//! through `check` and `build`, in-process, until the time is up.
//!
//! ```text
//! cargo run --release --example fuzz -- --minutes 10 [--seed N] [--limit-secs 5]
//! ```
//!
//! It prints the cases run, panics and hangs, and saves each failing input as a folder of
//! `tests/fuzz/corpus/` (files laid over `tests/fixtures/basic`), which the short run in
//! `tests/fuzz.rs` then replays every time. An abort (a stack overflow, say) cannot be
//! caught: the case being run is kept in `target/fuzz/in-flight/`, and the next run moves
//! it into the corpus.

#[path = "../tests/fuzz/harness.rs"]
mod harness;

use std::time::{Duration, Instant};

use harness::{Fuzzer, Outcome, case_name, corpus_dir};

struct Args {
    minutes: f64,
    seed: u64,
    limit: Duration,
}

fn parse_args() -> Args {
    let mut args = Args {
        minutes: 10.0,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs()),
        limit: Duration::from_secs(5),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--minutes" => args.minutes = value.parse().expect("--minutes takes a number"),
            "--seed" => args.seed = value.parse().expect("--seed takes a whole number"),
            "--limit-secs" => {
                args.limit = Duration::from_secs(value.parse().expect("--limit-secs N"));
            }
            _ => {
                eprintln!("usage: fuzz [--minutes M] [--seed N] [--limit-secs S]");
                std::process::exit(2);
            }
        }
    }
    args
}

fn main() {
    let args = parse_args();
    let in_flight = harness::repo().join("target/fuzz/in-flight");
    if in_flight.is_dir() {
        let case = harness::Case {
            files: harness::read_tree(&in_flight),
        };
        let dir = corpus_dir().join(format!("crash-{}", case_name(&case)));
        let _ = std::fs::remove_dir_all(&dir);
        if std::fs::rename(&in_flight, &dir).is_ok() {
            println!(
                "the previous run died on a case; saved it in {}",
                dir.display()
            );
        }
    }
    harness::install_panic_hook();
    let fuzzer = Fuzzer::new(args.limit);
    let mut runner = harness::runner(args.seed);
    let strategy = fuzzer.strategy();
    let (start, end) = (
        Instant::now(),
        Instant::now() + Duration::from_secs_f64(args.minutes * 60.0),
    );
    println!(
        "fuzzing for {} min, seed {}, hang limit {:?}",
        args.minutes, args.seed, args.limit
    );
    let (mut cases, mut panics, mut hangs) = (0u64, 0u64, 0u64);
    let mut last_report = Instant::now();
    while Instant::now() < end {
        use proptest::strategy::{Strategy, ValueTree};
        let case = strategy.new_tree(&mut runner).unwrap().current();
        cases += 1;
        let outcome = fuzzer.run(&case, Some(&in_flight));
        if outcome != Outcome::Ok {
            let kind = if outcome == Outcome::Hang {
                "hang"
            } else {
                "panic"
            };
            if outcome == Outcome::Hang {
                hangs += 1;
            } else {
                panics += 1;
            }
            let dir = corpus_dir().join(format!("{kind}-{}", case_name(&case)));
            let _ = harness::save(&case, &dir);
            println!("case {cases}: {kind}, saved in {}", dir.display());
            if let Outcome::Panic(text) = &outcome {
                println!("{text}");
            }
        }
        if last_report.elapsed() > Duration::from_secs(60) {
            last_report = Instant::now();
            println!(
                "{:.0} s: {cases} cases, {panics} panics, {hangs} hangs",
                start.elapsed().as_secs_f64()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&in_flight);
    println!(
        "done: {cases} cases in {:.1} min (seed {}): {panics} panics, {hangs} hangs",
        start.elapsed().as_secs_f64() / 60.0,
        args.seed
    );
    if panics + hangs > 0 {
        std::process::exit(1);
    }
}
