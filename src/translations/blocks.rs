//! A page as translation units: its title, its description, and each block of its body
//! with text in it (heading, paragraph, list item, table cell), each with its place in the
//! file. Inline markup becomes codes ([`Piece`]); everything outside the blocks (front
//! matter, `#` and `|` markers, code blocks, HTML blocks) is the page's skeleton, which a
//! translation keeps as it is.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::hash;
use super::inline::Piece;
use crate::content::Page;
use crate::diagnostic::LineIndex;
use crate::script::Script;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Title,
    Description,
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    /// Text in another block (a definition list, a footnote).
    Text,
}

impl Kind {
    /// For notes: `paragraph`, `list item`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Description => "description",
            Kind::Heading => "heading",
            Kind::Paragraph => "paragraph",
            Kind::ListItem => "list item",
            Kind::TableCell => "table cell",
            Kind::Text => "text",
        }
    }
}

/// One translation unit of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The unit's id, stable while the page keeps its shape: `title`, `description`, `b3`.
    pub id: String,
    pub kind: Kind,
    pub pieces: Vec<Piece>,
    /// Where the block's text is in the page's file (`None` for title and description,
    /// which are front matter values).
    pub range: Option<Range<usize>>,
    /// What continues each line of the block after a line break (`  ` in a list item).
    pub continuation: String,
    /// The block's 1-based line in the file.
    pub line: usize,
    /// The block's source text, which its hash is of.
    pub raw: String,
}

impl Block {
    /// The block's hash: its kind and source text.
    pub fn hash(&self) -> u64 {
        hash::of(&[self.kind.name(), &self.raw])
    }
}

/// The units of `page`, written in `script`: title, description (when set), body blocks.
pub fn page_blocks(page: &Page, script: Script) -> Vec<Block> {
    let mut out = vec![front_block("title", Kind::Title, &page.front.title)];
    if let Some(d) = page
        .front
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        out.push(front_block("description", Kind::Description, d));
    }
    let index = LineIndex::new(page.text());
    for (k, mut b) in body_blocks(page.body(), script).into_iter().enumerate() {
        let range = b.range.clone().expect("body blocks have a range");
        let range = range.start + page.body_offset..range.end + page.body_offset;
        b.line = index.locate(page.text(), range.start).0;
        b.range = Some(range);
        b.id = format!("b{}", k + 1);
        out.push(b);
    }
    out
}

/// The hash of a whole page as a translation source: of every unit in order.
pub fn page_hash(blocks: &[Block]) -> u64 {
    hash_of_hashes(&blocks.iter().map(Block::hash).collect::<Vec<_>>())
}

/// The hash of a list of unit hashes.
pub fn hash_of_hashes(hashes: &[u64]) -> u64 {
    let hashes: Vec<String> = hashes.iter().map(|&h| hash::long(h)).collect();
    let parts: Vec<&str> = hashes.iter().map(String::as_str).collect();
    hash::of(&parts)
}

/// The unit hashes of `page` whose body's block hashes are `body` (from its one parse,
/// [`crate::markdown::Analysis::block_hashes`]): title, description, then the blocks.
pub fn unit_hashes(page: &Page, body: &[u64]) -> Vec<u64> {
    let mut out = vec![front_block("title", Kind::Title, &page.front.title).hash()];
    if let Some(d) = page
        .front
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        out.push(front_block("description", Kind::Description, d).hash());
    }
    out.extend_from_slice(body);
    out
}

fn front_block(id: &str, kind: Kind, value: &str) -> Block {
    Block {
        id: id.to_string(),
        kind,
        pieces: vec![Piece::Text(value.to_string())],
        range: None,
        continuation: String::new(),
        line: 1,
        raw: value.to_string(),
    }
}

/// The blocks of a Markdown body with text in them, ranges into `body`, in order.
pub fn body_blocks(body: &str, script: Script) -> Vec<Block> {
    let options = crate::markdown::options(script);
    let events: Vec<_> = Parser::new_ext(body, options).into_offset_iter().collect();
    blocks_of_events(body, events.iter())
}

/// The blocks of `body` from its parsed `events` (with their ranges).
pub fn blocks_of_events<'e, 'a: 'e>(
    body: &str,
    events: impl IntoIterator<Item = &'e (Event<'a>, Range<usize>)>,
) -> Vec<Block> {
    let mut walker = Walker {
        body,
        blocks: Vec::new(),
        frames: Vec::new(),
        context: Vec::new(),
        code: 0,
        flat: 0,
    };
    for (event, range) in events {
        walker.event(event, range.clone());
    }
    walker.flush();
    walker.blocks
}

/// A node of a block's inline content, with its range in the body.
struct Node {
    range: Range<usize>,
    what: What,
}

enum What {
    Text,
    SoftBreak,
    Break,
    Holder,
    Pair {
        ctype: &'static str,
        children: Vec<Node>,
    },
}

/// An open inline container (the first one is the block itself).
struct Frame {
    ctype: &'static str,
    range: Range<usize>,
    children: Vec<Node>,
}

struct Walker<'a> {
    body: &'a str,
    blocks: Vec<Block>,
    frames: Vec<Frame>,
    /// The block containers around the current event.
    context: Vec<Kind>,
    /// Depth of code blocks (their text is not translated).
    code: usize,
    /// Inline containers open beyond [`MAX_DEPTH`]: their markup is read as text.
    flat: usize,
}

/// How deep inline containers become nested codes (deeper ones are text, so a
/// pathological page cannot exhaust a render thread's stack).
const MAX_DEPTH: usize = 32;

impl Walker<'_> {
    fn event(&mut self, event: &Event, range: Range<usize>) {
        match event {
            Event::Start(tag) => match inline_ctype(tag) {
                Some(ctype) => self.open(ctype, range),
                None => {
                    self.flush();
                    self.enter(tag);
                }
            },
            Event::End(end) => {
                if is_inline_end(*end) {
                    self.close();
                } else {
                    self.flush();
                    self.leave(*end);
                }
            }
            Event::Text(_) if self.code > 0 => {}
            Event::Text(_) => self.leaf(range, What::Text),
            Event::SoftBreak => self.leaf(range, What::SoftBreak),
            Event::HardBreak => self.leaf(range, What::Break),
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::TaskListMarker(_) => self.leaf(range, What::Holder),
            Event::Html(_) | Event::Rule => self.flush(),
        }
    }

    fn enter(&mut self, tag: &Tag) {
        let kind = match tag {
            Tag::Heading { .. } => Kind::Heading,
            Tag::Paragraph if self.context.last() == Some(&Kind::ListItem) => Kind::ListItem,
            Tag::Paragraph => Kind::Paragraph,
            Tag::Item => Kind::ListItem,
            Tag::TableCell => Kind::TableCell,
            Tag::CodeBlock(_) => {
                self.code += 1;
                Kind::Text
            }
            _ => Kind::Text,
        };
        self.context.push(kind);
    }

    fn leave(&mut self, end: TagEnd) {
        if matches!(end, TagEnd::CodeBlock) {
            self.code = self.code.saturating_sub(1);
        }
        self.context.pop();
    }

    fn leaf(&mut self, range: Range<usize>, what: What) {
        if self.frames.is_empty() {
            self.open("", range.start..range.start);
        }
        let frame = self.frames.last_mut().expect("opened above");
        frame.children.push(Node { range, what });
    }

    fn open(&mut self, ctype: &'static str, range: Range<usize>) {
        if self.frames.len() > MAX_DEPTH {
            self.flat += 1;
            return;
        }
        if self.frames.is_empty() && !ctype.is_empty() {
            self.frames.push(Frame {
                ctype: "",
                range: range.start..range.start,
                children: Vec::new(),
            });
        }
        self.frames.push(Frame {
            ctype,
            range,
            children: Vec::new(),
        });
    }

    fn close(&mut self) {
        if self.flat > 0 {
            self.flat -= 1;
            return;
        }
        if self.frames.len() < 2 {
            return;
        }
        let frame = self.frames.pop().expect("checked");
        let node = Node {
            range: frame.range,
            what: What::Pair {
                ctype: frame.ctype,
                children: frame.children,
            },
        };
        self.frames.last_mut().expect("checked").children.push(node);
    }

    /// Ends the current block, if any.
    fn flush(&mut self) {
        self.flat = 0;
        while self.frames.len() > 1 {
            self.close();
        }
        let Some(root) = self.frames.pop() else {
            return;
        };
        let (Some(first), Some(last)) = (root.children.first(), root.children.last()) else {
            return;
        };
        let range = first.range.start..last.range.end;
        let mut build = Pieces {
            body: self.body,
            next_id: 1,
            continuation: None,
        };
        let pieces = build.pieces(&root.children, range.clone());
        if !super::inline::has_text(&pieces) {
            return;
        }
        let kind = self.context.last().copied().unwrap_or(Kind::Paragraph);
        self.blocks.push(Block {
            id: String::new(),
            kind,
            pieces,
            raw: self.body[range.clone()].to_string(),
            range: Some(range),
            continuation: build.continuation.unwrap_or_default(),
            line: 0,
        });
    }
}

/// Turns a block's nodes into pieces: text as written, codes numbered in order.
struct Pieces<'a> {
    body: &'a str,
    next_id: u32,
    /// The text after the block's first line break (kept for all of them).
    continuation: Option<String>,
}

impl Pieces<'_> {
    /// The pieces of `nodes`, which lie in `span`; gaps between them are text.
    fn pieces(&mut self, nodes: &[Node], span: Range<usize>) -> Vec<Piece> {
        let mut out = Vec::new();
        let mut pos = span.start;
        for (k, node) in nodes.iter().enumerate() {
            if node.range.start > pos {
                push_text(&mut out, &self.body[pos..node.range.start]);
            }
            pos = node.range.end.max(pos);
            let raw = &self.body[node.range.clone()];
            match &node.what {
                What::Text => push_text(&mut out, raw),
                What::SoftBreak => {
                    let next = nodes.get(k + 1).map_or(span.end, |n| n.range.start);
                    let gap = &self.body[node.range.end..next.max(node.range.end)];
                    let cont = self.continuation.get_or_insert_with(|| gap.to_string());
                    if cont == gap && !raw.contains(|c: char| c != '\n' && c != '\r') {
                        push_text(&mut out, raw);
                    } else {
                        let native = format!("{raw}{gap}");
                        out.push(Piece::Break {
                            id: self.id(),
                            native,
                        });
                    }
                    pos = next.max(pos);
                }
                What::Break => out.push(Piece::Break {
                    id: self.id(),
                    native: raw.to_string(),
                }),
                What::Holder => out.push(Piece::Holder {
                    id: self.id(),
                    native: raw.to_string(),
                }),
                What::Pair { ctype, children } => out.push(self.pair(node, ctype, children)),
            }
        }
        if span.end > pos {
            push_text(&mut out, &self.body[pos..span.end]);
        }
        out
    }

    fn pair(&mut self, node: &Node, ctype: &str, children: &[Node]) -> Piece {
        let (Some(first), Some(last)) = (children.first(), children.last()) else {
            return Piece::Holder {
                id: self.id(),
                native: self.body[node.range.clone()].to_string(),
            };
        };
        let id = self.id();
        let inner = first.range.start..last.range.end;
        Piece::Pair {
            id,
            ctype: ctype.to_string(),
            open: self.body[node.range.start..inner.start].to_string(),
            close: self.body[inner.end..node.range.end].to_string(),
            inner: self.pieces(children, inner),
        }
    }

    fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id - 1
    }
}

fn push_text(out: &mut Vec<Piece>, text: &str) {
    if let Some(Piece::Text(t)) = out.last_mut() {
        t.push_str(text);
    } else {
        out.push(Piece::Text(text.to_string()));
    }
}

/// The XLIFF `ctype` of an inline container; `None` for a block tag.
fn inline_ctype(tag: &Tag) -> Option<&'static str> {
    Some(match tag {
        Tag::Emphasis => "italic",
        Tag::Strong => "bold",
        Tag::Strikethrough => "x-strike",
        Tag::Superscript => "x-sup",
        Tag::Subscript => "x-sub",
        Tag::Link { .. } => "link",
        Tag::Image { .. } => "x-image",
        _ => return None,
    })
}

fn is_inline_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// `body` with each block's text replaced: `texts[k]` is the new source text of
/// `blocks[k]` (ranges into `body`, in order, not overlapping).
pub fn replace(text: &str, blocks: &[(&Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (range, new) in blocks {
        out.push_str(&text[pos..range.start]);
        out.push_str(new);
        pos = range.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translations::inline::render;

    fn blocks(body: &str) -> Vec<Block> {
        body_blocks(body, Script::Alphabetic)
    }

    #[test]
    fn every_kind_of_block_with_codes() {
        let body = "# Head {#h}\n\nA *b* [c](d.md) `e`.\n\n- one\n- two  \n  lines\n\n| x | y |\n|---|---|\n| 1 | **z** |\n\n```\ncode\n```\n";
        let b = blocks(body);
        let kinds: Vec<Kind> = b.iter().map(|b| b.kind).collect();
        use Kind::*;
        assert_eq!(
            kinds,
            [
                Heading, Paragraph, ListItem, ListItem, TableCell, TableCell, TableCell, TableCell
            ]
        );
        assert_eq!(b[0].raw, "Head");
        assert_eq!(b[1].raw, "A *b* [c](d.md) `e`.");
        assert!(
            matches!(&b[1].pieces[1], Piece::Pair { ctype, open, close, .. } if ctype == "italic" && open == "*" && close == "*")
        );
        assert!(
            matches!(&b[1].pieces[3], Piece::Pair { open, close, .. } if open == "[" && close == "](d.md)")
        );
        assert!(matches!(&b[1].pieces[5], Piece::Holder { native, .. } if native == "`e`"));
        assert!(
            matches!(&b[3].pieces[1], Piece::Break { .. }),
            "{:?}",
            b[3].pieces
        );
    }

    #[test]
    fn blocks_render_back_to_their_source() {
        let body = "Para with \\*escape\\* &amp; entity\nand a second line.\n\n> quoted\n> text **bold\n> across**\n\n1. item\n   continued ![alt](x.png)\n";
        for b in blocks(body) {
            let range = b.range.clone().unwrap();
            assert_eq!(render(&b.pieces, &b.continuation), &body[range], "{b:?}");
        }
        assert_eq!(blocks(body).len(), 3);
    }

    #[test]
    fn deep_nesting_is_text_past_the_limit_and_still_renders_back() {
        let body = format!("{}x{}\n", "[*".repeat(200), "*](a)".repeat(200));
        let b = blocks(&body);
        assert_eq!(b.len(), 1);
        let range = b[0].range.clone().unwrap();
        assert_eq!(render(&b[0].pieces, &b[0].continuation), &body[range]);
    }

    #[test]
    fn chinese_text_is_one_block_per_paragraph() {
        let body = "## 1995年起\n\n自1995年起，见[发展历程](../history/_index.md)。\n";
        let b = body_blocks(body, Script::Han);
        assert_eq!(b.len(), 2);
        assert_eq!(
            crate::translations::inline::plain(&b[1].pieces),
            "自1995年起，见发展历程。"
        );
    }
}
