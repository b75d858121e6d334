import { parse as libraryParse } from 'plist';
import type { AppleMdmErrorCode } from '../apple-mdm.errors';
import { decodePlist, decodePlistDict } from './plist.decoder';
import { encodePlist } from './plist.encoder';
import type { PlistValue } from './plist.types';
import { codeOf, fixture } from '../testing/spec.helpers';

const XML_FIXTURES = [
  'nanomdm/mdm/testdata/Authenticate.1.plist',
  'nanomdm/mdm/testdata/Authenticate.2.plist',
  'nanomdm/mdm/testdata/TokenUpdate.1.plist',
  'nanomdm/mdm/testdata/TokenUpdate.2.plist',
  'nanomdm/mdm/testdata/DeviceInformation.1.plist',
  'micromdm/mdm/checkin/testdata/Authenticate.plist',
  'micromdm/mdm/checkin/testdata/CheckOut.plist',
  'micromdm/mdm/checkin/testdata/TokenUpdate.plist',
  'micromdm/mdm/mdm/testdata/InstallProfile.plist',
];

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">';
const xml = (body: string): Buffer => Buffer.from(`${HEAD}${body}</plist>`);

/** A minimal bplist00 writer (2-byte offsets and refs) for hostile object graphs. */
type BObject = { array: number[] } | { dict: [number, number][] } | { ascii: string } | { int: number } | { data: number } | { raw: number[] };
function bplist(objects: BObject[], top = 0): Buffer {
  const parts: Buffer[] = [Buffer.from('bplist00', 'latin1')];
  const offsets: number[] = [];
  let at = 8;
  const lengthHeader = (type: number, n: number): number[] =>
    n < 15 ? [(type << 4) | n] : [(type << 4) | 0x0f, 0x11, n >> 8, n & 0xff];
  const ref = (r: number): number[] => [r >> 8, r & 0xff];
  for (const o of objects) {
    let bytes: number[];
    if ('array' in o) bytes = [...lengthHeader(0xa, o.array.length), ...o.array.flatMap(ref)];
    else if ('dict' in o) bytes = [...lengthHeader(0xd, o.dict.length), ...o.dict.flatMap(([k]) => ref(k)), ...o.dict.flatMap(([, v]) => ref(v))];
    else if ('ascii' in o) bytes = [...lengthHeader(0x5, o.ascii.length), ...Buffer.from(o.ascii, 'latin1')];
    else if ('int' in o) bytes = [0x11, o.int >> 8, o.int & 0xff];
    else if ('data' in o) bytes = [0x4f, 0x12, (o.data >>> 24) & 0xff, (o.data >>> 16) & 0xff, (o.data >>> 8) & 0xff, o.data & 0xff];
    else bytes = o.raw;
    offsets.push(at);
    parts.push(Buffer.from(bytes));
    at += bytes.length;
  }
  const table = Buffer.from(offsets.flatMap(ref));
  const trailer = Buffer.alloc(32);
  trailer.writeUInt8(2, 6);
  trailer.writeUInt8(2, 7);
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(BigInt(top), 16);
  trailer.writeBigUInt64BE(BigInt(at), 24);
  return Buffer.concat([...parts, table, trailer]);
}

describe('decodePlist', () => {
  it.each(XML_FIXTURES)('agrees with the plist library on %s', (path) => {
    const bytes = fixture(path);
    expect(decodePlist(bytes)).toEqual({ value: libraryParse(bytes.toString('utf8')), format: 'xml' });
  });

  it.each([
    ['derived/Authenticate.1.bplist', 'nanomdm/mdm/testdata/Authenticate.1.plist'],
    ['derived/TokenUpdate.1.bplist', 'nanomdm/mdm/testdata/TokenUpdate.1.plist'],
    ['derived/DeviceInformation.1.bplist', 'nanomdm/mdm/testdata/DeviceInformation.1.plist'],
  ])('reads the binary plist %s as the same value as %s', (binary, source) => {
    const decoded = decodePlist(fixture(binary));
    expect(decoded.format).toBe('binary');
    expect(decoded.value).toEqual(decodePlist(fixture(source)).value);
  });

  it('reads every scalar type', () => {
    const { value } = decodePlist(
      xml(
        '<dict><key>s</key><string>a &amp; <![CDATA[<b>]]></string><key>i</key><integer>-42</integer>' +
          '<key>big</key><integer>18446744073709551615</integer><key>r</key><real>1.5e3</real>' +
          '<key>t</key><true/><key>f</key><false></false><key>d</key><date>2024-02-29T12:00:00Z</date>' +
          '<key>b</key><data>\n\tAAEC\n</data><key>a</key><array/><key>e</key><dict/></dict>',
      ),
    );
    expect(value).toEqual({
      s: 'a & <b>',
      i: -42,
      big: 18446744073709551615n,
      r: 1500,
      t: true,
      f: false,
      d: new Date('2024-02-29T12:00:00Z'),
      b: Buffer.from([0, 1, 2]),
      a: [],
      e: {},
    });
  });

  const deep = (n: number): Buffer => xml('<array>'.repeat(n) + '</array>'.repeat(n));
  const billionLaughs =
    '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><plist><dict><key>k</key><string>&c;</string></dict></plist>';
  const invalid: [string, Buffer, AppleMdmErrorCode][] = [
    ['empty input', Buffer.alloc(0), 'malformed_plist'],
    ['plain text', Buffer.from('hello, world'), 'malformed_plist'],
    ['JSON', Buffer.from('{"MessageType":"Authenticate"}'), 'malformed_plist'],
    ['invalid UTF-8', Buffer.from([0x3c, 0x70, 0xff, 0xfe]), 'malformed_plist'],
    ['truncated XML', fixture('nanomdm/mdm/testdata/Authenticate.1.plist').subarray(0, 300), 'malformed_plist'],
    ['an HTML root', Buffer.from('<html><body/></html>'), 'malformed_plist'],
    ['two root values', xml('<dict/><dict/>'), 'malformed_plist'],
    ['an unknown element', xml('<dict><key>a</key><foo/></dict>'), 'malformed_plist'],
    ['a key without value', xml('<dict><key>a</key></dict>'), 'malformed_plist'],
    ['a duplicate key', xml('<dict><key>UDID</key><string>a</string><key>UDID</key><string>b</string></dict>'), 'malformed_plist'],
    ['a __proto__ key', xml('<dict><key>__proto__</key><dict/></dict>'), 'malformed_plist'],
    ['a bad integer', xml('<integer>12abc</integer>'), 'malformed_plist'],
    ['a bad real', xml('<real>nan</real>'), 'malformed_plist'],
    ['a bad date', xml('<date>yesterday</date>'), 'malformed_plist'],
    ['bad base64', xml('<data>!!!!</data>'), 'malformed_plist'],
    ['an undefined entity', xml('<string>&foo;</string>'), 'malformed_plist'],
    ['entity expansion (billion laughs)', Buffer.from(billionLaughs), 'entity_not_allowed'],
    [
      'an external entity',
      Buffer.from('<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY x SYSTEM "file:///etc/passwd">]><plist><string>&x;</string></plist>'),
      'entity_not_allowed',
    ],
    ['1000-deep nesting', deep(1000), 'too_deep'],
    ['65-deep nesting', deep(65), 'too_deep'],
    ['depth hidden behind a quoted ">"', xml('<array a="/>">'.repeat(200) + '</array>'.repeat(200)), 'too_deep'],
    ['a 5 MiB data blob', xml(`<data>${'A'.repeat(7 * 1024 * 1024)}</data>`), 'data_too_large'],
    ['a truncated binary plist', fixture('derived/Authenticate.1.bplist').subarray(0, 100), 'malformed_plist'],
    ['a binary plist with a reference cycle', bplist([{ array: [1] }, { array: [0] }]), 'malformed_plist'],
    ['a binary dict with a non-string key', bplist([{ dict: [[1, 1]] }, { int: 7 }]), 'malformed_plist'],
    ['a binary dict with a duplicate key', bplist([{ dict: [[1, 2], [1, 2]] }, { ascii: 'UDID' }, { int: 1 }]), 'malformed_plist'],
    ['a binary __proto__ key', bplist([{ dict: [[1, 2]] }, { ascii: '__proto__' }, { dict: [] }]), 'malformed_plist'],
    ['a binary reference out of range', bplist([{ array: [9] }]), 'malformed_plist'],
    ['a binary UID', bplist([{ array: [1] }, { raw: [0x80, 0x01] }]), 'malformed_plist'],
    ['a binary null', bplist([{ array: [1] }, { raw: [0x00] }]), 'malformed_plist'],
    ['a binary data length past the end', bplist([{ array: [1] }, { raw: [0x4f, 0x11, 0xff] }]), 'malformed_plist'],
    ['a binary 5 MiB data claim', bplist([{ data: 5 * 1024 * 1024 }]), 'data_too_large'],
    ['binary 100-deep nesting', bplist(Array.from({ length: 100 }, (_, i) => ({ array: i < 99 ? [i + 1] : [] }))), 'too_deep'],
  ];
  it.each(invalid)('rejects %s', (_name, bytes, code) => {
    expect(codeOf(() => decodePlist(bytes))).toBe(code);
  });

  it('refuses a binary reference bomb (shared references expanding past the value budget)', () => {
    // 40 arrays, each holding the next one twice: 2^40 values once expanded, 300 bytes on the wire.
    const objects: BObject[] = Array.from({ length: 40 }, (_, i) => ({ array: i < 39 ? [i + 1, i + 1] : [40] }));
    objects.push({ int: 1 });
    expect(codeOf(() => decodePlist(bplist(objects)))).toBe('too_large');
  });

  it('accepts shared references within the budget', () => {
    const bytes = bplist([{ dict: [[1, 3], [2, 3]] }, { ascii: 'a' }, { ascii: 'b' }, { array: [4, 4] }, { int: 7 }]);
    expect(decodePlist(bytes).value).toEqual({ a: [7, 7], b: [7, 7] });
  });

  it('rejects input over maxBytes before parsing it', () => {
    expect(codeOf(() => decodePlist(Buffer.alloc(17 * 1024 * 1024, 0x20)))).toBe('too_large');
    expect(codeOf(() => decodePlist(fixture('nanomdm/mdm/testdata/TokenUpdate.1.plist'), { maxBytes: 1024 }))).toBe('too_large');
  });

  it('honours maxDepth, maxDataBytes and maxValues options', () => {
    expect(codeOf(() => decodePlist(deep(3), { maxDepth: 2 }))).toBe('too_deep');
    expect(codeOf(() => decodePlist(xml('<data>AAAAAAAA</data>'), { maxDataBytes: 5 }))).toBe('data_too_large');
    expect(codeOf(() => decodePlist(xml('<array><true/><true/><true/></array>'), { maxValues: 3 }))).toBe('too_large');
    expect(decodePlist(deep(2), { maxDepth: 2 }).value).toEqual([[]]);
  });

  it('can refuse binary plists', () => {
    expect(codeOf(() => decodePlist(fixture('derived/Authenticate.1.bplist'), { allowBinary: false }))).toBe('binary_not_allowed');
  });

  it('decodePlistDict requires a dict root', () => {
    expect(codeOf(() => decodePlistDict(xml('<array/>')))).toBe('not_a_dict');
    expect(decodePlistDict(xml('<dict/>'))).toEqual({});
  });
});

describe('encodePlist', () => {
  const value: PlistValue = {
    s: 'x < y & "z"',
    n: 3,
    r: 0.25,
    big: 9007199254740993n,
    t: true,
    d: new Date('2020-01-02T03:04:05Z'),
    b: Buffer.from('hello'),
    nested: [{ k: [] }, {}],
  };

  it('writes an Apple XML plist that both the codec and the plist library read back', () => {
    const bytes = encodePlist(value);
    expect(bytes.toString('utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE plist PUBLIC "-\/\/Apple\/\/DTD PLIST 1.0\/\/EN"/);
    expect(decodePlist(bytes).value).toEqual(value);
    expect(libraryParse(bytes.toString('utf8'))).toMatchObject({ s: value.s, n: 3, r: 0.25, b: Buffer.from('hello') });
  });

  it('drops undefined dict values', () => {
    const input = { a: 'x', b: undefined } as unknown as PlistValue;
    expect(decodePlist(encodePlist(input)).value).toEqual({ a: 'x' });
  });

  it.each<[string, unknown, AppleMdmErrorCode]>([
    ['NaN', { n: Number.NaN }, 'invalid_value'],
    ['Infinity', [Number.POSITIVE_INFINITY], 'invalid_value'],
    ['an invalid date', { d: new Date('nope') }, 'invalid_value'],
    ['a NUL character', { s: 'a\u0000b' }, 'invalid_value'],
    ['a lone surrogate', { s: '\ud800' }, 'invalid_value'],
    ['null', { n: null }, 'invalid_value'],
    ['a class instance', { m: new Map() }, 'invalid_value'],
    ['a function', { f: () => 1 }, 'invalid_value'],
    ['100-deep nesting', JSON.parse('['.repeat(100) + ']'.repeat(100)) as unknown, 'too_deep'],
  ])('refuses %s', (_name, input, code) => {
    expect(codeOf(() => encodePlist(input as PlistValue))).toBe(code);
  });

  it('refuses a cyclic value', () => {
    const cyclic: PlistValue[] = [];
    cyclic.push(cyclic);
    expect(codeOf(() => encodePlist(cyclic))).toBe('too_deep');
  });
});
