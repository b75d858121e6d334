import { depError } from './dep.errors';
import { compact, type DepBody, type DepDecodeOptions, DepFields, describeValue, parseDepBody } from './dep-json.reader';
import type { DepFetchedProfile, DepProfileDeviceStatus, DepProfileDevicesResponse } from './dep.types';

/**
 * Decodes a `GET /profile?profile_uuid=` answer. Requires profile_uuid, profile_name and url;
 * booleans must be booleans, certificate / skip-item / device lists arrays of strings.
 */
export function decodeProfileResponse(body: DepBody, options?: DepDecodeOptions): DepFetchedProfile {
  const json = parseDepBody(body, 'profile response', options);
  const f = new DepFields(json, '');
  return compact({
    profileUuid: f.requiredString('profile_uuid'),
    profileName: f.requiredString('profile_name'),
    url: f.requiredString('url'),
    allowPairing: f.optionalBoolean('allow_pairing'),
    isSupervised: f.optionalBoolean('is_supervised'),
    isMultiUser: f.optionalBoolean('is_multi_user'),
    isMandatory: f.optionalBoolean('is_mandatory'),
    isMdmRemovable: f.optionalBoolean('is_mdm_removable'),
    awaitDeviceConfigured: f.optionalBoolean('await_device_configured'),
    autoAdvanceSetup: f.optionalBoolean('auto_advance_setup'),
    department: f.optionalString('department'),
    supportPhoneNumber: f.optionalString('support_phone_number'),
    supportEmailAddress: f.optionalString('support_email_address'),
    orgMagic: f.optionalString('org_magic'),
    anchorCerts: f.optionalStringArray('anchor_certs'),
    supervisingHostCerts: f.optionalStringArray('supervising_host_certs'),
    skipSetupItems: f.optionalStringArray('skip_setup_items'),
    language: f.optionalString('language'),
    region: f.optionalString('region'),
    configurationWebUrl: f.optionalString('configuration_web_url'),
    devices: f.optionalStringArray('devices'),
    raw: json,
  });
}

function decodeProfileDevices(body: DepBody, what: string, options?: DepDecodeOptions): DepProfileDevicesResponse {
  const json = parseDepBody(body, what, options);
  const f = new DepFields(json, '');
  const profileUuid = f.requiredString('profile_uuid');
  const devices: Array<[string, DepProfileDeviceStatus]> = Object.entries(f.optionalObject('devices') ?? {}).map(
    ([serial, status]) => {
      if (typeof status !== 'string') throw depError('invalid_response', `devices.${serial} must be a string, got ${describeValue(status)}`);
      return [serial, status];
    },
  );
  return { profileUuid, devices: Object.fromEntries(devices), raw: json };
}

/** Decodes a `POST /profile` (define) answer: `{profile_uuid, devices: {serial: status}}`. */
export function decodeDefineProfileResponse(body: DepBody, options?: DepDecodeOptions): DepProfileDevicesResponse {
  return decodeProfileDevices(body, 'define profile response', options);
}

/**
 * Decodes a `POST|PUT /profile/devices` (assign) or `DELETE /profile/devices` (unassign) answer:
 * `{profile_uuid, devices: {serial: SUCCESS | NOT_ACCESSIBLE | FAILED}}`.
 */
export function decodeAssignProfileResponse(body: DepBody, options?: DepDecodeOptions): DepProfileDevicesResponse {
  return decodeProfileDevices(body, 'assign profile response', options);
}
