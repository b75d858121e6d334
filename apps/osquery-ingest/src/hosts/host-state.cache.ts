import type { HostState } from './host-state';

const NEGATIVE_TTL_MS = 30_000;
const NEGATIVE_MAX = 100_000;

/**
 * Node key → host state, in memory. Unknown keys are remembered briefly (so an agent with a
 * stale key cannot make every check-in a database lookup) — new keys are random, so a key
 * issued later is never in the negative cache. Deleted hosts are evicted by id on every replica.
 */
export class HostStateCache {
  private readonly byKey = new Map<string, HostState>();
  private readonly keyById = new Map<number, string>();
  private readonly unknown = new Map<string, number>();

  get(nodeKey: string): HostState | undefined {
    return this.byKey.get(nodeKey);
  }

  isKnownUnknown(nodeKey: string, now: number): boolean {
    const until = this.unknown.get(nodeKey);
    if (until === undefined) return false;
    if (until > now) return true;
    this.unknown.delete(nodeKey);
    return false;
  }

  rememberUnknown(nodeKey: string, now: number): void {
    if (this.unknown.size >= NEGATIVE_MAX) this.unknown.clear();
    this.unknown.set(nodeKey, now + NEGATIVE_TTL_MS);
  }

  put(state: HostState): void {
    const previous = this.keyById.get(state.id);
    if (previous !== undefined && previous !== state.nodeKey) this.byKey.delete(previous);
    this.byKey.set(state.nodeKey, state);
    this.keyById.set(state.id, state.nodeKey);
    this.unknown.delete(state.nodeKey);
  }

  byId(id: number): HostState | undefined {
    const key = this.keyById.get(id);
    return key === undefined ? undefined : this.byKey.get(key);
  }

  evict(id: number): void {
    const key = this.keyById.get(id);
    if (key !== undefined) this.byKey.delete(key);
    this.keyById.delete(id);
  }

  get size(): number {
    return this.byKey.size;
  }
}
