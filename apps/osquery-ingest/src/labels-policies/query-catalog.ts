import { LINUX_PLATFORMS } from '@flotilla/codec-osquery';

/** A label as osquery-ingest needs it. */
export interface CatalogLabel {
  id: number;
  /** dynamic: hosts run `query`; manual: membership rows only; platform: builtin, by `hosts.platform`. */
  kind: 'dynamic' | 'manual' | 'platform';
  query: string;
  /** dynamic: the osquery platform the query runs on ('' = all). */
  platform: string;
  /** platform labels: the member platforms ('' = every host). */
  platforms: readonly string[];
}

export interface CatalogPolicy {
  id: number;
  teamId: number | null;
  query: string;
  /** Fleet's policy platforms (darwin, windows, linux, chrome); empty = all. */
  platforms: readonly string[];
  includeAny: readonly number[];
  excludeAny: readonly number[];
}

/** The host facts label and policy selection depends on. */
export interface CatalogHost {
  platform: string;
  teamId: number | null;
}

/** `linux` (as a label or policy platform) stands for the whole Linux family. */
function platformMatches(wanted: string, platform: string): boolean {
  return wanted === platform || (wanted === 'linux' && LINUX_PLATFORMS.includes(platform));
}

/**
 * The label and policy definitions hosts are asked about, in memory (reloaded when they change):
 * a check-in picks its queries from here, never from the database.
 */
export class QueryCatalog {
  private readonly labels = new Map<number, CatalogLabel>();
  private readonly dynamic: CatalogLabel[] = [];
  private readonly policies: CatalogPolicy[] = [];
  /** Whether any policy is limited by labels (then a host's memberships are needed to pick its policies). */
  readonly labelScoped: boolean;

  constructor(labels: readonly CatalogLabel[], policies: readonly CatalogPolicy[]) {
    for (const label of labels) {
      this.labels.set(label.id, label);
      if (label.kind === 'dynamic') this.dynamic.push(label);
    }
    this.policies = [...policies];
    this.labelScoped = policies.some((p) => p.includeAny.length > 0 || p.excludeAny.length > 0);
  }

  static empty(): QueryCatalog {
    return new QueryCatalog([], []);
  }

  /** Dynamic labels a host of this platform runs: those for its platform or for every platform. */
  labelsFor(host: CatalogHost): CatalogLabel[] {
    return this.dynamic.filter((l) => l.platform === '' || platformMatches(l.platform, host.platform));
  }

  /**
   * Policies that apply to a host: global and its team's, for its platform, and — when a policy
   * is scoped by labels — in one of the included labels and in none of the excluded ones.
   * `memberOf` holds the host's dynamic and manual label ids (builtin ones are derived here).
   */
  policiesFor(host: CatalogHost, memberOf: ReadonlySet<number> = new Set()): CatalogPolicy[] {
    const inLabel = (id: number): boolean => {
      const label = this.labels.get(id);
      if (!label) return false;
      if (label.kind === 'platform') return label.platforms.length === 0 || label.platforms.includes(host.platform);
      return memberOf.has(id);
    };
    return this.policies.filter(
      (p) =>
        (p.teamId === null || p.teamId === host.teamId) &&
        (p.platforms.length === 0 || p.platforms.some((w) => platformMatches(w, host.platform))) &&
        (p.includeAny.length === 0 || p.includeAny.some(inLabel)) &&
        !p.excludeAny.some(inLabel),
    );
  }

  hasLabel(id: number): boolean {
    return this.labels.get(id)?.kind === 'dynamic';
  }

  policy(id: number): CatalogPolicy | undefined {
    return this.policies.find((p) => p.id === id);
  }
}
