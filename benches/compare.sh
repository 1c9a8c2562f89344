#!/usr/bin/env bash
# brochure vs Hugo on generated bilingual sites (examples/gen_site.rs), side by side.
#
#   bash benches/compare.sh
#
# Installs hugo, hyperfine and GNU time from apt when missing, builds brochure (release),
# generates sites of N = 1000 and 5000 pages per language under target/bench-sites/, checks
# that both tools build them and write the same pages, then for each size:
#   - hyperfine -N (no shell), both commands in one call (--warmup 1, RUNS runs each; every
#     run starts from an empty output folder through --prepare), median wall time;
#   - RUNS interleaved rounds (brochure, Hugo, brochure, Hugo, ...) under /usr/bin/time -v:
#     median peak RSS, median CPU time (user + sys: less sensitive than wall time to other
#     processes on a busy machine) and, as a cross-check of hyperfine, median wall time.
# hyperfine runs all of one command's runs before the other's; the time -v rounds alternate.
# It prints a table with the ratios brochure/Hugo and t(5000)/t(1000), and the goals.
#
# Environment:
#   SIZES="1000 5000"   pages per language, one site per size (the first and last are
#                       compared for scaling)
#   RUNS=3              measured runs per tool and size (hyperfine and time -v each)
#   BENCH_DIR=DIR       where sites go (default target/bench-sites)
#   BENCH_OUT=DIR       where the tools write their outputs (default BENCH_DIR); e.g.
#                       /dev/shm/brochure-bench to take the disk out of the measurement
#   BROCHURE=PATH       time this brochure binary instead of building one
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
SIZES=${SIZES:-"1000 5000"}
RUNS=${RUNS:-3}
WORK=${BENCH_DIR:-$ROOT/target/bench-sites}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
OUT=${BENCH_OUT:-$WORK}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

step() { printf '\n== %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    echo "error: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

# --- tools -----------------------------------------------------------------------------
step "tools"
missing=()
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing from apt: ${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
    install -y -qq --no-install-recommends "${missing[@]}"
fi
# The Hugo site uses hugo.toml (0.110+), render hooks, lang.FormatNumber and relref.
hugo_version=$(hugo version | sed -n 's/^hugo v\([0-9][0-9.]*\).*/\1/p')
if [ "$(printf '%s\n' 0.110.0 "$hugo_version" | sort -V | head -1)" != 0.110.0 ]; then
  echo "error: hugo $hugo_version is too old; the generated site needs 0.110 or newer" >&2
  exit 1
fi
echo "hugo $hugo_version; $(hyperfine --version)" >&2

# --- build -----------------------------------------------------------------------------
step "build"
if [ -n "${BROCHURE:-}" ]; then
  BIN=$(realpath "$BROCHURE")
  # gen_site uses only std: when the library does not build, compile it alone.
  if cargo build --release --example gen_site >&2; then
    GEN=$ROOT/target/release/examples/gen_site
  else
    echo "cargo could not build the example; compiling examples/gen_site.rs alone" >&2
    rustc -O --edition 2024 examples/gen_site.rs -o "$WORK/gen_site"
    GEN=$WORK/gen_site
  fi
else
  cargo build --release --bin brochure --example gen_site >&2
  # a copy, so that another build of the repo during the benchmark changes nothing
  cp target/release/brochure "$WORK/brochure"
  BIN=$WORK/brochure
  GEN=$ROOT/target/release/examples/gen_site
fi
echo "brochure: $BIN" >&2

# --- sites -----------------------------------------------------------------------------
count_html() { find "$1" -name '*.html' | wc -l; }

for n in $SIZES; do
  step "generate N=$n"
  site=$WORK/n$n
  out=$OUT/n$n
  mkdir -p "$site" "$out"
  "$GEN" --pages "$n" --out "$site/brochure" --hugo "$site/hugo"
  rm -rf "$out/out-brochure" "$out/out-hugo"
  "$BIN" build --site "$site/brochure" --out "$out/out-brochure" >&2
  hugo --quiet --source "$site/hugo" --destination "$out/out-hugo" >&2
  b=$(count_html "$out/out-brochure")
  h=$(count_html "$out/out-hugo")
  echo "N=$n: brochure wrote $b HTML files, Hugo $h" >&2
  if [ "$b" != "$h" ]; then
    echo "error: the two outputs differ in page count" >&2
    diff <(cd "$out/out-brochure" && find . -name '*.html' | sort) \
      <(cd "$out/out-hugo" && find . -name '*.html' | sort) | head -20 >&2 || true
    exit 1
  fi
  echo "$b" >"$site/html-files"
done

# --- measure ---------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), nproc $(nproc)"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "hugo: $(hugo version | cut -d' ' -f2), hyperfine: $(hyperfine --version | cut -d' ' -f2)"
  echo "outputs: $OUT ($(df --output=fstype "$OUT" | tail -1))"
  echo "load before: $(uptime | sed 's/.*load average: //')"
} >"$WORK/machine.txt"

for n in $SIZES; do
  site=$WORK/n$n
  out=$OUT/n$n
  b_cmd="$BIN build --site $site/brochure --out $out/out-brochure"
  h_cmd="hugo --quiet --source $site/hugo --destination $out/out-hugo"
  clean="rm -rf $out/out-brochure $out/out-hugo"

  step "N=$n: hyperfine"
  hyperfine -N --warmup 1 --runs "$RUNS" --prepare "$clean" \
    --export-json "$site/hyperfine.json" \
    -n brochure "$b_cmd" -n hugo "$h_cmd" >&2

  step "N=$n: /usr/bin/time -v, interleaved"
  : >"$site/time.tsv"
  for round in $(seq "$RUNS"); do
    for tool in brochure hugo; do
      eval "$clean"
      if [ "$tool" = brochure ]; then cmd=$b_cmd; else cmd=$h_cmd; fi
      # shellcheck disable=SC2086 # the command is split into words on purpose
      /usr/bin/time -v -o "$site/time.$tool.$round" $cmd >/dev/null 2>&1
      wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$site/time.$tool.$round")
      rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$site/time.$tool.$round")
      user=$(sed -n 's/.*User time (seconds): //p' "$site/time.$tool.$round")
      sys=$(sed -n 's/.*System time (seconds): //p' "$site/time.$tool.$round")
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$round" "$wall" "$rss" "$user" "$sys" >>"$site/time.tsv"
      echo "round $round $tool: wall $wall, user $user s, sys $sys s, max RSS $rss KiB" >&2
    done
  done
done
echo "load after: $(uptime | sed 's/.*load average: //')" >>"$WORK/machine.txt"

# --- report ----------------------------------------------------------------------------
step "results"
python3 - "$WORK" $SIZES <<'PY'
import json, statistics, sys

work, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]

def seconds(clock):  # h:mm:ss or m:ss(.ss)
    s = 0.0
    for part in clock.split(":"):
        s = s * 60 + float(part)
    return s

rows = {}
for n in sizes:
    site = f"{work}/n{n}"
    runs = json.load(open(f"{site}/hyperfine.json"))["results"]
    hf = {r["command"]: statistics.median(r["times"]) for r in runs}
    wall, rss, cpu = {}, {}, {}
    for line in open(f"{site}/time.tsv"):
        tool, _, clock, kib, user, sys_ = line.split("\t")
        wall.setdefault(tool, []).append(seconds(clock))
        rss.setdefault(tool, []).append(int(kib) / 1024)
        cpu.setdefault(tool, []).append(float(user) + float(sys_))
    pages = int(open(f"{site}/html-files").read())
    for tool in ("brochure", "hugo"):
        rows[n, tool] = (pages, hf[tool], statistics.median(wall[tool]),
                         statistics.median(rss[tool]), statistics.median(cpu[tool]))

out = []
out.append("| pages/lang | HTML files | tool | median wall (hyperfine) | median wall (time -v, interleaved) | median CPU user+sys (time -v) | median peak RSS |")
out.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: |")
for n in sizes:
    for tool in ("brochure", "hugo"):
        pages, t, w, m, u = rows[n, tool]
        out.append(f"| {n} | {pages} | {tool} | {t:.3f} s | {w:.2f} s | {u:.2f} s | {m:.0f} MiB |")
out.append("")
out.append("| pages/lang | time brochure/Hugo (goal <= 0.3) | CPU time brochure/Hugo | memory brochure/Hugo (goal <= 0.2) |")
out.append("| ---: | ---: | ---: | ---: |")
def ok(v, goal):
    return "ok" if v <= goal else "MISSED"
for n in sizes:
    tb, th = rows[n, "brochure"][1], rows[n, "hugo"][1]
    mb, mh = rows[n, "brochure"][3], rows[n, "hugo"][3]
    cb, ch = rows[n, "brochure"][4], rows[n, "hugo"][4]
    out.append(f"| {n} | {tb / th:.2f} ({ok(tb / th, 0.3)}) | {cb / ch:.2f} | {mb / mh:.2f} ({ok(mb / mh, 0.2)}) |")
if len(sizes) > 1:
    lo, hi = sizes[0], sizes[-1]
    out.append("")
    for tool, goal in (("brochure", 5.5), ("hugo", None)):
        r = rows[hi, tool][1] / rows[lo, tool][1]
        verdict = "" if goal is None else f" (goal <= {goal}: {'ok' if r <= goal else 'MISSED'})"
        out.append(f"{tool}: t({hi})/t({lo}) = {r:.2f}{verdict}")
out.append("")
out.append(open(f"{work}/machine.txt").read().rstrip())
text = "\n".join(out)
open(f"{work}/results.md", "w").write(text + "\n")
print(text)
PY
echo >&2
echo "written: $WORK/results.md (raw: $WORK/n*/hyperfine.json, $WORK/n*/time.tsv)" >&2
if [ "$OUT" != "$WORK" ]; then
  # outputs elsewhere (a tmpfs, say) hold memory: leave only the sites
  for n in $SIZES; do rm -rf "$OUT/n$n/out-brochure" "$OUT/n$n/out-hugo"; done
fi
