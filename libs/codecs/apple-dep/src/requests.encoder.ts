import { depError } from './dep.errors';
import type { AssignProfileRequest, DepProfile, FetchDevicesRequest, SyncDevicesRequest } from './dep.types';

/** Apple's documented maximum page size for fetch and sync. */
export const DEP_MAX_PAGE_LIMIT = 1000;

function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > DEP_MAX_PAGE_LIMIT) {
    throw depError('invalid_request', `limit must be an integer from 1 to ${DEP_MAX_PAGE_LIMIT}, got ${String(limit)}`);
  }
  return limit;
}

function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw depError('invalid_request', `${field} must be a non-empty string`);
  return value;
}

function checkTexts(values: readonly unknown[] | undefined, field: string): string[] | undefined {
  if (values === undefined) return undefined;
  if (!Array.isArray(values)) throw depError('invalid_request', `${field} must be an array of strings`);
  return values.map((v, i) => checkText(v, `${field}[${i}]`));
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function checkCerts(values: readonly string[] | undefined, field: string): string[] | undefined {
  const certs = checkTexts(values, field);
  certs?.forEach((c, i) => {
    if (!BASE64.test(c) || c.length % 4 !== 0) throw depError('invalid_request', `${field}[${i}] must be a base64 DER certificate`);
  });
  return certs;
}

/** Body of `POST /server/devices` (fetch): `{"cursor"?, "limit"}`. Omit `cursor` on the first call. */
export function encodeFetchDevicesRequest(request: FetchDevicesRequest): string {
  const limit = checkLimit(request.limit);
  if (request.cursor === undefined) return JSON.stringify({ limit });
  return JSON.stringify({ cursor: checkText(request.cursor, 'cursor'), limit });
}

/** Body of `POST /devices/sync`: `{"cursor", "limit"}`; sync always continues from a cursor. */
export function encodeSyncDevicesRequest(request: SyncDevicesRequest): string {
  return JSON.stringify({ cursor: checkText(request.cursor, 'cursor'), limit: checkLimit(request.limit) });
}

/**
 * Body of `POST /profile` (define a setup-assistant profile), in Apple's snake_case field
 * names. Requires profileName and url; absent optional fields are omitted, not sent as null.
 */
export function encodeDefineProfileRequest(profile: DepProfile): string {
  const body: Record<string, unknown> = {
    profile_name: checkText(profile.profileName, 'profileName'),
    url: checkText(profile.url, 'url'),
    allow_pairing: profile.allowPairing,
    is_supervised: profile.isSupervised,
    is_multi_user: profile.isMultiUser,
    is_mandatory: profile.isMandatory,
    is_mdm_removable: profile.isMdmRemovable,
    await_device_configured: profile.awaitDeviceConfigured,
    auto_advance_setup: profile.autoAdvanceSetup,
    department: profile.department,
    support_phone_number: profile.supportPhoneNumber,
    support_email_address: profile.supportEmailAddress,
    org_magic: profile.orgMagic,
    anchor_certs: checkCerts(profile.anchorCerts, 'anchorCerts'),
    supervising_host_certs: checkCerts(profile.supervisingHostCerts, 'supervisingHostCerts'),
    skip_setup_items: checkTexts(profile.skipSetupItems, 'skipSetupItems'),
    language: profile.language,
    region: profile.region,
    configuration_web_url: profile.configurationWebUrl,
    devices: checkTexts(profile.devices, 'devices'),
  };
  for (const [key, value] of Object.entries(body)) {
    if (value !== undefined && typeof value !== 'string' && typeof value !== 'boolean' && !Array.isArray(value)) {
      throw depError('invalid_request', `${key} has an unusable value`);
    }
  }
  return JSON.stringify(body);
}

/** Body of `POST|PUT /profile/devices` (assign): `{"profile_uuid", "devices": [serial…]}`; at least one serial. */
export function encodeAssignProfileRequest(request: AssignProfileRequest): string {
  const devices = checkTexts(request.devices, 'devices') ?? [];
  if (devices.length === 0) throw depError('invalid_request', 'devices must list at least one serial number');
  return JSON.stringify({ profile_uuid: checkText(request.profileUuid, 'profileUuid'), devices });
}
