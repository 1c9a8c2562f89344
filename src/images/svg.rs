//! An SVG's intrinsic size: its root's `width` and `height` when both are plain numbers
//! (or `px`), else its `viewBox`.

use quick_xml::Reader;
use quick_xml::events::Event;

/// The size of the SVG in `bytes`, rounded to whole pixels.
pub fn size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if e.local_name().as_ref() != "svg" {
                    return Err("its root element is not `<svg>`".into());
                }
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == name)
                        .map(|a| a.value.to_string())
                };
                return from_attributes(attr("width"), attr("height"), attr("viewBox"));
            }
            Ok(Event::Eof) => return Err("it holds no `<svg>` element".into()),
            Err(e) => return Err(format!("it is not well-formed XML: {e}")),
            Ok(_) => {}
        }
        buf.clear();
    }
}

fn from_attributes(
    width: Option<String>,
    height: Option<String>,
    view_box: Option<String>,
) -> Result<(u32, u32), String> {
    if let (Some(w), Some(h)) = (
        width.as_deref().and_then(px),
        height.as_deref().and_then(px),
    ) {
        return Ok((w, h));
    }
    let numbers: Vec<f64> = view_box
        .as_deref()
        .unwrap_or_default()
        .split([' ', ',', '\t', '\n'])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Ok((w.round().max(1.0) as u32, h.round().max(1.0) as u32)),
        _ => Err("its `<svg>` has neither a `viewBox` nor a `width` and `height` in pixels, so its size is unknown".into()),
    }
}

/// A length in pixels: `120` or `120px` (other units depend on the page).
fn px(value: &str) -> Option<u32> {
    let number = value.trim().trim_end_matches("px");
    let n: f64 = number.parse().ok()?;
    (n > 0.0).then(|| n.round().max(1.0) as u32)
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn reads_width_height_or_the_view_box() {
        let svg = |s: &str| size(s.as_bytes());
        assert_eq!(svg(r#"<svg width="120" height="40px"/>"#), Ok((120, 40)));
        assert_eq!(
            svg(
                r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64.4 32" width="100%"><g/></svg>"#
            ),
            Ok((64, 32))
        );
        assert!(svg("<svg/>").is_err());
        assert!(svg("<html/>").is_err());
    }
}
