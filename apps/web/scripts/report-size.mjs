// Prints the gzipped size of the JavaScript the first page loads (the scripts and module
// preloads index.html names) and of each lazy chunk, and fails the build when the initial JS is
// above the budget of the issue (250 KB).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1024;
const dist = join(import.meta.dirname, '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((match) => match[1]));
let total = 0;
for (const name of readdirSync(join(dist, 'assets'))
  .filter((file) => file.endsWith('.js'))
  .sort()) {
  const size = gzipSync(readFileSync(join(dist, 'assets', name)), { level: 9 }).length;
  if (initial.has(name)) total += size;
  console.log(`  ${name}: ${(size / 1024).toFixed(1)} KB gzipped${initial.has(name) ? '' : ' (lazy)'}`);
}
if (initial.size === 0) {
  console.error('web: index.html names no script');
  process.exit(1);
}
console.log(`web: initial JS ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
if (total > BUDGET_BYTES) {
  console.error('web: initial JS is over budget');
  process.exit(1);
}
