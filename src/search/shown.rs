//! The text a page shows in its `<main>` beyond its Markdown: the theme renders data there
//! (the partners, the timeline, the key figures), which the Markdown's plain text does not
//! hold. Navigation (`<nav>`), scripts, styles and drawings (`<svg>`) are left out.

/// Elements whose whole content is skipped.
const SKIPPED: &[&str] = &["nav", "script", "style", "svg", "template", "noscript"];

/// Elements that end a block of text (a new line between them, so words do not run together).
const BLOCKS: &[&str] = &[
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "td",
    "th",
    "tr",
    "dd",
    "dt",
    "br",
    "section",
    "article",
    "figcaption",
    "caption",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "header",
    "footer",
    "aside",
    "figure",
];

/// The plain text of the `<main>` element of `html` (nothing when it has none).
pub fn main_text(html: &str) -> String {
    let Some(start) = html.find("<main") else {
        return String::new();
    };
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |e| start + e);
    let inner = &html[start..end];
    let inner = inner.find('>').map_or("", |gt| &inner[gt + 1..]);
    let mut out = String::with_capacity(inner.len() / 2);
    let mut rest = inner;
    while let Some(lt) = rest.find('<') {
        crate::entities::decode_into(&mut out, &rest[..lt]);
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let tag = &rest[lt + 1..tag_end.saturating_sub(1).max(lt + 1)];
        let name = tag_name(tag);
        rest = &rest[tag_end..];
        if !tag.starts_with('/') && is_one_of(name, SKIPPED) && !tag.ends_with('/') {
            rest = close_of(rest, name).map_or("", |c| {
                let after = &rest[c..];
                after.find('>').map_or("", |g| &after[g + 1..])
            });
        }
        if is_one_of(name, BLOCKS) && !out.ends_with('\n') {
            out.push('\n');
        }
    }
    crate::entities::decode_into(&mut out, rest);
    tidy(&out)
}

/// The name of the element a tag's text (between `<` and `>`) opens or closes, as written.
fn tag_name(tag: &str) -> &str {
    let name = tag.trim_start_matches('/');
    let len = name.bytes().take_while(u8::is_ascii_alphanumeric).count();
    &name[..len]
}

/// Whether `name` is one of `names` (lowercase), in any case.
fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Where in `html` the first closing tag of element `name` starts, in any case.
fn close_of(html: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = html[from..].find("</") {
        let start = from + at;
        let after = &html.as_bytes()[start + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(start);
        }
        from = start + 2;
    }
    None
}

/// Lines trimmed, runs of spaces as one, empty lines dropped.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else { continue };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_of_main_without_navigation_or_drawings() {
        let html = "<header>站点</header><main id=\"m\"><nav>首页 › 合作</nav><h1>合作院校</h1>\
<ul><li>雪城大学</li><li>Queens College, City University of New York (CUNY) &amp; more&#x21;</li></ul>\
<svg><title>图</title></svg><p>A<strong>B</strong> C</p><script>x()</script></main><footer>脚注</footer>";
        assert_eq!(
            main_text(html),
            "合作院校\n雪城大学\nQueens College, City University of New York (CUNY) & more!\nAB C"
        );
        assert_eq!(main_text("<p>no main</p>"), "");
    }

    #[test]
    fn tags_in_any_case_and_text_tidied() {
        let html = "<main><NAV>首页</NAV><P>One \t two</P>\n\n  <Script>x()</SCRIPT><DIV>three\n\n four &lt;5</div><br/>six</main>";
        assert_eq!(main_text(html), "One two\nthree\nfour <5\nsix");
    }
}
