// Writes every payload example of Clerk's webhook OpenAPI document to src/ClerkSync.Cli/Examples/<event.type>/openapi.json.
// Usage: node eng/tools/extract-openapi-examples.mjs [path/to/webhooks-openapi.yml] [outDir]
// The examples are committed (the CLI embeds them for `send`; the tests read them as fixtures); a test re-runs this
// script and fails on drift.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const spec = process.argv[2] ?? path.resolve(repo, '..', 'shared', 'clerk', 'webhooks-openapi-2025-04-15.yml');
const outDir = process.argv[3] ?? path.join(repo, 'src', 'ClerkSync.Cli', 'Examples');

const doc = yaml.load(fs.readFileSync(spec, 'utf8'));
const named = doc.components?.examples ?? {};

// An operation carries either an inline `example` or `examples: { name: { $ref: '#/components/examples/X' } }`.
function examplesOf(content) {
  if (content?.example !== undefined) return { openapi: content.example };
  const result = {};
  for (const [name, entry] of Object.entries(content?.examples ?? {})) {
    const ref = entry?.$ref?.replace('#/components/examples/', '');
    const value = ref ? named[ref]?.value : entry?.value;
    if (value !== undefined) result[name === 'default' ? 'openapi' : `openapi-${name}`] = value;
  }
  return result;
}

let count = 0;
for (const [type, item] of Object.entries(doc['x-webhooks'] ?? {})) {
  const examples = examplesOf(item?.post?.requestBody?.content?.['application/json']);
  for (const [name, value] of Object.entries(examples)) {
    const dir = path.join(outDir, type);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(value, null, 2) + '\n');
    count++;
  }
}
console.log(`${count} examples written to ${outDir}`);
