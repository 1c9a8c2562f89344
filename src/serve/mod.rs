//! `brochure serve`: build, serve on loopback, watch the sources, rebuild and reload open
//! browsers. The reload script is injected into responses only, never into build output.
//!
//! Four parts, one file each: [`builder`] (builds into folders of our own temporary folder
//! and publishes them whole), [`watch`] (debounced file watching), [`server`] (HTTP, with
//! [`files`] for safe path resolution and [`error_page`] for a broken build) and [`reload`]
//! (Server-Sent Events and the injected script). This file drives them.

mod builder;
mod error_page;
mod files;
mod reload;
mod server;
mod session;
mod watch;

use std::collections::BTreeSet;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Instant;

use crate::diagnostic::count;
use crate::diagnostic::{Diagnostic, Location, Result, display_path, io_error};
use builder::{Builder, Shelf};
use reload::Clients;
use server::State;
pub use session::How;
use watch::{Message, Watcher};

pub use reload::{EVENTS_PATH, SCRIPT};
pub use session::Session;

/// What `brochure serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub site: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
}

/// Serves until interrupted.
pub fn run(options: &ServeOptions) -> Result<()> {
    let serving = start(options)?;
    let site = std::fs::canonicalize(&options.site).unwrap_or_else(|_| options.site.clone());
    eprintln!(
        "serving {} at {}  (Ctrl-C to stop)",
        display_path(&site),
        serving.url()
    );
    serving.wait();
    Ok(())
}

/// A running server: listening, watching and rebuilding on threads of its own.
pub struct Serving {
    addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    tx: Sender<Message>,
    http: JoinHandle<()>,
    rebuilds: JoinHandle<()>,
}

impl Serving {
    /// The address it listens on (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to open; a loopback address when listening on every interface.
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// Blocks until the server stops (for the command line: until Ctrl-C ends the process).
    pub fn wait(self) {
        let _ = self.http.join();
        let _ = self.rebuilds.join();
    }

    /// Stops listening, watching and rebuilding, and removes the temporary output.
    pub fn stop(self) {
        self.server.unblock();
        let _ = self.tx.send(Message::Stop);
        self.wait();
    }
}

/// Binds, builds once, and starts serving, watching and rebuilding in the background.
/// A broken site is served as its error page until fixed; a missing `site.yaml` or a busy
/// port is an error.
pub fn start(options: &ServeOptions) -> Result<Serving> {
    if !options.site.join("site.yaml").is_file() {
        // Not a site folder at all: report it the way `build` does.
        crate::config::Config::load(&options.site)?;
    }
    let listener = bind(options)?;
    let addr = listener
        .local_addr()
        .map_err(|e| io_error(&options.site, "listen for", &e))?;
    let server = tiny_http::Server::from_listener(listener, None).map_err(|e| {
        Diagnostic::error(
            "serve",
            Location::file_start(&options.site),
            format!("cannot serve on {addr}: {e}"),
        )
    })?;
    let server = Arc::new(server);
    let root =
        std::fs::canonicalize(&options.site).map_err(|e| io_error(&options.site, "open", &e))?;
    let state = Arc::new(State {
        site: options.site.clone(),
        shelf: Shelf::default(),
        clients: Clients::default(),
    });
    let (tx, rx) = mpsc::channel();
    // Watch before the first build, so that a save during it is not missed.
    let watcher = Watcher::start(&root, tx.clone())?;
    let mut builder = Builder::new(&options.site, options.drafts)?;
    first_build(&mut builder, &state);
    let rebuilds = spawn("brochure-rebuild", &options.site, {
        let state = Arc::clone(&state);
        move || rebuild_loop(builder, watcher, &rx, &state)
    })?;
    let http = spawn("brochure-http", &options.site, {
        let server = Arc::clone(&server);
        move || server::serve(server, state)
    })?;
    Ok(Serving {
        addr,
        server,
        tx,
        http,
        rebuilds,
    })
}

/// Listens on `--bind`:`--port`; a busy port is a clear error.
fn bind(options: &ServeOptions) -> Result<TcpListener> {
    let addr = SocketAddr::new(options.bind, options.port);
    TcpListener::bind(addr).map_err(|e| bind_error(options, addr, &e).into())
}

/// Why we could not listen, and what to do about it.
fn bind_error(options: &ServeOptions, addr: SocketAddr, e: &io::Error) -> Diagnostic {
    let port = options.port;
    let (message, hint) = match e.kind() {
        io::ErrorKind::AddrInUse => (
            format!("port {port} is in use"),
            format!(
                "another program (perhaps another `brochure serve`) listens on {addr}; stop it, or pick another port: `--port {}` (`--port 0` takes any free one)",
                port.saturating_add(1)
            ),
        ),
        io::ErrorKind::PermissionDenied => (
            format!("not allowed to listen on port {port}"),
            "ports below 1024 need privileges; use e.g. `--port 1111`".to_string(),
        ),
        io::ErrorKind::AddrNotAvailable => (
            format!(
                "cannot listen on {}: not an address of this machine",
                options.bind
            ),
            "use `--bind 127.0.0.1` (this machine only) or `--bind 0.0.0.0` (every interface)"
                .to_string(),
        ),
        _ => (
            format!("cannot listen on {addr}: {e}"),
            "pick another address with `--bind` or another port with `--port`".to_string(),
        ),
    };
    Diagnostic::error("serve", Location::command_line(), message).with_hint(hint)
}

/// Starts a named thread; failing to is an error of the whole command.
fn spawn(name: &str, site: &Path, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map_err(|e| io_error(site, "start a thread for", &e).into())
}

/// The first build, reported like `brochure build`; a failure is served as the error page.
fn first_build(builder: &mut Builder, state: &State) {
    match builder.build(&state.shelf) {
        Ok(summary) => {
            for w in builder.new_warnings(&summary) {
                eprintln!("{w}\n");
            }
            eprintln!("{}{}", summary.line(), translations(&summary));
        }
        Err(failure) => {
            for d in &failure.0 {
                eprintln!("{d}\n");
            }
            eprintln!(
                "build failed: {}; the browser shows the errors until they are fixed",
                errors(failure.0.len())
            );
        }
    }
}

/// Rebuilds after every burst of changes until told to stop.
fn rebuild_loop(mut builder: Builder, mut watcher: Watcher, rx: &Receiver<Message>, state: &State) {
    while let Ok(Message::Changed(first)) = rx.recv() {
        let mut changed: BTreeSet<PathBuf> = first.into_iter().collect();
        // Changes that queued up during the previous build go into this one.
        loop {
            match rx.try_recv() {
                Ok(Message::Changed(more)) => changed.extend(more),
                Ok(Message::Stop) => return,
                Err(_) => break,
            }
        }
        watcher.refresh_after(&changed);
        rebuild(&mut builder, state, &changed);
    }
}

/// One rebuild: publish, reload the browsers (on failure too, to show the error page) and
/// say what changed and how long it took.
fn rebuild(builder: &mut Builder, state: &State, changed: &BTreeSet<PathBuf>) {
    let start = Instant::now();
    let result = builder.rebuild(&state.shelf, changed);
    let ms = start.elapsed().as_millis();
    let what = describe(changed);
    match result {
        Ok((summary, how)) => {
            for w in builder.new_warnings(&summary) {
                eprintln!("{w}\n");
            }
            let n = state.clients.reload(true);
            let how = match how {
                How::Whole => String::new(),
                How::Partial { changed } => {
                    format!(" ({} changed in place)", count(changed, "file"))
                }
            };
            eprintln!(
                "changed {what} → rebuilt in {ms} ms{how}, reloaded {}{}",
                browsers(n),
                translations(&summary)
            );
        }
        Err(failure) => {
            for d in &failure.0 {
                eprintln!("{d}\n");
            }
            let n = state.clients.reload(false);
            eprintln!(
                "changed {what} → build failed in {ms} ms: {}, shown in {}; the last good build is still served",
                errors(failure.0.len()),
                browsers(n)
            );
        }
    }
}

/// `; translations: 1 stale, 0 missing` after a build line (nothing for one language).
fn translations(summary: &crate::build::Summary) -> String {
    summary
        .translations
        .as_deref()
        .map_or(String::new(), |t| format!("; {t}"))
}

/// The changed paths for the console: `content/a.md, locales/zh/main.ftl and 3 more`.
fn describe(changed: &BTreeSet<PathBuf>) -> String {
    const SHOWN: usize = 4;
    let mut names: Vec<String> = changed
        .iter()
        .take(SHOWN)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    if changed.len() > SHOWN {
        names.push(format!("{} more", changed.len() - SHOWN));
    }
    names.join(", ")
}

/// `1 error`, `2 errors`.
fn errors(n: usize) -> String {
    format!("{n} error{}", if n == 1 { "" } else { "s" })
}

/// `1 browser`, `2 browsers`.
fn browsers(n: usize) -> String {
    format!("{n} browser{}", if n == 1 { "" } else { "s" })
}
