//! Syntax highlighting of fenced code at build time (arborium: tree-sitter grammars): a
//! block whose language arborium knows becomes `<pre class="highlight">` with `hl-` classes
//! (one per kind of token: `hl-keyword`, `hl-string`, `hl-comment`…) that a theme's
//! stylesheet colours ([`stylesheet`]); any other block stays plain. The languages built
//! in are those `Cargo.toml` names (`--features all-languages` builds every one arborium
//! ships); names are matched without case, with arborium's aliases (`sh`, `golang`, `yml`…).

mod kept;
mod theme;

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use arborium::{Config, GrammarStore, Highlighter, HtmlFormat};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

pub use kept::Kept;
pub use theme::stylesheet;

/// The prefix of every class the highlighter writes.
const PREFIX: &str = "hl";

/// The grammars, compiled on first use of each (a site without code never pays for them)
/// and shared by every thread.
fn store() -> &'static Arc<GrammarStore> {
    static STORE: OnceLock<Arc<GrammarStore>> = OnceLock::new();
    STORE.get_or_init(|| Arc::new(GrammarStore::new()))
}

thread_local! {
    /// Each thread's parser, over the shared grammars.
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::with_store_and_config(
        store().clone(),
        Config {
            html_format: HtmlFormat::ClassNamesWithPrefix(PREFIX.to_string()),
            ..Config::default()
        },
    ));
}

/// Events with every fenced block of a known language replaced by its highlighted HTML
/// (from `kept` when the same code was highlighted before).
pub fn code_blocks<'a>(kept: &Kept, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
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
        match highlight(kept, &lang, &code) {
            Some(html) => out.push(Event::Html(CowStr::from(html))),
            None => out.extend(block),
        }
    }
    out
}

/// `code` highlighted as `lang`, from `kept` when it was highlighted before; `None` when
/// arborium does not know the language.
pub fn highlight(kept: &Kept, lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    kept.get_or(lang, code, || highlight_now(lang, code))
}

fn highlight_now(lang: &str, code: &str) -> Option<String> {
    let name = lang.to_ascii_lowercase();
    let html = HIGHLIGHTER
        .with(|h| h.borrow_mut().highlight(&name, code))
        .ok()?;
    let mut attr = String::new();
    pulldown_cmark_escape::escape_html(&mut attr, lang).ok()?;
    Some(format!(
        "<pre class=\"highlight\"><code class=\"language-{attr}\">{html}</code></pre>\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn render(md: &str) -> String {
        let mut out = String::new();
        html::push_html(
            &mut out,
            code_blocks(&Kept::in_memory(), Parser::new(md).collect()).into_iter(),
        );
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
    fn tokens_get_their_kind_and_names_their_aliases() {
        let rust = render("```rust\nfn main() {}\n```\n");
        assert!(
            rust.contains(r#"<span class="hl-keyword">fn</span>"#),
            "{rust}"
        );
        for (alias, token) in [("sh", "echo"), ("Go", "package"), ("yml", "key")] {
            let code = match alias {
                "sh" => "echo \"hi\" # greet\n",
                "Go" => "package main\n",
                _ => "key: 'value'\n",
            };
            let out = render(&format!("```{alias}\n{code}```\n"));
            assert!(
                out.starts_with(&format!(
                    r#"<pre class="highlight"><code class="language-{alias}">"#
                )) && out.contains("hl-")
                    && out.contains(token),
                "{alias}: {out}"
            );
        }
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
        let shipped = include_str!("../../../themes/brochure/static/highlight.css");
        assert_eq!(
            shipped,
            stylesheet(),
            "regenerate themes/brochure/static/highlight.css with `cargo run --example highlight_css`"
        );
    }
}
