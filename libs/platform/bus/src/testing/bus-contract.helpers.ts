import { randomBytes } from 'node:crypto';
import { defineEvent, defineRequest, defineStream } from '@flotilla/contracts';
import { z } from 'zod';

/** Fixtures for the shared bus contract suite: unique names per test, polling, gates. */

export const itemRequest = z.object({ id: z.number().int() });
export const itemReply = z.object({ id: z.number().int(), name: z.string() });
export const itemEvent = z.object({ n: z.number().int(), tags: z.array(z.string()).optional() });

export function uid(): string {
  return randomBytes(5).toString('hex');
}

export function requestContract() {
  return defineRequest(`test-${uid()}.item.get.v1`, itemRequest, itemReply);
}

export function eventContract() {
  return defineEvent(`test-${uid()}.item.changed.v1`, itemEvent);
}

export function streamContract() {
  const id = uid();
  return defineStream(`TEST_${id.toUpperCase()}`, `test-${id}.item.logged.v1`, itemEvent, { maxAgeMs: 60 * 60_000 });
}

/** Polls `cond` every few ms; fails with `what` if it does not hold within `timeoutMs`. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await pause(10);
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise the test releases by hand (to hold a handler in flight). */
export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Resolves with the rejection of `p` (fails if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}
