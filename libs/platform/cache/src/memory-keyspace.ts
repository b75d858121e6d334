import { performance } from 'node:perf_hooks';
import { Bitfield } from './bitfield';

export type MemoryValue =
  | { type: 'string'; data: string }
  | { type: 'bits'; data: Bitfield }
  | { type: 'hash'; data: Map<string, string> }
  | { type: 'set'; data: Set<string> };

export interface MemoryEntry {
  value: MemoryValue;
  /** performance.now() deadline; undefined = no expiry. */
  expiresAt: number | undefined;
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

/**
 * The in-memory cache's keys: typed values with Redis's type rules and TTLs on a monotonic
 * clock, expired lazily on access and by `sweep()`, which only walks keys that carry a TTL.
 */
export class MemoryKeyspace {
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly expiring = new Set<string>();

  get size(): number {
    return this.entries.size;
  }

  /** The live entry for `key`, expiring it lazily. */
  get(key: string): MemoryEntry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= performance.now()) {
      this.remove(key);
      return undefined;
    }
    return entry;
  }

  /** Replaces the key's value and TTL (SET semantics: no TTL clears any previous one). */
  write(key: string, value: MemoryValue, ttlMs: number | undefined): MemoryEntry {
    const entry: MemoryEntry = { value, expiresAt: undefined };
    this.entries.set(key, entry);
    if (ttlMs === undefined) this.expiring.delete(key);
    else this.setExpiry(key, entry, ttlMs);
    return entry;
  }

  setExpiry(key: string, entry: MemoryEntry, ttlMs: number): void {
    entry.expiresAt = performance.now() + ttlMs;
    this.expiring.add(key);
  }

  remove(key: string): boolean {
    this.expiring.delete(key);
    return this.entries.delete(key);
  }

  /** Drops every expired key now. */
  sweep(): void {
    const now = performance.now();
    for (const key of this.expiring) {
      const entry = this.entries.get(key);
      if (!entry || entry.expiresAt === undefined) this.expiring.delete(key);
      else if (entry.expiresAt <= now) this.remove(key);
    }
  }

  clear(): void {
    this.entries.clear();
    this.expiring.clear();
  }

  /** GET semantics: bits read back as a string; hashes and sets are the wrong type. */
  string(key: string): string | undefined {
    const entry = this.get(key);
    return entry ? stringOf(entry.value) : undefined;
  }

  /** Bits of a bitfield or string key (a string is read as its bytes). */
  bits(key: string): Bitfield | undefined {
    const value = this.get(key)?.value;
    if (!value) return undefined;
    if (value.type === 'bits') return value.data;
    if (value.type === 'string') return Bitfield.fromString(value.data);
    throw new Error(WRONGTYPE);
  }

  hash(key: string): Map<string, string> | undefined {
    const value = this.typed(key, 'hash');
    return value?.type === 'hash' ? value.data : undefined;
  }

  set(key: string): Set<string> | undefined {
    const value = this.typed(key, 'set');
    return value?.type === 'set' ? value.data : undefined;
  }

  private typed(key: string, type: MemoryValue['type']): MemoryValue | undefined {
    const value = this.get(key)?.value;
    if (value && value.type !== type) throw new Error(WRONGTYPE);
    return value;
  }
}

export function stringOf(value: MemoryValue): string {
  if (value.type === 'string') return value.data;
  if (value.type === 'bits') return value.data.toString();
  throw new Error(WRONGTYPE);
}
