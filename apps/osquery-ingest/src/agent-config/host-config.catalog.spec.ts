import { DEFAULT_AGENT_OPTIONS } from '@flotilla/domain';
import { HostConfigCatalog, osqueryPlatformMatches, type ConfigPack, type HostConfigSources, type PackQuery, type ScheduledReport } from './host-config.catalog';

const report = (id: number, over: Partial<ScheduledReport> = {}): ScheduledReport => ({
  id,
  teamId: null,
  name: `q${id}`,
  query: `SELECT ${id};`,
  interval: 10,
  platform: '',
  minOsqueryVersion: '',
  logging: 'snapshot',
  ...over,
});
const packQuery = (name: string, over: Partial<PackQuery> = {}): PackQuery => ({
  name,
  query: `SELECT '${name}';`,
  interval: 60,
  snapshot: null,
  removed: null,
  platform: null,
  version: null,
  shard: null,
  denylist: null,
  ...over,
});
const pack = (id: number, over: Partial<ConfigPack> = {}): ConfigPack => ({
  id,
  name: `pack${id}`,
  platform: '',
  hostIds: new Set(),
  labelIds: new Set(),
  teamIds: new Set(),
  queries: [packQuery(`p${id}`)],
  ...over,
});
const sources = (over: Partial<HostConfigSources> = {}): HostConfigSources => ({ globalAgentOptions: null, teamAgentOptions: new Map(), reports: [], packs: [], ...over });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- configs are walked freely in assertions
const parse = (body: string): Record<string, any> => JSON.parse(body);
const host = (id: number, teamId: number | null, platform: string) => ({ id, teamId, platform });

describe('HostConfigCatalog', () => {
  it('serves Fleet’s default agent options with an etag when nothing is configured', () => {
    const served = HostConfigCatalog.defaults().configFor(host(1, null, 'darwin'));
    const { etag, ...config } = parse(served.body);
    expect(config).toEqual(DEFAULT_AGENT_OPTIONS.config);
    expect(etag).toBe(served.etag);
    expect(served.etag).toMatch(/^[0-9a-f]{32}$/);
  });

  it('puts global reports in the Global pack and the host team’s in team-<id>, with logging as osquery reads it', () => {
    const catalog = new HostConfigCatalog(
      sources({
        reports: [
          report(1, { interval: 10 }),
          report(2, { teamId: 7, logging: 'differential', minOsqueryVersion: '5.10.0' }),
          report(3, { teamId: 8, logging: 'differential_ignore_removals' }),
          report(4, { platform: 'windows' }),
          report(5, { platform: 'linux,darwin' }),
        ],
      }),
    );
    const mac7 = parse(catalog.configFor(host(1, 7, 'darwin')).body);
    expect(mac7.packs).toEqual({
      Global: { queries: { q1: { query: 'SELECT 1;', interval: 10, snapshot: true, removed: false }, q5: { query: 'SELECT 5;', interval: 10, platform: 'linux,darwin', snapshot: true, removed: false } } },
      'team-7': { queries: { q2: { query: 'SELECT 2;', interval: 10, version: '5.10.0', removed: true } } },
    });
    expect(mac7.options).toEqual(DEFAULT_AGENT_OPTIONS.config.options);
    const ubuntu8 = parse(catalog.configFor(host(2, 8, 'ubuntu')).body);
    expect(Object.keys(ubuntu8.packs.Global.queries)).toEqual(['q1', 'q5']);
    expect(ubuntu8.packs['team-8'].queries.q3).toEqual({ query: 'SELECT 3;', interval: 10, removed: false });
    const win = parse(catalog.configFor(host(3, null, 'windows')).body);
    expect(Object.keys(win.packs)).toEqual(['Global']);
    expect(Object.keys(win.packs.Global.queries)).toEqual(['q1', 'q4']);
  });

  it('uses the team’s agent options over the global ones, and a platform override replaces the config whole', () => {
    const global = { config: { options: { distributed_interval: 30 }, decorators: { load: ['SELECT 1;'] } }, overrides: { platforms: { windows: { options: { distributed_interval: 99 } } } } };
    const team = { config: { options: { distributed_interval: 5 }, auto_table_construction: { t: { query: 'SELECT 1', path: '/x', columns: ['a'] } } }, overrides: { platforms: { linux: { options: { distributed_interval: 7 } } } } };
    const catalog = new HostConfigCatalog(sources({ globalAgentOptions: global, teamAgentOptions: new Map([[4, team]]), reports: [report(1)] }));
    const { etag: _e1, ...noTeamMac } = parse(catalog.configFor(host(1, null, 'darwin')).body);
    expect(noTeamMac).toEqual({ options: { distributed_interval: 30 }, decorators: { load: ['SELECT 1;'] }, packs: { Global: expect.any(Object) } });
    expect(parse(catalog.configFor(host(2, null, 'windows')).body).options).toEqual({ distributed_interval: 99 });
    expect(parse(catalog.configFor(host(2, null, 'windows')).body).decorators).toBeUndefined();
    const teamMac = parse(catalog.configFor(host(3, 4, 'darwin')).body);
    expect(teamMac.options).toEqual({ distributed_interval: 5 });
    expect(teamMac.auto_table_construction).toEqual(team.config.auto_table_construction);
    // "linux" overrides apply to every Linux distribution.
    expect(parse(catalog.configFor(host(4, 4, 'rhel')).body).options).toEqual({ distributed_interval: 7 });
    // A team without options of its own uses the global ones.
    expect(parse(catalog.configFor(host(5, 9, 'darwin')).body).options).toEqual({ distributed_interval: 30 });
    // Packs already in the agent options are kept beside the scheduled ones, and the stored options are never mutated.
    const withPacks = new HostConfigCatalog(sources({ globalAgentOptions: { config: { packs: { mine: { queries: {} } } } }, reports: [report(1)] }));
    expect(Object.keys(parse(withPacks.configFor(host(1, null, 'darwin')).body).packs)).toEqual(['mine', 'Global']);
    expect(Object.keys(parse(withPacks.configFor(host(1, null, 'darwin')).body).packs)).toEqual(['mine', 'Global']);
  });

  it('adds legacy packs targeting the host by id, team or label, leaving unset options to osquery', () => {
    const catalog = new HostConfigCatalog(
      sources({
        packs: [
          pack(1, { hostIds: new Set([10]), queries: [packQuery('a', { snapshot: true, shard: 50, denylist: false, version: '' })] }),
          pack(2, { teamIds: new Set([7]) }),
          pack(3, { labelIds: new Set([100]), platform: 'darwin' }),
          pack(4, { labelIds: new Set([100]), queries: [packQuery('w', { platform: 'windows' })] }),
        ],
      }),
    );
    expect(catalog.needsLabels).toBe(true);
    expect(parse(catalog.configFor(host(10, null, 'ubuntu')).body).packs).toEqual({ pack1: { queries: { a: { query: "SELECT 'a';", interval: 60, snapshot: true, shard: 50, denylist: false } } } });
    expect(Object.keys(parse(catalog.configFor(host(11, 7, 'darwin'), new Set([100])).body).packs)).toEqual(['pack2', 'pack3']);
    expect(parse(catalog.configFor(host(11, 7, 'darwin'), new Set([100])).body).packs.pack3).toEqual({ platform: 'darwin', queries: { p3: { query: "SELECT 'p3';", interval: 60 } } });
    expect(Object.keys(parse(catalog.configFor(host(12, null, 'windows'), new Set([100])).body).packs)).toEqual(['pack4']);
    expect(parse(catalog.configFor(host(13, null, 'ubuntu'), new Set([5])).body).packs).toBeUndefined();
    expect(new HostConfigCatalog(sources({ packs: [pack(1, { hostIds: new Set([1]) })] })).needsLabels).toBe(false);
  });

  it('serialises each distinct config once and gives different configs different etags', () => {
    const catalog = new HostConfigCatalog(sources({ reports: [report(1, { teamId: 7 })] }));
    const a = catalog.configFor(host(1, 7, 'darwin'));
    expect(catalog.configFor(host(2, 7, 'darwin'))).toBe(a);
    const b = catalog.configFor(host(3, null, 'darwin'));
    expect(b.etag).not.toBe(a.etag);
    expect(new HostConfigCatalog(sources({ reports: [report(1, { teamId: 7, interval: 20 })] })).configFor(host(1, 7, 'darwin')).etag).not.toBe(a.etag);
  });
});

describe('osqueryPlatformMatches', () => {
  it.each([
    ['', 'darwin', true],
    ['all', 'windows', true],
    ['darwin', 'darwin', true],
    ['darwin', 'ubuntu', false],
    ['linux', 'ubuntu', true],
    ['linux', 'windows', false],
    ['posix', 'rhel', true],
    ['posix', 'windows', false],
    ['windows, darwin', 'windows', true],
    ['ubuntu', 'ubuntu', true],
  ])('%p on %p → %p', (filter, platform, expected) => {
    expect(osqueryPlatformMatches(filter, platform)).toBe(expected);
  });
});
