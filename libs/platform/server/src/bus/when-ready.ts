import type { ManagedDependency } from '@flotilla/platform-health';

/** Waits (without limit, polling `ready`) until the dependency is up; false if `stopped()` turns true first. */
export async function whenReady(dep: ManagedDependency, stopped: () => boolean, sliceMs = 1_000): Promise<boolean> {
  while (!stopped()) {
    try {
      await dep.ready(sliceMs);
      return !stopped();
    } catch {
      // not up yet: keep waiting; /healthz reports it meanwhile
    }
  }
  return false;
}
