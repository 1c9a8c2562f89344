//! HTTP: static files from the last good build (GET and HEAD only), the reload script in
//! every HTML response, the build error page while the site does not build, the site's 404
//! page, and the event stream. Each request is handled on its own thread; nothing a client
//! sends can stop the server.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, ResponseBox, Server};

use super::builder::{Published, Shelf};
use super::error_page;
use super::files::{self, Target};
use super::reload::{self, Clients};
use crate::content::statics::media_type;

/// What the request handlers share with the rebuild loop.
pub struct State {
    /// The site folder, as given (to show error paths relative to it).
    pub site: PathBuf,
    pub shelf: Shelf,
    pub clients: Clients,
}

/// Answers requests until the server is unblocked.
pub fn serve(server: Arc<Server>, state: Arc<State>) {
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        let spawned = std::thread::Builder::new()
            .name("brochure-request".into())
            .spawn(move || handle(&state, request));
        if let Err(e) = spawned {
            eprintln!("warning: cannot start a thread for a request: {e}");
        }
    }
}

/// Answers one request; a failure to answer is logged, never fatal.
fn handle(state: &State, request: Request) {
    let url = request.url().to_string();
    let result = match request.method() {
        Method::Get if path_of(&url) == reload::EVENTS_PATH => {
            state.clients.subscribe(request.into_writer())
        }
        Method::Get | Method::Head => {
            let response = respond_to(state, &url);
            request.respond(response)
        }
        _ => request.respond(method_not_allowed()),
    };
    if let Err(e) = result {
        eprintln!("warning: answering {url}: {e}");
    }
}

/// The response to a GET (HEAD answers the same without the body).
fn respond_to(state: &State, url: &str) -> ResponseBox {
    let published = state.shelf.get();
    let Some(root) = &published.root else {
        // No good build yet: pages get the error page, other files nothing.
        let unavailable = || text(503, "The site has not been built yet.");
        return if looks_like_page(url) {
            error_or(state, &published, unavailable)
        } else {
            unavailable()
        };
    };
    // The site answers under base_url's path too (`/intl/zh/`), as where it is published:
    // the 404 page links there.
    let url = within_base(url, &published.base_path);
    match files::resolve(root, url) {
        Target::File(path) if is_html(&path) => {
            error_or(state, &published, || html_file(&state.shelf, &path, 200))
        }
        Target::File(path) => file(&state.shelf, &path),
        Target::Redirect(location) => redirect(&location),
        Target::NotFound if looks_like_page(url) => error_or(state, &published, || {
            not_found(state, root, &published, url)
        }),
        Target::NotFound => not_found(state, root, &published, url),
        Target::BadRequest(why) => text(400, &format!("Bad request: {why}.")),
        Target::Forbidden => text(403, "Forbidden: that path leads outside the site."),
    }
}

/// `url` without the leading `base_path` (`/intl/zh/` → `/zh/`), when it has it.
fn within_base<'u>(url: &'u str, base_path: &str) -> &'u str {
    match base_path.strip_suffix('/') {
        Some(prefix) if !prefix.is_empty() => match url.strip_prefix(prefix) {
            Some(rest) if rest.starts_with('/') => rest,
            Some("") => "/",
            _ => url,
        },
        _ => url,
    }
}

/// The error page when the last build failed, else `page()`.
fn error_or(
    state: &State,
    published: &Published,
    page: impl FnOnce() -> ResponseBox,
) -> ResponseBox {
    match &published.failure {
        Some(failure) => html(500, &error_page::render(failure, &state.site)),
        None => page(),
    }
}

/// The site's 404 page: `/<lang>/404.html` for the URL's language, else the default one's.
fn not_found(state: &State, root: &Path, published: &Published, url: &str) -> ResponseBox {
    let first = files::first_segment(url);
    let lang = published
        .languages
        .iter()
        .find(|code| Some(code.as_str()) == first.as_deref())
        .or_else(|| published.languages.first());
    // The 404 page's links start from the server's root (under base_url's path), so it
    // works at any URL as it is, as on a real server.
    let page = lang.and_then(
        |code| match files::resolve(root, &format!("/{code}/404.html")) {
            Target::File(path) => Some(path),
            _ => None,
        },
    );
    match page {
        Some(path) => html_file(&state.shelf, &path, 404),
        None => text(404, "Not found."),
    }
}

/// An HTML file with the reload script.
fn html_file(shelf: &Shelf, path: &Path, status: u16) -> ResponseBox {
    let read = {
        let _reading = shelf.reading();
        std::fs::read(path)
    };
    match read {
        Ok(bytes) => html(status, &String::from_utf8_lossy(&bytes)),
        Err(e) => {
            eprintln!("warning: reading {}: {e}", path.display());
            text(404, "Not found.")
        }
    }
}

/// An HTML response with the reload script injected.
fn html(status: u16, page: &str) -> ResponseBox {
    let body = reload::inject(page).into_bytes();
    with_headers(
        Response::from_data(body).with_status_code(status).boxed(),
        "text/html; charset=utf-8",
    )
}

/// Any other file: read whole while no rebuild writes (a rebuild in place writes feeds,
/// the sitemap, search shards: small files), streamed when larger than [`STREAMED`].
fn file(shelf: &Shelf, path: &Path) -> ResponseBox {
    match read_or_open(shelf, path) {
        Ok(body) => with_headers(body, &content_type(path)),
        Err(e) => {
            eprintln!("warning: opening {}: {e}", path.display());
            text(404, "Not found.")
        }
    }
}

/// The response body of the file at `path`: its bytes, or the open file when large.
fn read_or_open(shelf: &Shelf, path: &Path) -> std::io::Result<ResponseBox> {
    let _reading = shelf.reading();
    let mut f = std::fs::File::open(path)?;
    if f.metadata()?.len() > STREAMED {
        return Ok(Response::from_file(f).boxed());
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut f, &mut bytes)?;
    Ok(Response::from_data(bytes).boxed())
}

/// Files larger than this (16 MiB: videos, archives, never what a rebuild in place writes)
/// are streamed rather than read whole.
const STREAMED: u64 = 16 << 20;

/// 301 to the folder URL with its slash.
fn redirect(location: &str) -> ResponseBox {
    let response = text(301, "Moved permanently.");
    match Header::from_bytes("Location", location) {
        Ok(h) => response.with_header(h),
        Err(()) => text(400, "Bad request: the path is not ASCII."),
    }
}

/// 405 for anything but GET and HEAD.
fn method_not_allowed() -> ResponseBox {
    let response = text(405, "Method not allowed: this server answers GET and HEAD.");
    match Header::from_bytes("Allow", "GET, HEAD") {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// A short plain-text response.
fn text(status: u16, message: &str) -> ResponseBox {
    let response = Response::new(
        status.into(),
        Vec::new(),
        Cursor::new(format!("{message}\n").into_bytes()),
        Some(message.len() + 1),
        None,
    );
    with_headers(response.boxed(), "text/plain; charset=utf-8")
}

/// Content type, no caching (every reload must show the newest build), and a known length
/// instead of chunked encoding.
fn with_headers(mut response: ResponseBox, content_type: &str) -> ResponseBox {
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-cache"),
    ] {
        if let Ok(h) = Header::from_bytes(name, value) {
            response.add_header(h);
        }
    }
    response.with_chunked_threshold(usize::MAX)
}

/// The path part of a request target.
fn path_of(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or_default()
}

/// The `Content-Type` of a file: its media type; pages and plain text in UTF-8 (what
/// brochure writes), since browsers guess otherwise.
fn content_type(path: &Path) -> String {
    let media = media_type(path);
    if media == mime_guess::mime::TEXT_HTML || media == mime_guess::mime::TEXT_PLAIN {
        format!("{}; charset=utf-8", media.essence_str())
    } else {
        media.essence_str().to_string()
    }
}

/// Whether the file is HTML (and gets the reload script).
fn is_html(path: &Path) -> bool {
    media_type(path).essence_str() == "text/html"
}

/// Whether a missing URL was meant as a page (no extension, or `.html`): while the build is
/// broken such a request gets the error page rather than the 404 page.
fn looks_like_page(url: &str) -> bool {
    let last = path_of(url).rsplit('/').next().unwrap_or_default();
    !last.contains('.') || last.ends_with(".html") || last.ends_with(".htm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_answers_under_its_base_path_too() {
        assert_eq!(within_base("/intl/zh/", "/intl/"), "/zh/");
        assert_eq!(within_base("/intl", "/intl/"), "/");
        assert_eq!(within_base("/intl/", "/intl/"), "/");
        assert_eq!(within_base("/intlx/zh/", "/intl/"), "/intlx/zh/");
        assert_eq!(within_base("/zh/", "/intl/"), "/zh/");
        assert_eq!(within_base("/zh/", "/"), "/zh/");
        assert_eq!(within_base("/zh/", ""), "/zh/");
    }

    #[test]
    fn pages_are_told_from_files() {
        assert!(looks_like_page("/en/nope/"));
        assert!(looks_like_page("/en/nope"));
        assert!(looks_like_page("/en/nope.html?x"));
        assert!(!looks_like_page("/favicon.ico"));
        assert_eq!(path_of("/__brochure/events?x=1"), "/__brochure/events");
    }
}
