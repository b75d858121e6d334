import type { PlistDecodeOptions, PlistDict } from '@flotilla/codec-apple-mdm';
import { AppleProfilesError } from '../apple-profiles.errors';
import type { VerifySignedDataOptions } from '../cms/signed-data.verifier';
import { decodeProfilePlist, profileReader } from './profile-plist.bridge';
import { verifySignedProfile } from './profile.signer';
import type { ParsedProfile, PayloadScope, ProfilePayloadSummary } from './profile.types';

/** Options for {@link parseProfile}. */
export interface ParseProfileOptions {
  /** Limits for the profile plist. */
  plist?: PlistDecodeOptions;
  /** Signature checks of a signed profile (`now`, `allowSha1`, extra certificates). */
  signature?: Omit<VerifySignedDataOptions, 'detachedContent'>;
}

/**
 * Parses an uploaded `.mobileconfig`, signed (CMS DER, verified) or not (XML or binary plist).
 * Errors: the plist codes, the signature codes of `verifySignedProfile`,
 * `not_configuration_profile`, `encrypted_profile`, `missing_field` (PayloadIdentifier,
 * PayloadUUID, a payload's PayloadType/PayloadIdentifier/PayloadUUID), `invalid_field`.
 */
export function parseProfile(bytes: Uint8Array, options: ParseProfileOptions = {}): ParsedProfile {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf[0] === 0x30) {
    const verified = verifySignedProfile(buf, options.signature);
    return {
      ...describe(decodeProfilePlist(verified.content, options.plist), verified.content),
      signed: true,
      signer: verified.signer,
      certificates: verified.certificates,
      ...(verified.signingTime ? { signingTime: verified.signingTime } : {}),
    };
  }
  return { ...describe(decodeProfilePlist(buf, options.plist), buf), signed: false };
}

function describe(raw: PlistDict, content: Buffer): Omit<ParsedProfile, 'signed'> {
  const r = profileReader(raw, 'profile');
  const payloadType = r.optString('PayloadType') ?? r.missing('PayloadType');
  if (payloadType !== 'Configuration') {
    throw new AppleProfilesError('not_configuration_profile', `PayloadType is ${JSON.stringify(payloadType.slice(0, 64))}, not Configuration`);
  }
  if (raw['EncryptedPayloadContent'] !== undefined) throw new AppleProfilesError('encrypted_profile', 'encrypted profiles are not supported');
  const payloadIdentifier = r.optNonEmptyString('PayloadIdentifier') ?? r.missing('PayloadIdentifier');
  const payloadUuid = r.optNonEmptyString('PayloadUUID') ?? r.missing('PayloadUUID');
  const scope = r.optString('PayloadScope');
  if (scope !== undefined && scope !== 'System' && scope !== 'User') {
    throw new AppleProfilesError('invalid_field', 'profile: PayloadScope must be System or User');
  }
  const payloads: ProfilePayloadSummary[] = (r.optDictArray('PayloadContent') ?? []).map((p) => ({
    payloadType: p.optNonEmptyString('PayloadType') ?? p.missing('PayloadType'),
    payloadIdentifier: p.optNonEmptyString('PayloadIdentifier') ?? p.missing('PayloadIdentifier'),
    payloadUuid: p.optNonEmptyString('PayloadUUID') ?? p.missing('PayloadUUID'),
    ...optional('payloadDisplayName', p.optString('PayloadDisplayName')),
    ...optional('payloadVersion', p.optNumber('PayloadVersion')),
    raw: p.dict,
  }));
  return {
    payloadType: 'Configuration',
    payloadIdentifier,
    payloadUuid,
    ...optional('payloadDisplayName', r.optString('PayloadDisplayName')),
    ...optional('payloadDescription', r.optString('PayloadDescription')),
    ...optional('payloadOrganization', r.optString('PayloadOrganization')),
    ...optional('payloadScope', scope as PayloadScope | undefined),
    payloadVersion: r.optNumber('PayloadVersion') ?? r.missing('PayloadVersion'),
    ...optional('payloadRemovalDisallowed', r.optBoolean('PayloadRemovalDisallowed')),
    payloads,
    payloadTypes: [...new Set(payloads.map((p) => p.payloadType))],
    content,
    raw,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
