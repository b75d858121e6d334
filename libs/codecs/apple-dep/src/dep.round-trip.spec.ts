import { depFixture, depFixtureJson } from './__fixtures__/dep-fixtures';
import { decodeDevicesResponse } from './devices.decoder';
import { decodeAssignProfileResponse, decodeDefineProfileResponse, decodeProfileResponse } from './profile.decoder';
import {
  encodeAssignProfileRequest,
  encodeDefineProfileRequest,
  encodeFetchDevicesRequest,
  encodeSyncDevicesRequest,
} from './requests.encoder';

describe('DEP request encoders', () => {
  it('fetch: first call has no cursor, later calls continue from the page cursor', () => {
    expect(JSON.parse(encodeFetchDevicesRequest({ limit: 200 }))).toEqual({ limit: 200 });
    const page = decodeDevicesResponse(depFixture('device_response.json'));
    expect(JSON.parse(encodeFetchDevicesRequest({ cursor: page.cursor, limit: 1000 }))).toEqual({
      cursor: 'MDowOjE1MzY0Mjc2OTg5MTQ6MTUzNjQyNzY5ODkxNDp0cnVlOjE1MzY0Mjc2OTg5MTQ',
      limit: 1000,
    });
  });

  it('sync: cursor and limit', () => {
    const page = decodeDevicesResponse(depFixture('empty_sync_response.json'));
    expect(encodeSyncDevicesRequest({ cursor: page.cursor, limit: 1 })).toBe(
      '{"cursor":"MDowOjE1MzY0Mjg0ODkzMDc6MTUzNjQyODQ4OTMwNzp0cnVlOjE1MzY0Mjg0ODkzMDc","limit":1}',
    );
  });

  it('define: the fetched profile re-encodes to the fixture minus profile_uuid', () => {
    const { profileUuid: _uuid, raw: _raw, ...profile } = decodeProfileResponse(depFixture('fetch_profile_response.json'));
    const { profile_uuid: _p, ...expected } = depFixtureJson('fetch_profile_response.json');
    expect(JSON.parse(encodeDefineProfileRequest(profile))).toEqual(expected);
  });

  it('define: every field in Apple snake_case, absent ones omitted, decodable back', () => {
    const profile = {
      profileName: 'Flotilla default',
      url: 'https://mdm.example.com/api/mdm/apple/enroll?token=abc',
      allowPairing: true,
      isSupervised: true,
      isMdmRemovable: false,
      isMandatory: true,
      awaitDeviceConfigured: true,
      department: 'IT',
      supportPhoneNumber: '+1 555 0100',
      supportEmailAddress: 'it@example.com',
      orgMagic: 'F1A7',
      anchorCerts: ['MIIBkTCB+wIJAKHHIG=='],
      supervisingHostCerts: ['AAAA'],
      skipSetupItems: ['Location', 'Privacy'],
      language: 'en',
      region: 'US',
      configurationWebUrl: 'https://mdm.example.com/mdm/sso',
      devices: ['C02T0HL0GGC0'],
    };
    const body = JSON.parse(encodeDefineProfileRequest(profile)) as Record<string, unknown>;
    expect(body).toEqual({
      profile_name: 'Flotilla default',
      url: 'https://mdm.example.com/api/mdm/apple/enroll?token=abc',
      allow_pairing: true,
      is_supervised: true,
      is_mdm_removable: false,
      is_mandatory: true,
      await_device_configured: true,
      department: 'IT',
      support_phone_number: '+1 555 0100',
      support_email_address: 'it@example.com',
      org_magic: 'F1A7',
      anchor_certs: ['MIIBkTCB+wIJAKHHIG=='],
      supervising_host_certs: ['AAAA'],
      skip_setup_items: ['Location', 'Privacy'],
      language: 'en',
      region: 'US',
      configuration_web_url: 'https://mdm.example.com/mdm/sso',
      devices: ['C02T0HL0GGC0'],
    });
    const { profileUuid, raw: _raw, ...decoded } = decodeProfileResponse(JSON.stringify({ ...body, profile_uuid: 'P1' }));
    expect(profileUuid).toBe('P1');
    expect(decoded).toEqual(profile);
    expect(JSON.parse(encodeDefineProfileRequest({ profileName: 'p', url: 'https://x' }))).toEqual({ profile_name: 'p', url: 'https://x' });
  });

  it('assign: profile_uuid and the serials; the answer decodes per serial', () => {
    expect(JSON.parse(encodeAssignProfileRequest({ profileUuid: 'C1F123098EB5074580041E69883004C3', devices: ['C02T0HL0GGC0', 'X'] }))).toEqual({
      profile_uuid: 'C1F123098EB5074580041E69883004C3',
      devices: ['C02T0HL0GGC0', 'X'],
    });
    const answer = '{"profile_uuid":"C1F1","devices":{"C02T0HL0GGC0":"SUCCESS","X":"NOT_ACCESSIBLE","Y":"FAILED","Z":"SOMETHING_NEW"}}';
    expect(decodeAssignProfileResponse(answer)).toEqual({
      profileUuid: 'C1F1',
      devices: { C02T0HL0GGC0: 'SUCCESS', X: 'NOT_ACCESSIBLE', Y: 'FAILED', Z: 'SOMETHING_NEW' },
      raw: JSON.parse(answer),
    });
    expect(decodeDefineProfileResponse('{"profile_uuid":"C1F1"}').devices).toEqual({});
  });
});

describe('DEP decoder tolerance', () => {
  it('keeps unknown op_type / profile_status values and fields Apple adds', () => {
    const page = decodeDevicesResponse(
      JSON.stringify({
        cursor: 'c',
        more_to_follow: true,
        devices: [
          { serial_number: 'A', op_type: 'added', op_date: '2024-05-01T10:00:00Z', profile_status: 'pushed', profile_push_time: '2024-05-01T10:01:00Z', asset_tag: 'T-1' },
          { serial_number: 'B', op_type: 'reassigned', profile_status: 'quarantined', new_apple_field: { x: 1 } },
        ],
        brand_new_top_level: 1,
      }),
    );
    expect(page.fetchedUntil).toBeUndefined();
    expect(page.devices.map(({ raw: _raw, ...d }) => d)).toEqual([
      { serialNumber: 'A', opType: 'added', opDate: '2024-05-01T10:00:00Z', profileStatus: 'pushed', profilePushTime: '2024-05-01T10:01:00Z', assetTag: 'T-1' },
      { serialNumber: 'B', opType: 'reassigned', profileStatus: 'quarantined' },
    ]);
    expect(page.devices[1]?.raw['new_apple_field']).toEqual({ x: 1 });
    expect(page.raw['brand_new_top_level']).toBe(1);
  });

  it('treats null devices as an empty page and null optional fields as absent', () => {
    const page = decodeDevicesResponse('{"cursor":"c","more_to_follow":false,"devices":null,"fetched_until":null}');
    expect(page.devices).toEqual([]);
    expect('fetchedUntil' in page).toBe(false);
  });
});
