import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppleProfilesError, type AppleProfilesErrorCode } from '../apple-profiles.errors';

/** Test-only helpers shared by the apple-profiles specs (not exported from the codec). */
export const FIXTURES = join(__dirname, '..', '__fixtures__');

export const fixture = (path: string): Buffer => readFileSync(join(FIXTURES, path));

/** The AppleProfilesError code `fn` throws, or 'no error'; anything else is rethrown. */
export function codeOf(fn: () => unknown): AppleProfilesErrorCode | 'no error' {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppleProfilesError) return err.code;
    throw err;
  }
  return 'no error';
}
