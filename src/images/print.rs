//! The copy of a content image a print edition embeds: long edge at most 2000 px (sharp
//! at A4, about 240 dpi across the page), re-encoded upright and without EXIF like the web
//! variants, as JPEG (PNG stays PNG: drawings and transparency), through the same cache.

use std::path::Path;
use std::sync::OnceLock;

use super::cache::Cache;
use super::{Format, Info, Variant, encode};
use crate::content::Asset;
use crate::content::statics::data_uri as file_data_uri;

/// The longest side of an image in a print edition, in pixels.
pub const LONG_EDGE: u32 = 2000;

/// The variant a print edition embeds of an image shown at `info`'s size.
pub fn variant(info: &Info) -> Variant {
    let long = info.width.max(info.height);
    let width = if long <= LONG_EDGE {
        info.width
    } else {
        ((u64::from(info.width) * u64::from(LONG_EDGE) + u64::from(long) / 2) / u64::from(long))
            .max(1) as u32
    };
    let format = match info.format {
        Format::Png => Format::Png,
        _ => Format::Jpeg,
    };
    Variant { width, format }
}

/// The cache file that holds the print copy of an image (`info` is raster) as the text of
/// its `data:` URI: an edition reads it as it is, with no base64 to encode on every build.
pub fn cache_name(asset: &Asset, info: &Info) -> String {
    format!("{}.uri", Cache::name(asset.hash, variant(info)))
}

/// The print copy of `asset` as a `data:` URI: the print variant for a raster image
/// (from the cache of the site at `root`, made and stored there if missing), the file as
/// it is for anything else or for an image that cannot be decoded (already reported).
pub fn data_uri(root: &Path, asset: &Asset, info: Option<&Info>) -> String {
    let Some(info) = info.filter(|i| i.format.is_raster()) else {
        return file_data_uri(Path::new(&asset.rel), &asset.bytes);
    };
    let cache = Cache::open(root);
    let uri_name = cache_name(asset, info);
    if let Some(uri) = cache.get(&uri_name).and_then(|b| String::from_utf8(b).ok()) {
        return uri;
    }
    let variant = variant(info);
    let name = Cache::name(asset.hash, variant);
    // A web variant of the same size and format is the same file.
    let bytes = std::fs::read(super::cache::dir(root).join(&name))
        .ok()
        .or_else(|| {
            let source = encode::decode(&asset.bytes).ok()?;
            encode::encode(&source, variant).ok()
        });
    match bytes {
        Some(bytes) => {
            let uri = file_data_uri(Path::new(&name), &bytes);
            cache.put(&uri_name, uri.as_bytes());
            uri
        }
        None => file_data_uri(Path::new(&asset.rel), &asset.bytes),
    }
}

/// The print copies of a site's assets as `data:` URIs, each made at most once per build
/// however many editions and pages show it. An edition is rendered with a short token
/// where each URI goes ([`Inline::token`]), and the URIs are put in only when it is
/// written ([`Inline::fill`]): megabytes of base64 never pass through the templates.
pub struct Inline<'a> {
    root: &'a Path,
    assets: &'a [Asset],
    infos: &'a [Option<Info>],
    uris: Vec<OnceLock<String>>,
    /// Starts every token: a hash of every asset, so no text of the site is taken for one.
    prefix: String,
}

impl<'a> Inline<'a> {
    /// The print copies of `assets` (with `infos`, parallel) of the site at `root`.
    pub fn new(root: &'a Path, assets: &'a [Asset], infos: &'a [Option<Info>]) -> Inline<'a> {
        // From every asset's bytes: no text could be written to look like a token without
        // knowing them all, and the same site gives the same tokens, so an edition rendered
        // again is the same text (see [`crate::output::print`]'s cache of editions).
        let mut seed = Vec::with_capacity(assets.len() * 8);
        for asset in assets {
            seed.extend_from_slice(&asset.hash.to_le_bytes());
        }
        let nonce = xxhash_rust::xxh3::xxh3_64_with_seed(&seed, 0x6272_6f63_6875_7265);
        Inline {
            root,
            assets,
            infos,
            uris: assets.iter().map(|_| OnceLock::new()).collect(),
            prefix: format!("brochure-inline-{nonce:016x}-"),
        }
    }

    /// What stands for the URI of asset `k` until [`Inline::fill`]: letters, digits and
    /// `-` only, so it passes through attribute escaping unchanged.
    pub fn token(&self, k: usize) -> String {
        format!("{}{k}-", self.prefix)
    }

    /// The `data:` URI of asset `k`, made on first use.
    pub fn uri(&self, k: usize) -> &str {
        self.uris[k].get_or_init(|| data_uri(self.root, &self.assets[k], self.infos[k].as_ref()))
    }

    /// `html` with every token replaced by its URI, as the pieces to write one after the
    /// other (the editions' megabytes are not copied into one more string).
    pub fn fill<'h>(&'h self, html: &'h str) -> Vec<&'h [u8]> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find(&self.prefix) {
            let after = &rest[at + self.prefix.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let k = after[..digits].parse::<usize>().ok();
            match k.filter(|&k| k < self.uris.len() && after[digits..].starts_with('-')) {
                Some(k) => {
                    out.push(&rest.as_bytes()[..at]);
                    out.push(self.uri(k).as_bytes());
                    rest = &after[digits + 1..];
                }
                None => {
                    out.push(&rest.as_bytes()[..at + self.prefix.len()]);
                    rest = after;
                }
            }
        }
        out.push(rest.as_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_long_edge_is_at_most_2000_px() {
        let info = |format, width, height| Info {
            format,
            width,
            height,
        };
        assert_eq!(variant(&info(Format::Jpeg, 4000, 3000)).width, 2000);
        assert_eq!(variant(&info(Format::Jpeg, 3000, 4000)).width, 1500);
        assert_eq!(
            variant(&info(Format::WebP, 800, 600)),
            Variant {
                width: 800,
                format: Format::Jpeg
            }
        );
        assert_eq!(variant(&info(Format::Png, 2400, 100)).format, Format::Png);
    }

    #[test]
    fn tokens_become_uris_and_other_text_stays() {
        let dir = tempfile::tempdir().unwrap();
        let assets = vec![Asset {
            source: dir.path().join("a.txt"),
            rel: "a.txt".into(),
            published: "a.txt".into(),
            bytes: std::sync::Arc::from(&b"hi"[..]),
            hash: 1,
        }];
        let infos = vec![None];
        let inline = Inline::new(dir.path(), &assets, &infos);
        let t = inline.token(0);
        let html = format!("<img src=\"{t}\"><a href=\"{t}\">{}9-</a>", inline.prefix);
        let filled = String::from_utf8(inline.fill(&html).concat()).unwrap();
        let uri = inline.uri(0).to_string();
        assert!(uri.starts_with("data:"), "{uri}");
        assert_eq!(
            filled,
            format!(
                "<img src=\"{uri}\"><a href=\"{uri}\">{}9-</a>",
                inline.prefix
            )
        );
    }
}
