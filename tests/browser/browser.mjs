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
//  * on a 390x844 phone, on every page of each language: the header and navigation (all
//    above <main>) take at most 15 % of the screen (126 px), the page does not scroll
//    sideways (scrollWidth <= innerWidth), and no Chinese paragraph's last line holds a
//    single character (punctuation not counted; measured with Range rects);
//  * with JavaScript disabled, at 390x844, the main navigation is a closed disclosure
//    (<details>/<summary>) that opens from the keyboard, shows every link, and a link works;
//  * full-page screenshots of both home pages at 390 and 1280 px go to
//    <repo>/target/screenshots/{zh,en}-{390,1280}.png (or $BROCHURE_SCREENSHOT_DIR).
// Exit 0: all good. Exit 1: findings (each printed). Exit 2: bad usage or could not run.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, basePathOf, isCancelled, launchChromium, listHtmlPages, mapLimit, serveDir, siteDirFromArgs } from './lib.mjs';

const LANGS = ['zh', 'en'];
const OTHER = { zh: 'en', en: 'zh' };
const OVERFLOW_WIDTHS = [360, 1440];
const SCREENSHOT_WIDTHS = [390, 1280];
const SCREENSHOT_DIR = process.env.BROCHURE_SCREENSHOT_DIR || path.join(REPO_ROOT, 'target', 'screenshots');
const NAV_TIMEOUT_MS = 15000;
/** The phone the header budget is measured on, and the budget: 15 % of its height. */
const PHONE = { width: 390, height: 844 };
const MAX_CHROME_PX = Math.floor(PHONE.height * 0.15);
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
    if (isCancelled(req)) return;
    const errorText = req.failure() ? req.failure().errorText : 'unknown';
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

/**
 * On a phone, every page of each language: the height above <main> (header and navigation),
 * sideways scrolling, and (Chinese pages) paragraphs whose last line is one character.
 * Returns the tallest header per language.
 */
async function checkPhone(browser, origin, pages) {
  const context = await browser.newContext({ viewport: PHONE });
  watchContext(context, origin);
  const tallest = {};
  const ofLang = pages.filter((p) => LANGS.some((l) => p.startsWith(`/${l}/`)));
  await mapLimit(ofLang, 2, async (p) => {
    const lang = p.split('/')[1];
    const page = await context.newPage();
    try {
      const res = await open(page, origin + p);
      if (!res || res.status() >= 400) return;
      const m = await page.evaluate(() => {
        const main = document.querySelector('main');
        const lonely = [];
        for (const para of document.querySelectorAll('main p')) {
          if (!para.matches(':lang(zh)')) continue;
          // Every visible character with its line (the bottom of its box), in order.
          const chars = [];
          const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            for (let i = 0; i < n.data.length; i++) {
              if (/\s/.test(n.data[i])) continue;
              const range = document.createRange();
              range.setStart(n, i);
              range.setEnd(n, i + 1);
              const rect = range.getClientRects()[0];
              if (rect) chars.push({ c: n.data[i], bottom: rect.bottom });
            }
          }
          if (chars.length < 2) continue;
          const last = chars[chars.length - 1].bottom;
          const lines = new Set(chars.map((c) => Math.round(c.bottom))).size;
          const lastLine = chars.filter((c) => Math.abs(c.bottom - last) < 2).map((c) => c.c).join('');
          const letters = lastLine.replace(/[\p{P}\p{S}]/gu, '');
          if (lines > 1 && [...letters].length < 2) lonely.push(`…${chars.slice(-8).map((c) => c.c).join('')} (last line "${lastLine}")`);
        }
        return {
          top: main ? Math.round(main.getBoundingClientRect().top + window.scrollY) : null,
          sw: document.documentElement.scrollWidth,
          iw: window.innerWidth,
          lonely,
        };
      });
      const where = normalizePath(p);
      if (m.top === null) {
        finding(where, 'no <main> element: cannot tell the header from the content');
      } else {
        tallest[lang] = Math.max(tallest[lang] || 0, m.top);
        if (m.top > MAX_CHROME_PX) {
          finding(where, `at ${PHONE.width}x${PHONE.height} the header and navigation take ${m.top} px ` +
            `(${(100 * m.top / PHONE.height).toFixed(1)} %), more than ${MAX_CHROME_PX} px (15 %)`);
        }
      }
      if (m.sw > m.iw) finding(where, `scrolls sideways at ${PHONE.width} px: scrollWidth ${m.sw} > innerWidth ${m.iw}`);
      for (const l of m.lonely) finding(where, `a Chinese paragraph ends on a single character at ${PHONE.width} px: ${l}`);
    } catch (e) {
      finding(normalizePath(p), `could not be opened at ${PHONE.width} px: ${e.message.split('\n')[0]}`);
    } finally {
      await page.close();
    }
  });
  await context.close();
  return tallest;
}

/**
 * With JavaScript disabled, on a phone: each home's main navigation is a closed
 * <details> whose <summary> opens it from the keyboard; then every link in it is visible
 * inside the screen, and following one lands on another page. Returns the homes passed.
 */
async function checkMenuWithoutScript(browser, origin) {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  watchContext(context, origin);
  const page = await context.newPage();
  const passed = [];
  for (const lang of LANGS) {
    const home = `/${lang}/`;
    await open(page, `${origin}/${lang}/index.html`);
    const menu = page.locator('nav details:has(> summary)').first();
    if ((await menu.count()) === 0) {
      finding(home, 'the main navigation has no menu that works without JavaScript (a <details> with a <summary> in a <nav>)');
      continue;
    }
    const links = menu.locator('a[href]');
    const count = await links.count();
    if (count === 0) {
      finding(home, 'the menu holds no links');
      continue;
    }
    if (await links.first().isVisible()) finding(home, `the menu is not closed at ${PHONE.width} px: its links show before it is opened`);
    await menu.locator('> summary').focus();
    await page.keyboard.press('Enter');
    let ok = true;
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      const box = (await link.isVisible()) ? await link.boundingBox() : null;
      if (!box || box.x < 0 || box.x + box.width > PHONE.width + 0.5) {
        finding(home, `after opening the menu from the keyboard, link "${(await link.textContent()).trim()}" is not shown inside the screen`);
        ok = false;
      }
    }
    // The first link to another page of the site (not the home itself).
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.href));
    const i = hrefs.findIndex((h) => h.startsWith(origin) && normalizePath(new URL(h).pathname) !== home);
    const target = links.nth(Math.max(i, 0));
    if (i >= 0) {
      const before = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== before, { timeout: NAV_TIMEOUT_MS }), target.click()]);
      if (normalizePath(new URL(page.url()).pathname) === home) {
        finding(home, 'following a menu link did not leave the home page');
        ok = false;
      }
    }
    if (ok) passed.push(home);
  }
  await context.close();
  return passed;
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
  let tallest = {};
  let menus = [];
  try {
    passed = await checkHomesAndSwitchers(browser, server.origin);
    missing = await check404(browser, server.origin, base);
    shots = await takeScreenshots(browser, server.origin);
    await checkOverflow(browser, server.origin, pages);
    tallest = await checkPhone(browser, server.origin, pages);
    menus = await checkMenuWithoutScript(browser, server.origin);
  } finally {
    await browser.close();
    await server.close();
  }
  for (const p of passed) console.log(`ok switcher ${p}`);
  for (const s of shots) console.log(`screenshot ${s}`);
  console.log(`ok 404 page at ${missing} deep missing URLs`);
  for (const [lang, px] of Object.entries(tallest)) {
    console.log(`phone ${PHONE.width}x${PHONE.height}: ${lang} header and navigation at most ${px} px (${(100 * px / PHONE.height).toFixed(1)} %)`);
  }
  for (const m of menus) console.log(`ok menu without JavaScript on ${m}`);
  const notes = findings.filter((f) => f.includes(': note: '));
  const problems = findings.filter((f) => !f.includes(': note: '));
  for (const n of notes) console.log(n);
  for (const f of problems) console.log(f);
  const summary = `browser: ${pages.length} pages checked for sideways scrolling at ${OVERFLOW_WIDTHS.join(' and ')} px, ` +
    `${passed.length} switcher checks passed, the 404 page at ${missing} missing URLs, ` +
    `header budget, sideways scrolling and Chinese last lines at ${PHONE.width}x${PHONE.height}, ` +
    `${menus.length} menus without JavaScript, ${problems.length} findings`;
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
