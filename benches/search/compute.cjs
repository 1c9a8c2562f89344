// compute.cjs SITE_DIR LANG QUERIES.json — the search runtime's own work, without loading:
// evaluates search/runtime.js and every shard and page block of LANG in Node, then runs
// the language's queries three times and prints each query's time and result count. The
// first pass decodes postings; later ones reuse them. Chromium's timings (timing.mjs) add
// the <script> loads of shards and blocks on top of this.
//
//   node benches/search/compute.cjs /tmp/bench5k-public zh benches/search/queries-timing-bench.json
//   node --cpu-prof benches/search/compute.cjs …     # where the time goes
//
// A benchmark, not a test: it prints the figures and never fails on them.
const fs = require('fs'), path = require('path');
const dir = process.argv[2], lang = process.argv[3], queries = JSON.parse(fs.readFileSync(process.argv[4]))[lang];
(0, eval)(fs.readFileSync(path.join(dir, 'search/runtime.js'), 'utf8'));
(0, eval)(fs.readFileSync(path.join(dir, `search/${lang}.js`), 'utf8'));
for (const f of fs.readdirSync(path.join(dir, 'search', lang))) (0, eval)(fs.readFileSync(path.join(dir, 'search', lang, f), 'utf8'));
(async () => {
  for (let pass = 0; pass < 3; pass++) {
    const out = [];
    for (const q of queries) { const t = performance.now(); const r = await brochureSearch.search(lang, q, 10); out.push(`${q}:${(performance.now() - t).toFixed(1)}ms/${r.total}`); }
    console.log(out.join('  '));
  }
})();
