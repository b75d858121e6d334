import { loadPerfFixture, PERF_HOSTS, thrown } from './__fixtures__/perf-fixtures';
import { decodeEnrollRequest, enrollHostIdentifier } from './enroll.decoder';

describe('decodeEnrollRequest', () => {
  it.each(PERF_HOSTS)('decodes the %s enroll body', (host) => {
    const fixture = loadPerfFixture(host);
    const request = decodeEnrollRequest(fixture.enroll);
    expect(request.enrollSecret).toBe('fixture-enroll-secret');
    expect(request.hostIdentifier).toBe(fixture.substitutions['.UUID']);
    expect(request.platformType).toBe(host === 'windows_11' ? '2' : '16');
    expect(Object.keys(request.hostDetails).sort()).toEqual(['os_version', 'osquery_info', 'platform_info', 'system_info']);
    expect(request.hostDetails['system_info']).toEqual(fixture.enroll.host_details['system_info']);
  });

  it('coerces host_details scalars to strings and keeps absent parts optional', () => {
    const request = decodeEnrollRequest({
      enroll_secret: 's3cr3t\n',
      host_identifier: 'h-1',
      platform_type: 21,
      host_details: { osquery_info: { pid: 512, version: '5.12.1', watcher: null, extensions: true }, platform_info: null },
    });
    expect(request).toEqual({
      enrollSecret: 's3cr3t',
      hostIdentifier: 'h-1',
      platformType: '21',
      hostDetails: { osquery_info: { pid: '512', version: '5.12.1', watcher: '', extensions: 'true' } },
    });
  });

  it('accepts a body without host_details, platform_type or host_identifier', () => {
    expect(decodeEnrollRequest({ enroll_secret: 'x' })).toEqual({ enrollSecret: 'x', hostIdentifier: '', hostDetails: {} });
  });

  it.each([
    ['no enroll_secret', { host_identifier: 'h' }, 'missing_enroll_secret', 'enroll_secret'],
    ['an empty enroll_secret', { enroll_secret: '' }, 'missing_enroll_secret', 'enroll_secret'],
    ['a blank enroll_secret', { enroll_secret: ' \n' }, 'missing_enroll_secret', 'enroll_secret'],
    ['a null enroll_secret', { enroll_secret: null }, 'missing_enroll_secret', 'enroll_secret'],
    ['a numeric enroll_secret', { enroll_secret: 42 }, 'invalid_body', 'enroll_secret'],
    ['a numeric host_identifier', { enroll_secret: 'x', host_identifier: 7 }, 'invalid_body', 'host_identifier'],
    ['an object platform_type', { enroll_secret: 'x', platform_type: {} }, 'invalid_body', 'platform_type'],
    ['host_details as a string', { enroll_secret: 'x', host_details: 'os' }, 'invalid_body', 'host_details'],
    ['a host_details table as an array', { enroll_secret: 'x', host_details: { os_version: [] } }, 'invalid_body', 'host_details.os_version'],
    ['a nested host_details value', { enroll_secret: 'x', host_details: { system_info: { cpu: { a: 1 } } } }, 'invalid_body', 'host_details.system_info.cpu'],
    ['an array body', [], 'invalid_body', 'body'],
    ['a null body', null, 'invalid_body', 'body'],
  ])('rejects %s', (_name, json, code, field) => {
    const err = thrown(() => decodeEnrollRequest(json));
    expect(err.code).toBe(code);
    expect(err.message).toContain(field);
  });
});

describe('enrollHostIdentifier', () => {
  const request = decodeEnrollRequest(loadPerfFixture('windows_11').enroll);
  it.each([
    ['provided', 'B7E0C4D2-0011-4A9B-8C00-000000000011'],
    ['instance', 'caa2dc5b-f33f-4c57-a138-e4b96e8787cc'],
    ['uuid', 'B7E0C4D2-0011-4A9B-8C00-000000000011'],
    ['hostname', 'perf-win1101'],
  ] as const)('%s', (mode, expected) => {
    expect(enrollHostIdentifier(request, mode)).toBe(expected);
  });

  it('falls back to the provided identifier when the chosen detail is missing or empty', () => {
    const bare = decodeEnrollRequest({ enroll_secret: 'x', host_identifier: 'given', host_details: { system_info: { hostname: ' ' } } });
    expect(enrollHostIdentifier(bare, 'instance')).toBe('given');
    expect(enrollHostIdentifier(bare, 'hostname')).toBe('given');
  });
});
