import type { AgentFleetStats } from './agent-sim.types';

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

/** Renders fleet stats as a plain-text table (one row per endpoint) plus a counters line. */
export function formatStatsTable(s: AgentFleetStats): string {
  const secs = Math.max(s.elapsedMs / 1000, 0.001);
  const header = ['endpoint', 'count', 'req/s', 'errors', 'invalid', 'p50 ms', 'p99 ms', 'max ms'];
  const rows = Object.values(s.endpoints).map((e) => [
    e.endpoint,
    String(e.count),
    (e.count / secs).toFixed(1),
    String(e.errors),
    String(e.nodeInvalid),
    fmtMs(e.p50Ms),
    fmtMs(e.p99Ms),
    fmtMs(e.maxMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [
    `t=${secs.toFixed(1)}s hosts=${s.hosts} started=${s.started} enrolled=${s.enrolled} enrollments=${s.enrollments} re-enrollments=${s.reEnrollments} ` +
      `queries=${s.queriesAnswered} writes=${s.distributedWrites} log-lines=${s.logLinesSent} status-lines=${s.statusLinesSent} buffered=${s.bufferedLogLines}` +
      (s.internalErrors ? ` internal-errors=${s.internalErrors}` : ''),
    line(header),
    ...rows.map(line),
  ];
  for (const e of Object.values(s.endpoints)) if (e.lastError && e.errors > 0) out.push(`  last ${e.endpoint} error: ${e.lastError}`);
  return out.join('\n');
}
