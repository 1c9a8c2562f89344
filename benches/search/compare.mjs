// compare.mjs SITE_DIR QUERIES.json — recall at 10 of brochure's search and Pagefind's, over
// http, on one built site (built without --offline, as a web server publishes it).
//
//   cargo run --release -- build --out /tmp/site
//   (cd benches/search && npm install)
//   node benches/search/compare.mjs /tmp/site benches/search/queries-default.json
//
// Pagefind (the npm package's binary) indexes a copy of the site's content pages
// (`--glob "{zh,en}/**/index.html"`, so print editions, 404 pages and the landing page stay
// out, as brochure's index has them out). The pages that should be found for a query are
// those whose <main> text (navigation, scripts and drawings left out) holds it: a Chinese query
// as a substring; an English one when every word of it is there, words compared by their
// Snowball stems (the stemmer both engines use). recall@10 = relevant pages among the first
// 10 results / min(10, relevant pages). Both engines are queried in the same Chromium page of
// the query's language. A benchmark, not a test: it prints a table and never fails.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const lib = await import(path.join(here, '../../tests/browser/lib.mjs'));
const require = createRequire(import.meta.url);

const [siteArg, queriesArg] = process.argv.slice(2);
if (!siteArg || !queriesArg) {
  console.error('usage: node compare.mjs SITE_DIR QUERIES.json');
  process.exit(2);
}
const queries = JSON.parse(readFileSync(queriesArg, 'utf8'));
const work = mkdtempSync(path.join(os.tmpdir(), 'search-compare-'));
const site = path.join(work, 'site');
cpSync(path.resolve(siteArg), site, { recursive: true });

// ---- Pagefind's index ----
const pagefindBin = path.join(here, 'node_modules/pagefind/lib/runner/bin.cjs');
const started = Date.now();
const pfLog = execFileSync(process.execPath, [pagefindBin, '--site', site, '--glob', '{zh,en}/**/index.html'], { encoding: 'utf8' });
const pagefindSeconds = (Date.now() - started) / 1000;
const du = (dir) => {
  let total = 0;
  const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { const f = path.join(d, e.name); if (e.isDirectory()) walk(f); else total += statSync(f).size; } };
  if (existsSync(dir)) walk(dir);
  return total;
};

// ---- what each page shows in <main>, for the relevant pages ----
(0, eval)(readFileSync(path.join(site, 'search/runtime.js'), 'utf8'));
const tokenizer = globalThis.brochureSearch;
function mainText(html) {
  const m = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html);
  if (!m) return '';
  return m[1]
    .replace(/<(nav|script|style|svg|template)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<\/?(p|li|h[1-6]|div|td|th|tr|dd|dt|br|section|figcaption|caption|blockquote|pre|table|ul|ol|header|footer|aside|figure)\b[^>]*>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .normalize('NFKC');
}
const pages = { zh: [], en: [] };
for (const lang of Object.keys(pages)) {
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name === 'index.html') {
        const text = mainText(readFileSync(f, 'utf8'));
        const stems = new Set(tokenizer.tokenize(text, lang === 'en' ? 'english' : null).filter((t) => !t.cjk).map((t) => t.text));
        pages[lang].push({ url: '/' + path.relative(site, path.dirname(f)).split(path.sep).join('/') + '/', text, stems });
      }
    }
  };
  walk(path.join(site, lang));
}
function relevant(lang, query) {
  const toks = tokenizer.tokenize(query, lang === 'en' ? 'english' : null);
  return pages[lang].filter((p) => toks.length && toks.every((t) => (t.cjk ? p.text.includes(t.text) : p.stems.has(t.text)))).map((p) => p.url);
}

// ---- both engines in Chromium over http ----
const server = await lib.serveDir(site);
const browser = await lib.launchChromium();
const rows = [];
try {
  const context = await browser.newContext();
  for (const lang of ['zh', 'en']) {
    const page = await context.newPage();
    await page.goto(`${server.origin}/${lang}/`, { waitUntil: 'load' });
    await page.evaluate(async () => { window.pf = await import('/pagefind/pagefind.js'); await window.pf.init(); });
    for (const q of queries[lang] || []) {
      const found = await page.evaluate(async ({ lang, q }) => {
        const t0 = performance.now();
        const ours = await window.brochureSearch.search(lang, q, 10);
        const t1 = performance.now();
        const r = await window.pf.search(q);
        const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
        const t2 = performance.now();
        const clean = (u) => new URL(u, location.href).pathname.replace(/index\.html$/, '');
        return {
          brochure: ours.results.map((x) => clean('/' + x.url)),
          brochureTotal: ours.total,
          brochureMs: t1 - t0,
          pagefind: data.map((d) => clean(d.url)),
          pagefindTotal: r.results.length,
          pagefindMs: t2 - t1,
        };
      }, { lang, q });
      const rel = new Set(relevant(lang, q));
      const recall = (urls) => (rel.size ? urls.slice(0, 10).filter((u) => rel.has(u)).length / Math.min(10, rel.size) : (urls.length ? 0 : 1));
      rows.push({ lang, q, relevant: rel.size, ...found, rb: recall(found.brochure), rp: recall(found.pagefind) });
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`site: ${siteArg}; Pagefind indexed in ${pagefindSeconds.toFixed(1)} s (${pfLog.match(/Indexed \d+ pages?/)?.[0] || ''}), pagefind/ ${(du(path.join(site, 'pagefind')) / 1024).toFixed(0)} KB; brochure search/ ${(du(path.join(site, 'search')) / 1024).toFixed(0)} KB`);
console.log(`| lang | query | relevant | brochure recall@10 (found) | Pagefind recall@10 (found) | brochure ms | Pagefind ms |`);
console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
for (const r of rows) {
  console.log(`| ${r.lang} | ${r.q} | ${r.relevant} | ${r.rb.toFixed(2)} (${r.brochureTotal}) | ${r.rp.toFixed(2)} (${r.pagefindTotal}) | ${r.brochureMs.toFixed(1)} | ${r.pagefindMs.toFixed(1)} |`);
}
const mean = (k) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
const wins = rows.filter((r) => r.rb < r.rp - 1e-9);
console.log(`\n${rows.length} queries: mean recall@10 brochure ${mean('rb').toFixed(3)}, Pagefind ${mean('rp').toFixed(3)}; queries where brochure is below Pagefind: ${wins.length ? wins.map((r) => r.q).join(', ') : 'none'}`);
if (process.env.KEEP !== '1') rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
