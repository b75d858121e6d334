#!/usr/bin/env node
// Writes the Fleet OpenAPI subset the api-gateway specs validate responses against
// (apps/api-gateway/src/testing/__fixtures__/fleet-openapi.subset.json) from the full document in
// ../shared/reference/fleet-openapi.json (relative to the repository root).
//
//   node tools/fleet-openapi-subset.mjs /api/v1/fleet/hosts /api/v1/fleet/config …
//
// Arguments: every path template the subset holds (the current ones too: the file is rewritten).
// Path items and every component schema they reference (transitively) are copied unchanged; the
// fixture's own `info` block (with its x-flotilla-subset provenance note) is kept.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(ROOT, '..', 'shared', 'reference', 'fleet-openapi.json');
const TARGET = join(ROOT, 'apps', 'api-gateway', 'src', 'testing', '__fixtures__', 'fleet-openapi.subset.json');
const SCHEMA_REF = '#/components/schemas/';

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: node tools/fleet-openapi-subset.mjs <path template>…  (e.g. /api/v1/fleet/config)');
  process.exit(2);
}

const full = JSON.parse(readFileSync(SOURCE, 'utf8'));
const missing = paths.filter((p) => !(p in full.paths));
if (missing.length > 0) {
  console.error(`not in ${SOURCE}: ${missing.join(', ')}`);
  process.exit(1);
}

/** Every `$ref` string under `node`. */
function refsIn(node, out = []) {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

const needed = new Set();
const queue = paths.flatMap((p) => refsIn(full.paths[p]));
while (queue.length > 0) {
  const ref = queue.pop();
  if (!ref.startsWith(SCHEMA_REF)) throw new Error(`unsupported $ref ${ref} (only component schemas are copied)`);
  const name = ref.slice(SCHEMA_REF.length);
  if (needed.has(name)) continue;
  if (!(name in full.components.schemas)) throw new Error(`dangling $ref ${ref}`);
  needed.add(name);
  queue.push(...refsIn(full.components.schemas[name]));
}

const info = existsSync(TARGET) ? JSON.parse(readFileSync(TARGET, 'utf8')).info : full.info;
const subset = {};
for (const key of Object.keys(full)) {
  if (key === 'info') subset.info = info;
  else if (key === 'paths') subset.paths = Object.fromEntries(paths.map((p) => [p, full.paths[p]]));
  else if (key === 'components') {
    subset.components = {
      ...full.components,
      // Kept in the full document's order, so re-running with more paths only adds lines.
      schemas: Object.fromEntries(Object.entries(full.components.schemas).filter(([name]) => needed.has(name))),
    };
  } else subset[key] = full[key];
}

writeFileSync(TARGET, `${JSON.stringify(subset, null, 1)}\n`);
console.log(`wrote ${TARGET}: ${paths.length} paths, ${needed.size} component schemas`);
