//! A unit's content: text the translator writes, and inline codes (Markdown markup, Fluent
//! placeables) that the translator moves but cannot change. Codes carry their source text
//! ("native" code), so a unit renders back to exactly what it was read from.

use std::collections::BTreeMap;

/// One piece of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text to translate, as written in the source (Markdown escapes included).
    Text(String),
    /// Markup around translatable text (emphasis, a link, an image's alt text): XLIFF `<g>`.
    Pair {
        id: u32,
        /// XLIFF `ctype`: `bold`, `italic`, `link`, `x-strike`, `x-image`.
        ctype: String,
        open: String,
        close: String,
        inner: Vec<Piece>,
    },
    /// A line break: XLIFF `<x/>`.
    Break { id: u32, native: String },
    /// Code that stands alone (a code span, inline HTML, a Fluent placeable): XLIFF `<ph>`.
    Holder { id: u32, native: String },
}

/// What a code is, for matching a translation's codes against the source's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Pair,
    Break,
    Holder,
}

impl CodeKind {
    /// The XLIFF element of this kind of code.
    pub fn element(self) -> &'static str {
        match self {
            CodeKind::Pair => "g",
            CodeKind::Break => "x",
            CodeKind::Holder => "ph",
        }
    }
}

/// `pieces` as source text again; `continuation` follows each line break inside text (the
/// indentation or `> ` that continues a list item or quote).
pub fn render(pieces: &[Piece], continuation: &str) -> String {
    let mut out = String::new();
    render_into(&mut out, pieces, continuation);
    out
}

fn render_into(out: &mut String, pieces: &[Piece], continuation: &str) {
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(&t.replace('\n', &format!("\n{continuation}"))),
            Piece::Pair {
                open, close, inner, ..
            } => {
                out.push_str(open);
                render_into(out, inner, continuation);
                out.push_str(close);
            }
            Piece::Break { native, .. } | Piece::Holder { native, .. } => out.push_str(native),
        }
    }
}

/// Whether there is anything to translate: text that is not only white space.
pub fn has_text(pieces: &[Piece]) -> bool {
    pieces.iter().any(|p| match p {
        Piece::Text(t) => !t.trim().is_empty(),
        Piece::Pair { inner, .. } => has_text(inner),
        _ => false,
    })
}

/// The text alone, codes left out (for notes and word counts).
pub fn plain(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Pair { inner, .. } => out.push_str(&plain(inner)),
            _ => {}
        }
    }
    out
}

/// Every code of `pieces` by id: its kind and the piece.
fn codes(pieces: &[Piece]) -> Vec<(u32, CodeKind, &Piece)> {
    let mut out = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(_) => {}
            Piece::Pair { id, inner, .. } => {
                out.push((*id, CodeKind::Pair, p));
                out.extend(codes(inner));
            }
            Piece::Break { id, .. } => out.push((*id, CodeKind::Break, p)),
            Piece::Holder { id, .. } => out.push((*id, CodeKind::Holder, p)),
        }
    }
    out
}

/// The translation `target` (codes as read from XLIFF, their markup unknown) with each code's
/// markup taken from the code of the same id in `source`. Every code of the source must be
/// in the translation exactly once, as the same kind of code; otherwise says what is wrong.
pub fn fill(target: &[Piece], source: &[Piece]) -> Result<Vec<Piece>, String> {
    let known: BTreeMap<u32, (CodeKind, &Piece)> = codes(source)
        .into_iter()
        .map(|(id, k, p)| (id, (k, p)))
        .collect();
    let mut seen = BTreeMap::new();
    for (id, kind, _) in codes(target) {
        let element = kind.element();
        match known.get(&id) {
            None => {
                return Err(format!(
                    "<{element} id=\"{id}\"> is not a code of the source"
                ));
            }
            Some((k, _)) if *k != kind => {
                return Err(format!(
                    "code {id} is <{}> in the source but <{element}> in the translation",
                    k.element()
                ));
            }
            Some(_) => {}
        }
        if seen.insert(id, ()).is_some() {
            return Err(format!(
                "code {id} (<{element}>) appears twice in the translation"
            ));
        }
    }
    if let Some((id, (kind, _))) = known.iter().find(|(id, _)| !seen.contains_key(id)) {
        return Err(format!(
            "code {id} (<{}>) of the source is missing from the translation",
            kind.element()
        ));
    }
    Ok(copy_codes(target, &known))
}

fn copy_codes(target: &[Piece], known: &BTreeMap<u32, (CodeKind, &Piece)>) -> Vec<Piece> {
    target
        .iter()
        .map(
            |p| match (p, known.get(&code_id(p).unwrap_or(0)).map(|k| k.1)) {
                (
                    Piece::Pair { inner, .. },
                    Some(Piece::Pair {
                        id,
                        ctype,
                        open,
                        close,
                        ..
                    }),
                ) => Piece::Pair {
                    id: *id,
                    ctype: ctype.clone(),
                    open: open.clone(),
                    close: close.clone(),
                    inner: copy_codes(inner, known),
                },
                (Piece::Text(t), _) => Piece::Text(t.clone()),
                (_, Some(source)) => source.clone(),
                (other, None) => other.clone(),
            },
        )
        .collect()
}

fn code_id(p: &Piece) -> Option<u32> {
    match p {
        Piece::Text(_) => None,
        Piece::Pair { id, .. } | Piece::Break { id, .. } | Piece::Holder { id, .. } => Some(*id),
    }
}

/// Whether two unit contents are the same, codes compared by kind and id only (an XLIFF
/// file does not carry the markup of `<g>` and `<x/>`, only where they are).
pub fn same_shape(a: &[Piece], b: &[Piece]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Piece::Text(s), Piece::Text(t)) => s == t,
            (
                Piece::Pair {
                    id: i, inner: a, ..
                },
                Piece::Pair {
                    id: j, inner: b, ..
                },
            ) => i == j && same_shape(a, b),
            (Piece::Break { id: i, .. }, Piece::Break { id: j, .. }) => i == j,
            (Piece::Holder { id: i, native: n }, Piece::Holder { id: j, native: m }) => {
                i == j && n == m
            }
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(inner: Vec<Piece>) -> Piece {
        Piece::Pair {
            id: 1,
            ctype: "link".into(),
            open: "[".into(),
            close: "](a.md)".into(),
            inner,
        }
    }

    fn bare_link(inner: Vec<Piece>) -> Piece {
        Piece::Pair {
            id: 1,
            ctype: String::new(),
            open: String::new(),
            close: String::new(),
            inner,
        }
    }

    #[test]
    fn renders_codes_back_and_continues_lines() {
        let pieces = vec![
            Piece::Text("see\nthe ".into()),
            link(vec![Piece::Text("page".into())]),
        ];
        assert_eq!(render(&pieces, "  "), "see\n  the [page](a.md)");
    }

    #[test]
    fn fill_takes_markup_from_the_source_and_refuses_damage() {
        let source = vec![
            Piece::Text("见".into()),
            link(vec![Piece::Text("页".into())]),
        ];
        let target = vec![
            bare_link(vec![Piece::Text("page".into())]),
            Piece::Text(" here".into()),
        ];
        let filled = fill(&target, &source).unwrap();
        assert_eq!(render(&filled, ""), "[page](a.md) here");
        let lost = fill(&[Piece::Text("page".into())], &source).unwrap_err();
        assert!(lost.contains("missing"), "{lost}");
        let twice = vec![bare_link(vec![]), bare_link(vec![])];
        assert!(fill(&twice, &source).unwrap_err().contains("twice"));
        let wrong = vec![Piece::Holder {
            id: 1,
            native: String::new(),
        }];
        assert!(fill(&wrong, &source).unwrap_err().contains("<g>"));
    }
}
