import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { AppleProfilesErrorCode } from '../apple-profiles.errors';
import { makeIdentity } from '../testing/test-pki.helper';
import { der, parseDer, toDer, type Asn1 } from './der.helpers';
import { signData } from './signed-data.signer';
import { verifySignedData } from './signed-data.verifier';
import { codeOf, fixture } from '../testing/spec.helpers';

const NOW = new Date('2025-06-01T12:00:00Z');

const ca = makeIdentity({ cn: 'Flotilla Test CA', ca: true });
const rsa = makeIdentity({ cn: 'rsa signer', issuer: ca, serial: 2 });
const ec = makeIdentity({ cn: 'ec signer', issuer: ca, serial: 3, keyType: 'ec' });

/** Applies `edit` to the SignedData's children (version, digestAlgs, encap, certs, signerInfos). */
function editSignedData(cms: Buffer, edit: (fields: Asn1[]) => void): Buffer {
  const root = parseDer(cms, 'cms');
  const signedData = ((root.value as Asn1[])[1]?.value as Asn1[])[0] as Asn1;
  edit(signedData.value as Asn1[]);
  return toDer(root);
}

describe('verifySignedData on real SignedData', () => {
  it('verifies a PKCSReq signed by an Apple macOS SCEP client (SHA-1)', () => {
    const v = verifySignedData(fixture('scep/testdata/PKCSReq.der'));
    expect(v.signer.subject).toContain('CN=MDM SCEP SIGNER');
    expect(v.digest).toBe('sha1');
    expect(v.content.length).toBeGreaterThan(0);
    expect(v.detached).toBe(false);
  });

  it('verifies the CertRep micromdm/scep answered with', () => {
    const v = verifySignedData(fixture('scep/scep/testdata/CertRep.der'));
    expect(v.certificates.length).toBeGreaterThan(0);
  });

  it('needs the NDES RA certificate from outside for a CertRep that carries none', () => {
    const cms = fixture('scep/scep/testdata/testca2/CertRep_NoCertificatesForSigners.der');
    expect(codeOf(() => verifySignedData(cms))).toBe('signer_cert_missing');
    const ra = new X509Certificate(fixture('scep/scep/testdata/testca2/ca2.pem'));
    expect(verifySignedData(cms, { extraCertificates: [ra] }).signer.fingerprint256).toBe(ra.fingerprint256);
  });

  it('refuses SHA-1 when asked to', () => {
    expect(codeOf(() => verifySignedData(fixture('scep/testdata/PKCSReq.der'), { allowSha1: false }))).toBe('unsupported_algorithm');
  });

  it('detects one altered byte of the real device content', () => {
    const cms = Buffer.from(fixture('scep/testdata/PKCSReq.der'));
    const content = verifySignedData(cms).content;
    const at = cms.indexOf(content) + 100;
    cms[at] = (cms[at] ?? 0) ^ 0x01;
    expect(codeOf(() => verifySignedData(cms))).toBe('bad_signature');
  });
});

describe('signData → verifySignedData', () => {
  const content = Buffer.from('<plist version="1.0"><dict/></plist>');

  it.each([
    ['RSA', rsa],
    ['EC', ec],
  ] as const)('round-trips with an %s signer', (_name, signer) => {
    const cms = signData(content, { certificate: signer.certPem, privateKey: signer.keyPem, chain: [ca.cert] }, NOW);
    const v = verifySignedData(cms, { now: NOW });
    expect(v.content).toEqual(content);
    expect(v.signer.fingerprint256).toBe(signer.cert.fingerprint256);
    expect(v.certificates.map((c) => c.subject)).toEqual([signer.cert.subject, ca.cert.subject]);
    expect(v.signingTime).toEqual(NOW);
  });

  it.each(['sha1', 'sha384', 'sha512'] as const)('signs with %s', (digest) => {
    const cms = signData(content, { certificate: rsa.cert, privateKey: rsa.key }, NOW, { digest });
    expect(verifySignedData(cms).digest).toBe(digest);
  });

  it('writes a GeneralizedTime signingTime after 2049', () => {
    const later = new Date('2051-01-01T00:00:00Z');
    expect(verifySignedData(signData(content, { certificate: rsa.cert, privateKey: rsa.key }, later)).signingTime).toEqual(later);
  });

  it('produces a structure node-forge reads as PKCS#7 SignedData', () => {
    const cms = signData(content, { certificate: rsa.cert, privateKey: rsa.key }, NOW);
    const msg = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(cms.toString('binary'))) as forge.pkcs7.PkcsSignedData;
    expect(msg.certificates[0]?.subject.getField('CN')?.value).toBe('rsa signer');
  });

  it('verifies a signature made by node-forge (another implementation)', () => {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(content.toString('binary'));
    p7.addCertificate(rsa.certPem);
    p7.addSigner({
      key: forge.pki.privateKeyFromPem(rsa.keyPem),
      certificate: forge.pki.certificateFromPem(rsa.certPem),
      digestAlgorithm: forge.pki.oids['sha256'] as string,
      authenticatedAttributes: [
        { type: forge.pki.oids['contentType'] as string, value: forge.pki.oids['data'] },
        { type: forge.pki.oids['messageDigest'] as string },
        { type: forge.pki.oids['signingTime'] as string, value: NOW as unknown as string },
      ],
    });
    p7.sign();
    const cms = Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
    expect(verifySignedData(cms).content).toEqual(content);
  });

  it('finds a signer named by subjectKeyIdentifier', () => {
    const cms = signData(content, { certificate: rsa.cert, privateKey: rsa.key }, NOW);
    const ski = (() => {
      const ext = rsa.cert.raw.indexOf(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0e])); // OID 2.5.29.14
      return rsa.cert.raw.subarray(ext + 9, ext + 29); // OCTET STRING { OCTET STRING(20) }
    })();
    const edited = editSignedData(cms, (fields) => {
      const signerInfo = ((fields[4] as Asn1).value as Asn1[])[0] as Asn1;
      const parts = signerInfo.value as Asn1[];
      parts[0] = der.int(3);
      parts[1] = forge.asn1.create(forge.asn1.Class.CONTEXT_SPECIFIC, 0, false, ski.toString('binary'));
    });
    expect(verifySignedData(edited).signer.fingerprint256).toBe(rsa.cert.fingerprint256);
  });

  it.each<[string, (fields: Asn1[]) => void, AppleProfilesErrorCode]>([
    ['no signer', (f) => void ((f[4] as Asn1).value = []), 'signer_count'],
    ['two signers', (f) => void ((f[4] as Asn1).value as Asn1[]).push(((f[4] as Asn1).value as Asn1[])[0] as Asn1), 'signer_count'],
    ['no certificates', (f) => void f.splice(3, 1), 'signer_cert_missing'],
    ['another certificate in place of the signer', (f) => void ((f[3] as Asn1).value = [parseDer(ec.cert.raw, 'c')]), 'signer_cert_missing'],
    ['no content', (f) => void ((f[2] as Asn1).value as Asn1[]).splice(1, 1), 'missing_content'],
  ])('rejects a SignedData with %s', (_name, edit, code) => {
    const cms = signData(content, { certificate: rsa.cert, privateKey: rsa.key }, NOW);
    expect(codeOf(() => verifySignedData(editSignedData(cms, edit)))).toBe(code);
  });

  it('rejects an MD5 digest', () => {
    const cms = signData(content, { certificate: rsa.cert, privateKey: rsa.key }, NOW);
    const md5 = editSignedData(cms, (f) => {
      const signerInfo = ((f[4] as Asn1).value as Asn1[])[0] as Asn1;
      (signerInfo.value as Asn1[])[2] = der.seq([der.oid('1.2.840.113549.2.5'), der.nul()]);
    });
    expect(codeOf(() => verifySignedData(md5))).toBe('unsupported_algorithm');
  });

  it('rejects a signer certificate outside its validity at now', () => {
    const old = makeIdentity({ cn: 'expired', issuer: ca, serial: 9, key: rsa.key, notAfter: new Date('2024-06-01T00:00:00Z') });
    const cms = signData(content, { certificate: old.cert, privateKey: rsa.key }, NOW);
    expect(codeOf(() => verifySignedData(cms, { now: NOW }))).toBe('signer_cert_not_valid');
    expect(verifySignedData(cms).signer.subject).toContain('expired');
  });

  it.each<[string, Buffer]>([
    ['empty bytes', Buffer.alloc(0)],
    ['text', Buffer.from('not cms at all')],
    ['a certificate', rsa.cert.raw],
    ['truncated DER', signData(content, { certificate: rsa.cert, privateKey: rsa.key }, NOW).subarray(0, 200)],
    ['1000-deep nesting', Buffer.concat([Buffer.from('30800'.repeat(0)), ...Array.from({ length: 1000 }, () => Buffer.from([0x30, 0x80])), Buffer.alloc(2000)])],
    ['EnvelopedData', toDer(der.seq([der.oid('1.2.840.113549.1.7.3'), der.context(0, [der.seq([])])]))],
  ])('rejects %s as malformed_cms', (_name, bytes) => {
    expect(codeOf(() => verifySignedData(bytes))).toBe('malformed_cms');
  });

  it.each<[string, () => unknown, AppleProfilesErrorCode]>([
    ['a key that is not the certificate’s', () => signData(content, { certificate: rsa.cert, privateKey: ec.key }, NOW), 'invalid_key'],
    ['an unreadable key', () => signData(content, { certificate: rsa.cert, privateKey: 'not a key' }, NOW), 'invalid_key'],
    ['a public key', () => signData(content, { certificate: rsa.cert, privateKey: rsa.cert.publicKey }, NOW), 'invalid_key'],
    ['a bad certificate', () => signData(content, { certificate: 'nope', privateKey: rsa.key }, NOW), 'invalid_input'],
    ['an invalid now', () => signData(content, { certificate: rsa.cert, privateKey: rsa.key }, new Date(Number.NaN)), 'invalid_input'],
  ])('refuses to sign with %s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});
