//! HTML character references, decoded: the one decoder for attribute values (raw HTML,
//! the PDF's link check) and text (what a page's `<main>` shows, for search).

/// `s` with its character references decoded: the named `&amp;`, `&lt;`, `&gt;`,
/// `&quot;`, `&apos;`, `&nbsp;` and every numeric one (`&#39;`, `&#x4E2D;`); any other `&`
/// stays as it is.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    decode_into(&mut out, s);
    out
}

/// Appends `s` to `out` with its character references decoded (see [`decode`]).
pub fn decode_into(out: &mut String, s: &str) {
    if !s.contains('&') {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        match end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e))) {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_decode_and_stray_ampersands_stay() {
        assert_eq!(
            decode("a&amp;b &#x4E2D;&#25991; &bogus; & &nbsp;&#39;"),
            "a&b 中文 &bogus; & \u{a0}'"
        );
    }
}
