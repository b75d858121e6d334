import type { PlistDict } from '@flotilla/codec-apple-mdm';
import { AppleProfilesError } from '../apple-profiles.errors';
import { encodeProfilePlist } from './profile-plist.bridge';
import type { ConfigurationProfileInput, PayloadInput } from './profile.types';

const PAYLOAD_KEYS = [
  'PayloadType',
  'PayloadIdentifier',
  'PayloadUUID',
  'PayloadDisplayName',
  'PayloadDescription',
  'PayloadOrganization',
  'PayloadVersion',
  'PayloadContent',
  'PayloadScope',
  'PayloadRemovalDisallowed',
];

/** The dict of a `Configuration` profile (see {@link buildConfigurationProfile}). */
export function configurationProfileDict(input: ConfigurationProfileInput): PlistDict {
  requireText(input.payloadIdentifier, 'payloadIdentifier');
  requireText(input.payloadUuid, 'payloadUuid');
  requireText(input.payloadDisplayName, 'payloadDisplayName');
  const uuids = new Set<string>([input.payloadUuid]);
  const identifiers = new Set<string>([input.payloadIdentifier]);
  const payloads = input.payloads.map((p, i) => {
    const dict = payloadDict(p, `payloads[${i}]`);
    if (uuids.has(p.payloadUuid)) throw invalid(`payloads[${i}]: PayloadUUID ${p.payloadUuid} is used twice`);
    if (identifiers.has(p.payloadIdentifier)) throw invalid(`payloads[${i}]: PayloadIdentifier ${p.payloadIdentifier} is used twice`);
    uuids.add(p.payloadUuid);
    identifiers.add(p.payloadIdentifier);
    return dict;
  });
  if (input.payloadScope !== undefined && input.payloadScope !== 'System' && input.payloadScope !== 'User') {
    throw invalid('payloadScope must be System or User');
  }
  return withoutUndefined({
    PayloadContent: payloads,
    PayloadDisplayName: input.payloadDisplayName,
    PayloadDescription: input.payloadDescription,
    PayloadIdentifier: input.payloadIdentifier,
    PayloadOrganization: input.payloadOrganization,
    PayloadRemovalDisallowed: input.payloadRemovalDisallowed,
    PayloadScope: input.payloadScope,
    PayloadType: 'Configuration',
    PayloadUUID: input.payloadUuid,
    PayloadVersion: version(input.payloadVersion, 'payloadVersion'),
  });
}

/**
 * Builds a `.mobileconfig` (XML plist) from the outer profile fields and a list of payloads.
 * Errors: `invalid_input` (empty identifier/UUID/name, a UUID or identifier used twice, a
 * payload's `fields` repeating a Payload* key), `invalid_value` (a value XML cannot carry).
 */
export function buildConfigurationProfile(input: ConfigurationProfileInput): Buffer {
  return encodeProfilePlist(configurationProfileDict(input));
}

function payloadDict(p: PayloadInput, where: string): PlistDict {
  requireText(p.payloadType, `${where}.payloadType`);
  requireText(p.payloadIdentifier, `${where}.payloadIdentifier`);
  requireText(p.payloadUuid, `${where}.payloadUuid`);
  const clash = Object.keys(p.fields ?? {}).find((k) => PAYLOAD_KEYS.includes(k) && k !== 'PayloadContent');
  if (clash) throw invalid(`${where}: fields must not set ${clash}; use the typed property`);
  return withoutUndefined({
    ...(p.fields ?? {}),
    PayloadDescription: p.payloadDescription,
    PayloadDisplayName: p.payloadDisplayName,
    PayloadIdentifier: p.payloadIdentifier,
    PayloadOrganization: p.payloadOrganization,
    PayloadType: p.payloadType,
    PayloadUUID: p.payloadUuid,
    PayloadVersion: version(p.payloadVersion, `${where}.payloadVersion`),
  });
}

function version(v: number | undefined, what: string): number {
  if (v === undefined) return 1;
  if (!Number.isSafeInteger(v) || v < 1) throw invalid(`${what} must be a positive integer`);
  return v;
}

/** Throws `invalid_input` unless `v` is a non-empty string. */
export function requireText(v: unknown, what: string): void {
  if (typeof v !== 'string' || v.trim() === '') throw invalid(`${what} must be a non-empty string`);
}

/** An `invalid_input` error. */
export function invalid(message: string): AppleProfilesError {
  return new AppleProfilesError('invalid_input', message);
}

/** A copy of `dict` without its undefined entries. */
export function withoutUndefined(dict: Record<string, PlistDict[string] | undefined>): PlistDict {
  const out: PlistDict = {};
  for (const [k, v] of Object.entries(dict)) if (v !== undefined) out[k] = v;
  return out;
}
