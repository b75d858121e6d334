import { randomUUID } from 'node:crypto';
import { ErrorDetail, FlotillaError } from '@flotilla/platform-errors';
import { z } from 'zod';
import { BusError } from './bus.errors';

/**
 * The wire form shared by both implementations: payloads are JSON text (an absent payload is the
 * empty string), and a failed request is answered with a {@link WireError} body flagged by the
 * {@link ERROR_HEADER} header. The in-process bus goes through exactly the same encoding, so a
 * handler can never see (or mutate) the sender's object, and what works in standalone mode works
 * over NATS.
 */
export const REQUEST_ID_HEADER = 'x-request-id';
/** Present (value `1`) on a reply whose body is a {@link WireError} instead of the reply payload. */
export const ERROR_HEADER = 'x-flotilla-error';

const wireErrorSchema = z.object({
  message: z.string(),
  /** The remote FlotillaError's `code`, when the handler threw one. */
  code: z.string().optional(),
  status: z.number().int().optional(),
  details: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  /** Set when the responder's bus refused the request itself (it failed the contract's schema). */
  rejected: z.literal(true).optional(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

export function encodePayload(value: unknown, what: string): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value);
  } catch (err) {
    throw new BusError('invalid_payload', `${what} is not JSON-serialisable: ${errorMessage(err)}`);
  }
}

export function decodePayload(raw: string, what: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw new BusError('invalid_payload', `${what} is not JSON: ${errorMessage(err)}`);
  }
}

/** Parses `value` with the contract's schema; failures become `BusError('invalid_payload')` listing the issues. */
export function validatePayload<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
  throw new BusError('invalid_payload', `${what} does not match its contract: ${issues.join('; ')}`);
}

/** Decode + validate in one step. */
export function readPayload<S extends z.ZodType>(schema: S, raw: string, what: string): z.output<S> {
  return validatePayload(schema, decodePayload(raw, what), what);
}

/**
 * A handler failure as sent back to the requester. FlotillaErrors keep message, code, status and
 * details; anything else is an internal error whose text stays on the responder (it is logged
 * there under the returned `errorId`) so internals never leak to API clients.
 */
export function toWireError(err: unknown, subject: string): { wire: WireError; errorId?: string } {
  if (err instanceof FlotillaError) {
    const details: ErrorDetail[] = err.details.map((d) => ({ name: d.name, reason: d.reason }));
    return { wire: { message: err.message, code: err.code, status: err.status, ...(details.length > 0 ? { details } : {}) } };
  }
  const errorId = randomUUID();
  return { wire: { message: `handler for ${subject} failed (error id ${errorId})` }, errorId };
}

/** The requester's side: turns an error reply body into the BusError the caller sees. */
export function fromWireError(raw: string, subject: string): BusError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch {
    parsed = undefined;
  }
  const result = wireErrorSchema.safeParse(parsed);
  if (!result.success) return new BusError('remote_error', `malformed error reply from ${subject}`);
  const w = result.data;
  if (w.rejected) return new BusError('invalid_payload', w.message);
  return new BusError('remote_error', w.message, w.code, w.status, w.details ?? []);
}

export function encodeWireError(w: WireError): string {
  return JSON.stringify(w);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Strips credentials from URLs that may appear in driver error messages. */
export function redact(text: string): string {
  return text.replace(/\/\/[^@/\s]*@/g, '//***@');
}
