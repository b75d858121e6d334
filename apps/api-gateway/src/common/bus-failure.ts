import { BusError } from '@flotilla/platform-bus';
import type { ErrorDetail } from '@flotilla/platform-errors';

/** How a request to the owning service failed, as api-gateway features report it over HTTP. */
export type OwnerFailureCode = 'owner_unavailable' | 'owner_timeout' | 'owner_failed';

export interface OwnerFailure {
  code: OwnerFailureCode;
  status: number;
  message: string;
  details: ErrorDetail[];
}

/**
 * Classifies a failed bus request: the owner is down (503), slow (504) or failed internally
 * (500). Remote 4xx errors are not failures of the owner and return undefined: the caller maps
 * their `remoteCode` to its own codes.
 */
export function ownerFailure(err: unknown, owner: string): OwnerFailure | undefined {
  if (!(err instanceof BusError)) return undefined;
  if (err.code === 'remote_error' && err.status < 500) return undefined;
  if (err.code === 'timeout') return { code: 'owner_timeout', status: 504, message: 'Gateway Timeout', details: [{ name: 'base', reason: `${owner} did not answer in time; retry later` }] };
  if (err.code === 'remote_error' || err.code === 'invalid_payload') {
    return { code: 'owner_failed', status: 500, message: 'Internal Server Error', details: [{ name: 'base', reason: `${owner} failed: ${err.message}` }] };
  }
  return { code: 'owner_unavailable', status: 503, message: 'Service Unavailable', details: [{ name: 'base', reason: `${owner} is unavailable; retry later` }] };
}
