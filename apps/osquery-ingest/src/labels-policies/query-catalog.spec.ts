import { QueryCatalog, type CatalogLabel, type CatalogPolicy } from './query-catalog';

const label = (id: number, over: Partial<CatalogLabel> = {}): CatalogLabel => ({ id, kind: 'dynamic', query: `SELECT ${id}`, platform: '', platforms: [], ...over });
const policy = (id: number, over: Partial<CatalogPolicy> = {}): CatalogPolicy => ({ id, teamId: null, query: 'SELECT 1', platforms: [], includeAny: [], excludeAny: [], ...over });

describe('QueryCatalog', () => {
  const catalog = new QueryCatalog(
    [label(1), label(2, { platform: 'darwin' }), label(3, { platform: 'linux' }), label(4, { kind: 'manual' }), label(5, { kind: 'platform', platforms: ['darwin'] }), label(6, { kind: 'platform', platforms: [] })],
    [
      policy(10),
      policy(11, { teamId: 7 }),
      policy(12, { platforms: ['darwin', 'windows'] }),
      policy(13, { platforms: ['linux'] }),
      policy(14, { includeAny: [4] }),
      policy(15, { excludeAny: [5] }),
      policy(16, { includeAny: [6] }),
    ],
  );

  it('sends dynamic labels for the host’s platform (linux = the Linux family), never manual or builtin ones', () => {
    expect(catalog.labelsFor({ platform: 'darwin', teamId: null }).map((l) => l.id)).toEqual([1, 2]);
    expect(catalog.labelsFor({ platform: 'ubuntu', teamId: null }).map((l) => l.id)).toEqual([1, 3]);
    expect(catalog.labelsFor({ platform: 'windows', teamId: null }).map((l) => l.id)).toEqual([1]);
  });

  it('picks global and own-team policies by platform and label scope', () => {
    const ids = (platform: string, teamId: number | null, memberOf: number[] = []) => catalog.policiesFor({ platform, teamId }, new Set(memberOf)).map((p) => p.id);
    expect(ids('darwin', null)).toEqual([10, 12, 16]);
    expect(ids('darwin', 7)).toEqual([10, 11, 12, 16]);
    expect(ids('rhel', null)).toEqual([10, 13, 15, 16]);
    expect(ids('windows', 8, [4])).toEqual([10, 12, 14, 15, 16]);
    expect(catalog.labelScoped).toBe(true);
    expect(new QueryCatalog([label(1)], [policy(1)]).labelScoped).toBe(false);
  });
});
