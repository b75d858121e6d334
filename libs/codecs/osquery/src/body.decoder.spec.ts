import { deflateSync, gzipSync } from 'node:zlib';
import { loadPerfFixture, thrown } from './__fixtures__/perf-fixtures';
import { decodeBody } from './body.decoder';
import { OSQUERY_LIMITS } from './osquery.limits';

const MiB = 1024 * 1024;
const body = { node_key: 'k', log_type: 'result', data: [{ name: 'pack/Global/q', unixTime: 1 }] };
const json = Buffer.from(JSON.stringify(body));
const gz = gzipSync(json);

/** 100 MiB of zeros as ten concatenated gzip members (~100 KB), built in a few ms. */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(10 * MiB), { level: 9 });
  return Buffer.concat(Array.from({ length: 10 }, () => member));
}

describe('decodeBody', () => {
  it.each([
    ['plain JSON, no header', json, undefined],
    ['plain JSON, identity', json, 'identity'],
    ['gzip with Content-Encoding: gzip', gz, 'gzip'],
    ['gzip with an upper-case header', gz, 'GZIP'],
    ['gzip with x-gzip', gz, 'x-gzip'],
    ['gzip recognised by magic bytes alone', gz, undefined],
    ['deflate', deflateSync(json), 'deflate'],
    ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]), undefined],
  ])('decodes %s', (_name, bytes, contentEncoding) => {
    expect(decodeBody(bytes, { contentEncoding, maxBytes: OSQUERY_LIMITS.logMaxBytes })).toEqual(body);
  });

  it('decodes a gzipped enroll body from the ubuntu fixture', () => {
    const enroll = loadPerfFixture('ubuntu_22.04').enroll;
    expect(decodeBody(gzipSync(JSON.stringify(enroll)), { contentEncoding: 'gzip', maxBytes: OSQUERY_LIMITS.defaultMaxBytes })).toEqual(enroll);
  });

  it('accepts a body that inflates to exactly maxBytes', () => {
    expect(decodeBody(gz, { contentEncoding: 'gzip', maxBytes: json.length })).toEqual(body);
  });

  it("rejects a gzip bomb (100 MiB of zeros) with 'too_large' without inflating it all", () => {
    const err = thrown(() => decodeBody(gzipBomb(), { contentEncoding: 'gzip', maxBytes: OSQUERY_LIMITS.distributedWriteMaxBytes }));
    expect(err.code).toBe('too_large');
    expect(err.message).toContain(String(OSQUERY_LIMITS.distributedWriteMaxBytes));
  });

  it("rejects a single-member bomb without the header (magic bytes) with 'too_large'", () => {
    const bomb = gzipSync(Buffer.alloc(20 * MiB), { level: 1 });
    expect(thrown(() => decodeBody(bomb, { maxBytes: 16 * MiB })).code).toBe('too_large');
  });

  it.each([
    ['a plain body over maxBytes', json, undefined, json.length - 1, 'too_large'],
    ['a gzip body inflating past maxBytes', gz, 'gzip', json.length - 1, 'too_large'],
    ['truncated gzip', gz.subarray(0, gz.length - 6), 'gzip', MiB, 'bad_gzip'],
    ['gzip missing its trailer', gz.subarray(0, gz.length - 4), undefined, MiB, 'bad_gzip'],
    ['gzip followed by garbage', Buffer.concat([gz, Buffer.from('garbage')]), 'gzip', MiB, 'bad_gzip'],
    ['Content-Encoding gzip on a plain body', json, 'gzip', MiB, 'bad_gzip'],
    ['corrupt deflate', Buffer.from('not deflate'), 'deflate', MiB, 'bad_gzip'],
    ['brotli', json, 'br', MiB, 'unsupported_encoding'],
    ['stacked encodings', gz, 'gzip, gzip', MiB, 'unsupported_encoding'],
    ['non-JSON text', Buffer.from('node_key=abc'), undefined, MiB, 'not_json'],
    ['gzipped non-JSON', gzipSync('{"node_key":'), 'gzip', MiB, 'not_json'],
    ['an empty body', Buffer.alloc(0), undefined, MiB, 'not_json'],
    ['a whitespace body', Buffer.from(' \n'), undefined, MiB, 'not_json'],
  ])("rejects %s", (_name, bytes, contentEncoding, maxBytes, code) => {
    expect(thrown(() => decodeBody(bytes, { contentEncoding, maxBytes })).code).toBe(code);
  });

  it('rejects the macOS disk_encryption_key_darwin "if" branch (trailing comma) as not_json', () => {
    const verbatim = loadPerfFixture('macos_14.1.2').disk_encryption_key_darwin_if_branch_verbatim ?? '';
    expect(verbatim).toMatch(/},\s*]$/);
    const write = `{"node_key":"k","queries":{"fleet_detail_query_disk_encryption_key_darwin":${verbatim}}}`;
    expect(thrown(() => decodeBody(gzipSync(write), { contentEncoding: 'gzip', maxBytes: MiB })).code).toBe('not_json');
  });

  it('never echoes body content in a not_json message (it may hold a secret)', () => {
    const err = thrown(() => decodeBody(Buffer.from('{"enroll_secret": hunter2}'), { maxBytes: MiB }));
    expect(err.code).toBe('not_json');
    expect(err.message).not.toContain('hunter2');
  });
});
