// Sums the counters of every TRX file under a folder and prints "N passed, N failed" (CI reads that line).
// Usage: node eng/tools/count-trx.mjs <folder>
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
let passed = 0, failed = 0, files = 0;
function walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.trx')) {
      const counters = fs.readFileSync(full, 'utf8').match(/<Counters\b[^>]*>/);
      if (!counters) continue;
      const attr = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) ?? [0, 0])[1]);
      passed += attr('passed');
      failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
      files++;
    }
  }
}
walk(root);
console.error(`(${files} test result files read from ${root})`);
console.log(`${passed} passed, ${failed} failed`);
