import { z } from 'zod';

/** Reusable env-var value types. Env values are strings; these coerce and validate them. */
export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

export const envInt = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const envBool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envUrl = (protocols: readonly string[], fallback?: string) => {
  const url = z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `expected a URL with scheme ${protocols.join(' or ')}` },
  );
  return fallback === undefined ? url.optional() : url.default(fallback);
};

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const envLogLevel = () => z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info');

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `90s`, `15m`, `24h`, `5d` or `250ms` (a bare number is seconds), as milliseconds. */
export const envDuration = (fallback: string, minMs = 0) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v.trim());
      const ms = match ? Number(match[1]) * (DURATION_UNITS_MS[match[2] ?? 's'] ?? 1_000) : NaN;
      if (!Number.isFinite(ms) || ms < minMs) {
        ctx.addIssue({ code: 'custom', message: `expected a duration like 90s, 15m, 24h or 5d${minMs > 0 ? ` (at least ${minMs} ms)` : ''}` });
        return z.NEVER;
      }
      return Math.round(ms);
    });
