import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOTILLA_VERSION } from './version';

it('FLOTILLA_VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
  expect(FLOTILLA_VERSION).toBe(pkg.version);
});
