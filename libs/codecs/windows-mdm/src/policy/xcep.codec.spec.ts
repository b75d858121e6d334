import { capture } from '../testing/fixture.loader';
import { xmlShape } from '../testing/xml-shape.helper';
import { WSTEP } from '../windows-mdm.constants';
import { decodeGetPoliciesRequest } from './xcep.decoder';
import { encodeGetPoliciesResponse } from './xcep.encoder';

const MESSAGE_ID = 'urn:uuid:72048B64-0F19-448F-8C2E-B4C661860AA0';
/** 06 as captured is not well-formed (a missing space in the PoC template); this restores it. */
const capturedResponse = (): string =>
  capture('06-response-policy.xml').replace('<algorithmOIDReferencexsi:nil="true"/>', '<algorithmOIDReference xsi:nil="true"/>');

describe('MS-XCEP GetPolicies', () => {
  it.each(['05-request-policy.xml', '05-request-policy.wire.xml'])('decodes the captured request (%s)', (file) => {
    const text = capture(file);
    expect(decodeGetPoliciesRequest(text)).toEqual({
      type: 'GetPolicies',
      messageId: MESSAGE_ID,
      to: 'https://windows.fleetdm.ngrok.io/EnrollmentServer/Policy.svc',
      replyTo: 'http://www.w3.org/2005/08/addressing/anonymous',
      security: { kind: 'username', username: 'demio', password: 'demo', passwordType: WSTEP.passwordText },
      client: { lastUpdate: null, preferredLanguage: null },
      requestFilterPolicyOids: null,
      raw: text,
    });
  });

  it('decodes a BinarySecurityToken credential (base64url JSON, as Fleet issues)', () => {
    const payload = { type: 1, payload: { orbit_node_key: 'abc' } };
    const token = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const text = capture('05-request-policy.wire.xml').replace(
      /<wsse:UsernameToken[\s\S]*<\/wsse:UsernameToken>/,
      `<wsse:BinarySecurityToken ValueType="${WSTEP.deviceEnrollmentUserToken}" EncodingType="${WSTEP.base64Encoding}">${token}</wsse:BinarySecurityToken>`,
    );
    const { security } = decodeGetPoliciesRequest(text);
    expect(security).toMatchObject({ kind: 'binary', valueType: WSTEP.deviceEnrollmentUserToken, value: token });
    expect(security?.kind === 'binary' && JSON.parse(Buffer.from(security.data).toString('utf8'))).toEqual(payload);
  });

  it('rejects a BinarySecurityToken that is not base64', () => {
    const text = capture('05-request-policy.wire.xml').replace(
      /<wsse:UsernameToken[\s\S]*<\/wsse:UsernameToken>/,
      `<wsse:BinarySecurityToken ValueType="${WSTEP.jwtTokenType}">not base64 at all!</wsse:BinarySecurityToken>`,
    );
    expect(() => decodeGetPoliciesRequest(text)).toThrow(expect.objectContaining({ code: 'bad_base64' }));
  });

  it('reads a request filter', () => {
    const text = capture('05-request-policy.wire.xml').replace(
      '<requestFilter xsi:nil="true"/>',
      '<requestFilter><policyOIDs><oid>1.2.3</oid><oid>4.5.6</oid></policyOIDs></requestFilter>',
    );
    expect(decodeGetPoliciesRequest(text).requestFilterPolicyOids).toEqual(['1.2.3', '4.5.6']);
  });

  it('refuses the captured PoC response as it is (not well-formed XML)', () => {
    expect(() => xmlShape(capture('06-response-policy.xml'))).toThrow(expect.objectContaining({ code: 'malformed_xml' }));
  });

  it('encodes a GetPoliciesResponse containing every element of the captured one', () => {
    const xml = encodeGetPoliciesResponse({ relatesTo: MESSAGE_ID });
    const ours = new Set(xmlShape(xml, { withText: false }).map((l) => l.replace(/ \[.*$/, '')));
    const theirs = xmlShape(capturedResponse(), { withText: false }).map((l) => l.replace(/ \[.*$/, ''));
    expect(theirs.filter((path) => !ours.has(path))).toEqual([]);

    const lines = xmlShape(xml);
    const value = (local: string): string[] =>
      lines.filter((l) => l.includes(`}${local} [`)).map((l) => l.slice(l.indexOf(' = ') + 3));
    expect(value('Action')).toEqual(['http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPoliciesResponse']);
    expect(value('RelatesTo')).toEqual([MESSAGE_ID]);
    expect(value('policySchema')).toEqual(['3']);
    expect(value('minimalKeyLength')).toEqual(['2048']);
    expect(value('validityPeriodSeconds')).toEqual(['31536000']);
    expect(value('renewalPeriodSeconds')).toEqual(['15552000']);
    expect(value('enroll')).toEqual(['true']);
    expect(value('autoEnroll')).toEqual(['false']);
    expect(value('provider')).toEqual(['Microsoft Platform Crypto Provider', 'Microsoft Software Key Storage Provider']);
    // The hash / key algorithm references resolve to SHA-256 and RSA in the OID table.
    expect(value('hashAlgorithmOIDReference')).toEqual(['0']);
    expect(value('algorithmOIDReference')).toEqual(['1']);
    expect(value('value')).toEqual(['2.16.840.1.101.3.4.2.1', '1.2.840.113549.1.1.1']);
    expect(value('oIDReferenceID')).toEqual(['0', '1']);
    expect(value('group')).toEqual(['4', '3']);
  });

  it('writes the requested key length and marks absent values xsi:nil', () => {
    const lines = xmlShape(encodeGetPoliciesResponse({ relatesTo: 'urn:uuid:x', minimalKeyLength: 4096, cryptoProviders: [] }));
    expect(lines.find((l) => l.includes('}minimalKeyLength'))).toMatch(/= 4096$/);
    expect(lines.find((l) => l.includes('}cryptoProviders'))).toContain('{http://www.w3.org/2001/XMLSchema-instance}nil=true');
    expect(() => encodeGetPoliciesResponse({ relatesTo: 'urn:uuid:x', minimalKeyLength: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });
});
