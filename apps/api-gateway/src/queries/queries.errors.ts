import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';

/** Every way the saved queries (reports) API fails, in Fleet's error body. */
export type QueriesErrorCode = 'invalid_parameter' | 'invalid_body' | 'validation_failed' | 'query_not_found' | 'team_not_found' | 'query_name_taken';

export class QueriesError extends FlotillaError<QueriesErrorCode> {
  /** A bad query string or path parameter. */
  static invalidParameters(details: readonly ErrorDetail[]): QueriesError {
    return new QueriesError('invalid_parameter', 'Bad request', 400, details);
  }

  /** A body that is not what the route takes: not an object, wrong types, unknown fields. */
  static invalidBody(details: readonly ErrorDetail[]): QueriesError {
    return new QueriesError('invalid_body', 'Bad request', 400, details);
  }

  /** Well-formed but invalid values: a missing name, a query that is not SQL, an interval out of range… */
  static validation(details: readonly ErrorDetail[]): QueriesError {
    return new QueriesError('validation_failed', 'Validation Failed', 422, details);
  }

  static notFound(what: number | string): QueriesError {
    const reason = typeof what === 'number' ? `query ${what} was not found in the datastore` : `query ${JSON.stringify(what)} was not found in the datastore`;
    return new QueriesError('query_not_found', 'Resource Not Found', 404, [{ name: 'base', reason }]);
  }

  static teamNotFound(team: string): QueriesError {
    return new QueriesError('team_not_found', 'Resource Not Found', 404, [{ name: 'team', reason: `team ${JSON.stringify(team)} was not found in the datastore` }]);
  }

  static nameTaken(name: string): QueriesError {
    return new QueriesError('query_name_taken', 'Resource Already Exists', 409, [{ name: 'name', reason: `a query named ${JSON.stringify(name)} already exists in this team` }]);
  }
}
