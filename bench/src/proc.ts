import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat times (getconf CLK_TCK, almost always 100). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds (user + system, all threads) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** Resident set size of a process, bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** CPU used by `pid` over an interval, as a share of one core. */
export class CpuMeter {
  private t0 = 0;
  private c0 = 0;

  constructor(private readonly pid: number) {}

  start(): void {
    this.t0 = performance.now();
    this.c0 = cpuSeconds(this.pid);
  }

  /** Busy share of one core since start() (0..n). */
  busy(): { cpuSeconds: number; wallSeconds: number; busy: number } {
    const wall = (performance.now() - this.t0) / 1000;
    const cpu = cpuSeconds(this.pid) - this.c0;
    return { cpuSeconds: cpu, wallSeconds: wall, busy: wall > 0 ? cpu / wall : 0 };
  }
}
