//! Markdown to HTML through pulldown-cmark, as small passes over the event stream:
//! heading ids ([`ids`]), CJK line joining and the `**` lint ([`cjk`]), link rewriting
//! ([`links`]). A page is parsed once: [`analyze`] finds what the resolver needs (ids,
//! links, text and its statistics) and writes the page's HTML (and its print sections)
//! with slots for the links, filled once they are resolved ([`slots`]).

pub mod cjk;
pub mod highlight;
pub mod ids;
pub mod links;
pub mod raw;
pub mod slots;

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

use crate::script::Script;

pub use ids::Heading;
pub use links::LinkRef;
pub use slots::Rendered;

/// A page's parsed Markdown: its events, heading ids assigned, owning their text.
pub type Events = Vec<Event<'static>>;

/// Parser options. Smart punctuation curls Chinese and Japanese quotes the wrong way, so
/// only scripts without full-width punctuation get it. Never `Options::all()`: it turns on
/// wikilinks, math and more.
pub fn options(script: Script) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    if script.smart_punctuation() {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// What the resolver needs to know about a page's Markdown.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub headings: Vec<Heading>,
    /// Every id a link may target: headings, footnotes, raw HTML `id="…"`.
    pub anchors: BTreeSet<String>,
    pub links: Vec<LinkRef>,
    /// Byte offsets of `**` left literal (see [`cjk::leftover_strong`]).
    pub leftover_strong: Vec<usize>,
    /// Byte offsets of images without alt text.
    pub images_without_alt: Vec<usize>,
    /// Byte offsets of raw HTML `<img>` tags without `alt`.
    pub raw_images_without_alt: Vec<usize>,
    /// Byte offsets of raw HTML (see [`links::raw_html`]).
    pub raw_html: Vec<usize>,
    /// The first paragraph (or the text before `<!-- more -->`) as plain text.
    pub summary: String,
    /// Chinese characters plus words of other scripts.
    pub word_count: usize,
    /// Minutes, at least 1.
    pub reading_time: usize,
    /// The HTML, written in the same parse, links left as slots.
    pub rendered: Rendered,
    /// The hash of each block with text, as a translation source
    /// ([`crate::translations::blocks`]).
    pub block_hashes: Vec<u64>,
}

/// How [`analyze`] writes a page's HTML.
#[derive(Debug, Clone, Copy)]
pub struct Writing<'k> {
    /// Print sections too.
    pub print: bool,
    /// Fenced code highlighted (`markdown.highlight` in site.yaml), through the blocks kept
    /// from earlier builds.
    pub highlight: Option<&'k highlight::Kept>,
}

/// Parses `body` once: its headings, anchors, links, text and statistics, and its HTML
/// with the links left as slots (and its print sections too when `writing.print`).
pub fn analyze(body: &str, script: Script, writing: Writing) -> Analysis {
    let mut events = events_of(body, script);
    let headings = ids::assign_ids(events.iter_mut().map(|(e, _)| e));
    let mut anchors: BTreeSet<String> = headings.iter().map(|h| h.id.clone()).collect();
    let (latin, cjk) = count_words(events.iter().map(|(e, _)| e));
    for (event, _) in &events {
        if let Event::Start(Tag::FootnoteDefinition(label)) = event {
            anchors.insert(label.to_string());
        }
    }
    let collected = links::collect(&events);
    anchors.extend(collected.ids);
    let links = collected.links;
    let block_hashes = crate::translations::blocks::blocks_of_events(body, events.iter())
        .iter()
        .map(crate::translations::blocks::Block::hash)
        .collect();
    let rendered = render_with_slots(body, events.iter().map(|(e, _)| e), links.len(), writing);
    Analysis {
        rendered,
        links,
        leftover_strong: cjk::leftover_strong(&events, body),
        images_without_alt: images_without_alt(&events),
        raw_images_without_alt: collected.images_without_alt,
        raw_html: links::raw_html(&events),
        summary: summary(events.iter().map(|(e, _)| e)),
        word_count: latin + cjk,
        reading_time: reading_time(latin, cjk),
        headings,
        anchors,
        block_hashes,
    }
}

/// The web HTML of `body` with the links left as slots, as [`analyze`] writes it (for a
/// page whose HTML was let go: [`crate::resolve::Site::html`]); nothing else of the parse.
pub fn web_html(body: &str, script: Script, highlight: Option<&highlight::Kept>) -> Rendered {
    let mut events = events_of(body, script);
    ids::assign_ids(events.iter_mut().map(|(e, _)| e));
    let links = links::collect(&events).links.len();
    let writing = Writing {
        print: false,
        highlight,
    };
    render_with_slots(body, events.iter().map(|(e, _)| e), links, writing)
}

/// `body` as plain text, blocks separated by a blank line (parsed again: a page keeps it
/// only in what its `<main>` shows, see [`crate::search::shown`], and the search index asks
/// for it when that is empty).
pub fn plain_text_of(body: &str, script: Script) -> String {
    plain_text(events_of(body, script).iter().map(|(e, _)| e))
}

/// The events of `body` with their source ranges, raw HTML blocks joined (what
/// [`analyze`] reads).
fn events_of(body: &str, script: Script) -> Vec<(Event<'_>, std::ops::Range<usize>)> {
    links::join_html_blocks(
        Parser::new_ext(body, options(script))
            .into_offset_iter()
            .collect(),
    )
}

/// The HTML of a page's events, links as slots; a source that could forge a slot keeps
/// its events instead.
fn render_with_slots<'a, 'e>(
    body: &str,
    events: impl Iterator<Item = &'e Event<'a>> + Clone,
    links: usize,
    writing: Writing,
) -> Rendered
where
    'a: 'e,
{
    let events: Vec<Event> = events.cloned().collect();
    let highlight = |events| match writing.highlight {
        Some(kept) => highlight::code_blocks(kept, events),
        None => events,
    };
    if slots::forgeable(body) {
        return Rendered {
            events: Some(
                highlight(events)
                    .into_iter()
                    .map(Event::into_static)
                    .collect(),
            ),
            ..Rendered::default()
        };
    }
    let hrefs: Vec<String> = (0..links).map(slots::link_slot).collect();
    // Raw HTML is tokenized once here, for the web page and its print sections alike;
    // code is highlighted after (its HTML holds no link and no id: nothing to read), the
    // second time from the blocks kept by the first.
    let events = links::rewrite(events, &hrefs);
    let print = writing
        .print
        .then(|| write_print(events.clone(), slots::ID_PREFIX_SLOT, &highlight));
    let mut html = write_web(highlight(events));
    html.shrink_to_fit();
    Rendered {
        html,
        print,
        events: None,
    }
}

/// Renders events (their code highlighted already, when it is) to HTML; the k-th link or
/// image points at `hrefs[k]`.
pub fn render<'a>(events: impl IntoIterator<Item = Event<'a>>, hrefs: &[String]) -> String {
    write_web(links::rewrite(events.into_iter().collect(), hrefs))
}

/// The web HTML of events whose links are rewritten and code highlighted already: lines
/// joined as the script wants.
fn write_web(events: Vec<Event<'_>>) -> String {
    let events = cjk::join_lines(events);
    let mut out = String::with_capacity(events.len() * 24);
    html::push_html(&mut out, events.into_iter());
    out
}

/// For print: as [`render`], with every heading id prefixed by `id_prefix` (a document
/// that holds many pages would repeat ids), headings one level down (the page's title is
/// the chapter's heading), and tokens such as `C++` or `2,664` kept whole. The HTML comes
/// in sections: what precedes the first `##` heading, then one section from each `##`
/// heading to the next, so that translations can stand side by side.
pub fn render_for_print<'a>(
    events: impl IntoIterator<Item = Event<'a>>,
    hrefs: &[String],
    id_prefix: &str,
) -> Vec<String> {
    write_print(
        links::rewrite(events.into_iter().collect(), hrefs),
        id_prefix,
        &|events| events,
    )
}

/// The print sections of events whose links are rewritten (see [`render_for_print`]), their
/// code highlighted by `highlight` once raw HTML ids are prefixed (so that the ids pass
/// never reads highlighted code; the identity for events highlighted already).
fn write_print<'a>(
    events: Vec<Event<'a>>,
    id_prefix: &str,
    highlight: &dyn Fn(Vec<Event<'a>>) -> Vec<Event<'a>>,
) -> Vec<String> {
    let events: Vec<Event> = events
        .into_iter()
        .map(|e| prefix_raw_ids(e, id_prefix))
        .collect();
    let mut events = highlight(events);
    ids::prefix_ids(events.iter_mut(), id_prefix);
    let events = cjk::protect_tokens(cjk::join_lines(events));
    split_sections(ids::demote(events))
        .into_iter()
        .map(|section| {
            let mut out = String::with_capacity(section.len() * 24);
            html::push_html(&mut out, section.into_iter());
            out.shrink_to_fit();
            out
        })
        .collect()
}

/// Raw HTML with its ids prefixed, like headings', for print.
fn prefix_raw_ids<'a>(event: Event<'a>, id_prefix: &str) -> Event<'a> {
    match event {
        Event::Html(h) => Event::Html(raw::prefix_ids(&h, id_prefix).into()),
        Event::InlineHtml(h) => Event::InlineHtml(raw::prefix_ids(&h, id_prefix).into()),
        other => other,
    }
}

/// Splits events before each top-level heading that was `##` in the source (`<h3>` once
/// demoted); the first part holds what comes before it, and may be empty.
fn split_sections(events: Vec<Event<'_>>) -> Vec<Vec<Event<'_>>> {
    let mut sections = vec![Vec::new()];
    let mut depth = 0usize;
    for event in events {
        match &event {
            Event::Start(Tag::Heading { level, .. })
                if depth == 0 && *level == pulldown_cmark::HeadingLevel::H3 =>
            {
                sections.push(Vec::new());
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        sections.last_mut().expect("never empty").push(event);
    }
    sections
}

/// Where images have no alt text (nothing between the image's start and end).
fn images_without_alt(events: &[(Event<'_>, std::ops::Range<usize>)]) -> Vec<usize> {
    let mut found = Vec::new();
    for (i, (event, range)) in events.iter().enumerate() {
        if let Event::Start(Tag::Image { .. }) = event {
            let empty = events[i + 1..]
                .iter()
                .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Image)))
                .all(
                    |(e, _)| !matches!(e, Event::Text(t) | Event::Code(t) if !t.trim().is_empty()),
                );
            if empty {
                found.push(range.start);
            }
        }
    }
    found
}

/// Counts words of non-CJK scripts and CJK characters.
fn count_words<'a, 'e>(events: impl Iterator<Item = &'e Event<'a>>) -> (usize, usize)
where
    'a: 'e,
{
    let (mut latin, mut cjk_chars) = (0, 0);
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            let mut in_word = false;
            for c in t.chars() {
                if cjk::is_cjk(c) {
                    cjk_chars += usize::from(cjk::is_han_or_kana(c));
                    in_word = false;
                } else if c.is_alphanumeric() {
                    latin += usize::from(!in_word);
                    in_word = true;
                } else if c != '\'' && c != '’' && c != '-' {
                    in_word = false;
                }
            }
        }
    }
    (latin, cjk_chars)
}

/// 200 English words or 400 Chinese characters a minute.
fn reading_time(latin: usize, cjk: usize) -> usize {
    let minutes = latin as f64 / 200.0 + cjk as f64 / 400.0;
    (minutes.ceil() as usize).max(1)
}

/// Plain text of the part before `<!-- more -->`, or else of the first paragraph.
fn summary<'a, 'e>(events: impl Iterator<Item = &'e Event<'a>> + Clone) -> String
where
    'a: 'e,
{
    let has_more = events
        .clone()
        .any(|e| matches!(e, Event::Html(h) | Event::InlineHtml(h) if h.contains("<!-- more -->")));
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in events {
        match event {
            Event::Html(h) | Event::InlineHtml(h) if h.contains("<!-- more -->") => break,
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                if !has_more && !text.is_empty() {
                    break;
                }
                text.push(' ');
            }
            Event::Text(t) | Event::Code(t) if in_paragraph || has_more => text.push_str(t),
            Event::SoftBreak => text.push(SOFT_BREAK),
            Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    tidy_spaces(&text)
}

const SOFT_BREAK: char = '\u{0}';

/// The text of every block, blocks separated by a blank line, soft breaks as spaces
/// (between Chinese characters, nothing).
fn plain_text<'a, 'e>(events: impl Iterator<Item = &'e Event<'a>>) -> String
where
    'a: 'e,
{
    let mut blocks = Vec::new();
    let mut block = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => block.push_str(t),
            Event::SoftBreak => block.push(SOFT_BREAK),
            Event::HardBreak => block.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => {
                let text = tidy_spaces(&block);
                if !text.is_empty() {
                    blocks.push(text);
                }
                block.clear();
            }
            _ => {}
        }
    }
    blocks.join("\n\n")
}

/// Collapses whitespace to single spaces; a soft break between Chinese characters vanishes.
fn tidy_spaces(text: &str) -> String {
    let is_space = |c: char| c.is_whitespace() || c == SOFT_BREAK;
    let mut out = String::with_capacity(text.len());
    let mut last: Option<char> = None;
    // A run of white space waiting for the next word: whether it is a lone soft break.
    let mut pending: Option<bool> = None;
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(is_space).unwrap_or(rest.len());
        let word = &rest[..end];
        if let Some(first) = word.chars().next() {
            if let Some(lone_soft_break) = pending.take() {
                let joined = lone_soft_break && last.is_some_and(cjk::is_cjk) && cjk::is_cjk(first);
                if last.is_some() && !joined {
                    out.push(' ');
                }
            }
            out.push_str(word);
            last = word.chars().next_back();
        }
        rest = &rest[end..];
        let run = rest.find(|c| !is_space(c)).unwrap_or(rest.len());
        if run > 0 {
            pending = Some(&rest[..run] == SOFT_BREAK.encode_utf8(&mut [0; 4]));
        }
        rest = &rest[run..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HAN: Script = Script::Han;
    const LATIN: Script = Script::Alphabetic;
    static KEPT: std::sync::LazyLock<highlight::Kept> =
        std::sync::LazyLock::new(highlight::Kept::in_memory);
    static WEB: std::sync::LazyLock<Writing<'static>> = std::sync::LazyLock::new(|| Writing {
        print: false,
        highlight: Some(&KEPT),
    });
    static PRINT: std::sync::LazyLock<Writing<'static>> = std::sync::LazyLock::new(|| Writing {
        print: true,
        highlight: Some(&KEPT),
    });

    fn render_md(md: &str, script: Script, hrefs: &[String]) -> String {
        analyze(md, script, *WEB).rendered.html(hrefs)
    }

    #[test]
    fn analysis_finds_headings_links_and_counts() {
        let md = "## 入学要求\n\n第一段中文，含 [链接](../a.md#x) 与 English words.\n\n## 入学要求\n\n<span id=\"raw\"></span>\n";
        let a = analyze(md, HAN, *WEB);
        assert_eq!(a.headings.len(), 2);
        assert!(a.anchors.contains("入学要求-1") && a.anchors.contains("raw"));
        assert_eq!(a.links[0].dest, "../a.md#x");
        assert_eq!(a.summary, "第一段中文，含 链接 与 English words.");
        // two headings of 4 characters, 9 characters and 2 English words in the paragraph
        assert_eq!(a.word_count, 8 + 9 + 2);
    }

    #[test]
    fn render_rewrites_links_and_keeps_ids() {
        let html = render_md("## 历史\n\n见[合作](b.md)。\n", HAN, &["../b/".to_string()]);
        assert_eq!(
            html,
            "<h2 id=\"历史\">历史</h2>\n<p>见<a href=\"../b/\">合作</a>。</p>\n"
        );
    }

    #[test]
    fn smart_quotes_only_outside_chinese() {
        assert!(render_md("He said \"hi\".", LATIN, &[]).contains('“'));
        assert!(render_md("他说\"你好\"。", HAN, &[]).contains('"'));
        let japanese = render_md("彼は\"こんにちは\"と言った。", Script::Japanese, &[]);
        assert!(japanese.contains("\"こんにちは\""), "{japanese}");
    }

    #[test]
    fn finds_images_without_alt() {
        let a = analyze("![](a.png) ![有](b.png)\n", HAN, *WEB);
        assert_eq!(a.images_without_alt, [0]);
    }

    #[test]
    fn print_demotes_headings_and_splits_sections() {
        let md = "Intro.\n\n## 一 {#one}\n\nA\n\n### 一点一\n\n> ## quoted\n\n## 二\n\nB\n";
        let parts = analyze(md, HAN, *PRINT).rendered.print_sections(&[], "p--");
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert_eq!(parts[0], "<p>Intro.</p>\n");
        assert!(
            parts[1].starts_with("<h3 id=\"p--one\">一</h3>"),
            "{}",
            parts[1]
        );
        assert!(parts[1].contains("<h4 id=\"p--一点一\">"), "{}", parts[1]);
        assert!(
            parts[1].contains("<blockquote>\n<h3"),
            "a quoted heading does not split"
        );
        assert!(parts[2].starts_with("<h3 id=\"p--二\">"));
    }

    #[test]
    fn more_marker_bounds_the_summary() {
        let a = analyze("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n", LATIN, *WEB);
        assert_eq!(a.summary, "One. Two.");
    }

    #[test]
    fn plain_text_has_every_block() {
        let text = plain_text_of("# 标题\n\n第一段\n中文。\n\n- one\n- *two*\n", HAN);
        assert_eq!(text, "标题\n\n第一段中文。\n\none\n\ntwo");
    }

    #[test]
    fn highlighting_can_be_switched_off() {
        let md = "```rust\nfn main() {}\n```\n";
        let on = analyze(md, LATIN, *PRINT);
        assert!(
            on.rendered.html(&[]).contains("hl-"),
            "{}",
            on.rendered.html(&[])
        );
        assert!(
            on.rendered
                .print_sections(&[], "p--")
                .concat()
                .contains("hl-")
        );
        let plain = Writing {
            print: true,
            highlight: None,
        };
        let off = analyze(md, LATIN, plain);
        assert_eq!(
            off.rendered.html(&[]),
            "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>\n"
        );
        assert!(
            !off.rendered
                .print_sections(&[], "p--")
                .concat()
                .contains("hl-")
        );
    }

    #[test]
    fn slotted_html_equals_html_rendered_with_the_links() {
        let md =
            "## 历史 {#h}\n\n见[合作](b.md \"t\")与![图](a.png)，[外](https://x.org/?a=1&b=2)。\n";
        let hrefs = [
            "../b/".to_string(),
            "图 1.png".to_string(),
            "https://x.org/?a=1&b=2".to_string(),
        ];
        let (_, events): (Vec<_>, Vec<_>) = (
            Vec::<()>::new(),
            Parser::new_ext(md, options(HAN)).collect::<Vec<_>>(),
        );
        let mut events = events;
        ids::assign_ids(events.iter_mut());
        let direct = render(events.clone(), &hrefs);
        let a = analyze(md, HAN, *PRINT);
        assert!(a.rendered.events.is_none());
        assert_eq!(a.rendered.html(&hrefs), direct);
        assert_eq!(
            a.rendered.print_sections(&hrefs, "zh-x--"),
            render_for_print(events, &hrefs, "zh-x--")
        );
        // A source that could forge a slot is rendered from its events, the same way.
        let forged = "见[合作](b.md) %00bl0%00\n";
        let a = analyze(forged, HAN, *PRINT);
        assert!(a.rendered.events.is_some());
        assert_eq!(
            a.rendered.html(&hrefs[..1]),
            render_md_direct(forged, &hrefs[..1])
        );
    }

    fn render_md_direct(md: &str, hrefs: &[String]) -> String {
        let mut events: Vec<Event> = Parser::new_ext(md, options(HAN)).collect();
        ids::assign_ids(events.iter_mut());
        render(events, hrefs)
    }
}
