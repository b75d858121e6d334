import type { HostIdentity, JsonObject, OsqueryRow, PlatformFamily } from './agent-sim.types';
import type { RenderedHostTemplate } from './host-template';
import type { SimRandom } from './sim-random';

/** A scheduled query from the config's `schedule` or `packs`, with its result-log name. */
export interface ScheduledQuery {
  /** `schedule` key, or `pack<delim><pack><delim><query>`. */
  name: string;
  query: string;
  intervalSeconds: number;
  snapshot: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** osquery `platform` filter: empty/any/all match; otherwise a comma list of darwin, linux, windows, posix, ubuntu… */
function platformMatches(filter: unknown, family: PlatformFamily, platform: string): boolean {
  if (typeof filter !== 'string' || filter.trim() === '') return true;
  return filter.split(',').some((p) => {
    const f = p.trim().toLowerCase();
    return f === 'all' || f === 'any' || f === family || f === platform || (f === 'posix' && family !== 'windows');
  });
}

/** Reads `schedule` and `packs` (inline packs only) out of an osquery config body. */
export function scheduledQueriesFromConfig(config: JsonObject, family: PlatformFamily, platform: string): ScheduledQuery[] {
  const out: ScheduledQuery[] = [];
  const options = isRecord(config['options']) ? config['options'] : {};
  const delim = typeof options['pack_delimiter'] === 'string' ? options['pack_delimiter'] : '_';
  const add = (name: string, q: unknown, packPlatform?: unknown): void => {
    if (!isRecord(q) || typeof q['query'] !== 'string' || q['removed'] === true) return;
    if (!platformMatches(q['platform'], family, platform) || !platformMatches(packPlatform, family, platform)) return;
    const interval = Number(q['interval']);
    if (!Number.isFinite(interval) || interval <= 0) return;
    out.push({ name, query: q['query'], intervalSeconds: interval, snapshot: q['snapshot'] === true });
  };
  if (isRecord(config['schedule'])) for (const [name, q] of Object.entries(config['schedule'])) add(name, q);
  if (isRecord(config['packs'])) {
    for (const [pack, body] of Object.entries(config['packs'])) {
      if (!isRecord(body) || !isRecord(body['queries'])) continue;
      for (const [qname, q] of Object.entries(body['queries'])) add(`pack${delim}${pack}${delim}${qname}`, q, body['platform']);
    }
  }
  return out;
}

/**
 * The host's result-log buffer: osquery-perf style, every scheduled query whose interval has
 * passed buffers one snapshot result; the logger takes up to `maxLines` per request and puts
 * them back if the request fails.
 */
export class ScheduledLogBuffer {
  private schedule: ScheduledQuery[] = [];
  private readonly nextRun = new Map<string, number>();
  private readonly counters = new Map<string, number>();
  private lines: JsonObject[] = [];

  constructor(
    private readonly identity: HostIdentity,
    private readonly template: RenderedHostTemplate,
    private readonly random: SimRandom,
    private readonly timeScale: number,
    private readonly maxBuffered: number,
    /** The rows a scheduled query returns on this host, when the simulator can evaluate its SQL. */
    private readonly evaluate: (sql: string) => OsqueryRow[] | undefined = () => undefined,
  ) {}

  get size(): number {
    return this.lines.length;
  }

  get queries(): readonly ScheduledQuery[] {
    return this.schedule;
  }

  /** Replaces the schedule from a fresh config; queries keep their timers across refreshes. */
  setSchedule(queries: ScheduledQuery[], now: number): void {
    this.schedule = queries;
    const names = new Set(queries.map((q) => q.name));
    for (const name of [...this.nextRun.keys()]) if (!names.has(name)) this.nextRun.delete(name);
    for (const q of queries) if (!this.nextRun.has(q.name)) this.nextRun.set(q.name, now + this.intervalMs(q));
  }

  /** Buffers one result for every query that is due; returns how many were added. */
  collectDue(now: number): number {
    let added = 0;
    for (const q of this.schedule) {
      const due = this.nextRun.get(q.name) ?? now;
      if (due > now) continue;
      this.nextRun.set(q.name, now + this.intervalMs(q));
      this.push(this.resultLine(q, now));
      added++;
    }
    return added;
  }

  take(max: number): JsonObject[] {
    return this.lines.splice(0, max);
  }

  /** Puts lines back at the front after a failed send. */
  restore(lines: JsonObject[]): void {
    this.lines = lines.concat(this.lines);
    if (this.lines.length > this.maxBuffered) this.lines.splice(0, this.lines.length - this.maxBuffered);
  }

  /** A few osquery status lines (INFO/WARNING), as sent with `log_type: status`. */
  statusLines(now: number, count: number): JsonObject[] {
    const messages = [
      ['0', 'osqueryd started [version=%v]', 'init.cpp', '380'],
      ['0', 'Executing scheduled query', 'scheduler.cpp', '119'],
      ['1', 'Scheduled query may have failed', 'scheduler.cpp', '96'],
      ['0', 'Refreshing configuration state', 'config.cpp', '1202'],
    ] as const;
    return Array.from({ length: count }, () => {
      const [severity, message, filename, line] = this.random.pick(messages);
      return {
        ...this.common(now),
        unixTime: String(Math.floor(now / 1000)),
        severity,
        filename,
        line,
        message: message.replace('%v', this.template.osqueryVersion),
        version: this.template.osqueryVersion,
      };
    });
  }

  private intervalMs(q: ScheduledQuery): number {
    return Math.max(1, q.intervalSeconds * 1000 * this.timeScale);
  }

  private push(line: JsonObject): void {
    this.lines.push(line);
    // Trim in chunks: shift() per line is O(n) on a million-line buffer.
    if (this.lines.length > this.maxBuffered + 1024) this.lines.splice(0, this.lines.length - this.maxBuffered);
  }

  private common(now: number): JsonObject {
    return {
      hostIdentifier: this.identity.uuid,
      calendarTime: calendarTime(now),
      decorations: { host_uuid: this.identity.uuid, hostname: this.identity.hostname },
    };
  }

  /**
   * A snapshot result line: the query's rows on this host when its SQL can be evaluated against
   * the host's tables; otherwise N copies of the host's osquery_info row, N = the query name's
   * `_<digits>` suffix, else 1 (osquery-perf's load shape).
   */
  private resultLine(q: ScheduledQuery, now: number): JsonObject {
    const counter = this.counters.get(q.name) ?? 0;
    this.counters.set(q.name, counter + 1);
    const evaluated = this.evaluate(q.query);
    if (evaluated) return { name: q.name, ...this.common(now), unixTime: Math.floor(now / 1000), epoch: 0, counter, numerics: false, action: 'snapshot', snapshot: evaluated };
    const suffix = /_(\d+)$/.exec(q.name);
    const copies = Math.min(10_000, Math.max(1, suffix?.[1] !== undefined ? Number(suffix[1]) : 1));
    const row: OsqueryRow = this.template.answers.get('fleet_detail_query_osquery_info')?.[0] ?? this.template.enrollBody.host_details['osquery_info'] ?? {};
    return {
      name: q.name,
      ...this.common(now),
      unixTime: Math.floor(now / 1000),
      epoch: 0,
      counter,
      numerics: false,
      action: 'snapshot',
      snapshot: Array.from({ length: copies }, () => row),
    };
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** osquery's `calendarTime`: "Wed Jan 29 22:17:17 2025 UTC" (day of month space-padded). */
export function calendarTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()} UTC`;
}
