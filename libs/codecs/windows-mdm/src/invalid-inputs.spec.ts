import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { decodeDiscoverRequest } from './discovery/discovery.decoder';
import { decodeProvisioningDoc } from './enrollment/provisioning-doc.codec';
import { decodeRequestSecurityToken } from './enrollment/wstep.decoder';
import { decodeGetPoliciesRequest } from './policy/xcep.decoder';
import { decodeEnrollmentRequest } from './soap/enrollment-request.decoder';
import { decodeSyncMl, decodeSyncMlCommands } from './syncml/syncml.decoder';
import { capture } from './testing/fixture.loader';
import { isWindowsMdmError, type WindowsMdmErrorCode } from './windows-mdm.errors';
import type { XmlInput } from './xml/xml.parser';
import type { XmlLimits } from './xml/xml.types';

type Decoder = (input: XmlInput, limits?: XmlLimits) => unknown;

/** Runs `fn` and returns the CodecError code it threw; fails on success or on any other exception. */
function codeOf(fn: () => unknown): WindowsMdmErrorCode {
  try {
    fn();
  } catch (err) {
    if (isWindowsMdmError(err)) return err.code;
    throw new Error(`expected a windows-mdm CodecError, got ${String(err)}`);
  }
  throw new Error('expected a CodecError, but decoding succeeded');
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>`;
const beforeLastTag = (xml: string, text: string): string => xml.replace(/(<\/[^>]+>\s*)$/, `${text}$1`);
const deep = (n: number, name = 'a'): string => `<${name}>`.repeat(n) + `</${name}>`.repeat(n);

const SOAP_DECODERS: ReadonlyArray<[string, Decoder, string]> = [
  ['Discover', decodeDiscoverRequest, capture('03-request-discovery.wire.xml')],
  ['GetPolicies', decodeGetPoliciesRequest, capture('05-request-policy.wire.xml')],
  ['RequestSecurityToken', decodeRequestSecurityToken, capture('07-request-enrollment.wire.xml')],
];
const ALL_DECODERS: ReadonlyArray<[string, Decoder, string]> = [
  ...SOAP_DECODERS,
  ['any enrollment request', decodeEnrollmentRequest, capture('05-request-policy.wire.xml')],
  ['SyncML', decodeSyncMl, capture('09-request-management.wire.xml')],
  ['SyncML commands', decodeSyncMlCommands, '<Get><CmdID>1</CmdID><Item><Target><LocURI>./DevDetail/HwV</LocURI></Target></Item></Get>'],
  ['provisioning doc', decodeProvisioningDoc, capture('08-response-enrollment.provisioningdoc.xml')],
];

describe.each(ALL_DECODERS)('%s decoder on hostile input', (_name, decode, valid) => {
  it('accepts the valid sample it is tested against', () => {
    expect(() => decode(valid)).not.toThrow();
  });

  it.each<[string, () => XmlInput, WindowsMdmErrorCode]>([
    ['empty input', () => '', 'malformed_xml'],
    ['truncated XML', () => valid.slice(0, Math.floor(valid.length / 2)), 'malformed_xml'],
    ['mismatched tags', () => '<a><b></a></b>', 'malformed_xml'],
    ['an undeclared entity reference', () => beforeLastTag(valid, '&xxe;'), 'malformed_xml'],
    ['an invalid character reference', () => beforeLastTag(valid, '&#0;'), 'malformed_xml'],
    ['a raw NUL character', () => beforeLastTag(valid, '\u0000'), 'malformed_xml'],
    ['a prototype-polluting element name', () => '<__proto__><polluted>1</polluted></__proto__>', 'malformed_xml'],
    ['invalid UTF-8 bytes', () => Buffer.concat([Buffer.from(valid.slice(0, 40)), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(valid.slice(40))]), 'malformed_xml'],
    ['a billion-laughs DOCTYPE', () => BILLION_LAUGHS, 'forbidden_dtd'],
    ['an external entity', () => `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${valid}`, 'forbidden_dtd'],
    ['1000-deep nesting', () => deep(1000), 'too_deep'],
    ['100000-deep nesting', () => deep(100_000), 'too_deep'],
    ['oversize text', () => ' '.repeat(DEFAULT_LIMITS.maxBytes + 1), 'too_large'],
    ['oversize bytes', () => new Uint8Array(DEFAULT_LIMITS.maxBytes + 1), 'too_large'],
  ])('rejects %s', (_what, input, code) => {
    expect(codeOf(() => decode(input()))).toBe(code);
  });

  it('rejects every truncation of the valid sample with a CodecError', () => {
    const step = Math.max(1, Math.floor(valid.length / 25));
    for (let end = 1; end < valid.trimEnd().length; end += step) {
      expect(codeOf(() => decode(valid.slice(0, end)))).toBe('malformed_xml');
    }
  });
});

describe.each(SOAP_DECODERS)('%s decoder on malformed SOAP', (_name, decode, valid) => {
  it.each<[string, (xml: string) => string, WindowsMdmErrorCode]>([
    ['a non-SOAP document', () => '<html><body>hello</body></html>', 'not_soap'],
    ['a SOAP 1.1 envelope', (x) => x.replace('http://www.w3.org/2003/05/soap-envelope', 'http://schemas.xmlsoap.org/soap/envelope/'), 'not_soap'],
    ['no Header', (x) => x.replace(/<s:Header>[\s\S]*<\/s:Header>/, ''), 'not_soap'],
    ['another Action', (x) => x.replace(/(<a:Action[^>]*>)[^<]*</, '$1http://example.com/Other<'), 'unknown_action'],
    ['no Action', (x) => x.replace(/<a:Action[^>]*>[^<]*<\/a:Action>/, ''), 'missing_element'],
    ['no MessageID', (x) => x.replace(/<a:MessageID>[^<]*<\/a:MessageID>/, ''), 'missing_element'],
    ['an empty MessageID', (x) => x.replace(/<a:MessageID>[^<]*<\/a:MessageID>/, '<a:MessageID/>'), 'missing_element'],
    ['an empty Body', (x) => x.replace(/<s:Body([^>]*)>[\s\S]*<\/s:Body>/, '<s:Body$1></s:Body>'), 'missing_element'],
    ['a body that does not match the Action', (x) => x.replace(/<s:Body([^>]*)>[\s\S]*<\/s:Body>/, '<s:Body$1><Other xmlns="urn:x"/></s:Body>'), 'unknown_action'],
    ['deep nesting inside the Body', (x) => x.replace('</s:Body>', `${deep(200)}</s:Body>`), 'too_deep'],
  ])('rejects %s', (_what, edit, code) => {
    expect(codeOf(() => decode(edit(valid)))).toBe(code);
  });

  it('rejects a request meant for another endpoint', () => {
    const others = SOAP_DECODERS.filter(([, d]) => d !== decode).map(([, , sample]) => sample);
    for (const other of others) expect(codeOf(() => decode(other))).toBe('unknown_action');
  });

  it('honours smaller limits', () => {
    expect(codeOf(() => decode(valid, { maxBytes: 100, maxDepth: 64 }))).toBe('too_large');
    expect(codeOf(() => decode(valid, { maxBytes: 1_000_000, maxDepth: 3 }))).toBe('too_deep');
  });
});

describe('SyncML decoder on malformed messages', () => {
  const valid = capture('09-request-management.wire.xml');
  it.each<[string, (xml: string) => string, WindowsMdmErrorCode]>([
    ['a non-SyncML root', () => '<SyncML2 xmlns="urn:other"><SyncHdr/><SyncBody/></SyncML2>', 'not_syncml'],
    ['another namespace', (x) => x.replace('SYNCML:SYNCML1.2', 'urn:other'), 'not_syncml'],
    ['a SOAP envelope', () => capture('03-request-discovery.wire.xml'), 'not_syncml'],
    ['no SyncHdr', (x) => x.replace(/<SyncHdr>[\s\S]*<\/SyncHdr>/, ''), 'not_syncml'],
    ['no SyncBody', (x) => x.replace(/<SyncBody>[\s\S]*<\/SyncBody>/, ''), 'not_syncml'],
    ['no SessionID', (x) => x.replace(/<SessionID>[^<]*<\/SessionID>/, ''), 'missing_element'],
    ['no MsgID', (x) => x.replace(/<MsgID>[^<]*<\/MsgID>/, ''), 'missing_element'],
    ['no Source LocURI', (x) => x.replace(/<Source><LocURI>B5B9[^<]*<\/LocURI><\/Source>/, '<Source/>'), 'missing_element'],
    ['a command without CmdID', (x) => x.replace('<CmdID>2</CmdID>', ''), 'missing_element'],
    ['an Alert without Data', (x) => x.replace('<Data>1201</Data>', ''), 'missing_element'],
    ['an unknown command', (x) => x.replace('<Final/>', '<Sync><CmdID>9</CmdID></Sync><Final/>'), 'unknown_command'],
    ['deeply nested Atomic commands', (x) => x.replace('<Final/>', deep(500, 'Atomic')), 'too_deep'],
  ])('rejects %s', (_what, edit, code) => {
    expect(codeOf(() => decodeSyncMl(edit(valid)))).toBe(code);
  });
});
