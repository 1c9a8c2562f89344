// Every JSON-LD block of a built site, expanded by the `jsonld` package (JSON-LD 1.1): each
// must be JSON, name schema.org as its context, and expand without error to nodes with a
// type. No network: https://schema.org is answered with its vocabulary mapping (@vocab), as
// the official context does. Usage: node jsonld.mjs SITE_DIR
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import { listHtmlPages, siteDirFromArgs } from './lib.mjs';

const SCHEMA_ORG = { '@context': { '@vocab': 'https://schema.org/' } };

async function documentLoader(url) {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) {
    return { contextUrl: null, documentUrl: url, document: SCHEMA_ORG };
  }
  throw new Error(`no network in this check: ${url}`);
}

const BLOCK = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/g;

const root = siteDirFromArgs('jsonld.mjs');
const problems = [];
let blocks = 0;
for (const page of listHtmlPages(root)) {
  const html = readFileSync(path.join(root, page), 'utf8');
  for (const [, text] of html.matchAll(BLOCK)) {
    blocks += 1;
    try {
      const doc = JSON.parse(text);
      if (doc['@context'] !== 'https://schema.org') throw new Error('context is not https://schema.org');
      const expanded = await jsonld.expand(doc, { documentLoader, safe: true });
      if (expanded.length === 0 || !expanded.every((n) => n['@type'])) {
        throw new Error(`expands to nodes without a type: ${JSON.stringify(expanded)}`);
      }
    } catch (e) {
      problems.push(`${page}: ${e.message}\n  ${text.slice(0, 200)}`);
    }
  }
}
if (blocks === 0) problems.push('no JSON-LD block in the whole site');
if (problems.length > 0) {
  console.error(`jsonld: ${problems.length} problem(s):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`jsonld: ${blocks} blocks on ${listHtmlPages(root).length} pages expand cleanly`);
