//! A page's HTML is written in the one parse, before its links are resolved: each link's
//! destination is a slot (and, for print, each heading id starts with one), filled in once
//! the resolver knows where links go. So the events need not be kept: they would take
//! several times the page's HTML in memory.
//!
//! A slot is text the Markdown cannot produce: a link slot is `\0bl<k>\0` (written
//! `%00bl<k>%00` once the HTML writer has escaped it), the id slot `\0bi\0`. A page whose
//! source holds a NUL or `%00bl` keeps its events instead and is rendered when filled.

use pulldown_cmark::Event;

use super::Events;

const LINK_ESCAPED: &str = "%00bl";
const LINK_END: &str = "%00";
const ID_SLOT: &str = "\0bi\0";

/// The destination written for link `k`.
pub fn link_slot(k: usize) -> String {
    format!("\0bl{k}\0")
}

/// The prefix written before every heading id of the print HTML.
pub const ID_PREFIX_SLOT: &str = ID_SLOT;

/// Whether `body` could forge a slot (then its events are kept instead).
pub fn forgeable(body: &str) -> bool {
    body.contains('\0') || body.contains(LINK_ESCAPED)
}

/// What an image's `<img>` gains once its target is known (see `crate::images::html`):
/// markup before the tag, attributes after its `src`, markup after the tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoration {
    pub before: String,
    pub attrs: String,
    pub after: String,
}

/// `html` with every link slot holding `hrefs[k]` and every id slot `id_prefix`, both
/// escaped as the HTML writer escapes them; an image whose slot has a decoration gets it.
pub fn fill(
    html: &str,
    hrefs: &[String],
    decorations: &[Option<Decoration>],
    id_prefix: &str,
) -> String {
    let mut out = String::with_capacity(html.len() + hrefs.len() * 16);
    let mut rest = html;
    while let Some(at) = next_slot(rest) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix(ID_SLOT) {
            pulldown_cmark_escape::escape_html(&mut out, id_prefix).expect("a String");
            rest = after;
            continue;
        }
        let digits = &rest[LINK_ESCAPED.len()..];
        let end = digits.find(LINK_END).expect("a link slot is closed");
        let k: usize = digits[..end].parse().expect("a link slot holds its number");
        let decoration = decorations.get(k).and_then(Option::as_ref);
        let decoration = decoration.filter(|_| out.ends_with(IMG_START));
        if let Some(d) = decoration {
            out.insert_str(out.len() - IMG_START.len(), &d.before);
        }
        pulldown_cmark_escape::escape_href(&mut out, &hrefs[k]).expect("a String");
        rest = &digits[end + LINK_END.len()..];
        if let Some(d) = decoration {
            rest = decorate(&mut out, rest, d);
        }
    }
    out.push_str(rest);
    out.shrink_to_fit();
    out
}

/// How the HTML writer starts an image: its `src` comes first.
const IMG_START: &str = "<img src=\"";

/// After an image's `src` value: closes it, adds the attributes, copies the rest of the
/// tag (the writer escapes `>` in attribute values, so the first `>` ends it) and what
/// follows the tag. Returns what is left of the HTML.
fn decorate<'h>(out: &mut String, rest: &'h str, d: &Decoration) -> &'h str {
    let Some(after_quote) = rest.strip_prefix('"') else {
        return rest;
    };
    out.push('"');
    out.push_str(&d.attrs);
    let end = after_quote.find('>').map_or(after_quote.len(), |i| i + 1);
    out.push_str(&after_quote[..end]);
    out.push_str(&d.after);
    &after_quote[end..]
}

/// Where the next slot of either kind starts (one scan: both start with `%` or NUL).
fn next_slot(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| b == b'%' || b == 0) {
        let at = from + at;
        let rest = &text[at..];
        if rest.starts_with(LINK_ESCAPED) || rest.starts_with(ID_SLOT) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// What the one parse keeps of a page for writing its HTML later.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The web HTML, with link slots.
    pub(super) html: String,
    /// The print sections, with link and id slots, when print HTML was asked for.
    pub(super) print: Option<Vec<String>>,
    /// The events, for the rare page whose source could forge a slot.
    pub(super) events: Option<Events>,
}

impl Rendered {
    /// The page's HTML, its k-th link or image pointing at `hrefs[k]`.
    pub fn html(&self, hrefs: &[String]) -> String {
        self.html_with(hrefs, &[])
    }

    /// As [`Rendered::html`], the k-th image decorated with `decorations[k]` (a page kept
    /// as events, whose source could forge a slot, is written undecorated).
    pub fn html_with(&self, hrefs: &[String], decorations: &[Option<Decoration>]) -> String {
        match &self.events {
            Some(events) => super::render(events.iter().cloned(), hrefs),
            None => fill(&self.html, hrefs, decorations, ""),
        }
    }

    /// Forgets the web HTML's slotted copy once [`Rendered::html`] has been kept.
    pub fn forget_web(&mut self) {
        self.html = String::new();
    }

    /// The page's print sections (see [`super::render_for_print`]), or nothing when print
    /// HTML was not asked for.
    pub fn print_sections(&self, hrefs: &[String], id_prefix: &str) -> Vec<String> {
        if let Some(events) = &self.events {
            let events: Vec<Event> = events.clone();
            return super::render_for_print(events, hrefs, id_prefix);
        }
        self.print
            .iter()
            .flatten()
            .map(|section| fill(section, hrefs, &[], id_prefix))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_escaped() {
        let html = format!(
            "<a href=\"%00bl0%00\">a</a><h2 id=\"{ID_SLOT}x\"></h2><img src=\"%00bl1%00\">"
        );
        let hrefs = ["../关于/".to_string(), "a b&c.png".to_string()];
        assert_eq!(
            fill(&html, &hrefs, &[], "zh-a&b--"),
            "<a href=\"../%E5%85%B3%E4%BA%8E/\">a</a><h2 id=\"zh-a&amp;b--x\"></h2><img src=\"a%20b&amp;c.png\">"
        );
    }

    #[test]
    fn an_image_gets_its_decoration_around_and_in_its_tag() {
        let html =
            "<p><img src=\"%00bl0%00\" alt=\"a &gt; b\" /> and <a href=\"%00bl1%00\">x</a></p>";
        let hrefs = ["p.jpg".to_string(), "q.jpg".to_string()];
        let d = Decoration {
            before: "<picture>".into(),
            attrs: " width=\"3\"".into(),
            after: "</picture>".into(),
        };
        let decorations = [Some(d.clone()), Some(d)];
        assert_eq!(
            fill(html, &hrefs, &decorations, ""),
            "<p><picture><img src=\"p.jpg\" width=\"3\" alt=\"a &gt; b\" /></picture> and <a href=\"q.jpg\">x</a></p>"
        );
    }

    #[test]
    fn only_sources_that_could_forge_a_slot_keep_their_events() {
        assert!(!forgeable("plain text with 100% and \\0"));
        assert!(forgeable("a NUL \0 here"));
        assert!(forgeable("see %00bl1%00"));
    }
}
