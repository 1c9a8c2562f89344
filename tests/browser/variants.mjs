// variants.mjs SITE_DIR PAGE — which image file Chromium picks from the srcset the build
// wrote, on a 390 px wide phone at device pixel ratios 1, 2 and 3, and at 1280 px.
//  * SITE_DIR is a built site, PAGE a site path in it whose first <img> is a photo with
//    variants 480, 960 and 1600 px wide (WebP and JPEG);
//  * for each screen the first image's currentSrc must be the narrowest WebP variant at
//    least as wide as the slot in device pixels (`sizes`: the full width up to 44rem, then
//    44rem = 704 px), loaded once, with no request for a larger file;
//  * a screenshot at 390 px, DPR 1, with the picked file written under the image, goes to
//    <repo>/target/screenshots/variant-390.png (or $BROCHURE_SCREENSHOT_DIR).
// Exit 0: all picked as expected. Exit 1: findings (each printed). Exit 2: bad usage.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, launchChromium, serveDir } from './lib.mjs';

const [, , siteArg, pagePath] = process.argv;
if (!siteArg || !pagePath) {
  console.error('usage: node variants.mjs SITE_DIR PAGE   (e.g. out /en/gallery/)');
  process.exit(2);
}
const SCREENSHOT_DIR = process.env.BROCHURE_SCREENSHOT_DIR || path.join(REPO_ROOT, 'target', 'screenshots');
const SCREENS = [
  { width: 390, dpr: 1, expect: '.480.webp' },
  { width: 390, dpr: 2, expect: '.960.webp' },
  { width: 390, dpr: 3, expect: '.1600.webp' },
  { width: 1280, dpr: 1, expect: '.960.webp' },
];

const findings = [];
const server = await serveDir(path.resolve(siteArg));
const browser = await launchChromium();
try {
  for (const screen of SCREENS) {
    const context = await browser.newContext({
      viewport: { width: screen.width, height: 844 },
      deviceScaleFactor: screen.dpr,
    });
    const page = await context.newPage();
    const images = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'image') images.push(new URL(r.url()).pathname);
    });
    await page.goto(server.origin + pagePath, { waitUntil: 'load' });
    const picked = await page.evaluate(async () => {
      const img = document.querySelector('main img');
      if (!img) return null;
      await img.decode().catch(() => {});
      return { src: img.currentSrc, natural: img.naturalWidth, shown: img.getBoundingClientRect().width };
    });
    const where = `${screen.width} px at DPR ${screen.dpr}`;
    if (!picked) {
      findings.push(`${where}: no image in <main> on ${pagePath}`);
    } else {
      const file = new URL(picked.src).pathname;
      const line = `${where}: picked ${path.basename(file)} (${picked.natural} px wide, shown ${Math.round(picked.shown)} CSS px)`;
      console.log(line);
      if (!file.endsWith(screen.expect)) findings.push(`${line}; expected the *${screen.expect} variant`);
      const stem = file.slice(0, file.indexOf('.', file.lastIndexOf('/')));
      const same = images.filter((u) => u.startsWith(stem));
      if (same.length !== 1) findings.push(`${where}: ${same.length} requests for this image: ${same.join(', ')}`);
      if (screen.width === 390 && screen.dpr === 1) {
        await page.evaluate((text) => {
          const note = document.createElement('p');
          note.textContent = `currentSrc: ${text}`;
          note.style.cssText = 'font: 16px monospace; background: #ff0; color: #000; padding: 4px';
          document.querySelector('main img').closest('picture, img').after(note);
          note.scrollIntoView({ block: 'end' });
        }, path.basename(file));
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const shot = path.join(SCREENSHOT_DIR, 'variant-390.png');
        await page.screenshot({ path: shot });
        console.log(`screenshot: ${shot}`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
for (const f of findings) console.log(f);
process.exit(findings.length ? 1 : 0);
