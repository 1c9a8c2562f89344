//! Lossy WebP through libwebp (the `webp` crate, as Zola uses), with the source's colour
//! profile: libwebp's encoder writes a bare image, and its mux library puts the profile
//! in an `ICCP` chunk of the extended container, as the WebP container spec (RFC 9649)
//! places it. A photo from a phone in Display P3 keeps its colours that way.

use libwebp_sys as sys;

/// Lossy WebP of RGB or RGBA `pixels` at `quality`, with `icc` when there is one.
pub fn encode(
    pixels: &[u8],
    (width, height): (u32, u32),
    alpha: bool,
    quality: f32,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let encoder = if alpha {
        webp::Encoder::from_rgba(pixels, width, height)
    } else {
        webp::Encoder::from_rgb(pixels, width, height)
    };
    let image = encoder.encode(quality);
    match icc {
        Some(icc) if !icc.is_empty() => with_profile(&image, icc),
        _ => Ok(image.to_vec()),
    }
}

/// `image` (a WebP file) with the colour profile `icc` added.
fn with_profile(image: &[u8], icc: &[u8]) -> Result<Vec<u8>, String> {
    let image_data = sys::WebPData {
        bytes: image.as_ptr(),
        size: image.len(),
    };
    let icc_data = sys::WebPData {
        bytes: icc.as_ptr(),
        size: icc.len(),
    };
    let mut out = sys::WebPData {
        bytes: std::ptr::null(),
        size: 0,
    };
    let mux = sys::WebPMuxNew();
    if mux.is_null() {
        return Err("libwebp could not make a WebP container".into());
    }
    let ok = sys::WebPMuxError::WEBP_MUX_OK;
    // SAFETY: `mux` is a live mux from WebPMuxNew, deleted once below. Both inputs are
    // copied into it (copy_data = 1), so it never points into `image` or `icc`. `out` is
    // written by WebPMuxAssemble with memory libwebp allocated, which is copied into a
    // Vec and then freed by WebPDataClear, once.
    unsafe {
        let assembled = sys::WebPMuxSetImage(mux, &image_data, 1) == ok
            && sys::WebPMuxSetChunk(mux, c"ICCP".as_ptr(), &icc_data, 1) == ok
            && sys::WebPMuxAssemble(mux, &mut out) == ok;
        sys::WebPMuxDelete(mux);
        let bytes = (assembled && !out.bytes.is_null())
            .then(|| std::slice::from_raw_parts(out.bytes, out.size).to_vec());
        sys::WebPDataClear(&mut out);
        bytes.ok_or_else(|| "libwebp could not add the colour profile to a WebP image".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_in_an_iccp_chunk_that_decoders_read() {
        let pixels = vec![200u8; 16 * 8 * 3];
        let icc = b"a stand-in profile: decoders hand it on as bytes".to_vec();
        let bytes = encode(&pixels, (16, 8), false, 80.0, Some(&icc)).unwrap();
        assert_eq!(&bytes[..4], b"RIFF");
        assert_eq!(&bytes[12..16], b"VP8X", "the extended container");
        let mut decoder =
            image::codecs::webp::WebPDecoder::new(std::io::Cursor::new(&bytes)).unwrap();
        use image::ImageDecoder;
        assert_eq!(decoder.icc_profile().unwrap(), Some(icc));
        assert_eq!(decoder.dimensions(), (16, 8));
        let plain = encode(&pixels, (16, 8), false, 80.0, None).unwrap();
        let mut decoder =
            image::codecs::webp::WebPDecoder::new(std::io::Cursor::new(&plain)).unwrap();
        assert_eq!(decoder.icc_profile().unwrap(), None);
    }
}
