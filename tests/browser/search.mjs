// search.mjs SITE_DIR — the theme's search from file:// (SITE_DIR is the default site built
// with --offline), in Debian's headless Chromium:
// * Chinese and English queries (words, fragments, inflections, numbers, names) list the
//   expected pages, with title, section and an excerpt whose matches are in <mark>;
// * keyboard only: type, ArrowDown/ArrowUp move the active option (aria-activedescendant),
//   Enter opens it, Escape closes the list, then clears the box;
// * a query pasted whole is listed before its excerpts are in, and keeps its active option;
// * once a query is answered, the page blocks' bundles are read, and a later query loads no
//   page block of its own;
// * a query that matches nothing says so; axe finds nothing with results open (1280 and
//   390 px); at 390 px the box and results fit the screen; without JavaScript no box shows;
// * no failed request, no console error or warning, no page error.
// Exit 0: all good. Exit 1: findings (each printed). Exit 2: bad usage or could not run.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isCancelled, launchChromium, siteDirFromArgs } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const root = siteDirFromArgs('search.mjs');
const findings = [];
const fileUrl = (p) => pathToFileURL(root + p).href;

// [language home, query, pages that must be among the results (by folder), pages that must not]
const QUERIES = [
  ['/zh/index.html', '雪城', ['zh/history/', 'zh/partners/', 'zh/'], []],
  ['/zh/index.html', '雪城大学', ['zh/history/', 'zh/partners/'], []],
  ['/zh/index.html', '城雪', [], ['zh/history/']],
  ['/zh/index.html', '机械工业部', ['zh/history/'], ['zh/goals/']],
  ['/zh/index.html', '合作办学', ['zh/', 'zh/approach/', 'zh/goals/', 'zh/history/', 'zh/programs/'], []],
  ['/zh/index.html', '汉堡', ['zh/history/', 'zh/partners/'], []],
  ['/zh/index.html', '2664', ['zh/programs/'], []],
  ['/en/index.html', 'Syracuse', ['en/history/', 'en/partners/'], []],
  ['/en/index.html', 'cooperating', ['en/', 'en/approach/', 'en/history/', 'en/programs/'], []],
  ['/en/index.html', '2,664', ['en/programs/'], []],
  ['/en/index.html', '2664', ['en/programs/'], []],
  ['/en/index.html', 'hamburg', ['en/history/', 'en/partners/'], []],
  ['/en/index.html', 'massachusetts institute', ['en/partners/'], []],
  ['/en/index.html', '1995', ['en/', 'en/history/'], []],
];

const folderOf = (href) => {
  const rel = decodeURIComponent(new URL(href).pathname).slice(root.length + 1);
  return rel.replace(/index\.html$/, '');
};

async function results(page) {
  return page.$$eval('#site-search-results [role="option"]', (els) => els.map((el) => ({
    href: new URL(el.getAttribute('data-href'), document.baseURI).href,
    title: el.querySelector('.site-search-title')?.textContent || '',
    section: el.querySelector('.site-search-section')?.textContent || '',
    marks: [...el.querySelectorAll('.site-search-excerpt mark')].map((m) => m.textContent),
  })));
}

async function type(page, query) {
  await page.fill('#site-search-input', '');
  await page.type('#site-search-input', query);
  await page.waitForFunction(
    (q) => {
      const s = document.querySelector('.site-search-status');
      return document.querySelector('[data-search-lang]').getAttribute('data-shown') === q && s && s.textContent.trim() !== '' && !document.querySelector('.site-search-panel').hidden;
    },
    query,
    { timeout: 10000 },
  );
}

/** Puts `query` in the box whole (one input event, as a paste) and waits for its results. */
async function paste(page, query) {
  await page.fill('#site-search-input', query);
  await page.waitForFunction((q) => document.querySelector('[data-search-lang]').getAttribute('data-shown') === q, query, { timeout: 10000 });
}

async function axe(page, where) {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate((tags) => window.axe.run(document, { preload: false, runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)), TAGS);
  for (const v of violations) findings.push(`${where}: axe: ${v}`);
}

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') findings.push(`console ${msg.type()}: ${msg.text()}`);
  });
  context.on('weberror', (err) => findings.push(`page error: ${err.error().message}`));
  context.on('requestfailed', (req) => isCancelled(req) || findings.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  const page = await context.newPage();

  for (const [home, query, expected, unexpected] of QUERIES) {
    await page.goto(fileUrl(home), { waitUntil: 'load' });
    await page.waitForSelector('.site-search', { state: 'visible', timeout: 5000 });
    await type(page, query);
    const found = await results(page);
    const folders = found.map((r) => folderOf(r.href));
    for (const e of expected) if (!folders.includes(e)) findings.push(`${home} "${query}": ${e} missing from results [${folders.join(', ')}]`);
    for (const u of unexpected) if (folders.includes(u)) findings.push(`${home} "${query}": ${u} must not be a result`);
    for (const r of found) {
      if (!r.title) findings.push(`${home} "${query}": a result without a title (${r.href})`);
    }
    if (expected.length && !found.some((r) => r.marks.length)) findings.push(`${home} "${query}": no excerpt highlights a match`);
    if (found.length) {
      const expanded = await page.getAttribute('#site-search-input', 'aria-expanded');
      if (expanded !== 'true') findings.push(`${home} "${query}": aria-expanded is ${expanded} with results open`);
    }
  }

  // Sections and highlights: the partners page in Chinese, found by a partner's name.
  await page.goto(fileUrl('/zh/index.html'), { waitUntil: 'load' });
  await type(page, '雪城大学');
  const zh = await results(page);
  const history = zh.find((r) => folderOf(r.href) === 'zh/history/');
  if (!history || history.title !== '发展历程' || !history.marks.includes('雪城大学')) {
    findings.push(`"雪城大学": the history result should be titled 发展历程 and mark 雪城大学: ${JSON.stringify(history)}`);
  }
  await axe(page, 'zh home, results open (1280 px)');

  // Keyboard only: ArrowDown twice, ArrowUp once, Enter opens the first result.
  await page.goto(fileUrl('/en/index.html'), { waitUntil: 'load' });
  await page.focus('#site-search-input');
  await type(page, 'history');
  const first = (await results(page))[0];
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  const activeId = await page.getAttribute('#site-search-input', 'aria-activedescendant');
  const selected = await page.$eval(`#${activeId}`, (el) => el.getAttribute('aria-selected')).catch(() => null);
  if (activeId !== 'site-search-option-0' || selected !== 'true') findings.push(`keyboard: after Down, Down, Up the first option should be active (${activeId}, ${selected})`);
  await page.keyboard.press('Escape');
  if (!(await page.$eval('.site-search-panel', (el) => el.hidden))) findings.push('keyboard: Escape does not close the results');
  if ((await page.getAttribute('#site-search-input', 'aria-expanded')) !== 'false') findings.push('keyboard: aria-expanded stays true after Escape');
  await page.keyboard.press('Escape');
  if ((await page.inputValue('#site-search-input')) !== '') findings.push('keyboard: a second Escape does not clear the box');
  await type(page, 'history');
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  if (first && page.url() !== first.href) findings.push(`keyboard: Enter opened ${page.url()}, not ${first.href}`);

  // A query pasted whole is listed (titles, sections) before its excerpts are in: the page
  // blocks that hold them are loaded after. The reader's ArrowDown on the early list is kept.
  await page.goto(fileUrl('/en/index.html'), { waitUntil: 'load' });
  const steps = await page.evaluate(() => new Promise((resolve) => {
    const box = document.querySelector('[data-search-lang]');
    const input = document.querySelector('#site-search-input');
    const seen = [];
    const snapshot = () => ({
      listed: box.getAttribute('data-listed'),
      shown: box.getAttribute('data-shown'),
      titles: [...document.querySelectorAll('#site-search-results .site-search-title')].map((t) => t.textContent),
      excerpts: [...document.querySelectorAll('#site-search-results .site-search-excerpt')].map((e) => e.textContent).join(''),
      active: input.getAttribute('aria-activedescendant'),
      selected: [...document.querySelectorAll('#site-search-results [aria-selected="true"]')].map((o) => o.id),
    });
    new MutationObserver(() => {
      const now = snapshot();
      seen.push(now);
      if (seen.length === 1) input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      if (now.shown === 'Syracuse') resolve(seen);
    }).observe(box, { attributes: true, attributeFilter: ['data-listed', 'data-shown'] });
    input.focus();
    input.value = 'Syracuse';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }));
  const early = steps[0], last = steps[steps.length - 1];
  if (steps.length < 2 || early.shown === 'Syracuse' || early.listed !== 'Syracuse' || !early.titles.length || early.excerpts !== '') {
    findings.push(`pasted "Syracuse": the results should be listed, without excerpts, before they are shown whole: ${JSON.stringify(steps)}`);
  } else if (JSON.stringify(last.titles) !== JSON.stringify(early.titles) || last.excerpts === '' || last.active !== 'site-search-option-0' || last.selected.join() !== 'site-search-option-0') {
    findings.push(`pasted "Syracuse": the whole results should keep the early list's order and its active option, with excerpts: ${JSON.stringify(steps)}`);
  }

  // From file://, once a query is answered the runtime reads the page blocks' bundles, and
  // a later query's excerpts need no block of their own. Pasted, "专业" finds the goals page
  // alone (block 0); "2664" then finds the programs page, in block 1.
  await page.goto(fileUrl('/zh/index.html'), { waitUntil: 'load' });
  const loaded = [];
  const onLoad = (req) => loaded.push(new URL(req.url()).pathname.split('/search/').pop());
  page.on('requestfinished', onLoad);
  const bundle = page.waitForEvent('requestfinished', { predicate: (req) => /\/search\/zh\/b0\.js$/.test(req.url()), timeout: 10000 }).catch(() => null);
  await paste(page, '专业');
  const blocksFirst = loaded.filter((f) => /\/p\d+\.js$/.test(f));
  if (blocksFirst.join() !== 'zh/p0.js') findings.push(`pasted "专业" should load block 0 alone: ${loaded.join(', ')}`);
  if (!(await bundle)) findings.push(`after a first query from file://, zh/b0.js was not read: ${loaded.join(', ')}`);
  const before = loaded.length;
  await paste(page, '2664');
  const later = loaded.slice(before).filter((f) => /\/p\d+\.js$/.test(f));
  const programs = (await results(page)).find((r) => folderOf(r.href) === 'zh/programs/');
  if (later.length) findings.push(`a later query loaded page blocks the bundle holds: ${later.join(', ')}`);
  if (!programs || !programs.marks.includes('2664')) findings.push(`a later query's excerpt, from the bundle: ${JSON.stringify(programs)}`);
  page.off('requestfinished', onLoad);

  // No results.
  await page.goto(fileUrl('/en/index.html'), { waitUntil: 'load' });
  await type(page, 'xylophone');
  const status = await page.textContent('.site-search-status');
  if (!/No results/.test(status) || (await results(page)).length) findings.push(`"xylophone": expected the no-results message, got "${status}"`);
  await axe(page, 'en home, no results (1280 px)');
  await page.goto(fileUrl('/zh/index.html'), { waitUntil: 'load' });
  await type(page, '火星');
  const zhStatus = await page.textContent('.site-search-status');
  if (!/没有找到结果/.test(zhStatus)) findings.push(`"火星": expected the Chinese no-results message, got "${zhStatus}"`);

  // 390 px: the box is there, the results fit the screen, axe is happy.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  phone.on('console', (msg) => { if (msg.type() === 'error') findings.push(`390 px: console error: ${msg.text()}`); });
  const small = await phone.newPage();
  await small.goto(fileUrl('/zh/index.html'), { waitUntil: 'load' });
  await small.waitForSelector('.site-search', { state: 'visible', timeout: 5000 });
  await type(small, '合作');
  const fit = await small.evaluate(() => {
    const panel = document.querySelector('.site-search-panel').getBoundingClientRect();
    const input = document.querySelector('#site-search-input').getBoundingClientRect();
    return { panelLeft: panel.left, panelRight: panel.right, inputWidth: input.width, scroll: document.documentElement.scrollWidth, width: window.innerWidth };
  });
  if (fit.panelLeft < 0 || fit.panelRight > fit.width + 0.5 || fit.scroll > fit.width || fit.inputWidth < 200) {
    findings.push(`390 px: results or box do not fit: ${JSON.stringify(fit)}`);
  }
  await small.screenshot({ path: `${process.env.SCREENSHOTS || '/tmp'}/search-390.png` }).catch(() => {});
  await axe(small, 'zh home, results open (390 px)');
  await phone.close();

  // Without JavaScript the box is not shown.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  await plain.goto(fileUrl('/en/index.html'), { waitUntil: 'load' });
  if (await plain.isVisible('.site-search')) findings.push('without JavaScript the search box is shown');
  await nojs.close();
  await context.close();
} finally {
  await browser.close();
}

if (findings.length) {
  console.log(`search: ${findings.length} finding(s)`);
  for (const f of [...new Set(findings)]) console.log(`  ${f}`);
  process.exit(1);
}
console.log(`search: ${QUERIES.length} queries from file:// found their pages; keyboard, no results, axe at 1280 and 390 px, no-JS: all good`);
