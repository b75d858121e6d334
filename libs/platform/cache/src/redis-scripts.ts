import type { Redis } from 'ioredis';

/**
 * Lua scripts for the operations that must be atomic on the server. Registered with
 * `defineCommand`, so ioredis sends EVALSHA and falls back to EVAL once per script
 * (and applies the key prefix to KEYS).
 */
const SCRIPTS = {
  /** INCRBY that sets the TTL only when it creates the key. */
  flotillaIncrTtl: `
    local created = redis.call('EXISTS', KEYS[1]) == 0
    local value = redis.call('INCRBY', KEYS[1], ARGV[1])
    if created then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
    return value`,
  /** DEL only if the key still holds the caller's token. */
  flotillaReleaseLock: `
    if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
    return 0`,
  /** PEXPIRE only if the key still holds the caller's token. */
  flotillaExtendLock: `
    if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
    return 0`,
} as const;

export interface RedisScripts {
  flotillaIncrTtl(key: string, by: number, ttlMs: number): Promise<number>;
  flotillaReleaseLock(key: string, token: string): Promise<number>;
  flotillaExtendLock(key: string, token: string, ttlMs: number): Promise<number>;
}

/** Registers the scripts on `client` and returns it typed with the commands they add. */
export function withScripts(client: Redis): Redis & RedisScripts {
  for (const [name, lua] of Object.entries(SCRIPTS)) client.defineCommand(name, { lua, numberOfKeys: 1 });
  return client as Redis & RedisScripts;
}
