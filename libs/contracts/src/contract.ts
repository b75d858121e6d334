import type { z } from 'zod';

/**
 * A contract binds a subject to its payload schema (and reply schema for requests), so
 * `bus.request(CONTRACT, payload)` and handlers are checked at compile time and payloads are
 * validated where they are received. Subjects are `<owner>.<aggregate>.<action>.v<N>` and never
 * change meaning once shipped (CONVENTIONS.md "Contracts between services").
 */
export interface EventContract<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly subject: string;
  readonly payload: P;
}

export interface RequestContract<Q extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly subject: string;
  readonly request: Q;
  readonly reply: R;
}

/** Durable stream: published with acknowledgement, consumed by durable consumers with redelivery. */
export interface StreamContract<P extends z.ZodType = z.ZodType> {
  readonly kind: 'stream';
  /** Stream name: UPPER_SNAKE, stable forever (it names stored data). */
  readonly stream: string;
  readonly subject: string;
  readonly payload: P;
  /** Retention hint for the broker. */
  readonly maxAgeMs?: number;
}

export type PayloadOf<C extends EventContract | StreamContract> = z.infer<C['payload']>;
export type RequestOf<C extends RequestContract> = z.infer<C['request']>;
export type ReplyOf<C extends RequestContract> = z.infer<C['reply']>;

const SUBJECT = /^[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9-]+\.v[1-9][0-9]*$/;
const STREAM = /^[A-Z][A-Z0-9_]*$/;

function checkSubject(subject: string): void {
  if (!SUBJECT.test(subject)) throw new Error(`subject ${subject} is not <owner>.<aggregate>.<action>.v<N>`);
}

export function defineEvent<P extends z.ZodType>(subject: string, payload: P): EventContract<P> {
  checkSubject(subject);
  return { kind: 'event', subject, payload };
}

export function defineRequest<Q extends z.ZodType, R extends z.ZodType>(subject: string, request: Q, reply: R): RequestContract<Q, R> {
  checkSubject(subject);
  return { kind: 'request', subject, request, reply };
}

export function defineStream<P extends z.ZodType>(stream: string, subject: string, payload: P, opts: { maxAgeMs?: number } = {}): StreamContract<P> {
  checkSubject(subject);
  if (!STREAM.test(stream)) throw new Error(`stream ${stream} must be UPPER_SNAKE`);
  return { kind: 'stream', stream, subject, payload, ...opts };
}
