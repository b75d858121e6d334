import type { ScepHttpBody } from './scep.types';

/** Capabilities RFC 8894 §3.5.2 defines (plus SHA-1, which older clients look for). */
export const SCEP_CAPABILITIES = [
  'AES',
  'DES3',
  'GetNextCACert',
  'POSTPKIOperation',
  'Renewal',
  'SHA-1',
  'SHA-256',
  'SHA-512',
  'SCEPStandard',
  'Update',
] as const;

export type ScepCapability = (typeof SCEP_CAPABILITIES)[number];

/** GetCACaps response: one capability per line (LF), duplicates dropped, as text/plain. */
export function encodeGetCACaps(caps: readonly ScepCapability[]): ScepHttpBody {
  const unique = [...new Set(caps)];
  return { contentType: 'text/plain', body: Buffer.from(unique.join('\n'), 'utf8') };
}

/** Reads a GetCACaps response: known capabilities (matched case-insensitively, as RFC 8894 asks) and the rest. */
export function decodeGetCACaps(body: Uint8Array | string): { capabilities: ScepCapability[]; unknown: string[] } {
  const text = typeof body === 'string' ? body : Buffer.from(body.subarray(0, 64 * 1024)).toString('utf8');
  const capabilities = new Set<ScepCapability>();
  const unknown: string[] = [];
  for (const line of text.split(/\r?\n/).slice(0, 256)) {
    const word = line.trim();
    if (word === '') continue;
    const known = SCEP_CAPABILITIES.find((c) => c.toLowerCase() === word.toLowerCase());
    if (known) capabilities.add(known);
    else unknown.push(word.slice(0, 128));
  }
  return { capabilities: [...capabilities], unknown };
}
