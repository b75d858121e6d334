import { depFixture, depFixtureJson } from './__fixtures__/dep-fixtures';
import { decodeAccountResponse } from './account.decoder';
import { decodeDeviceDetailsResponse, decodeDevicesResponse } from './devices.decoder';
import { decodeProfileResponse } from './profile.decoder';

const MACBOOK = {
  serialNumber: 'C02T0HL0GGC0',
  description: 'MBP 13.3 SPACE GRAY/2.0GHZ/8GB/256GB-USA',
  model: 'MacBook Pro',
  os: 'OSX',
  deviceFamily: 'Mac',
  color: 'SPACE GRAY',
  profileUuid: 'C1F123098EB5074580041E69883004C3',
  profileAssignTime: '2018-09-08T16:49:09Z',
  profileStatus: 'assigned',
  deviceAssignedBy: 'apple-dep@acme.co',
  deviceAssignedDate: '2017-10-16T01:55:30Z',
};

describe('DEP fixtures (micromdm dep/testdata)', () => {
  it('account_response.json → the account with its 18 endpoint urls', () => {
    const account = decodeAccountResponse(depFixture('account_response.json'));
    const { urls, raw, ...fields } = account;
    expect(fields).toEqual({
      serverName: 'dev',
      serverUuid: '6666ED66666666666666666666666666',
      facilitatorId: 'apple-dep@acme.co',
      adminId: 'apple-dep@acme.co',
      orgName: 'Acme, Inc',
      orgEmail: 'apple-dep@acme.co',
      orgPhone: '8775277454',
      orgAddress: '1600 Pennsylvania Ave NW, Washington, DC 20500',
      orgId: '6666666',
      orgIdHash: '01cpx35ceg4bt5jzrvs6s0h18201cpx35ceg4bt5jzrvs6s0h182',
      orgType: 'org',
      orgVersion: 'v2',
    });
    expect(raw).toEqual(depFixtureJson('account_response.json'));
    expect(urls).toHaveLength(18);
    expect(urls[0]).toEqual({ uri: '/session', httpMethods: ['GET'] });
    expect(urls.find((u) => u.uri === '/server/devices')).toEqual({
      uri: '/server/devices',
      httpMethods: ['POST'],
      limit: { default: 1000, maximum: 5000 },
    });
    expect(urls.find((u) => u.uri === '/devices/sync')?.limit).toEqual({ default: 1000, maximum: 5000 });
    expect(urls.find((u) => u.uri === '/profile/devices')?.httpMethods).toEqual(['DELETE', 'POST', 'PUT']);
    expect(urls.filter((u) => u.limit !== undefined).map((u) => u.uri)).toEqual(['/server/devices', '/devices/sync']);
  });

  it('device_response.json → one fetched MacBook, no more to follow', () => {
    const page = decodeDevicesResponse(depFixture('device_response.json'));
    expect(page.cursor).toBe('MDowOjE1MzY0Mjc2OTg5MTQ6MTUzNjQyNzY5ODkxNDp0cnVlOjE1MzY0Mjc2OTg5MTQ');
    expect(page.moreToFollow).toBe(false);
    expect(page.fetchedUntil).toBe('2018-09-08T17:28:18Z');
    expect(page.devices).toHaveLength(1);
    const [device] = page.devices;
    const { raw, ...fields } = device ?? { raw: undefined };
    expect(fields).toEqual(MACBOOK);
    expect(raw).toEqual((depFixtureJson('device_response.json')['devices'] as unknown[])[0]);
    expect(page.raw).toEqual(depFixtureJson('device_response.json'));
  });

  it('empty_sync_response.json → a sync page with no devices', () => {
    const page = decodeDevicesResponse(depFixture('empty_sync_response.json').toString('utf8'));
    expect(page).toEqual({
      cursor: 'MDowOjE1MzY0Mjg0ODkzMDc6MTUzNjQyODQ4OTMwNzp0cnVlOjE1MzY0Mjg0ODkzMDc',
      moreToFollow: false,
      fetchedUntil: '2018-09-08T17:41:29Z',
      devices: [],
      raw: depFixtureJson('empty_sync_response.json'),
    });
  });

  it('device_details_response.json → the MacBook keyed by serial, SUCCESS', () => {
    const details = decodeDeviceDetailsResponse(depFixture('device_details_response.json'));
    expect(Object.keys(details.devices)).toEqual(['C02T0HL0GGC0']);
    const { raw, ...fields } = details.devices['C02T0HL0GGC0'] ?? { raw: undefined };
    expect(fields).toEqual({ ...MACBOOK, responseStatus: 'SUCCESS' });
    expect(raw).toEqual((depFixtureJson('device_details_response.json')['devices'] as Record<string, unknown>)['C02T0HL0GGC0']);
  });

  it('fetch_profile_response.json → the "default" profile', () => {
    const profile = decodeProfileResponse(depFixture('fetch_profile_response.json'));
    const { raw, ...fields } = profile;
    expect(fields).toEqual({
      profileUuid: 'C1F123098EB5074580041E69883004C3',
      profileName: 'default',
      url: 'https://mdm.acme.co/mdm/enroll',
      supportPhoneNumber: '(Optional) +1 877 527 7454',
      supportEmailAddress: '(Optional) support@example.com',
      department: '(Optional) support@example.com',
      orgMagic: '0729093D-D02C-4D8B-89DC-4EF900AED5B2',
      isSupervised: false,
      allowPairing: true,
      isMandatory: false,
      isMdmRemovable: true,
      awaitDeviceConfigured: true,
      isMultiUser: false,
      autoAdvanceSetup: false,
      skipSetupItems: ['AppleID', 'Android'],
    });
    expect(raw).toEqual(depFixtureJson('fetch_profile_response.json'));
  });
});
