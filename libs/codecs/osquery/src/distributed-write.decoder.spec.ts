// Inline bodies are synthetic (after agent-protocols.md §1.6); the windows_11 case uses a recorded fixture.
import { loadPerfFixture, thrown } from './__fixtures__/perf-fixtures';
import { decodeDistributedWrite } from './distributed-write.decoder';

describe('decodeDistributedWrite', () => {
  it('decodes the four maps of a current osquery write', () => {
    const request = decodeDistributedWrite({
      node_key: '7Yk1o9x2Vb0Q3rT5uW8zA1cD',
      queries: {
        fleet_detail_query_uptime: [{ days: '0', hours: '4', minutes: '38', seconds: '11', total_seconds: '16691' }],
        fleet_label_query_12: [{ '1': '1' }],
        fleet_policy_query_33: [],
        fleet_distributed_query_981: [{ name: 'Safari.app', version: '17.1' }],
      },
      statuses: { fleet_detail_query_uptime: 0, fleet_label_query_12: 0, fleet_policy_query_33: 0, fleet_distributed_query_981: 0 },
      messages: { fleet_detail_query_uptime: '', fleet_label_query_12: '', fleet_policy_query_33: '', fleet_distributed_query_981: '' },
      stats: { fleet_distributed_query_981: { wall_time_ms: 12, user_time: 3, system_time: 1, memory: 65536 }, fleet_label_query_12: {} },
    });
    expect(request).toEqual({
      nodeKey: '7Yk1o9x2Vb0Q3rT5uW8zA1cD',
      results: [
        { name: 'fleet_detail_query_uptime', rows: [{ days: '0', hours: '4', minutes: '38', seconds: '11', total_seconds: '16691' }], status: 0, message: '' },
        { name: 'fleet_label_query_12', rows: [{ '1': '1' }], status: 0, message: '' },
        { name: 'fleet_policy_query_33', rows: [], status: 0, message: '' },
        {
          name: 'fleet_distributed_query_981',
          rows: [{ name: 'Safari.app', version: '17.1' }],
          status: 0,
          message: '',
          stats: { wallTimeMs: 12, userTime: 3, systemTime: 1, memory: 65536 },
        },
      ],
    });
  });

  it('tolerates old osquery: "" rows, string statuses, no messages or stats, failures reported only in statuses', () => {
    const request = decodeDistributedWrite({
      node_key: 'k',
      queries: { fleet_label_query_6: '', fleet_detail_query_mdm: [{ enrolled: 'true' }] },
      statuses: { fleet_label_query_6: '0', fleet_detail_query_mdm: '0', fleet_detail_query_munki_info: '1' },
      messages: { fleet_detail_query_munki_info: 'no such table: munki_info' },
    });
    expect(request.results).toEqual([
      { name: 'fleet_label_query_6', rows: [], status: 0, message: '' },
      { name: 'fleet_detail_query_mdm', rows: [{ enrolled: 'true' }], status: 0, message: '' },
      { name: 'fleet_detail_query_munki_info', rows: [], status: 1, message: 'no such table: munki_info' },
    ]);
  });

  it('keeps logger_numerics values as strings', () => {
    const request = decodeDistributedWrite({ queries: { q: [{ pid: 911, ratio: 0.5, name: 'node', gone: null }] }, stats: { q: { wall_time_ms: '7' } } });
    expect(request.results[0]).toEqual({
      name: 'q',
      rows: [{ pid: '911', ratio: '0.5', name: 'node', gone: '' }],
      status: 0,
      message: '',
      stats: { wallTimeMs: 7, userTime: 0, systemTime: 0, memory: 0 },
    });
  });

  it('decodes every answer of the windows_11 fixture, labels included', () => {
    const fixture = loadPerfFixture('windows_11');
    const queries = { ...fixture.detail_queries, ...fixture.label_queries };
    const request = decodeDistributedWrite({ node_key: 'k', queries, statuses: Object.fromEntries(Object.keys(queries).map((n) => [n, 0])) });
    expect(request.results.map((r) => r.name)).toEqual(Object.keys(queries));
    expect(request.results.find((r) => r.name === 'fleet_detail_query_windows_update_history')?.rows).toHaveLength(49); // the shared SOURCES.md says 48; the template has 49
    expect(request.results.find((r) => r.name === 'fleet_label_query_10')?.rows).toEqual([{ '1': '1' }]);
  });

  it('accepts an empty write', () => {
    expect(decodeDistributedWrite({ node_key: 'k' })).toEqual({ nodeKey: 'k', results: [] });
  });

  it.each([
    ['queries as an array', { queries: [] }, 'queries'],
    ['queries as a string', { queries: 'x' }, 'queries'],
    ['rows as an object', { queries: { q: { a: '1' } } }, 'queries.q'],
    ['rows as a number', { queries: { q: 5 } }, 'queries.q'],
    ['a row that is not an object', { queries: { q: [1] } }, 'queries.q[0]'],
    ['a row with a nested value', { queries: { q: [{ a: { b: 1 } }] } }, 'queries.q[0].a'],
    ['statuses as an array', { statuses: [0] }, 'statuses'],
    ['a non-numeric status', { queries: { q: [] }, statuses: { q: 'ok' } }, 'statuses.q'],
    ['a fractional status', { queries: { q: [] }, statuses: { q: 1.5 } }, 'statuses.q'],
    ['a numeric message', { queries: { q: [] }, messages: { q: 1 } }, 'messages.q'],
    ['stats as a string', { queries: { q: [] }, stats: { q: 'fast' } }, 'stats.q'],
    ['a non-numeric stat', { queries: { q: [] }, stats: { q: { memory: 'lots' } } }, 'stats.q.memory'],
    ['a numeric node_key', { node_key: 9 }, 'node_key'],
    ['a string body', '{}', 'body'],
  ])("rejects %s with 'invalid_body'", (_name, json, field) => {
    const err = thrown(() => decodeDistributedWrite(json));
    expect(err.code).toBe('invalid_body');
    expect(err.message).toContain(field);
  });
});
