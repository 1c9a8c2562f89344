#!/usr/bin/env bash
# Zola's resize_image on the photos of examples/images.rs, for the image benchmark's
# comparison (issue 13, point 7):
#
#   cargo run --release --example images -- --photos 100 --runs 3   # makes the photos
#   ZOLA=/path/to/zola bash benches/zola_images.sh [PHOTOS_DIR]
#
# PHOTOS_DIR defaults to /tmp/bench-images/with-images/content/gallery (where the example
# leaves its generated 3000x2000 JPEGs). It writes a bilingual Zola site (zh default, en)
# under target/bench-zola-images/ whose gallery section shows every photo in both
# languages through resize_image at the widths brochure makes (480, 960, 1600; op
# fit_width), each in WebP (quality 80) and JPEG (quality 82), brochure's qualities. Then:
#   - cold: `zola build` with Zola's processed-images cache emptied, RUNS times;
#   - warm: `zola build` again with the cache full, RUNS times;
# and prints the median wall times and the size of the images Zola wrote.
# Zola is not on any registry this machine reaches: build it once from source
# (`cargo build --release` in a checkout of getzola/zola) and point ZOLA at the binary.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ZOLA=${ZOLA:-zola}
RUNS=${RUNS:-3}
PHOTOS=${1:-/tmp/bench-images/with-images/content/gallery}
SITE=target/bench-zola-images
command -v "$ZOLA" >/dev/null || { echo "error: no zola at '$ZOLA' (set ZOLA=...)" >&2; exit 2; }
ls "$PHOTOS"/*.jpg >/dev/null 2>&1 || { echo "error: no photos in $PHOTOS (run the images example first)" >&2; exit 2; }

rm -rf "$SITE"
mkdir -p "$SITE/content/gallery" "$SITE/templates"
cat > "$SITE/config.toml" <<'TOML'
base_url = "https://example.edu.cn"
default_language = "zh"
build_search_index = false
compile_sass = false
[languages.en]
TOML
cp "$PHOTOS"/*.jpg "$SITE/content/gallery/"
printf '+++\ntitle = "图库"\n+++\n' > "$SITE/content/gallery/_index.md"
printf '+++\ntitle = "Gallery"\n+++\n' > "$SITE/content/gallery/_index.en.md"
printf '+++\ntitle = "首页"\n+++\n' > "$SITE/content/_index.md"
printf '+++\ntitle = "Home"\n+++\n' > "$SITE/content/_index.en.md"
cat > "$SITE/templates/index.html" <<'HTML'
<!doctype html><html lang="{{ lang }}"><title>{{ section.title }}</title><a href="{{ get_url(path='@/gallery/_index.md', lang=lang) }}">gallery</a></html>
HTML
cat > "$SITE/templates/section.html" <<'HTML'
<!doctype html><html lang="{{ lang }}"><title>{{ section.title }}</title><main>
{% for asset in section.assets | sort %}{% if asset is ending_with(".jpg") %}
{% set name = asset | split(pat="/") | last %}{% set asset = "gallery/" ~ name %}
{% set w1 = resize_image(path=asset, width=480, op="fit_width", format="webp", quality=80) %}
{% set w2 = resize_image(path=asset, width=960, op="fit_width", format="webp", quality=80) %}
{% set w3 = resize_image(path=asset, width=1600, op="fit_width", format="webp", quality=80) %}
{% set j1 = resize_image(path=asset, width=480, op="fit_width", format="jpg", quality=82) %}
{% set j2 = resize_image(path=asset, width=960, op="fit_width", format="jpg", quality=82) %}
{% set j3 = resize_image(path=asset, width=1600, op="fit_width", format="jpg", quality=82) %}
<picture><source type="image/webp" srcset="{{ w1.url }} 480w, {{ w2.url }} 960w, {{ w3.url }} 1600w">
<img src="{{ j3.url }}" srcset="{{ j1.url }} 480w, {{ j2.url }} 960w, {{ j3.url }} 1600w" width="{{ j3.width }}" height="{{ j3.height }}" alt=""></picture>
{% endif %}{% endfor %}</main></html>
HTML

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local s e; s=$(date +%s.%N); "$ZOLA" --root "$SITE" build --output-dir "$SITE/public" --force >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }

"$ZOLA" --version
cold=$(for _ in $(seq "$RUNS"); do rm -rf "$SITE/static/processed_images" "$SITE/public"; timed; done | median)
encoded=$(find "$SITE/static/processed_images" -type f | wc -l)
warm=$(for _ in $(seq "$RUNS"); do rm -rf "$SITE/public"; timed; done | median)
images=$(du -sb "$SITE/public/processed_images" 2>/dev/null | cut -f1)
echo "zola cold build (cache emptied): ${cold} s, ${encoded} images encoded (median of $RUNS)"
echo "zola warm build (cache full): ${warm} s (median of $RUNS)"
echo "zola output images: $((images / 1000000)) MB"
