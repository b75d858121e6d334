import { decodePlist, encodePlist, type PlistDict } from '@flotilla/codec-apple-mdm';
import { parse as libraryParse } from 'plist';
import type { AppleProfilesErrorCode } from '../apple-profiles.errors';
import { makeIdentity } from '../testing/test-pki.helper';
import { buildConfigurationProfile } from './configuration-profile.builder';
import { buildEnrollmentProfile } from './enrollment-profile.builder';
import { parseProfile } from './profile.parser';
import { signProfile, verifySignedProfile } from './profile.signer';
import type { EnrollmentProfileInput } from './profile.types';
import { codeOf, fixture } from '../testing/spec.helpers';

const NOW = new Date('2025-06-01T12:00:00Z');

const ca = makeIdentity({ cn: 'Flotilla SCEP CA', ca: true });
const server = makeIdentity({ cn: 'Flotilla profile signer', issuer: ca, serial: 2 });
const other = makeIdentity({ cn: 'someone else', issuer: ca, serial: 3 });
const signer = { certificate: server.cert, privateKey: server.key, chain: [ca.cert] };

const ENROLLMENT: EnrollmentProfileInput = {
  payloadIdentifier: 'com.example.flotilla.enroll',
  payloadUuid: '5A0B1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C2D',
  payloadDisplayName: 'Flotilla enrollment',
  payloadOrganization: 'Example Org',
  payloadScope: 'System',
  scep: {
    payloadUuid: 'BCA53F9D-5DD2-494D-98D3-0D0F20FF6BA1',
    url: 'https://mdm.example.org/mdm/apple/scep',
    challenge: 'one-time-challenge',
    name: 'Flotilla',
  },
  mdm: {
    payloadUuid: '29713130-1602-4D27-90C9-B822A295E44E',
    topic: 'com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9',
    serverUrl: 'https://mdm.example.org/mdm/apple/mdm',
  },
};

describe('parseProfile on real profiles', () => {
  it('parses nanomdm’s example enrollment profile', () => {
    const p = parseProfile(fixture('nanomdm/docs/enroll.mobileconfig'));
    expect(p).toMatchObject({
      signed: false,
      payloadIdentifier: 'com.github.micromdm.nanomdm',
      payloadUuid: 'F9760DD4-F2D1-4F29-8D2C-48D52DD0A9B3',
      payloadDisplayName: 'Enrollment Profile',
      payloadVersion: 1,
      payloadTypes: ['com.apple.security.scep', 'com.apple.mdm'],
    });
    expect(p.payloads[1]?.raw['IdentityCertificateUUID']).toBe(p.payloads[0]?.payloadUuid);
  });

  it('parses the profile a real macOS SCEP client installed (real PayloadVersion, root CA data)', () => {
    const bytes = fixture('scep/testdata/testca/sceptest.mobileconfig');
    const p = parseProfile(bytes);
    expect(p).toMatchObject({
      signed: false,
      payloadIdentifier: 'vvrantchmbp.local.A795EFE8-60CA-47DA-92F3-FE2E435D800F',
      payloadDisplayName: 'scept',
      payloadRemovalDisallowed: false,
      payloadTypes: ['com.apple.security.scep', 'com.apple.security.root'],
    });
    expect(p.payloads[0]).toMatchObject({ payloadIdentifier: 'com.apple.security.scep.063D7953-1338-4BF0-8F99-913382996224', payloadVersion: 1 });
    expect(p.raw).toEqual(libraryParse(bytes.toString('utf8')));
  });

  it('parses a real profile once signed, reporting the signer', () => {
    const signed = signProfile(fixture('nanomdm/docs/enroll.mobileconfig'), signer, NOW);
    const p = parseProfile(signed, { signature: { now: NOW } });
    if (!p.signed) throw new Error('expected a signed profile');
    expect(p.signer.subject).toBe('CN=Flotilla profile signer');
    expect(p.signingTime).toEqual(NOW);
    expect(p.content).toEqual(fixture('nanomdm/docs/enroll.mobileconfig'));
  });
});

describe('build → sign → verify → parse', () => {
  it('builds the enrollment profile Fleet’s template describes', () => {
    const dict = decodePlist(buildEnrollmentProfile(ENROLLMENT)).value as PlistDict;
    expect(dict).toMatchObject({
      PayloadType: 'Configuration',
      PayloadVersion: 1,
      PayloadScope: 'System',
      PayloadOrganization: 'Example Org',
      PayloadContent: [
        {
          PayloadType: 'com.apple.security.scep',
          PayloadIdentifier: 'com.example.flotilla.enroll.scep',
          PayloadUUID: 'BCA53F9D-5DD2-494D-98D3-0D0F20FF6BA1',
          PayloadContent: {
            URL: 'https://mdm.example.org/mdm/apple/scep',
            Challenge: 'one-time-challenge',
            Name: 'Flotilla',
            Keysize: 2048,
            'Key Type': 'RSA',
            'Key Usage': 5,
            Subject: [[['O', 'Fleet']], [['CN', 'Fleet Identity']]],
          },
        },
        {
          PayloadType: 'com.apple.mdm',
          PayloadIdentifier: 'com.example.flotilla.enroll.mdm',
          IdentityCertificateUUID: 'BCA53F9D-5DD2-494D-98D3-0D0F20FF6BA1',
          Topic: ENROLLMENT.mdm.topic,
          ServerURL: ENROLLMENT.mdm.serverUrl,
          AccessRights: 8191,
          SignMessage: true,
          CheckOutWhenRemoved: true,
          ServerCapabilities: ['com.apple.mdm.per-user-connections', 'com.apple.mdm.bootstraptoken'],
        },
      ],
    });
    expect((dict['PayloadContent'] as PlistDict[])[1]).not.toHaveProperty('CheckInURL');
  });

  it('builds the account-driven BYOD variant', () => {
    const bytes = buildEnrollmentProfile({
      ...ENROLLMENT,
      payloadScope: 'User',
      mdm: {
        ...ENROLLMENT.mdm,
        checkInUrl: 'https://mdm.example.org/mdm/apple/checkin',
        accessRights: 8191 - 4 - 8,
        serverCapabilities: ['com.apple.mdm.per-user-connections', 'com.apple.mdm.bootstraptoken', 'com.apple.mdm.token'],
        fields: { EnrollmentMode: 'BYOD', AssignedManagedAppleID: 'user@example.org' },
      },
    });
    const p = parseProfile(bytes);
    expect(p.payloadScope).toBe('User');
    expect(p.payloads[1]?.raw).toMatchObject({ EnrollmentMode: 'BYOD', AccessRights: 8179, CheckInURL: 'https://mdm.example.org/mdm/apple/checkin' });
  });

  it('signs, verifies and parses an enrollment profile', () => {
    const profile = buildEnrollmentProfile(ENROLLMENT);
    const signed = signProfile(profile, signer, NOW);
    const verified = verifySignedProfile(signed, { now: NOW });
    expect(verified.content).toEqual(profile);
    expect(verified.signer.fingerprint256).toBe(server.cert.fingerprint256);
    const parsed = parseProfile(signed);
    expect(parsed).toMatchObject({ signed: true, payloadIdentifier: ENROLLMENT.payloadIdentifier, payloadTypes: ['com.apple.security.scep', 'com.apple.mdm'] });
    if (parsed.signed) expect(parsed.certificates.map((c) => c.subject)).toEqual(['CN=Flotilla profile signer', 'CN=Flotilla SCEP CA']);
  });

  it('builds a generic configuration profile from payloads', () => {
    const bytes = buildConfigurationProfile({
      payloadIdentifier: 'com.example.wifi',
      payloadUuid: 'A1B2C3D4-0000-4000-8000-000000000001',
      payloadDisplayName: 'Office Wi-Fi',
      payloads: [
        {
          payloadType: 'com.apple.wifi.managed',
          payloadIdentifier: 'com.example.wifi.payload',
          payloadUuid: 'A1B2C3D4-0000-4000-8000-000000000002',
          fields: { SSID_STR: 'Office', AutoJoin: true, EncryptionType: 'WPA2' },
        },
        {
          payloadType: 'com.apple.security.root',
          payloadIdentifier: 'com.example.wifi.ca',
          payloadUuid: 'A1B2C3D4-0000-4000-8000-000000000003',
          payloadVersion: 2,
          fields: { PayloadContent: ca.cert.raw },
        },
      ],
    });
    const p = parseProfile(bytes);
    expect(p.payloadTypes).toEqual(['com.apple.wifi.managed', 'com.apple.security.root']);
    expect(p.payloads[0]?.raw).toMatchObject({ SSID_STR: 'Office', PayloadVersion: 1 });
    expect(p.payloads[1]?.raw['PayloadContent']).toEqual(ca.cert.raw);
    expect(p.payloads[1]?.payloadVersion).toBe(2);
  });
});

describe('tampering and invalid profiles', () => {
  const signed = signProfile(buildEnrollmentProfile(ENROLLMENT), signer, NOW);

  it('rejects a signed profile whose content was altered', () => {
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf(Buffer.from('https://mdm.example.org/mdm/apple/mdm'));
    tampered.write('https://evil.example.org/mdm/apple/', at, 'latin1');
    expect(codeOf(() => verifySignedProfile(tampered))).toBe('bad_signature');
    expect(codeOf(() => parseProfile(tampered))).toBe('bad_signature');
  });

  it('rejects a signed profile whose signature bytes were altered', () => {
    const tampered = Buffer.from(signed);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff;
    expect(codeOf(() => verifySignedProfile(tampered))).toBe('signer_mismatch');
  });

  it('rejects a signer certificate swapped for another with the same issuer and serial', () => {
    const impostor = makeIdentity({ cn: 'Flotilla profile signer', issuer: ca, serial: 2, key: other.key });
    const swapped = Buffer.from(signed.toString('binary').replace(server.cert.raw.toString('binary'), impostor.cert.raw.toString('binary')), 'binary');
    expect(swapped.equals(signed)).toBe(false);
    expect(codeOf(() => verifySignedProfile(swapped))).toBe('signer_mismatch');
  });

  const profile = (dict: PlistDict): Buffer => encodePlist(dict);
  const valid: PlistDict = { PayloadType: 'Configuration', PayloadIdentifier: 'a', PayloadUUID: 'u', PayloadVersion: 1, PayloadContent: [] };
  it.each<[string, Buffer, AppleProfilesErrorCode]>([
    ['a non-Configuration profile', profile({ ...valid, PayloadType: 'com.apple.mdm' }), 'not_configuration_profile'],
    ['a profile without PayloadType', profile({ PayloadIdentifier: 'a', PayloadUUID: 'u', PayloadVersion: 1 }), 'missing_field'],
    ['a profile without PayloadIdentifier', profile({ ...valid, PayloadIdentifier: '' }), 'missing_field'],
    ['a profile without PayloadUUID', profile({ PayloadType: 'Configuration', PayloadIdentifier: 'a', PayloadVersion: 1 }), 'missing_field'],
    ['a profile without PayloadVersion', profile({ PayloadType: 'Configuration', PayloadIdentifier: 'a', PayloadUUID: 'u' }), 'missing_field'],
    ['a bad PayloadScope', profile({ ...valid, PayloadScope: 'Everyone' }), 'invalid_field'],
    ['PayloadContent that is not an array', profile({ ...valid, PayloadContent: 'x' }), 'invalid_field'],
    ['a payload without PayloadType', profile({ ...valid, PayloadContent: [{ PayloadIdentifier: 'p', PayloadUUID: 'q' }] }), 'missing_field'],
    ['an encrypted profile', profile({ ...valid, EncryptedPayloadContent: Buffer.from('x') }), 'encrypted_profile'],
    ['an array root', encodePlist([valid]), 'not_a_dict'],
    ['a non-plist upload', Buffer.from('PK\u0003\u0004 zip file'), 'malformed_plist'],
    ['an entity-expansion attack', Buffer.from('<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaa">]><plist><dict/></plist>'), 'entity_not_allowed'],
    ['DER that is not CMS', makeIdentity({ cn: 'x', key: other.key }).cert.raw, 'malformed_cms'],
  ])('rejects %s', (_name, bytes, code) => {
    expect(codeOf(() => parseProfile(bytes))).toBe(code);
  });
});
