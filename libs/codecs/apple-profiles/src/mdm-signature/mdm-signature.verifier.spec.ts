import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import type { AppleProfilesErrorCode } from '../apple-profiles.errors';
import { signData } from '../cms/signed-data.signer';
import { makeIdentity } from '../testing/test-pki.helper';
import { verifyMdmSignature } from './mdm-signature.verifier';
import { codeOf } from '../testing/spec.helpers';

const FIXTURES = join(__dirname, '..', '__fixtures__');
const NOW = new Date('2025-06-01T12:00:00Z');
/** A real check-in body (the iMac's TokenUpdate from nanomdm): signatures cover these exact bytes. */
const BODY = readFileSync(join(FIXTURES, 'nanomdm', 'mdm', 'testdata', 'TokenUpdate.2.plist'));

const ca = makeIdentity({ cn: 'Flotilla SCEP CA', ca: true });
const device = makeIdentity({ cn: 'Fleet Identity', issuer: ca, serial: 10 });
const deviceEc = makeIdentity({ cn: 'ACME device', issuer: ca, serial: 11, keyType: 'ec' });
const other = makeIdentity({ cn: 'Fleet Identity', issuer: ca, serial: 12 });

/** A copy of `buf` with the byte at `at` changed (a device id spoofed by one character). */
const flipByte = (buf: Buffer, at: number): Buffer => {
  const out = Buffer.from(buf);
  out[at] = (out[at] ?? 0) ^ 0x01;
  return out;
};
const header = (cms: Buffer): string => cms.toString('base64');
const sign = (body: Buffer, id = device): string => header(signData(body, { certificate: id.cert, privateKey: id.key }, NOW, { detached: true }));

/** A detached signature made by node-forge with a certificate that is not the signing key's. */
function forgeSignature(body: Buffer, certPem: string, keyPem: string): string {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(body.toString('binary'));
  p7.addCertificate(certPem);
  p7.addSigner({
    key: forge.pki.privateKeyFromPem(keyPem),
    certificate: forge.pki.certificateFromPem(certPem),
    digestAlgorithm: forge.pki.oids['sha256'] as string,
    authenticatedAttributes: [
      { type: forge.pki.oids['contentType'] as string, value: forge.pki.oids['data'] },
      { type: forge.pki.oids['messageDigest'] as string },
      { type: forge.pki.oids['signingTime'] as string, value: NOW as unknown as string },
    ],
  });
  p7.sign({ detached: true });
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary').toString('base64');
}

describe('verifyMdmSignature', () => {
  it.each([
    ['an RSA (SCEP) identity', device],
    ['an EC (ACME) identity', deviceEc],
  ] as const)('returns the signer certificate for %s', (_name, id) => {
    const result = verifyMdmSignature(sign(BODY, id), BODY, { now: NOW });
    expect(result.certificate.fingerprint256).toBe(id.cert.fingerprint256);
    expect(result.certificate.raw).toEqual(id.cert.raw);
    expect(result.digest).toBe('sha256');
    expect(result.signingTime).toEqual(NOW);
  });

  it('accepts a header signed by node-forge for the right key', () => {
    expect(verifyMdmSignature(forgeSignature(BODY, device.certPem, device.keyPem), BODY).certificate.subject).toBe('CN=Fleet Identity');
  });

  it('accepts a header split over lines', () => {
    const wrapped = sign(BODY).replace(/(.{64})/g, '$1\n');
    expect(verifyMdmSignature(wrapped, BODY).certificate.fingerprint256).toBe(device.cert.fingerprint256);
  });

  it('verifies over the exact bytes: a Uint8Array body works, a re-serialized body does not', () => {
    const h = sign(BODY);
    expect(verifyMdmSignature(h, new Uint8Array(BODY)).certificate.fingerprint256).toBe(device.cert.fingerprint256);
    expect(codeOf(() => verifyMdmSignature(h, Buffer.from(BODY.toString().replace(/\t/g, '  '))))).toBe('bad_signature');
  });

  it.each<[string, () => unknown, AppleProfilesErrorCode]>([
    ['a body altered by one byte', () => verifyMdmSignature(sign(BODY), flipByte(BODY, BODY.indexOf('66ADE930'))), 'bad_signature'],
    ['an empty body', () => verifyMdmSignature(sign(BODY), Buffer.alloc(0)), 'bad_signature'],
    ['another body’s signature', () => verifyMdmSignature(sign(Buffer.from('<plist/>')), BODY), 'bad_signature'],
    ['a certificate that is not the signing key’s', () => verifyMdmSignature(forgeSignature(BODY, other.certPem, device.keyPem), BODY), 'signer_mismatch'],
    [
      'the certificate replaced by another device’s',
      () => {
        const cms = Buffer.from(sign(BODY), 'base64');
        const swapped = Buffer.from(cms.toString('binary').replace(device.cert.raw.toString('binary'), other.cert.raw.toString('binary')), 'binary');
        return verifyMdmSignature(header(swapped), BODY);
      },
      'signer_cert_missing',
    ],
    ['garbage', () => verifyMdmSignature('not base64 at all!', BODY), 'bad_base64'],
    ['an empty header', () => verifyMdmSignature('', BODY), 'bad_base64'],
    ['base64 of the wrong length', () => verifyMdmSignature('QUJD=', BODY), 'bad_base64'],
    ['an oversized header', () => verifyMdmSignature('A'.repeat(70_000), BODY), 'bad_base64'],
    ['base64 of something that is not CMS', () => verifyMdmSignature(Buffer.from('hello world!').toString('base64'), BODY), 'malformed_cms'],
    ['base64 of a certificate', () => verifyMdmSignature(device.cert.raw.toString('base64'), BODY), 'malformed_cms'],
    ['an expired device certificate', () => verifyMdmSignature(sign(BODY), BODY, { now: new Date('2040-01-01T00:00:00Z') }), 'signer_cert_not_valid'],
  ])('rejects %s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});
