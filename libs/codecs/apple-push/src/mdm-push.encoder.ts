import { MDM_TOPIC_PREFIX } from './push-certificate.parser';
import { pushError } from './push.errors';
import type { ApnsPushHeaderOptions } from './push.types';

/** APNs production host: MDM pushes always go there (there is no sandbox for MDM topics). */
export const APNS_HOST = 'api.push.apple.com';
/** HTTP/2 ports APNs listens on: 443, or 2197 when 443 is blocked. */
export const APNS_PORTS = [443, 2197] as const;

/**
 * The APNs request body for an MDM wake-up: exactly `{"mdm":"<PushMagic>"}` (reference/mdm.md
 * §1.6), with PushMagic as the device sent it in TokenUpdate.
 */
export function encodeMdmPush(pushMagic: string): string {
  if (typeof pushMagic !== 'string' || pushMagic.trim() === '') throw pushError('invalid_input', 'PushMagic must be a non-empty string');
  return JSON.stringify({ mdm: pushMagic });
}

/**
 * The `:path` of a push: `/3/device/<hex token>`. TokenUpdate's Token is binary data: pass the
 * bytes, or their hex (either case; sent lower-case).
 */
export function apnsDevicePath(token: Uint8Array | string): string {
  const hex = typeof token === 'string' ? token.toLowerCase() : Buffer.from(token).toString('hex');
  if (hex === '' || hex.length % 2 !== 0 || !/^[0-9a-f]+$/.test(hex)) throw pushError('invalid_input', 'device token must be non-empty bytes or hex');
  return `/3/device/${hex}`;
}

/**
 * The HTTP/2 request headers of an MDM push. Sources (reference/mdm.md §1.6): `apns-topic` must
 * equal the push certificate's UID topic; `apns-push-type: mdm` is Apple's push type for MDM
 * (it requires that topic); `apns-expiration` and `apns-priority` are optional and only sent
 * when given; `content-type: application/json` as nanomdm sends. Errors: 'bad_topic',
 * 'invalid_input'.
 */
export function apnsPushHeaders(topic: string, options: ApnsPushHeaderOptions = {}): Record<string, string> {
  if (typeof topic !== 'string' || !topic.startsWith(MDM_TOPIC_PREFIX) || topic.length === MDM_TOPIC_PREFIX.length) {
    throw pushError('bad_topic', `topic "${String(topic)}" is not an MDM topic (${MDM_TOPIC_PREFIX}…)`);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'apns-topic': topic,
    'apns-push-type': 'mdm',
  };
  const { expiration, priority } = options;
  if (expiration !== undefined) {
    const seconds = expiration instanceof Date ? Math.floor(expiration.getTime() / 1000) : expiration;
    if (!Number.isSafeInteger(seconds) || seconds < 0) throw pushError('invalid_input', 'apns-expiration must be a valid Date or non-negative epoch seconds');
    headers['apns-expiration'] = String(seconds);
  }
  if (priority !== undefined) {
    if (priority !== 5 && priority !== 10) throw pushError('invalid_input', `apns-priority must be 5 or 10, got ${String(priority)}`);
    headers['apns-priority'] = String(priority);
  }
  return headers;
}
