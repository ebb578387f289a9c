// Prints the gzipped size of the JavaScript the first page loads (the scripts and module
// preloads index.html names) and fails the build above the budget of the issue (250 KB). Lazy
// chunks (loaded on demand, e.g. the timeline chart) are listed apart.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1024;
const dist = join(import.meta.dirname, '..', 'dist');
const assets = join(dist, 'assets');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initialNames = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((match) => match[1]));
let total = 0;
for (const name of readdirSync(assets).filter((file) => file.endsWith('.js'))) {
  const size = gzipSync(readFileSync(join(assets, name)), { level: 9 }).length;
  const initial = initialNames.has(name);
  if (initial) total += size;
  console.log(`  ${name}: ${(size / 1024).toFixed(1)} KB gzipped${initial ? '' : ' (lazy)'}`);
}
console.log(`web: initial JS ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
if (total > BUDGET_BYTES) {
  console.error('web: initial JS is over budget');
  process.exit(1);
}
