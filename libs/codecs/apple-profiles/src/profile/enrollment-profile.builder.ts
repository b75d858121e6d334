import type { PlistDict } from '@flotilla/codec-apple-mdm';
import { configurationProfileDict, invalid, requireText, withoutUndefined } from './configuration-profile.builder';
import { encodeProfilePlist } from './profile-plist.bridge';
import type { EnrollmentProfileInput, MdmPayloadInput, PayloadInput, ScepPayloadInput, X500Name } from './profile.types';

/** Fleet's identity certificate subject: `O=Fleet`, `CN=Fleet Identity`. */
export const DEFAULT_IDENTITY_SUBJECT: X500Name = [[['O', 'Fleet']], [['CN', 'Fleet Identity']]];

/** Default `ServerCapabilities` (GetToken's `com.apple.mdm.token` only when the server serves it). */
export const DEFAULT_SERVER_CAPABILITIES = ['com.apple.mdm.per-user-connections', 'com.apple.mdm.bootstraptoken'];

/** All 13 AccessRights bits. */
export const ALL_ACCESS_RIGHTS = 8191;

/** The SCEP key size Apple accepts for the MDM identity. */
export const SCEP_KEY_SIZE = 2048;

/**
 * Builds an enrollment profile: a `com.apple.security.scep` payload for the device identity and
 * a `com.apple.mdm` payload whose IdentityCertificateUUID is that SCEP payload's UUID.
 * Errors: `invalid_input` (a SCEP URL with a query or fragment, URLs that are not http(s), a
 * topic not starting `com.apple.mgmt.`, AccessRights outside 1–8191 or breaking Apple's
 * dependencies, plus everything `buildConfigurationProfile` checks).
 */
export function buildEnrollmentProfile(input: EnrollmentProfileInput): Buffer {
  return encodeProfilePlist(enrollmentProfileDict(input));
}

/** The dict of an enrollment profile (see {@link buildEnrollmentProfile}). */
export function enrollmentProfileDict(input: EnrollmentProfileInput): PlistDict {
  const { scep, mdm, additionalPayloads, ...outer } = input;
  return configurationProfileDict({
    ...outer,
    payloads: [scepPayload(scep, input.payloadIdentifier), mdmPayload(mdm, scep.payloadUuid, input.payloadIdentifier), ...(additionalPayloads ?? [])],
  });
}

function scepPayload(scep: ScepPayloadInput, profileId: string): PayloadInput {
  const url = httpUrl(scep.url, 'scep.url');
  if (url.search !== '' || url.hash !== '' || scep.url.includes('?') || scep.url.includes('#')) {
    throw invalid('scep.url must have no query string or fragment (Apple appends ?operation=…)');
  }
  const keyUsage = scep.keyUsage ?? 5;
  if (![1, 4, 5].includes(keyUsage)) throw invalid('scep.keyUsage must be 1, 4 or 5');
  const subject = scep.subject ?? DEFAULT_IDENTITY_SUBJECT;
  if (!subject.every((rdn) => rdn.length > 0 && rdn.every((pair) => pair.length === 2 && pair.every((s) => typeof s === 'string' && s !== '')))) {
    throw invalid('scep.subject must be RDNs of non-empty [type, value] pairs');
  }
  return {
    payloadType: 'com.apple.security.scep',
    payloadIdentifier: scep.payloadIdentifier ?? `${profileId}.scep`,
    payloadUuid: scep.payloadUuid,
    payloadDisplayName: scep.payloadDisplayName,
    fields: {
      PayloadContent: withoutUndefined({
        URL: scep.url,
        Challenge: scep.challenge,
        Name: scep.name,
        Keysize: SCEP_KEY_SIZE,
        'Key Type': 'RSA',
        'Key Usage': keyUsage,
        Subject: subject.map((rdn) => rdn.map(([type, value]) => [type, value])),
        Retries: scep.retries,
        RetryDelay: scep.retryDelay,
      }),
    },
  };
}

function mdmPayload(mdm: MdmPayloadInput, identityUuid: string, profileId: string): PayloadInput {
  requireText(mdm.topic, 'mdm.topic');
  if (!mdm.topic.startsWith('com.apple.mgmt.')) throw invalid('mdm.topic must be the push certificate topic (com.apple.mgmt.…)');
  httpUrl(mdm.serverUrl, 'mdm.serverUrl');
  if (mdm.checkInUrl !== undefined) httpUrl(mdm.checkInUrl, 'mdm.checkInUrl');
  const accessRights = mdm.accessRights ?? ALL_ACCESS_RIGHTS;
  checkAccessRights(accessRights);
  if (mdm.payloadUuid === identityUuid) throw invalid('mdm.payloadUuid must differ from scep.payloadUuid');
  return {
    payloadType: 'com.apple.mdm',
    payloadIdentifier: mdm.payloadIdentifier ?? `${profileId}.mdm`,
    payloadUuid: mdm.payloadUuid,
    payloadDisplayName: mdm.payloadDisplayName,
    fields: withoutUndefined({
      ...(mdm.fields ?? {}),
      AccessRights: accessRights,
      CheckInURL: mdm.checkInUrl,
      CheckOutWhenRemoved: mdm.checkOutWhenRemoved ?? true,
      IdentityCertificateUUID: identityUuid,
      ServerCapabilities: mdm.serverCapabilities ?? DEFAULT_SERVER_CAPABILITIES,
      ServerURL: mdm.serverUrl,
      ServerURLPinningCertificateUUIDs: mdm.serverUrlPinningCertificateUuids,
      SignMessage: mdm.signMessage ?? true,
      Topic: mdm.topic,
    }),
  };
}

/** Apple: 1–8191; "install/remove profiles" (2) needs "inspect profiles" (1), 128 needs 64. */
function checkAccessRights(rights: number): void {
  if (!Number.isSafeInteger(rights) || rights < 1 || rights > ALL_ACCESS_RIGHTS) throw invalid('mdm.accessRights must be 1–8191');
  if (rights & 2 && !(rights & 1)) throw invalid('mdm.accessRights: bit 2 (install profiles) needs bit 1 (inspect profiles)');
  if (rights & 128 && !(rights & 64)) throw invalid('mdm.accessRights: bit 128 needs bit 64');
}

function httpUrl(value: string, what: string): URL {
  requireText(value, what);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${what} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`${what} must be http(s)`);
  return url;
}
