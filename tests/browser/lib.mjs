// Shared helpers for the browser checks: a tiny static server for the built site,
// the list of pages in it, and the Chromium launcher (Debian's /usr/bin/chromium).
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (this file lives in tests/browser/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The browser the checks drive; overridable for machines that keep it elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
};

/**
 * Whether a failed request only says Chromium cancelled it because the page navigated
 * away or closed (ERR_ABORTED, typically the favicon fetched after "load"). It says
 * nothing about the site: a missing file is an HTTP 404 over http and ERR_FILE_NOT_FOUND
 * from file://, a request leaving the machine ERR_NAME_NOT_RESOLVED or similar.
 */
export function isCancelled(req) {
  return req.failure()?.errorText === 'net::ERR_ABORTED';
}

/** Reads the one required argument (the built site folder) or exits with usage. */
export function siteDirFromArgs(scriptName) {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error(`usage: node ${scriptName} SITE_DIR   (the built output, e.g. public/)`);
    process.exit(2);
  }
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    console.error(`${scriptName}: ${abs} is not a folder`);
    process.exit(2);
  }
  return abs;
}

/** Every *.html file under root, as URL paths ("/zh/index.html"), sorted. */
export function listHtmlPages(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.html?$/i.test(entry.name)) {
        out.push('/' + path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** The path of the site's base_url ("/intl/"), read from the output's robots.txt. */
export function basePathOf(root) {
  const robots = existsSync(path.join(root, 'robots.txt'))
    ? readFileSync(path.join(root, 'robots.txt'), 'utf8')
    : '';
  const line = robots.split('\n').find((l) => l.startsWith('Sitemap: '));
  if (!line) return '/';
  return new URL(line.slice('Sitemap: '.length).trim()).pathname.replace(/sitemap\.xml$/, '');
}

/**
 * Serves root on an ephemeral 127.0.0.1 port. A folder URL serves its index.html
 * (a folder URL without the trailing slash is redirected to it, as real servers do).
 * Options, as a site is published: `base` ("/intl/"), a path the site also answers under;
 * `errorPages`, a missing file answered with its language's 404.html bytes and status 404
 * (as nginx `error_page 404` or GitHub Pages do).
 * Resolves to { origin, close() }.
 */
export function serveDir(root, { base = '/', errorPages = false } = {}) {
  const server = createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (base !== '/' && (urlPath + '/').startsWith(base)) {
      urlPath = '/' + urlPath.slice(base.length);
    }
    const file = path.join(root, urlPath);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let target = file;
    if (existsSync(target) && statSync(target).isDirectory()) {
      if (!urlPath.endsWith('/')) {
        res.writeHead(301, { Location: urlPath + '/' }).end();
        return;
      }
      target = path.join(target, 'index.html');
    }
    if (!existsSync(target) || !statSync(target).isFile()) {
      const lang = urlPath.split('/')[1] || '';
      const page = [path.join(root, lang, '404.html'), path.join(root, 'zh', '404.html')]
        .find((p) => lang && existsSync(p)) || path.join(root, 'zh', '404.html');
      if (errorPages && existsSync(page)) {
        res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end(readFileSync(page));
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`404 ${urlPath}`);
      return;
    }
    const type = CONTENT_TYPES[path.extname(target).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(target).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/** Launches Debian's Chromium headless through playwright-core. */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
    process.exit(2);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Runs worker(item) over items with at most `limit` running at once; keeps input order. */
export async function mapLimit(items, limit, worker) {
  const results = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
