import { X509Certificate } from 'node:crypto';
import { capture, fixtureBytes } from '../testing/fixture.loader';
import { WSTEP } from '../windows-mdm.constants';
import { decodeProvisioningDoc } from './provisioning-doc.codec';
import { parseWindowsCsr } from './windows-csr.parser';
import { decodeRequestSecurityToken } from './wstep.decoder';

const CSR_DER = fixtureBytes('messages/07-request-enrollment.csr.der');
const CN = '562A7F9A-6CD8-40B0-9E7E-0DBDD8!B5B954E81FBCB94EB79BD08BE625F4EE\u0000';
const wire = (): string => capture('07-request-enrollment.wire.xml');
const csrBase64 = (): string => Buffer.from(CSR_DER).toString('base64');
const withCsr = (der: Uint8Array): string => wire().replace(csrBase64(), Buffer.from(der).toString('base64'));
const tamper = (der: Uint8Array, index: number): Uint8Array => {
  const copy = new Uint8Array(der);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
};

describe('MS-WSTEP RequestSecurityToken', () => {
  it.each(['07-request-enrollment.xml', '07-request-enrollment.wire.xml'])('decodes the captured request (%s)', (file) => {
    const text = capture(file);
    const rst = decodeRequestSecurityToken(text);
    expect(rst).toMatchObject({
      type: 'RequestSecurityToken',
      messageId: 'urn:uuid:0d5a1441-5891-453b-becf-a2e5f6ea3749',
      to: 'https://windows.fleetdm.ngrok.io/EnrollmentServer/Enrollment.svc',
      security: { kind: 'username', username: 'demio', password: 'demo' },
      tokenType: WSTEP.deviceEnrollmentToken,
      requestType: WSTEP.requestTypeIssue,
      certificateRequest: { valueType: 'PKCS10', encodingType: WSTEP.base64Encoding },
      context: {
        deviceId: 'B5B954E81FBCB94EB79BD08BE625F4EE',
        hwDevId: '3B3ED6D0EA88CBFCF37D36F90F22FE61172348C0162FC3840D6703149870CE76',
        enrollmentType: 'Full',
        deviceType: 'CIMClient_Windows',
        deviceName: 'DESKTOP-28FGAI6',
        applicationVersion: '10.0.19043.2364',
        osVersion: '10.0.19043.2364',
        osEdition: '72',
        locale: 'en-US',
        requestVersion: undefined,
        uxInitiated: true,
        targetedUserLoggedIn: true,
        notInOobe: false,
        macAddresses: ['00-0C-29-51-60-9D', '1A-77-20-52-41-53', '1A-77-20-52-41-53', '00-0C-29-51-60-A7', '18-14-20-52-41-53', '00-0C-29-51-60-93'],
      },
      raw: text,
    });
    expect(rst.contextItems).toHaveLength(18);
    expect(rst.contextItems[0]).toEqual({ name: 'UXInitiated', value: 'true' });
    expect(Buffer.from(rst.certificateRequest.der).equals(Buffer.from(CSR_DER))).toBe(true);
  });

  it('decodes the pretty and wire variants to the same value', () => {
    const pretty = decodeRequestSecurityToken(capture('07-request-enrollment.xml'));
    const exact = decodeRequestSecurityToken(wire());
    expect({ ...pretty, raw: '' }).toEqual({ ...exact, raw: '' });
  });

  it('parses the Windows CSR despite `!` and NUL in its PrintableString CN, and verifies it', () => {
    const csr = parseWindowsCsr(CSR_DER);
    expect(csr.commonName).toBe(CN);
    expect(csr.subject).toEqual([{ oid: '2.5.4.3', shortName: 'CN', value: CN }]);
    expect(csr.signatureAlgorithmOid).toBe('1.3.14.3.2.29');
    expect(csr.publicKey.bits).toBe(2048);
    expect(csr.extensions.map((e) => e.oid)).toEqual(['1.3.6.1.4.1.311.66.1.0']);
    expect(Buffer.from(csr.extensions[0]?.value ?? []).toString('latin1')).toContain('B5B954E81FBCB94EB79BD08BE625F4EE');
  });

  it('extracts the key the server certified (the issued cert in the captured provisioning doc)', () => {
    const doc = decodeProvisioningDoc(capture('08-response-enrollment.provisioningdoc.xml'));
    const my = doc.characteristics[0]?.characteristics.find((c) => c.type === 'My');
    const issued = my?.characteristics[0]?.characteristics[0]?.parms[0]?.value ?? '';
    const spki = new X509Certificate(Buffer.from(issued, 'base64')).publicKey.export({ type: 'spki', format: 'der' });
    expect(Buffer.from(parseWindowsCsr(CSR_DER).publicKey.spkiDer).equals(spki)).toBe(true);
  });

  it.each([
    ['a CN character', Buffer.from(CSR_DER).indexOf('B5B954E8')],
    ['a modulus byte', Buffer.from(CSR_DER).indexOf(Buffer.from([0xcb, 0xe7, 0x12, 0xeb]))],
    ['the last signature byte', CSR_DER.length - 1],
  ])('rejects a CSR with %s changed (bad_csr_signature)', (_what, index) => {
    expect(index).toBeGreaterThan(0);
    const tampered = tamper(CSR_DER, index);
    expect(() => parseWindowsCsr(tampered)).toThrow(expect.objectContaining({ code: 'bad_csr_signature' }));
    expect(() => decodeRequestSecurityToken(withCsr(tampered))).toThrow(expect.objectContaining({ code: 'bad_csr_signature' }));
  });

  it.each([
    ['garbage base64', (t: string) => t.replace(csrBase64(), '%%%not-base64%%%'), 'bad_base64'],
    ['an empty token', (t: string) => t.replace(csrBase64(), ''), 'bad_base64'],
    ['bytes that are not a CSR', (t: string) => t.replace(csrBase64(), Buffer.from('hello world').toString('base64')), 'bad_csr'],
    ['a truncated CSR', (t: string) => t.replace(csrBase64(), Buffer.from(CSR_DER.subarray(0, 300)).toString('base64')), 'bad_csr'],
    ['another TokenType', (t: string) => t.replace(WSTEP.deviceEnrollmentToken, 'urn:other'), 'unsupported_token_type'],
    ['another ValueType', (t: string) => t.replace(WSTEP.pkcs10, 'urn:x509v3'), 'unsupported_token_type'],
    ['RequestType Renew', (t: string) => t.replace(WSTEP.requestTypeIssue, 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Renew'), 'unsupported_request_type'],
    ['no BinarySecurityToken', (t: string) => t.replace(/<wsse:BinarySecurityToken[\s\S]*<\/wsse:BinarySecurityToken>/, ''), 'missing_element'],
  ])('rejects %s', (_what, edit, code) => {
    expect(() => decodeRequestSecurityToken(edit(wire()))).toThrow(expect.objectContaining({ code }));
  });

  it('keeps a PKCS#7 (renewal) token as DER without parsing it as a CSR', () => {
    const rst = decodeRequestSecurityToken(wire().replace(WSTEP.pkcs10, WSTEP.pkcs7));
    expect(rst.certificateRequest.valueType).toBe('PKCS7');
    expect(rst.csr).toBeUndefined();
  });
});
