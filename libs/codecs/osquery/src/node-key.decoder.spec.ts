import { thrown } from './__fixtures__/perf-fixtures';
import { decodeNodeKeyRequest, nodeKeyFromAuthorization, resolveNodeKey } from './node-key.decoder';

describe('decodeNodeKeyRequest', () => {
  it.each([
    ['a node key', { node_key: '7Yk1o9x2Vb0Q3rT5uW8zA1cD' }, { nodeKey: '7Yk1o9x2Vb0Q3rT5uW8zA1cD' }],
    ['a node key and an etag', { node_key: 'k', etag: 'abc' }, { nodeKey: 'k', etag: 'abc' }],
    ['an empty node key (may come in the header)', { node_key: '' }, {}],
    ['no node key', {}, {}],
    ['a null node key and empty etag', { node_key: null, etag: '' }, {}],
  ])('decodes %s', (_name, json, expected) => {
    expect(decodeNodeKeyRequest(json)).toEqual(expected);
  });

  it.each([
    ['a numeric node_key', { node_key: 123 }, 'node_key'],
    ['an object etag', { node_key: 'k', etag: {} }, 'etag'],
    ['a string body', 'node_key', 'body'],
  ])("rejects %s with 'invalid_body'", (_name, json, field) => {
    const err = thrown(() => decodeNodeKeyRequest(json));
    expect(err.code).toBe('invalid_body');
    expect(err.message).toContain(field);
  });
});

describe('nodeKeyFromAuthorization', () => {
  it.each([
    ['NodeKey abc', 'abc'],
    ['nodekey   abc  ', 'abc'],
    [['NodeKey first', 'NodeKey second'], 'first'],
    ['NodeKey', undefined],
    ['NodeKey a b', undefined],
    ['Bearer abc', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, expected) => {
    expect(nodeKeyFromAuthorization(header)).toBe(expected);
  });
});

describe('resolveNodeKey', () => {
  it('prefers the Authorization header over the body', () => {
    expect(resolveNodeKey('body-key', 'NodeKey header-key')).toBe('header-key');
  });

  it('falls back to the body key', () => {
    expect(resolveNodeKey('body-key', 'Bearer x')).toBe('body-key');
    expect(resolveNodeKey('body-key')).toBe('body-key');
  });

  it.each([
    ['no key anywhere', undefined, undefined],
    ['an empty body key', '', undefined],
    ['a blank body key and a non-NodeKey header', '  ', 'Basic abc'],
  ])("rejects %s with 'missing_node_key'", (_name, body, header) => {
    const err = thrown(() => resolveNodeKey(body, header));
    expect(err.code).toBe('missing_node_key');
    expect(err.message).toContain('node_key');
  });
});
