import { createHash } from 'node:crypto';
import { platformFamily } from '@flotilla/codec-osquery';
import { DEFAULT_AGENT_OPTIONS } from '@flotilla/domain';

type JsonObject = Record<string, unknown>;

export interface ServedConfig {
  /** The serialised config, ready to send (with its `etag` key). */
  body: string;
  etag: string;
}

export type ScheduledLogging = 'snapshot' | 'differential' | 'differential_ignore_removals';

/** A saved query with an interval ("report"): global (`teamId` null) or a team's. */
export interface ScheduledReport {
  id: number;
  teamId: number | null;
  name: string;
  query: string;
  interval: number;
  /** Comma-separated osquery platforms ('' = all). */
  platform: string;
  minOsqueryVersion: string;
  logging: ScheduledLogging;
}

/** A legacy pack's query, options as stored (null = left to osquery). */
export interface PackQuery {
  name: string;
  query: string;
  interval: number;
  snapshot: boolean | null;
  removed: boolean | null;
  platform: string | null;
  version: string | null;
  shard: number | null;
  denylist: boolean | null;
}

export interface ConfigPack {
  id: number;
  name: string;
  platform: string;
  hostIds: ReadonlySet<number>;
  labelIds: ReadonlySet<number>;
  teamIds: ReadonlySet<number>;
  queries: readonly PackQuery[];
}

/** Everything host configs are built from. */
export interface HostConfigSources {
  /** The global agent options document (null: Fleet's defaults). */
  globalAgentOptions: JsonObject | null;
  /** Teams' own agent options; a team without any uses the global ones. */
  teamAgentOptions: ReadonlyMap<number, JsonObject>;
  reports: readonly ScheduledReport[];
  /** Enabled packs only. */
  packs: readonly ConfigPack[];
}

/** The host facts its config depends on. */
export interface ConfigHost {
  id: number;
  teamId: number | null;
  platform: string;
}

/** Distinct (team, platform, packs) configs kept serialised; past this the cache starts over. */
const MAX_CACHED = 10_000;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Does a comma-separated osquery `platform` filter ('' / all / any = every host; linux = the Linux family; posix = not Windows) take this host? */
export function osqueryPlatformMatches(filter: string | null, hostPlatform: string): boolean {
  if (!filter || filter.trim() === '') return true;
  const family = platformFamily(hostPlatform) ?? hostPlatform;
  return filter.split(',').some((raw) => {
    const p = raw.trim().toLowerCase();
    return p === '' || p === 'all' || p === 'any' || p === hostPlatform || p === family || (p === 'posix' && (family === 'linux' || family === 'darwin'));
  });
}

/** How a report's logging type reads in osquery's schedule (snapshot vs differential, with or without removals). */
function loggingFields(logging: ScheduledLogging): JsonObject {
  if (logging === 'snapshot') return { snapshot: true, removed: false };
  if (logging === 'differential_ignore_removals') return { removed: false };
  return { removed: true };
}

function reportEntry(r: ScheduledReport): JsonObject {
  return {
    query: r.query,
    interval: r.interval,
    ...(r.platform ? { platform: r.platform } : {}),
    ...(r.minOsqueryVersion ? { version: r.minOsqueryVersion } : {}),
    ...loggingFields(r.logging),
  };
}

function packEntry(q: PackQuery): JsonObject {
  const entry: JsonObject = { query: q.query, interval: q.interval };
  for (const key of ['snapshot', 'removed', 'platform', 'version', 'shard', 'denylist'] as const) {
    const v = q[key];
    if (v !== null && v !== '') entry[key] = v;
  }
  return entry;
}

/**
 * The osquery config every host gets, built as Fleet does: the agent options' `config` (the
 * team's options when the team has its own, else the global ones; `overrides.platforms[<host
 * platform or its family>]` replaces it whole), plus packs — `Global` with the global scheduled
 * reports, `team-<id>` with the host's team's, and every enabled legacy pack targeting the host
 * (by host, label or team). Queries whose platform excludes the host are left out, so each host
 * gets exactly what it will run. Each distinct config is serialised once, with its etag, and
 * served as a string until the sources change (a new catalog is built then).
 */
export class HostConfigCatalog {
  private readonly cache = new Map<string, ServedConfig>();
  /** Whether any pack targets labels (then a host's label memberships are needed). */
  readonly needsLabels: boolean;

  constructor(private readonly sources: HostConfigSources) {
    this.needsLabels = sources.packs.some((p) => p.labelIds.size > 0);
  }

  static defaults(): HostConfigCatalog {
    return new HostConfigCatalog({ globalAgentOptions: null, teamAgentOptions: new Map(), reports: [], packs: [] });
  }

  /** `labelIds`: the host's labels, needed only when `needsLabels`. */
  configFor(host: ConfigHost, labelIds: ReadonlySet<number> = new Set()): ServedConfig {
    const packs = this.sources.packs.filter(
      (p) => osqueryPlatformMatches(p.platform, host.platform) && (p.hostIds.has(host.id) || (host.teamId !== null && p.teamIds.has(host.teamId)) || [...p.labelIds].some((id) => labelIds.has(id))),
    );
    const key = `${host.teamId ?? ''}|${host.platform}|${packs.map((p) => p.id).join(',')}`;
    let served = this.cache.get(key);
    if (!served) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      served = serve(this.build(host, packs));
      this.cache.set(key, served);
    }
    return served;
  }

  private build(host: ConfigHost, legacyPacks: readonly ConfigPack[]): JsonObject {
    const options = (host.teamId !== null ? this.sources.teamAgentOptions.get(host.teamId) : undefined) ?? this.sources.globalAgentOptions ?? DEFAULT_AGENT_OPTIONS;
    const overrides = isObject(options['overrides']) && isObject(options['overrides']['platforms']) ? options['overrides']['platforms'] : {};
    const family = platformFamily(host.platform);
    const override = overrides[host.platform] ?? (family ? overrides[family] : undefined);
    const base = isObject(override) ? override : isObject(options['config']) ? options['config'] : {};
    const config: JsonObject = structuredClone(base);
    const packs: JsonObject = isObject(config['packs']) ? config['packs'] : {};

    const reports = (teamId: number | null): JsonObject | undefined => {
      const queries: JsonObject = {};
      for (const r of this.sources.reports) if (r.teamId === teamId && osqueryPlatformMatches(r.platform, host.platform)) queries[r.name] = reportEntry(r);
      return Object.keys(queries).length > 0 ? { queries } : undefined;
    };
    const global = reports(null);
    if (global) packs['Global'] = global;
    const team = host.teamId !== null ? reports(host.teamId) : undefined;
    if (team && host.teamId !== null) packs[`team-${host.teamId}`] = team;
    for (const pack of legacyPacks) {
      const queries: JsonObject = {};
      for (const q of pack.queries) if (osqueryPlatformMatches(q.platform, host.platform)) queries[q.name] = packEntry(q);
      if (Object.keys(queries).length > 0) packs[pack.name] = { ...(pack.platform ? { platform: pack.platform } : {}), queries };
    }
    if (Object.keys(packs).length > 0) config['packs'] = packs;
    return config;
  }
}

function serve(config: JsonObject): ServedConfig {
  const json = JSON.stringify(config);
  const etag = createHash('sha256').update(json).digest('hex').slice(0, 32);
  const body = json === '{}' ? `{"etag":${JSON.stringify(etag)}}` : `${json.slice(0, -1)},"etag":${JSON.stringify(etag)}}`;
  return { body, etag };
}
