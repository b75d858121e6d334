import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes in a generated API token (Fleet's session keys are 32+ random bytes too). */
export const API_TOKEN_BYTES = 32;

/** A new API token: 32 random bytes, base64url (43 characters). */
export function generateApiToken(): string {
  return randomBytes(API_TOKEN_BYTES).toString('base64url');
}

/** What `sessions.token_hash` stores: the SHA-256 of the token, lowercase hex (64 characters). */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time equality of two token hashes (hex strings of equal length). */
export function sameTokenHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined when absent or malformed. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return match?.[1];
}
