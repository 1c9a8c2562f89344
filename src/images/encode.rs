//! Making a variant: decode within limits (a decompression bomb is refused), apply the
//! EXIF orientation, resize with a Lanczos3 filter (`fast_image_resize`, 10–20× faster
//! than `image`'s own resize here), encode JPEG or PNG with `image` and lossy WebP with
//! libwebp (`webp`: `image`'s WebP encoder is lossless only, 8× the bytes on photos).
//! The encoders write no EXIF, XMP or IPTC: only the colour profile is carried over.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits};

use super::{Format, MAX_PIXELS, Variant};

/// JPEG quality of the variants.
pub const JPEG_QUALITY: u8 = 82;
/// WebP quality of the variants (libwebp's scale).
pub const WEBP_QUALITY: f32 = 80.0;

/// A decoded image, turned upright, and its colour profile.
pub struct Source {
    pub image: DynamicImage,
    pub icc: Option<Vec<u8>>,
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let side = MAX_PIXELS as u32;
    let mut limits = Limits::default();
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    Ok(reader)
}

/// The EXIF orientation of an image, from its header. The JPEG decoder copies all the
/// bytes it is given, so it is given the first 256 KB, which hold the header (EXIF is at
/// most 64 KB), and all of them only when the header is longer than that.
pub fn orientation(bytes: &[u8]) -> Result<Orientation, String> {
    const HEADER: usize = 256 * 1024;
    if bytes.len() > HEADER
        && let Ok(orientation) = orientation_of(&bytes[..HEADER])
    {
        return Ok(orientation);
    }
    orientation_of(bytes)
}

fn orientation_of(bytes: &[u8]) -> Result<Orientation, String> {
    let mut decoder = reader(bytes)?.into_decoder().map_err(|e| e.to_string())?;
    Ok(decoder.orientation().unwrap_or(Orientation::NoTransforms))
}

/// Whether an orientation turns the image a quarter: its width is its stored height.
pub fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Decodes `bytes`, upright. A header claiming more than the limits, a truncated or
/// corrupt file is an error saying so, with no more memory taken than the limits allow.
pub fn decode(bytes: &[u8]) -> Result<Source, String> {
    let mut decoder = reader(bytes)?.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(Source { image, icc })
}

/// The bytes of `variant` of `source` (never wider than the source).
pub fn encode(source: &Source, variant: Variant) -> Result<Vec<u8>, String> {
    let (width, height) = (source.image.width(), source.image.height());
    let to_width = variant.width.min(width);
    let to_height = ((u64::from(height) * u64::from(to_width) + u64::from(width) / 2)
        / u64::from(width))
    .max(1) as u32;
    let alpha = source.image.color().has_alpha() && variant.format != Format::Jpeg;
    let (pixels, channels) = if alpha {
        (source.image.to_rgba8().into_raw(), 4)
    } else {
        (source.image.to_rgb8().into_raw(), 3)
    };
    let pixels = if (to_width, to_height) == (width, height) {
        pixels
    } else {
        brochure_resize::resize(&pixels, (width, height), channels, (to_width, to_height))?
    };
    let size = (to_width, to_height);
    match variant.format {
        Format::WebP => {
            super::webp::encode(&pixels, size, alpha, WEBP_QUALITY, source.icc.as_deref())
        }
        Format::Jpeg => {
            let mut out = Vec::new();
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            write(encoder, source, &pixels, size, alpha)?;
            Ok(out)
        }
        Format::Png => {
            let mut out = Vec::new();
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            write(encoder, source, &pixels, size, alpha)?;
            Ok(out)
        }
        Format::Gif | Format::Svg => Err("only JPEG, PNG and WebP are re-encoded".into()),
    }
}

/// Writes pixels through an `image` encoder, with the source's colour profile if any.
fn write(
    mut encoder: impl ImageEncoder,
    source: &Source,
    pixels: &[u8],
    (width, height): (u32, u32),
    alpha: bool,
) -> Result<(), String> {
    if let Some(icc) = &source.icc {
        // An encoder that cannot embed a profile writes sRGB, which is what most are.
        let _ = encoder.set_icc_profile(icc.clone());
    }
    let color = if alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    encoder
        .write_image(pixels, width, height, color)
        .map_err(|e| e.to_string())
}
