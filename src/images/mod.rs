//! Images: what a content image is ([`probe`]: its format and intrinsic size, EXIF
//! orientation applied), which variants it gets ([`plan`]), how `<img>` names them
//! ([`html`]), and how they are made ([`encode`]) and kept between builds ([`cache`]).
//!
//! A raster image (JPEG, PNG, WebP) is published only as re-encoded variants: every
//! width the site asks for that is narrower than the image, and the image's own width
//! when a wider one was asked for (never upscaled), each in WebP and in the source
//! format. Re-encoding drops every metadata block but the colour profile, so no GPS
//! position reaches the output. The widest variant in the source format takes the
//! asset's own name (`photo.jpg`), the others `photo.480.jpg`, `photo.480.webp`.

pub mod cache;
pub mod encode;
pub mod html;
pub mod print;
pub mod svg;
pub mod webp;

use std::path::Path;

use crate::content::Asset;
use crate::diagnostic::{Diagnostic, Location};

/// The widths a site gets when `images.widths` is not set.
pub const DEFAULT_WIDTHS: [u32; 3] = [480, 960, 1600];

/// At most this many pixels are decoded (100 megapixels: about 400 MB as RGBA); a header
/// that claims more is refused before anything is decoded.
pub const MAX_PIXELS: u64 = 100_000_000;

/// `check` warns on a source image larger than this.
pub const LARGE_SOURCE: usize = 5 * 1024 * 1024;

/// `images:` in site.yaml.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// The widths of the variants, in pixels (`[480, 960, 1600]`).
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            widths: default_widths(),
        }
    }
}

fn default_widths() -> Vec<u32> {
    DEFAULT_WIDTHS.to_vec()
}

/// `images.widths` holds at least one width, each from 16 to 8000 pixels.
pub fn check_options(config: &crate::config::Config) -> Vec<Diagnostic> {
    let widths = &config.images.widths;
    if !widths.is_empty() && widths.iter().all(|w| (16..=8000).contains(w)) {
        return Vec::new();
    }
    let path = config.root.join("site.yaml");
    let steps = [
        crate::yaml::Step::Key("images".into()),
        crate::yaml::Step::Key("widths".into()),
    ];
    let at = crate::yaml::path_position(&config.text, &steps).map_or_else(
        || Location::file_start(&path),
        |(l, c)| Location::new(&path, l, c),
    );
    vec![
        Diagnostic::error(
            "config",
            at,
            format!(
                "images.widths {widths:?}: give at least one width, each from 16 to 8000 pixels"
            ),
        )
        .with_hint("e.g. `images: { widths: [480, 960, 1600] }`"),
    ]
}

/// What an image file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
    /// Copied as it is (it may be animated); only its size is read.
    Gif,
    /// Copied as it is; its size comes from `width`/`height` or `viewBox`.
    Svg,
}

impl Format {
    /// The format an extension names, if brochure handles it as an image.
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" => Format::Jpeg,
            "png" => Format::Png,
            "webp" => Format::WebP,
            "gif" => Format::Gif,
            "svg" => Format::Svg,
            _ => return None,
        })
    }

    /// Whether brochure re-encodes it into variants.
    pub fn is_raster(self) -> bool {
        matches!(self, Format::Jpeg | Format::Png | Format::WebP)
    }

    /// The extension its variants take.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Gif => "gif",
            Format::Svg => "svg",
        }
    }

    /// The MIME type, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
            Format::Gif => "image/gif",
            Format::Svg => "image/svg+xml",
        }
    }
}

/// An image asset: its format and its size as shown (EXIF orientation applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

/// Extensions that look like images but that browsers or brochure cannot use.
const UNSUPPORTED: &[&str] = &["heic", "heif", "tif", "tiff", "bmp", "avif", "jxl", "psd"];

/// What each asset is as an image (`None` for other files), parallel to `assets`, with a
/// located problem for every image that cannot be used (an error) or should not be
/// published as it is (a warning).
pub fn probe_all(assets: &[Asset]) -> (Vec<Option<Info>>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let results: Vec<(Option<Info>, Vec<Diagnostic>)> =
        assets.par_iter().map(probe_asset).collect();
    let mut diagnostics = Vec::new();
    let infos = results
        .into_iter()
        .map(|(info, mut ds)| {
            diagnostics.append(&mut ds);
            info
        })
        .collect();
    (infos, diagnostics)
}

fn probe_asset(asset: &Asset) -> (Option<Info>, Vec<Diagnostic>) {
    let at = || Location::file_start(&asset.source);
    let mut out = Vec::new();
    let Some(format) = Format::from_path(&asset.rel) else {
        if let Some(ext) = Path::new(&asset.rel).extension().and_then(|e| e.to_str())
            && UNSUPPORTED.contains(&ext.to_ascii_lowercase().as_str())
        {
            out.push(
                Diagnostic::warning(
                    "image-format",
                    at(),
                    format!("`.{ext}` images are not resized and most browsers cannot show them; the file is copied as it is"),
                )
                .with_hint("convert it to JPEG (photos), PNG (drawings) or WebP"),
            );
        }
        return (None, out);
    };
    if asset.bytes.len() > LARGE_SOURCE {
        out.push(large_source(asset, at()));
    }
    if format == Format::Jpeg && !asset.bytes.ends_with(&[0xFF, 0xD9]) {
        out.push(
            Diagnostic::warning(
                "image",
                at(),
                "this JPEG is cut short (it lacks its end marker): what is missing shows grey",
            )
            .with_hint("copy the photo again from where it came from"),
        );
    }
    match probe(format, &asset.bytes) {
        Ok(info) => (Some(info), out),
        Err(why) => {
            out.push(
                Diagnostic::error("image", at(), format!("cannot read this image: {why}"))
                    .with_hint("open it in an image editor and save it again as JPEG, PNG or WebP"),
            );
            (None, out)
        }
    }
}

fn large_source(asset: &Asset, at: Location) -> Diagnostic {
    let mb = asset.bytes.len() as f64 / (1024.0 * 1024.0);
    Diagnostic::warning(
        "image-size",
        at,
        format!("this image is {mb:.1} MB; the build resizes it, but the repository and every build carry the original"),
    )
    .with_hint("save it at most 3000 px wide (JPEG quality 85 is plenty): it will stay sharp")
}

/// The format and shown size of an image's bytes, from its header only: a header that
/// claims more than [`MAX_PIXELS`] is refused here, before anything is decoded.
pub fn probe(format: Format, bytes: &[u8]) -> Result<Info, String> {
    if format == Format::Svg {
        let (width, height) = svg::size(bytes)?;
        return Ok(Info {
            format,
            width,
            height,
        });
    }
    let size = imagesize::blob_size(bytes).map_err(|e| e.to_string())?;
    let (width, height) = (size.width as u32, size.height as u32);
    if width == 0 || height == 0 {
        return Err("it has no pixels".into());
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "its header claims {width}×{height} pixels, more than the {} megapixels brochure decodes",
            MAX_PIXELS / 1_000_000
        ));
    }
    let turned = format.is_raster() && encode::swaps_sides(encode::orientation(bytes)?);
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Info {
        format,
        width,
        height,
    })
}

/// An error for each asset whose output path a variant of another image takes
/// (`photo.480.jpg` beside `photo.jpg`).
pub fn check_clashes(assets: &[Asset], infos: &[Option<Info>], widths: &[u32]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (asset, info) in assets.iter().zip(infos) {
        let Some(info) = info else { continue };
        let plan = plan(info, widths);
        for variant in variants(info, &plan) {
            let path = variant_path(&asset.rel, info, &plan, variant);
            if path == asset.rel {
                continue;
            }
            if let Ok(k) = assets.binary_search_by(|a| a.rel.cmp(&path)) {
                out.push(
                    Diagnostic::error(
                        "image",
                        Location::file_start(&assets[k].source),
                        format!("`{path}` is also the name of a resized copy of `{}`", asset.rel),
                    )
                    .with_hint("rename this file: `name.<width>.<ext>` beside `name.<ext>` is kept for variants"),
                );
            }
        }
    }
    out
}

/// The widths of an image's variants, narrowest first: every width in `widths` narrower
/// than the image, and the image's own width when a wider one was asked for.
pub fn plan(info: &Info, widths: &[u32]) -> Vec<u32> {
    if !info.format.is_raster() {
        return Vec::new();
    }
    let mut out: Vec<u32> = widths.iter().copied().filter(|&w| w < info.width).collect();
    if widths.iter().any(|&w| w >= info.width) {
        out.push(info.width);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The height of a variant `width` wide, rounded, at least 1.
pub fn height_at(info: &Info, width: u32) -> u32 {
    let h = (u64::from(info.height) * u64::from(width) + u64::from(info.width) / 2)
        / u64::from(info.width);
    h.max(1) as u32
}

/// One file a raster image is published as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub format: Format,
}

/// Every file of an image with `plan` widths: each width in WebP and in the source format.
pub fn variants(info: &Info, plan: &[u32]) -> Vec<Variant> {
    let mut out = Vec::new();
    for &width in plan {
        out.push(Variant {
            width,
            format: info.format,
        });
        if info.format != Format::WebP {
            out.push(Variant {
                width,
                format: Format::WebP,
            });
        }
    }
    out
}

/// The output path of a variant of the image at output path `rel` (`zh/a/photo.jpg`):
/// the widest variant in the source format keeps `rel`, the others are
/// `zh/a/photo.480.jpg`, `zh/a/photo.480.webp`.
pub fn variant_path(rel: &str, info: &Info, plan: &[u32], variant: Variant) -> String {
    let widest = plan.last().copied() == Some(variant.width);
    if widest && variant.format == info.format {
        return rel.to_string();
    }
    let stem = match rel.rfind('.') {
        Some(dot) if dot > rel.rfind('/').map_or(0, |s| s + 1) => &rel[..dot],
        _ => rel,
    };
    format!("{stem}.{}.{}", variant.width, variant.format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Info {
        Info {
            format: Format::Jpeg,
            width,
            height,
        }
    }

    #[test]
    fn plans_never_upscale() {
        let widths = DEFAULT_WIDTHS;
        assert_eq!(plan(&jpeg(3000, 2000), &widths), [480, 960, 1600]);
        assert_eq!(plan(&jpeg(800, 600), &widths), [480, 800]);
        assert_eq!(plan(&jpeg(300, 200), &widths), [300]);
        assert_eq!(plan(&jpeg(1600, 900), &widths), [480, 960, 1600]);
        let svg = Info {
            format: Format::Svg,
            ..jpeg(10, 10)
        };
        assert!(plan(&svg, &widths).is_empty());
    }

    #[test]
    fn the_widest_source_format_variant_keeps_the_name() {
        let info = jpeg(3000, 2000);
        let plan = plan(&info, &DEFAULT_WIDTHS);
        let paths: Vec<String> = variants(&info, &plan)
            .into_iter()
            .map(|v| variant_path("zh/a/photo.jpg", &info, &plan, v))
            .collect();
        assert_eq!(
            paths,
            [
                "zh/a/photo.480.jpg",
                "zh/a/photo.480.webp",
                "zh/a/photo.960.jpg",
                "zh/a/photo.960.webp",
                "zh/a/photo.jpg",
                "zh/a/photo.1600.webp"
            ]
        );
        assert_eq!(height_at(&info, 480), 320);
    }
}
