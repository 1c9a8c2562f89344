// browser.mjs SITE_DIR — smoke test of the built site in Debian's headless Chromium:
//  * /zh/index.html and /en/index.html load with no console error or warning, no page
//    error, no failed request and no response >= 400 (watched on every page opened here);
//  * on each home page the language switcher (an <a hreflang> to the other language, inside
//    the element the theme marks as the switcher) leads to the other language's home, and
//    from the first section in the main navigation to the same section in the other language;
//  * no page under SITE_DIR scrolls sideways at 360 px or 1440 px;
//  * served as a real server would (under base_url's path, unknown paths answered with
//    <lang>/404.html's bytes), /<lang>/a/b/c/missing shows the styled 404 page and every
//    link on it resolves;
//  * full-page screenshots of both home pages at 390 and 1280 px go to
//    <repo>/target/screenshots/{zh,en}-{390,1280}.png (or $BROCHURE_SCREENSHOT_DIR).
// Exit 0: all good. Exit 1: findings (each printed). Exit 2: bad usage or could not run.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, basePathOf, launchChromium, listHtmlPages, mapLimit, serveDir, siteDirFromArgs } from './lib.mjs';

const LANGS = ['zh', 'en'];
const OTHER = { zh: 'en', en: 'zh' };
const OVERFLOW_WIDTHS = [360, 1440];
const SCREENSHOT_WIDTHS = [390, 1280];
const SCREENSHOT_DIR = process.env.BROCHURE_SCREENSHOT_DIR || path.join(REPO_ROOT, 'target', 'screenshots');
const NAV_TIMEOUT_MS = 15000;
/** A path that exists nowhere, deep enough that relative links would go wrong. */
const MISSING = '/a/b/c/missing';

const findings = [];
const seen = new Set();
function finding(where, what) {
  const line = `${where}: ${what}`;
  if (!seen.has(line)) {
    seen.add(line);
    findings.push(line);
  }
}

/** "/zh/programs/index.html" -> "/zh/programs/" (a folder and its index.html are one page). */
function normalizePath(p) {
  return p.replace(/index\.html?$/i, '');
}

function pathOf(origin, url) {
  if (!url.startsWith(origin)) return url;
  return normalizePath(new URL(url).pathname);
}

/** Records console errors/warnings, page errors, failed requests and HTTP errors of a context. */
function watchContext(context, origin) {
  const where = (page) => (page ? pathOf(origin, page.url()) : '(no page)');
  context.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      const loc = msg.location();
      // The 404 page's own status, which check404 asks for, is not a finding.
      if (loc && loc.url && loc.url.endsWith(MISSING)) return;
      const at = loc && loc.url ? ` (at ${pathOf(origin, loc.url)}:${loc.lineNumber})` : '';
      finding(where(msg.page()), `console ${msg.type()}: ${msg.text()}${at}`);
    }
  });
  context.on('weberror', (err) => finding(where(err.page()), `page error: ${err.error().message}`));
  context.on('requestfailed', (req) => {
    const errorText = req.failure() ? req.failure().errorText : 'unknown';
    // ERR_ABORTED is Chromium cancelling a request because we navigated away or closed the
    // page (typically the favicon, fetched after "load"); it says nothing about the site.
    // A missing file shows up as an HTTP 404 below, a request leaving the machine as
    // ERR_NAME_NOT_RESOLVED / ERR_CONNECTION_REFUSED.
    if (errorText === 'net::ERR_ABORTED') return;
    const page = req.frame() ? req.frame().page() : null;
    finding(where(page), `request failed: ${req.url()} (${errorText})`);
  });
  context.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith(MISSING)) {
      const page = res.frame() ? res.frame().page() : null;
      finding(where(page), `HTTP ${res.status()} for ${pathOf(origin, res.url())}`);
    }
  });
}

async function open(page, url) {
  const response = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
  await page.evaluate(() => document.fonts.ready.then(() => true));
  return response;
}

/**
 * Marks the language-switcher link to `other` with data-brochure-switcher and says how it
 * was found. Preferred: an <a hreflang> inside an element whose class, id or aria-label
 * names a language switcher; accepted: one inside a nav or header.
 */
async function markSwitcher(page, other) {
  return page.evaluate((other) => {
    const primary = (tag) => (tag || '').toLowerCase().split('-')[0];
    const links = [...document.querySelectorAll('body a[hreflang][href]')]
      .filter((a) => primary(a.getAttribute('hreflang')) === other);
    const box = (a) => {
      for (let e = a.parentElement; e && e !== document.body; e = e.parentElement) {
        const words = [e.getAttribute('class'), e.id, e.getAttribute('aria-label')].join(' ').toLowerCase();
        if (/lang|switch|locale|language|语言|語言/.test(words)) return e;
      }
      return null;
    };
    let a = links.find((l) => box(l));
    let how = a ? `in <${box(a).tagName.toLowerCase()} class="${box(a).getAttribute('class') || ''}" aria-label="${box(a).getAttribute('aria-label') || ''}">` : '';
    if (!a) {
      a = links.find((l) => l.closest('nav, header, [role="navigation"]'));
      how = a ? 'in a nav/header that is not marked as a language switcher' : '';
    }
    if (!a) return null;
    a.setAttribute('data-brochure-switcher', '');
    return { how, href: a.getAttribute('href'), text: a.textContent.trim() };
  }, other);
}

/**
 * The first link of the main navigation that leads to another page of the same language.
 * Navs named or classed as main/primary/site come first; language-switcher links (those
 * with hreflang) and links back to the home page are passed over.
 */
async function firstSectionLink(page, lang) {
  return page.evaluate((lang) => {
    const home = new URL(`/${lang}/`, location.href).href;
    const norm = (href) => href.replace(/#.*$/, '').replace(/index\.html?$/i, '');
    const label = (n) => [n.getAttribute('class'), n.id, n.getAttribute('aria-label')].join(' ').toLowerCase();
    const navs = [...document.querySelectorAll('nav, [role="navigation"]')];
    const main = navs.filter((n) => /main|primary|site|global|主/.test(label(n)) && !/breadcrumb|toc|lang|switch/.test(label(n)));
    for (const nav of [...main, ...navs.filter((n) => !main.includes(n))]) {
      for (const a of nav.querySelectorAll('a[href]:not([hreflang])')) {
        const url = norm(a.href);
        if (url.startsWith(home) && url !== home) return a.href;
      }
    }
    return null;
  }, lang);
}

/** Clicks the switcher on the open page and checks where it lands. */
async function checkSwitch(page, origin, lang, expectedPath) {
  const from = pathOf(origin, page.url());
  const other = OTHER[lang];
  const found = await markSwitcher(page, other);
  if (!found) {
    finding(from, `no language switcher: no <a hreflang="${other}…"> inside the switcher element (or a nav/header)`);
    return false;
  }
  if (!found.how.startsWith('in <')) finding(from, `note: switcher link found only ${found.how}`);
  try {
    await Promise.all([
      page.waitForURL((u) => normalizePath(u.pathname) !== from, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS }),
      page.click('[data-brochure-switcher]', { timeout: NAV_TIMEOUT_MS }),
    ]);
  } catch (e) {
    finding(from, `language switcher "${found.text}" (href="${found.href}") did not lead to another page: ${e.message.split('\n')[0]}`);
    return false;
  }
  const landed = pathOf(origin, page.url());
  const htmlLang = await page.evaluate(() => document.documentElement.getAttribute('lang') || '');
  let ok = true;
  if (landed !== expectedPath) {
    finding(from, `language switcher "${found.text}" (href="${found.href}") led to ${landed}, expected ${expectedPath}`);
    ok = false;
  }
  if (htmlLang.toLowerCase().split('-')[0] !== other) {
    finding(landed, `after switching from ${from}: <html lang="${htmlLang}">, expected a "${other}" tag`);
    ok = false;
  }
  return ok;
}

async function checkHomesAndSwitchers(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  watchContext(context, origin);
  const page = await context.newPage();
  const passed = [];
  for (const lang of LANGS) {
    const home = `/${lang}/`;
    const res = await open(page, `${origin}/${lang}/index.html`);
    if (!res || res.status() >= 400) {
      finding(home, `home page did not load (HTTP ${res ? res.status() : 'none'})`);
      continue;
    }
    const section = await firstSectionLink(page, lang);
    if (await checkSwitch(page, origin, lang, `/${OTHER[lang]}/`)) passed.push(`${home} -> /${OTHER[lang]}/`);
    if (!section) {
      finding(home, 'no section link in the main navigation (a <nav> link to another page of this language)');
      continue;
    }
    await open(page, section);
    const from = pathOf(origin, page.url());
    const expected = from.replace(new RegExp(`^/${lang}/`), `/${OTHER[lang]}/`);
    if (await checkSwitch(page, origin, lang, expected)) passed.push(`${from} -> ${expected}`);
  }
  await context.close();
  return passed;
}

/** The 404 page at a deep missing URL: status 404, styled, every link resolves. */
async function check404(browser, origin, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  watchContext(context, origin);
  const page = await context.newPage();
  let checked = 0;
  for (const lang of LANGS) {
    for (const prefix of new Set(['', base.replace(/\/$/, '')])) {
      const at = `${prefix}/${lang}${MISSING}`;
      const res = await open(page, origin + at);
      if (!res || res.status() !== 404) {
        finding(at, `expected the 404 page with status 404, got ${res ? res.status() : 'nothing'}`);
        continue;
      }
      const state = await page.evaluate(() => ({
        lang: document.documentElement.getAttribute('lang') || '',
        rules: [...document.styleSheets].reduce((n, s) => n + (s.cssRules ? s.cssRules.length : 0), 0),
        links: [...document.querySelectorAll('a[href], link[href], img[src], script[src]')]
          .map((e) => e.href || e.src)
          .filter((u) => u.startsWith(location.origin)),
      }));
      if (!state.lang.toLowerCase().startsWith(lang)) finding(at, `<html lang="${state.lang}">, expected ${lang}`);
      if (state.rules === 0) finding(at, 'the 404 page is unstyled: no stylesheet loaded');
      const self = origin + at;
      for (const url of new Set(state.links.map((u) => u.replace(/#.*$/, '')).filter((u) => u !== self))) {
        const reply = await page.request.get(url);
        if (reply.status() >= 400) finding(at, `link ${pathOf(origin, url)} answers HTTP ${reply.status()}`);
      }
      checked += 1;
    }
  }
  await context.close();
  return checked;
}

async function takeScreenshots(browser, origin) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const written = [];
  for (const width of SCREENSHOT_WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    watchContext(context, origin);
    const page = await context.newPage();
    for (const lang of LANGS) {
      await open(page, `${origin}/${lang}/index.html`);
      const file = path.join(SCREENSHOT_DIR, `${lang}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      written.push(file);
    }
    await context.close();
  }
  return written;
}

/** Page paths whose document is wider than the viewport, with the elements sticking out. */
async function checkOverflow(browser, origin, pages) {
  for (const width of OVERFLOW_WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    watchContext(context, origin);
    await mapLimit(pages, 2, async (p) => {
      const page = await context.newPage();
      try {
        const res = await open(page, origin + p);
        if (!res || res.status() >= 400) return;
        const m = await page.evaluate(() => {
          const root = document.documentElement;
          const cw = root.clientWidth;
          const describe = (e) => e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '') +
            (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
          const wide = [];
          if (root.scrollWidth > cw) {
            for (const e of document.body.querySelectorAll('*')) {
              const r = e.getBoundingClientRect();
              if (r.right > cw + 0.5 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > cw + 0.5)) {
                wide.push(`${describe(e)} (right edge ${Math.round(r.right)} px)`);
                if (wide.length === 3) break;
              }
            }
          }
          return { sw: root.scrollWidth, cw, wide };
        });
        if (m.sw > m.cw) {
          finding(normalizePath(p), `scrolls sideways at ${width} px: scrollWidth ${m.sw} > clientWidth ${m.cw}` +
            (m.wide.length ? `; sticking out: ${m.wide.join(', ')}` : ''));
        }
      } catch (e) {
        finding(normalizePath(p), `could not be opened at ${width} px: ${e.message.split('\n')[0]}`);
      } finally {
        await page.close();
      }
    });
    await context.close();
  }
}

async function main() {
  const root = siteDirFromArgs('browser.mjs');
  const pages = listHtmlPages(root);
  const base = basePathOf(root);
  const server = await serveDir(root, { base, errorPages: true });
  const browser = await launchChromium();
  let passed = [];
  let shots = [];
  let missing = 0;
  try {
    passed = await checkHomesAndSwitchers(browser, server.origin);
    missing = await check404(browser, server.origin, base);
    shots = await takeScreenshots(browser, server.origin);
    await checkOverflow(browser, server.origin, pages);
  } finally {
    await browser.close();
    await server.close();
  }
  for (const p of passed) console.log(`ok switcher ${p}`);
  for (const s of shots) console.log(`screenshot ${s}`);
  console.log(`ok 404 page at ${missing} deep missing URLs`);
  const notes = findings.filter((f) => f.includes(': note: '));
  const problems = findings.filter((f) => !f.includes(': note: '));
  for (const n of notes) console.log(n);
  for (const f of problems) console.log(f);
  const summary = `browser: ${pages.length} pages checked for sideways scrolling at ${OVERFLOW_WIDTHS.join(' and ')} px, ` +
    `${passed.length} switcher checks passed, the 404 page at ${missing} missing URLs, ${problems.length} findings`;
  if (problems.length) {
    console.log(`FAIL ${summary}`);
    process.exit(1);
  }
  console.log(`ok ${summary}`);
}

main().catch((e) => {
  console.error(`browser.mjs: ${e.stack || e}`);
  process.exit(2);
});
