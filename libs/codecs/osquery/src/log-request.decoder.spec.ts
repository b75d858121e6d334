import { thrown } from './__fixtures__/perf-fixtures';
import { decodeLogRequest } from './log-request.decoder';

describe('decodeLogRequest', () => {
  it.each([
    ['result', { node_key: 'k', log_type: 'result', data: [{ name: 'pack/Global/q' }] }, { nodeKey: 'k', logType: 'result', data: [{ name: 'pack/Global/q' }] }],
    ['status', { node_key: 'k', log_type: 'status', data: [] }, { nodeKey: 'k', logType: 'status', data: [] }],
    ['no node key', { log_type: 'status', data: [] }, { logType: 'status', data: [] }],
  ])('decodes a %s body', (_name, json, expected) => {
    expect(decodeLogRequest(json)).toEqual(expected);
  });

  it.each([
    ['an unknown log_type', { log_type: 'snapshot', data: [] }, 'invalid_log_type', 'log_type'],
    ['a missing log_type', { data: [] }, 'invalid_log_type', 'log_type'],
    ['an upper-case log_type', { log_type: 'RESULT', data: [] }, 'invalid_log_type', 'log_type'],
    ['data as a string', { log_type: 'result', data: '[]' }, 'invalid_body', 'data'],
    ['data missing', { log_type: 'result' }, 'invalid_body', 'data'],
    ['a numeric node_key', { node_key: 1, log_type: 'result', data: [] }, 'invalid_body', 'node_key'],
    ['an array body', [], 'invalid_body', 'body'],
  ])('rejects %s', (_name, json, code, field) => {
    const err = thrown(() => decodeLogRequest(json));
    expect(err.code).toBe(code);
    expect(err.message).toContain(field);
  });
});
