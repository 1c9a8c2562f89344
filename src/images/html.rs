//! How an image is written in HTML: its `srcset`s (WebP and the source format), its
//! `sizes`, and the `<picture>` around a Markdown image.

use super::{Format, Info, Variant, height_at, variant_path};
use crate::markdown::slots::Decoration;

/// The width the theme's text column takes at most (`.prose { max-width: 44rem }`).
pub const SIZES: &str = "(max-width: 44rem) 100vw, 44rem";

/// A published image: where it is in the output and what it is.
pub struct Published<'a> {
    /// Its output path, `zh/a/photo.jpg`.
    pub rel: &'a str,
    pub info: &'a Info,
    /// The widths of its variants, narrowest first (empty for SVG and GIF).
    pub plan: &'a [u32],
}

impl Published<'_> {
    /// The shown size of the `<img>`: the widest variant's, or the image's own.
    pub fn size(&self) -> (u32, u32) {
        match self.plan.last() {
            Some(&w) => (w, height_at(self.info, w)),
            None => (self.info.width, self.info.height),
        }
    }

    /// The output path of the variant `width` wide in `format`.
    pub fn path(&self, width: u32, format: Format) -> String {
        variant_path(self.rel, self.info, self.plan, Variant { width, format })
    }

    /// `a.480.jpg 480w, a.jpg 960w` for `format`, each URL given by `url` (from an
    /// output path; URLs come percent-encoded, so no space or comma splits one).
    pub fn srcset(&self, format: Format, url: &dyn Fn(&str) -> String) -> String {
        self.plan
            .iter()
            .map(|&w| format!("{} {w}w", url(&self.path(w, format))))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What a Markdown `<img>` gains: its size, `decoding`, `loading` unless `eager`, and
    /// for raster images the variants (WebP in a `<source>`, the source format in the
    /// `<img>`'s own `srcset`).
    pub fn decoration(&self, eager: bool, url: &dyn Fn(&str) -> String) -> Decoration {
        let (width, height) = self.size();
        let loading = if eager { "" } else { " loading=\"lazy\"" };
        let mut attrs = format!(" width=\"{width}\" height=\"{height}\"");
        if self.plan.is_empty() {
            attrs.push_str(&format!(" decoding=\"async\"{loading}"));
            return Decoration {
                attrs,
                ..Decoration::default()
            };
        }
        let own = escape(&self.srcset(self.info.format, url));
        attrs.push_str(&format!(
            " srcset=\"{own}\" sizes=\"{SIZES}\" decoding=\"async\"{loading}"
        ));
        let before = if self.info.format == Format::WebP {
            "<picture>".to_string()
        } else {
            let webp = escape(&self.srcset(Format::WebP, url));
            format!("<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{SIZES}\">")
        };
        Decoration {
            before,
            attrs,
            after: "</picture>".into(),
        }
    }
}

/// Text escaped for an HTML attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("a String");
    out
}
