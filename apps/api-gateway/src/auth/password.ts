import { hash, verify } from '@node-rs/argon2';
import type { ErrorDetail } from '@flotilla/platform-errors';

/** Fleet's password rules: 12–48 characters with at least one digit and one symbol. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 48;

/** Why `password` breaks the rules (empty when it is acceptable), named `field`. */
export function passwordProblems(password: string, field = 'password'): ErrorDetail[] {
  const reasons: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) reasons.push(`must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
  if (!/\d/.test(password)) reasons.push('must contain at least one number');
  if (!/[^\p{L}\p{N}\s]/u.test(password)) reasons.push('must contain at least one symbol');
  return reasons.length === 0 ? [] : [{ name: field, reason: `Password ${reasons.join(', ')}` }];
}

/** An argon2id PHC string (OWASP parameters: 19 MiB, 2 passes, 1 lane — about 50 ms here). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

/**
 * Whether `password` matches `stored`. With no stored hash (unknown email, SSO-only user) a
 * dummy hash is verified instead, so the answer takes as long either way.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const target = stored ?? (await dummyHash());
  try {
    const ok = await verify(target, password);
    return stored !== null && ok;
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword('flotilla-timing-equaliser-1!');
  return dummy;
}
