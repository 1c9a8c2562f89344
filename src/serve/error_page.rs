//! The page a browser gets instead of a page while the site does not build: every error with
//! its `file:line:col`, message and hint, HTML-escaped.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Failure, Location, display_path};

/// The error page for `failure`, with paths shown relative to `site`.
pub fn render(failure: &Failure, site: &Path) -> String {
    let n = failure.0.len();
    let items: String = failure.0.iter().map(|d| diagnostic(d, site)).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Build failed · brochure</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<h1>The site did not build: {n} error{s}</h1>\n\
<p class=\"lead\">Fix it and save; this page reloads by itself. Other files are served from the last good build.</p>\n\
{items}</body>\n</html>\n",
        s = if n == 1 { "" } else { "s" },
    )
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{color:#b00020;font-size:1.4rem}.lead{color:#555}\
section{border-left:4px solid #b00020;background:#fff5f5;padding:.5rem 1rem;margin:1rem 0}\
.where{font:600 15px ui-monospace,monospace}.what{white-space:pre-wrap;font-family:ui-monospace,monospace}\
.hint{color:#0b5394}.note{color:#555;font-size:.9rem}";

/// One diagnostic as a `<section>`.
fn diagnostic(d: &Diagnostic, site: &Path) -> String {
    let mut html = format!(
        "<section class=\"diagnostic\">\n<p class=\"where\"><code>{}</code></p>\n<p class=\"what\">{}</p>\n",
        escape(&place(&d.location, site)),
        escape(&d.message)
    );
    for (location, note) in &d.notes {
        html.push_str(&format!(
            "<p class=\"note\">note: {} (<code>{}</code>)</p>\n",
            escape(note),
            escape(&place(location, site))
        ));
    }
    if let Some(hint) = &d.hint {
        html.push_str(&format!("<p class=\"hint\">help: {}</p>\n", escape(hint)));
    }
    html.push_str("</section>\n");
    html
}

/// `file:line:col`, the file relative to the site folder when it lies in it.
pub fn place(location: &Location, site: &Path) -> String {
    let file = location.file.strip_prefix(site).unwrap_or(&location.file);
    let file = if file.as_os_str().is_empty() {
        display_path(&location.file)
    } else {
        display_path(file).replace('\\', "/")
    };
    format!("{file}:{}:{}", location.line, location.col)
}

pub use crate::render::functions::escape_html as escape;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_place_message_and_hint_escaped() {
        let site = Path::new("/tmp/site");
        let d = Diagnostic::error(
            "x",
            Location::new("/tmp/site/content/a.md", 3, 1),
            "unknown key `<titel>`",
        )
        .with_hint("use \"title\" & co");
        let html = render(&Failure::one(d), site);
        assert!(html.contains("<code>content/a.md:3:1</code>"), "{html}");
        assert!(html.contains("unknown key `&lt;titel&gt;`"));
        assert!(html.contains("help: use &quot;title&quot; &amp; co"));
        assert!(html.contains("1 error</h1>"));
    }
}
