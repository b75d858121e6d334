import type { DepErrorCode } from './dep.errors';
import { depFixture, depFixtureJson, thrown } from './__fixtures__/dep-fixtures';
import { decodeAccountResponse } from './account.decoder';
import { decodeDeviceDetailsResponse, decodeDevicesResponse } from './devices.decoder';
import { decodeAssignProfileResponse, decodeProfileResponse } from './profile.decoder';
import {
  encodeAssignProfileRequest,
  encodeDefineProfileRequest,
  encodeFetchDevicesRequest,
  encodeSyncDevicesRequest,
} from './requests.encoder';

const devices = depFixtureJson('device_response.json');
const account = depFixtureJson('account_response.json');
const profile = depFixtureJson('fetch_profile_response.json');
const with_ = (base: Record<string, unknown>, patch: Record<string, unknown>): string => JSON.stringify({ ...base, ...patch });
const without = (base: Record<string, unknown>, field: string): string => {
  const { [field]: _gone, ...rest } = base;
  return JSON.stringify(rest);
};

describe('DEP decoders reject', () => {
  it.each<[string, () => unknown, DepErrorCode, string]>([
    ['non-JSON text', () => decodeDevicesResponse('EXHAUSTED_CURSOR'), 'not_json', 'devices response'],
    ['truncated JSON', () => decodeAccountResponse(depFixture('account_response.json').subarray(0, 100)), 'not_json', 'account response'],
    ['invalid UTF-8', () => decodeProfileResponse(Uint8Array.from([0x7b, 0xff, 0x7d])), 'not_json', 'profile response'],
    ['a JSON array', () => decodeDevicesResponse('[]'), 'invalid_response', 'JSON object'],
    ['a JSON string', () => decodeAccountResponse('"FORBIDDEN"'), 'invalid_response', 'JSON object'],
    ['a body over maxBytes', () => decodeDevicesResponse(depFixture('device_response.json'), { maxBytes: 100 }), 'too_large', '100-byte'],
    ['a string over maxBytes', () => decodeAccountResponse('x'.repeat(11), { maxBytes: 10 }), 'too_large', 'account response'],
    ['no cursor', () => decodeDevicesResponse(without(devices, 'cursor')), 'missing_field', 'cursor'],
    ['no more_to_follow', () => decodeDevicesResponse(without(devices, 'more_to_follow')), 'missing_field', 'more_to_follow'],
    ['more_to_follow as a string', () => decodeDevicesResponse(with_(devices, { more_to_follow: 'false' })), 'invalid_response', 'more_to_follow'],
    ['a numeric cursor', () => decodeDevicesResponse(with_(devices, { cursor: 7 })), 'invalid_response', 'cursor'],
    ['devices as an object', () => decodeDevicesResponse(with_(devices, { devices: {} })), 'invalid_response', 'devices'],
    ['a device that is a string', () => decodeDevicesResponse(with_(devices, { devices: ['C02'] })), 'invalid_response', 'devices[0]'],
    ['a device without serial', () => decodeDevicesResponse(with_(devices, { devices: [{ model: 'iPad' }] })), 'missing_field', 'devices[0].serial_number'],
    ['a numeric op_type', () => decodeDevicesResponse(with_(devices, { devices: [{ serial_number: 'A', op_type: 1 }] })), 'invalid_response', 'devices[0].op_type'],
    ['a date that does not parse', () => decodeDevicesResponse(with_(devices, { fetched_until: 'yesterday' })), 'invalid_response', 'fetched_until'],
    ['a bad device date', () => decodeDevicesResponse(with_(devices, { devices: [{ serial_number: 'A', op_date: '2018-13-45T99:00:00Z' }] })), 'invalid_response', 'op_date'],
    ['an account without server_uuid', () => decodeAccountResponse(without(account, 'server_uuid')), 'missing_field', 'server_uuid'],
    ['an account with null org_name', () => decodeAccountResponse(with_(account, { org_name: null })), 'missing_field', 'org_name'],
    ['an account url without uri', () => decodeAccountResponse(with_(account, { urls: [{ http_method: ['GET'] }] })), 'missing_field', 'urls[0].uri'],
    ['an account url limit as a string', () => decodeAccountResponse(with_(account, { urls: [{ uri: '/x', limit: { maximum: '5' } }] })), 'invalid_response', 'urls[0].limit.maximum'],
    ['http_method as a string', () => decodeAccountResponse(with_(account, { urls: [{ uri: '/x', http_method: 'GET' }] })), 'invalid_response', 'urls[0].http_method'],
    ['details without devices', () => decodeDeviceDetailsResponse('{}'), 'missing_field', 'devices'],
    ['details as an array', () => decodeDeviceDetailsResponse('{"devices":[]}'), 'invalid_response', 'devices'],
    ['details without response_status', () => decodeDeviceDetailsResponse('{"devices":{"A":{"serial_number":"A"}}}'), 'missing_field', 'devices.A.response_status'],
    ['a profile without url', () => decodeProfileResponse(without(profile, 'url')), 'missing_field', 'url'],
    ['a profile without profile_uuid', () => decodeProfileResponse(without(profile, 'profile_uuid')), 'missing_field', 'profile_uuid'],
    ['a profile boolean as a string', () => decodeProfileResponse(with_(profile, { is_supervised: 'true' })), 'invalid_response', 'is_supervised'],
    ['skip_setup_items with a number', () => decodeProfileResponse(with_(profile, { skip_setup_items: ['AppleID', 3] })), 'invalid_response', 'skip_setup_items[1]'],
    ['an assign answer with a numeric status', () => decodeAssignProfileResponse('{"profile_uuid":"P","devices":{"A":1}}'), 'invalid_response', 'devices.A'],
    ['an assign answer without profile_uuid', () => decodeAssignProfileResponse('{"devices":{}}'), 'missing_field', 'profile_uuid'],
  ])('%s', (_name, fn, code, text) => {
    const err = thrown(fn);
    expect(err.codec).toBe('apple-dep');
    expect(err.code).toBe(code);
    expect(err.message).toContain(text);
  });
});

describe('DEP encoders reject', () => {
  it.each<[string, () => unknown, string]>([
    ['limit 0', () => encodeFetchDevicesRequest({ limit: 0 }), 'limit'],
    ['limit over 1000', () => encodeFetchDevicesRequest({ limit: 1001 }), 'limit'],
    ['a fractional limit', () => encodeSyncDevicesRequest({ cursor: 'c', limit: 1.5 }), 'limit'],
    ['an empty fetch cursor', () => encodeFetchDevicesRequest({ cursor: '', limit: 10 }), 'cursor'],
    ['an empty sync cursor', () => encodeSyncDevicesRequest({ cursor: '', limit: 10 }), 'cursor'],
    ['a profile without name', () => encodeDefineProfileRequest({ profileName: '', url: 'https://x' }), 'profileName'],
    ['a profile without url', () => encodeDefineProfileRequest({ profileName: 'p', url: '' }), 'url'],
    ['a non-base64 anchor cert', () => encodeDefineProfileRequest({ profileName: 'p', url: 'u', anchorCerts: ['-----BEGIN'] }), 'anchorCerts[0]'],
    ['an empty serial in a profile', () => encodeDefineProfileRequest({ profileName: 'p', url: 'u', devices: [''] }), 'devices[0]'],
    ['an assignment without devices', () => encodeAssignProfileRequest({ profileUuid: 'P', devices: [] }), 'devices'],
    ['an assignment without profile', () => encodeAssignProfileRequest({ profileUuid: '', devices: ['A'] }), 'profileUuid'],
  ])('%s', (_name, fn, text) => {
    const err = thrown(fn);
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain(text);
  });
});
