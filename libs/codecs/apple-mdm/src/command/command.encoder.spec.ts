import { parse as libraryParse, type PlistObject } from 'plist';
import type { AppleMdmErrorCode } from '../apple-mdm.errors';
import { encodePlist } from '../plist/plist.encoder';
import type { PlistDict } from '../plist/plist.types';
import { decodeCommand } from './command.decoder';
import { encodeCommand } from './command.encoder';
import { isGenericCommand, type AppleMdmCommand } from './command.types';
import { codeOf, fixture } from '../testing/spec.helpers';

const UUID = '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d';

/** Each command and the `Command` dict the plist library must read back from its encoding. */
const TABLE: [AppleMdmCommand, Record<string, unknown>][] = [
  [{ commandUuid: UUID, requestType: 'InstallProfile', payload: Buffer.from('<plist/>') }, { Payload: Buffer.from('<plist/>') }],
  [{ commandUuid: UUID, requestType: 'RemoveProfile', identifier: 'com.example.wifi' }, { Identifier: 'com.example.wifi' }],
  [
    { commandUuid: 'REFETCH-DEVICE-1', requestType: 'DeviceInformation', queries: ['DeviceName', 'OSVersion', 'WiFiMAC'] },
    { Queries: ['DeviceName', 'OSVersion', 'WiFiMAC'] },
  ],
  [
    { commandUuid: UUID, requestType: 'InstalledApplicationList', managedAppsOnly: false, items: ['Name', 'ShortVersion', 'Identifier'] },
    { ManagedAppsOnly: false, Items: ['Name', 'ShortVersion', 'Identifier'] },
  ],
  [{ commandUuid: UUID, requestType: 'ProfileList' }, {}],
  [{ commandUuid: UUID, requestType: 'SecurityInfo' }, {}],
  [{ commandUuid: UUID, requestType: 'CertificateList', managedOnly: true }, { ManagedOnly: true }],
  [
    { commandUuid: UUID, requestType: 'DeviceLock', pin: '123456', message: 'Call IT', phoneNumber: '+1 555 0100' },
    { PIN: '123456', Message: 'Call IT', PhoneNumber: '+1 555 0100' },
  ],
  [
    { commandUuid: UUID, requestType: 'EraseDevice', pin: '654321', preserveDataPlan: true, disallowProximitySetup: true, obliterationBehavior: 'Default' },
    { PIN: '654321', PreserveDataPlan: true, DisallowProximitySetup: true, ObliterationBehavior: 'Default' },
  ],
  [
    {
      commandUuid: UUID,
      requestType: 'InstallApplication',
      iTunesStoreId: 361309726,
      options: { PurchaseMethod: 1 },
      managementFlags: 0,
      installAsManaged: true,
      changeManagementState: 'Managed',
      attributes: { Removable: false },
    },
    {
      iTunesStoreID: 361309726,
      Options: { PurchaseMethod: 1 },
      ManagementFlags: 0,
      InstallAsManaged: true,
      ChangeManagementState: 'Managed',
      Attributes: { Removable: false },
    },
  ],
  [
    { commandUuid: UUID, requestType: 'InstallApplication', manifestUrl: 'https://example.org/app/manifest.plist' },
    { ManifestURL: 'https://example.org/app/manifest.plist' },
  ],
  [
    { commandUuid: UUID, requestType: 'InstallEnterpriseApplication', manifestUrl: 'https://fleet.example.org/fleetd.plist' },
    { ManifestURL: 'https://fleet.example.org/fleetd.plist' },
  ],
  [
    {
      commandUuid: UUID,
      requestType: 'InstallEnterpriseApplication',
      manifest: { items: [{ assets: [{ kind: 'software-package', url: 'https://example.org/fleetd.pkg' }] }] },
      installAsManaged: true,
    },
    { Manifest: { items: [{ assets: [{ kind: 'software-package', url: 'https://example.org/fleetd.pkg' }] }] }, InstallAsManaged: true },
  ],
  [
    { commandUuid: UUID, requestType: 'DeclarativeManagement', data: Buffer.from('{"SyncTokens":{"DeclarationsToken":"t1"}}') },
    { Data: Buffer.from('{"SyncTokens":{"DeclarationsToken":"t1"}}') },
  ],
  [{ commandUuid: UUID, requestType: 'DeclarativeManagement' }, {}],
  [
    { commandUuid: UUID, requestType: 'DeviceLock', pin: '000000', extra: { RequestRequiresNetworkTether: false } },
    { PIN: '000000', RequestRequiresNetworkTether: false },
  ],
  [{ commandUuid: UUID, requestType: 'RestartDevice', fields: { NotifyUser: true } }, { NotifyUser: true }],
  [{ commandUuid: UUID, requestType: 'DeviceConfigured', fields: {} }, {}],
  [
    { commandUuid: UUID, requestType: 'Settings', fields: { Settings: [{ Item: 'DeviceName', DeviceName: 'Kiosk 1' }] } },
    { Settings: [{ Item: 'DeviceName', DeviceName: 'Kiosk 1' }] },
  ],
];

const ROWS = TABLE.map(([cmd, expected], i) => [`${i}: ${cmd.requestType}`, cmd, expected] as const);

describe('encodeCommand', () => {
  it.each(ROWS)('encodes %s as a plist the plist library reads back', (_name, cmd, expected) => {
    const bytes = encodeCommand(cmd);
    expect(bytes.subarray(0, 5).toString()).toBe('<?xml');
    const parsed = libraryParse(bytes.toString('utf8')) as PlistObject;
    expect(parsed).toEqual({ CommandUUID: cmd.commandUuid, Command: { RequestType: cmd.requestType, ...expected } });
  });

  it.each(ROWS)('round-trips %s through decodeCommand', (_name, cmd) => {
    const decoded = decodeCommand(encodeCommand(cmd));
    const { raw, ...command } = decoded;
    expect(command).toEqual(cmd);
    expect(isGenericCommand(decoded)).toBe('fields' in cmd);
    expect(decodeCommand(encodeCommand(decoded))).toEqual(decoded);
    expect(raw['CommandUUID']).toBe(cmd.commandUuid);
  });

  it('decodes the micromdm InstallProfile fixture and re-encodes it to the same plist', () => {
    const bytes = fixture('micromdm/mdm/mdm/testdata/InstallProfile.plist');
    const json = JSON.parse(fixture('micromdm/mdm/mdm/testdata/InstallProfile.json').toString('utf8')) as {
      command_uuid: string;
      command: { request_type: string; payload: string };
    };
    const cmd = decodeCommand(bytes);
    expect(cmd).toMatchObject({
      commandUuid: json.command_uuid,
      requestType: json.command.request_type,
      payload: Buffer.from(json.command.payload, 'base64'),
    });
    expect(libraryParse(encodeCommand(cmd).toString('utf8'))).toEqual(libraryParse(bytes.toString('utf8')));
  });

  it('keeps unmodelled Command keys of a typed command in extra', () => {
    const bytes = encodePlist({ CommandUUID: UUID, Command: { RequestType: 'RemoveProfile', Identifier: 'x', Future: 1 } });
    expect(decodeCommand(bytes)).toMatchObject({ requestType: 'RemoveProfile', identifier: 'x', extra: { Future: 1 } });
  });

  it('lets typed fields win over extra', () => {
    const bytes = encodeCommand({ commandUuid: UUID, requestType: 'RemoveProfile', identifier: 'typed', extra: { Identifier: 'extra' } });
    expect(decodeCommand(bytes)).toMatchObject({ identifier: 'typed' });
  });

  const invalid: [string, AppleMdmCommand, AppleMdmErrorCode][] = [
    ['an empty commandUuid', { commandUuid: '', requestType: 'ProfileList' }, 'invalid_command'],
    ['an empty generic requestType', { commandUuid: UUID, requestType: '', fields: {} }, 'invalid_command'],
    ['InstallProfile without payload', { commandUuid: UUID, requestType: 'InstallProfile' } as AppleMdmCommand, 'invalid_command'],
    ['InstallApplication with no app reference', { commandUuid: UUID, requestType: 'InstallApplication' }, 'invalid_command'],
    ['InstallEnterpriseApplication with neither URL nor manifest', { commandUuid: UUID, requestType: 'InstallEnterpriseApplication' }, 'invalid_command'],
    [
      'an unknown ObliterationBehavior',
      { commandUuid: UUID, requestType: 'EraseDevice', obliterationBehavior: 'Sometimes' } as unknown as AppleMdmCommand,
      'invalid_command',
    ],
    ['a typed form for an unknown RequestType', { commandUuid: UUID, requestType: 'Reboot' } as unknown as AppleMdmCommand, 'invalid_command'],
    ['a NUL in a PIN', { commandUuid: UUID, requestType: 'DeviceLock', pin: '12\u000034' }, 'invalid_value'],
  ];
  it.each(invalid)('refuses %s', (_name, cmd, code) => {
    expect(codeOf(() => encodeCommand(cmd))).toBe(code);
  });
});

describe('decodeCommand', () => {
  const invalid: [string, PlistDict, AppleMdmErrorCode][] = [
    ['no CommandUUID', { Command: { RequestType: 'ProfileList' } }, 'missing_field'],
    ['no Command', { CommandUUID: UUID }, 'missing_field'],
    ['a Command that is not a dict', { CommandUUID: UUID, Command: 'ProfileList' }, 'invalid_field'],
    ['no RequestType', { CommandUUID: UUID, Command: {} }, 'missing_field'],
    ['Queries that are not strings', { CommandUUID: UUID, Command: { RequestType: 'DeviceInformation', Queries: [1] } }, 'invalid_field'],
    ['a Payload that is a string', { CommandUUID: UUID, Command: { RequestType: 'InstallProfile', Payload: 'abc' } }, 'invalid_field'],
  ];
  it.each(invalid)('rejects %s', (_name, dict, code) => {
    expect(codeOf(() => decodeCommand(encodePlist(dict)))).toBe(code);
  });
});
