// axe.mjs SITE_DIR — runs axe-core (WCAG 2.0/2.1 A and AA rules) on every *.html page
// of the built site, print editions included, in Debian's headless Chromium at 1280 px; and
// on a 390 px phone, on each language's home with its menu (a <details> in a <nav>) open.
// Exit 0: no violations. Exit 1: violations (each printed with page, rule and targets).
// Exit 2: bad usage or the check could not run.
import { createRequire } from 'node:module';
import { launchChromium, listHtmlPages, mapLimit, serveDir, siteDirFromArgs } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Loads one page, runs `prepare` on it, injects axe and returns its violations (or throws). */
async function checkPage(context, origin, pagePath, prepare = async () => {}) {
  const page = await context.newPage();
  try {
    const response = await page.goto(origin + pagePath, { waitUntil: 'load' });
    if (!response || response.status() >= 400) {
      throw new Error(`HTTP ${response ? response.status() : 'no response'}`);
    }
    await prepare(page);
    await page.addScriptTag({ path: AXE_PATH });
    return await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: n.failureSummary || '' })),
        }))),
      TAGS,
    );
  } finally {
    await page.close();
  }
}

function report(pagePath, violations) {
  for (const v of violations) {
    console.log(`${pagePath}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})`);
    console.log(`    ${v.helpUrl}`);
    for (const n of v.nodes) {
      console.log(`    - ${n.target.join(' ')}`);
      const firstLine = n.summary.split('\n').slice(0, 2).join(' ').trim();
      if (firstLine) console.log(`        ${firstLine}`);
    }
  }
}

async function main() {
  const root = siteDirFromArgs('axe.mjs');
  const pages = listHtmlPages(root);
  if (pages.length === 0) {
    console.error(`axe.mjs: no *.html pages under ${root}`);
    process.exit(2);
  }
  const server = await serveDir(root);
  const browser = await launchChromium();
  let violationCount = 0;
  let errorCount = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Two pages at a time: the CI machine has two cores.
    const results = await mapLimit(pages, 2, async (p) => {
      try {
        return { violations: await checkPage(context, server.origin, p) };
      } catch (e) {
        return { error: e.message.split('\n')[0] };
      }
    });
    // The phone layout, with the menu open where there is one.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const homes = pages.filter((p) => /^\/[^/]+\/index\.html$/.test(p));
    for (const p of homes) {
      const openMenu = async (page) => {
        const summary = page.locator('nav details > summary').first();
        if ((await summary.count()) && (await summary.isVisible())) await summary.click();
      };
      try {
        results.push({ violations: await checkPage(phone, server.origin, p, openMenu) });
      } catch (e) {
        results.push({ error: e.message.split('\n')[0] });
      }
    }
    await phone.close();
    const checked = [...pages, ...homes.map((p) => `${p} (390 px, menu open)`)];
    checked.forEach((p, i) => {
      const r = results[i];
      if (r.error) {
        errorCount++;
        console.log(`${p}: could not be checked: ${r.error}`);
      } else {
        violationCount += r.violations.length;
        report(p, r.violations);
      }
    });
  } finally {
    await browser.close();
    await server.close();
  }
  const summary = `axe (${TAGS.join(', ')}): ${pages.length} pages at 1280 px and the homes at 390 px with the menu open, ${violationCount} violations, ${errorCount} pages not checked`;
  if (violationCount || errorCount) {
    console.log(`FAIL ${summary}`);
    process.exit(1);
  }
  console.log(`ok ${summary}`);
}

main().catch((e) => {
  console.error(`axe.mjs: ${e.stack || e}`);
  process.exit(2);
});
