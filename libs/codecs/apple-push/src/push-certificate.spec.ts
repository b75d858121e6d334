import { X509Certificate } from 'node:crypto';

import { PUSH_FIXTURES, pushFixture, thrown } from './__fixtures__/push-fixtures';
import { parsePushCertificate, pushCertificateKeyMatches } from './push-certificate.parser';
import type { PushErrorCode } from './push.errors';
import { makePushIdentity } from './testing/push-cert.helper';

describe('parsePushCertificate over the fixtures', () => {
  it('push.pem (nanomdm, Apple-issued) → its topic, Apple issuer, 2021–2022 validity', () => {
    const pem = pushFixture('apnsPush');
    const cert = parsePushCertificate(pem, { now: new Date('2024-01-01T00:00:00Z') });
    expect(cert).toMatchObject({
      topic: 'com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9',
      subject: 'UID=com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9, CN=APSP:e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9, C=US',
      issuer: 'CN=Apple Application Integration 2 Certification Authority, OU=Apple Certification Authority, O=Apple Inc., C=US',
      serialNumber: '734DF9C0BB2703FD',
      notBefore: new Date('2021-02-10T17:44:47Z'),
      notAfter: new Date('2022-02-10T17:44:47Z'),
      expired: true,
    });
    expect(cert.subjectAttributes.map((a) => a.name)).toEqual(['UID', 'CN', 'C']);
    expect(cert.subjectAttributes[0]?.oid).toBe('0.9.2342.19200300.100.1.1');
    expect(cert.certificatePem.replace(/\s+/g, '')).toBe(pem.replace(/\s+/g, ''));
    const x509 = new X509Certificate(Buffer.from(cert.certificateDer));
    expect(x509.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(cert.sha256Fingerprint);
    expect(parsePushCertificate(pem, { now: new Date('2021-06-01T00:00:00Z') }).expired).toBe(false);
    expect('expired' in parsePushCertificate(pem)).toBe(false);
  });

  it('mock_push_cert.pem (micromdm, self-signed) → its UID topic, valid until 2068', () => {
    const cert = parsePushCertificate(pushFixture('mockPush'), { now: new Date('2024-01-01T00:00:00Z') });
    expect(cert).toMatchObject({
      topic: 'com.apple.mgmt.External.18a16429-886b-41f1-9c30-2bd04ae4fc37',
      subject: 'UID=com.apple.mgmt.External.18a16429-886b-41f1-9c30-2bd04ae4fc37, CN=APSP:17a16429-886b-41f1-8c90-3bd02ae9fc57, C=US',
      serialNumber: 'C7F665773B59FB4B',
      notBefore: new Date('2018-01-25T08:33:25Z'),
      notAfter: new Date('2068-01-25T08:33:25Z'),
      expired: false,
    });
    expect(cert.issuer).toBe(cert.subject);
  });

  it.each<[keyof typeof PUSH_FIXTURES, PushErrorCode, string]>([
    ['mockNoUid', 'missing_topic', 'CN=no.uid, CN=APSP:17a16429-886b-41f1-8c90-3bd02ae9fc57, C=US'],
    ['mockWrongPrefix', 'bad_topic', 'wrong.prefix.18a16429-886b-41f1-9c30-2bd04ae4fc37'],
    ['appleCaSigned', 'missing_topic', 'CN=6001A957-6FC5-4856-8C5E-DC2E32C61CB9'],
    ['appleCaSignedNewer', 'missing_topic', 'CN=1EB44D08-42EE-471B-BBD6-136582A7BAA4, C=US, ST=CA, L=Cupertino, O=Apple Inc., OU=iPhone'],
  ])('%s → %s', (name, code, text) => {
    const err = thrown(() => parsePushCertificate(pushFixture(name)));
    expect(err.codec).toBe('apple-push');
    expect(err.code).toBe(code);
    expect(err.message).toContain(text);
  });
});

describe('parsePushCertificate rejects', () => {
  const pem = pushFixture('apnsPush');
  const body = pem.replace(/-----[A-Z ]+-----|\s/g, '');
  const armour = (b64: string): string => `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
  it.each<[string, string, PushErrorCode]>([
    ['an empty string', '', 'not_pem'],
    ['plain text', 'hello, world', 'not_pem'],
    ['raw base64 without armour', body, 'not_pem'],
    ['a private key only', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', 'not_pem'],
    ['a body that is not base64', armour('not*base64!'), 'not_pem'],
    ['a body with a bad length', armour('QUJD'.concat('Q')), 'not_pem'],
    ['base64 of garbage', armour(Buffer.from('garbage bytes, not DER').toString('base64')), 'bad_certificate'],
    ['a truncated certificate', armour(body.slice(0, 400)), 'bad_certificate'],
    ['a PEM over 1 MiB', pem + ' '.repeat(1024 * 1024), 'too_large'],
  ])('%s → %s', (_name, input, code) => {
    expect(thrown(() => parsePushCertificate(input)).code).toBe(code);
  });

  it('honours maxBytes', () => {
    expect(thrown(() => parsePushCertificate(pem, { maxBytes: 100 })).code).toBe('too_large');
  });

  it('uses the first certificate of a chain, text around it ignored', () => {
    const chain = `Bag Attributes\n${pem}${pushFixture('mockPush')}`;
    expect(parsePushCertificate(chain).topic).toBe('com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9');
  });
});

describe('pushCertificateKeyMatches', () => {
  const topic = 'com.apple.mgmt.External.00000000-1111-2222-3333-444444444444';
  const identity = makePushIdentity(topic);
  const other = makePushIdentity(topic);

  it('a generated certificate parses, and its own key matches (PKCS#8 and PKCS#1)', () => {
    expect(parsePushCertificate(identity.certPem).topic).toBe(topic);
    expect(pushCertificateKeyMatches(identity.certPem, identity.keyPem)).toBe(true);
    expect(pushCertificateKeyMatches(identity.certPem, identity.rsaKeyPem)).toBe(true);
    expect(pushCertificateKeyMatches(`${identity.certPem}${identity.keyPem}`, identity.keyPem)).toBe(true);
  });

  it('another key does not match, nor does any key for the fixture certificates', () => {
    expect(pushCertificateKeyMatches(identity.certPem, other.keyPem)).toBe(false);
    expect(pushCertificateKeyMatches(pushFixture('apnsPush'), identity.keyPem)).toBe(false);
    expect(pushCertificateKeyMatches(pushFixture('mockNoUid'), identity.keyPem)).toBe(false);
  });

  it.each<[string, string]>([
    ['an empty key', ''],
    ['a certificate given as the key', pushFixture('mockPush')],
    ['a garbage key block', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'],
  ])('%s → bad_key', (_name, keyPem) => {
    expect(thrown(() => pushCertificateKeyMatches(identity.certPem, keyPem)).code).toBe('bad_key');
  });

  it('a garbage certificate → not_pem', () => {
    expect(thrown(() => pushCertificateKeyMatches('nope', identity.keyPem)).code).toBe('not_pem');
  });
});
