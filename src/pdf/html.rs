//! Just enough HTML for the passes after the first: find the table of contents' page-number
//! slots (`<span class="toc-page" data-target="ID"></span>`), the elements they point at,
//! and write numbers, page markers or blank pages (before the back cover, to make the page
//! count a multiple of 4) into a copy of the edition.
//!
//! A small scanner, not a parser: it reads start tags and their attributes, and skips
//! comments, end tags and the raw text of `<style>`, `<script>`, `<title>`, `<textarea>`.

use std::collections::BTreeMap;

/// A start tag: its lower-case name, where it is (`start` is the `<`, `end` is just past
/// the `>`), and its attributes with entities decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the `class` attribute lists `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

/// Elements whose content is raw text, not markup.
const RAW_TEXT: [&str; 4] = ["style", "script", "title", "textarea"];

/// Elements that have no content (a marker goes before them, not inside).
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// Every start tag of `html`, in document order.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let at = i + offset;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| at + e + 3);
        } else if bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            let tag = read_tag(html, at);
            i = tag.end;
            if RAW_TEXT.contains(&tag.name.as_str()) {
                i = find_end_tag(html, i, &tag.name).unwrap_or(html.len());
            }
            tags.push(tag);
        } else if rest.starts_with("</") || rest.starts_with("<!") || rest.starts_with("<?") {
            i = rest.find('>').map_or(html.len(), |e| at + e + 1);
        } else {
            i = at + 1;
        }
    }
    tags
}

/// Reads the start tag whose `<` is at `start`.
fn read_tag(html: &str, start: usize) -> Tag {
    let bytes = html.as_bytes();
    let is_space = |b: u8| b.is_ascii_whitespace();
    let mut i = start + 1;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' && bytes[i] != b'/' {
        i += 1;
    }
    let name = html[start + 1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let name_start = i;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr_name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            let value_start;
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    value_start = i + 1;
                    i = html[value_start..]
                        .find(q as char)
                        .map_or(html.len(), |e| value_start + e);
                    value = crate::entities::decode(&html[value_start..i]);
                    i = (i + 1).min(html.len());
                }
                _ => {
                    value_start = i;
                    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = crate::entities::decode(&html[value_start..i]);
                }
            }
        }
        attrs.push((attr_name, value));
    }
    Tag {
        name,
        start,
        end: (i + 1).min(html.len()),
        attrs,
    }
}

/// The position of `</name` (any case) at or after `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let needle = format!("</{name}");
    let lower = html[from..].to_ascii_lowercase();
    lower.find(&needle).map(|e| from + e)
}

pub use crate::urls::percent_decode;

/// A page-number slot of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The id of the element whose page goes here (percent-decoded).
    pub target: String,
    /// The byte range of the span's content (between `>` and `</span>`).
    pub content: std::ops::Range<usize>,
}

/// The table of contents' page-number slots: `<span class="toc-page" data-target="ID">`.
pub fn toc_slots(html: &str) -> Vec<Slot> {
    start_tags(html)
        .into_iter()
        .filter(|t| t.name == "span" && t.has_class("toc-page"))
        .filter_map(|t| {
            let target = percent_decode(t.attr("data-target")?);
            let close = find_end_tag(html, t.end, "span")?;
            Some(Slot {
                target,
                content: t.end..close,
            })
        })
        .collect()
}

/// The distinct targets of `slots`, in order of first appearance.
pub fn targets(slots: &[Slot]) -> Vec<String> {
    let mut seen = Vec::new();
    for s in slots {
        if !seen.contains(&s.target) {
            seen.push(s.target.clone());
        }
    }
    seen
}

/// A copy of `html` with each slot holding its target's page number (slots whose target
/// has none are emptied).
pub fn fill_slots(html: &str, slots: &[Slot], pages: &BTreeMap<String, usize>) -> String {
    let mut out = String::with_capacity(html.len() + slots.len() * 3);
    let mut at = 0;
    for slot in slots {
        out.push_str(&html[at..slot.content.start]);
        if let Some(page) = pages.get(&slot.target) {
            out.push_str(&page.to_string());
        }
        at = slot.content.end;
    }
    out.push_str(&html[at..]);
    out
}

/// The marker text written for the `n`th target: letters and digits only, so that text
/// extraction keeps it whole, and of fixed width, so that no marker is a prefix of another.
pub fn marker(n: usize) -> String {
    format!("BRMK{n:05}Q")
}

/// A copy of `html` with `marker(i)` placed at the start of the element whose id is
/// `targets[i]`. The marker is positioned absolutely, so the layout does not change.
/// Returns the ids that no element has (the copy is then unusable).
pub fn insert_markers(html: &str, targets: &[String]) -> Result<String, Vec<String>> {
    let tags = start_tags(html);
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut missing = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        let found = tags
            .iter()
            .find(|t| t.attr("id").is_some_and(|id| id == target));
        match found {
            Some(tag) => {
                let at = if VOID.contains(&tag.name.as_str()) {
                    tag.start
                } else {
                    tag.end
                };
                let span = format!(
                    r#"<span style="position:absolute;font:8px/1 monospace;color:#000;white-space:nowrap">{}</span>"#,
                    marker(i)
                );
                inserts.push((at, span));
            }
            None => missing.push(target.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    inserts.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(html.len() + inserts.len() * 120);
    let mut at = 0;
    for (pos, span) in inserts {
        out.push_str(&html[at..pos]);
        out.push_str(&span);
        at = pos;
    }
    out.push_str(&html[at..]);
    Ok(out)
}

/// The class of the element that blank pages go into (the theme puts it before the back
/// cover), and the class of each blank page written into it.
pub const PAD: &str = "page-pad";
pub const PAD_PAGE: &str = "page-pad-page";

/// A blank page starts a page and is not empty (Chromium makes one page of a run of empty
/// blocks, however many breaks they force).
const PAD_STYLE: &str = "break-before: page; page-break-before: always; height: 1px";

/// `html` with `pages` blank pages: empty blocks that each start a page, written into the
/// first element of class [`PAD`], or (a theme without one) at the end of the body.
pub fn insert_pad(html: &str, pages: usize) -> String {
    let blank = format!(r#"<div class="{PAD_PAGE}" style="{PAD_STYLE}"></div>"#);
    let blanks = blank.repeat(pages);
    let at = start_tags(html)
        .into_iter()
        .find(|t| t.has_class(PAD))
        .map(|t| t.end)
        .or_else(|| html.rfind("</body>"))
        .unwrap_or(html.len());
    format!("{}{blanks}{}", &html[..at], &html[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const EDITION: &str = r##"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>a <b> title</title><style>a > .x { content: "<span class='toc-page'>" }</style></head>
<body><!-- <span class="toc-page" data-target="nope"></span> -->
<nav class="toc"><ol>
<li><a href="#ch-home">首页<span class="toc-page" data-target="ch-home"></span></a></li>
<li><a href='#%E5%8E%86%E5%8F%B2'>历史<span data-target="%E5%8E%86%E5%8F%B2" class="x toc-page">?</span></a></li>
<li><a href="#a&amp;b">A&amp;B<span class=toc-page data-target="a&amp;b"></span></a></li>
</ol></nav>
<section id="ch-home"><h1>首页</h1></section>
<section id="历史"><h1>历史</h1><img id="pic" src="x.png"></section>
<section id="a&amp;b"><h1>A&amp;B</h1></section>
</body></html>"##;

    #[test]
    fn reads_tags_and_skips_raw_text_and_comments() {
        let tags = start_tags(EDITION);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            &names[..6],
            ["html", "head", "meta", "title", "style", "body"]
        );
        assert_eq!(tags[2].attr("charset"), Some("utf-8"));
        let spans = tags.iter().filter(|t| t.name == "span").count();
        assert_eq!(
            spans, 3,
            "the commented-out and the CSS `<span` are not tags"
        );
    }

    #[test]
    fn blank_pages_go_into_the_pad_or_at_the_end_of_the_body() {
        let page = format!(r#"<div class="{PAD_PAGE}" style="{PAD_STYLE}"></div>"#);
        let doc = r#"<body><p class="page-pad-x">a</p><div class="x page-pad"></div><footer></footer></body>"#;
        let padded = insert_pad(doc, 2);
        let expected = format!(r#"<div class="x page-pad">{page}{page}</div><footer>"#);
        assert!(padded.contains(&expected), "{padded}");
        assert_eq!(insert_pad(doc, 0), doc);
        let bare = insert_pad("<body><p>a</p></body>", 1);
        assert_eq!(bare, format!("<body><p>a</p>{page}</body>"));
    }

    #[test]
    fn decodes_entities_and_percent_escapes() {
        assert_eq!(
            crate::entities::decode("a&amp;b &#x4E2D;&#25991; &bogus; &"),
            "a&b 中文 &bogus; &"
        );
        assert_eq!(percent_decode("%E5%8E%86%E5%8F%B2-x%2"), "历史-x%2");
    }

    #[test]
    fn finds_the_toc_slots_and_their_targets() {
        let slots = toc_slots(EDITION);
        let t: Vec<&str> = slots.iter().map(|s| s.target.as_str()).collect();
        assert_eq!(t, ["ch-home", "历史", "a&b"]);
        assert_eq!(&EDITION[slots[1].content.clone()], "?");
        assert!(EDITION[slots[0].content.clone()].is_empty());
    }

    #[test]
    fn fills_the_slots_with_page_numbers() {
        let slots = toc_slots(EDITION);
        let pages = BTreeMap::from([("ch-home".to_string(), 3), ("历史".to_string(), 12)]);
        let filled = fill_slots(EDITION, &slots, &pages);
        assert!(filled.contains(r#"data-target="ch-home">3</span>"#));
        assert!(filled.contains(r#"class="x toc-page">12</span>"#));
        assert!(filled.contains(r#"data-target="a&amp;b"></span>"#));
        // Filling again replaces the numbers instead of adding to them.
        let pages = BTreeMap::from([("ch-home".to_string(), 4)]);
        let again = fill_slots(&filled, &toc_slots(&filled), &pages);
        assert!(again.contains(r#"data-target="ch-home">4</span>"#));
        assert!(again.contains(r#"class="x toc-page"></span>"#));
    }

    #[test]
    fn places_markers_inside_the_targets() {
        let ids = targets(&toc_slots(EDITION));
        let marked = insert_markers(EDITION, &ids).unwrap();
        let home = marked.find(r#"<section id="ch-home">"#).unwrap();
        let m0 = marked.find(&marker(0)).unwrap();
        let h1 = marked[home..].find("<h1>").unwrap() + home;
        assert!(home < m0 && m0 < h1, "the marker opens the section");
        assert!(marked.find(&marker(2)).unwrap() > marked.find(r#"id="a&amp;b">"#).unwrap());
        let with_img = insert_markers(EDITION, &["pic".to_string()]).unwrap();
        assert!(with_img.contains(&format!("{}</span><img id=\"pic\"", marker(0))));
        assert_eq!(
            insert_markers(EDITION, &["ch-home".into(), "gone".into()]),
            Err(vec!["gone".to_string()])
        );
    }
}
