//! Reading an XLIFF 1.2 document into files and units, each with its place in the
//! document. Only what `export` writes is understood inside `<source>` and `<target>`
//! (`<g>`, `<x/>`, `<ph>`, and `<mrk>`, which CAT tools add and which is read through);
//! anything else there is an error at its place.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::diagnostic::{Diagnostic, LineIndex, Location, Result};
use crate::translations::inline::Piece;

/// One `<file>`.
#[derive(Debug, Clone)]
pub struct File {
    pub original: String,
    pub datatype: String,
    pub target_language: Option<String>,
    pub at: Location,
    pub units: Vec<Unit>,
}

/// One `<trans-unit>`.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub at: Location,
    pub source: Vec<Piece>,
    pub target: Option<Vec<Piece>>,
}

struct Doc<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    index: LineIndex,
    path: &'a Path,
}

/// The files of the XLIFF document `text` (the file at `path`).
pub fn read(path: &Path, text: &str) -> Result<Vec<File>> {
    let mut doc = Doc {
        reader: Reader::from_str(text),
        text,
        index: LineIndex::new(text),
        path,
    };
    doc.reader.config_mut().trim_text(false);
    let mut files = Vec::new();
    let mut file: Option<File> = None;
    let mut unit: Option<Unit> = None;
    let mut stack: Vec<String> = Vec::new();
    let mut saw_root = false;
    loop {
        let before = doc.reader.buffer_position() as usize;
        let event = doc.next()?;
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if !saw_root {
                    saw_root = true;
                    doc.check_root(&e, before)?;
                }
                match (name.as_str(), stack.last().map(String::as_str)) {
                    ("file", _) => file = Some(doc.file(&e, before)?),
                    ("trans-unit", _) => {
                        let id = doc.attr(&e, "id", before)?;
                        unit = Some(Unit {
                            id,
                            at: doc.at(before),
                            source: Vec::new(),
                            target: None,
                        });
                    }
                    ("source", Some("trans-unit")) => {
                        let pieces = doc.inline("source", 0)?;
                        unit.as_mut().expect("inside a trans-unit").source = pieces;
                        continue;
                    }
                    ("target", Some("trans-unit")) => {
                        let pieces = doc.inline("target", 0)?;
                        unit.as_mut().expect("inside a trans-unit").target = Some(pieces);
                        continue;
                    }
                    _ => {}
                }
                stack.push(name);
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                stack.pop();
                match name.as_str() {
                    "trans-unit" => {
                        if let (Some(u), Some(f)) = (unit.take(), file.as_mut()) {
                            f.units.push(u);
                        }
                    }
                    "file" => files.extend(file.take()),
                    _ => {}
                }
            }
            Event::Empty(e) if !saw_root => {
                saw_root = true;
                doc.check_root(&e, before)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(doc
            .error(
                0,
                "this file has no XML element: it is not an XLIFF document",
            )
            .into());
    }
    Ok(files)
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

impl Doc<'_> {
    fn at(&self, offset: usize) -> Location {
        let (line, col) = self.index.locate(self.text, offset);
        Location::new(self.path, line, col)
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error("xliff", self.at(offset), message).with_hint(
            "import the file brochure exported, as the translator's tool saved it (XLIFF 1.2); export again if it was damaged",
        )
    }

    fn next(&mut self) -> Result<Event<'static>> {
        match self.reader.read_event() {
            Ok(e) => Ok(e.into_owned()),
            Err(e) => {
                let at = self.reader.error_position() as usize;
                Err(self
                    .error(at, format!("this is not well-formed XML: {e}"))
                    .into())
            }
        }
    }

    fn check_root(&self, e: &BytesStart, at: usize) -> Result<()> {
        let version = self.optional(e, "version");
        if local(e) != "xliff" || version.as_deref() != Some("1.2") {
            return Err(self
                .error(
                    at,
                    format!(
                        "the document is <{}> version {:?}, not XLIFF 1.2",
                        local(e),
                        version.unwrap_or_default()
                    ),
                )
                .into());
        }
        Ok(())
    }

    fn file(&self, e: &BytesStart, at: usize) -> Result<File> {
        Ok(File {
            original: self.attr(e, "original", at)?,
            datatype: self.optional(e, "datatype").unwrap_or_default(),
            target_language: self.optional(e, "target-language"),
            at: self.at(at),
            units: Vec::new(),
        })
    }

    fn optional(&self, e: &BytesStart, name: &str) -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
    }

    fn attr(&self, e: &BytesStart, name: &str, at: usize) -> Result<String> {
        self.optional(e, name).ok_or_else(|| {
            self.error(at, format!("<{}> has no `{name}` attribute", local(e)))
                .into()
        })
    }

    fn code_id(&self, e: &BytesStart, at: usize) -> Result<u32> {
        let id = self.attr(e, "id", at)?;
        id.parse().map_err(|_| {
            self.error(
                at,
                format!(
                    "<{} id=\"{id}\">: brochure's codes have number ids; this code was changed",
                    local(e)
                ),
            )
            .into()
        })
    }

    /// The inline content up to the end of `until`, `depth` codes deep.
    fn inline(&mut self, until: &str, depth: usize) -> Result<Vec<Piece>> {
        let mut out: Vec<Piece> = Vec::new();
        loop {
            let before = self.reader.buffer_position() as usize;
            match self.next()? {
                Event::Text(t) => push(&mut out, &t.xml10_content()),
                Event::CData(c) => push(&mut out, &c),
                Event::GeneralRef(r) => {
                    let c = reference(&r)
                        .ok_or_else(|| self.error(before, format!("unknown entity `&{};`", &*r)))?;
                    push(&mut out, &c.to_string());
                }
                Event::Start(e) => self.code(&e, false, before, depth, &mut out)?,
                Event::Empty(e) => self.code(&e, true, before, depth, &mut out)?,
                Event::End(e) if e.local_name().as_ref() == until => return Ok(out),
                Event::End(_) => {}
                Event::Eof => {
                    return Err(self
                        .error(before, format!("the file ends inside <{until}>"))
                        .into());
                }
                _ => {}
            }
        }
    }

    /// Reads the code `e` starts (`empty`: `<x/>`, `<g/>`) into `out`.
    fn code(
        &mut self,
        e: &BytesStart,
        empty: bool,
        at: usize,
        depth: usize,
        out: &mut Vec<Piece>,
    ) -> Result<()> {
        let name = local(e);
        if depth >= MAX_DEPTH {
            return Err(self
                .error(
                    at,
                    format!("codes nest deeper than {MAX_DEPTH} levels here"),
                )
                .into());
        }
        let inner = |doc: &mut Self, until: &str| -> Result<Vec<Piece>> {
            if empty {
                Ok(Vec::new())
            } else {
                doc.inline(until, depth + 1)
            }
        };
        match name.as_str() {
            "g" => {
                let id = self.code_id(e, at)?;
                let ctype = self.optional(e, "ctype").unwrap_or_default();
                let inner = inner(self, "g")?;
                out.push(Piece::Pair {
                    id,
                    ctype,
                    open: String::new(),
                    close: String::new(),
                    inner,
                });
            }
            "ph" => {
                let id = self.code_id(e, at)?;
                let native = crate::translations::inline::plain(&inner(self, "ph")?);
                out.push(Piece::Holder { id, native });
            }
            "x" if empty => out.push(Piece::Break {
                id: self.code_id(e, at)?,
                native: String::new(),
            }),
            // A CAT tool's marker (a segment, a term): its text is the unit's.
            "mrk" => {
                for p in inner(self, "mrk")? {
                    match p {
                        Piece::Text(t) => push(out, &t),
                        other => out.push(other),
                    }
                }
            }
            other => return Err(self.unknown(other, at).into()),
        }
        Ok(())
    }

    fn unknown(&self, name: &str, at: usize) -> Diagnostic {
        self.error(at, format!("<{name}> inside a unit: brochure writes only <g>, <x/> and <ph> codes, so this one cannot be put back"))
    }
}

/// How deep `<g>` may nest (each level is a call).
const MAX_DEPTH: usize = 100;

/// The character an entity or character reference stands for.
fn reference(r: &quick_xml::events::BytesRef) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    Some(match &**r {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

fn push(out: &mut Vec<Piece>, text: &str) {
    match out.last_mut() {
        Some(Piece::Text(t)) => t.push_str(text),
        _ => out.push(Piece::Text(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(units: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"content/a.zh.md\" source-language=\"zh-CN\" target-language=\"en\" datatype=\"x-markdown\"><body>{units}</body></file></xliff>"
        )
    }

    #[test]
    fn units_with_codes_markers_and_references() {
        let text = doc(
            "<trans-unit id=\"b1\"><source>a <g id=\"1\">b</g> &amp; &#x4e2d;<ph id=\"2\">{ $n }</ph></source><target><mrk mtype=\"seg\" mid=\"1\">A <g id=\"1\">B</g></mrk><x id=\"3\"/></target><alt-trans><target>not this</target></alt-trans></trans-unit>",
        );
        let files = read(Path::new("t.xlf"), &text).unwrap();
        let unit = &files[0].units[0];
        assert_eq!(unit.id, "b1");
        assert_eq!(unit.source.len(), 4, "{:?}", unit.source);
        assert!(matches!(&unit.source[2], Piece::Text(t) if t == " & 中"));
        assert!(matches!(&unit.source[3], Piece::Holder { id: 2, native } if native == "{ $n }"));
        let target = unit.target.as_ref().unwrap();
        assert!(matches!(&target[0], Piece::Text(t) if t == "A "));
        assert!(matches!(&target[2], Piece::Break { id: 3, .. }));
        assert_eq!(
            target.len(),
            3,
            "the alt-trans target is not the unit's: {target:?}"
        );
    }

    #[test]
    fn what_cannot_be_put_back_is_a_located_error() {
        let e = read(
            Path::new("t.xlf"),
            &doc("<trans-unit id=\"b1\">\n<source><bpt id=\"1\">*</bpt></source></trans-unit>"),
        )
        .unwrap_err();
        assert!(e.0[0].message.contains("<bpt> inside a unit"), "{}", e.0[0]);
        assert_eq!(e.0[0].location.line, 3);
        let deep = format!(
            "<trans-unit id=\"b1\"><source>{}</source></trans-unit>",
            "<g id=\"1\">".repeat(500)
        );
        let e = read(Path::new("t.xlf"), &doc(&deep)).unwrap_err();
        assert!(e.0[0].message.contains("nest deeper"), "{}", e.0[0]);
        let e = read(Path::new("t.xlf"), "<xliff version=\"2.0\"/>").unwrap_err();
        assert!(e.0[0].message.contains("not XLIFF 1.2"), "{}", e.0[0]);
        let e = read(
            Path::new("t.xlf"),
            &doc("<trans-unit id=\"b1\"><source><g id=\"one\">x</g></source></trans-unit>"),
        )
        .unwrap_err();
        assert!(e.0[0].message.contains("number ids"), "{}", e.0[0]);
    }
}
