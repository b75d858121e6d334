import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from './openapi.document';
import { buildPermissionsMarkdown } from './permissions.document';

describe('docs/openapi.json', () => {
  it('is what the code generates (run `npm run openapi` after changing routes)', async () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../../docs/openapi.json'), 'utf8')) as unknown;
    const generated = JSON.parse(JSON.stringify(await buildOpenApiDocument())) as unknown;
    expect(generated).toEqual(committed);
  });

  it('docs/permissions.md is what the code generates', async () => {
    const doc = JSON.parse(JSON.stringify(await buildOpenApiDocument())) as { paths: Parameters<typeof buildPermissionsMarkdown>[0] };
    expect(buildPermissionsMarkdown(doc.paths)).toBe(readFileSync(join(__dirname, '../../../../docs/permissions.md'), 'utf8'));
  });

  it('documents the platform and api-gateway routes', async () => {
    const doc = await buildOpenApiDocument();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/metrics', '/api/latest/flotilla/services']));
  });
});
