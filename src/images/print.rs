//! The copy of a content image a print edition embeds: long edge at most 2000 px (sharp
//! at A4, about 240 dpi across the page), re-encoded upright and without EXIF like the web
//! variants, as JPEG (PNG stays PNG: drawings and transparency), through the same cache.

use std::path::Path;

use super::cache::{Cache, source_hash};
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

/// The print copy of `asset` as a `data:` URI: the print variant for a raster image
/// (from the cache of the site at `root`, made and stored there if missing), the file as
/// it is for anything else or for an image that cannot be decoded (already reported).
pub fn data_uri(root: &Path, asset: &Asset, info: Option<&Info>) -> String {
    let Some(info) = info.filter(|i| i.format.is_raster()) else {
        return file_data_uri(Path::new(&asset.rel), &asset.bytes);
    };
    let variant = variant(info);
    let cache = Cache::open(root);
    let name = Cache::name(source_hash(&asset.bytes), variant);
    let bytes = cache.get(&name).or_else(|| {
        let source = encode::decode(&asset.bytes).ok()?;
        let bytes = encode::encode(&source, variant).ok()?;
        cache.put(&name, &bytes);
        Some(bytes)
    });
    match bytes {
        Some(bytes) => file_data_uri(Path::new(&name), &bytes),
        None => file_data_uri(Path::new(&asset.rel), &asset.bytes),
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
}
