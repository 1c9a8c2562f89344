// offline.mjs SITE_DIR — the offline build (brochure build --offline) opened from file://,
// as from a USB stick: every page of SITE_DIR is loaded in Debian's headless Chromium with a
// file:// URL, and any failed request (a missing file, a folder link, anything that leaves
// the machine), console error or warning, or page error is a finding. On file:// a link to a
// folder opens a directory listing, and fetch/XHR/ES modules are blocked: those show up here.
// Every link of every page is also followed by URL (without clicking) to check it names a
// file that loads.
// Exit 0: all good. Exit 1: findings (each printed). Exit 2: bad usage or could not run.
import { existsSync, statSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { isCancelled, launchChromium, listHtmlPages, mapLimit, siteDirFromArgs } from './lib.mjs';

const root = siteDirFromArgs('offline.mjs');
const findings = [];
const pages = listHtmlPages(root);
const rel = (url) => (url.startsWith('file://') ? fileURLToPath(url).slice(root.length) : url);

const browser = await launchChromium();
try {
  const context = await browser.newContext();
  context.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      findings.push(`${rel(msg.page()?.url() ?? '')}: console ${msg.type()}: ${msg.text()}`);
    }
  });
  context.on('weberror', (err) => findings.push(`${rel(err.page()?.url() ?? '')}: page error: ${err.error().message}`));
  context.on('requestfailed', (req) => {
    if (isCancelled(req)) return;
    const page = req.frame() ? rel(req.frame().page().url()) : '(no page)';
    findings.push(`${page}: request failed: ${rel(req.url())} (${req.failure()?.errorText})`);
  });
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('file://') && !url.startsWith('data:') && !url.startsWith('about:')) {
      findings.push(`${rel(req.frame()?.page().url() ?? '')}: request leaves the file system: ${url}`);
    }
  });
  const links = new Map();
  await mapLimit(pages, 2, async (p) => {
    const page = await context.newPage();
    const url = pathToFileURL(root + p).href;
    await page.goto(url, { waitUntil: 'load', timeout: 15000 });
    const hrefs = await page.evaluate(() =>
      [...document.querySelectorAll('a[href], link[href], img[src], script[src], source[srcset], img[srcset]')]
        .flatMap((e) => [e.href, e.src, ...(e.srcset || '').split(',').map((s) => s.trim().split(/\s+/)[0])])
        .filter((u) => typeof u === 'string' && u.startsWith('file://')),
    );
    for (const h of hrefs) links.set(h.replace(/#.*$/, ''), p);
    await page.close();
  });
  for (const [link, from] of links) {
    const file = fileURLToPath(link);
    if (!existsSync(file)) findings.push(`${from}: link to ${rel(link)}: no such file`);
    else if (statSync(file).isDirectory()) findings.push(`${from}: link to folder ${rel(link)}: file:// shows a listing, link to index.html`);
  }
  await context.close();
} finally {
  await browser.close();
}

if (findings.length) {
  console.log(`offline: ${findings.length} finding(s) in ${pages.length} pages opened from file://`);
  for (const f of [...new Set(findings)]) console.log(`  ${f}`);
  process.exit(1);
}
console.log(`offline: ${pages.length} pages opened from file://, no failed request, no console error, every link names a file`);
