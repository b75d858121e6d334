import type { ServiceName } from '@flotilla/domain';

export interface ServiceProbe {
  status: 'up' | 'down';
  /** HTTP status of the service's own /healthz, when it answered. */
  http_status?: number;
  /** Names of the service's dependencies that are down, when it said so. */
  dependencies_down?: string[];
  error?: string;
}

/** Calls every service's `/healthz` in parallel; a timeout, refusal or non-200 answer means down. */
export async function probeServices(
  upstreams: Readonly<Record<ServiceName, string>>,
  services: readonly ServiceName[],
  timeoutMs: number,
): Promise<Record<ServiceName, ServiceProbe>> {
  const entries = await Promise.all(services.map(async (s) => [s, await probe(`${upstreams[s]}/healthz`, timeoutMs)] as const));
  return Object.fromEntries(entries) as Record<ServiceName, ServiceProbe>;
}

async function probe(url: string, timeoutMs: number): Promise<ServiceProbe> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json().catch(() => ({}))) as { down?: unknown };
    const down = Array.isArray(body.down) ? body.down.map(String) : undefined;
    return { status: res.status === 200 ? 'up' : 'down', http_status: res.status, ...(down && down.length > 0 ? { dependencies_down: down } : {}) };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
    return { status: 'down', error: cause ?? (err instanceof Error ? err.message : String(err)) };
  }
}
