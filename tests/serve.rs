//! `brochure serve` from the outside: the real binary on an ephemeral port, plain
//! HTTP/1.1 over `TcpStream`, and an SSE client for the reload events. Every wait polls with
//! a generous deadline; nothing asserts on timing.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// How long any single wait may take on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `brochure serve`, killed when dropped (also when a test panics).
struct Server {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts serving `site` on a free port and waits for the printed URL.
    fn start(site: &Path) -> Server {
        Server::start_with(site, &[])
    }

    /// As [`Server::start`], with extra environment variables.
    fn start_with(site: &Path, env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brochure"))
            .args(["serve", "--port", "0", "--site"])
            .arg(site)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("brochure serve starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let log = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let mut server = Server {
            child,
            addr: "127.0.0.1:0".parse().unwrap(),
            log,
        };
        server.addr = server.wait_for("the printed URL", |log| {
            let start = log.find("http://")? + "http://".len();
            let end = start + log[start..].find('/')?;
            log[start..end].parse().ok()
        });
        server
    }

    /// Polls the server's stderr until `found` finds something.
    fn wait_for<T>(&mut self, what: &str, found: impl Fn(&str) -> Option<T>) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(t) = found(&self.log.lock().unwrap()) {
                return t;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("serve exited ({status}) before {what}:\n{}", self.log());
            }
            assert!(Instant::now() < deadline, "no {what} in:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Reply {
        request(self.addr, "GET", path)
    }
}

/// An HTTP response.
#[derive(Debug)]
struct Reply {
    status: u16,
    /// Lowercased names.
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request with `Connection: close` and reads the whole answer.
fn request(addr: SocketAddr, method: &str, path: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let length = if method == "POST" {
        "Content-Length: 0\r\n"
    } else {
        ""
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{length}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the reply");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete head");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

/// A browser's event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Opens `/__brochure/events` and waits until the server has registered it.
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connects");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /__brochure/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let head = events.read_until(|l| l.is_empty());
        assert!(head[0].starts_with("HTTP/1.1 200"), "{head:?}");
        assert!(
            head.iter()
                .any(|l| l.eq_ignore_ascii_case("content-type: text/event-stream")),
            "{head:?}"
        );
        events.read_until(|l| l == ": connected");
        events
    }

    /// Reads lines until one satisfies `last`; returns them all.
    fn read_until(&mut self, last: impl Fn(&str) -> bool) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("the stream stays open");
            assert!(n > 0, "the event stream ended after {lines:?}");
            let line = line.trim_end_matches(['\r', '\n']).to_string();
            let done = last(&line);
            lines.push(line);
            if done {
                return lines;
            }
        }
    }

    /// Waits for the next reload event; returns its data.
    fn next_reload(&mut self) -> String {
        self.read_until(|l| l == "event: reload");
        let data = self.read_until(|l| l.starts_with("data:"));
        data.last().unwrap().clone()
    }
}

/// The basic fixture, copied into a temporary folder (`<tmp>/site`).
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    (dir, site)
}

/// Replaces `from` with `to` in a file of the site; the text must be there.
fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Polls `path` until its body contains `text` (a rebuild may race one more event).
fn wait_for_page(server: &Server, events: &mut Events, path: &str, text: &str) -> Reply {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let reply = server.get(path);
        if reply.body.contains(text) {
            return reply;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never showed `{text}`:\n{}\n{}",
            reply.body,
            server.log()
        );
        events.next_reload();
    }
}

#[test]
fn serves_pages_with_the_reload_script_only_in_responses() {
    let (dir, site) = site();
    let server = Server::start(&site);

    let page = server.get("/en/about/");
    assert_eq!(page.status, 200, "{page:?}");
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("About us"), "{}", page.body);
    let script_at = page
        .body
        .find(brochure::serve::SCRIPT)
        .expect("the reload script");
    assert!(
        script_at < page.body.rfind("</body>").unwrap(),
        "before </body>"
    );
    assert!(page.body.contains("/__brochure/events"));

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains(brochure::serve::SCRIPT));

    for (path, media) in [
        ("/style.css", "text/css"),
        ("/extra.txt", "text/plain; charset=utf-8"),
        ("/zh/about/logo.svg", "image/svg+xml"), // assets are stored once, beside the default language
        ("/sitemap.xml", "text/xml"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(media), "{path}");
        assert!(
            !reply.body.contains("__brochure"),
            "{path}: no script outside HTML"
        );
    }
    assert_eq!(server.get("/extra.txt").body, "site static file\n");

    let moved = server.get("/en/about?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/en/about/?x=1"));

    // The script is added at response time: a plain build of the same site has none, and
    // serving wrote nothing into the site folder.
    let out = dir.path().join("public");
    build(&site, &out, &[]);
    for f in files(&out) {
        let bytes = std::fs::read(out.join(&f)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__brochure"),
            "{f} holds the reload script"
        );
    }
    assert!(
        !site.join("public").exists(),
        "serve builds outside the site"
    );
}

#[test]
fn head_post_and_unknown_paths() {
    let (_dir, site) = site();
    let server = Server::start(&site);

    let get = server.get("/en/about/");
    let head = request(server.addr, "HEAD", "/en/about/");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str())
    );
    assert!(head.body.is_empty(), "HEAD has no body: {:?}", head.body);

    for method in ["POST", "PUT", "DELETE"] {
        let reply = request(server.addr, method, "/en/about/");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method}");
    }

    let missing = server.get("/en/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(missing.body.contains("<p>404</p>"), "{}", missing.body);
    assert!(
        missing.body.contains(r#"<html lang="en">"#),
        "the English 404 page"
    );
    assert!(missing.body.contains(brochure::serve::SCRIPT));
    let zh = server.get("/zh/nope.html");
    assert_eq!(zh.status, 404);
    assert!(
        zh.body.contains(r#"<html lang="zh-CN">"#),
        "the Chinese 404 page"
    );
    let other = server.get("/nope.png");
    assert_eq!(other.status, 404);
    assert!(
        other.body.contains(r#"<html lang="zh-CN">"#),
        "the default language's 404 page"
    );
}

#[test]
fn traversal_attempts_get_4xx_and_leak_nothing() {
    let (dir, site) = site();
    let secret = "TOP-SECRET-8d41";
    std::fs::write(dir.path().join("secret.txt"), secret).unwrap();
    // A symlink in the site's static/ that points outside the site. The server only ever
    // serves files of its build output (canonicalized, under the output root; the unit tests
    // in src/serve/files.rs cover a symlink inside the output that points out). So the
    // secret may only come back if the build itself copied it into the output as a file.
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("static/leak.txt"))
        .unwrap();
    let server = Server::start(&site);

    let site_yaml = read(&site.join("site.yaml"));
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/secret.txt",
        "/en/%2F..%2F..%2Fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "/en/../../site.yaml",
        "//etc/passwd",
        "/C:/Windows",
        "/C:/Windows/win.ini",
        "/en/%00/index.html",
        "/../secret.txt",
        "/../../secret.txt",
    ] {
        let reply = server.get(path);
        assert!(
            (400..500).contains(&reply.status),
            "{path}: status {}",
            reply.status
        );
        assert!(!reply.body.contains("base_url"), "{path} leaked site.yaml");
        assert!(!reply.body.contains(secret), "{path} leaked the secret");
        assert!(!reply.body.contains("root:"), "{path} leaked /etc/passwd");
        assert!(!site_yaml.is_empty());
    }

    let out = dir.path().join("public");
    build(&site, &out, &[]);
    let copied = out.join("leak.txt");
    let built_copy = std::fs::symlink_metadata(&copied).is_ok_and(|m| m.is_file());
    let reply = server.get("/leak.txt");
    if built_copy {
        // The build copied the link's target as a plain file: that copy is site output.
        assert_eq!(reply.status, 200);
        assert_eq!(reply.body, read(&copied));
    } else {
        assert!(
            (400..500).contains(&reply.status),
            "status {}",
            reply.status
        );
        assert!(
            !reply.body.contains(secret),
            "the symlink leaked the secret"
        );
    }
}

#[test]
fn an_edit_reloads_the_browser_with_the_new_text() {
    let (_dir, site) = site();
    let mut server = Server::start(&site);
    let mut events = Events::open(server.addr);

    edit(
        &site,
        "content/about/history.en.md",
        "Started in 1995.",
        "Started in 1995, edited live.",
    );
    let page = wait_for_page(&server, &mut events, "/en/about/history/", "edited live");
    assert_eq!(page.status, 200);
    server.wait_for("the rebuild line", |log| {
        log.contains("changed content/about/history.en.md → rebuilt in")
            .then_some(())
    });

    // A template and a Fluent file re-render every page that uses them.
    edit(
        &site,
        "themes/plain/templates/base.html",
        "<main>",
        "<main data-edited=\"template\">",
    );
    wait_for_page(&server, &mut events, "/zh/", "data-edited=\"template\"");
    wait_for_page(&server, &mut events, "/en/about/history/", "data-edited");

    edit(&site, "locales/en/main.ftl", "} students", "} learners");
    wait_for_page(&server, &mut events, "/en/", " learners</span>");
}

#[test]
fn a_broken_edit_shows_the_error_page_until_fixed() {
    let (_dir, site) = site();
    let mut server = Server::start(&site);
    let mut events = Events::open(server.addr);
    let before = server.get("/style.css");

    edit(
        &site,
        "content/about/_index.en.md",
        "weight: 1\n",
        "weight: 1\ntitel: <typo>\n",
    );
    // The first reload event may come from a build that saw the file half written.
    assert!(events.next_reload().starts_with("data: {"));
    let page = wait_for_page(&server, &mut events, "/en/about/", "unknown key `titel`");
    assert_eq!(page.status, 500);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.body.contains("content/about/_index.en.md:4:1"),
        "{}",
        page.body
    );
    assert!(page.body.contains("unknown key `titel`"), "{}", page.body);
    assert!(page.body.contains("help: "), "{}", page.body);
    assert!(page.body.contains(brochure::serve::SCRIPT));
    assert!(!page.body.contains("<typo>"), "HTML-escaped");
    // Any page URL gets the error page; other files still come from the last good build.
    assert_eq!(server.get("/zh/").status, 500);
    assert_eq!(server.get("/en/no/such/").status, 500);
    let css = server.get("/style.css");
    assert_eq!((css.status, &css.body), (200, &before.body));
    server.wait_for("the failure on the console", |log| {
        (log.contains("build failed") && log.contains("unknown key `titel`")).then_some(())
    });

    edit(&site, "content/about/_index.en.md", "titel: <typo>\n", "");
    let page = wait_for_page(&server, &mut events, "/en/about/", "About us");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("unknown key"));
}

#[test]
fn a_panicking_rebuild_keeps_serving_and_recovers_on_the_next_good_save() {
    let (_dir, site) = site();
    // Debug builds panic while rendering a page that contains this text.
    let mut server = Server::start_with(&site, &[("BROCHURE_DEBUG_PANIC", "PANIC-HERE")]);
    let mut events = Events::open(server.addr);
    let before = server.get("/style.css");

    edit(
        &site,
        "content/about/_index.en.md",
        "About us.",
        "About us. PANIC-HERE",
    );
    let page = wait_for_page(&server, &mut events, "/en/about/", "internal error");
    assert_eq!(page.status, 500);
    assert!(
        page.body.contains("content/about/_index.en.md:1:1"),
        "located at the page: {}",
        page.body
    );
    let css = server.get("/style.css");
    assert_eq!((css.status, &css.body), (200, &before.body));
    server.wait_for("the failure on the console", |log| {
        (log.contains("build failed") && log.contains("internal error")).then_some(())
    });

    edit(&site, "content/about/_index.en.md", " PANIC-HERE", "");
    let page = wait_for_page(&server, &mut events, "/en/about/", "About us.");
    assert_eq!(page.status, 200);
    assert!(server.child.try_wait().unwrap().is_none(), "still running");
}

#[test]
fn a_site_broken_from_the_start_is_served_as_its_error_page() {
    let (_dir, site) = site();
    edit(
        &site,
        "content/_index.en.md",
        "title: Home\n",
        "title: Home\ntitel: x\n",
    );
    let server = Server::start(&site);
    let page = server.get("/en/");
    assert_eq!(page.status, 500, "{page:?}");
    assert!(
        page.body.contains("content/_index.en.md:3:1"),
        "{}",
        page.body
    );
    assert!(page.body.contains(brochure::serve::SCRIPT));
    assert!((400..600).contains(&server.get("/style.css").status));

    let mut events = Events::open(server.addr);
    edit(&site, "content/_index.en.md", "titel: x\n", "");
    let page = wait_for_page(&server, &mut events, "/en/", "Welcome.");
    assert_eq!(page.status, 200);
    assert_eq!(server.get("/style.css").status, 200);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let (_dir, site) = site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_brochure"))
        .args(["serve", "--port", &port, "--site"])
        .arg(&site)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve kept running on a busy port");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("port {port} is in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_folder_without_site_yaml_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = brochure(&[
        "serve",
        "--port",
        "0",
        "--site",
        dir.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no site.yaml"), "{stderr}");
}

#[test]
fn an_edit_behind_a_symlink_reloads_too() {
    let (dir, site) = site();
    let shared = dir.path().join("shared.txt");
    std::fs::write(&shared, "first version\n").unwrap();
    std::os::unix::fs::symlink(&shared, site.join("static/linked.txt")).unwrap();
    let server = Server::start(&site);
    let mut events = Events::open(server.addr);
    assert_eq!(server.get("/linked.txt").body, "first version\n");
    // Only the file the link leads to changes: the walker follows the link, so does the watcher.
    std::fs::write(&shared, "later version\n").unwrap();
    wait_for_page(&server, &mut events, "/linked.txt", "later version");
}

#[test]
fn a_symlink_made_while_serving_is_watched_too() {
    let (dir, site) = site();
    let server = Server::start(&site);
    let mut events = Events::open(server.addr);
    // The link is new after the start: the save that makes it is not a plain file's, so the
    // watcher looks for links again and follows this one from then on.
    let shared = dir.path().join("later.txt");
    std::fs::write(&shared, "first version\n").unwrap();
    std::os::unix::fs::symlink(&shared, site.join("static/later.txt")).unwrap();
    wait_for_page(&server, &mut events, "/later.txt", "first version");
    std::fs::write(&shared, "later version\n").unwrap();
    wait_for_page(&server, &mut events, "/later.txt", "later version");
}

#[test]
fn the_404_page_works_at_any_depth_and_its_links_resolve() {
    let (_dir, site) = site();
    let server = Server::start(&site);
    let missing = server.get("/zh/a/b/c/missing");
    assert_eq!(missing.status, 404);
    // No <base> trick: the page's own links start from base_url's path (/sub/).
    assert!(!missing.body.contains("<base"), "{}", missing.body);
    let links: Vec<String> = attr_values(&missing.body, "href")
        .into_iter()
        .chain(attr_values(&missing.body, "src"))
        .filter(|u| !u.starts_with('#') && !u.starts_with("http"))
        .collect();
    assert!(links.iter().any(|u| u == "/sub/style.css"), "{links:?}");
    for url in &links {
        assert!(url.starts_with("/sub/"), "{url} is not from the root");
        let reply = server.get(url);
        assert_eq!(reply.status, 200, "{url} from the 404 page");
    }
}
