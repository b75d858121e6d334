import { parse as libraryParse } from 'plist';
import { CodecError } from '@flotilla/codec-core';
import type { AppleMdmErrorCode } from '../apple-mdm.errors';
import { encodePlist } from '../plist/plist.encoder';
import type { PlistDict } from '../plist/plist.types';
import { encodeCheckinResponse } from './checkin-response.encoder';
import { decodeCheckin } from './checkin.decoder';
import { encodeCheckin } from './checkin.encoder';
import type { CheckinMessage } from './checkin.types';
import { resolveEnrollment, type ResolvedEnrollment } from './enrollment.resolver';
import { codeOf, fixture } from '../testing/spec.helpers';

/** nanomdm's `<name>.txt` files: tab-separated expected values. */
const expectedValues = (path: string): Record<string, string> =>
  Object.fromEntries(
    fixture(path)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('\t') as [string, string]),
  );

const TOPIC = 'com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9';
const XSERVER_TOPIC = 'com.apple.mgmt.XServer.8b4034c3-8cd9-4121-9999-cd2ddbf9a5b1';
const IPAD = '663b07bb783e9ade1dae4fbb92ea12afc0ce5b69';
const IMAC = '66ADE930-5FDF-5EC4-8429-15640684C489';
const MACBOOK = 'FA01680E-98CA-5557-8F59-7716ECFEE964';

type Golden = [path: string, expected: Partial<CheckinMessage> & Record<string, unknown>, resolved: Partial<ResolvedEnrollment>];
const GOLDEN: Golden[] = [
  [
    'nanomdm/mdm/testdata/Authenticate.1.plist',
    { messageType: 'Authenticate', udid: IPAD, topic: TOPIC, serialNumber: 'F5JM992LF193', ...fromTxt('TokenUpdate.1.txt') },
    { type: 'Device', id: IPAD },
  ],
  [
    'nanomdm/mdm/testdata/Authenticate.2.plist',
    {
      messageType: 'Authenticate',
      udid: IMAC,
      topic: TOPIC,
      serialNumber: 'C02MT66KFLHH',
      model: 'iMac14,2',
      modelName: 'iMac',
      deviceName: 'Fruit',
      challenge: Buffer.from('apple'),
      ...fromTxt('TokenUpdate.2.txt'),
    },
    { type: 'Device', id: IMAC },
  ],
  [
    'nanomdm/mdm/testdata/TokenUpdate.1.plist',
    {
      messageType: 'TokenUpdate',
      udid: IPAD,
      topic: TOPIC,
      pushMagic: 'CEFDF0BD-E342-4A27-8742-E930EA116B0A',
      token: Buffer.from('R+juwGLC9ynsFwPBs+GPGXHYXwC+dkRdNAgLqnAbX1E=', 'base64'),
      awaitingConfiguration: false,
    },
    { type: 'Device', id: IPAD },
  ],
  [
    'nanomdm/mdm/testdata/TokenUpdate.2.plist',
    {
      messageType: 'TokenUpdate',
      udid: IMAC,
      pushMagic: '888CEB39-BFFA-40F6-89FA-B60752EB63C2',
      token: Buffer.from('G6fJAGbFD3domiTzpCXK9oowD3KeiORgqUFgItXWQsw=', 'base64'),
    },
    { type: 'Device', id: IMAC },
  ],
  [
    'micromdm/mdm/checkin/testdata/Authenticate.plist',
    {
      messageType: 'Authenticate',
      udid: MACBOOK,
      topic: XSERVER_TOPIC,
      serialNumber: 'C02RX6G8G8WP',
      model: 'MacBookPro11,5',
      modelName: 'MacBook Pro',
      productName: 'MacBookPro11,5',
      osVersion: '10.11.6',
      buildVersion: '15G31',
      deviceName: 'Honest Mistake',
      imei: '',
      meid: '',
      awaitingConfiguration: false,
    },
    { type: 'Device', id: MACBOOK },
  ],
  ['micromdm/mdm/checkin/testdata/CheckOut.plist', { messageType: 'CheckOut', udid: MACBOOK, topic: XSERVER_TOPIC }, { id: MACBOOK }],
  [
    'micromdm/mdm/checkin/testdata/TokenUpdate.plist',
    {
      messageType: 'TokenUpdate',
      udid: MACBOOK,
      pushMagic: '5002D9F7-2FCC-45D0-BDFD-5CB0597F18B5',
      token: Buffer.from('xEiNXIa4XVQOs+90kApgE8gTOAfEVQHPIURHRnJOv5Y=', 'base64'),
      unlockToken: Buffer.alloc(0),
    },
    { id: MACBOOK },
  ],
  [
    'synthetic/checkin/UserAuthenticate.plist',
    {
      messageType: 'UserAuthenticate',
      userShortName: 'jappleseed',
      userLongName: 'John Appleseed',
      digestResponse: 'username="jappleseed",realm="flotilla",nonce="6f2c",response="0b1c"',
    },
    { type: 'User', id: `${IMAC}:A3A91E5C-2F0B-4E43-9C4B-7C2A3F5E0B11`, deviceChannelId: IMAC },
  ],
  ['synthetic/checkin/DeclarativeManagement.status.plist', { messageType: 'DeclarativeManagement', endpoint: 'status' }, { id: IMAC }],
  ['synthetic/checkin/GetBootstrapToken.plist', { messageType: 'GetBootstrapToken', awaitingConfiguration: true }, { id: IMAC }],
  [
    'synthetic/checkin/SetBootstrapToken.plist',
    { messageType: 'SetBootstrapToken', bootstrapToken: Buffer.from('bootstrap-token-bytes'), awaitingConfiguration: false },
    { id: IMAC },
  ],
  [
    'synthetic/checkin/GetToken.plist',
    { messageType: 'GetToken', tokenServiceType: 'com.apple.maid', tokenParameters: { PhoneUDID: IMAC } },
    { id: IMAC },
  ],
  [
    'synthetic/checkin/Authenticate.UserEnrollment.plist',
    { messageType: 'Authenticate', enrollmentId: '7F3C1B2A-0D5E-4A6B-9C8D-1E2F3A4B5C6D', productName: 'iPhone14,5' },
    { type: 'UserEnrollmentDevice', id: '7F3C1B2A-0D5E-4A6B-9C8D-1E2F3A4B5C6D' },
  ],
  [
    'synthetic/checkin/TokenUpdate.SharedIPad.plist',
    { messageType: 'TokenUpdate', userId: 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', token: Buffer.from([0xde, 0xad, 0xbe, 0xef]) },
    { type: 'SharedIPad', id: `${IPAD}:student1@example.org`, userChannelId: 'student1@example.org' },
  ],
];

/** A TokenUpdate-shaped check-in whose dict also holds `extra` (raw XML). */
function encodePlistText(extra: string): Buffer {
  return Buffer.from(
    `<?xml version="1.0"?><plist><dict><key>MessageType</key><string>TokenUpdate</string><key>UDID</key><string>${IMAC}</string>${extra}</dict></plist>`,
  );
}

/** A check-in with `n` nested arrays under one key. */
function encodeDeep(n: number): Buffer {
  return encodePlistText(`<key>Deep</key>${'<array>'.repeat(n)}${'</array>'.repeat(n)}`);
}

function fromTxt(name: string): Record<string, string> {
  const v = expectedValues(`nanomdm/mdm/testdata/${name}`);
  return { buildVersion: v['BuildVersion'] ?? '?', osVersion: v['OSVersion'] ?? '?', productName: v['ProductName'] ?? '?' };
}

describe('decodeCheckin', () => {
  it.each(GOLDEN)('decodes %s', (path, expected, resolved) => {
    const bytes = fixture(path);
    const msg = decodeCheckin(bytes);
    expect(msg).toMatchObject(expected);
    expect(msg.raw).toEqual(libraryParse(bytes.toString('utf8')));
    expect(resolveEnrollment(msg)).toMatchObject(resolved);
  });

  it.each(GOLDEN)('round-trips %s through encodeCheckin', (path) => {
    const msg = decodeCheckin(fixture(path));
    const again = decodeCheckin(encodeCheckin(msg));
    expect(again).toEqual(msg);
    // Without raw, the typed fields alone still carry the message.
    const { raw: _raw, ...typed } = msg;
    expect(decodeCheckin(encodeCheckin(typed))).toEqual({ ...msg, raw: expect.any(Object) as unknown });
  });

  it('decodes the DDM status body as the JSON the device sent', () => {
    const msg = decodeCheckin(fixture('synthetic/checkin/DeclarativeManagement.status.plist'));
    if (msg.messageType !== 'DeclarativeManagement') throw new Error('wrong type');
    expect(JSON.parse(msg.data?.toString('utf8') ?? 'null')).toMatchObject({ StatusItems: { device: {} }, Errors: [] });
  });

  it.each(['Authenticate.1', 'TokenUpdate.1'])('decodes the binary form of %s like the XML form', (name) => {
    const binary = decodeCheckin(fixture(`derived/${name}.bplist`));
    expect(binary).toEqual(decodeCheckin(fixture(`nanomdm/mdm/testdata/${name}.plist`)));
  });

  it.each(['Authenticate.2.json'])('decodes the raw_payload of the nanomdm webhook event %s', (name) => {
    const event = JSON.parse(fixture(`nanomdm/service/webhook/testdata/${name}`).toString('utf8')) as {
      checkin_event: { raw_payload: string; udid: string };
    };
    const msg = decodeCheckin(Buffer.from(event.checkin_event.raw_payload, 'base64'));
    expect(msg).toMatchObject({ messageType: 'Authenticate', udid: event.checkin_event.udid });
  });

  const base: PlistDict = { MessageType: 'Authenticate', UDID: IMAC, Topic: TOPIC };
  const without = (dict: PlistDict, key: string): PlistDict => Object.fromEntries(Object.entries(dict).filter(([k]) => k !== key));
  const invalid: [string, Buffer, AppleMdmErrorCode][] = [
    ['an unknown MessageType', encodePlist({ ...base, MessageType: 'Reboot' }), 'unknown_message_type'],
    ['a MessageType of the wrong case', encodePlist({ ...base, MessageType: 'authenticate' }), 'unknown_message_type'],
    ['no MessageType', encodePlist(without(base, 'MessageType')), 'missing_field'],
    ['a non-string MessageType', encodePlist({ ...base, MessageType: 1 }), 'invalid_field'],
    ['no UDID or EnrollmentID', encodePlist(without(base, 'UDID')), 'missing_field'],
    ['an empty UDID', encodePlist({ ...base, UDID: '' }), 'missing_field'],
    ['a Shared iPad user without UserShortName', encodePlist({ ...base, UserID: 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF' }), 'missing_field'],
    ['Authenticate without Topic', encodePlist(without(base, 'Topic')), 'missing_field'],
    ['TokenUpdate without Token', encodePlist({ ...base, MessageType: 'TokenUpdate', PushMagic: 'x' }), 'missing_field'],
    ['TokenUpdate with a string Token', encodePlist({ ...base, MessageType: 'TokenUpdate', PushMagic: 'x', Token: 'abc' }), 'invalid_field'],
    ['DeclarativeManagement without Endpoint', encodePlist({ ...base, MessageType: 'DeclarativeManagement' }), 'missing_field'],
    ['a UDID that is an integer', encodePlist({ ...base, UDID: 5 }), 'invalid_field'],
    ['AwaitingConfiguration as a string', encodePlist({ ...base, AwaitingConfiguration: 'true' }), 'invalid_field'],
    ['an array root', encodePlist([base]), 'not_a_dict'],
    ['a truncated check-in', fixture('nanomdm/mdm/testdata/TokenUpdate.1.plist').subarray(0, 500), 'malformed_plist'],
    ['a non-plist body', Buffer.from('MessageType=Authenticate&UDID=x'), 'malformed_plist'],
    [
      'an entity-expansion attack',
      Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
          '<plist><dict><key>MessageType</key><string>Authenticate</string><key>UDID</key><string>&b;</string></dict></plist>',
      ),
      'entity_not_allowed',
    ],
    ['1000-deep nesting', encodeDeep(1000), 'too_deep'],
    ['an oversized body', Buffer.concat([fixture('nanomdm/mdm/testdata/Authenticate.1.plist'), Buffer.alloc(16 * 1024 * 1024, 0x20)]), 'too_large'],
    ['a 5 MiB UnlockToken', encodePlistText(`<key>UnlockToken</key><data>${'QUFB'.repeat(1_800_000)}</data>`), 'data_too_large'],
  ];
  it.each(invalid)('rejects %s', (_name, bytes, code) => {
    expect(codeOf(() => decodeCheckin(bytes))).toBe(code);
  });

  it('throws CodecErrors naming the codec', () => {
    const err = (() => {
      try {
        decodeCheckin(Buffer.from('nope'));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(CodecError);
    expect(err).toMatchObject({ codec: 'apple-mdm', code: 'malformed_plist' });
  });

  it('refuses to encode a check-in that would not decode', () => {
    expect(codeOf(() => encodeCheckin({ messageType: 'CheckOut' }))).toBe('missing_field');
  });
});

describe('resolveEnrollment', () => {
  it.each<[string, Parameters<typeof resolveEnrollment>[0], ResolvedEnrollment | undefined]>([
    ['a device', { udid: 'D' }, { type: 'Device', deviceChannelId: 'D', id: 'D' }],
    ['a user channel', { udid: 'D', userId: 'U' }, { type: 'User', deviceChannelId: 'D', userChannelId: 'U', id: 'D:U' }],
    ['User Enrollment (device)', { enrollmentId: 'E' }, { type: 'UserEnrollmentDevice', deviceChannelId: 'E', id: 'E' }],
    ['User Enrollment (user)', { enrollmentId: 'E', enrollmentUserId: 'EU' }, { type: 'UserEnrollment', deviceChannelId: 'E', userChannelId: 'EU', id: 'E:EU' }],
    ['UDID wins over EnrollmentID', { udid: 'D', enrollmentId: 'E' }, { type: 'Device', deviceChannelId: 'D', id: 'D' }],
    ['nothing', { userId: 'U' }, undefined],
  ])('resolves %s', (_name, ids, expected) => {
    expect(resolveEnrollment(ids)).toEqual(expected);
  });
});

describe('encodeCheckinResponse', () => {
  it('answers GetBootstrapToken with the token, or an empty body', () => {
    expect(libraryParse(encodeCheckinResponse({ messageType: 'GetBootstrapToken', bootstrapToken: Buffer.from('t') }).toString())).toEqual({
      BootstrapToken: Buffer.from('t'),
    });
    expect(encodeCheckinResponse({ messageType: 'GetBootstrapToken' })).toHaveLength(0);
  });

  it('answers UserAuthenticate and GetToken', () => {
    expect(libraryParse(encodeCheckinResponse({ messageType: 'UserAuthenticate', digestChallenge: '' }).toString())).toEqual({ DigestChallenge: '' });
    expect(libraryParse(encodeCheckinResponse({ messageType: 'GetToken', tokenData: Buffer.from('jwt') }).toString())).toEqual({
      TokenData: Buffer.from('jwt'),
    });
  });
});
