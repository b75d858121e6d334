import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

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

/** CPU seconds a process (all threads) has used so far in user and kernel mode. */
function cpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / clockTicks(), system: Number(fields[12]) / clockTicks() };
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
  private c0 = { user: 0, system: 0 };

  constructor(private readonly pid: number) {}

  start(): void {
    this.t0 = performance.now();
    this.c0 = cpuTimes(this.pid);
  }

  /** Busy share of one core since start() (0..n), and the part of it spent in the kernel (system calls, network stack). */
  busy(): { cpuSeconds: number; wallSeconds: number; busy: number; kernel: number } {
    const wall = (performance.now() - this.t0) / 1000;
    const now = cpuTimes(this.pid);
    const system = now.system - this.c0.system;
    const cpu = now.user - this.c0.user + system;
    return { cpuSeconds: cpu, wallSeconds: wall, busy: wall > 0 ? cpu / wall : 0, kernel: wall > 0 ? system / wall : 0 };
  }
}

interface CoreTimes {
  busy: number;
  steal: number;
  total: number;
}

function coreTimes(): CoreTimes[] {
  const out: CoreTimes[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    if (!/^cpu\d+ /.test(line)) continue;
    // user nice system idle iowait irq softirq steal …
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.split(/\s+/).slice(1).map(Number);
    out.push({ busy: user + nice + system + irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal });
  }
  return out;
}

/**
 * Utilisation of each core over an interval (everything running on it, not one process) and the
 * share the hypervisor gave to other guests (steal): on a shared VM, what else took the server's core.
 */
export class CoreMeter {
  private t0: CoreTimes[] = [];

  start(): void {
    this.t0 = coreTimes();
  }

  busy(): Array<{ busy: number; steal: number }> {
    return coreTimes().map((t, i) => {
      const a = this.t0[i] ?? { busy: 0, steal: 0, total: 0 };
      const total = t.total - a.total || 1;
      return { busy: (t.busy - a.busy) / total, steal: (t.steal - a.steal) / total };
    });
  }
}

/** Pids of running processes whose command name (`/proc/<pid>/comm`) is one of `names`. */
export function pidsOf(names: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (names.includes(comm) && !found.has(comm)) found.set(comm, Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}
