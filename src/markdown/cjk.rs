//! Chinese-specific passes: join lines broken between Chinese characters (a soft break
//! would show as a space), and find `**` that CommonMark left literal next to Chinese
//! punctuation.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Whether `c` is a CJK ideograph or full-width CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation: 。、「」
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{4E00}'..='\u{9FFF}' // unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}' // full-width forms: ，：（）
        | '\u{20000}'..='\u{2FA1F}')
}

/// Whether `c` is a Han character or kana (a CJK letter, not punctuation): a range check,
/// much cheaper than `char::is_alphabetic` for these.
pub fn is_han_or_kana(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Punctuation shared with Western text that sits flush against Chinese: “ ” ‘ ’ — …
fn is_shared_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Whether a line break between `a` and `b` should vanish.
fn joins(a: char, b: char) -> bool {
    (is_cjk(a) && (is_cjk(b) || is_shared_punct(b))) || (is_shared_punct(a) && is_cjk(b))
}

/// Drops soft breaks between two Chinese characters.
pub fn join_lines(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let drop: Vec<bool> = (0..events.len())
        .map(|i| {
            matches!(events[i], Event::SoftBreak)
                && match (last_char_before(&events, i), first_char_after(&events, i)) {
                    (Some(a), Some(b)) => joins(a, b),
                    _ => false,
                }
        })
        .collect();
    events
        .into_iter()
        .zip(drop)
        .filter_map(|(e, d)| (!d).then_some(e))
        .collect()
}

/// Inline markup that does not separate characters: `*`, `**`, `~~`, links.
fn is_inline_tag(e: &Event<'_>) -> bool {
    matches!(
        e,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
    )
}

fn last_char_before(events: &[Event<'_>], i: usize) -> Option<char> {
    events[..i]
        .iter()
        .rev()
        .find(|e| !is_inline_tag(e))
        .and_then(|e| match e {
            Event::Text(t) | Event::Code(t) => t.chars().next_back(),
            _ => None,
        })
}

fn first_char_after(events: &[Event<'_>], i: usize) -> Option<char> {
    events[i + 1..]
        .iter()
        .find(|e| !is_inline_tag(e))
        .and_then(|e| match e {
            Event::Text(t) | Event::Code(t) => t.chars().next(),
            _ => None,
        })
}

/// Byte offsets (in the parsed text) of `**` left as literal text, outside code blocks;
/// the first of each line.
pub fn leftover_strong(events: &[(Event<'_>, Range<usize>)], source: &str) -> Vec<usize> {
    let mut in_code = false;
    let mut found = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code && t.as_bytes().contains(&b'*') => {
                // pulldown-cmark hands a literal `**` over as two `*` texts.
                let src = source.get(range.clone()).unwrap_or("");
                let at = match t.find("**") {
                    Some(_) => src.find("**"),
                    None if t.starts_with('*') && source[range.start..].starts_with("**") => {
                        Some(0)
                    }
                    None => None,
                };
                let Some(at) = at else { continue };
                let offset = range.start + at;
                let same_line = found
                    .last()
                    .is_some_and(|&prev: &usize| !source[prev..offset].contains('\n'));
                if !same_line {
                    found.push(offset);
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser, html};

    fn render(md: &str) -> String {
        let events = join_lines(Parser::new_ext(md, Options::empty()).collect());
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn joins_chinese_lines_only() {
        assert_eq!(
            render("第一行中文\n第二行中文"),
            "<p>第一行中文第二行中文</p>\n"
        );
        assert_eq!(render("English line\nnext"), "<p>English line\nnext</p>\n");
        assert_eq!(
            render("中文**加粗**\n继续"),
            "<p>中文<strong>加粗</strong>继续</p>\n"
        );
        assert_eq!(render("他说：\n“你好”"), "<p>他说：“你好”</p>\n");
    }

    #[test]
    fn finds_literal_strong() {
        let md = "正常**加粗**文字\n\n这是**“引号”**后面\n\n```\n**code**\n```\n";
        let events: Vec<_> = Parser::new_ext(md, Options::empty())
            .into_offset_iter()
            .collect();
        let found = leftover_strong(&events, md);
        assert_eq!(found.len(), 1);
        assert!(md[found[0]..].starts_with("**“引号”"));
    }
}

/// Wraps tokens that must not break across lines (`C++`, `2,664`, `IELTS 6.5`) in
/// `<span class="nowrap">`, outside code. Print engines such as WeasyPrint otherwise break
/// between the two `+` of `C++` (UAX #14 allows it).
pub fn protect_tokens(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut in_code = false;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                out.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(event);
            }
            Event::Text(text) if !in_code && has_token(&text) => {
                out.extend(split_tokens(&text));
            }
            other => out.push(other),
        }
    }
    out
}

/// Characters that join a token: `C++`, `2,664`, `6.5`, `C#`, `1/3`, `50%`. Not `-`:
/// English compounds (`long-term`) may break after their hyphen.
fn is_joiner(c: char) -> bool {
    matches!(c, '+' | ',' | '.' | '#' | '/' | '%')
}

/// The byte ranges of protected tokens in `text`: an ASCII letter or digit run joined by
/// joiners (not at its start), at most 24 bytes, with a joiner inside or a trailing `+`/`#`.
fn tokens(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || is_joiner(bytes[i] as char)) {
            i += 1;
        }
        // A sentence's full stop or comma is not part of the token.
        let mut end = i;
        while end > start && matches!(bytes[end - 1], b'.' | b',' | b'/') {
            end -= 1;
        }
        let token = &text[start..end];
        let joined = token[1..].contains(is_joiner);
        if joined && token.len() <= 24 {
            found.push(start..end);
        }
    }
    found
}

fn has_token(text: &str) -> bool {
    !tokens(text).is_empty()
}

fn split_tokens<'a>(text: &str) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut last = 0;
    for range in tokens(text) {
        if range.start > last {
            out.push(Event::Text(text[last..range.start].to_string().into()));
        }
        let escaped = text[range.clone()]
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        out.push(Event::InlineHtml(
            format!("<span class=\"nowrap\">{escaped}</span>").into(),
        ));
        last = range.end;
    }
    if last < text.len() {
        out.push(Event::Text(text[last..].to_string().into()));
    }
    out
}

#[cfg(test)]
mod token_tests {
    use super::*;

    fn wrapped(text: &str) -> Vec<&str> {
        tokens(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_tokens_that_must_not_break() {
        assert_eq!(
            wrapped("学习C++和C#，在校学生2,664人。"),
            ["C++", "C#", "2,664"]
        );
        assert_eq!(wrapped("IELTS 6.5, about 1/3 of them."), ["6.5", "1/3"]);
        assert_eq!(wrapped("In 1995, four colleges."), Vec::<&str>::new());
    }
}
