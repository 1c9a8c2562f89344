//! Measures `brochure serve`'s latency from a save to the reload event in the browser.
//!
//! ```sh
//! cargo run --release --example serve_latency            # 25 edits of each kind
//! cargo run --release --example serve_latency -- 50      # 50 edits of each kind
//! ```
//!
//! Copies the default site (the repository root) to a temporary folder, starts the server
//! through the library API on an ephemeral port, and connects an SSE client over a plain
//! `TcpStream` the way a browser's `EventSource` would. Then, for a page, a template and a
//! Fluent file in turn, it edits the file N times and times each edit from the moment the
//! write returned (the save is complete) to the moment the `event: reload` line arrived at
//! the client: debounce + rebuild + publish + event delivery. Each edit waits for the quiet
//! after the previous one, so edits are never merged. After every page edit it fetches the
//! page and checks that the new text is there. Prints min / median / max per kind.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use brochure::serve::{self, ServeOptions};

/// The sources of the default site that the server watches.
const SOURCES: &[&str] = &[
    "site.yaml",
    "content",
    "themes",
    "locales",
    "templates",
    "static",
];

/// What is edited, and how: (label, file, text appended each time; `{n}` is the edit number).
const KINDS: &[(&str, &str, &str)] = &[
    ("page", "content/_index.en.md", "\n\nLatency probe {n}.\n"),
    (
        "template",
        "themes/brochure/templates/base.html",
        "\n{# probe {n} #}\n",
    ),
    ("fluent", "locales/en/theme.ftl", "\n# probe {n}\n"),
];

/// How long the sources stay quiet between two edits.
const QUIET: Duration = Duration::from_millis(150);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve_latency: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let edits: usize = match std::env::args().nth(1) {
        Some(n) => n
            .parse()
            .map_err(|_| format!("not a number of edits: {n}"))?,
        None => 25,
    };
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let site = tmp.path().join("site");
    copy_site(Path::new(env!("CARGO_MANIFEST_DIR")), &site)?;
    let options = ServeOptions {
        site: site.clone(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        drafts: false,
    };
    let serving = serve::start(&options).map_err(|f| f.to_string())?;
    let addr = serving.addr();
    let reloads = listen(addr)?;
    let mut results = Vec::new();
    for (label, file, probe) in KINDS {
        let mut times = Vec::with_capacity(edits);
        for n in 0..edits {
            let text = probe.replace("{n}", &n.to_string());
            times.push(edit_and_wait(&site.join(file), &text, &reloads)?);
            if *label == "page" {
                check_page(addr, "/en/", &format!("Latency probe {n}."))?;
            }
        }
        results.push((label, times));
    }
    serving.stop();
    print_results(edits, &results);
    Ok(())
}

/// Appends `text` to `file`, then waits for the reload event; returns the time in between.
fn edit_and_wait(file: &Path, text: &str, reloads: &Receiver<Instant>) -> Result<Duration, String> {
    std::thread::sleep(QUIET);
    while reloads.try_recv().is_ok() {}
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(file)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    f.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    drop(f);
    let saved = Instant::now();
    let arrived = reloads
        .recv_timeout(Duration::from_secs(10))
        .map_err(|_| format!("no reload within 10 s after editing {}", file.display()))?;
    Ok(arrived.saturating_duration_since(saved))
}

/// Connects an SSE client; every reload event's arrival time comes out of the receiver.
fn listen(addr: SocketAddr) -> Result<Receiver<Instant>, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n",
        serve::EVENTS_PATH
    )
    .map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream);
    // Wait until the server holds the stream, so that no event is missed.
    let mut line = String::new();
    while line.trim_end() != ": connected" {
        line.clear();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("the event stream closed".into());
        }
    }
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            if line.trim_end() == "event: reload" && tx.send(Instant::now()).is_err() {
                return;
            }
            line.clear();
        }
    });
    Ok(rx)
}

/// Fetches `path` and checks that it shows `text`.
fn check_page(addr: SocketAddr, path: &str, text: &str) -> Result<(), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut body = String::new();
    stream
        .read_to_string(&mut body)
        .map_err(|e| e.to_string())?;
    if body.contains(text) {
        Ok(())
    } else {
        Err(format!("{path} does not show `{text}` after its reload"))
    }
}

/// Copies the watched sources of the site at `from` to `to`.
fn copy_site(from: &Path, to: &Path) -> Result<(), String> {
    for name in SOURCES {
        let source = from.join(name);
        if !source.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&source) {
            let entry = entry.map_err(|e| e.to_string())?;
            let rel = entry.path().strip_prefix(from).map_err(|e| e.to_string())?;
            let target = to.join(rel);
            let done = if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target)
            } else {
                std::fs::create_dir_all(target.parent().unwrap_or(to))
                    .and_then(|()| std::fs::copy(entry.path(), &target).map(drop))
            };
            done.map_err(|e| format!("copying {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// One line per kind of edit.
fn print_results(edits: usize, results: &[(&&str, Vec<Duration>)]) {
    println!("save → reload event at an SSE client, {edits} edits each (debounce 30 ms included):");
    for (label, times) in results {
        let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
        ms.sort_by(f64::total_cmp);
        let median = if ms.len() % 2 == 1 {
            ms[ms.len() / 2]
        } else {
            (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
        };
        println!(
            "  {label:<9} min {:6.1} ms   median {median:6.1} ms   max {:6.1} ms",
            ms[0],
            ms[ms.len() - 1]
        );
    }
}
