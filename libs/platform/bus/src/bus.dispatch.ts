import type { EventContract, PayloadOf, ReplyOf, RequestContract, RequestOf, StreamContract } from '@flotilla/contracts';
import type { DurableContext, DurableHandler, EventHandler, MessageContext, RequestHandler } from './bus';
import type { BusLogger } from './bus.options';
import { encodePayload, encodeWireError, errorMessage, fromWireError, readPayload, toWireError } from './bus.wire';

/**
 * Receiving-side logic shared by both implementations, so validation, error replies and logging
 * are identical whichever transport carried the bytes.
 */

/**
 * Durable handlers started back to back run their synchronous parts (decoding, validation, the
 * handler up to its first await) in one event-loop task. A consumer with many messages ready
 * starts them in slices of about this long, so requests served by the same process never wait
 * behind a whole batch of deliveries.
 */
export const DELIVERY_SLICE_MS = 5;

/** Lets the event loop run I/O and timers before the next slice of deliveries. */
export const nextSlice = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface EncodedReply {
  body: string;
  /** True when `body` is a WireError (sent with the ERROR_HEADER). */
  error: boolean;
}

/** Runs a request handler on raw request text and produces the raw reply (never throws). */
export async function runRequestHandler<C extends RequestContract>(
  contract: C,
  handler: RequestHandler<C>,
  raw: string,
  ctx: MessageContext,
  logger: BusLogger,
): Promise<EncodedReply> {
  let payload: RequestOf<C>;
  try {
    payload = readPayload<C['request']>(contract.request, raw, `request on ${contract.subject}`);
  } catch (err) {
    logger.warn('rejected an invalid request', { subject: contract.subject, requestId: ctx.requestId, reason: errorMessage(err) });
    return { error: true, body: encodeWireError({ message: errorMessage(err), code: 'invalid_payload', rejected: true }) };
  }
  try {
    const reply = await handler(payload, ctx);
    return { error: false, body: encodePayload(reply, `reply from ${contract.subject}`) };
  } catch (err) {
    const { wire, errorId } = toWireError(err, contract.subject);
    if (errorId !== undefined) {
      logger.error('request handler failed', { subject: contract.subject, requestId: ctx.requestId, errorId, error: errorMessage(err) });
    }
    return { error: true, body: encodeWireError(wire) };
  }
}

/** The requester's side: decodes a raw reply, throwing the BusError the caller should see. */
export function readReply<C extends RequestContract>(contract: C, raw: string, isError: boolean): ReplyOf<C> {
  if (isError) throw fromWireError(raw, contract.subject);
  return readPayload<C['reply']>(contract.reply, raw, `reply from ${contract.subject}`);
}

/** Runs an event handler on raw event text; invalid payloads and handler errors are logged, never thrown. */
export async function runEventHandler<C extends EventContract>(
  contract: C,
  handler: EventHandler<C>,
  raw: string,
  ctx: MessageContext,
  logger: BusLogger,
): Promise<void> {
  let payload: PayloadOf<C>;
  try {
    payload = readPayload<C['payload']>(contract.payload, raw, `event on ${contract.subject}`);
  } catch (err) {
    logger.warn('dropped an invalid event', { subject: contract.subject, requestId: ctx.requestId, reason: errorMessage(err) });
    return;
  }
  try {
    await handler(payload, ctx);
  } catch (err) {
    logger.error('event handler failed', { subject: contract.subject, requestId: ctx.requestId, error: errorMessage(err) });
  }
}

/** ack: done. nak: failed, redeliver after a backoff. term: never deliver again (invalid payload). */
export type DeliveryOutcome = 'ack' | 'nak' | 'term';

/**
 * Runs a durable handler on a stored message. Resolve → ack; throw → nak; a payload that fails
 * the schema → term (it would fail on every redelivery), logged.
 */
export async function runDurableHandler<C extends StreamContract>(
  contract: C,
  handler: DurableHandler<C>,
  raw: string,
  ctx: DurableContext,
  logger: BusLogger,
): Promise<DeliveryOutcome> {
  let payload: PayloadOf<C>;
  try {
    payload = readPayload<C['payload']>(contract.payload, raw, `message ${ctx.seq} in stream ${contract.stream}`);
  } catch (err) {
    logger.warn('terminated an invalid stream message', { stream: contract.stream, seq: ctx.seq, requestId: ctx.requestId, reason: errorMessage(err) });
    return 'term';
  }
  try {
    await handler(payload, ctx);
    return 'ack';
  } catch (err) {
    logger.warn('durable handler failed; message will be redelivered', {
      stream: contract.stream,
      seq: ctx.seq,
      deliveryCount: ctx.deliveryCount,
      requestId: ctx.requestId,
      error: errorMessage(err),
    });
    return 'nak';
  }
}
