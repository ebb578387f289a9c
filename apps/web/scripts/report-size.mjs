// Prints the gzipped size of the JavaScript the first page loads (every script in dist/assets:
// the app has no lazy chunks) and fails the build above the budget of the issue (250 KB).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1024;
const assets = join(import.meta.dirname, '..', 'dist', 'assets');
let total = 0;
for (const name of readdirSync(assets).filter((file) => file.endsWith('.js'))) {
  const size = gzipSync(readFileSync(join(assets, name)), { level: 9 }).length;
  total += size;
  console.log(`  ${name}: ${(size / 1024).toFixed(1)} KB gzipped`);
}
console.log(`web: initial JS ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
if (total > BUDGET_BYTES) {
  console.error('web: initial JS is over budget');
  process.exit(1);
}
