// agent-sim: N simulated osquery agents against a Fleet-compatible osquery TLS API.
//   npm run agent-sim -- --url http://localhost:8080 --enroll-secret s3cr3t --hosts 200 --mix ubuntu_22.04:100,windows_11:100 --duration 5m
import { AgentFleet, formatStatsTable, type AgentFleetStats } from '@flotilla/testing';
import { parseAgentSimArgs } from './cli-options';

function print(kind: 'report' | 'final', stats: AgentFleetStats, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify({ type: kind, ...stats, endpoints: Object.values(stats.endpoints) })}\n`);
  else process.stdout.write(`${kind === 'final' ? '== final ==\n' : ''}${formatStatsTable(stats)}\n\n`);
}

async function main(): Promise<void> {
  const run = parseAgentSimArgs(process.argv);
  const fleet = new AgentFleet(run.fleet);
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const report = setInterval(() => print('report', fleet.stats(), run.json), run.reportEveryMs);
  const deadline = run.durationMs > 0 ? setTimeout(finish, run.durationMs) : undefined;
  process.once('SIGINT', finish);
  process.once('SIGTERM', finish);

  if (!run.json) {
    process.stdout.write(`agent-sim: ${run.fleet.hosts} hosts → ${run.fleet.baseUrl} (seed ${String(run.fleet.seed)}, start over ${run.fleet.startPeriodMs} ms)\n`);
  }
  await fleet.start();
  await finished;

  clearInterval(report);
  if (deadline) clearTimeout(deadline);
  process.removeListener('SIGINT', finish);
  process.removeListener('SIGTERM', finish);
  await fleet.stop();
  const final = fleet.stats();
  print('final', final, run.json);
  if (final.internalErrors > 0) {
    process.stderr.write(`agent-sim: ${final.internalErrors} internal errors; last:\n${final.lastInternalError ?? ''}\n`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`agent-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
