import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';
import { ownerFailure, type OwnerFailureCode } from '../common/bus-failure';

/** Every way the hosts API fails (Fleet's error body, mapped once here). */
export type HostsErrorCode = 'invalid_parameter' | 'invalid_body' | 'host_not_found' | OwnerFailureCode;

export class HostsError extends FlotillaError<HostsErrorCode> {
  static invalidParameters(details: readonly ErrorDetail[]): HostsError {
    return new HostsError('invalid_parameter', 'Bad request', 400, details);
  }

  static invalidBody(details: readonly ErrorDetail[]): HostsError {
    return new HostsError('invalid_body', 'Bad request', 400, details);
  }

  static notFound(what: string): HostsError {
    return new HostsError('host_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: `${what} was not found in the datastore` }]);
  }

  /** A failed request to osquery-ingest (the hosts table's owner). Anything else is rethrown as is. */
  static fromBus(err: unknown): Error {
    const failure = ownerFailure(err, 'osquery-ingest');
    if (failure) return new HostsError(failure.code, failure.message, failure.status, failure.details);
    return err instanceof Error ? err : new Error(String(err));
  }
}
