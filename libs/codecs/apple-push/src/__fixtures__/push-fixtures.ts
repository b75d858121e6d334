import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodecError, isCodecError } from '@flotilla/codec-core';

/** The push-certificate fixtures, by path under `__fixtures__/`. */
export const PUSH_FIXTURES = {
  apnsPush: 'nanomdm/test/e2e/testdata/push.pem',
  mockPush: 'micromdm/pkg/crypto/testdata/mock_push_cert.pem',
  mockNoUid: 'micromdm/pkg/crypto/testdata/mock_push_cert_no_uid.pem',
  mockWrongPrefix: 'micromdm/pkg/crypto/testdata/mock_push_cert_wrong_uid_prefix.pem',
  appleCaSigned: 'micromdm/pkg/crypto/testdata/appleca_signed.pem',
  appleCaSignedNewer: 'micromdm/pkg/crypto/testdata/appleca_signed_newer.pem',
} as const;

export function pushFixture(name: keyof typeof PUSH_FIXTURES): string {
  return readFileSync(join(__dirname, PUSH_FIXTURES[name]), 'utf8');
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
