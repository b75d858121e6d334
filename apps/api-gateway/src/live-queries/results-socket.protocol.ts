import { z } from 'zod';

/**
 * Fleet's live-query results WebSocket (`/api/latest/fleet/results/websocket`): JSON text frames
 * `{"type", "data"}`. The client authenticates, then selects a campaign; the server sends
 * `totals`, `status`, `result` and `error` (plain text) messages.
 */
export const RESULTS_SOCKET_PATHS: readonly string[] = ['/api/latest/fleet/results/websocket', '/api/v1/fleet/results/websocket'];

/** Frames larger than this get an `error` answer (the socket itself refuses anything above MAX_FRAME_BYTES). */
export const MAX_MESSAGE_BYTES = 16 * 1024;
export const MAX_FRAME_BYTES = 1024 * 1024;

const authMessage = z.object({ type: z.literal('auth'), data: z.object({ token: z.string().min(1).max(4_096) }) });
const selectMessage = z.object({
  type: z.literal('select_campaign'),
  data: z.object({ campaign_id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,12}$/).transform(Number)]) }),
});
const clientMessage = z.discriminatedUnion('type', [authMessage, selectMessage]);
export type ClientMessage = z.output<typeof clientMessage>;

/** What the server sends. */
export type ServerMessage = { type: 'totals' | 'status' | 'result'; data: unknown } | { type: 'error'; data: string };

/** A client frame, or the reason it is refused (sent back as an `error` message). */
export function parseClientMessage(raw: string | Buffer, isBinary: boolean): ClientMessage | { problem: string } {
  if (isBinary) return { problem: 'binary frames are not supported: send JSON text' };
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  if (Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) return { problem: `message too large (limit ${MAX_MESSAGE_BYTES} bytes)` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'malformed message: expected JSON {"type": …, "data": …}' };
  }
  const parsed = clientMessage.safeParse(json);
  if (parsed.success) return parsed.data;
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (type === 'auth') return { problem: 'malformed auth message: expected {"type":"auth","data":{"token":"…"}}' };
  if (type === 'select_campaign') return { problem: 'malformed select_campaign message: expected {"type":"select_campaign","data":{"campaign_id":N}}' };
  return { problem: `unknown message type ${JSON.stringify(typeof type === 'string' ? type.slice(0, 50) : type ?? null)}: expected auth or select_campaign` };
}

export function encode(message: ServerMessage): string {
  return JSON.stringify(message);
}
