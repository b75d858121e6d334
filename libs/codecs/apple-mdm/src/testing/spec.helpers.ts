import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppleMdmError, type AppleMdmErrorCode } from '../apple-mdm.errors';

/** Test-only helpers shared by the apple-mdm specs (not exported from the codec). */
export const FIXTURES = join(__dirname, '..', '__fixtures__');

export const fixture = (path: string): Buffer => readFileSync(join(FIXTURES, path));

/** The AppleMdmError code `fn` throws, or 'no error'; anything else is rethrown. */
export function codeOf(fn: () => unknown): AppleMdmErrorCode | 'no error' {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppleMdmError) return err.code;
    throw err;
  }
  return 'no error';
}
