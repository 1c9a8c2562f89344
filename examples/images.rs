//! Image benchmark (issue 13, point 7): the default site plus a bilingual gallery of 100
//! generated 3000×2000 JPEGs (each shown on the zh and the en gallery page), built through
//! the library as `brochure build` does.
//!
//! ```sh
//! cargo run --release --example images -- [--photos 100] [--runs 5] [--dir /tmp/bench-images] [--size 3000x2000]
//! ```
//!
//! Prints: the cold build (empty variants cache: every variant decoded, resized, encoded),
//! the output size against the sources, and the warm build (cache full) against the same
//! site with no images, each warm figure the median of `--runs` builds into a fresh output
//! folder (so every page and variant is written, none skipped as unchanged); then the
//! same without the print editions (which embed a copy of every photo), and the rebuild
//! after a one-page edit into the same output folder, with and without them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brochure::build::{BuildOptions, build};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
            .unwrap_or_else(|| default.to_string())
    };
    let photos: usize = arg("--photos", "100").parse().expect("--photos N");
    let runs: usize = arg("--runs", "5").parse().expect("--runs N");
    let dir = PathBuf::from(arg("--dir", "/tmp/bench-images"));
    let size = arg("--size", "3000x2000");
    let (width, height) = size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .expect("--size WIDTHxHEIGHT");
    let _ = std::fs::remove_dir_all(&dir);
    let with = dir.join("with-images");
    let without = dir.join("without-images");
    let generated = Instant::now();
    write_site(&with, photos, true, (width, height));
    write_site(&without, photos, false, (width, height));
    let sources = folder_size(&with.join("content/gallery"));
    println!(
        "{photos} photos of {width}×{height} generated in {:.1} s ({:.1} MB of JPEG q90)",
        generated.elapsed().as_secs_f64(),
        mb(sources)
    );
    let cold = timed_build(&with, &dir.join("out-cold"));
    let variants = std::fs::read_dir(with.join(".brochure-cache/images")).map_or(0, |d| d.count());
    println!(
        "cold build (empty cache): {:.2} s, {variants} variants encoded",
        cold.as_secs_f64()
    );
    let out_with = folder_size(&dir.join("out-cold"));
    for edition in ["zh", "en", "bilingual"] {
        let file = dir.join(format!("out-cold/print/brochure.{edition}.html"));
        let bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
        println!("print edition {edition}: {:.1} MB", mb(bytes));
    }
    let warm = median((0..runs).map(|k| timed_build(&with, &dir.join(format!("out-warm-{k}")))));
    let plain =
        median((0..runs).map(|k| timed_build(&without, &dir.join(format!("out-plain-{k}")))));
    let out_without = folder_size(&dir.join("out-plain-0"));
    println!(
        "output: {:.1} MB with the photos ({:.1} MB of them images), {:.1} MB without; the sources would add {:.1} MB per language copied as they were",
        mb(out_with),
        mb(out_with - out_without),
        mb(out_without),
        mb(sources)
    );
    println!(
        "warm build into a fresh folder (cache full): {} ms; same site without images: {} ms; overhead {} ms (median of {runs})",
        warm.as_millis(),
        plain.as_millis(),
        warm.as_millis() as i128 - plain.as_millis() as i128
    );
    let edit = |site: &Path, k: usize| {
        let page = site.join("content/_index.en.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(
            &page,
            format!(
                "{text}
Edit {k}.
"
            ),
        )
        .unwrap();
    };
    let rebuild = |site: &Path, out: &Path| {
        median((0..runs).map(|k| {
            edit(site, k);
            timed_build(site, out)
        }))
    };
    // The same two sites with no print editions: what the variants cost apart from the
    // editions' embedded copies, whose bytes are the editions' own.
    let print =
        folder_size(&dir.join("out-warm-0/print")) - folder_size(&dir.join("out-plain-0/print"));
    for site in [&with, &without] {
        let _ = std::fs::remove_file(site.join("themes/brochure/templates/print.html"));
    }
    let warm_np = median((0..runs).map(|k| timed_build(&with, &dir.join(format!("np-warm-{k}")))));
    let plain_np =
        median((0..runs).map(|k| timed_build(&without, &dir.join(format!("np-plain-{k}")))));
    println!(
        "without print editions (they embed {:.1} MB of photos): warm build into a fresh folder {} ms; without images {} ms; overhead {} ms (median of {runs})",
        mb(print),
        warm_np.as_millis(),
        plain_np.as_millis(),
        warm_np.as_millis() as i128 - plain_np.as_millis() as i128
    );
    let again_np = rebuild(&with, &dir.join("np-warm-0"));
    let again_plain_np = rebuild(&without, &dir.join("np-plain-0"));
    println!(
        "without print editions, rebuild after a one-page edit: {} ms; without images {} ms; overhead {} ms (median of {runs})",
        again_np.as_millis(),
        again_plain_np.as_millis(),
        again_np.as_millis() as i128 - again_plain_np.as_millis() as i128
    );
    let template =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/brochure/templates/print.html");
    for site in [&with, &without] {
        std::fs::copy(&template, site.join("themes/brochure/templates/print.html")).unwrap();
    }
    let again = rebuild(&with, &dir.join("out-warm-0"));
    let again_plain = rebuild(&without, &dir.join("out-plain-0"));
    println!(
        "rebuild after a one-page edit, same output folder: {} ms; without images: {} ms; overhead {} ms (median of {runs})",
        again.as_millis(),
        again_plain.as_millis(),
        again.as_millis() as i128 - again_plain.as_millis() as i128
    );
}

fn timed_build(site: &Path, out: &Path) -> Duration {
    let start = Instant::now();
    let options = BuildOptions {
        site: site.to_path_buf(),
        out: Some(out.to_path_buf()),
        ..BuildOptions::default()
    };
    build(&options).unwrap_or_else(|e| panic!("build failed: {e}"));
    start.elapsed()
}

fn median(times: impl Iterator<Item = Duration>) -> Duration {
    let mut times: Vec<Duration> = times.collect();
    times.sort();
    times[times.len() / 2]
}

/// The repository's site with a gallery section in both languages; with `images`, the
/// photos and one `![…](pNNN.jpg)` per photo on each gallery page.
fn write_site(site: &Path, photos: usize, images: bool, size: (u32, u32)) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["site.yaml", "content", "themes", "locales"] {
        copy(&repo.join(part), &site.join(part));
    }
    let gallery = site.join("content/gallery");
    std::fs::create_dir_all(&gallery).unwrap();
    let mut zh = String::from("---\ntitle: 图库\nweight: 99\n---\n\n");
    let mut en = String::from("---\ntitle: Gallery\nweight: 99\n---\n\n");
    for k in 0..photos {
        let name = format!("p{k:03}.jpg");
        if images {
            std::fs::write(gallery.join(&name), photo(k as u32, size)).unwrap();
            zh.push_str(&format!("![照片 {k}]({name})\n\n"));
            en.push_str(&format!("![Photo {k}]({name})\n\n"));
        } else {
            zh.push_str(&format!("照片 {k}\n\n"));
            en.push_str(&format!("Photo {k}\n\n"));
        }
    }
    std::fs::write(gallery.join("_index.zh.md"), zh).unwrap();
    std::fs::write(gallery.join("_index.en.md"), en).unwrap();
}

/// A JPEG q90 with smooth gradients and a little grain: about the bytes of a real photo
/// of that size (1 MB at 3000×2000).
fn photo(seed: u32, (width, height): (u32, u32)) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let grain = (state >> 30) as u8;
        let r = ((x / 12 + seed * 17) % 256) as u8;
        let g = ((y / 8 + x / 40) % 256) as u8;
        let b = (((x + y) / 20 + seed * 5) % 256) as u8;
        image::Rgb([r.wrapping_add(grain), g.wrapping_add(grain), b])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&image)
        .unwrap();
    out
}

fn copy(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
        return;
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn folder_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}
