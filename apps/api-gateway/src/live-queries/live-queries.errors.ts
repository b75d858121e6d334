import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';
import { ownerFailure, type OwnerFailureCode } from '../common/bus-failure';

/** Every way the live-query API fails (Fleet's error body, mapped once here). */
export type LiveQueriesErrorCode =
  | 'invalid_parameter'
  | 'invalid_body'
  | 'validation_failed'
  | 'unknown_targets'
  | 'no_hosts_targeted'
  | 'campaign_not_found'
  | 'host_not_found'
  | OwnerFailureCode;

export class LiveQueriesError extends FlotillaError<LiveQueriesErrorCode> {
  /** A bad path parameter. */
  static invalidParameters(details: readonly ErrorDetail[]): LiveQueriesError {
    return new LiveQueriesError('invalid_parameter', 'Bad request', 400, details);
  }

  /** A body that is not what the route takes: not an object, wrong types, unknown fields, query and query_id both or neither. */
  static invalidBody(details: readonly ErrorDetail[]): LiveQueriesError {
    return new LiveQueriesError('invalid_body', 'Bad request', 400, details);
  }

  /** SQL that is not an osquery read (the shared check). */
  static invalidSql(reason: string): LiveQueriesError {
    return new LiveQueriesError('validation_failed', 'Validation Failed', 422, [{ name: 'query', reason }]);
  }

  /** Targets that do not exist (ids, label names), named per field (`selected.hosts`, `selected.labels`, …). */
  static unknownTargets(field: string, unknown: ReadonlyArray<number | string>): LiveQueriesError {
    const shown = unknown.slice(0, 20).map((u) => (typeof u === 'string' ? JSON.stringify(u) : String(u)));
    const more = unknown.length > shown.length ? ` and ${unknown.length - shown.length} more` : '';
    return new LiveQueriesError('unknown_targets', 'Bad request', 400, [{ name: field, reason: `unknown: ${shown.join(', ')}${more}` }]);
  }

  /** Fleet's answer when the selection resolves to no host the caller may query. */
  static noHostsTargeted(): LiveQueriesError {
    return new LiveQueriesError('no_hosts_targeted', 'no hosts targeted', 400, [{ name: 'base', reason: 'no hosts targeted' }]);
  }

  static campaignNotFound(id: number): LiveQueriesError {
    return new LiveQueriesError('campaign_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: `campaign ${id} was not found (it ended, or never existed)` }]);
  }

  static hostNotFound(what: string): LiveQueriesError {
    return new LiveQueriesError('host_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: `${what} was not found in the datastore` }]);
  }

  /** A failed request to live-query (the campaigns' owner). Anything else is rethrown as is. */
  static fromBus(err: unknown): Error {
    const failure = ownerFailure(err, 'live-query');
    if (failure) return new LiveQueriesError(failure.code, failure.message, failure.status, failure.details);
    return err instanceof Error ? err : new Error(String(err));
  }
}
