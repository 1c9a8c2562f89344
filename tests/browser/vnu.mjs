// vnu.mjs SITE_DIR — the Nu HTML Checker (vnu.jar from npm vnu-jar, run with the system
// Java) on every HTML, CSS and SVG file of the built site. Errors only; warnings are not
// findings. Exit 0: no errors. Exit 1: errors (printed in GNU format, file:line.col).
// Exit 2: bad usage or Java missing.
//
// CSS: checked (--also-check-css), style attributes and <style> blocks included. The print
// editions use CSS Paged Media / GCPM features that WeasyPrint understands but the CSS
// checker does not know (string-set, string(), leader(), target-counter(), target-text(),
// running()/element(), float: footnote); those messages, and only those, are filtered out.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { siteDirFromArgs } from './lib.mjs';

const require = createRequire(import.meta.url);
const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA || 'java';
const PAGED_MEDIA_FILTER =
  'CSS: .*(string-set|string\\(|leader\\(|target-counter|target-text|running\\(|element\\(|footnote).*';

function main() {
  const root = siteDirFromArgs('vnu.mjs');
  const args = [
    '-jar', VNU_JAR,
    '--skip-non-html', '--also-check-css', '--also-check-svg',
    '--errors-only', '--format', 'gnu',
    '--filterpattern', PAGED_MEDIA_FILTER,
    root,
  ];
  const run = spawnSync(JAVA, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) {
    console.error(`vnu.mjs: could not start ${JAVA} (${run.error.code || run.error.message}): install a Java 11+ runtime (apt-get install default-jre-headless)`);
    process.exit(2);
  }
  // vnu prints its findings on stderr; relay them with the site folder shortened.
  const out = `${run.stdout}${run.stderr}`.split(`file:${root}/`).join('').trim();
  const lines = out ? out.split('\n') : [];
  for (const line of lines) console.log(line);
  if (run.status !== 0 || lines.some((l) => /: (error|fatal)/.test(l))) {
    console.log(`FAIL vnu: ${lines.length} errors in ${root}`);
    process.exit(1);
  }
  console.log(`ok vnu: no errors in ${root}`);
}

main();
