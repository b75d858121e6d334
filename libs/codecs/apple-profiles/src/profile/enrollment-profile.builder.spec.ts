import type { AppleProfilesErrorCode } from '../apple-profiles.errors';
import { buildConfigurationProfile } from './configuration-profile.builder';
import { buildEnrollmentProfile } from './enrollment-profile.builder';
import type { ConfigurationProfileInput, EnrollmentProfileInput } from './profile.types';
import { codeOf } from '../testing/spec.helpers';

const BASE: EnrollmentProfileInput = {
  payloadIdentifier: 'com.example.enroll',
  payloadUuid: 'P-UUID',
  payloadDisplayName: 'Enroll',
  scep: { payloadUuid: 'S-UUID', url: 'https://mdm.example.org/scep' },
  mdm: { payloadUuid: 'M-UUID', topic: 'com.apple.mgmt.External.x', serverUrl: 'https://mdm.example.org/mdm?enroll_reference=abc' },
};

describe('buildEnrollmentProfile input checks', () => {
  it('accepts the base input (a ServerURL may carry a query)', () => {
    expect(codeOf(() => buildEnrollmentProfile(BASE))).toBe('no error');
  });

  it.each<[string, EnrollmentProfileInput, AppleProfilesErrorCode]>([
    ['a SCEP URL with a query string', { ...BASE, scep: { ...BASE.scep, url: 'https://mdm.example.org/scep?x=1' } }, 'invalid_input'],
    ['a SCEP URL with an empty query', { ...BASE, scep: { ...BASE.scep, url: 'https://mdm.example.org/scep?' } }, 'invalid_input'],
    ['a SCEP URL with a fragment', { ...BASE, scep: { ...BASE.scep, url: 'https://mdm.example.org/scep#a' } }, 'invalid_input'],
    ['a SCEP URL that is not a URL', { ...BASE, scep: { ...BASE.scep, url: 'scep server' } }, 'invalid_input'],
    ['a non-http ServerURL', { ...BASE, mdm: { ...BASE.mdm, serverUrl: 'ftp://mdm.example.org/' } }, 'invalid_input'],
    ['a bad CheckInURL', { ...BASE, mdm: { ...BASE.mdm, checkInUrl: 'javascript:alert(1)' } }, 'invalid_input'],
    ['a topic that is not a push topic', { ...BASE, mdm: { ...BASE.mdm, topic: 'com.example.topic' } }, 'invalid_input'],
    ['AccessRights 0', { ...BASE, mdm: { ...BASE.mdm, accessRights: 0 } }, 'invalid_input'],
    ['AccessRights above 8191', { ...BASE, mdm: { ...BASE.mdm, accessRights: 8192 } }, 'invalid_input'],
    ['AccessRights 2 without 1', { ...BASE, mdm: { ...BASE.mdm, accessRights: 2 } }, 'invalid_input'],
    ['AccessRights 128 without 64', { ...BASE, mdm: { ...BASE.mdm, accessRights: 129 } }, 'invalid_input'],
    ['the same UUID for both payloads', { ...BASE, mdm: { ...BASE.mdm, payloadUuid: 'S-UUID' } }, 'invalid_input'],
    ['a payload UUID equal to the profile’s', { ...BASE, scep: { ...BASE.scep, payloadUuid: 'P-UUID' } }, 'invalid_input'],
    ['an empty profile identifier', { ...BASE, payloadIdentifier: ' ' }, 'invalid_input'],
    ['a bad key usage', { ...BASE, scep: { ...BASE.scep, keyUsage: 3 as 1 } }, 'invalid_input'],
    ['an empty subject RDN', { ...BASE, scep: { ...BASE.scep, subject: [[]] } }, 'invalid_input'],
    ['MDM fields repeating a Payload key', { ...BASE, mdm: { ...BASE.mdm, fields: { PayloadType: 'x' } } }, 'invalid_input'],
    ['a challenge XML cannot carry', { ...BASE, scep: { ...BASE.scep, challenge: 'a\u0001b' } }, 'invalid_value'],
  ])('rejects %s', (_name, input, code) => {
    expect(codeOf(() => buildEnrollmentProfile(input))).toBe(code);
  });
});

describe('buildConfigurationProfile input checks', () => {
  const dock = { payloadType: 'com.apple.dock', payloadIdentifier: 'com.example.p.dock', payloadUuid: 'U1' };
  const base: ConfigurationProfileInput = { payloadIdentifier: 'com.example.p', payloadUuid: 'U0', payloadDisplayName: 'P', payloads: [dock] };
  it.each<[string, ConfigurationProfileInput]>([
    ['a duplicate payload identifier', { ...base, payloads: [...base.payloads, { ...dock, payloadUuid: 'U2' }] }],
    ['an empty payload type', { ...base, payloads: [{ ...dock, payloadType: '' }] }],
    ['a zero payload version', { ...base, payloads: [{ ...dock, payloadVersion: 0 }] }],
    ['a bad scope', { ...base, payloadScope: 'Device' as 'System' }],
    ['no display name', { ...base, payloadDisplayName: '' }],
  ])('rejects %s', (_name, input) => {
    expect(codeOf(() => buildConfigurationProfile(input))).toBe('invalid_input');
  });
});
