import { pushFixture, thrown } from './__fixtures__/push-fixtures';
import { apnsDevicePath, apnsPushHeaders, encodeMdmPush } from './mdm-push.encoder';
import { parsePushCertificate } from './push-certificate.parser';

describe('encodeMdmPush', () => {
  it('is exactly {"mdm":"<PushMagic>"}', () => {
    expect(encodeMdmPush('1AA91790-BA78-4DBF-9102-FBA06E6110C4')).toBe('{"mdm":"1AA91790-BA78-4DBF-9102-FBA06E6110C4"}');
    expect(JSON.parse(encodeMdmPush('a"b\\c'))).toEqual({ mdm: 'a"b\\c' });
  });

  it.each(['', '   '])('rejects PushMagic %j', (magic) => {
    expect(thrown(() => encodeMdmPush(magic)).code).toBe('invalid_input');
  });
});

describe('apnsDevicePath', () => {
  it('hex-encodes the binary token, lower-case', () => {
    expect(apnsDevicePath(Uint8Array.from([0x0a, 0xbc, 0xff]))).toBe('/3/device/0abcff');
    expect(apnsDevicePath('0ABCFF')).toBe('/3/device/0abcff');
  });

  it.each<[string, Uint8Array | string]>([
    ['no bytes', new Uint8Array()],
    ['odd hex', 'abc'],
    ['non-hex', 'zz'],
  ])('rejects %s', (_name, token) => {
    expect(thrown(() => apnsDevicePath(token)).code).toBe('invalid_input');
  });
});

describe('apnsPushHeaders', () => {
  const topic = parsePushCertificate(pushFixture('apnsPush')).topic;

  it('topic from the certificate, push type mdm, JSON body', () => {
    expect(apnsPushHeaders(topic)).toEqual({
      'content-type': 'application/json',
      'apns-topic': 'com.apple.mgmt.External.e0bd1eac-1f17-4c8e-8a63-dd17d3dd35d9',
      'apns-push-type': 'mdm',
    });
  });

  it('adds apns-expiration (epoch seconds) and apns-priority when given', () => {
    expect(apnsPushHeaders(topic, { expiration: new Date('2024-05-01T00:00:00.900Z'), priority: 10 })).toMatchObject({
      'apns-expiration': '1714521600',
      'apns-priority': '10',
    });
    expect(apnsPushHeaders(topic, { expiration: 0, priority: 5 })).toMatchObject({ 'apns-expiration': '0', 'apns-priority': '5' });
  });

  it.each<[string, () => unknown, string]>([
    ['a topic without com.apple.mgmt.', () => apnsPushHeaders('wrong.prefix.18a16429'), 'bad_topic'],
    ['the bare prefix', () => apnsPushHeaders('com.apple.mgmt.'), 'bad_topic'],
    ['a negative expiration', () => apnsPushHeaders(topic, { expiration: -1 }), 'invalid_input'],
    ['an invalid Date', () => apnsPushHeaders(topic, { expiration: new Date('nope') }), 'invalid_input'],
    ['priority 1', () => apnsPushHeaders(topic, { priority: 1 as 5 }), 'invalid_input'],
  ])('rejects %s', (_name, fn, code) => {
    expect(thrown(fn).code).toBe(code);
  });
});
