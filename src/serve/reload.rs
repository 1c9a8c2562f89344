//! Live reload: the Server-Sent Events endpoint and the script injected into HTML responses.
//!
//! tiny_http buffers streaming responses, so an SSE client gets the raw connection
//! (`Request::into_writer`): we write the HTTP head ourselves and flush every event.

use std::io::{self, Write};
use std::sync::Mutex;

/// The URL path of the event stream.
pub const EVENTS_PATH: &str = "/__brochure/events";

/// Injected before `</body>` of every HTML response while serving (never into build output).
pub const SCRIPT: &str = concat!(
    "<script data-brochure-reload>(function(){",
    "var s=new EventSource(\"/__brochure/events\");",
    "s.addEventListener(\"reload\",function(){location.reload();});",
    "})();</script>"
);

/// The HTTP head of the event stream, written by hand (see the module doc).
const STREAM_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\n\
Content-Type: text/event-stream\r\n\
Cache-Control: no-cache\r\n\
Connection: keep-alive\r\n\
X-Accel-Buffering: no\r\n\
\r\n\
retry: 500\n\
: connected\n\n";

/// A writer to one open event stream.
pub type Client = Box<dyn Write + Send>;

/// The open event streams. Touched only on connect and on reload.
#[derive(Default)]
pub struct Clients(Mutex<Vec<Client>>);

impl Clients {
    /// Starts an event stream on `writer` and keeps it for the next reload.
    pub fn subscribe(&self, mut writer: Client) -> io::Result<()> {
        writer.write_all(STREAM_HEAD)?;
        writer.flush()?;
        self.lock().push(writer);
        Ok(())
    }

    /// Tells every open browser to reload; forgets the streams that were closed. Returns how
    /// many clients were told.
    pub fn reload(&self, ok: bool) -> usize {
        let event = format!("event: reload\ndata: {{\"ok\":{ok}}}\n\n");
        let mut clients = self.lock();
        clients.retain_mut(|c| {
            c.write_all(event.as_bytes())
                .and_then(|()| c.flush())
                .is_ok()
        });
        clients.len()
    }

    /// The list; a panic elsewhere while it was held does not make it unusable.
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Client>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `html` with the reload script before its last `</body>` (or at the end when it has none).
pub fn inject(html: &str) -> String {
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + SCRIPT.len());
    out.push_str(&html[..at]);
    out.push_str(SCRIPT);
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = "<html><body><p>x</p></BODY></html>";
        let out = inject(html);
        assert_eq!(out, format!("<html><body><p>x</p>{SCRIPT}</BODY></html>"));
        assert_eq!(inject("<p>中文</p>"), format!("<p>中文</p>{SCRIPT}"));
    }

    #[test]
    fn reload_reaches_open_streams_and_drops_closed_ones() {
        use std::sync::{Arc, Mutex as M};
        #[derive(Clone)]
        struct Sink(Arc<M<Vec<u8>>>, bool);
        impl Write for Sink {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                if self.1 {
                    return Err(io::ErrorKind::BrokenPipe.into());
                }
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let clients = Clients::default();
        let open = Sink(Arc::default(), false);
        clients.subscribe(Box::new(open.clone())).unwrap();
        clients.lock().push(Box::new(Sink(Arc::default(), true)));
        assert_eq!(clients.reload(true), 1);
        let text = String::from_utf8(open.0.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(
            text.ends_with("event: reload\ndata: {\"ok\":true}\n\n"),
            "{text}"
        );
    }
}
