//! Measures `brochure serve`'s latency from a save to the reload event in the browser, and
//! with `--hugo` that of `hugo server` on the equivalent site.
//!
//! ```sh
//! cargo run --release --example serve_latency            # 25 edits of each kind
//! cargo run --release --example serve_latency -- 50      # 50 edits of each kind
//! cargo run --release --example serve_latency -- 25 --site target/bench-sites/brochure-5000 \
//!     --page content/research/p00001.en.md --url /en/research/p00001/ \
//!     --template themes/bench/templates/base.html --data content/catalog.yaml \
//!     --hugo target/bench-sites/hugo-5000 --hugo-page content/en/research/p00001.md \
//!     --hugo-template layouts/_default/baseof.html --hugo-data data/catalog.yaml
//! ```
//! `--only page` (or `page,template`…) makes only those kinds of edit; `title` and
//! `weight` give the page `--title` (default: the programs section) a new title or weight
//! each time.
//! (`benches/serve_latency.sh` generates the sites with `examples/gen_site` and runs this.)
//!
//! Copies the site (`--site`, else the default site: the repository root) to a temporary
//! folder, starts the server through the library API on an ephemeral port, and connects an
//! SSE client over a plain `TcpStream` the way a browser's `EventSource` would. Then, for a
//! page, a template and a data or Fluent file in turn, it edits the file N times and times
//! each edit from the moment the write returned (the save is complete) to the moment the
//! `event: reload` line arrived at the client: debounce + rebuild + publish + event
//! delivery. Each edit waits for the quiet after the previous one, so edits are never
//! merged. After every page edit it fetches the page (`--url`) and checks that the new text
//! is there. Prints min / median / p95 / max per kind, and the process's peak RSS.
//!
//! With `--hugo DIR` it then copies that Hugo site, starts `hugo server` (`--hugo-bin`,
//! else `hugo` on the PATH) and makes the same edits to its files, timing each from the
//! save to the line `Total in … ms` that Hugo prints when the rebuild is done (before it
//! tells the browser: Hugo's reload travels over a WebSocket this client does not speak).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use brochure::serve::{self, ServeOptions};

/// The sources of the site.
const SOURCES: &[&str] = brochure::inputs::SITE_SOURCES;

/// The sources of a Hugo site.
const HUGO_SOURCES: &[&str] = &[
    "hugo.toml",
    "content",
    "layouts",
    "data",
    "i18n",
    "static",
    "assets",
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

/// The command line.
struct Args {
    edits: usize,
    site: PathBuf,
    /// (label, file under the site) for brochure, in order.
    files: Vec<(&'static str, String)>,
    /// The URL path of the edited page.
    url: String,
    hugo: Option<PathBuf>,
    hugo_files: Vec<(&'static str, String)>,
    hugo_bin: String,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        edits: 25,
        site: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        files: vec![
            ("page", "content/_index.en.md".into()),
            ("title", "content/programs/_index.en.md".into()),
            ("weight", "content/programs/_index.en.md".into()),
            ("template", "themes/brochure/templates/base.html".into()),
            ("fluent", "locales/en/theme.ftl".into()),
        ],
        url: "/en/".into(),
        hugo: None,
        hugo_files: vec![
            ("page", String::new()),
            ("template", "layouts/_default/baseof.html".into()),
            ("data", "data/catalog.yaml".into()),
        ],
        hugo_bin: "hugo".into(),
    };
    let mut only: Option<String> = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--site" => args.site = PathBuf::from(value()?),
            "--page" => args.files[0].1 = value()?,
            "--title" => {
                let page = value()?;
                args.files[1].1.clone_from(&page);
                args.files[2].1 = page;
            }
            "--url" => args.url = value()?,
            "--template" => args.files[3].1 = value()?,
            "--data" => args.files[4] = ("data", value()?),
            "--hugo" => args.hugo = Some(PathBuf::from(value()?)),
            "--hugo-page" => args.hugo_files[0].1 = value()?,
            "--hugo-template" => args.hugo_files[1].1 = value()?,
            "--hugo-data" => args.hugo_files[2].1 = value()?,
            "--hugo-bin" => args.hugo_bin = value()?,
            "--only" => only = Some(value()?),
            n => {
                args.edits = n
                    .parse()
                    .map_err(|_| format!("not a number of edits or an option: {n}"))?;
            }
        }
    }
    if args.hugo.is_some() && args.hugo_files[0].1.is_empty() {
        return Err("--hugo needs --hugo-page".into());
    }
    if let Some(kinds) = only {
        let keep = |label: &str| kinds.split(',').any(|k| k == label);
        args.files.retain(|(label, _)| keep(label));
        args.hugo_files.retain(|(label, _)| keep(label));
    }
    Ok(args)
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let site = tmp.path().join("site");
    copy_site(&args.site, &site, SOURCES)?;
    let started = Instant::now();
    let options = ServeOptions {
        site: site.clone(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        drafts: false,
    };
    let serving = serve::start(&options).map_err(|f| f.to_string())?;
    println!(
        "brochure serve {}: first build and start in {:.0} ms",
        args.site.display(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let addr = serving.addr();
    let reloads = listen(addr)?;
    let mut results = Vec::new();
    // The peak RSS of each phase (the first build, then each kind of edit): the kernel's
    // high-water mark is reset before each kind.
    let mut peaks = vec![("first build".to_string(), peak_rss_kb())];
    for (label, file) in &args.files {
        reset_peak_rss();
        let mut times = Vec::with_capacity(args.edits);
        for n in 0..args.edits {
            let path = site.join(file);
            let save = || match *label {
                "title" => set_line(&path, "title:", &format!("title: Title probe {n}")),
                "weight" => set_line(&path, "weight:", &format!("weight: {}", n % 9)),
                _ => append(&path, &probe(file, n, Tool::Brochure)),
            };
            times.push(edit_and_wait(&path, save, &reloads)?);
            if *label == "page" {
                check_page(addr, &args.url, &format!("Latency probe {n}."))?;
            }
        }
        results.push((format!("{label} ({file})"), times));
        peaks.push((label.to_string(), peak_rss_kb()));
    }
    serving.stop();
    print_results(
        "brochure serve: save → reload event at an SSE client",
        args.edits,
        &results,
    );
    let mb =
        |kb: Option<u64>| kb.map_or_else(|| "unknown".into(), |kb| format!("{} MB", kb / 1024));
    let by_phase: Vec<String> = (peaks.iter())
        .map(|(phase, kb)| format!("{phase} {}", mb(*kb)))
        .collect();
    let peak = peaks.iter().filter_map(|(_, kb)| *kb).max();
    println!(
        "  peak RSS of this process: {} ({})",
        mb(peak),
        by_phase.join(", ")
    );
    if let Some(hugo) = &args.hugo {
        let copy = tmp.path().join("hugo");
        copy_site(hugo, &copy, HUGO_SOURCES)?;
        let results = measure_hugo(&args, &copy)?;
        print_results(
            "hugo server: save → `Total in` (rebuild done)",
            args.edits,
            &results,
        );
    }
    Ok(())
}

/// Which tool an edit is for (a template comment is written in its language).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    Brochure,
    Hugo,
}

/// What edit `n` appends to `file`: a paragraph to a page, a comment to anything else.
fn probe(file: &str, n: usize, tool: Tool) -> String {
    match Path::new(file).extension().and_then(|e| e.to_str()) {
        Some("md") => format!("\n\nLatency probe {n}.\n"),
        Some("html") if tool == Tool::Brochure => format!("\n{{# probe {n} #}}\n"),
        Some("html") => format!("\n{{{{/* probe {n} */}}}}\n"),
        _ => format!("\n# probe {n}\n"),
    }
}

/// Starts `hugo server` on the site at `site` and times the edits of `args.hugo_files`.
fn measure_hugo(args: &Args, site: &Path) -> Result<Vec<(String, Vec<Duration>)>, String> {
    let port = free_port()?;
    let started = Instant::now();
    let mut child = Command::new(&args.hugo_bin)
        .args([
            "server",
            "--bind",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "-s",
        ])
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", args.hugo_bin))?;
    let lines = hugo_lines(&mut child);
    let ready = loop {
        match lines.recv_timeout(Duration::from_secs(300)) {
            Ok((_, line)) if line.contains("Web Server is available") => break Instant::now(),
            Ok(_) => {}
            Err(_) => {
                let _ = child.kill();
                return Err("hugo server did not start".into());
            }
        }
    };
    println!(
        "hugo server: first build and start in {:.0} ms",
        (ready - started).as_secs_f64() * 1000.0
    );
    let mut results = Vec::new();
    for (label, file) in &args.hugo_files {
        let mut times = Vec::with_capacity(args.edits);
        for n in 0..args.edits {
            std::thread::sleep(QUIET);
            while lines.try_recv().is_ok() {}
            let saved = append(&site.join(file), &probe(file, n, Tool::Hugo))?;
            let done = loop {
                match lines.recv_timeout(Duration::from_secs(60)) {
                    Ok((at, line)) if line.contains("Total in") => break at,
                    Ok(_) => {}
                    Err(_) => {
                        let _ = child.kill();
                        return Err(format!("hugo did not rebuild after editing {file}"));
                    }
                }
            };
            times.push(done.saturating_duration_since(saved));
        }
        results.push((format!("{label} ({file})"), times));
    }
    let _ = child.kill();
    let _ = child.wait();
    Ok(results)
}

/// Hugo's output lines, each with the moment it arrived.
fn hugo_lines(child: &mut Child) -> Receiver<(Instant, String)> {
    let (tx, rx) = mpsc::channel();
    if let Some(out) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send((Instant::now(), line)).is_err() {
                    return;
                }
            }
        });
    }
    rx
}

/// A port nothing listens on now.
fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// `VmHWM` of this process (Linux), e.g. `212 MB`.
/// The process's peak RSS since it started or since [`reset_peak_rss`], in KB (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak RSS to the current RSS (Linux: `5` to `/proc/self/clear_refs`).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Appends `text` to `file`; returns the moment the write returned.
fn append(file: &Path, text: &str) -> Result<Instant, String> {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(file)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    f.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    drop(f);
    Ok(Instant::now())
}

/// Replaces the line of `file` that starts with `key` (a front matter key) with `line`.
fn set_line(file: &Path, key: &str, line: &str) -> Result<Instant, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let text: Vec<String> = (text.lines())
        .map(|l| match l.starts_with(key) {
            true => line.to_string(),
            false => l.to_string(),
        })
        .collect();
    std::fs::write(file, text.join("\n") + "\n").map_err(|e| e.to_string())?;
    Ok(Instant::now())
}

/// Saves a file with `save`, then waits for the reload event; returns the time in between.
fn edit_and_wait(
    file: &Path,
    save: impl FnOnce() -> Result<Instant, String>,
    reloads: &Receiver<Instant>,
) -> Result<Duration, String> {
    std::thread::sleep(QUIET);
    while reloads.try_recv().is_ok() {}
    let saved = save()?;
    let arrived = reloads
        .recv_timeout(Duration::from_secs(60))
        .map_err(|_| format!("no reload within 60 s after editing {}", file.display()))?;
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

/// Copies the sources `names` of the site at `from` to `to` (not its caches).
fn copy_site(from: &Path, to: &Path, names: &[&str]) -> Result<(), String> {
    for name in names {
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
fn print_results(title: &str, edits: usize, results: &[(String, Vec<Duration>)]) {
    println!("{title}, {edits} edits each:");
    for (label, times) in results {
        let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
        ms.sort_by(f64::total_cmp);
        let median = if ms.len() % 2 == 1 {
            ms[ms.len() / 2]
        } else {
            (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
        };
        let p95 = ms[((ms.len() * 95).div_ceil(100)).saturating_sub(1)];
        println!(
            "  {label:<50} min {:7.1}  median {median:7.1}  p95 {p95:7.1}  max {:7.1} ms",
            ms[0],
            ms[ms.len() - 1]
        );
    }
}
