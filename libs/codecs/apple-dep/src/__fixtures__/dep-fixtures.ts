import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodecError, isCodecError } from '@flotilla/codec-core';

/** The micromdm DEP fixtures, by file name. */
export type DepFixture =
  | 'account_response.json'
  | 'device_response.json'
  | 'device_details_response.json'
  | 'empty_sync_response.json'
  | 'fetch_profile_response.json';

export function depFixture(name: DepFixture): Buffer {
  return readFileSync(join(__dirname, 'micromdm', 'dep', 'testdata', name));
}

export function depFixtureJson(name: DepFixture): Record<string, unknown> {
  return JSON.parse(depFixture(name).toString('utf8')) as Record<string, unknown>;
}

/** Runs `fn`, expecting it to throw a CodecError, and returns it. */
export function thrown(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (err) {
    if (isCodecError(err)) return err;
    throw err;
  }
  throw new Error('expected a CodecError, nothing was thrown');
}
