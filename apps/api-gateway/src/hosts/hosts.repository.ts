import { Inject, Injectable } from '@nestjs/common';
import { HostEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import type { SelectQueryBuilder } from 'typeorm';
import { labelHostCondition } from '../labels/label-host.filter';
import { policyHostCondition } from '../policies/policy-host.filter';
import type { HostFilters, HostListOptions, HostOrderKey, HostStatusCounts, HostSummaryCounts } from './host-query.types';
import { DEFAULT_CHECKIN_INTERVAL_S, missingSince, newSince, onlineSince } from './host-status';

type Qb = SelectQueryBuilder<HostEntity>;

/** When the host was last heard from (a row always has created_at). */
const SEEN = 'COALESCE(h.seen_time, h.created_at)';
/** The host's check-in interval in seconds, as `checkinIntervalSeconds()` computes it. */
const CHECKIN_INTERVAL =
  'CASE WHEN h.distributed_interval > 0 AND (h.config_tls_refresh <= 0 OR h.distributed_interval <= h.config_tls_refresh) THEN h.distributed_interval ' +
  `WHEN h.config_tls_refresh > 0 THEN h.config_tls_refresh ELSE ${DEFAULT_CHECKIN_INTERVAL_S} END`;
const DISPLAY_NAME = "CASE WHEN h.computer_name = '' THEN h.hostname ELSE h.computer_name END";

/** Text keys sort case-insensitively on both dialects (MySQL's collation does; SQLite needs LOWER). */
const text = (sql: string): string => `LOWER(${sql})`;

/** SQL for each order key (raw column names: the same on MySQL and SQLite). `null`: only the id tie-break. */
const ORDER_SQL: Readonly<Record<HostOrderKey, string | null>> = {
  id: 'h.id',
  hostname: text('h.hostname'),
  computer_name: text('h.computer_name'),
  display_name: text(DISPLAY_NAME),
  platform: text('h.platform'),
  os_version: text('h.os_version'),
  osquery_version: text('h.osquery_version'),
  orbit_version: text('h.orbit_version'),
  primary_ip: 'h.primary_ip',
  primary_mac: text('h.primary_mac'),
  seen_time: SEEN,
  status: SEEN,
  created_at: 'h.created_at',
  updated_at: 'h.updated_at',
  detail_updated_at: 'h.detail_updated_at',
  last_enrolled_at: 'h.last_enrolled_at',
  memory: 'h.memory',
  uptime: 'h.uptime',
  uuid: text('h.uuid'),
  hardware_serial: text('h.hardware_serial'),
  hardware_model: text('h.hardware_model'),
  hardware_vendor: text('h.hardware_vendor'),
  cpu_type: text('h.cpu_type'),
  cpu_brand: text('h.cpu_brand'),
  team_id: 'h.team_id',
  team_name: 'h.team_id',
  gigs_disk_space_available: 'h.gigs_disk_space_available',
  percent_disk_space_available: 'h.percent_disk_space_available',
  gigs_total_disk_space: 'h.gigs_total_disk_space',
  issues: null,
};

/** LIKE pattern for a substring, with `!` as the escape character (portable: no backslash rules). */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * Reads the `hosts` table (owned by osquery-ingest; api-gateway only reads it). Portable SQL
 * only: every time threshold is computed in JS and compared to columns as a parameter; the
 * online test is expanded per distinct check-in interval present in the table.
 */
@Injectable()
export class HostsRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  async list(filters: HostFilters, options: HostListOptions, now: Date): Promise<HostEntity[]> {
    const qb = await this.filtered(filters, now);
    const order = options.orderKey ? ORDER_SQL[options.orderKey] : null;
    if (order) qb.orderBy(order, options.direction).addOrderBy('h.id', options.direction);
    else qb.orderBy('h.id', options.direction);
    if (options.offset > 0) qb.offset(options.offset);
    if (options.limit !== undefined) qb.limit(options.limit);
    return qb.getMany();
  }

  async count(filters: HostFilters, now: Date): Promise<number> {
    return (await this.filtered(filters, now)).getCount();
  }

  /** Ids of every host matching `filters` (bulk delete). */
  async ids(filters: HostFilters, now: Date): Promise<number[]> {
    const rows = await (await this.filtered(filters, now)).select('h.id', 'id').orderBy('h.id', 'ASC').getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /** The distinct teams (null = no team) of the existing hosts among `ids`. */
  async teamsOf(ids: readonly number[]): Promise<Array<number | null>> {
    if (ids.length === 0) return [];
    const teams = new Set<number | null>();
    for (let i = 0; i < ids.length; i += 10_000) {
      const rows = await this.db.manager
        .createQueryBuilder(HostEntity, 'h')
        .select('DISTINCT h.team_id', 'team_id')
        .where('h.id IN (:...ids)', { ids: ids.slice(i, i + 10_000) })
        .getRawMany<{ team_id: number | string | null }>();
      for (const r of rows) teams.add(r.team_id === null ? null : Number(r.team_id));
    }
    return [...teams];
  }

  /** Id and display name (computer name, else hostname) of the existing hosts among `ids`, by id. */
  async displayNames(ids: readonly number[]): Promise<Array<{ id: number; displayName: string }>> {
    const out: Array<{ id: number; displayName: string }> = [];
    for (let i = 0; i < ids.length; i += 10_000) {
      const rows = await this.db.manager
        .createQueryBuilder(HostEntity, 'h')
        .select('h.id', 'id')
        .addSelect(DISPLAY_NAME, 'display_name')
        .where('h.id IN (:...ids)', { ids: ids.slice(i, i + 10_000) })
        .getRawMany<{ id: number | string; display_name: string }>();
      for (const r of rows) out.push({ id: Number(r.id), displayName: r.display_name });
    }
    return out.sort((a, b) => a.id - b.id);
  }

  findById(id: number): Promise<HostEntity | null> {
    return this.db.manager.findOneBy(HostEntity, { id });
  }

  /** Fleet's lookup by hostname, uuid, hardware serial, osquery host id or node key; the most recently seen wins. */
  findByIdentifier(identifier: string): Promise<HostEntity | null> {
    return this.db.manager
      .createQueryBuilder(HostEntity, 'h')
      .where('(h.hostname = :i OR h.uuid = :i OR h.hardware_serial = :i OR h.osquery_host_id = :i OR h.node_key = :i)', { i: identifier })
      .orderBy(SEEN, 'DESC')
      .addOrderBy('h.id', 'DESC')
      .limit(1)
      .getOne();
  }

  /** Totals, status counts and per-platform counts for `/host_summary`. */
  async summary(filters: Pick<HostFilters, 'teamId' | 'platforms' | 'withinTeams'>, now: Date): Promise<HostSummaryCounts> {
    const qb = await this.filtered(filters, now);
    const online = await this.onlineCondition(now);
    qb.setParameters(online.params)
      .setParameter('missingBefore', missingSince(now))
      .setParameter('newSince', newSince(now))
      .select('h.platform', 'platform')
      .addSelect('COUNT(*)', 'total')
      .addSelect(`SUM(CASE WHEN ${online.sql} THEN 1 ELSE 0 END)`, 'online')
      .addSelect(`SUM(CASE WHEN ${SEEN} <= :missingBefore THEN 1 ELSE 0 END)`, 'missing')
      .addSelect('SUM(CASE WHEN h.created_at >= :newSince THEN 1 ELSE 0 END)', 'new_count')
      .groupBy('h.platform')
      .orderBy('h.platform', 'ASC');
    const rows = await qb.getRawMany<{ platform: string; total: unknown; online: unknown; missing: unknown; new_count: unknown }>();
    const totals: HostStatusCounts = { total: 0, online: 0, missing: 0, new: 0 };
    const platforms: HostSummaryCounts['platforms'] = [];
    for (const r of rows) {
      const count = Number(r.total);
      totals.total += count;
      totals.online += Number(r.online ?? 0);
      totals.missing += Number(r.missing ?? 0);
      totals.new += Number(r.new_count ?? 0);
      platforms.push({ platform: r.platform, count });
    }
    return { ...totals, platforms };
  }

  private async filtered(filters: HostFilters, now: Date): Promise<Qb> {
    const qb = this.db.manager.createQueryBuilder(HostEntity, 'h');
    if (filters.labelId !== undefined) {
      const label = await labelHostCondition(this.db.manager, filters.labelId);
      qb.andWhere(label.sql, label.params);
    }
    if (filters.policyId !== undefined) {
      const policy = policyHostCondition(filters.policyId, filters.policyResponse);
      qb.andWhere(policy.sql, policy.params);
    }
    if (filters.teamId === null) qb.andWhere('h.team_id IS NULL');
    else if (filters.teamId !== undefined) qb.andWhere('h.team_id = :teamId', { teamId: filters.teamId });
    if (filters.withinTeams !== undefined) {
      if (filters.withinTeams.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('h.team_id IN (:...withinTeams)', { withinTeams: [...filters.withinTeams] });
    }
    if (filters.platforms !== undefined) {
      if (filters.platforms.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('h.platform IN (:...platforms)', { platforms: [...filters.platforms] });
    }
    if (filters.query) {
      const columns = ['h.hostname', 'h.computer_name', 'h.uuid', 'h.hardware_serial', 'h.primary_ip'];
      qb.andWhere(`(${columns.map((c) => `${c} LIKE :q ESCAPE '!'`).join(' OR ')})`, { q: containsPattern(filters.query) });
    }
    switch (filters.status) {
      case undefined:
        break;
      case 'new':
        qb.andWhere('h.created_at >= :newSince', { newSince: newSince(now) });
        break;
      case 'mia':
      case 'missing':
        qb.andWhere(`${SEEN} <= :missingBefore`, { missingBefore: missingSince(now) });
        break;
      case 'online':
      case 'offline': {
        const online = await this.onlineCondition(now);
        qb.andWhere(filters.status === 'online' ? online.sql : `NOT ${online.sql}`, online.params);
        break;
      }
    }
    return qb;
  }

  /**
   * `seen > now - (interval + 60 s)` without date arithmetic in SQL: one term per check-in
   * interval present in the table (in practice a handful: agent options are global or per team).
   */
  private async onlineCondition(now: Date): Promise<{ sql: string; params: Record<string, Date> }> {
    const rows = await this.db.manager
      .createQueryBuilder(HostEntity, 'h')
      .select(CHECKIN_INTERVAL, 'checkin')
      .distinct(true)
      .getRawMany<{ checkin: number | string }>();
    const intervals = [...new Set(rows.map((r) => Number(r.checkin)))].filter((n) => Number.isInteger(n));
    if (intervals.length === 0) return { sql: '(1 = 0)', params: {} };
    const params: Record<string, Date> = {};
    const terms = intervals.map((interval, i) => {
      params[`onlineSince${i}`] = onlineSince(interval, now);
      return `(${CHECKIN_INTERVAL} = ${interval} AND ${SEEN} > :onlineSince${i})`;
    });
    return { sql: `(${terms.join(' OR ')})`, params };
  }
}
