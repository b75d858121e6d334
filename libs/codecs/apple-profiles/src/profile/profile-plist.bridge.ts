import {
  AppleMdmError,
  decodePlistDict,
  isPlistErrorCode,
  encodePlist,
  PlistFieldReader,
  type PlistDecodeOptions,
  type PlistDict,
} from '@flotilla/codec-apple-mdm';
import { AppleProfilesError } from '../apple-profiles.errors';

/** Runs a plist operation of the Apple MDM codec, re-throwing its errors as this codec's (same code). */
function asProfilesError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppleMdmError && isPlistErrorCode(err.code)) {
      throw new AppleProfilesError(err.code, err.message, { cause: err });
    }
    throw err;
  }
}

/** Decodes a profile plist (XML or binary) whose root must be a dict. */
export function decodeProfilePlist(bytes: Uint8Array, options?: PlistDecodeOptions): PlistDict {
  return asProfilesError(() => decodePlistDict(bytes, options));
}

/** Encodes a profile dict as an Apple XML plist. */
export function encodeProfilePlist(dict: PlistDict): Buffer {
  return asProfilesError(() => encodePlist(dict));
}

/** A field reader whose errors are this codec's. */
export function profileReader(dict: PlistDict, where: string): PlistFieldReader {
  return new PlistFieldReader(dict, where, (code, message) => new AppleProfilesError(code, message));
}
