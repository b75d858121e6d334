import type { OsqueryRow, SimulatedHostBehaviour } from './agent-sim.types';
import type { RenderedHostTemplate } from './host-template';
import type { SimRandom } from './sim-random';
import { evaluateSimpleSql } from './simple-sql';

export interface QueryStats {
  wall_time_ms: number;
  user_time: number;
  system_time: number;
  memory: number;
}

/** The four maps of a distributed/write body, keyed by query name. */
export interface DistributedResults {
  queries: Record<string, OsqueryRow[]>;
  statuses: Record<string, number>;
  messages: Record<string, string>;
  stats: Record<string, QueryStats>;
}

export const DETAIL_PREFIX = 'fleet_detail_query_';
export const LABEL_PREFIX = 'fleet_label_query_';
export const POLICY_PREFIX = 'fleet_policy_query_';
export const LIVE_QUERY_PREFIX = 'fleet_distributed_query_';

const PASS: OsqueryRow[] = [{ '1': '1' }];

function normaliseSql(sql: string): string {
  return sql.trim().replace(/;+\s*$/, '').replace(/\s+/g, ' ').toLowerCase();
}

/** A discovery query we can assume returns a row without a database: `SELECT 1` and friends. */
export function isTrivialDiscovery(sql: string): boolean {
  const s = normaliseSql(sql);
  return s === '' || /^select (1|true)( as \w+)?$/.test(s);
}

export function emptyResults(): DistributedResults {
  return { queries: {}, statuses: {}, messages: {}, stats: {} };
}

/**
 * Answers distributed queries by name, like osquery-perf: template rows for detail and label
 * queries, SQL-or-probability for policies, a small row (or nothing) for live queries and
 * `[{"foo":"bar"}]` for anything else. Queries whose discovery SQL we cannot evaluate are
 * skipped (not reported), as osquery skips queries whose discovery returns no rows — unless
 * the template has an answer for them.
 */
export class QueryAnswerer {
  /** Answers set on this host at run time (tests: make a policy start failing on one host). */
  private readonly overrides = new Map<string, OsqueryRow[]>();

  constructor(
    private readonly template: RenderedHostTemplate,
    private readonly random: SimRandom,
    private readonly behaviour: SimulatedHostBehaviour,
  ) {}

  answer(queries: Record<string, string>, discovery: Record<string, string>, into: DistributedResults = emptyResults()): DistributedResults {
    for (const [name, sql] of Object.entries(queries)) {
      const disc = discovery[name];
      if (disc !== undefined && !isTrivialDiscovery(disc) && !this.hasAnswer(name)) continue;
      this.answerOne(name, sql, into);
    }
    return into;
  }

  /** Answers `name` with `rows` from now on (undefined: back to the default answer). */
  setOverride(name: string, rows: OsqueryRow[] | undefined): void {
    if (rows === undefined) this.overrides.delete(name);
    else this.overrides.set(name, rows);
  }

  /** What the host's tables answer to `sql` (the simple SQL the simulator understands), undefined when it can't tell. */
  evaluate(sql: string): OsqueryRow[] | undefined {
    return evaluateSimpleSql(sql, this.tableRows);
  }

  private hasAnswer(name: string): boolean {
    return this.overrideFor(name) !== undefined || this.template.answers.has(name);
  }

  private overrideFor(name: string): OsqueryRow[] | undefined {
    return this.overrides.get(name) ?? this.behaviour.answerOverrides?.[name];
  }

  /** The rows the host has for an osquery table: its enroll details, else a detail query's answer of that name. */
  private tableRows = (table: string): OsqueryRow[] | undefined => {
    const detail = this.template.enrollBody.host_details[table];
    if (detail) return [detail];
    return this.template.answers.get(`${DETAIL_PREFIX}${table}`);
  };

  private answerOne(name: string, sql: string, r: DistributedResults): void {
    let rows: OsqueryRow[] = [];
    let status = 0;
    let message = '';
    const override = this.overrideFor(name);
    if (override) {
      rows = override;
    } else if (name.startsWith(DETAIL_PREFIX)) {
      const recorded = this.template.answers.get(name);
      if (recorded) rows = recorded;
      else if (this.behaviour.unknownDetailQuery === 'fail') {
        status = 1;
        message = `no such table: ${name.slice(DETAIL_PREFIX.length)}`;
      }
    } else if (name.startsWith(LABEL_PREFIX)) {
      rows = evaluateSimpleSql(sql, this.tableRows) ?? this.template.answers.get(name) ?? [];
    } else if (name.startsWith(POLICY_PREFIX)) {
      const evaluated = evaluateSimpleSql(sql, this.tableRows);
      rows = evaluated !== undefined ? evaluated.slice(0, 1) : this.policyPasses(sql) ? PASS : [];
    } else if (name.startsWith(LIVE_QUERY_PREFIX)) {
      if (this.random.chance(this.behaviour.liveQueryFailProb ?? 0)) {
        status = 1;
        message = 'simulated live query failure';
      } else if (!this.random.chance(this.behaviour.liveQueryNoResultsProb ?? 0.2)) {
        rows = [this.liveQueryRow()];
      }
      r.stats[name] = {
        wall_time_ms: this.random.between(1, 50),
        user_time: this.random.between(0, 20),
        system_time: this.random.between(0, 10),
        memory: this.random.between(1, 64) * 4096,
      };
    } else {
      rows = [{ foo: 'bar' }];
    }
    r.queries[name] = rows;
    r.statuses[name] = status;
    r.messages[name] = message;
  }

  private policyPasses(sql: string): boolean {
    const s = normaliseSql(sql);
    if (s === 'select 1') return true;
    if (s === 'select 0') return false;
    return this.random.chance(this.behaviour.policyPassProb ?? 1);
  }

  /** One osquery_info-like row for this host's platform (the template's own osquery_info answer). */
  private liveQueryRow(): OsqueryRow {
    const recorded = this.template.answers.get(`${DETAIL_PREFIX}osquery_info`)?.[0];
    return { ...(recorded ?? this.template.enrollBody.host_details['osquery_info'] ?? {}), platform: this.template.platform };
  }
}
