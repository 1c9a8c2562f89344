// timing.mjs SITE_DIR QUERIES.json [RUNS] — how fast the theme's search answers in Chromium
// from file:// (SITE_DIR built with --offline): for each run, a fresh browser context (cold:
// nothing cached) opens the language's home page; once it has loaded, the first query is typed
// into the box, and the time until its results are on screen is the first-query time; then
// every other query of the language is put in the box in turn, a second after the last one's
// results (later queries); then the same again typed a character every 120 ms, timed from the
// last keystroke. Each time is taken twice: when the results are listed (titles, sections) and
// when their excerpts are in. Also: how many bytes of index each query made a cold page load
// (script requests under search/, the language's list of pages included; not the bundles of
// page texts the runtime reads from file:// after the query is answered).
//
//   cargo run --release --example gen_site -- --pages 5000 --out /tmp/bench5k
//   cargo run --release -- build --site /tmp/bench5k --offline --out /tmp/bench5k-public
//   (cd benches/search && npm install)
//   node benches/search/timing.mjs /tmp/bench5k-public benches/search/queries-bench.json 5
//
// A benchmark, not a test: it prints the figures and never fails on them.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const lib = await import(path.join(here, '../../tests/browser/lib.mjs'));

const [siteArg, queriesArg, runsArg] = process.argv.slice(2);
if (!siteArg || !queriesArg) {
  console.error('usage: node timing.mjs SITE_DIR QUERIES.json [RUNS]');
  process.exit(2);
}
const site = path.resolve(siteArg);
const queries = JSON.parse(readFileSync(queriesArg, 'utf8'));
const runs = Number(runsArg || 3);
/** ms between a query's results and the next query. */
const PAUSE = 1000;

/** Types `query` into the box and resolves with the ms from the first keystroke's input
 *  event to the results of the whole query on screen: `listed` (titles and sections, the
 *  first thing the box shows), `shown` (with their excerpts, or the no-results message). */
async function timeQuery(page, query, gap = 0) {
  return page.evaluate(({ q, gap }) => new Promise((resolve) => {
    const input = document.querySelector('#site-search-input');
    const box = document.querySelector('[data-search-lang]');
    box.removeAttribute('data-shown');
    box.removeAttribute('data-listed');
    let t0 = 0, seen = false, listed = 0, shown = 0;
    const finish = () => { if (listed && shown) resolve({ listed, shown }); };
    const done = () => {
      if (!t0) return;
      if (!seen && box.getAttribute('data-listed') === q) {
        seen = true;
        // the list is in the DOM; the time is that of the frame that shows it
        requestAnimationFrame(() => { listed = performance.now() - t0; finish(); });
      }
      if (box.getAttribute('data-shown') === q) {
        observer.disconnect();
        requestAnimationFrame(() => { shown = performance.now() - t0; finish(); });
      }
    };
    const observer = new MutationObserver(done);
    observer.observe(box, { attributes: true, attributeFilter: ['data-shown', 'data-listed'] });
    input.focus();
    const chars = Array.from(q);
    // gap 0: the whole query at once (pasted); else one character every `gap` ms, timed
    // from the last keystroke.
    const steps = gap ? chars.map((_, i) => chars.slice(0, i + 1).join('')) : [q];
    const step = (i) => {
      input.value = steps[i];
      if (i === steps.length - 1) t0 = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      if (i + 1 < steps.length) setTimeout(() => step(i + 1), gap);
    };
    step(0);
  }), { q: query, gap });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const browser = await lib.launchChromium();
const report = [];
try {
  for (const lang of Object.keys(queries)) {
    const first = [], later = [], loads = [], typedFirst = [], typedLater = [];
    const qs = queries[lang];
    for (let run = 0; run < runs; run++) {
      // Each query first, in a fresh context: its time, and every byte of index it loads.
      for (const q of qs) {
        const context = await browser.newContext();
        const page = await context.newPage();
        let bytes = 0;
        page.on('requestfinished', (req) => {
          const url = req.url();
          // The bundles of page texts that the runtime reads from file:// once a query is
          // answered are not part of what the query loads.
          if (url.startsWith('file://') && url.includes('/search/') && !url.endsWith('/runtime.js') && !/\/b\d+\.js$/.test(url)) {
            try { bytes += statSync(fileURLToPath(url)).size; } catch { /* gone */ }
          }
        });
        await page.goto(pathToFileURL(path.join(site, lang, 'index.html')).href, { waitUntil: 'load' });
        first.push({ q, ...(await timeQuery(page, q)) });
        loads.push({ q, bytes });
        await context.close();
      }
      // Then all of them, one after the other, in one page.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(pathToFileURL(path.join(site, lang, 'index.html')).href, { waitUntil: 'load' });
      await timeQuery(page, qs[0]);
      // A reader's next query comes after a pause: without one, each query would be timed
      // while the browser still tears down the contexts above and lays out the last results.
      for (const q of qs.slice(1)) {
        await page.waitForTimeout(PAUSE);
        later.push({ q, ...(await timeQuery(page, q)) });
      }
      await context.close();
      // And typed as a person types (a character every 120 ms), in a fresh page.
      const typing = await browser.newContext();
      const typed = await typing.newPage();
      await typed.goto(pathToFileURL(path.join(site, lang, 'index.html')).href, { waitUntil: 'load' });
      for (const [i, q] of qs.entries()) {
        if (i > 0) await typed.waitForTimeout(PAUSE);
        (i === 0 ? typedFirst : typedLater).push({ q, ...(await timeQuery(typed, q, 120)) });
      }
      await typing.close();
    }
    report.push({ lang, first, later, loads, typedFirst, typedLater });
  }
} finally {
  await browser.close();
}
const ms = (ts, key) => {
  const xs = ts.map((t) => t[key]);
  const worst = ts.reduce((a, b) => (b[key] > a[key] ? b : a));
  const sorted = [...xs].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
  return `median ${median(xs).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${worst[key].toFixed(1)} ms (${worst.q}) (${xs.length})`;
};
const both = (ts) => `listed ${ms(ts, 'listed')}; with excerpts ${ms(ts, 'shown')}`;
for (const r of report) {
  console.log(`${r.lang}: pasted: first query after a cold load: ${both(r.first)}`);
  console.log(`${r.lang}: pasted: later queries: ${both(r.later)}`);
  console.log(`${r.lang}: typed (a character every 120 ms, from the last keystroke): first query: ${both(r.typedFirst)}`);
  console.log(`${r.lang}: typed: later queries: ${both(r.typedLater)}`);
  const worst = r.loads.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  console.log(`${r.lang}: index loaded by one query (cold, the language's list included): max ${(worst.bytes / 1024).toFixed(0)} KB (${worst.q})`);
}
