//! Syntax highlighting of fenced code at build time (syntect, its default grammars): a
//! block whose language syntect knows becomes `<pre class="highlight">` with `hl-` classes
//! that a theme's stylesheet colours ([`stylesheet`]); any other block stays plain.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The prefix of every class the highlighter writes.
const CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The theme [`stylesheet`] is made from.
pub const THEME: &str = "InspiredGitHub";

/// The grammars, loaded once (lazily: a site without code never pays for them).
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Events with every fenced block of a known language replaced by its highlighted HTML.
pub fn code_blocks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event else {
            out.push(event);
            continue;
        };
        let lang = info.split([' ', ',', '{']).next().unwrap_or("").to_string();
        let mut block = vec![event];
        let mut code = String::new();
        for e in events.by_ref() {
            let end = matches!(e, Event::End(TagEnd::CodeBlock));
            if let Event::Text(t) = &e {
                code.push_str(t);
            }
            block.push(e);
            if end {
                break;
            }
        }
        match highlight(&lang, &code) {
            Some(html) => out.push(Event::Html(CowStr::from(html))),
            None => out.extend(block),
        }
    }
    out
}

/// Blocks highlighted already in this process, by hash of (language, code): a code block
/// a translation repeats is highlighted once per build, and `serve` highlights only the
/// blocks an edit changed. Emptied when it grows past [`MEMO_LIMIT`] entries.
static MEMO: OnceLock<Mutex<HashMap<u64, Option<Arc<str>>>>> = OnceLock::new();
const MEMO_LIMIT: usize = 50_000;

/// `code` highlighted as `lang`, or `None` when syntect does not know the language.
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let key = xxhash_rust::xxh3::xxh3_64_with_seed(
        code.as_bytes(),
        xxhash_rust::xxh3::xxh3_64(lang.as_bytes()),
    );
    let memo = MEMO.get_or_init(Mutex::default);
    if let Some(done) = memo.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return done.map(|html| html.to_string());
    }
    let html = highlight_now(lang, code);
    if let Ok(mut m) = memo.lock() {
        if m.len() >= MEMO_LIMIT {
            m.clear();
        }
        m.insert(key, html.as_deref().map(Arc::from));
    }
    html
}

fn highlight_now(lang: &str, code: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASSES);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    let mut attr = String::new();
    pulldown_cmark_escape::escape_html(&mut attr, lang).ok()?;
    Some(format!(
        "<pre class=\"highlight\"><code class=\"language-{attr}\">{}</code></pre>\n",
        generator.finalize()
    ))
}

/// The stylesheet of the `hl-` classes, from syntect's [`THEME`] (the default theme ships
/// it as `highlight.css`).
pub fn stylesheet() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes[THEME];
    css_for_theme_with_class_style(theme, CLASSES).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn render(md: &str) -> String {
        let mut out = String::new();
        html::push_html(&mut out, code_blocks(Parser::new(md).collect()).into_iter());
        out
    }

    #[test]
    fn known_languages_get_classes() {
        let out = render("```rust\nfn main() { let x = \"<a>\"; }\n```\n");
        assert!(
            out.starts_with(r#"<pre class="highlight"><code class="language-rust">"#),
            "{out}"
        );
        assert!(out.contains("hl-"), "{out}");
        assert!(
            out.contains("&lt;a&gt;") && !out.contains("\"<a>\""),
            "escaped: {out}"
        );
    }

    #[test]
    fn unknown_or_missing_languages_stay_plain() {
        assert_eq!(
            render("```klingon\nqapla'\n```\n"),
            "<pre><code class=\"language-klingon\">qapla'\n</code></pre>\n"
        );
        assert_eq!(
            render("```\nplain\n```\n"),
            "<pre><code>plain\n</code></pre>\n"
        );
        assert_eq!(
            render("    indented\n"),
            "<pre><code>indented\n</code></pre>\n"
        );
    }

    #[test]
    fn the_default_theme_ships_the_stylesheet() {
        let shipped = include_str!("../../themes/brochure/static/highlight.css");
        assert_eq!(
            shipped,
            stylesheet(),
            "regenerate themes/brochure/static/highlight.css with `cargo run --example highlight_css`"
        );
    }
}
