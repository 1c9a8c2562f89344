// selftest.mjs — checks the checks. fixtures/site passes every validator; each variant below
// breaks one thing and must make the named validator fail (exit 1) while saying why.
// Usage: node selftest.mjs   (needs /usr/bin/chromium, java and xmllint; ~1 minute)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(HERE, 'fixtures', 'site');
const XSD = path.join(HERE, '..', 'schemas', 'sitemap-hreflang.xsd');

const VALIDATORS = {
  axe: (dir) => ['node', [path.join(HERE, 'axe.mjs'), dir]],
  browser: (dir) => ['node', [path.join(HERE, 'browser.mjs'), dir]],
  vnu: (dir) => ['node', [path.join(HERE, 'vnu.mjs'), dir]],
  sitemap: (dir) => ['xmllint', ['--noout', '--nonet', '--schema', XSD, path.join(dir, 'sitemap.xml')]],
};

// [name, file, search, replacement, validator, text expected in its output]
const VARIANTS = [
  ['missing alt (axe)', 'zh/index.html', ' alt="USST"', '', 'axe', 'image-alt'],
  ['missing alt (vnu)', 'zh/index.html', ' alt="USST"', '', 'vnu', 'alt'],
  ['low contrast', 'style.css', 'header a{color:#fff}', 'header a{color:#1d4f80}', 'axe', 'color-contrast'],
  ['obsolete element', 'en/index.html', '<h1>', '<center>x</center><h1>', 'vnu', 'center'],
  ['invalid CSS', 'style.css', 'color:#222', 'color:bluish', 'vnu', 'bluish'],
  ['console error', 'en/index.html', '</body>', '<script>console.error("boom")</script></body>', 'browser', 'console error: boom'],
  ['page error', 'zh/index.html', '</body>', '<script>noSuchFunction()</script></body>', 'browser', 'page error'],
  ['404 request', 'zh/programs/index.html', '</main>', '<img src="../../missing.png" alt="x"></main>', 'browser', 'HTTP 404'],
  ['request leaving the machine', 'en/index.html', '</head>', '<script src="https://cdn.example.invalid/x.js"></script></head>', 'browser', 'request failed'],
  ['switcher to the wrong section', 'en/programs/index.html', 'href="../../zh/programs/index.html"', 'href="../../zh/index.html"', 'browser', 'expected /zh/programs/'],
  ['no switcher', 'zh/index.html', 'hreflang="en" lang="en">English', 'lang="en">English', 'browser', 'no language switcher'],
  ['wrong html lang', 'en/index.html', '<html lang="en">', '<html lang="zh-Hans">', 'browser', 'expected a "en" tag'],
  ['sideways scrolling', 'zh/programs/index.html', '</main>', '<div style="width:900px">wide</div></main>', 'browser', 'scrolls sideways at 360 px'],
  ['header taller than 15 % of a phone', 'style.css', 'header{display:flex;', 'header{min-height:200px;display:flex;', 'browser', 'more than 126 px (15 %)'],
  ['menu that needs JavaScript', 'zh/index.html', '<details>', '<div>', 'browser', 'no menu that works without JavaScript'],
  ['Chinese paragraph ending on one character', 'zh/index.html', '<p>欢迎了解上海理工大学的中外合作办学项目。</p>', '<p>一二三四五六七八九十一二三四五六七八九十一二三</p>', 'browser', 'ends on a single character'],
  ['bad sitemap', 'sitemap.xml', '<lastmod>2026-11-28</lastmod>', '<lastmod>28/11/2026</lastmod>', 'sitemap', 'lastmod'],
];

function run(validator, dir) {
  const [cmd, args] = VALIDATORS[validator](dir);
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, BROCHURE_SCREENSHOT_DIR: path.join(dir, '..', 'shots') } });
  return { status: r.status, output: `${r.stdout || ''}${r.stderr || ''}${r.error ? r.error.message : ''}` };
}

const work = mkdtempSync(path.join(tmpdir(), 'brochure-selftest-'));
let failures = 0;
try {
  const good = path.join(work, 'good');
  cpSync(FIXTURE, good, { recursive: true });
  for (const v of Object.keys(VALIDATORS)) {
    const r = run(v, good);
    const ok = r.status === 0;
    if (!ok) failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} clean fixture passes ${v}${ok ? '' : `\n${r.output}`}`);
  }
  VARIANTS.forEach(([name, file, search, replacement, validator, expected], i) => {
    const dir = path.join(work, `v${i}`);
    cpSync(FIXTURE, dir, { recursive: true });
    const target = path.join(dir, file);
    const text = readFileSync(target, 'utf8');
    if (!text.includes(search)) throw new Error(`variant "${name}": ${file} does not contain ${search}`);
    writeFileSync(target, text.replace(search, replacement));
    const r = run(validator, dir);
    const ok = r.status !== 0 && r.status !== 2 && r.output.includes(expected);
    if (!ok) failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${validator} catches ${name}${ok ? '' : ` (exit ${r.status}, wanted "${expected}")\n${r.output}`}`);
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(failures ? `selftest: ${failures} failed` : 'selftest: all passed');
process.exit(failures ? 1 : 0);
