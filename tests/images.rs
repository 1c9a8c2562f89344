//! Images end to end (issue 13): every Markdown `<img>` sized, lazy after the page's
//! first, with WebP and source-format variants that are never upscaled, turned upright
//! and stripped of EXIF (GPS above all); variants cached and reused; an asset stored once
//! whatever the number of languages; bad images reported at their file.

mod common;

use std::path::{Path, PathBuf};

use common::{brochure, build, copy_tree, files, fixture, read};

/// A JPEG `width`×`height` (as stored) whose EXIF says Orientation 6 (turn a quarter
/// clockwise) and carries a GPS position, as a phone writes it.
fn phone_photo(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&pixels)
        .unwrap();
    let exif = exif_block();
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((exif.len() + 8) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&exif);
    // After SOI (FF D8), before everything else.
    jpeg.splice(2..2, app1);
    jpeg
}

/// TIFF-structured EXIF: Orientation 6 and a GPS latitude/longitude (Shanghai).
fn exif_block() -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let field = |tag, value| Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    };
    let dms = |d, m, s| {
        Value::Rational(vec![
            Rational::from((d, 1)),
            Rational::from((m, 1)),
            Rational::from((s, 1)),
        ])
    };
    let fields = [
        field(Tag::Orientation, Value::Short(vec![6])),
        field(Tag::GPSLatitudeRef, Value::Ascii(vec![b"N".to_vec()])),
        field(Tag::GPSLatitude, dms(31, 17, 34)),
        field(Tag::GPSLongitudeRef, Value::Ascii(vec![b"E".to_vec()])),
        field(Tag::GPSLongitude, dms(121, 33, 11)),
    ];
    let mut writer = exif::experimental::Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    writer.write(&mut out, false).unwrap();
    out.into_inner()
}

/// The EXIF fields of a JPEG, if it has any.
fn exif_fields(bytes: &[u8]) -> Vec<exif::Tag> {
    match exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) {
        Ok(e) => e.fields().map(|f| f.tag).collect(),
        Err(_) => Vec::new(),
    }
}

/// The basic fixture with a phone photo (1200×800 stored, 800×1200 shown) on a page with
/// two images, in both languages.
fn photo_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::write(site.join("content/about/photo.jpg"), phone_photo(1200, 800)).unwrap();
    for (lang, alt) in [("zh", "校园"), ("en", "Campus")] {
        std::fs::write(
            site.join(format!("content/about/campus.{lang}.md")),
            format!("---\ntitle: {alt}\n---\n\n![{alt}](photo.jpg)\n\n![{alt} 2](photo.jpg) ![](logo.svg)\n"),
        )
        .unwrap();
    }
    site
}

fn dims(bytes: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory(bytes).unwrap();
    (image.width(), image.height())
}

#[test]
fn markdown_images_are_sized_responsive_upright_and_stripped() {
    let dir = tempfile::tempdir().unwrap();
    let site = photo_site(dir.path());
    let out = dir.path().join("out");
    build(&site, &out, &[]);
    let zh = read(&out.join("zh/about/campus/index.html"));
    let sizes = "(max-width: 44rem) 100vw, 44rem";
    let first = format!(
        "<picture><source type=\"image/webp\" srcset=\"../photo.480.webp 480w, ../photo.800.webp 800w\" sizes=\"{sizes}\"><img src=\"../photo.jpg\" width=\"800\" height=\"1200\" srcset=\"../photo.480.jpg 480w, ../photo.jpg 800w\" sizes=\"{sizes}\" decoding=\"async\" alt=\"校园\" /></picture>"
    );
    assert!(zh.contains(&first), "{zh}");
    assert!(
        zh.contains("decoding=\"async\" loading=\"lazy\" alt=\"校园 2\" /></picture>"),
        "every image after the first is lazy: {zh}"
    );
    assert!(
        zh.contains("<img src=\"../logo.svg\" width=\"10\" height=\"10\" decoding=\"async\" loading=\"lazy\" alt=\"\" />"),
        "an SVG gets its viewBox size: {zh}"
    );
    let en = read(&out.join("en/about/campus/index.html"));
    assert!(
        en.contains("<img src=\"../../../zh/about/photo.jpg\" width=\"800\" height=\"1200\""),
        "{en}"
    );
    // Stored once, upright, never upscaled, each width in both formats.
    let written = files(&out);
    for f in [
        "photo.jpg",
        "photo.480.jpg",
        "photo.480.webp",
        "photo.800.webp",
        "logo.svg",
    ] {
        assert!(
            written.contains(&format!("zh/about/{f}")),
            "zh/about/{f}: {written:?}"
        );
        assert!(
            !written.contains(&format!("en/about/{f}")),
            "en/about/{f} is a second copy"
        );
    }
    assert!(
        !written
            .iter()
            .any(|f| f.contains(".960.") || f.contains(".1600.")),
        "{written:?}"
    );
    let photo = std::fs::read(out.join("zh/about/photo.jpg")).unwrap();
    assert_eq!(dims(&photo), (800, 1200), "EXIF orientation applied");
    assert_eq!(
        dims(&std::fs::read(out.join("zh/about/photo.480.webp")).unwrap()),
        (480, 720)
    );
    let source = std::fs::read(site.join("content/about/photo.jpg")).unwrap();
    assert!(
        exif_fields(&source).contains(&exif::Tag::GPSLatitude),
        "the test photo has GPS"
    );
    for f in ["photo.jpg", "photo.480.jpg"] {
        let bytes = std::fs::read(out.join("zh/about").join(f)).unwrap();
        assert_eq!(exif_fields(&bytes), [], "{f} keeps no EXIF");
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{f} has no APP1 Exif block"
        );
    }
}

/// The cache files and their modification times.
fn cache_state(site: &Path) -> Vec<(String, std::time::SystemTime)> {
    let dir = site.join(".brochure-cache/images");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn variants_are_made_once_reused_and_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let site = photo_site(dir.path());
    let out = dir.path().join("out");
    build(&site, &out, &[]);
    let first = cache_state(&site);
    assert_eq!(
        first.len(),
        5,
        "480 and 800, JPEG and WebP, and the print editions' copy: {first:?}"
    );
    let photo = std::fs::read(out.join("zh/about/photo.jpg")).unwrap();
    // A change elsewhere renders again; the variants come from the cache, untouched.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let page = site.join("content/about/campus.en.md");
    std::fs::write(&page, read(&page) + "\nMore text.\n").unwrap();
    build(&site, &out, &[]);
    assert_eq!(cache_state(&site), first, "a rebuild encodes nothing");
    assert_eq!(
        std::fs::read(out.join("zh/about/photo.jpg")).unwrap(),
        photo
    );
    #[cfg(unix)]
    {
        // Linked in from the cache, not copied: the same file, readable by a web server,
        // writable by no one (an edit to the output must not reach the cache).
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let published = std::fs::metadata(out.join("zh/about/photo.480.webp")).unwrap();
        let cached = std::fs::read_dir(site.join(".brochure-cache/images"))
            .unwrap()
            .flatten()
            .map(|e| e.metadata().unwrap())
            .find(|m| m.ino() == published.ino());
        assert!(cached.is_some(), "the variant is a link to a cached file");
        assert_eq!(published.permissions().mode() & 0o777, 0o444);
    }
    // Other widths: new variants. The old ones stay while the output they were linked
    // into is there (unlinking them would mark its files changed); the build after it
    // was replaced prunes them.
    let yaml = site.join("site.yaml");
    std::fs::write(&yaml, read(&yaml) + "images: { widths: [300] }\n").unwrap();
    build(&site, &out, &[]);
    assert_eq!(cache_state(&site).len(), 7, "{:?}", cache_state(&site));
    let page = site.join("content/about/campus.zh.md");
    std::fs::write(&page, read(&page) + "\nMore.\n").unwrap();
    build(&site, &out, &[]);
    let now = cache_state(&site);
    assert_eq!(
        now.len(),
        3,
        "the 300 px JPEG and WebP, and the print editions' copy: {now:?}"
    );
    // The print copy (800 px JPEG, the photo's own width, kept as its `data:` URI) is the
    // first build's, untouched; the four old variants are gone.
    assert_eq!(
        now.iter().filter(|f| first.contains(f)).count(),
        1,
        "{now:?}"
    );
    let zh = read(&out.join("zh/about/campus/index.html"));
    assert!(zh.contains("srcset=\"../photo.jpg 300w\""), "{zh}");
    assert!(!out.join("zh/about/photo.480.jpg").exists());
}

#[test]
fn image_function_gives_url_size_and_srcsets() {
    let dir = tempfile::tempdir().unwrap();
    let site = photo_site(dir.path());
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/probe.html"),
        "{% set i = image(path=\"@/about/photo.jpg\", width=400) %}[{{ i.url }}|{{ i.width }}x{{ i.height }}|{{ i.srcset }}|{{ i.webp_srcset }}]\n{% set l = image(path=\"style.css\") %}",
    )
    .unwrap();
    std::fs::write(site.join("templates/probe2.html"), "{% set i = image(path=\"@/about/logo.svg\") %}[{{ i.url }}|{{ i.width }}x{{ i.height }}|{{ i.srcset }}]").unwrap();
    let page = |name: &str, template: &str| {
        std::fs::write(
            site.join(format!("content/{name}.zh.md")),
            format!("---\ntitle: p\ntemplate: {template}\n---\n"),
        )
        .unwrap();
    };
    page("probe2", "probe2.html");
    build(&site, &dir.path().join("svg"), &[]);
    let svg = read(&dir.path().join("svg/zh/probe2/index.html"));
    assert_eq!(svg, "[../about/logo.svg|10x10|]");
    page("probe", "probe.html");
    let failed = brochure(&[
        "build",
        "--site",
        site.to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("image(path=\"style.css\"): not a JPEG, PNG, WebP, GIF or SVG image"),
        "{stderr}"
    );
    std::fs::write(
        site.join("templates/probe.html"),
        "{% set i = image(path=\"@/about/photo.jpg\", width=400) %}[{{ i.url }}|{{ i.width }}x{{ i.height }}|{{ i.srcset }}|{{ i.webp_srcset }}]",
    )
    .unwrap();
    build(&site, &dir.path().join("o"), &[]);
    let html = read(&dir.path().join("o/zh/probe/index.html"));
    assert_eq!(
        html,
        "[../about/photo.480.jpg|400x600|../about/photo.480.jpg 480w, ../about/photo.jpg 800w|../about/photo.480.webp 480w, ../about/photo.800.webp 800w]"
    );
}

/// A PNG whose header claims `width`×`height` and holds almost nothing.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&ihdr);
    png.extend_from_slice(&chunk);
    png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Builds the basic fixture with `name` holding `bytes` and a page showing it.
fn build_with(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::write(site.join("content/about").join(name), bytes).unwrap();
    let out = dir.path().join("out");
    let output = brochure(&[
        "build",
        "--site",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    (dir, output)
}

#[test]
fn bad_images_are_located_errors_without_a_panic() {
    let mut png = Vec::new();
    image::RgbImage::from_pixel(600, 400, image::Rgb([1, 2, 3]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png.truncate(png.len() / 2);
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "bomb.png",
            png_header(30_000, 30_000),
            "its header claims 30000×30000 pixels, more than the 100 megapixels brochure decodes",
        ),
        ("cut.png", png, "cannot decode this image"),
        (
            "junk.jpg",
            b"not an image at all".to_vec(),
            "cannot read this image",
        ),
    ];
    for (name, bytes, message) in cases {
        let (_dir, output) = build_with(name, &bytes);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("content/about/{name}:1:1")),
            "{name} is named: {stderr}"
        );
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_file_named_like_a_variant_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let site = photo_site(dir.path());
    std::fs::write(site.join("content/about/photo.480.webp"), b"mine").unwrap();
    let check = brochure(&["check", "--site", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/about/photo.480.webp:1:1")
            && stderr.contains(
                "`about/photo.480.webp` is also the name of a resized copy of `about/photo.jpg`"
            ),
        "{stderr}"
    );
}

#[test]
fn a_truncated_jpeg_is_a_warning_naming_it() {
    let mut truncated = phone_photo(600, 400);
    truncated.truncate(truncated.len() / 3);
    let (_dir, output) = build_with("cut.jpg", &truncated);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/about/cut.jpg:1:1") && stderr.contains("this JPEG is cut short"),
        "{stderr}"
    );
}

#[test]
fn unsupported_formats_and_large_sources_are_warnings() {
    let (_dir, output) = build_with("photo.heic", b"ftypheic");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/about/photo.heic:1:1")
            && stderr.contains("`.heic` images are not resized"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    // Noise does not compress: a 1600×1200 noisy PNG is over 5 MB.
    let mut seed = 1u32;
    let noisy = image::RgbImage::from_fn(1600, 1200, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        image::Rgb([(seed >> 24) as u8, (seed >> 16) as u8, (seed >> 8) as u8])
    });
    noisy.save(site.join("content/about/big.png")).unwrap();
    assert!(
        std::fs::metadata(site.join("content/about/big.png"))
            .unwrap()
            .len()
            > 5 * 1024 * 1024
    );
    let check = brochure(&["check", "--site", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&check.stderr).into_owned()
        + &String::from_utf8_lossy(&check.stdout);
    assert!(
        stderr.contains("content/about/big.png:1:1") && stderr.contains("MB; the build resizes it"),
        "{stderr}"
    );
}

#[test]
fn print_editions_embed_a_print_size_copy_without_exif() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    // 2400×1600 stored, Orientation 6: 1600×2400 shown; print copy 1333×2000.
    std::fs::write(
        site.join("content/about/photo.jpg"),
        phone_photo(2400, 1600),
    )
    .unwrap();
    let page = site.join("content/about/_index.zh.md");
    std::fs::write(&page, read(&page) + "\n![校园](photo.jpg)\n").unwrap();
    let out = dir.path().join("out");
    build(&site, &out, &[]);
    let edition = read(&out.join("print/brochure.zh.html"));
    let start = edition
        .find("data:image/jpeg;base64,")
        .expect("the photo is inlined as JPEG")
        + 23;
    let end = start + edition[start..].find('"').unwrap();
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&edition[start..end])
        .unwrap();
    assert_eq!(dims(&bytes), (1333, 2000), "upright, long edge 2000 px");
    assert_eq!(exif_fields(&bytes), [], "no EXIF (no GPS) in print either");
    let source = std::fs::read(site.join("content/about/photo.jpg")).unwrap();
    assert!(bytes.len() < source.len());
}

/// The one metadata kept: a photo's colour profile reaches both its JPEG and its WebP
/// variants (the GPS tags beside it are gone, see above).
#[test]
fn colour_profiles_reach_jpeg_and_webp_variants() {
    use image::{ImageDecoder, ImageEncoder};
    let dir = tempfile::tempdir().unwrap();
    let site = photo_site(dir.path());
    let pixels = image::RgbImage::from_fn(1000, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let icc = b"stand-in ICC profile bytes, handed on as they are".to_vec();
    let mut jpeg = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90);
    encoder.set_icc_profile(icc.clone()).unwrap();
    encoder
        .write_image(pixels.as_raw(), 1000, 600, image::ExtendedColorType::Rgb8)
        .unwrap();
    std::fs::write(site.join("content/about/photo.jpg"), jpeg).unwrap();
    let out = dir.path().join("out");
    build(&site, &out, &[]);
    let webp = std::fs::read(out.join("zh/about/photo.480.webp")).unwrap();
    let mut decoder = image::codecs::webp::WebPDecoder::new(std::io::Cursor::new(webp)).unwrap();
    assert_eq!(decoder.icc_profile().unwrap(), Some(icc.clone()), "WebP");
    let jpeg = std::fs::read(out.join("zh/about/photo.480.jpg")).unwrap();
    let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(jpeg)).unwrap();
    assert_eq!(decoder.icc_profile().unwrap(), Some(icc), "JPEG");
}

/// An edition that embeds megabytes of photos is kept under `.brochure-cache/print`: a
/// build that renders it the same links the kept file in instead of writing it again,
/// and an edit makes a new one.
#[test]
fn heavy_print_editions_are_kept_and_linked_when_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let site = photo_site(dir.path());
    let mut state = 1u32;
    let noise = image::RgbImage::from_fn(2000, 1500, |_, _| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let b = state.to_le_bytes();
        image::Rgb([b[1], b[2], b[3]])
    });
    noise.save(site.join("content/about/photo.jpg")).unwrap();
    build(&site, &dir.path().join("a"), &[]);
    build(&site, &dir.path().join("b"), &[]);
    let edition = "print/brochure.zh.html";
    let (a, b) = (
        dir.path().join("a").join(edition),
        dir.path().join("b").join(edition),
    );
    assert!(
        std::fs::metadata(&a).unwrap().len() > 1 << 20,
        "a heavy edition"
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let kept: Vec<PathBuf> = std::fs::read_dir(site.join(".brochure-cache/print"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert!(kept.iter().any(|k| inode(k) == inode(&b)), "{kept:?}");
        assert_eq!(inode(&a), inode(&b), "both outputs link the kept edition");
    }
    let page = site.join("content/about/campus.zh.md");
    std::fs::write(&page, read(&page) + "\n新增的一段。\n").unwrap();
    build(&site, &dir.path().join("c"), &[]);
    assert!(read(&dir.path().join("c").join(edition)).contains("新增的一段"));
    assert!(
        !read(&b).contains("新增的一段"),
        "the earlier output is untouched"
    );
}
