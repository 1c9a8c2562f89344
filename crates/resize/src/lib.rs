//! brochure's one call into `fast_image_resize`, in its own crate: the library's generic
//! code is compiled here once instead of in brochure, where it cost half a minute of
//! codegen on every release rebuild (see `../shared/notes/crates-next.md` §3).

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

/// Resizes 8-bit pixels (`channels` 3 for RGB, 4 for RGBA, alpha taken into account) from
/// `width`×`height` to `to_width`×`to_height` with a Lanczos3 filter.
pub fn resize(
    pixels: &[u8],
    (width, height): (u32, u32),
    channels: u8,
    (to_width, to_height): (u32, u32),
) -> Result<Vec<u8>, String> {
    let pixel_type = match channels {
        3 => PixelType::U8x3,
        4 => PixelType::U8x4,
        n => return Err(format!("{n} channels: only RGB and RGBA are resized")),
    };
    let source = ImageRef::new(width, height, pixels, pixel_type).map_err(|e| e.to_string())?;
    let mut target = Image::new(to_width, to_height, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| e.to_string())?;
    Ok(target.into_vec())
}

#[cfg(test)]
mod tests {
    #[test]
    fn halves_an_image() {
        let pixels = vec![200u8; 4 * 2 * 3];
        let out = super::resize(&pixels, (4, 2), 3, (2, 1)).unwrap();
        assert_eq!(out, vec![200u8; 2 * 3]);
    }
}
