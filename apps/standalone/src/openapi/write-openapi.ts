import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from './openapi.document';

/** `npm run openapi`: regenerates docs/openapi.json from the code. */
buildOpenApiDocument().then(
  (doc) => {
    const out = join(__dirname, '../../../../../docs/openapi.json');
    writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
    process.stdout.write(`wrote ${out} (${Object.keys(doc.paths).length} paths)\n`);
  },
  (err: unknown) => {
    process.stderr.write(`openapi: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
