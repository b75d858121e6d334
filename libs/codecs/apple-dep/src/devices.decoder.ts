import { compact, type DepBody, type DepDecodeOptions, DepFields, parseDepBody } from './dep-json.reader';
import type { DepDevice, DepDeviceDetails, DepDeviceDetailsResponse, DepDevicesPage } from './dep.types';

/** The device fields shared by fetch, sync and details; `serialNumber` may come from elsewhere. */
function deviceFields(f: DepFields, serialNumber: string): DepDevice {
  return compact({
    serialNumber,
    model: f.optionalString('model'),
    description: f.optionalString('description'),
    color: f.optionalString('color'),
    assetTag: f.optionalString('asset_tag'),
    os: f.optionalString('os'),
    deviceFamily: f.optionalString('device_family'),
    profileStatus: f.optionalString('profile_status'),
    profileUuid: f.optionalString('profile_uuid'),
    profileAssignTime: f.optionalDate('profile_assign_time'),
    profilePushTime: f.optionalDate('profile_push_time'),
    deviceAssignedDate: f.optionalDate('device_assigned_date'),
    deviceAssignedBy: f.optionalString('device_assigned_by'),
    opType: f.optionalString('op_type'),
    opDate: f.optionalDate('op_date'),
    raw: f.json,
  });
}

/**
 * Decodes a fetch (`POST /server/devices`) or sync (`POST /devices/sync`) page: both have the
 * same shape; sync devices also carry `op_type` / `op_date`. Requires `cursor` and
 * `more_to_follow`, and `serial_number` on every device; absent or null `devices` → [].
 */
export function decodeDevicesResponse(body: DepBody, options?: DepDecodeOptions): DepDevicesPage {
  const json = parseDepBody(body, 'devices response', options);
  const f = new DepFields(json, '');
  return compact({
    cursor: f.requiredString('cursor'),
    moreToFollow: f.requiredBoolean('more_to_follow'),
    fetchedUntil: f.optionalDate('fetched_until'),
    devices: (f.optionalObjectArray('devices') ?? []).map((d) => deviceFields(d, d.requiredString('serial_number'))),
    raw: json,
  });
}

/**
 * Decodes a device-details (`POST /devices`) answer: `devices` is an object keyed by serial
 * number. Each entry requires `response_status`; its `serial_number` defaults to the key
 * (Apple omits it for serials it does not know).
 */
export function decodeDeviceDetailsResponse(body: DepBody, options?: DepDecodeOptions): DepDeviceDetailsResponse {
  const json = parseDepBody(body, 'device details response', options);
  const f = new DepFields(json, '');
  const devices: Array<[string, DepDeviceDetails]> = Object.entries(f.requiredObject('devices')).map(([serial, entry]) => {
    const d = f.wrap(entry, `devices.${serial}`);
    const details: DepDeviceDetails = {
      ...deviceFields(d, d.optionalString('serial_number') ?? serial),
      responseStatus: d.requiredString('response_status'),
    };
    return [serial, details];
  });
  return { devices: Object.fromEntries(devices), raw: json };
}
