import { randomBytes } from 'node:crypto';
import type { Lock } from './cache';

/** Locks live in the cache keyspace under this prefix, holding the owner's random token. */
export const LOCK_KEY_PREFIX = 'lock:';

/** The compare-and-act primitives a backend provides; each must be atomic. */
export interface LockStore {
  /** Deletes `key` only if it still holds `token`. */
  releaseIfOwner(key: string, token: string): Promise<boolean>;
  /** Sets `key`'s TTL only if it still holds `token`. */
  extendIfOwner(key: string, token: string, ttlMs: number): Promise<boolean>;
}

export function lockKey(name: string): string {
  return `${LOCK_KEY_PREFIX}${name}`;
}

export function newLockToken(): string {
  return randomBytes(16).toString('base64url');
}

/** A held lock: release and extend succeed only while this holder's token is still the value. */
export class TokenLock implements Lock {
  constructor(
    readonly name: string,
    private readonly token: string,
    private readonly store: LockStore,
  ) {}

  release(): Promise<boolean> {
    return this.store.releaseIfOwner(lockKey(this.name), this.token);
  }

  extend(ttlMs: number): Promise<boolean> {
    return this.store.extendIfOwner(lockKey(this.name), this.token, ttlMs);
  }
}
