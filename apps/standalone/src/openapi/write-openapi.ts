import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from './openapi.document';
import { buildPermissionsMarkdown } from './permissions.document';

/** `npm run openapi`: regenerates docs/openapi.json and docs/permissions.md from the code. */
buildOpenApiDocument().then(
  (doc) => {
    const out = join(__dirname, '../../../../../docs/openapi.json');
    writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
    process.stdout.write(`wrote ${out} (${Object.keys(doc.paths).length} paths)\n`);
    const permissions = join(__dirname, '../../../../../docs/permissions.md');
    writeFileSync(permissions, buildPermissionsMarkdown(doc.paths as Parameters<typeof buildPermissionsMarkdown>[0]));
    process.stdout.write(`wrote ${permissions}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`openapi: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
